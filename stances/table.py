"""Actor × issue tables per ISO week, deduplication policies, and weekly shifts.

The functions work on a plain statement frame (one row per statement, the
columns of :data:`~stances.model.STATEMENT_COLUMNS`), whether it comes from
the store (:func:`stances.store.read_statements`), from ``stances extract``
or from any other source.

A *vote* is what one independent voice contributes to a cell. The ``dedup``
policy says what counts as one voice for an actor and an issue:

========== ============================================================
policy     one vote per
========== ============================================================
statement  statement (no deduplication)
article    article (default: a wire story repeated in ten paragraphs is one voice)
day        day (several outlets running the same story the same day count once)
week       ISO week
========== ============================================================

A vote's value is the mean score of its statements; a cell's score is the
mean of its votes.

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({
...     "doc": ["a", "a", "b", "c"],
...     "date": ["2020-07-06", "2020-07-06", "2020-07-08", "2020-07-08"],
...     "actor": ["TUR", "TUR", "TUR", "RUS"],
...     "issue": ["ceasefire_conditions"] * 4,
...     "score": [1.0, 1.0, 0.5, -1.0], "start": [0, 50, 0, 10], "end": [40, 90, 30, 60]})
>>> t = stance_table(s, week="2020-W28")
>>> t[["actor", "score", "statements", "articles", "position"]].to_dict("records")
[{'actor': 'RUS', 'score': -1.0, 'statements': 1, 'articles': 1, 'position': 'oppose'}, \
{'actor': 'TUR', 'score': 0.75, 'statements': 3, 'articles': 2, 'position': 'support'}]
>>> stance_matrix(t).loc["TUR", "ceasefire_conditions"]
np.float64(0.75)
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
from typing import Iterable

import numpy as np
import pandas as pd

from .model import iso_week

__all__ = [
    "DEDUP_POLICIES",
    "TABLE_COLUMNS",
    "SHIFT_COLUMNS",
    "SHIFT_KINDS",
    "POSITION_THRESHOLD",
    "CONFIDENCE_LEVELS",
    "LOOKBACK_WEEKS",
    "RECENT_WEEKS",
    "confidence_level",
    "score_text",
    "stance_table",
    "stance_matrix",
    "shifts",
    "parse_week",
    "parse_day",
    "week_start",
    "week_end",
    "previous_week",
    "next_week",
    "weeks_between",
    "statement_ids",
    "iso_weeks",
    "position_label",
    "write_table",
    "to_markdown",
]

#: The deduplication policies of :func:`stance_table`.
DEDUP_POLICIES = ("statement", "article", "day", "week")

#: Columns of :func:`stance_table`, in order.
TABLE_COLUMNS = ["week", "actor", "issue", "score", "position", "statements", "articles", "votes",
                 "first", "last", "evidence", "sources", "confidence"]

#: Columns of :func:`shifts`, in order.
SHIFT_COLUMNS = ["week", "previous_week", "actor", "issue", "change", "score", "previous_score",
                 "position", "previous_position", "statements", "evidence", "articles", "sources",
                 "confidence", "previous_evidence"]

#: The kinds of change of :func:`shifts`, most telling first.
SHIFT_KINDS = ("sign_change", "new", "stronger", "weaker", "gone_silent")

#: Confidence levels of a cell (:func:`confidence_level`), weakest first.
CONFIDENCE_LEVELS = ("low", "medium", "high")

#: Default of :func:`shifts` ``lookback``: a position older than this many weeks is no longer
#: "last known" (the cell counts as ``new`` again). ``None`` would reach back to the first week.
LOOKBACK_WEEKS = 26

#: Default of :func:`shifts` ``recent``: an actor is *active recently* on an issue when it held a
#: position in at least ``min_active`` (default 2) of this many weeks before the week looked at.
RECENT_WEEKS = 4

#: A cell is labelled ``support`` when its score is at least this, ``oppose``
#: when at most minus this; in between ``mixed`` (votes of both signs) or ``neutral``.
POSITION_THRESHOLD = 0.25

_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


# ---------------------------------------------------------------------------
# ISO weeks and dates
# ---------------------------------------------------------------------------

def parse_week(value) -> str:
    """Return the canonical ISO week label ``YYYY-Www`` of *value*.

    *value* is a week label (``2020-W28``, ``2020w28``) or a date (``datetime.date``
    or ``YYYY-MM-DD``), whose week is returned. Raises ValueError for a week
    that does not exist (only years starting or ending on a Thursday have a week 53).

    Examples
    --------
    >>> parse_week("2020-w53"), parse_week("2021-01-03"), parse_week("2021-01-04")
    ('2020-W53', '2020-W53', '2021-W01')
    >>> parse_week("2021-W53")
    Traceback (most recent call last):
    ...
    ValueError: 2021-W53: no such ISO week (2021 has 52 weeks)
    """
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return iso_week(value.date() if isinstance(value, pd.Timestamp) else value)
    text = str(value).strip()
    m = _WEEK_RE.match(text)
    if m:
        year, week = int(m.group(1)), int(m.group(2))
        try:
            _dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            weeks = _dt.date(year, 12, 28).isocalendar()[1]
            raise ValueError(f"{text}: no such ISO week ({year} has {weeks} weeks)") from None
        return f"{year}-W{week:02d}"
    try:
        return iso_week(_dt.date.fromisoformat(text))
    except ValueError:
        raise ValueError(f"{text}: not an ISO week (YYYY-Www) or a date (YYYY-MM-DD)") from None


def week_start(week: str) -> _dt.date:
    """Monday of ISO week *week*.

    >>> week_start("2020-W53"), week_start("2021-W01")
    (datetime.date(2020, 12, 28), datetime.date(2021, 1, 4))
    """
    year, num = parse_week(week).split("-W")
    return _dt.date.fromisocalendar(int(year), int(num), 1)


def week_end(week: str) -> _dt.date:
    """Sunday of ISO week *week*.

    >>> week_end("2020-W53")
    datetime.date(2021, 1, 3)
    """
    return week_start(week) + _dt.timedelta(days=6)


def previous_week(week: str) -> str:
    """The ISO week before *week*.

    >>> previous_week("2021-W01"), previous_week("2020-W01")
    ('2020-W53', '2019-W52')
    """
    return iso_week(week_start(week) - _dt.timedelta(days=7))


def next_week(week: str) -> str:
    """The ISO week after *week*.

    >>> next_week("2020-W53")
    '2021-W01'
    """
    return iso_week(week_start(week) + _dt.timedelta(days=7))


def weeks_between(first: str, last: str) -> list[str]:
    """Every ISO week from *first* to *last*, inclusive.

    >>> weeks_between("2020-W52", "2021-W02")
    ['2020-W52', '2020-W53', '2021-W01', '2021-W02']
    """
    out, day, end = [], week_start(first), week_start(last)
    while day <= end:
        out.append(iso_week(day))
        day += _dt.timedelta(days=7)
    return out


def parse_day(value, *, end: bool = False) -> _dt.date | None:
    """A window bound: a date ``YYYY-MM-DD`` or an ISO week (its Monday, or its Sunday with *end*).

    >>> parse_day("2020-W28"), parse_day("2020-W28", end=True), parse_day("2020-07-09")
    (datetime.date(2020, 7, 6), datetime.date(2020, 7, 12), datetime.date(2020, 7, 9))
    """
    if value is None or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if _WEEK_RE.match(text):
        return week_end(text) if end else week_start(text)
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text}: not a date (YYYY-MM-DD) or an ISO week (YYYY-Www)") from None


def confidence_level(articles: int, sources: int) -> str:
    """How much evidence backs a cell: ``low``, ``medium`` or ``high``.

    ``low``: one article (a single report, however many sentences it has);
    ``medium``: two or more articles, but not ``high``; ``high``: three or more
    articles from at least two outlets (an unknown source counts as one outlet).

    >>> confidence_level(1, 1), confidence_level(2, 1), confidence_level(3, 2), confidence_level(5, 1)
    ('low', 'medium', 'high', 'medium')
    """
    articles, sources = int(articles), int(sources)
    if articles >= 3 and sources >= 2:
        return "high"
    if articles >= 2:
        return "medium"
    return "low"


def score_text(score: float, votes: int = 1) -> str:
    """A cell score rounded to what its evidence supports.

    A mean of fewer than ten votes cannot tell +0.93 from +0.9: it is shown
    with one decimal; two decimals need ten votes or more.

    >>> score_text(0.933, 3), score_text(0.933, 12), score_text(-1.0, 1), score_text(float("nan"))
    ('+0.9', '+0.93', '-1.0', '')
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return ""
    value = float(score)
    text = f"{value:+.2f}" if int(votes) >= 10 else f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else "0.00" if text in ("+0.00", "-0.00") else text


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

