"""Throughput benchmark of ``stances``: prints a markdown table.

Every measurement runs in its own subprocess, so its peak memory
(``ru_maxrss``) is its own. Corpora of two profiles are generated once per
size with ``bench/corpus.py`` (seeded) and kept in ``--workdir``: ``sparse``
(general wire copy, about 4 KB, one sentence in twelve holds a rule phrase)
and ``dense`` (a focused conflict feed, about 1.5 KB, most sentences name
actors, quote them and hold rule phrases).

Each row gives wall time and CPU time (this process and its workers), and the
CPU time as a multiple of a plain ``re.findall(r"\\w+")`` pass over the same
files, in a fresh process right after (``x \\w+``): that ratio is what compares across
machines and across a busy and an idle machine. End-to-end rows are the
median of ``--repeat`` fresh processes. Rows, per profile:

* end to end (``read_articles`` -> :func:`stances.extract.extract_many` ->
  streamed CSV, as ``stances extract DIR -o out.csv`` does it) for each size;
* the same per stage for one size (read, clean, sentences, match, attribution,
  write), timed by wrapping the stage functions;
* ``--jobs N`` on one size, with its speed-up in wall time;
* with ``--instructions N``: the instructions end-to-end extraction of N articles executes,
  counted by valgrind's callgrind (and the baseline's, with ``--baseline``), which do not vary
  with the load of a shared machine;

and once, on the first profile:

* 100 and 5,000 rules (generated variants of the base rules);
* start-up: ``stances --help`` and a one-file ``stances extract`` (median of 5);
* ingesting into a store, re-extracting it after a rule edit
  (``Store.refresh``) and ``stances report`` on it.

Usage::

    python bench/run.py                                  # 1k and 10k articles, both profiles
    python bench/run.py --sizes 1000,10000,100000        # adds the 100k memory rows
    python bench/run.py --sizes 1000 --repeat 1          # smoke test
    python bench/run.py --sizes 1000 --repeat 3 --skip rules,store --instructions 200 --json run.json
    python bench/check.py run.json                       # compare with docs/performance.md
                                                         # (by the instruction counts)
    python bench/run.py --profiles dense --sizes 1000 --instructions 200 --baseline /tmp/base
                                                         # instruction counts too (valgrind)
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: The code measured: this checkout, or another one (``--baseline DIR`` runs children with
#: STANCES_BENCH_CODE=DIR, so two versions are measured in one run on the same files).
CODE = Path(os.environ.get("STANCES_BENCH_CODE") or REPO)
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(CODE))


# ----------------------------------------------------------------------------- children
def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.rglob("*.txt"))


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the ``--jobs`` workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def word_pass(corpus: str) -> dict:
    """The reference work: read every file of *corpus* and run ``re.findall(r"\\w+")`` on it.

    Every measurement is also given as a multiple of this pass's CPU time, measured right
    after it, which makes figures of different machines (and of a busy machine)
    comparable. The pass runs in a fresh interpreter of its own: in the process of the
    measurement it depended on what the measured code left behind (its heap, the state of
    the allocator), and a run with ``--baseline`` saw the two codes' passes differ by a
    third.
    """
    return run_child("words", None, corpus=str(corpus))


def child_words(corpus: str) -> dict:
    """:func:`word_pass` in this process: the least of five passes, garbage collector off."""
    import gc
    import re

    rx = re.compile(r"\w+")
    files = sorted(Path(corpus).rglob("*.txt"))
    cpus, walls = [], []
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):  # the least of five passes: a short pass is easily disturbed
            c0, t0 = time.process_time(), time.perf_counter()
            n = 0
            for f in files:
                n += len(rx.findall(f.read_text(encoding="utf-8")))
            cpus.append(time.process_time() - c0)
            walls.append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return {"cpu": min(cpus), "wall": min(walls), "words": n}


#: Stage functions wrapped with timers, by the module attribute they are looked up through.
_STAGE_FUNCTIONS = {
    "sentences": ("split_sentences", "paragraph_starts", "find_quotes"),
    "match": ("fold", "tokenize", "token_string"),
}
_EXTRACT_MODULES = ("stances.extract", "stances.attribution", "stances.actors")


def child_extract(corpus: str, rules: str, out: str, jobs: int, stages: bool) -> dict:
    """Files -> statements -> CSV, streamed; with *stages*, time each stage (wall and CPU)."""
    import importlib

    ex = importlib.import_module("stances.extract")
    from stances.corpus import read_articles
    from stances.parallel import write_statement_stream
    from stances.rules import load_rules

    names = ("read", "clean", "sentences", "match", "extract", "write")
    wall = {k: 0.0 for k in names}
    cpu = {k: 0.0 for k in names}
    pc, pt = time.perf_counter, time.process_time

    if stages:
        from stances.matcher import Matcher

        clean_mod = importlib.import_module("stances.clean")
        depth = {"n": 0}

        def wrap(owner, name, stage):
            fn = getattr(owner, name, None)
            if fn is None or getattr(fn, "_bench_stage", None):
                return

            def timed(*a, **k):
                if depth["n"]:  # nested in another timed call: counted there
                    return fn(*a, **k)
                depth["n"] += 1
                t, c = pc(), pt()
                try:
                    return fn(*a, **k)
                finally:
                    wall[stage] += pc() - t
                    cpu[stage] += pt() - c
                    depth["n"] -= 1
            timed._bench_stage = stage
            static = isinstance(inspect.getattr_static(owner, name), staticmethod)
            setattr(owner, name, staticmethod(timed) if static else timed)

        mods = []
        for mname in _EXTRACT_MODULES:
            try:
                mods.append(importlib.import_module(mname))
            except ImportError:
                pass
        for mod in mods:
            wrap(mod, "clean_text", "clean")
            for stage, fnames in _STAGE_FUNCTIONS.items():
                for name in fnames:
                    wrap(mod, name, stage)
        wrap(clean_mod, "clean_text", "clean")
        wrap(Matcher, "scan", "match")
        wrap(Matcher, "run", "match")
        wrap(Matcher, "spans", "match")

        analyse = ex.analyse

        def timed_analyse(*a, **k):
            t, c = pc(), pt()
            try:
                return analyse(*a, **k)
            finally:
                wall["extract"] += pc() - t
                cpu["extract"] += pt() - c
        ex.analyse = timed_analyse

    c_start = _cpu()
    t0 = pc()
    rs = load_rules(rules)
    rs.matcher  # compile once
    t_compile = pc() - t0
    n_art = 0
    n_chars = 0

    def articles():
        nonlocal n_art, n_chars
        it = iter(read_articles([corpus]))
        while True:
            t, c = pc(), pt()
            a = next(it, None)
            wall["read"] += pc() - t
            cpu["read"] += pt() - c
            if a is None:
                return
            if hasattr(a, "text"):
                n_art += 1
                n_chars += len(a.text)
                yield a

    def timed_pairs():
        it = ex.extract_many(articles(), rs, jobs=jobs)
        while True:
            got = next(it, None)
            if got is None:
                return
            yield got

    c1, t1 = _cpu(), pc()
    n_st = write_statement_stream(timed_pairs(), out, "csv")
    total, total_cpu = pc() - t1, _cpu() - c1
    ref = word_pass(corpus)
    res = {"seconds": total, "cpu": total_cpu, "compile": t_compile, "articles": n_art, "chars": n_chars,
           "bytes": _corpus_bytes(Path(corpus)), "statements": n_st, "peak_mb": _maxrss_mb(),
           "words_cpu": ref["cpu"], "words_wall": ref["wall"], "startup_cpu": c1 - c_start}
    if stages:
        # the writer's work is what remains (its last chunk is written after the last article)
        wall["write"] = total - wall["read"] - wall["extract"]
        cpu["write"] = total_cpu - cpu["read"] - cpu["extract"]
        for d in (wall, cpu):
            d["attribution"] = d.pop("extract") - d["clean"] - d["sentences"] - d["match"]
        res["stages"] = wall
        res["stages_cpu"] = cpu
    return res


def child_refresh(db: str, rules: str, jobs: int) -> dict:
    """Re-extract a stored archive with (edited) rules."""
    from stances.rules import load_rules
    from stances.store import Store

    rs = load_rules(rules)
    rs.matcher
    with Store(db) as store:
        n_articles = store.article_count()
        t = time.perf_counter()
        done = store.refresh(rs, jobs=jobs)
        sec = time.perf_counter() - t
    return {"seconds": sec, "articles": done, "stored": n_articles, "peak_mb": _maxrss_mb()}


def child_ingest(db: str, corpus: str, rules: str, jobs: int) -> dict:
    from stances.rules import load_rules
    from stances.store import Store

    rs = load_rules(rules)
    with Store(db) as store:
        t = time.perf_counter()
        rep = store.ingest([corpus], rs, jobs=jobs)
        sec = time.perf_counter() - t
    return {"seconds": sec, "articles": len(rep.new), "statements": rep.statements, "peak_mb": _maxrss_mb()}


def child_work(files: list, rules: str, out: str, warm: int, run: bool) -> dict:
    """The work that ``--instructions`` counts: with *run*, read *files*, extract and write CSV.

    Both modes load the rules and extract the first *warm* articles first (so the regexes
    the corpus needs are compiled); the difference of two counts is then the end-to-end work
    on *files* alone, without start-up, rule loading or first-use compiling.
    """
    from stances.corpus import read_articles
    from stances.extract import extract_many
    from stances.parallel import write_statement_stream
    from stances.rules import load_rules

    rs = load_rules(rules)
    rs.matcher
    paths = [Path(f) for f in files]
    write_statement_stream(extract_many(read_articles(paths[:warm]), rs), out, "csv")
    n = write_statement_stream(extract_many(read_articles(paths), rs), out, "csv") if run else 0
    return {"statements": n}


def _child_main(argv) -> None:
    kind = argv[0]
    kw = json.loads(argv[1])
    fn = {"extract": child_extract, "refresh": child_refresh, "ingest": child_ingest,
          "work": child_work, "words": child_words}[kind]
    print("BENCH-RESULT " + json.dumps(fn(**kw)))


def run_child(kind: str, code: str | None = None, **kw) -> dict:
    """Run a measurement in a fresh interpreter (with the code of checkout *code*); return its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(kw)]
    env = dict(os.environ, STANCES_BENCH_CODE=str(Path(code).resolve())) if code else None
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(code or REPO), env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT "):])
    raise SystemExit(f"benchmark child {kind} failed:\n{proc.stderr[-3000:]}")


