"""``stances report``: the weekly report (HTML page, PNG figures, data) in ``reports/``."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ._app import fail, handle_errors, main, plural
from ._inputs import missing_db
from ._options import option, parse_week_value
from ._progress import refresh_store


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@option("--week", help="+Default: the latest week with dated statements.")
@option("--all", help="+One report over every statement, with the timeline (folder all/).")
@option("--since", help="With --until: one report per week from this ISO week (or date) on, and the timeline page.")
@option("--until", help="Last week of a --since/--until run (default: the latest week).")
@click.option("--lookback", default=26, show_default=True, type=click.IntRange(0),
              help="Weeks a last known position may lie back when finding changes (0: no limit).")
@option("--db", default=None, show_default=False,
        help="Use this stances database (default: ./stances.db when it exists).")
@option("--rules")
@click.option("--out", "-o", "out", default="reports", show_default=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Folder that receives the report folders <YYYY-Www>/ (or all/, timeline/) and index.html.")
@click.option("--stamp", is_flag=True, help="Print the generation time in the page (off: byte-identical re-runs).")
@option("--jobs")
@handle_errors
def report(paths, week, all_weeks, since, until, lookback, db, rules_dir, out, stamp, jobs):
    """Write the weekly report: index.html, figures and the data behind them.

    Input: article PATHs (extracted in memory, nothing stored), or a
    database (--db, or ./stances.db when it exists), or else seeds/. The
    folder <out>/<YYYY-Www>/ is built aside and renamed into place, so a
    failed run keeps the previous report; re-running replaces it.
    <out>/index.html lists every week's report with its headline changes.

    \b
    Example:
      stances report                          # seeds/ -> reports/2020-W28/index.html
      stances report news/ --week 2020-W28    # articles read in memory
      stances report --since 2020-W02 --until 2020-W40   # each week, and reports/timeline/
      stances report --db stances.db --all    # every week of a store -> reports/all/
    """
    from .. import report as _report
    from .. import store as _store

    if week is not None and all_weeks:
        fail("--week and --all exclude each other")
    if (since is not None or until is not None) and (week is not None or all_weeks):
        fail("--since/--until exclude --week and --all")
    week = parse_week_value(week)
    since = parse_week_value(since, "--since")
    until = parse_week_value(until, "--until")
    if since and until and since > until:
        fail(f"--since {since} is after --until {until}")
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

    ruleset = _store.load_ruleset(rules_dir)
    from ._inputs import describe_rules

    click.echo(f"stances: rules: {describe_rules(ruleset)}", err=True)
    if db is not None and not paths:
        refresh_store(db, ruleset, jobs=jobs)
    results = _report.make_report(paths, db=db, rules=ruleset, out=out, week=week,
                                  all_weeks=all_weeks, stamp=when, jobs=jobs, progress=progress,
                                  since=since, until=until, lookback=lookback or None)
    for result in (results if isinstance(results, list) else [results]):
        click.echo(f"{result.label}: {plural(result.statements, 'statement')}, {plural(result.actors, 'actor')}, "
                   f"{plural(result.issues, 'issue')} from {plural(result.articles, 'article')} -> {result.path}")
        if result.coverage:
            click.echo(f"  coverage: {result.coverage}")
    if isinstance(results, list):
        click.echo(f"timeline -> {Path(out) / _report.TIMELINE_FOLDER / 'index.html'}")
    click.echo(f"index -> {Path(out) / 'index.html'}")


__all__ = ["report"]