def iso_weeks(dates: pd.Series) -> pd.Series:
    """ISO week labels of a datetime64 series (missing where the date is NaT), vectorized.

    >>> iso_weeks(pd.Series(pd.to_datetime(["2021-01-03", None, "2021-01-04"]))).tolist()
    ['2020-W53', nan, '2021-W01']
    """
    iso = dates.dt.isocalendar()
    labels = iso["year"].astype("string") + "-W" + iso["week"].astype("string").str.zfill(2)
    return labels.astype(object).where(dates.notna(), None).astype(str).where(dates.notna())


def statement_ids(statements: pd.DataFrame) -> pd.Series:
    """Evidence ids of statements: ``doc:start-end`` (the article and the character span of the evidence).

    The id is stable across rule versions and stores, and locates the exact
    words in the article text.

    >>> statement_ids(pd.DataFrame({"doc": ["seed"], "start": [10], "end": [42]})).tolist()
    ['seed:10-42']
    """
    return (statements["doc"].astype(str) + ":" + statements["start"].astype("int64").astype(str)
            + "-" + statements["end"].astype("int64").astype(str))


def position_label(score: float, has_support: bool = True, has_oppose: bool = True) -> str:
    """Label of a cell score: ``support``, ``oppose``, ``mixed`` or ``neutral``.

    >>> position_label(0.6), position_label(-1.0), position_label(0.0, True, True), position_label(0.1, True, False)
    ('support', 'oppose', 'mixed', 'neutral')
    """
    if score >= POSITION_THRESHOLD:
        return "support"
    if score <= -POSITION_THRESHOLD:
        return "oppose"
    return "mixed" if has_support and has_oppose else "neutral"


