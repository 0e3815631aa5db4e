"""Core data types shared by every stage of the pipeline.

The types are deliberately plain (frozen dataclasses of built-in values) so
that they pickle cheaply for ``--jobs N`` and Dask, and so that extraction is
a pure function ``(Article, CompiledRules) -> list[Statement]``.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
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
    "DATE_MIN",
    "DATE_MAX",
    "check_date",
    "normalize_text",
    "normalize_field",
    "display_name",
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
        self.path = display_name(path)
        self.reason = _safe_message(reason)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class RuleError(StancesError):
    """One or more problems in a rule set; ``problems`` lists them all."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- dates
#: The dates ``stances`` accepts (inclusive), everywhere: articles, the store, weeks, DNA imports.
#: Inside the range pandas can hold (1677-09-21 .. 2262-04-11), so a typo such as 2302-07-09
#: never reaches a table; such a date leaves its article undated, with a warning.
DATE_MIN = _dt.date(1800, 1, 1)
DATE_MAX = _dt.date(2199, 12, 31)


def check_date(date: _dt.date) -> _dt.date:
    """Return *date* if it lies within :data:`DATE_MIN` .. :data:`DATE_MAX`, else raise ValueError.

    Examples
    --------
    >>> check_date(_dt.date(2020, 7, 9))
    datetime.date(2020, 7, 9)
    >>> check_date(_dt.date(2302, 7, 9))
    Traceback (most recent call last):
    ...
    ValueError: date 2302-07-09 is outside the supported range 1800-01-01 to 2199-12-31
    """
    if isinstance(date, _dt.datetime):
        date = date.date()
    if not DATE_MIN <= date <= DATE_MAX:
        raise ValueError(f"date {date.isoformat()} is outside the supported range "
                         f"{DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}")
    return date


# ---------------------------------------------------------------- text at the reading boundary
#: Invisible characters removed from every text read: soft hyphen, zero-width space, (non-)
#: joiners, word joiner and invisible operators, byte-order mark, Arabic letter mark, Mongolian
#: vowel separator, and the bidirectional controls (marks, embeddings, overrides, isolates).
INVISIBLE_CHARS = ("\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                   "\u2066-\u2069\ufeff")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CHARS}]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_TEXT_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FIELD_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# ANSI escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \\), two-character escapes
_ANSI_RE = re.compile(r"\x1b(?:\[[0-?]{0,64}[ -/]{0,8}[@-~]|\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?|[@-Z\\-_])"
                      r"|\x9b[0-?]{0,64}[ -/]{0,8}[@-~]")
_SPACES_RE = re.compile(r"\s+")


def _fix_surrogates(s: str) -> str:
    """Lone surrogates (undecodable file-name bytes, JSON/YAML escapes) become U+FFFD."""
    return _SURROGATE_RE.sub("\ufffd", s) if _SURROGATE_RE.search(s) else s


def normalize_text(s: str) -> str:
    r"""Article text as ``stances`` keeps it: NFC, without invisible characters or controls.

    Lone surrogates become U+FFFD, Unicode is NFC-normalised (text saved in
    decomposed form, as on macOS, matches the rules), the invisible
    characters of :data:`INVISIBLE_CHARS` are removed (a soft hyphen or
    zero-width joiner inside a name no longer hides it) and control
    characters other than tab and newline become spaces (ANSI escape
    sequences as a whole). Idempotent.

    Examples
    --------
    >>> normalize_text("Tur\u00adkey and E\u0301gypt\u202e\x1b[31m")
    'Turkey and Égypt'
    """
    s = _fix_surrogates(s)
    if not s.isascii():
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
        s = _INVISIBLE_RE.sub("", s)
    if _TEXT_CONTROL_RE.search(s):
        s = _ANSI_RE.sub(lambda m: " " * (m.group().count("\n") > 0), s)
        s = _TEXT_CONTROL_RE.sub(" ", s)
    return s


def normalize_field(s: str) -> str:
    r"""A one-line metadata value (id, title, source, url): :func:`normalize_text`, every
    control character and line break a space, runs of white space one space, stripped.

    Examples
    --------
    >>> normalize_field(" ev\u202eil\x1b[31m \n id\x07 ")
    'evil id'
    """
    s = normalize_text(s)
    s = _FIELD_CONTROL_RE.sub(" ", s)
    return _SPACES_RE.sub(" ", s).strip()


def display_name(name) -> str:
    r"""A file name or id as shown in messages: as is when printable, else its ``repr``.

    Bytes and undecodable file-name characters are shown escaped, never raised
    on; control, bidi and invisible characters cannot disguise a name.

    Examples
    --------
    >>> display_name("news/a.txt"), display_name("caf\udce9.txt"), display_name("a\u202etxt.exe")
    ('news/a.txt', "'caf\\udce9.txt'", "'a\\u202etxt.exe'")
    """
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    name = str(name)
    if name.isprintable() and not _INVISIBLE_RE.search(name):
        return name
    return repr(name)


def _safe_message(s: str) -> str:
    """A message line that prints anywhere: surrogates escaped, controls and bidi removed."""
    s = str(s)
    if s.isprintable():
        return s
    s = _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    s = _INVISIBLE_RE.sub("", s)
    return _FIELD_CONTROL_RE.sub(" ", _ANSI_RE.sub("", s))


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

    def __post_init__(self):
        # the one place every rejection passes: names shown safely (repr when odd)
        if not (isinstance(self.path, str) and self.path.isprintable()):
            object.__setattr__(self, "path", display_name(self.path))
        if not self.reason.isprintable():
            object.__setattr__(self, "reason", _safe_message(self.reason))

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
