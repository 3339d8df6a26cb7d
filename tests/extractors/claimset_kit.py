"""The blind set's kit (blind/blindset.py, blind/validate.py) serving every claim set in its
format. The blind set is frozen with its kit, so the dev sets (dev2/, dev3/) borrow that code
rooted at their own folder instead of keeping copies of it. Pure Python, no claimwatch import:
the people who write and label a set run `python3 <set>/validate.py gold` with nothing else."""

from __future__ import annotations

import importlib.util
import sys
from functools import partial
from pathlib import Path
from types import ModuleType

BLIND = Path(__file__).resolve().parent / "blind"


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def reader() -> ModuleType:
    """blind/blindset.py: load_texts(root), load_labels(texts, folder), Text, Label, ..."""
    return _load("blindset", BLIND / "blindset.py")


def validate(root: Path, argv: list[str]) -> int:
    """blind/validate.py's checks, on the set in `root` (its texts, topics and label folders)."""
    kit = _load("claimset_validate", BLIND / "validate.py")
    # main() reads these module globals at call time: point them at this set.
    kit.HERE = root  # type: ignore[attr-defined]
    kit.load_texts = partial(reader().load_texts, root)  # type: ignore[attr-defined]
    return int(kit.main(argv))