def _coerce_statements(statements) -> pd.DataFrame:
    if isinstance(statements, pd.DataFrame):
        df = statements
    else:
        from .store import read_statements

        df = read_statements(statements)
    missing = [c for c in ("doc", "actor", "issue", "score") if c not in df.columns]
    if missing:
        raise ValueError(f"not a statement frame: missing column(s) {', '.join(missing)}")
    df = df.copy()
    for col in ("date", "start", "end", "rules_version"):
        if col not in df.columns:
            df[col] = None
    if not pd.api.types.is_datetime64_any_dtype(df["date"]):
        df["date"] = pd.to_datetime(df["date"], errors="coerce")
    df["date"] = df["date"].dt.normalize()
    df["week"] = iso_weeks(df["date"])
    df["actor"] = df["actor"].astype(str)
    df["issue"] = df["issue"].astype(str)
    df["doc"] = df["doc"].astype(str)
    df["score"] = pd.to_numeric(df["score"], errors="coerce").astype(float)
    for col in ("start", "end"):
        df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype("int64")
    df = df[df["score"].notna()]
    versions = sorted({str(v) for v in df["rules_version"].dropna().unique()
                       if str(v) and not str(v).startswith("dna:")})
    if len(versions) > 1:
        raise ValueError(f"statements from {len(versions)} rule versions ({', '.join(versions)}): "
                         "a table never mixes versions; read one with read_statements(db, rules_version=...)")
    return df


def _window_label(since, until) -> str:
    if since is None and until is None:
        return "all"
    return f"{since.isoformat() if since else '..'}/{until.isoformat() if until else '..'}"


def _empty_table() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype=str) for c in TABLE_COLUMNS})
    for c in ("score",):
        df[c] = df[c].astype(float)
    for c in ("statements", "articles", "votes", "sources"):
        df[c] = df[c].astype("int64")
    for c in ("first", "last"):
        df[c] = df[c].astype("datetime64[ns]")
    return df


