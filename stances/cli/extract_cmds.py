"""``stances extract``, ``stances explain`` and ``stances eval``."""
from __future__ import annotations

import json
import os
import sys

import click

from ..corpus import read_articles
from ..evaluate import evaluate, read_gold
from ..extract import analyse, extract_many
from ..io import FORMATS, statements_frame, write_statements
from ..model import Article, Rejection
from ._app import EXIT_BAD_INPUT, EXIT_FAILED, fail, handle_errors, main
from .rules_cmds import RULES_OPTION, load_rules_or_exit


def articles_or_report(paths, quiet=False):
    """Yield readable articles; name every unreadable input on stderr."""
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
@RULES_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Output file (stdout when omitted; required for parquet).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes; the output is identical whatever the number.")
@click.option("--quiet", "-q", is_flag=True, help="No warnings or summary on stderr.")
@handle_errors
def extract(paths, rules_dir, fmt, output, jobs, quiet):
    """Extract the statements of articles (files or folders), no store needed.

    One row per (holder, statement) with the columns of the statement table;
    unreadable inputs are named on stderr and skipped.

    \b
    Example:
      stances extract seeds/ --format csv -o statements.csv
    """
    if fmt == "parquet" and not output:
        fail("parquet output needs -o FILE")
    rs = load_rules_or_exit(rules_dir)
    rows, n = [], 0
    for _, stmts in extract_many(articles_or_report(paths, quiet), rs, jobs=jobs):
        n += 1
        rows.extend(stmts)
    if n == 0:
        fail("no readable article in " + ", ".join(paths))
    write_statements(statements_frame(rows), output, fmt)
    if not quiet:
        click.echo(f"stances: {len(rows)} statements from {n} articles", err=True)


@main.command()
@click.argument("text_or_file")
@RULES_OPTION
@click.option("--date", default=None, help="Date of the text (YYYY-MM-DD) for dated roles.")
@handle_errors
def explain(text_or_file, rules_dir, date):
    """Explain, sentence by sentence, what extraction sees and why.

    For each sentence: the actor mentions, the rules that fired with their
    holder and why, and near misses (a phrase matched but no holder was found;
    a holder spoke but no rule matched).

    \b
    Example:
      stances explain "Britain, Germany and France called for a ceasefire."
      stances explain seeds/000_951ff7119e6d2308.txt
    """
    import datetime as dt

    rs = load_rules_or_exit(rules_dir)
    if os.path.isfile(text_or_file):
        items = list(read_articles([text_or_file]))
        if isinstance(items[0], Rejection):
            fail(str(items[0]))
        articles = [a for a in items if isinstance(a, Article)]
    else:
        try:
            d = dt.date.fromisoformat(date) if date else None
        except ValueError:
            fail(f"--date {date!r} is not a date YYYY-MM-DD")
        articles = [Article("text", text_or_file, d)]
    for art in articles:
        if len(articles) > 1 or art.doc != "text":
            click.echo(f"== {art.doc} ({art.date or 'undated'})")
        an = analyse(art, rs, trace=True)
        for st in an.sentences:
            if not (st.mentions or st.matches or st.near_misses):
                continue
            click.echo(f"[{st.index + 1}] {art.text[st.start:st.end].strip()}")
            if st.mentions:
                ms = "; ".join(f"{m.text} = {m.actor or '?'} ({m.kind})" for m in st.mentions)
                click.echo(f"    actors: {ms}")
            for m in st.matches:
                holders = ", ".join(f"{a} via {v} ({mm.text})" for a, mm, v in m.holders) or "none"
                neg = " NEGATED" if m.negated else ""
                hedge = f" hedged x{m.hedge}" if m.hedge != 1 else ""
                click.echo(f"    rule {m.rule.id} [{m.rule.issue}] on {m.phrase!r}{neg}{hedge}")
                click.echo(f"        holder: {holders} -- {m.why}")
            for nm in st.near_misses:
                click.echo(f"    near miss: {nm}")
        click.echo(f"statements: {len(an.statements)}; dropped for want of a holder: {an.dropped}")


@main.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@RULES_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-f1", type=float, default=None,
              help="Exit 1 when the overall F1 is below this value.")
@handle_errors
def eval_cmd(gold, paths, rules_dir, fmt, min_f1):
    """Precision, recall and F1 of extraction against a gold table.

    The gold table has columns doc, actor, issue, polarity[, evidence]; both
    sides are reduced to one sign per (doc, actor, issue). Missing and extra
    stances are listed with their sentences.

    \b
    Example:
      stances eval ../shared/eval/seed/gold.csv seeds/
    """
    rs = load_rules_or_exit(rules_dir)
    g = read_gold(gold)
    stmts, docs = [], []
    for art, st in extract_many(articles_or_report(paths, quiet=True), rs):
        docs.append(art.doc)
        stmts.extend(st)
    ev = evaluate(g, stmts, docs)
    if fmt == "json":
        click.echo(json.dumps(ev.as_dict(), indent=2, ensure_ascii=False))
    else:
        o = ev.overall
        click.echo(f"overall: precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}  "
                   f"(tp {o.tp}, fp {o.fp}, fn {o.fn})")
        for title, table in (("issue", ev.by_issue), ("actor", ev.by_actor)):
            click.echo(f"by {title}:")
            for k, sc in sorted(table.items()):
                click.echo(f"  {k:24s} P {sc.precision:.2f}  R {sc.recall:.2f}  F1 {sc.f1:.2f}  "
                           f"(tp {sc.tp}, fp {sc.fp}, fn {sc.fn})")
        for label, rows in (("missing", ev.missing), ("extra", ev.extra)):
            for doc, actor, issue, pol, sent in rows:
                click.echo(f"{label}: {doc} {actor} {issue} {pol:+d}: {' '.join(str(sent).split())[:200]}")
        for d in ev.unknown_docs:
            click.echo(f"note: gold document {d} was not among the inputs")
    if min_f1 is not None and ev.overall.f1 < min_f1:
        sys.exit(EXIT_FAILED)
