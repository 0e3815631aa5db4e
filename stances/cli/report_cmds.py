"""``stances report``: the weekly report (HTML page, PNG figures, data) in ``reports/``."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from .. import report as _report
from .. import store as _store
from ._app import fail, handle_errors, main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--week", help="ISO week to report (2020-W28). Default: the latest week with dated statements.")
@click.option("--all", "all_weeks", is_flag=True, help="One report over every statement (folder all/).")
@click.option("--db", type=click.Path(dir_okay=False),
              help=f"Use this stances database (default: ./{_store.DEFAULT_DB} when it exists).")
@click.option("--rules", "rules_dir", default="rules", show_default=True, type=click.Path(),
              help="The rule set.")
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder that receives the report folder <YYYY-Www>/ (or all/).")
@click.option("--stamp", is_flag=True, help="Print the generation time in the page (off: byte-identical re-runs).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Extraction worker processes.")
@handle_errors
def report(paths, week, all_weeks, db, rules_dir, out, stamp, jobs):
    """Write the weekly report: index.html, figures and the data behind them.

    Input: article PATHs (extracted in memory, nothing stored), or a
    database (--db, or ./stances.db when it exists), or else seeds/. The
    folder <out>/<YYYY-Www>/ is built aside and renamed into place, so a
    failed run keeps the previous report; re-running replaces it.

    \b
    Example:
      stances report                          # seeds/ -> reports/2020-W28/index.html
      stances report news/ --week 2020-W28    # articles read in memory
      stances report --db stances.db --all    # every week of a store -> reports/all/
    """
    if week is not None and all_weeks:
        fail("--week and --all exclude each other")
    try:
        if week is not None:
            week = _report.parse_report_week(week)
    except _report.ReportError as exc:
        fail(str(exc))
    if db is None and not paths and Path(_store.DEFAULT_DB).is_file():
        db = _store.DEFAULT_DB
    if db is not None and not paths and not Path(db).is_file():
        fail(f"{db}: no such stances database (create it with: stances ingest PATH --db {db})")
    if db is None and not paths:
        from ..bundled import bundled_seeds

        seeds = Path("seeds") if Path("seeds").is_dir() else bundled_seeds()
        if seeds is None:
            fail(f"no article PATH given, no ./{_store.DEFAULT_DB} and no seeds/ folder here: "
                 "give article paths or --db FILE")
        paths = (str(seeds),)
    when = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if stamp else None

    def progress(kind, item):
        if kind == "rejected":
            click.echo(f"stances: skipped {item}", err=True)

    result = _report.make_report(paths, db=db, rules=rules_dir, out=out, week=week,
                                 all_weeks=all_weeks, stamp=when, jobs=jobs, progress=progress)
    click.echo(f"{result.label}: {result.statements} statements, {result.actors} actors, "
               f"{result.issues} issues from {result.articles} articles -> {result.path}")


__all__ = ["report"]
