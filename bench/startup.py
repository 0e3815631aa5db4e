"""Start-up time of the command line: median wall time of 5 fresh processes per command.

Run from the repository root (it uses ``rules/`` and ``seeds/``)::

    python bench/startup.py [--runs 5] [--json]

Each command runs in a new Python process (``python -m stances ...``), so the
time includes interpreter start, imports, loading the (cached) rule set and
the work itself; ``python -c pass`` is measured in the same run as the floor.
It also lists which heavy libraries (pandas, matplotlib, networkx, pyarrow)
each command imported, read from ``python -X importtime``. Target (issue 15):
under 0.5 s for ``--help``, ``check``, ``explain`` and a one-file ``extract``.
Not part of the test suite: timings are never asserted in tests.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/000_951ff7119e6d2308.txt"
HEAVY = ("pandas", "matplotlib", "networkx", "pyarrow")

COMMANDS = {
    "python -c pass (floor)": ["-c", "pass"],
    "stances --help": ["-m", "stances", "--help"],
    "stances check": ["-m", "stances", "check"],
    "stances explain FILE": ["-m", "stances", "explain", SEED],
    "stances extract FILE": ["-m", "stances", "extract", SEED, "-q", "-o", "{tmp}/s.csv"],
    "stances extract FILE --format jsonl": ["-m", "stances", "extract", SEED, "-q", "--format", "jsonl",
                                            "-o", "{tmp}/s.jsonl"],
}


def _run(args, env) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _heavy_imports(args, env) -> list[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return [h for h in HEAVY if h in names]


def measure(runs: int = 5) -> list[dict]:
    """One row per command: median, min and max seconds over *runs*, and the heavy imports."""
    # as installed packages are: with bytecode (this workplace sets PYTHONDONTWRITEBYTECODE,
    # which would make every run compile every module from source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, template in COMMANDS.items():
            args = [a.format(tmp=tmp) for a in template]
            _run(args, env)  # warm the file cache, the bytecode and the rule-set cache
            times = [_run(args, env) for _ in range(runs)]
            rows.append({"command": label, "median_s": round(statistics.median(times), 3),
                         "min_s": round(min(times), 3), "max_s": round(max(times), 3),
                         "heavy_imports": _heavy_imports(args, env)})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    rows = measure(args.runs)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"| command | median s (of {args.runs}) | min | max | heavy imports |")
    print("| --- | ---: | ---: | ---: | --- |")
    for r in rows:
        print(f"| `{r['command']}` | {r['median_s']:.3f} | {r['min_s']:.3f} | {r['max_s']:.3f} | "
              f"{', '.join(r['heavy_imports']) or 'none'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