def stance_table(statements, week=None, dedup: str = "article", *, since=None, until=None,
                 min_evidence: int = 1, pooled: bool = False) -> pd.DataFrame:
    """Aggregate statements into a tidy actor × issue (× week) table.

    Parameters
    ----------
    statements : DataFrame, or a path / Store read with :func:`stances.store.read_statements`
        One row per statement. It must hold a single rule version (imported
        ``dna:`` statements may sit alongside); undated statements never enter
        a weekly row.
    week : str or list of str, optional
        Only these ISO weeks (``"2020-W28"``; a date selects its week).
        Default: every week.
    dedup : {"article", "statement", "day", "week"}
        What counts as one vote (see the module notes). Default ``article``.
    since, until : date, ``YYYY-MM-DD`` or ISO week, optional
        Inclusive date window (a week as *since* means its Monday, as *until* its Sunday).
    min_evidence : int
        Drop cells with fewer votes than this (default 1: keep all).
    pooled : bool
        One row per actor × issue over the whole selection instead of one
        per week; its ``week`` is the window label ``since/until``
        (``"2020-07-01/2020-07-31"``, ``".."`` for an open end, ``"all"``
        for no window, which also counts undated statements).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_COLUMNS`: ``week``, ``actor``, ``issue``,
        ``score`` (mean vote in [-1, 1]), ``position`` (see
        :func:`position_label`), ``statements``, ``articles`` (distinct docs),
        ``votes`` (after deduplication), ``first``/``last`` (dates),
        ``evidence`` (``;``-separated ids from :func:`statement_ids`, in
        date order). Sorted by week, actor, issue.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"doc": ["a", "a", "b"], "date": ["2020-12-31", "2020-12-31", "2021-01-05"],
    ...                   "actor": ["EGY"] * 3, "issue": ["sirte_red_line"] * 3, "score": [1.0] * 3})
    >>> stance_table(s)[["week", "statements", "votes"]].to_dict("records")
    [{'week': '2020-W53', 'statements': 2, 'votes': 1}, {'week': '2021-W01', 'statements': 1, 'votes': 1}]
    >>> stance_table(s, dedup="statement", pooled=True)[["week", "votes"]].to_dict("records")
    [{'week': 'all', 'votes': 3}]
    """
    if dedup not in DEDUP_POLICIES:
        raise ValueError(f"unknown dedup policy {dedup!r} (choose from {', '.join(DEDUP_POLICIES)})")
    if int(min_evidence) < 1:
        raise ValueError("min_evidence must be at least 1")
    df = _coerce_statements(statements)
    lo, hi = parse_day(since), parse_day(until, end=True)
    if lo and hi and lo > hi:
        raise ValueError(f"empty window: since {lo} is after until {hi}")
    window = lo is not None or hi is not None
    if window or not pooled or week is not None:
        df = df[df["date"].notna()]
    if lo is not None:
        df = df[df["date"] >= pd.Timestamp(lo)]
    if hi is not None:
        df = df[df["date"] <= pd.Timestamp(hi)]
    if week is not None:
        weeks = [week] if isinstance(week, (str, _dt.date)) else list(week)
        wanted = {parse_week(w) for w in weeks}
        df = df[df["week"].isin(wanted)]
    if df.empty:
        return _empty_table()
    df = df.sort_values(["date", "doc", "start", "end"], na_position="last", kind="stable").copy()
    df["_id"] = statement_ids(df)
    src_col = df["source"] if "source" in df.columns else pd.Series("", index=df.index)
    src_col = src_col.astype(object).where(src_col.notna(), "").astype(str).str.strip().str.casefold()
    # articles without a source count together as one outlet
    df["_source"] = src_col.where(src_col != "", "?")
    if pooled:
        df["_cell"] = _window_label(lo, hi)
    else:
        df["_cell"] = df["week"]
    if dedup == "statement":
        df["_unit"] = np.arange(len(df)).astype(str)
    elif dedup == "article":
        df["_unit"] = df["doc"]
    else:
        key = df["date"].dt.strftime("%Y-%m-%d") if dedup == "day" else df["week"]
        df["_unit"] = key.where(df["date"].notna(), "doc:" + df["doc"])
    keys = ["_cell", "actor", "issue"]
    votes = df.groupby(keys + ["_unit"], sort=True)["score"].mean().reset_index()
    vote_agg = votes.groupby(keys, sort=True)["score"].agg(
        score="mean", votes="size", _pos=lambda s: bool((s > 0).any()), _neg=lambda s: bool((s < 0).any()))
    grouped = df.groupby(keys, sort=True)
    cells = pd.DataFrame({
        "statements": grouped.size(),
        "articles": grouped["doc"].nunique(),
        "first": grouped["date"].min(),
        "last": grouped["date"].max(),
        "evidence": grouped["_id"].agg(lambda ids: ";".join(dict.fromkeys(ids))),
        "sources": grouped["_source"].nunique(),
    }).join(vote_agg)
    cells = cells[cells["votes"] >= int(min_evidence)].reset_index()
    if cells.empty:
        return _empty_table()
    cells["score"] = cells["score"].clip(-1.0, 1.0).round(6)
    cells["position"] = [position_label(s, p, n) for s, p, n in zip(cells["score"], cells["_pos"], cells["_neg"])]
    cells["confidence"] = [confidence_level(a, s) for a, s in zip(cells["articles"], cells["sources"])]
    cells = cells.rename(columns={"_cell": "week"})
    out = cells[TABLE_COLUMNS].sort_values(["week", "actor", "issue"], kind="stable").reset_index(drop=True)
    for c in ("week", "actor", "issue", "position", "evidence", "confidence"):
        out[c] = out[c].astype(str)
    for c in ("statements", "articles", "votes", "sources"):
        out[c] = out[c].astype("int64")
    for c in ("first", "last"):
        out[c] = out[c].astype("datetime64[ns]")
    return out


