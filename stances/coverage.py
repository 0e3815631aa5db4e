"""Coverage and gaps: what the rules read, what they missed, who spoke without being an actor.

For each article of a report window, :func:`scan_article` records how many
statements it gave, how many rule matches were dropped for want of a holder
(the phrase matched but no speaker, subject or attribution was found), and
the *unknown speakers*: names that speak ("Saudi Arabia said", "said Ahmed
Mismari") but are not an actor, alias, capital or person of the rule set.
:func:`coverage_frame` collects them and :func:`coverage_summary` gives the
counts the report and the command line print, so "nobody said it" can be told
from "the tool missed it".

Examples
--------
>>> from stances import load_rules, Article
>>> rs = load_rules("rules")
>>> c = scan_article(Article("x", "Saudi Arabia said the talks must go on. Egypt called for a ceasefire."), rs)
>>> c.statements, c.dropped, c.speakers
(1, 0, (('Saudi Arabia', 1),))
"""
from __future__ import annotations

import collections
import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from .extract import analyse
from .model import Article, iso_week

__all__ = ["ArticleCoverage", "COVERAGE_COLUMNS", "CoverageTally", "scan_article", "coverage_frame",
           "coverage_summary", "summary_text", "top_speakers"]

#: Columns of :func:`coverage_frame`.
COVERAGE_COLUMNS = ["doc", "date", "week", "title", "source", "url", "statements", "dropped", "speakers"]

@dataclass(frozen=True)
class ArticleCoverage:
    """What the rules found in one article.

    Attributes
    ----------
    doc, title, source, url : str
    date : datetime.date or None
    statements : int
        Statements extracted.
    dropped : int
        Rule matches dropped because no holder was found.
    speakers : tuple of (str, int)
        Unknown speakers and how often each spoke, most frequent first.
    """

    doc: str
    date: _dt.date | None
    title: str
    source: str
    url: str
    statements: int
    dropped: int
    speakers: tuple


def scan_article(article: Article, ruleset, statements: int | None = None) -> ArticleCoverage:
    """Statements, holder-less matches and unknown speakers of one article.

    Parameters
    ----------
    article : Article
    ruleset : RuleSet
    statements : int, optional
        The article's statement count when already known (e.g. from the
        store); default: the count of this analysis.

    Returns
    -------
    ArticleCoverage
    """
    result = analyse(article, ruleset, speakers=True)
    n = len(result.statements) if statements is None else int(statements)
    return ArticleCoverage(str(article.doc), article.date, str(article.title or ""), str(article.source or ""),
                           str(article.url or ""), n, int(result.dropped), result.speakers)


def coverage_frame(items: Iterable[ArticleCoverage]):
    """One row per article (columns :data:`COVERAGE_COLUMNS`), sorted by date then doc.

    >>> coverage_frame([]).columns.tolist() == COVERAGE_COLUMNS
    True
    """
    import pandas as pd

    rows = [{"doc": c.doc, "date": pd.Timestamp(c.date) if c.date else pd.NaT,
             "week": iso_week(c.date) if c.date else None, "title": c.title, "source": c.source,
             "url": c.url, "statements": int(c.statements), "dropped": int(c.dropped),
             "speakers": tuple(c.speakers)} for c in items]
    df = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    for col in ("statements", "dropped"):
        df[col] = df[col].astype("int64")
    return df.sort_values(["date", "doc"], na_position="last", kind="stable").reset_index(drop=True)


class CoverageTally:
    """Coverage counts gathered article by article, without pandas (the summary lines of
    ``extract``, ``ingest`` and ``report``).

    Examples
    --------
    >>> t = CoverageTally()
    >>> t.add(2, 1, ())
    >>> t.add(0, 3, (("Jordan", 2),))
    >>> t.summary()
    '2 articles, 1 without statements, 4 matches dropped for want of a holder; not actors in the rules: Jordan (2)'
    """

    def __init__(self):
        self.articles = 0
        self.with_statements = 0
        self.statements = 0
        self.dropped = 0
        self._times: collections.Counter = collections.Counter()
        self._docs: collections.Counter = collections.Counter()

    def add(self, statements: int, dropped: int, speakers) -> None:
        """Count one article: its statements, dropped matches and ``(name, times)`` speakers."""
        self.articles += 1
        self.with_statements += 1 if statements else 0
        self.statements += int(statements)
        self.dropped += int(dropped)
        for name, k in speakers:
            self._times[name] += int(k)
            self._docs[name] += 1

    def top_speakers(self, n: int = 10) -> list[tuple[str, int, int]]:
        """The most frequent unknown speakers: ``(name, times, articles)``, most frequent first."""
        t, d = self._times, self._docs
        ranked = sorted(t, key=lambda name: (-t[name], -d[name], name))
        return [(name, t[name], d[name]) for name in ranked[:n]]

    def counts(self) -> dict:
        """The counts of :func:`coverage_summary`."""
        return {"articles": self.articles, "with_statements": self.with_statements,
                "without_statements": self.articles - self.with_statements,
                "statements": self.statements, "dropped": self.dropped,
                "unknown_speakers": len(self._times)}

    def summary(self, n_speakers: int = 3) -> str:
        """One line: articles, those without statements, dropped matches, top unknown speakers."""
        a, d = self.articles, self.dropped
        text = (f"{a:,} {'article' if a == 1 else 'articles'}, "
                f"{self.articles - self.with_statements:,} without statements, "
                f"{d:,} {'match' if d == 1 else 'matches'} dropped for want of a holder")
        top = self.top_speakers(n_speakers)
        if top:
            text += "; not actors in the rules: " + ", ".join(f"{name} ({k:,})" for name, k, _ in top)
        return text

    @classmethod
    def from_frame(cls, frame) -> "CoverageTally":
        """The tally of a :func:`coverage_frame` (columns ``statements``, ``dropped``, ``speakers``)."""
        t = cls()
        n = len(frame)
        speakers = list(frame["speakers"]) if "speakers" in frame else [()] * n
        for st, dr, sp in zip(list(frame["statements"]), list(frame["dropped"]), speakers):
            t.add(int(st), int(dr), sp)
        return t


def top_speakers(frame, n: int = 10) -> list[tuple[str, int, int]]:
    """The most frequent unknown speakers: ``(name, times, articles)``, most frequent first.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"statements": [0, 0], "dropped": [0, 0],
    ...                   "speakers": [(("Saudi Arabia", 3),), (("Saudi Arabia", 1), ("Jordan", 1))]})
    >>> top_speakers(f)
    [('Saudi Arabia', 4, 2), ('Jordan', 1, 1)]
    """
    return CoverageTally.from_frame(frame).top_speakers(n)


def coverage_summary(frame) -> dict:
    """Counts of a coverage frame: ``articles``, ``with_statements``, ``without_statements``,
    ``statements``, ``dropped`` and ``unknown_speakers`` (distinct names).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"statements": [2, 0], "dropped": [1, 3], "speakers": [(), (("Jordan", 1),)]})
    >>> coverage_summary(f)["without_statements"], coverage_summary(f)["dropped"]
    (1, 4)
    """
    return CoverageTally.from_frame(frame).counts()


def summary_text(frame, n_speakers: int = 3) -> str:
    """One line for the command line: the counts of :func:`coverage_summary` and the top speakers.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"statements": [2, 0], "dropped": [1, 3], "speakers": [(), (("Jordan", 2),)]})
    >>> summary_text(f)
    '2 articles, 1 without statements, 4 matches dropped for want of a holder; not actors in the rules: Jordan (2)'
    """
    return CoverageTally.from_frame(frame).summary(n_speakers)