def count_instructions(corpus: Path, n: int, rules: str, out: str, code: str | None = None) -> int:
    """Instructions executed by end-to-end extraction of the first *n* files of *corpus*.

    Counted by valgrind's callgrind (``valgrind`` must be on the PATH), which counts
    instructions rather than seconds: the same code, inputs and interpreter give the same
    count however loaded the machine is, so two versions can be compared on a shared
    machine where CPU seconds vary by a quarter between runs. The count is that of a run
    minus that of the same process without the measured work (see :func:`child_work`).
    """
    files = [str(p) for p in sorted(corpus.rglob("*.txt"))[:n]]
    env = dict(os.environ, STANCES_BENCH_CODE=str(Path(code).resolve())) if code else None
    # once without valgrind: a rule-set cache missing for this code would otherwise be built
    # in the first counted run only, and the difference of the two counts would mean nothing
    run_child("work", code, files=files[:1], rules=rules, out=out, warm=1, run=False)
    counts = []
    for run in (False, True):
        kw = dict(files=files, rules=rules, out=out, warm=min(40, len(files)), run=run)
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               str(Path(__file__).resolve()), "--child", "work", json.dumps(kw)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(code or REPO), env=env)
        got = [line for line in proc.stderr.splitlines() if "Collected :" in line]
        if proc.returncode != 0 or not got:
            raise SystemExit(f"callgrind run failed:\n{proc.stderr[-3000:]}")
        counts.append(int(got[-1].split("Collected :")[1].split()[0]))
    return counts[1] - counts[0]


