"""``stances ingest``, ``stances table`` and ``stances import-dna``: the store commands."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from ..model import StancesError
from ._app import fail, handle_errors, main, plural, warn
from ._inputs import missing_db, optional_rules, read_statements_arg
from ._options import TABLE_DEDUP, TABLE_DUPLICATES, option, parse_week_value, parse_window
from ._progress import count_files, file_of

_FORMATS = ("csv", "parquet", "json", "markdown")
_SUFFIX_FORMAT = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".json": "json",
                  ".md": "markdown", ".markdown": "markdown"}


class _Progress:
    """Counts ingest events; drives a click progress bar (one step per input file) on a terminal."""

    def __init__(self, paths, show: bool):
        self.counts = {"new": 0, "duplicate": 0, "rejected": 0, "refreshed": 0}
        self.bar = None
        self.last_file = None
        if show:
            self.bar = click.progressbar(length=count_files(paths), label="ingesting", file=sys.stderr,
                                         item_show_func=lambda _: self.status(), show_pos=True)
            self.bar.__enter__()

    def status(self) -> str:
        c = self.counts
        text = f"{c['new']} new, {c['duplicate']} duplicate, {c['rejected']} rejected"
        return text + (f", {c['refreshed']} re-extracted" if c["refreshed"] else "")

    def __call__(self, kind: str, item) -> None:
        self.counts[kind] += 1
        if self.bar is None:
            return
        if kind == "refreshed":
            self.bar.update(0)
            return
        if kind == "new":
            key = ("new", item)
        else:
            key = file_of(item)
        if kind == "new" or key != self.last_file:
            self.last_file = key
            self.bar.update(1)
        else:
            self.bar.update(0)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@option("--db", help="The stances database (created when missing).")
@option("--rules")
@option("--jobs")
@option("--quiet", help="No progress bar, no per-duplicate lines.")
@handle_errors
def ingest(paths, db, rules_dir, jobs, quiet):
    """Add articles to the store and extract their statements.

    Idempotent: an article whose text is already stored (under any file name)
    is reported as a duplicate. Rejected inputs are listed with the reason.
    After a rule edit, stored articles are re-extracted from their text first.
    Interrupting (Ctrl-C) keeps every article stored so far.

    \b
    Example:
      stances ingest seeds/ news/2020-07/ --db stances.db
    """
    from .. import store as _store
    from .extract_cmds import check_paths_exist

    check_paths_exist(paths)
    ruleset = _store.load_ruleset(rules_dir)
    from ._inputs import describe_rules

    click.echo(f"stances: rules: {describe_rules(ruleset)}", err=True)
    progress = _Progress(paths, show=not quiet and sys.stderr.isatty())
    try:
        with _store.Store(db) as store:
            report = store.ingest(paths, ruleset, jobs=jobs, progress=progress)
    except KeyboardInterrupt:
        progress.close()
        click.echo(f"stances: interrupted: {plural(progress.counts['new'], 'new article')} "
                   f"{'was' if progress.counts['new'] == 1 else 'were'} stored before; "
                   "run the same command again to add the rest", err=True)
        sys.exit(130)
    except StancesError:
        progress.close()
        if progress.counts["new"]:
            n = progress.counts["new"]
            click.echo(f"stances: {plural(n, 'new article')} {'was' if n == 1 else 'were'} stored "
                       "before the error and " + ("is" if n == 1 else "are") + " kept", err=True)
        raise
    progress.close()
    if not quiet:
        for dup in report.duplicates:
            click.echo(f"duplicate: {dup}")
    for doc, stored in report.renamed:
        click.echo(f"renamed: {doc} stored as {stored} (doc id already used by another text)")
    for rej in report.rejected:
        click.echo(f"rejected: {rej}")
    click.echo(report.summary())


_OLD_DEDUP = {old: new for new, old in TABLE_DEDUP.items()}


@main.command()
@option("--db")
@click.option("--statements", "statements_file", type=click.Path(dir_okay=False), hidden=True,
              help="Former name of --db FILE for a statements file.")
@option("--rules", help="+Stored articles that are stale under these rules are re-extracted first.")
@option("--week", help="+Default: the latest week.")
@option("--all", help="+One row per actor, issue and week.")
@option("--since")
@option("--until")
@option("--duplicates", choices=TABLE_DUPLICATES, default="document",
        help="What counts as one vote of an actor on an issue: every statement (include), one per "
             "document (a wire story repeated in ten paragraphs is one voice), day or ISO week; "
             "a vote's value is the mean score of its statements.")
@click.option("--dedup", type=click.Choice(tuple(_OLD_DEDUP)), default=None, hidden=True,
              help="Former name of --duplicates (statement, article, day, week).")
@click.option("--min-evidence", default=1, show_default=True, type=click.IntRange(1),
              help="Drop cells with fewer votes.")
@click.option("--matrix", is_flag=True, help="The wide actor x issue view of the scores (one week).")
@click.option("--shifts", "show_shifts", is_flag=True, help="What changed against the previous week.")
@option("--format", choices=_FORMATS, default=None,
        help="+Default: from the -o suffix, else markdown.")
@option("--output")
@option("--jobs", help="Extraction workers for re-extraction.")
@click.pass_context
@handle_errors
def table(ctx, db, statements_file, rules_dir, week, all_weeks, since, until, duplicates, dedup,
          min_evidence, matrix, show_shifts, fmt, output, jobs):
    """The actor x issue table: score, counts, dates, position and evidence ids.

    Without --week or --all it shows the latest week; --since/--until alone
    give one table pooled over that window. Never mixes rule versions: stale
    statements are re-extracted from the stored text first.

    \b
    Example:
      stances table --week 2020-W28
      stances table --all --format parquet -o table.parquet
      stances table --since 2020-06-01 --until 2020-07-31 --duplicates day
    """
    from .. import store as _store
    from .. import table as _table
    from ..io import require_pyarrow

    if week and all_weeks:
        fail("--week and --all exclude each other")
    if matrix and all_weeks:
        fail("--matrix shows one week or window: use --week W or --since/--until")
    if matrix and show_shifts:
        fail("--matrix and --shifts exclude each other")
    if fmt is None:
        fmt = _SUFFIX_FORMAT.get(Path(output).suffix.lower(), "csv") if output else "markdown"
    if fmt == "parquet" and not output:
        fail("--format parquet needs -o FILE")
    if fmt == "parquet":
        require_pyarrow(output)
    if dedup is not None:
        warn(f"--dedup is now --duplicates: --dedup {dedup} is --duplicates {_OLD_DEDUP[dedup]}")
        duplicates = _OLD_DEDUP[dedup]
    if statements_file:
        warn(f"--statements is now --db: --db {statements_file}")
        db = statements_file
    week = parse_week_value(week)
    lo, hi = parse_window(since, until)
    if not Path(db).exists():
        raise missing_db(db)
    ruleset = None
    if Path(db).is_file() and _store._is_sqlite(Path(db)):
        ruleset = optional_rules(ctx, rules_dir, loader=_store.load_ruleset)
        if ruleset is not None:
            from ._inputs import describe_rules

            click.echo(f"stances: rules: {describe_rules(ruleset)}", err=True)
            from ._progress import refresh_store

            refresh_store(db, ruleset, jobs=jobs)  # says so in one line, with a progress bar on a terminal
    statements = read_statements_arg(db, rules=ruleset, jobs=jobs)
    pooled = bool(since or until) and not week and not all_weeks and not show_shifts
    if not week and not all_weeks and not (since or until):
        weeks = statements["week"].dropna()
        if len(weeks):
            week = max(weeks)
            click.echo(f"week {week} (the latest; --week W or --all to choose)", err=True)
    dedup = TABLE_DEDUP[duplicates]
    try:
        if show_shifts:
            weekly = _table.stance_table(statements, dedup=dedup, since=lo, until=hi, min_evidence=min_evidence)
            frame = _table.shifts(weekly, week=week)
        else:
            frame = _table.stance_table(statements, week=week, dedup=dedup, since=lo, until=hi,
                                        min_evidence=min_evidence, pooled=pooled)
            if matrix:
                frame = _table.stance_matrix(frame).reset_index()
    except ValueError as exc:
        fail(str(exc))
    text = _table.write_table(frame, fmt, output)
    if text is not None:
        click.echo(text, nl=False)


@main.command("import-dna")
@click.argument("file", type=click.Path())
@option("--db", help="The stances database (created when missing).")
@click.option("--actor", default="organization", show_default=True, help="DNA variable that is the actor.")
@click.option("--issue", default="concept", show_default=True, help="DNA variable that is the issue.")
@click.option("--qualifier", default="agreement", show_default=True,
              help="Boolean or integer DNA variable that gives the stance.")
@click.option("--statement-type", help="DNA statement type label (default: the first that fits).")
@handle_errors
def import_dna(file, db, actor, issue, qualifier, statement_type):
    """Import the coded statements of a Discourse Network Analyzer database.

    They are stored under rules_version "dna:<file hash>" and read alongside
    the extracted statements (read_statements(db, imported=False) leaves
    them out). Importing the same file again replaces its statements.

    \b
    Example:
      stances import-dna sample.dna --db stances.db
    """
    from .. import store as _store
    from ..dna import read_dna

    frame = read_dna(file, actor=actor, issue=issue, qualifier=qualifier, statement_type=statement_type)
    with open(file, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:12]
    version = f"{_store.DNA_PREFIX}{digest}"
    with _store.Store(db) as store:
        n = store.import_statements(frame, version, path=file)
    click.echo(f"{plural(n, 'statement')} imported from {file} (rules_version {version})")


__all__ = ["ingest", "table", "import_dna"]
