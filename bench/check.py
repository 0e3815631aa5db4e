"""Compare a benchmark run with the last recorded table and flag slowdowns of more than 15 %.

Not a test: the machines are shared and timings vary, so this is run by hand (or by
whoever changes extraction) after ``bench/run.py``::

    python bench/run.py --sizes 1000 --repeat 3 --skip rules,store --instructions 200 --json run.json
    python bench/check.py run.json                 # against docs/performance.md
    python bench/check.py run.json --threshold 10  # stricter
    python bench/check.py run.json --by ratio      # decide by the timing rows only

The recorded table is the one between ``<!-- bench-table:start -->`` and
``<!-- bench-table:end -->`` in ``docs/performance.md`` (as printed by ``run.py``). Rows
are matched by measurement, profile and article count and compared two ways:

* **instructions** (rows ``instructions, end to end, 1 job``, from ``run.py --instructions N``;
  the count is read from the note, ``1,911M instructions ...``): valgrind's count of the
  instructions extraction executes, the same to 0.3 % on every run whatever the load;
* **x \\w+** (every timed row; rows recorded under 1.0 are too small and are skipped): CPU
  time as a multiple of a plain ``re.findall(r"\\w+")`` pass over the same files. On a shared
  machine two runs of the same code differ by up to a third, so a flag here alone is a
  reason to run again.

When the record's block and the run name different rule sets (``94 rules (version ...)``),
a note says so: the rows then compare different work.

``--by auto`` (the default) decides by the instruction rows when the run and the record
have one in common, and by the ``x \\w+`` rows otherwise; both are always printed. Exit
status: 0 when no deciding row is slower by more than the threshold, 1 when one is, 2 when
the inputs cannot be read or have no row in common.
"""
from __future__ import annotations

import argparse
import json
import re
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


#: The rule set a run measured, as ``run.py`` names it: ``94 rules (version 92b9a192b974)``.
_RULES = re.compile(r"\d[\d,]* rules \(version \w+\)")


def rule_set(text: str) -> str | None:
    """The rule set named in a run's machine line or a recorded table's block, if any."""
    m = _RULES.search(text or "")
    return m.group(0) if m else None


#: The count at the start of an instruction row's note, in millions: ``1,911M instructions``.
_COUNT = re.compile(r"^\s*([\d,]+)M instructions")


def _entry(ratio, instructions) -> dict:
    return {"ratio": ratio, "instructions": instructions}


def recorded_rows(text: str, where: str) -> dict:
    """Read the recorded markdown table.

    Parameters
    ----------
    text : str
        The markdown file's text.
    where : str
        Its name, for errors.

    Returns
    -------
    dict
        ``{(measurement, profile, articles): {"ratio": x \\w+ or None, "instructions": count
        or None}}``; a row with neither is left out.
    """
    if START not in text or END not in text:
        raise ValueError(f"{where}: no recorded table (between {START} and {END})")
    block = text.split(START, 1)[1].split(END, 1)[0]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 3:
        raise ValueError(f"{where}: the recorded table has no rows")
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    try:
        col = {name: head.index(name) for name in ("measurement", "profile", "articles", "x \\w+", "note")}
    except ValueError as exc:
        raise ValueError(f"{where}: the recorded table lacks a column ({exc})") from None
    out = {}
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if len(cells) < len(head):
            continue
        ratio = _num(cells[col["x \\w+"]])
        m = _COUNT.match(cells[col["note"]]) if cells[col["measurement"]].startswith("instructions") else None
        count = int(m.group(1).replace(",", "")) * 1_000_000 if m else None
        if ratio is None and count is None:
            continue
        arts = _num(cells[col["articles"]])
        out[(cells[col["measurement"]], cells[col["profile"]], int(arts) if arts else None)] = _entry(ratio, count)
    return out


def run_rows(data: dict) -> dict:
    """The same mapping from a ``run.py --json`` file."""
    out = {}
    for r in data.get("rows", []):
        if r.get("ratio") is not None or r.get("instructions") is not None:
            out[(r["measurement"], r.get("profile", ""), r.get("articles"))] = _entry(
                r.get("ratio"), r.get("instructions"))
    return out


