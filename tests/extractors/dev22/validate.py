"""Check this set's texts, topics and gold labels against GUIDE.md, with the blind set's checks
(tests/extractors/claimset_kit.py).

    python3 tests/extractors/dev22/validate.py gold [--show]

--show prints every label with the sentence it resolves to."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from claimset_kit import validate  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(validate(HERE, sys.argv[1:]))