def stance_matrix(table: pd.DataFrame, value: str = "score", week: str | None = None) -> pd.DataFrame:
    """The wide actor × issue view of a one-week (or pooled) :func:`stance_table`.

    Parameters
    ----------
    table : DataFrame
        From :func:`stance_table`.
    value : str
        The column shown in the cells (``score``, ``position``, ``statements``...).
    week : str, optional
        Pick one week when *table* holds several.

    Returns
    -------
    pandas.DataFrame
        Index ``actor``, columns ``issue`` (both sorted); NaN where an actor
        said nothing on an issue.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"week": ["2020-W28"] * 2, "actor": ["TUR", "RUS"],
    ...                   "issue": ["ceasefire_conditions"] * 2, "score": [1.0, -1.0]})
    >>> stance_matrix(t)  # doctest: +NORMALIZE_WHITESPACE
    issue  ceasefire_conditions
    actor
    RUS                   -1.0
    TUR                    1.0
    """
    if value not in table.columns:
        raise ValueError(f"no column {value!r} in the table")
    df = table
    if week is not None:
        label = week if week == "all" or "/" in str(week) else parse_week(week)
        df = df[df["week"] == label]
    elif "week" in df.columns and df["week"].nunique() > 1:
        raise ValueError(f"the table holds {df['week'].nunique()} weeks; pass week=... "
                         "(or build it with stance_table(statements, week=...))")
    if df.empty:
        return pd.DataFrame(index=pd.Index([], name="actor"), columns=pd.Index([], name="issue"))
    wide = df.pivot(index="actor", columns="issue", values=value)
    wide = wide.sort_index().sort_index(axis=1)
    wide.index = pd.Index([str(a) for a in wide.index], name="actor")
    wide.columns = pd.Index([str(i) for i in wide.columns], name="issue")
    return wide


def _week_number(labels) -> np.ndarray:
    """Consecutive integers for ISO week labels (one apart for adjacent weeks)."""
    return np.array([week_start(w).toordinal() // 7 for w in labels], dtype="int64")


def _empty_shifts() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in SHIFT_COLUMNS})
    for c in ("score", "previous_score"):
        out[c] = out[c].astype(float)
    for c in ("statements", "articles", "sources"):
        out[c] = out[c].astype("int64")
    return out


