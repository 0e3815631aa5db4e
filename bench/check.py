"""Compare a benchmark run with the last recorded table and flag slowdowns of more than 15 %.

Not a test: the machines are shared and timings vary, so this is run by hand (or by
whoever changes extraction) after ``bench/run.py``::

    python bench/run.py --sizes 2000 --repeat 5 --skip rules,store,startup --json run.json
    python bench/check.py run.json                 # against docs/performance.md
    python bench/check.py run.json --threshold 10  # stricter

The recorded table is the one between ``<!-- bench-table:start -->`` and
``<!-- bench-table:end -->`` in ``docs/performance.md`` (as printed by ``run.py``). Rows
are matched by measurement, profile and article count, and compared by their ``x \\w+``
column (rows under 1.0 are too small to compare and are skipped): CPU time as a multiple of a plain ``re.findall(r"\\w+")`` pass over the same files
in the same process, which holds across machines and load far better than seconds do.
Exit status: 0 when no row is slower by more than the threshold, 1 when one is, 2 when
the inputs cannot be read or have no row in common.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RECORD = HERE.parent / "docs" / "performance.md"
#: Rows recorded below this ``x \w+`` (stages of a few milliseconds) are not compared.
MIN_RATIO = 1.0
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def _num(cell: str):
    cell = cell.strip().replace(",", "")
    try:
        return float(cell)
    except ValueError:
        return None


def recorded_rows(text: str, where: str) -> dict:
    """``{(measurement, profile, articles): ratio}`` from the recorded markdown table."""
    if START not in text or END not in text:
        raise ValueError(f"{where}: no recorded table (between {START} and {END})")
    block = text.split(START, 1)[1].split(END, 1)[0]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 3:
        raise ValueError(f"{where}: the recorded table has no rows")
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    try:
        col = {name: head.index(name) for name in ("measurement", "profile", "articles", "x \\w+")}
    except ValueError as exc:
        raise ValueError(f"{where}: the recorded table lacks a column ({exc})") from None
    out = {}
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if len(cells) < len(head):
            continue
        ratio = _num(cells[col["x \\w+"]])
        if ratio is None:
            continue
        arts = _num(cells[col["articles"]])
        out[(cells[col["measurement"]], cells[col["profile"]], int(arts) if arts else None)] = ratio
    return out


def run_rows(data: dict) -> dict:
    """The same mapping from a ``run.py --json`` file."""
    out = {}
    for r in data.get("rows", []):
        if r.get("ratio") is not None:
            out[(r["measurement"], r.get("profile", ""), r.get("articles"))] = r["ratio"]
    return out


def compare(recorded: dict, new: dict, threshold: float) -> tuple[list, bool]:
    """Rows present in both, as ``(key, recorded, new, change)``; and whether one is too slow."""
    rows, slow = [], False
    for key in sorted(set(recorded) & set(new), key=str):
        old, cur = recorded[key], new[key]
        if old < MIN_RATIO:
            continue  # a stage this small is recorded with too few digits to compare
        change = cur / old - 1 if old else 0.0
        rows.append((key, old, cur, change))
        slow = slow or change > threshold
    return rows, slow


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", help="a run.py --json file")
    ap.add_argument("--record", default=str(DEFAULT_RECORD),
                    help="the markdown file holding the recorded table (default docs/performance.md)")
    ap.add_argument("--threshold", type=float, default=15.0, help="percent slower that is flagged (default 15)")
    args = ap.parse_args(argv)
    try:
        recorded = recorded_rows(Path(args.record).read_text(encoding="utf-8"), args.record)
        new = run_rows(json.loads(Path(args.run).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    rows, slow = compare(recorded, new, args.threshold / 100)
    if not rows:
        print(f"check: {args.run} and {args.record} have no row in common "
              "(same measurement, profile and article count)", file=sys.stderr)
        return 2
    print("| measurement | profile | articles | recorded x \\w+ | this run x \\w+ | change | |")
    print("|---|---|---|---|---|---|---|")
    for (what, profile, arts), old, cur, change in rows:
        flag = "**slower**" if change > args.threshold / 100 else ""
        print(f"| {what} | {profile} | {arts or ''} | {old:.1f} | {cur:.1f} | {change:+.0%} | {flag} |")
    print(f"\n{'SLOWER' if slow else 'ok'}: threshold {args.threshold:.0f} %, {len(rows)} rows compared")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
