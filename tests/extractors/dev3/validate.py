"""Check texts, topics and one label folder against GUIDE.md.

    python tests/extractors/dev3/validate.py gold [--show]

--show prints every label with the sentence it resolves to."""

from __future__ import annotations

import sys
import tomllib
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from blindset import (  # noqa: E402
    HERE, KINDS, MODALITIES, OPTIONAL, QUALIFIERS, REQUIRED, expected_interval, load_labels,
    load_texts,
)


def _dec(x: object) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def main(argv: list[str]) -> int:
    folder = HERE / argv[0] if argv else HERE / "gold"
    show = "--show" in argv
    problems: list[str] = []
    texts = load_texts()
    measures = {"mythos": {"orgs_with_access"}}
    for path in sorted((HERE / "topics").glob("*.toml")):
        topic = tomllib.loads(path.read_text(encoding="utf-8"))
        if topic.get("name") != path.stem:
            problems.append(f"{path.name}: name must be {path.stem!r}")
        measures[path.stem] = {m["name"] for m in topic.get("measures", [])}
    for t in texts.values():
        if t.topic not in measures:
            problems.append(f"{t.id}: unknown topic {t.topic!r}")
        if not t.published_at or "T" not in t.published_at:
            problems.append(f"{t.id}: published_at must be ISO 8601 with a time")
    labels = load_labels(texts, folder)
    total = 0
    for text_id, rows in labels.items():
        text = texts[text_id]
        seen = set()
        for n, lab in enumerate(rows, 1):
            total += 1
            where = f"{folder.name}/{text_id}.jsonl line {n} ({lab['span']!r})"
            keys = set(lab.fields)
            if missing := REQUIRED - keys:
                problems.append(f"{where}: missing {sorted(missing)}")
                continue
            if extra := keys - REQUIRED - OPTIONAL:
                problems.append(f"{where}: unknown keys {sorted(extra)}")
            if lab.start < 0:
                problems.append(f"{where}: span not found (occurrence {lab['occurrence']})")
                continue
            if (lab.start, lab.end) in seen:
                problems.append(f"{where}: labelled twice")
            seen.add((lab.start, lab.end))
            if lab["qualifier"] not in QUALIFIERS:
                problems.append(f"{where}: qualifier {lab['qualifier']!r}")
            if lab["kind"] not in KINDS:
                problems.append(f"{where}: kind {lab['kind']!r}")
            if lab["modality"] not in MODALITIES:
                problems.append(f"{where}: modality {lab['modality']!r}")
            if not isinstance(lab["negated"], bool):
                problems.append(f"{where}: negated must be true/false")
            if lab["measure"] != "other" and lab["measure"] not in measures.get(text.topic, set()):
                problems.append(f"{where}: measure {lab['measure']!r} not in topic {text.topic}")
            value, low, high = _dec(lab["value"]), _dec(lab["low"]), _dec(lab["high"])
            if value is None:
                problems.append(f"{where}: value is required")
                continue
            want = expected_interval(value, lab["qualifier"])
            if want is not None and (want[0] != low or want[1] != high):
                problems.append(f"{where}: {lab['qualifier']} {value} wants [{want[0]}, {want[1]}], "
                                f"got [{low}, {high}]")
            if low is not None and high is not None and low > high:
                problems.append(f"{where}: low > high")
            if show:
                full = text.full
                s = max(full.rfind("\n", 0, lab.start), full.rfind(". ", 0, lab.start)) + 1
                e = min(x for x in (full.find("\n", lab.end), full.find(". ", lab.end), len(full)) if x >= 0)
                print(f"{text_id} [{lab['span']}] {value} {lab['qualifier']} {lab['kind']} "
                      f"{lab['modality']} {lab['measure']} | {full[s:e].strip()}")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(texts)} texts, {len(labels)} labelled in {folder.name}, {total} quantities, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