def compare(recorded: dict, new: dict, threshold: float, by: str = "auto") -> tuple[list, bool, str]:
    """Compare the rows present in both.

    Parameters
    ----------
    recorded, new : dict
        As returned by :func:`recorded_rows` and :func:`run_rows`.
    threshold : float
        The growth that is flagged, as a fraction (0.15 for 15 %).
    by : {"auto", "instructions", "ratio"}
        Which rows decide; ``"auto"`` takes the instruction rows when the two have one in
        common.

    Returns
    -------
    rows : list of tuple
        ``(key, measure, recorded, new, change, flagged)`` for each compared value, the
        instruction rows first.
    slow : bool
        Whether a row of the deciding measure grew by more than *threshold*.
    decided_by : str
        ``"instructions"`` or ``"ratio"``.
    """
    rows = []
    for measure in ("instructions", "ratio"):
        for key in sorted(set(recorded) & set(new), key=str):
            old, cur = recorded[key][measure], new[key][measure]
            if old is None or cur is None:
                continue
            if measure == "ratio" and old < MIN_RATIO:
                continue  # a stage this small is recorded with too few digits to compare
            change = cur / old - 1 if old else 0.0
            rows.append((key, measure, old, cur, change, change > threshold))
    if by == "auto":
        by = "instructions" if any(r[1] == "instructions" for r in rows) else "ratio"
    slow = any(flag for _, measure, _, _, _, flag in rows if measure == by)
    return rows, slow, by


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", help="a run.py --json file")
    ap.add_argument("--record", default=str(DEFAULT_RECORD),
                    help="the markdown file holding the recorded table (default docs/performance.md)")
    ap.add_argument("--threshold", type=float, default=15.0, help="percent slower that is flagged (default 15)")
    ap.add_argument("--by", choices=("auto", "instructions", "ratio"), default="auto",
                    help="which rows decide: instruction counts, the x \\w+ timing ratios, or "
                         "instructions when both have them (default auto)")
    args = ap.parse_args(argv)
    try:
        recorded = recorded_rows(Path(args.record).read_text(encoding="utf-8"), args.record)
        new = run_rows(json.loads(Path(args.run).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    theirs = rule_set(Path(args.record).read_text(encoding="utf-8").split(START, 1)[1].split(END, 1)[0])
    mine = rule_set(json.loads(Path(args.run).read_text(encoding="utf-8")).get("machine", ""))
    if theirs and mine and theirs != mine:
        print(f"check: note: the record measured {theirs}, this run {mine}: the rows compare "
              "different work (a rule edit changes it too)", file=sys.stderr)
    rows, slow, decided_by = compare(recorded, new, args.threshold / 100, args.by)
    if not any(r[1] == decided_by for r in rows):
        print(f"check: {args.run} and {args.record} have no {decided_by} row in common "
              "(same measurement, profile and article count)", file=sys.stderr)
        return 2
    print("| measurement | profile | articles | compared | recorded | this run | change | |")
    print("|---|---|---|---|---|---|---|---|")
    for (what, profile, arts), measure, old, cur, change, flag in rows:
        shown = (lambda v: f"{v / 1e6:,.0f}M") if measure == "instructions" else (lambda v: f"{v:.1f}")
        name = "instructions" if measure == "instructions" else "x \\w+"
        mark = ("**slower**" if measure == decided_by else f"slower ({decided_by} rows decide)") if flag else ""
        print(f"| {what} | {profile} | {arts or ''} | {name} | {shown(old)} | {shown(cur)} | {change:+.0%} | {mark} |")
    n = sum(r[1] == decided_by for r in rows)
    kind = "instruction" if decided_by == "instructions" else "x \\w+"
    print(f"\n{'SLOWER' if slow else 'ok'}: threshold {args.threshold:.0f} %, decided by {n} {kind} "
          f"row{'s' if n != 1 else ''}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