# ----------------------------------------------------------------------------- setup
def ensure_corpus(work: Path, n: int, rules: str, seed: int, profile: str = "sparse") -> Path:
    from corpus import write_articles
    from stances.rules import load_rules

    rs = load_rules(rules)
    d = work / f"corpus-{profile}-{n}-s{seed}-{rs.version}"
    stamp = d / ".complete"
    if not stamp.exists():
        if d.exists():
            shutil.rmtree(d)
        print(f"generating {n} {profile} articles in {d} ...", file=sys.stderr)
        write_articles(d, n, rs, seed, profile=profile)
        stamp.write_text("ok")
    return d


def ensure_rules(work: Path, base: str, n: int, seed: int) -> Path:
    from corpus import write_rule_variant
    from stances.rules import load_rules

    d = work / f"rules-{n}-s{seed}-{load_rules(base).version}"
    if not (d / ".complete").exists():
        write_rule_variant(base, d, n, seed)
        (d / ".complete").write_text("ok")
    return d


def _first_issue_file(folder: Path) -> Path:
    """The first issue file of the rule set that *folder* names (flat or layered layout)."""
    from stances.rules import resolve_rules

    return sorted((resolve_rules(folder) / "issues").glob("*.yaml"))[0]


def edited_rules(work: Path, base: str) -> Path:
    """A copy of *base* with one phrase added to the first rule (a typical edit)."""
    import yaml

    d = work / "rules-edited"
    if d.exists():
        shutil.rmtree(d)
    shutil.copytree(base, d)
    issue = _first_issue_file(d)
    doc = yaml.safe_load(issue.read_text(encoding="utf-8"))
    doc["rules"][0]["phrases"].append("press* ahead with {0,2} talks")
    issue.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return d


