"""Throughput benchmark of ``stances``: prints a markdown table.

Every measurement runs in its own subprocess, so its peak memory
(``ru_maxrss``) is its own. Corpora are generated once per size with
``bench/corpus.py`` (seeded) and kept in ``--workdir``.

Rows:

* end to end (``read_articles`` -> :func:`stances.extract.extract_many` ->
  streamed CSV, as ``stances extract DIR -o out.csv`` does it) for each size;
* the same per stage for one size (read, clean, sentences, match, attribution,
  write), timed by wrapping the stage functions;
* 100 and 5,000 rules (generated variants of the base rules) on one size;
* ``--jobs N`` on one size, with its speed-up;
* re-extracting a stored archive after a rule edit (``Store.refresh``);
* ``stances report`` on that store (skipped, with a note, when the command
  does not exist).

Usage::

    python bench/run.py                       # 1k and 10k articles
    python bench/run.py --sizes 1000,10000,100000
    python bench/run.py --sizes 1000 --quick  # smoke test
"""
from __future__ import annotations

import argparse
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))


# ----------------------------------------------------------------------------- children
def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.rglob("*.txt"))


def child_extract(corpus: str, rules: str, out: str, jobs: int, stages: bool) -> dict:
    """Files -> statements -> CSV, streamed; with *stages*, time each stage."""
    import importlib

    ex = importlib.import_module("stances.extract")
    from stances.corpus import read_articles
    from stances.parallel import write_statement_stream
    from stances.rules import load_rules

    timers = {k: 0.0 for k in ("read", "clean", "sentences", "match", "extract", "write")}
    pc = time.perf_counter

    if stages:
        clean_mod = importlib.import_module("stances.clean")
        from stances.matcher import Matcher

        def wrap(owner, name, stage):
            fn = getattr(owner, name)

            def timed(*a, **k):
                t = pc()
                try:
                    return fn(*a, **k)
                finally:
                    timers[stage] += pc() - t
            setattr(owner, name, timed)

        wrap(clean_mod, "clean_text", "clean")
        for name in ("split_sentences", "paragraph_starts", "find_quotes"):
            wrap(ex, name, "sentences")
        for name in ("fold", "tokenize", "token_string"):
            wrap(ex, name, "match")
        wrap(Matcher, "scan", "match")
        wrap(Matcher, "run", "match")
        wrap(ex, "analyse", "extract")

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
            t = pc()
            a = next(it, None)
            timers["read"] += pc() - t
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
            t = pc()
            yield got
            timers["write"] += pc() - t  # time spent by the writer on this article

    t1 = pc()
    n_st = write_statement_stream(timed_pairs(), out, "csv")
    total = pc() - t1
    res = {"seconds": total, "compile": t_compile, "articles": n_art, "chars": n_chars,
           "bytes": _corpus_bytes(Path(corpus)), "statements": n_st, "peak_mb": _maxrss_mb()}
    if stages:
        st = dict(timers)
        st["attribution"] = st.pop("extract") - st["clean"] - st["sentences"] - st["match"]
        res["stages"] = st
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


def _child_main(argv) -> None:
    kind = argv[0]
    kw = json.loads(argv[1])
    fn = {"extract": child_extract, "refresh": child_refresh, "ingest": child_ingest}[kind]
    print("BENCH-RESULT " + json.dumps(fn(**kw)))