def shifts(table, week=None, *, min_change: float = 0.25, dedup: str = "article",
           min_evidence: int = 1, lookback: int | None = LOOKBACK_WEEKS,
           recent: int = RECENT_WEEKS, min_active: int = 2) -> pd.DataFrame:
    """What changed, per actor and issue, against the *last known* position.

    Each cell of a week is compared with the same actor's latest earlier
    position on the issue, whichever week that was (at most *lookback* weeks
    back), not with the calendar week before: a week the news did not cover
    changes nothing.

    Parameters
    ----------
    table : DataFrame
        A weekly :func:`stance_table` holding the weeks looked at and the
        weeks before them (e.g. ``stance_table(statements)``), or a statement
        frame, from which that table is built with *dedup* and *min_evidence*.
    week : str, optional
        Only the changes of this week. Default: every week that has a cell.
    min_change : float
        How much ``|score|`` must grow or shrink to be ``stronger``/``weaker``.
    lookback : int or None
        How many weeks back a last known position may lie (default
        :data:`LOOKBACK_WEEKS`, 26); ``None``: any earlier week.
    recent, min_active : int
        ``gone_silent`` is reported only for an actor that held a position on
        the issue in at least *min_active* of the *recent* weeks before
        (defaults 2 of :data:`RECENT_WEEKS`, 4), and only in a week that has
        statements at all (a week without coverage silences nobody).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHIFT_COLUMNS`. ``change`` is one of

        - ``new``: no earlier position within *lookback* (a first-ever
          position when *lookback* is ``None``);
        - ``sign_change``: the position went from support to oppose or back;
        - ``stronger`` / ``weaker``: same side, ``|score|`` grew / shrank by
          at least *min_change*;
        - ``gone_silent``: nothing this week from an actor active recently.

        ``previous_week`` is the week of the last known position (empty for
        ``new``); ``articles``, ``sources`` and ``confidence`` describe this
        week's cell (for ``gone_silent``: the last one). Unchanged cells are
        not listed. Sorted by week, actor, issue.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"doc": ["a", "b", "c"], "date": ["2020-12-01", "2021-01-05", "2021-01-06"],
    ...                   "actor": ["TUR", "TUR", "RUS"], "issue": ["ceasefire"] * 3,
    ...                   "score": [0.5, -1.0, 1.0]})
    >>> shifts(s)[["week", "previous_week", "actor", "change"]].to_dict("records")
    [{'week': '2020-W49', 'previous_week': '', 'actor': 'TUR', 'change': 'new'}, \
{'week': '2021-W01', 'previous_week': '', 'actor': 'RUS', 'change': 'new'}, \
{'week': '2021-W01', 'previous_week': '2020-W49', 'actor': 'TUR', 'change': 'sign_change'}]
    """
    if lookback is not None and int(lookback) < 1:
        raise ValueError("lookback must be at least 1 week (or None for no limit)")
    if int(recent) < 1 or int(min_active) < 1:
        raise ValueError("recent and min_active must be at least 1")
    target = parse_week(week) if week is not None else None
    if "rule" in table.columns or "sentence" in table.columns or "votes" not in table.columns:
        until = week_end(target) if target is not None else None
        table = stance_table(table, dedup=dedup, min_evidence=min_evidence, until=until)
    if table.empty:
        return _empty_shifts()
    labels = sorted(set(table["week"]))
    for label in labels:
        if not _WEEK_RE.match(str(label)):
            raise ValueError(f"shifts need a weekly table, not one pooled over {label!r}")
    t = table.copy()
    for col in ("week", "actor", "issue"):
        t[col] = t[col].astype(str)
    for col, default in (("articles", 1), ("sources", 1), ("evidence", ""), ("statements", 0)):
        if col not in t.columns:
            t[col] = default
    if "confidence" not in t.columns:
        t["confidence"] = [confidence_level(a, s) for a, s in zip(t["articles"], t["sources"])]
    if target is not None:
        t = t[t["week"] <= target]
    if t.empty:
        return _empty_shifts()
    t["_n"] = _week_number(t["week"])
    t = t.sort_values(["actor", "issue", "_n"], kind="stable").reset_index(drop=True)
    grp = t.groupby(["actor", "issue"], sort=False)
    for col in ("week", "score", "position", "evidence", "_n"):
        t["_prev_" + col.lstrip("_")] = grp[col].shift(1)
    eps = 1e-9
    has_p = t["_prev_n"].notna()
    if lookback is not None:
        has_p &= (t["_n"] - t["_prev_n"].fillna(0)) <= int(lookback)
    cs, ps = t["score"].astype(float), t["_prev_score"].astype(float)
    cpos, ppos = t["position"].astype(str), t["_prev_position"].astype(str)
    flipped = ((cpos == "support") & (ppos == "oppose")) | ((cpos == "oppose") & (ppos == "support"))
    change = np.select(
        [~has_p, flipped, cs.abs() - ps.abs() >= min_change - eps, ps.abs() - cs.abs() >= min_change - eps],
        ["new", "sign_change", "stronger", "weaker"], default="")
    t["change"] = change
    moved = t[t["change"] != ""]
    if target is not None:
        moved = moved[moved["week"] == target]
    known = has_p.reindex(moved.index)
    rows = pd.DataFrame({
        "week": moved["week"],
        "previous_week": moved["_prev_week"].where(known, "").fillna("").astype(str),
        "actor": moved["actor"], "issue": moved["issue"], "change": moved["change"],
        "score": moved["score"].astype(float),
        "previous_score": moved["_prev_score"].where(known).astype(float),
        "position": moved["position"].astype(str),
        "previous_position": moved["_prev_position"].where(known, "").fillna("").astype(str),
        "statements": moved["statements"], "evidence": moved["evidence"].astype(str),
        "articles": moved["articles"], "sources": moved["sources"],
        "confidence": moved["confidence"].astype(str),
        "previous_evidence": moved["_prev_evidence"].where(known, "").fillna("").astype(str),
    }, columns=SHIFT_COLUMNS)
    silent = _silent(t, [target] if target is not None else sorted(set(t["week"])), int(recent),
                     int(min_active))
    out = pd.concat([rows, silent], ignore_index=True) if len(silent) else rows
    if out.empty:
        return _empty_shifts()
    for col in ("statements", "articles", "sources"):
        out[col] = out[col].astype("int64")
    for col in ("score", "previous_score"):
        out[col] = out[col].astype(float)
    return out.sort_values(["week", "actor", "issue"], kind="stable").reset_index(drop=True)


