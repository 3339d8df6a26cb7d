"""List where two label folders disagree, for the adjudicator.

    python tests/extractors/blind/compare.py labels/a labels/b [ID ...]

Labels are paired by overlapping spans; every field that differs is printed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from blindset import HERE, REQUIRED, load_labels, load_texts  # noqa: E402

FIELDS = sorted(REQUIRED - {"span", "occurrence"})


def main(argv: list[str]) -> int:
    a_dir, b_dir, only = HERE / argv[0], HERE / argv[1], set(argv[2:])
    texts = load_texts()
    a, b = load_labels(texts, a_dir), load_labels(texts, b_dir)
    agree = differ = only_a = only_b = 0
    for text_id in sorted(set(a) | set(b)):
        if only and text_id not in only:
            continue
        full = texts[text_id].full
        left, right = list(a.get(text_id, [])), list(b.get(text_id, []))
        for la in left:
            match = next((lb for lb in right if lb.start < la.end and la.start < lb.end), None)
            ctx = full[max(0, la.start - 60):la.end + 60].replace("\n", " ")
            if match is None:
                only_a += 1
                print(f"{text_id}: only in {a_dir.name}: {la['span']!r} … {ctx}")
                continue
            right.remove(match)
            diffs = [f"{f}: {la[f]!r} vs {match[f]!r}" for f in FIELDS
                     if str(la[f]).lower() != str(match[f]).lower()]
            if diffs:
                differ += 1
                print(f"{text_id}: {la['span']!r} differs: " + "; ".join(diffs) + f" … {ctx}")
            else:
                agree += 1
        for lb in right:
            only_b += 1
            ctx = full[max(0, lb.start - 60):lb.end + 60].replace("\n", " ")
            print(f"{text_id}: only in {b_dir.name}: {lb['span']!r} … {ctx}")
    print(f"agree {agree}, differ {differ}, only in {a_dir.name} {only_a}, "
          f"only in {b_dir.name} {only_b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