# ----------------------------------------------------------------------------- table
def _fmt(x, nd=1):
    return "" if x is None else f"{x:,.{nd}f}"


#: Columns of the printed table (and of the table recorded in docs/performance.md, which
#: ``bench/check.py`` reads back).
HEAD = ["measurement", "profile", "articles", "MB", "wall s", "CPU s", "MB/CPU-s", "articles/CPU-s",
        "x \\w+", "peak MB", "note"]


class Table:
    """The rows of one benchmark run; ``markdown()`` renders them, ``rows`` keeps the numbers."""

    def __init__(self):
        self.rows = []

    def add(self, what, profile="", articles=None, mb=None, wall=None, cpu=None, peak=None, ratio=None,
            note="", instructions=None):
        row = {"measurement": what, "profile": profile, "articles": articles, "mb": mb,
               "wall": wall, "cpu": cpu, "peak": peak, "ratio": ratio, "note": note}
        if instructions is not None:  # the count itself, which bench/check.py compares
            row["instructions"] = instructions
        self.rows.append(row)

    def markdown(self) -> str:
        lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
        for r in self.rows:
            cpu = r["cpu"]
            mbs = r["mb"] / cpu if r["mb"] and cpu else None
            aps = r["articles"] / cpu if r["articles"] and cpu else None
            cells = [r["measurement"], r["profile"], f"{r['articles']:,}" if r["articles"] else "",
                     _fmt(r["mb"]), _fmt(r["wall"], 2), _fmt(cpu, 2), _fmt(mbs, 2), _fmt(aps, 0),
                     _fmt(r["ratio"], 1), _fmt(r["peak"], 0), r["note"]]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _median_of(runs: list) -> dict:
    runs = sorted(runs, key=lambda r: r["cpu"])
    med = dict(runs[len(runs) // 2])
    med["peak_mb"] = max(r["peak_mb"] for r in runs)
    med["words_cpu"] = sorted(r["words_cpu"] for r in runs)[len(runs) // 2]
    return med


def median_run(repeat: int, kind: str, code: str | None = None, **kw) -> dict:
    """Median of *repeat* fresh-process runs (by CPU time where measured, else wall time)."""
    runs = [run_child(kind, code, **kw) for _ in range(repeat)]
    key = "cpu" if "cpu" in runs[0] else "seconds"
    runs.sort(key=lambda r: r[key])
    med = dict(runs[len(runs) // 2])
    med["peak_mb"] = max(r["peak_mb"] for r in runs)
    med["runs"] = len(runs)
    if "words_cpu" in med:  # the reference pass: the median over the runs too
        med["words_cpu"] = sorted(r["words_cpu"] for r in runs)[len(runs) // 2]
    return med


def _ratio(r: dict, seconds: float | None = None):
    """Seconds (CPU unless given) as a multiple of the ``\\w+`` pass over the same files."""
    ref = r.get("words_cpu")
    sec = r["cpu"] if seconds is None else seconds
    return sec / ref if ref else None


def startup_runs(repeat: int, corpus: Path, rules: str) -> list[tuple[str, float, float]]:
    """Median wall time of ``stances --help`` and of a one-file ``stances extract`` (fresh processes)."""
    one = sorted(corpus.rglob("*.txt"))[0]
    cmds = [("stances --help", ["--help"]),
            ("stances extract, one file", ["extract", str(one), "--rules", rules, "-o", os.devnull])]
    out = []
    for label, args in cmds:
        walls, cpus = [], []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "stances", *args], capture_output=True, text=True,
                                  cwd=str(REPO))
            walls.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if proc.returncode != 0:
                raise SystemExit(f"{label} failed: {proc.stderr.strip()[-500:]}")
        out.append((label, sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]))
    return out


def machine_line(args, base) -> str:
    cpu = platform.processor() or platform.machine()
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                      if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        load = ", load average %.1f at the start" % os.getloadavg()[0]
    except OSError:
        load = ""
    return (f"Python {platform.python_version()} on {platform.system()} {cpu}, {os.cpu_count()} CPUs{mem}"
            f"{load}; {len(base.rules)} rules (version {base.version}); generated corpora, seed {args.seed}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="stances throughput benchmark (prints a markdown table)")
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated "
                    "(default 1000,10000; add 100000 for the memory row)")
    ap.add_argument("--profiles", default="sparse,dense",
                    help="article profiles, comma-separated (default sparse,dense)")
    ap.add_argument("--rules", default=str(REPO / "rules"), help="base rule set (default: ./rules)")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "stances-bench"))
    ap.add_argument("--jobs", type=int, default=2, help="workers for the --jobs row (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per end-to-end row; the median is shown")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant-size", type=int, default=None,
                    help="corpus size for the stage, rule-count, jobs and store rows (default: the "
                         "largest size up to 10,000)")
    ap.add_argument("--skip", default="",
                    help="comma-separated rows to skip: stages,rules,jobs,store,startup")
    ap.add_argument("--json", default=None, help="also write the rows as JSON to this file")
    ap.add_argument("--instructions", type=int, default=0, metavar="N",
                    help="also count, with valgrind's callgrind, the instructions of end-to-end "
                         "extraction of N articles of each profile (and of --baseline): a measure "
                         "that does not vary with the machine's load")
    ap.add_argument("--baseline", default=None, metavar="DIR",
                    help="also measure the end-to-end rows with the code of another checkout (for "
                         "example `git worktree add /tmp/base main`), interleaved with this one's runs")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    profiles = [p for p in args.profiles.split(",") if p]
    skip = set(filter(None, args.skip.split(",")))
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vsize = args.variant_size or max([s for s in sizes if s <= 10000] or [min(sizes)])
    out = str(work / "out.csv")
    table = Table()

    from corpus import PROFILES
    from stances.rules import load_rules

    bad = [p for p in profiles if p not in PROFILES]
    if bad:
        raise SystemExit(f"unknown profile {bad[0]!r} (known: {', '.join(sorted(PROFILES))})")
    # a snapshot of the rules, so that edits made while the benchmark runs do not change it
    snap = work / "rules-base"
    if snap.exists():
        shutil.rmtree(snap)
    shutil.copytree(args.rules, snap, ignore=shutil.ignore_patterns(".*"))
    shown_rules = args.rules
    args.rules = str(snap)
    base = load_rules(args.rules)
    started = machine_line(args, base)
    print(f"rules: {shown_rules} ({len(base.rules)} rules, version {base.version})", file=sys.stderr)

    single = {}
    for profile in profiles:
        # end to end per size
        for n in sizes:
            corpus = ensure_corpus(work, n, args.rules, args.seed, profile)
            rep = args.repeat if n <= 10000 else 1
            kw = dict(corpus=str(corpus), rules=args.rules, out=out, jobs=1, stages=False)
            if args.baseline:  # interleaved, so that both see the same load
                pairs = [(run_child("extract", None, **kw), run_child("extract", args.baseline, **kw))
                         for _ in range(rep)]
                r = _median_of([a for a, _ in pairs])
                b = _median_of([b for _, b in pairs])
            else:
                r = median_run(rep, "extract", **kw)
            single[profile, n] = r
            note = f"{r['statements']:,} statements" + (f"; median of {rep}" if rep > 1 else "")
            if args.baseline:
                # both medians come from interleaved runs under the same load: their CPU
                # seconds compare directly, without the noise of two short \w+ passes
                note += f"; {b['cpu'] / r['cpu']:.2f}x the speed of the baseline by CPU (same run)"
            table.add("end to end, 1 job", profile, n, r["bytes"] / 1e6, r["seconds"], r["cpu"],
                      r["peak_mb"], _ratio(r), note)
            if args.baseline:
                table.add(f"end to end, 1 job, baseline {Path(args.baseline).name}", profile, n,
                          b["bytes"] / 1e6, b["seconds"], b["cpu"], b["peak_mb"], _ratio(b),
                          f"{b['statements']:,} statements; median of {rep}")
            print(f"  {profile} {n}: {r['seconds']:.2f}s wall, {r['cpu']:.2f}s CPU, "
                  f"{_ratio(r):.1f}x \\w+", file=sys.stderr)

        if args.instructions:
            corpus = ensure_corpus(work, min(sizes), args.rules, args.seed, profile)
            n_i = min(args.instructions, min(sizes))
            mine = count_instructions(corpus, n_i, args.rules, out)
            note = f"{mine / 1e6:,.0f}M instructions ({mine / n_i / 1e6:.2f}M per article; callgrind)"
            if args.baseline:
                theirs = count_instructions(corpus, n_i, args.rules, out, args.baseline)
                note += (f"; baseline {Path(args.baseline).name} {theirs / 1e6:,.0f}M: "
                         f"{theirs / mine:.2f}x fewer instructions")
            table.add("instructions, end to end, 1 job", profile, n_i, None, None, None, None, None, note,
                      instructions=mine)
            print(f"  {profile} instructions: {note}", file=sys.stderr)

        corpus = ensure_corpus(work, vsize, args.rules, args.seed, profile)
        if "stages" not in skip:
            runs = [run_child("extract", corpus=str(corpus), rules=args.rules, out=out, jobs=1, stages=True)
                    for _ in range(args.repeat)]
            mb = runs[0]["bytes"] / 1e6
            words = sorted(r["words_cpu"] for r in runs)[len(runs) // 2]
            total = sorted(r["cpu"] for r in runs)[len(runs) // 2]
            for stage in ("read", "clean", "sentences", "match", "attribution", "write"):
                w = sorted(r["stages"][stage] for r in runs)[len(runs) // 2]
                c = sorted(r["stages_cpu"][stage] for r in runs)[len(runs) // 2]
                table.add(f"stage: {stage}", profile, vsize, mb, w, c, None, c / words if words else None,
                          f"{100 * c / total:.0f}% of the CPU time")
            table.add("stage: compile rules", profile, None, None, sorted(r["compile"] for r in runs)[
                len(runs) // 2], None, None, None, "once per rule version")

        if "jobs" not in skip and args.jobs > 1:
            one = single.get((profile, vsize)) or median_run(
                args.repeat, "extract", corpus=str(corpus), rules=args.rules, out=out, jobs=1, stages=False)
            r = median_run(args.repeat, "extract", corpus=str(corpus), rules=args.rules, out=out,
                           jobs=args.jobs, stages=False)
            table.add(f"end to end, --jobs {args.jobs}", profile, vsize, r["bytes"] / 1e6, r["seconds"],
                      r["cpu"], r["peak_mb"], _ratio(r, r["seconds"]),
                      f"speed-up {one['seconds'] / r['seconds']:.2f}x over 1 job in wall time "
                      f"({os.cpu_count()} CPUs); x \\w+ of the wall time")

    vprofile = profiles[0]
    corpus = ensure_corpus(work, vsize, args.rules, args.seed, vprofile)
    if "rules" not in skip:
        secs = {}
        for k in (100, 5000):
            rd = ensure_rules(work, args.rules, k, args.seed)
            r = median_run(args.repeat, "extract", corpus=str(corpus), rules=str(rd), out=out, jobs=1,
                           stages=False)
            secs[k] = r["cpu"]
            table.add(f"{k:,} rules, 1 job", vprofile, vsize, r["bytes"] / 1e6, r["seconds"], r["cpu"],
                      r["peak_mb"], _ratio(r),
                      f"{r['cpu'] / secs[100]:.2f}x the CPU time of 100 rules; compile {r['compile']:.2f}s"
                      if k == 5000 else f"compile {r['compile']:.2f}s")

    if "startup" not in skip:
        for label, wall, cpu in startup_runs(max(5, args.repeat), corpus, args.rules):
            table.add(label, "", None, None, wall, cpu, None, None, "median of 5 fresh processes"
                      if args.repeat <= 5 else f"median of {args.repeat} fresh processes")

    if "store" not in skip:
        db = work / f"store-{vsize}-{vprofile}.db"
        for p in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if p.exists():
                p.unlink()
        r = run_child("ingest", db=str(db), corpus=str(corpus), rules=args.rules, jobs=1)
        table.add("ingest into a new store, 1 job", vprofile, r["articles"], None, r["seconds"], None,
                  r["peak_mb"], None, f"{r['statements']:,} statements")
        edited = edited_rules(work, args.rules)
        for jobs in sorted({1, args.jobs}):
            r = run_child("refresh", db=str(db), rules=str(edited), jobs=jobs)
            table.add(f"re-extract stored archive after a rule edit, {jobs} job{'s' if jobs > 1 else ''}",
                      vprofile, r["articles"], None, r["seconds"], None, r["peak_mb"], None, "target < 10 s (10k)")
            if jobs != args.jobs:  # make the next run re-extract again
                edited = edited_rules(work, args.rules)
                import yaml
                issue = _first_issue_file(edited)
                doc = yaml.safe_load(issue.read_text(encoding="utf-8"))
                doc["rules"][0]["phrases"].append("press* on with {0,3} talks")
                issue.write_text(yaml.safe_dump(doc, sort_keys=False, width=1000), encoding="utf-8")
        outdir = work / "report-out"
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "stances", "report", "--db", str(db), "--rules",
                               str(edited), "--out", str(outdir)], capture_output=True, text=True,
                              cwd=str(REPO))
        sec = time.perf_counter() - t
        ok = proc.returncode == 0
        table.add("stances report on the store", vprofile, vsize, None, sec, None, None, None,
                  "target < 15 s (10k)" if ok else
                  f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}")

    print(f"\n{started}; {time.strftime('%Y-%m-%d', time.gmtime())}\n")
    print(table.markdown())
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": started, "rows": table.rows}, indent=1) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
    else:
        sys.exit(main())
