"""``stances report``: the weekly report (HTML page, PNG figures, data) in ``reports/``."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ._app import fail, handle_errors, main, plural
from ._inputs import missing_db
from ._options import option, parse_week_value


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@option("--week", help="+Default: the latest week with dated statements.")
@option("--all", help="+One report over every statement (folder all/).")
@option("--db", default=None, show_default=False,
        help="Use this stances database (default: ./stances.db when it exists).")
@option("--rules")
@click.option("--out", "-o", "out", default="reports", show_default=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Folder that receives the report folder <YYYY-Www>/ (or all/).")
@click.option("--stamp", is_flag=True, help="Print the generation time in the page (off: byte-identical re-runs).")
@option("--jobs")
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
    from .. import report as _report
    from .. import store as _store

    if week is not None and all_weeks:
        fail("--week and --all exclude each other")
    week = parse_week_value(week)
    if db is None and not paths and Path(_store.DEFAULT_DB).is_file():
        db = _store.DEFAULT_DB
    if db is not None and not paths and not Path(db).is_file():
        raise missing_db(db)
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
    click.echo(f"{result.label}: {plural(result.statements, 'statement')}, {plural(result.actors, 'actor')}, "
               f"{plural(result.issues, 'issue')} from {plural(result.articles, 'article')} -> {result.path}")


__all__ = ["report"]