def run_child(kind: str, **kw) -> dict:
    """Run a measurement in a fresh interpreter; return its result dict."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(kw)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(REPO))
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT "):])
    raise SystemExit(f"benchmark child {kind} failed:\n{proc.stderr[-3000:]}")


# ----------------------------------------------------------------------------- setup
def ensure_corpus(work: Path, n: int, rules: str, seed: int) -> Path:
    from corpus import write_articles
    from stances.rules import load_rules

    rs = load_rules(rules)
    d = work / f"corpus-{n}-s{seed}-{rs.version}"
    stamp = d / ".complete"
    if not stamp.exists():
        if d.exists():
            shutil.rmtree(d)
        print(f"generating {n} articles in {d} ...", file=sys.stderr)
        write_articles(d, n, rs, seed)
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


def edited_rules(work: Path, base: str) -> Path:
    """A copy of *base* with one phrase added to the first rule (a typical edit)."""
    import yaml

    d = work / "rules-edited"
    if d.exists():
        shutil.rmtree(d)
    shutil.copytree(base, d)
    issue = sorted((d / "issues").glob("*.yaml"))[0]
    doc = yaml.safe_load(issue.read_text(encoding="utf-8"))
    doc["rules"][0]["phrases"].append("press* ahead with {0,2} talks")
    issue.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return d


def has_report_command() -> bool:
    from stances.cli import main

    return "report" in main.commands


# ----------------------------------------------------------------------------- table
def _fmt(x, nd=1):
    return "" if x is None else f"{x:,.{nd}f}"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, articles=None, mb=None, seconds=None, peak=None, target="", note=""):
        mbs = mb / seconds if mb and seconds else None
        aps = articles / seconds if articles and seconds else None
        self.rows.append([what, f"{articles:,}" if articles else "", _fmt(mb), _fmt(seconds, 2),
                          _fmt(mbs, 2), _fmt(aps, 0), _fmt(peak, 0), target, note])

    def markdown(self) -> str:
        head = ["measurement", "articles", "MB", "seconds", "MB/s", "articles/s", "peak MB", "target",
                "note"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)


def median_run(repeat: int, kind: str, **kw) -> dict:
    runs = [run_child(kind, **kw) for _ in range(repeat)]
    runs.sort(key=lambda r: r["seconds"])
    med = dict(runs[len(runs) // 2])
    med["peak_mb"] = max(r["peak_mb"] for r in runs)
    return med


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="stances throughput benchmark (prints a markdown table)")
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated "
                    "(default 1000,10000; add 100000 for the memory row)")
    ap.add_argument("--rules", default=str(REPO / "rules"), help="base rule set (default: ./rules)")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "stances-bench"))
    ap.add_argument("--jobs", type=int, default=2, help="workers for the --jobs row (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per end-to-end row; the median is shown")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant-size", type=int, default=None,
                    help="corpus size for the stage, rule-count, jobs and store rows (default: the "
                         "largest size up to 10,000)")
    ap.add_argument("--skip", default="", help="comma-separated rows to skip: stages,rules,jobs,store")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vsize = args.variant_size or max([s for s in sizes if s <= 10000] or [min(sizes)])
    out = str(work / "out.csv")
    table = Table()

    from stances.rules import load_rules

    # a snapshot of the rules, so that edits made while the benchmark runs do not change it
    snap = work / "rules-base"
    if snap.exists():
        shutil.rmtree(snap)
    shutil.copytree(args.rules, snap, ignore=shutil.ignore_patterns(".*"))
    shown_rules = args.rules
    args.rules = str(snap)
    base = load_rules(args.rules)
    print(f"rules: {shown_rules} ({len(base.rules)} rules, version {base.version})", file=sys.stderr)

    # end to end per size
    single = {}
    for n in sizes:
        corpus = ensure_corpus(work, n, args.rules, args.seed)
        rep = args.repeat if n <= 10000 else 1
        r = median_run(rep, "extract", corpus=str(corpus), rules=args.rules, out=out, jobs=1, stages=False)
        single[n] = r
        note = f"{r['statements']:,} statements; median of {rep}" if rep > 1 else f"{r['statements']:,} statements"
        table.add(f"end to end, {len(base.rules)} rules, 1 job", n, r["bytes"] / 1e6, r["seconds"], r["peak_mb"],
                  ">= 30 MB/s; 100k < 500 MB" if n >= 100000 else ">= 30 MB/s", note)
        print(f"  {n}: {r['seconds']:.2f}s", file=sys.stderr)

    corpus = ensure_corpus(work, vsize, args.rules, args.seed)
    if "stages" not in skip:
        r = run_child("extract", corpus=str(corpus), rules=args.rules, out=out, jobs=1, stages=True)
        mb = r["bytes"] / 1e6
        for stage in ("read", "clean", "sentences", "match", "attribution", "write"):
            table.add(f"stage: {stage}", vsize, mb, r["stages"][stage], None, "",
                      f"{100 * r['stages'][stage] / r['seconds']:.0f}% of the total")
        table.add("stage: compile rules", None, None, r["compile"], None, "", "once per rule version")

    if "rules" not in skip:
        secs = {}
        for k in (100, 5000):
            rd = ensure_rules(work, args.rules, k, args.seed)
            r = median_run(args.repeat, "extract", corpus=str(corpus), rules=str(rd), out=out, jobs=1,
                           stages=False)
            secs[k] = r["seconds"]
            table.add(f"{k:,} rules, 1 job", vsize, r["bytes"] / 1e6, r["seconds"], r["peak_mb"],
                      "<= 1.5x of 100" if k == 5000 else "",
                      f"{r['seconds'] / secs[100]:.2f}x the time of 100 rules; compile {r['compile']:.2f}s"
                      if k == 5000 else f"compile {r['compile']:.2f}s")

    if "jobs" not in skip and args.jobs > 1:
        one = single.get(vsize) or median_run(args.repeat, "extract", corpus=str(corpus), rules=args.rules,
                                             out=out, jobs=1, stages=False)
        r = median_run(args.repeat, "extract", corpus=str(corpus), rules=args.rules, out=out, jobs=args.jobs,
                       stages=False)
        table.add(f"end to end, --jobs {args.jobs}", vsize, r["bytes"] / 1e6, r["seconds"], r["peak_mb"],
                  f"~{args.jobs}x", f"speed-up {one['seconds'] / r['seconds']:.2f}x over 1 job "
                                    f"({os.cpu_count()} CPUs)")

    if "store" not in skip:
        db = work / f"store-{vsize}.db"
        for p in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if p.exists():
                p.unlink()
        r = run_child("ingest", db=str(db), corpus=str(corpus), rules=args.rules, jobs=1)
        table.add("ingest into a new store, 1 job", r["articles"], None, r["seconds"], r["peak_mb"], "",
                  f"{r['statements']:,} statements")
        edited = edited_rules(work, args.rules)
        for jobs in sorted({1, args.jobs}):
            r = run_child("refresh", db=str(db), rules=str(edited), jobs=jobs)
            table.add(f"re-extract stored archive after a rule edit, {jobs} job{'s' if jobs > 1 else ''}",
                      r["articles"], None, r["seconds"], r["peak_mb"], "< 10 s (10k)")
            if jobs != args.jobs:  # make the next run re-extract again
                edited = edited_rules(work, args.rules)
                import yaml
                issue = sorted((edited / "issues").glob("*.yaml"))[0]
                doc = yaml.safe_load(issue.read_text(encoding="utf-8"))
                doc["rules"][0]["phrases"].append("press* on with {0,3} talks")
                issue.write_text(yaml.safe_dump(doc, sort_keys=False, width=1000), encoding="utf-8")
        if has_report_command():
            outdir = work / "report-out"
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "stances", "report", "--db", str(db), "--rules",
                                   str(edited), "--out", str(outdir)], capture_output=True, text=True,
                                  cwd=str(REPO))
            sec = time.perf_counter() - t
            ok = proc.returncode == 0
            table.add("stances report on the store", vsize, None, sec, None, "< 15 s (10k)",
                      "" if ok else f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}")
        else:
            table.add("stances report on the store", vsize, None, None, None, "< 15 s (10k)",
                      "skipped: no report command yet")

    cpu = platform.processor() or platform.machine()
    print(f"\nPython {platform.python_version()} on {platform.system()} {cpu}, {os.cpu_count()} CPUs; "
          f"base rules: {len(base.rules)} rules; generated corpus, seed {args.seed}\n")
    print(table.markdown())
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
    else:
        sys.exit(main())
