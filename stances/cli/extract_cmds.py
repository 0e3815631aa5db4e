"""``stances extract``, ``stances explain`` and ``stances eval``."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..model import Article, InputError, Rejection
from ._app import EXIT_FAILED, fail, handle_errors, main, plural
from ._inputs import load_rules_or_exit
from ._options import looks_like_path, option

#: Output formats of ``stances extract`` (those of :data:`stances.io.FORMATS`).
FORMATS = ("csv", "jsonl", "parquet")


def check_paths_exist(paths) -> None:
    """Exit 2 with ``stances: error: PATH: no such file or folder`` for the first missing path."""
    for p in paths:
        if not os.path.exists(p):
            raise InputError(str(p), "no such file or folder")


def articles_or_report(paths, quiet=False):
    """Yield readable articles; name every unreadable input on stderr."""
    from ..corpus import read_articles

    for item in read_articles(paths):
        if isinstance(item, Rejection):
            click.echo(f"stances: skipped {item}", err=True)
            continue
        if not quiet:
            for w in item.warnings:
                click.echo(f"stances: warning: {w}", err=True)
        yield item


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@option("--rules")
@option("--format", choices=FORMATS, default="csv", show_default=True,
        help="+parquet needs the extra stances[parquet] (pyarrow).")
@option("--output", type=click.Path(), help="+Required for parquet; a folder with --engine dask.")
@option("--jobs")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: distribute over a Dask cluster (extra stances[dask]) and write partitioned "
                   "Parquet to the folder -o DIR.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it a local cluster is started "
                   "(--jobs workers when given, else one per CPU).")
@option("--quiet")
@click.pass_context
@handle_errors
def extract(ctx, paths, rules_dir, fmt, output, jobs, engine, scheduler, quiet):
    """Extract the statements of articles (files or folders), no store needed.

    One row per (holder, statement) with the columns of the statement table;
    unreadable inputs are named on stderr and skipped. CSV and JSONL are
    written while articles stream through (memory stays flat); a progress
    line is shown on a terminal.

    \b
    Example:
      stances extract seeds/ --format csv -o statements.csv
      stances extract archive/ --jobs 2 -o statements.csv
      stances extract archive/ --engine dask --scheduler tcp://10.0.0.5:8786 -o statements.parquet
    """
    import itertools

    from ..coverage import CoverageTally
    from ..extract import analyse_many, extract_many
    from ..io import require_pyarrow, write_statement_stream
    from ._progress import ArticleProgress

    check_paths_exist(paths)

    if engine == "dask":
        if ctx.get_parameter_source("fmt") == click.core.ParameterSource.COMMANDLINE and fmt != "parquet":
            fail("--engine dask writes partitioned Parquet (use --format parquet or leave --format out)")
        if not output:
            fail("--engine dask needs -o DIR (a folder of Parquet files)")
        if os.path.isfile(output):
            fail(f"{output}: --engine dask writes a folder of Parquet files; this is a file")
    else:
        if scheduler:
            fail("--scheduler needs --engine dask")
        if fmt == "parquet" and not output:
            fail("--format parquet needs -o FILE")
        if output and os.path.isdir(output):
            fail(f"{output}: is a folder (give a file name)")
    if fmt == "parquet" or engine == "dask":
        require_pyarrow(output)
    rs = load_rules_or_exit(rules_dir, announce=not quiet)
    articles = articles_or_report(paths, quiet)
    first = next(articles, None)
    if first is None:
        fail("no readable article in " + ", ".join(paths))
    articles = itertools.chain([first], articles)
    progress = ArticleProgress(paths, "extracting", show=not quiet and sys.stderr.isatty())
    tally = CoverageTally()
    n_articles = 0

    def tick(article):
        nonlocal n_articles
        n_articles += 1
        progress.article(article)

    try:
        if engine == "dask":
            from ..dask_engine import dask_extract

            got = dask_extract(articles, rs, output, scheduler=scheduler, n_workers=jobs if jobs > 1 else None,
                               on_article=tick)
            n_statements = got["statements"]
        elif quiet:
            n_statements = write_statement_stream(extract_many(articles, rs, jobs=jobs), output, fmt,
                                                  on_article=tick)
        else:  # the summary's coverage counts come with the statements
            def counted():
                for article, an in analyse_many(articles, rs, jobs=jobs):
                    tally.add(len(an.statements), an.dropped, an.speakers)
                    yield article, an.statements

            n_statements = write_statement_stream(counted(), output, fmt, on_article=tick)
    finally:
        progress.close()
    if not quiet:
        where = f" in {output}/part-*.parquet" if engine == "dask" else ""
        click.echo(f"stances: {plural(n_statements, 'statement')} from {plural(n_articles, 'article')}"
                   f"{where}", err=True)
        if tally.articles:
            click.echo(f"stances: coverage: {tally.summary()}", err=True)


@main.command()
@click.argument("text_or_path")
@option("--rules")
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date of the text, for dated roles.")
@handle_errors
def explain(text_or_path, rules_dir, date):
    """Explain, sentence by sentence, what extraction sees and why.

    TEXT_OR_PATH is an article file, a folder of articles, or the text
    itself; the first line on stderr says which was taken. A single word
    that looks like a path (with a / or an article extension) but does not
    exist is an error. For each sentence: the actor mentions, the rules that
    fired with their holder and why, and near misses (a phrase matched but
    no holder was found; a holder spoke but no rule matched).

    \b
    Example:
      stances explain "Britain, Germany and France called for a ceasefire."
      stances explain seeds/000_951ff7119e6d2308.txt
    """
    import datetime as dt

    from ..extract import analyse

    if date is not None:
        try:
            d = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"--date {date!r} is not a date YYYY-MM-DD")
    else:
        d = None
    path = Path(text_or_path)
    if os.path.exists(text_or_path):
        kind = "folder" if path.is_dir() else "file"
        articles = list(articles_or_report([text_or_path]))
        if not articles:
            fail(f"{text_or_path}: no readable article (see the lines above)")
        if d is not None:
            import dataclasses

            articles = [dataclasses.replace(a, date=d) for a in articles]
        click.echo(f"stances: explaining the {kind} {text_or_path} ({plural(len(articles), 'article')})",
                   err=True)
    elif looks_like_path(text_or_path):
        fail(f"{text_or_path}: no such file or folder (to explain it as text, write a sentence)")
    else:
        articles = [Article("text", text_or_path, d)]
        click.echo(f"stances: explaining the text given ({plural(len(text_or_path), 'character')})",
                   err=True)
    rs = load_rules_or_exit(rules_dir)
    for art in articles:
        if len(articles) > 1 or art.doc != "text":
            click.echo(f"== {art.doc} ({art.date or 'undated'})")
        an = analyse(art, rs, trace=True)
        for st in an.sentences:
            if not (st.mentions or st.matches or st.near_misses):
                continue
            click.echo(f"[{st.index + 1}] {art.text[st.start:st.end].strip()}")
            if st.mentions:
                groups = {g.name: "+".join(g.members) for g in rs.groups}
                ms = "; ".join(f"{m.text} = {m.actor or groups.get(m.title, '?')} ({m.kind})"
                               for m in st.mentions)
                click.echo(f"    actors: {ms}")
            for m in st.matches:
                holders = ", ".join(f"{a} via {v} ({mm.text})" for a, mm, v in m.holders) or "none"
                neg = " NEGATED" if m.negated else ""
                hedge = f" hedged x{m.hedge}" if m.hedge != 1 else ""
                click.echo(f"    rule {m.rule.id} [{m.rule.issue}] on {m.phrase!r}{neg}{hedge}")
                click.echo(f"        holder: {holders} -- {m.why}")
            for nm in st.near_misses:
                click.echo(f"    near miss: {nm}")
        click.echo(f"{plural(len(an.statements), 'statement')}; dropped for want of a holder: {an.dropped:,}")


@main.command(name="eval")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="GOLD.csv PATH... [GOLD.csv PATH...]...")
@option("--rules")
@option("--format", choices=("text", "json"), default="text", show_default=True)
@click.option("--min-f1", type=float, default=None,
              help="Exit 1 when the overall (combined) F1 is below this value.")
@handle_errors
def eval_cmd(inputs, rules_dir, fmt, min_f1):
    """Precision, recall and F1 of extraction against gold tables, and why each stance differs.

    The gold table has columns doc, actor, issue, polarity[, evidence]; both
    sides are reduced to one sign per (doc, actor, issue). Every argument
    ending in .csv is a gold table and starts a pair; the files and folders
    after it are its articles. Several pairs give one row each and one
    combined overall row (--min-f1 tests the combined F1). Each missed and
    each extra stance is listed with its cause (no phrase or target matched,
    matched but no holder, holder not an actor, wrong sign, wrong issue, not
    in gold, ...), and the causes are counted.

    \b
    Example:
      stances eval ../shared/eval/seed/gold.csv seeds/
      stances eval ../shared/eval/seed/gold.csv seeds/ ../shared/eval/dev/gold.csv ../shared/eval/dev/articles
    """
    from ..evaluate import combine, evaluate_articles, read_gold

    check_paths_exist(inputs)
    pairs = []
    for item in inputs:
        if item.lower().endswith(".csv"):
            pairs.append((item, []))
        elif not pairs:
            fail(f"{item}: the first argument must be a gold table (a .csv file)")
        else:
            pairs[-1][1].append(item)
    for g, paths in pairs:
        if not paths:
            fail(f"{g}: no article paths after this gold table (each .csv argument starts a GOLD PATH... pair)")
    rs = load_rules_or_exit(rules_dir)
    evs = []
    for g, paths in pairs:
        gold = read_gold(g)
        ev = evaluate_articles(gold, articles_or_report(paths, quiet=True), rs, name=g)
        ev.paths = list(paths)
        evs.append(ev)
    ev = combine(evs)
    if fmt == "json":
        click.echo(json.dumps(ev.as_dict(), indent=2, ensure_ascii=False))
    else:
        o = ev.overall
        click.echo(f"overall: precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}  "
                   f"(tp {o.tp}, fp {o.fp}, fn {o.fn})")
        if ev.pairs:
            click.echo("by pair:")
            for p in ev.pairs:
                sc = p.overall
                n = len(p.docs)
                click.echo(f"  {p.gold} ({n} article{'s' if n != 1 else ''})  P {sc.precision:.2f}  R {sc.recall:.2f}  "
                           f"F1 {sc.f1:.2f}  (tp {sc.tp}, fp {sc.fp}, fn {sc.fn})")
        counts = ev.cause_counts()
        for label in ("missing", "extra"):
            rows = counts[label]
            click.echo(f"causes of {label} stances ({sum(rows.values())}):")
            for cause, n in rows.items():
                more = ""
                if label == "extra" and cause == "not in gold" and counts["extra_not_in_gold_by_via"]:
                    more = "  (via " + ", ".join(f"{v} {k}" for v, k in
                                                  counts["extra_not_in_gold_by_via"].items()) + ")"
                click.echo(f"  {cause:30s} {n:4d}{more}")
        for title, table in (("issue", ev.by_issue), ("actor", ev.by_actor)):
            click.echo(f"by {title}:")
            for k, sc in sorted(table.items()):
                click.echo(f"  {k:24s} P {sc.precision:.2f}  R {sc.recall:.2f}  F1 {sc.f1:.2f}  "
                           f"(tp {sc.tp}, fp {sc.fp}, fn {sc.fn})")
        for label, rows in (("missing", ev.missing), ("extra", ev.extra)):
            for d in rows:
                click.echo(f"{label}: {d.doc} {d.actor} {d.issue} {d.polarity:+d} [{d.cause or 'not diagnosed'}] "
                           f"{d.detail}")
                click.echo(f"    > {' '.join(str(d.evidence).split())[:200]}")
        for p in ev.pairs or [ev]:
            for doc in p.unknown_docs:
                click.echo(f"note: gold document {doc} of {p.gold} was not among the inputs")
    if min_f1 is not None and ev.overall.f1 < min_f1:
        sys.exit(EXIT_FAILED)