def _silent(t: pd.DataFrame, weeks: list, recent: int, min_active: int) -> pd.DataFrame:
    """``gone_silent`` rows: active in >= min_active of the recent weeks, silent in a covered week."""
    covered = set(t["week"])
    out = []
    for w in weeks:
        if w not in covered:
            continue  # nobody is silenced by a week without statements
        n = week_start(w).toordinal() // 7
        now = t[t["_n"] == n]
        said = set(zip(now["actor"], now["issue"]))
        before = t[(t["_n"] < n) & (t["_n"] >= n - recent)]
        if before.empty:
            continue
        active = before.groupby(["actor", "issue"], sort=True)["_n"].agg(["size", "max"])
        for (actor, issue), rec in active.iterrows():
            if rec["size"] < min_active or (actor, issue) in said:
                continue
            last = before[(before["actor"] == actor) & (before["issue"] == issue) & (before["_n"] == rec["max"])].iloc[0]
            out.append({"week": w, "previous_week": str(last["week"]), "actor": actor, "issue": issue,
                        "change": "gone_silent", "score": float("nan"), "previous_score": float(last["score"]),
                        "position": "", "previous_position": str(last["position"]), "statements": 0,
                        "evidence": "", "articles": int(last["articles"]), "sources": int(last["sources"]),
                        "confidence": str(last["confidence"]), "previous_evidence": str(last["evidence"])})
    return pd.DataFrame(out, columns=SHIFT_COLUMNS)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def to_markdown(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> str:
    """Render *frame* as a GitHub Markdown table (dates as ``YYYY-MM-DD``, scores with 2 decimals).

    >>> print(to_markdown(pd.DataFrame({"actor": ["TUR"], "score": [0.5]})))
    | actor | score |
    | --- | ---: |
    | TUR | 0.50 |
    """
    cols = list(columns) if columns is not None else list(frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in cols]
    lines = ["| " + " | ".join(cols) + " |",
             "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    for rec in frame[cols].itertuples(index=False):
        lines.append("| " + " | ".join(_cell_text(v).replace("|", "\\|") for v in rec) + " |")
    return "\n".join(lines)


def _json_records(frame: pd.DataFrame) -> str:
    records = []
    for rec in frame.to_dict("records"):
        out = {}
        for k, v in rec.items():
            if isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            elif v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
                v = None
            elif isinstance(v, np.generic):
                v = v.item()
            out[k] = v
        records.append(out)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_table(frame: pd.DataFrame, fmt: str = "csv", path=None) -> str | None:
    """Write a table as ``csv``, ``parquet``, ``json`` (records) or ``markdown``.

    With *path* the file is written (Parquet through :func:`stances.io.write_parquet`:
    ``first``/``last`` are calendar dates) and ``None`` is
    returned; without, the text is returned (Parquet needs a path).

    >>> print(write_table(pd.DataFrame({"actor": ["TUR"], "score": [1.0]}), "csv"), end="")
    actor,score
    TUR,1.0
    """
    fmt = fmt.lower()
    if fmt == "parquet":
        if path is None:
            raise ValueError("parquet needs an output file (-o FILE)")
        from .io import write_parquet  # dates as calendar dates, floats rounded: as every Parquet file

        write_parquet(frame, path)
        return None
    if fmt == "csv":
        text = frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
    elif fmt == "json":
        text = _json_records(frame)
    elif fmt in ("markdown", "md"):
        text = to_markdown(frame) + "\n"
    else:
        raise ValueError(f"unknown format {fmt!r} (choose csv, parquet, json or markdown)")
    if path is None:
        return text
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return None
