"""Core data types shared by every stage of the pipeline.

The types are deliberately plain (frozen dataclasses of built-in values) so
that they pickle cheaply for ``--jobs N`` and Dask, and so that extraction is
a pure function ``(Article, CompiledRules) -> list[Statement]``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

__all__ = [
    "STATEMENT_COLUMNS",
    "Article",
    "Rejection",
    "Statement",
    "StancesError",
    "RuleError",
    "InputError",
    "iso_week",
]

#: The statement table's columns, in order (a contract: see DESIGN.md).
STATEMENT_COLUMNS = [
    "doc", "date", "week", "actor", "issue", "position", "score", "rule", "negated",
    "holder_text", "holder_via", "sentence", "start", "end", "source", "title", "url",
    "rules_version",
]


class StancesError(Exception):
    """Base class of the errors ``stances`` reports to users."""


class InputError(StancesError):
    """Bad input: the message names the file (and line when known)."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class RuleError(StancesError):
    """One or more problems in a rule set; ``problems`` lists them all."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def iso_week(date: _dt.date | None) -> str | None:
    """Return the ISO week label ``YYYY-Www`` of *date* (``None`` when undated).

    Examples
    --------
    >>> import datetime
    >>> iso_week(datetime.date(2021, 1, 3))
    '2020-W53'
    >>> iso_week(datetime.date(2020, 7, 9))
    '2020-W28'
    """
    if date is None:
        return None
    y, w, _ = date.isocalendar()
    return f"{y}-W{w:02d}"


@dataclass(frozen=True)
class Article:
    """One news article.

    Attributes
    ----------
    doc : str
        Stable id: the front-matter ``id`` or the file name without extension.
    text : str
        The article body exactly as read (after decoding and removing front
        matter); evidence offsets point into this string.
    date : datetime.date or None
        Publication date; ``None`` means undated (never guessed).
    source, url, title : str
        Metadata ("" when unknown).
    meta : tuple of (str, str) pairs
        Any other front-matter keys, as strings, sorted by key.
    path : str
        Where the article was read from (file, or ``file:line`` for JSONL/CSV rows).
    warnings : tuple of str
        Non-fatal problems met while reading, each naming the file (e.g. "x.txt: decoded as UTF-16").
    """

    doc: str
    text: str
    date: _dt.date | None = None
    source: str = ""
    url: str = ""
    title: str = ""
    meta: tuple = ()
    path: str = ""
    warnings: tuple = ()

    @property
    def week(self) -> str | None:
        """ISO week of the article's date, or ``None`` when undated."""
        return iso_week(self.date)


@dataclass(frozen=True)
class Rejection:
    """An input that could not be read: where, and why (one line)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Statement:
    """One statement: an actor's position on an issue, with its evidence.

    Field names and order follow :data:`STATEMENT_COLUMNS`.
    """

    doc: str
    date: _dt.date | None
    week: str | None
    actor: str
    issue: str
    position: str
    score: float
    rule: str
    negated: bool
    holder_text: str
    holder_via: str
    sentence: str
    start: int
    end: int
    source: str = ""
    title: str = ""
    url: str = ""
    rules_version: str = ""

    def as_dict(self) -> dict:
        """Return the statement as a plain ``dict`` in column order."""
        return {c: getattr(self, c) for c in STATEMENT_COLUMNS}
