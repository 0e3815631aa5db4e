"""The shared vocabulary of the command line: one definition per option used by several commands.

Every command builds its common options from :data:`SHARED` (through
:func:`option`), so ``--db``, ``--rules``, ``--week``, ``--since``,
``--until``, ``--duplicates``, ``--format``, ``-o``, ``--jobs`` and
``--quiet`` mean the same thing, take the same values and read the same in
``--help`` wherever they appear. ``tests/test_cli_vocabulary.py`` checks every
command against this table. Command-specific options are declared in the
command modules.

The values of ``--duplicates`` are those of Discourse Network Analyzer
(``include``, ``document``, ``day``, ``week``, ``month``, ``year``,
``range``); ``stances table`` takes the ones a weekly table can use.
"""
from __future__ import annotations

import click

__all__ = ["SHARED", "DUPLICATES", "TABLE_DUPLICATES", "TABLE_DEDUP", "option", "parse_week_value",
           "parse_window", "looks_like_path"]

#: Duplicate policies (DNA's names), in the order of ``docs/networks.md``.
DUPLICATES = ("include", "document", "day", "week", "month", "year", "range")

#: The policies of ``stances table`` and their names in :func:`stances.table.stance_table`.
TABLE_DEDUP = {"include": "statement", "document": "article", "day": "day", "week": "week"}
TABLE_DUPLICATES = tuple(TABLE_DEDUP)

_DB_HELP = ("A stances database, or a statements file of `stances extract` (.csv, .jsonl, .parquet); "
            "a Discourse Network Analyzer .dna file is read as it is.")

#: name -> (parameter declarations, click.option keyword arguments). ``choices`` in the keyword
#: arguments are filled in per command (a command may take a subset, in the same order).
SHARED: dict[str, tuple[tuple, dict]] = {
    "--rules": (("--rules", "rules_dir"), dict(
        default="rules", show_default=True, type=click.Path(file_okay=False), metavar="DIR",
        help="Rule set: a folder (rules/libya, rules/ukraine), a folder of rule sets whose index.yaml "
             "names the default, or a bundled rule set's name.")),
    "--db": (("--db",), dict(
        default="stances.db", show_default=True, type=click.Path(), metavar="FILE",
        help=_DB_HELP)),
    "--week": (("--week",), dict(
        default=None, metavar="WEEK",
        help="One ISO week: 2020-W28, or any date in it (2020-07-09).")),
    "--since": (("--since",), dict(
        default=None, metavar="DATE",
        help="Window start, inclusive: YYYY-MM-DD, or an ISO week (its Monday).")),
    "--until": (("--until",), dict(
        default=None, metavar="DATE",
        help="Window end, inclusive: YYYY-MM-DD, or an ISO week (its Sunday).")),
    "--all": (("--all", "all_weeks"), dict(
        is_flag=True, help="Every week instead of the latest one.")),
    "--duplicates": (("--duplicates",), dict(
        show_default=True,
        help="What counts once: a statement repeating the actor, issue and stance of an earlier one "
             "in the same document, day, week, month, year or the whole range is dropped; "
             "`include` keeps every statement (DNA's default).")),
    "--format": (("--format", "fmt"), dict(help="Output format.")),
    "--output": (("-o", "--output"), dict(
        default=None, type=click.Path(dir_okay=False), metavar="FILE",
        help="Write to FILE instead of standard output.")),
    "--jobs": (("--jobs", "-j"), dict(
        default=1, show_default=True, type=click.IntRange(1, 256),
        help="Extraction worker processes; the output is identical whatever the number.")),
    "--quiet": (("--quiet", "-q"), dict(
        is_flag=True, help="No warnings, progress or summary on standard error.")),
}


def option(name: str, *, choices=None, **overrides):
    """The click option *name* of :data:`SHARED`, with *choices* and per-command *overrides*.

    Overrides may set ``default``, ``show_default``, ``help`` (appended to the
    shared help when it starts with ``+``) or ``type``; the option's name, its
    metavar and meaning stay those of the table.
    """
    decls, kwargs = SHARED[name]
    kwargs = dict(kwargs)
    if choices is not None:
        kwargs["type"] = click.Choice(tuple(choices))
        kwargs.pop("metavar", None)
    extra_help = overrides.pop("help", None)
    if extra_help:
        kwargs["help"] = (kwargs.get("help", "") + " " + extra_help[1:].strip()
                          if extra_help.startswith("+") else extra_help)
    kwargs.update(overrides)
    return click.option(*decls, **kwargs)


def parse_week_value(value, flag: str = "--week") -> str | None:
    """Canonical ``YYYY-Www`` of an ISO week or a date; a ``click.BadParameter`` otherwise."""
    if value is None:
        return None
    from ..table import parse_week

    try:
        return parse_week(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None


def parse_window(since, until):
    """``(since, until)`` as dates (a week: its Monday / its Sunday); ``click.BadParameter`` when bad."""
    from ..table import parse_day

    out = []
    for flag, value, end in (("--since", since, False), ("--until", until, True)):
        try:
            out.append(parse_day(value, end=end))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None
    if out[0] and out[1] and out[0] > out[1]:
        raise click.BadParameter(f"the window is empty: --since {out[0]} is after --until {out[1]}",
                                 param_hint="'--since'")
    return out[0], out[1]


_PATH_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".json", ".csv", ".yaml",
                  ".yml", ".text")


def looks_like_path(arg: str) -> bool:
    """Whether *arg* reads as a file or folder name rather than text to analyse.

    A single word with a path separator or a file extension of articles
    (``seeds/``, ``news/a.txt``, ``a.jsonl``) is a path; anything with a
    space or none of those marks is text.

    >>> looks_like_path("seeds/"), looks_like_path("a.txt"), looks_like_path("Egypt called for a truce.")
    (True, True, False)
    >>> looks_like_path("ceasefire")
    False
    """
    text = arg.strip()
    if not text or any(c.isspace() for c in text):
        return False
    if "/" in text or "\\" in text or text in (".", ".."):
        return True
    return text.lower().endswith(_PATH_SUFFIXES)
