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

import pandas as pd

from .attribution import _BE
from .model import Article, iso_week
from .text import fold, tokenize

__all__ = ["ArticleCoverage", "COVERAGE_COLUMNS", "scan_article", "coverage_frame", "coverage_summary",
           "summary_text", "top_speakers"]

#: Columns of :func:`coverage_frame`.
COVERAGE_COLUMNS = ["doc", "date", "week", "title", "source", "url", "statements", "dropped", "speakers"]

# words that may stand between a speaker and its verb ("Saudi Arabia has also said")
_LINKS = frozenset(
    "has have had is was were are will would shall should can could may might must do does did also "
    "again then later now once however previously earlier repeatedly reportedly already still further "
    "strongly firmly officially publicly jointly separately recently yesterday today tonight meanwhile "
    "too".split())
# words that end a speaker phrase when walking back from the verb
_STOPS = frozenset("the a an and or but that which who whom whose while as if when since because of "
                   "to for with in on at by from".split())
# capitalised words that are not names when they open a sentence or stand alone
_NOT_NAMES = frozenset(
    "he she it they we i you this that these those there here his her its their our officials "
    "official sources analysts diplomats observers experts critics residents witnesses spokesman spokeswoman "
    "spokesperson minister ministry government president statement report reports monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december but and or so yet also however meanwhile participants "
    "leaders countries states despite".split())
_MAX_WORDS = 5
# lower-case heads of a speaker phrase ("the Saudi foreign ministry said")
_HEADS = frozenset("ministry embassy government army forces media spokesman spokeswoman spokesperson "
                   "office council presidency parliament league union officials official envoy mission "
                   "delegation authorities command cabinet leadership".split())
_PREPOSITIONS = frozenset("in of on at to from by for with into near around across over under between "
                          "among against about through toward towards".split())


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


def _speech_cues(ruleset) -> tuple[frozenset, tuple]:
    exact, prefixes = set(), []
    lex = ruleset.lexicon
    def add(items) -> None:
        if len(items) != 1:
            return  # multi-word cues ("call on") are left to the extractor
        item = items[0]
        if hasattr(item, "prefix") and hasattr(item, "text"):
            (prefixes.append(item.text) if item.prefix else exact.add(item.text))
        for option in getattr(item, "options", ()):  # (say|tell)
            add(tuple(option) if isinstance(option, (list, tuple)) else (option,))

    for entry in list(lex.speech_verbs) + list(lex.attitude_verbs):
        add(tuple(entry[1]))
    return frozenset(exact), tuple(sorted(set(prefixes)))


def _is_cap(text: str, tok) -> bool:
    return text[tok.start].isupper() or tok.caps


def _phrase(text: str, toks: list, lo: int, hi: int) -> tuple[int, int] | None:
    """Trim tokens [lo, hi) to a name: at least one capitalised word that is not a common word,
    ending in a capitalised word or an organisation noun."""
    while lo < hi and (toks[lo].norm in _NOT_NAMES or toks[lo].norm in _PREPOSITIONS
                       or not _is_cap(text, toks[lo])):
        lo += 1
    while hi > lo and toks[hi - 1].norm == "'s":
        hi -= 1
    if lo >= hi:
        return None
    if not any(_is_cap(text, t) and t.norm not in _NOT_NAMES for t in toks[lo:hi]):
        return None
    last = toks[hi - 1]
    if not (_is_cap(text, last) or last.norm in _HEADS):
        return None
    return lo, hi


def _adjacent(text: str, a, b) -> bool:
    """Tokens *a* and *b* are separated by spaces (or nothing) only."""
    gap = text[a.end:b.start]
    return gap.strip() == "" and "\n" not in gap


def _speakers_in(text: str, start: int, end: int, mentions: list, cues) -> list[str]:
    exact, prefixes = cues
    toks = tokenize(fold(text), text, start, end)
    taken = [(m.char_start, m.char_end) for m in mentions]
    found = []
    for i, tok in enumerate(toks):
        if not (tok.norm in exact or tok.norm.startswith(prefixes)) or text[tok.start].isupper():
            continue
        if tok.norm.endswith("ing"):
            continue  # ", saying ...": continues an earlier subject
        spans = []
        before = text[toks[i - 1].end:tok.start] if i > 0 else ""
        # before the verb: "Saudi Arabia (has also) said", "the US Embassy in Libya said"
        j = i - 1
        passive = False
        while j >= 0 and toks[j].norm in _LINKS and _adjacent(text, toks[j], toks[j + 1]):
            passive = passive or toks[j].norm in _BE
            j -= 1
        hi = lo = j + 1
        while lo - 1 >= 0 and hi - lo < _MAX_WORDS and _adjacent(text, toks[lo - 1], toks[lo]):
            prev = toks[lo - 1]
            if prev.norm in ("of", "in") and lo - 2 >= 0 and _is_cap(text, toks[lo - 2]) \
                    and _adjacent(text, toks[lo - 2], prev):
                lo -= 1  # "Ministry of Foreign Affairs", "Embassy in Libya"
                continue
            if prev.norm in _STOPS or prev.norm in _PREPOSITIONS:
                break
            lo -= 1
        at_place = lo > 0 and toks[lo - 1].norm in _PREPOSITIONS and _adjacent(text, toks[lo - 1], toks[lo])
        if hi > lo and not passive and not at_place and "," not in before and j >= 0:
            spans.append((lo, hi))
        # after the verb when it follows a comma or a quote: '..., said Ahmed Mismari, a spokesman'
        if any(c in before for c in ",\"”'’"):
            k = i + 1
            while k < len(toks) and k - (i + 1) < _MAX_WORDS and _is_cap(text, toks[k]) \
                    and _adjacent(text, toks[k - 1], toks[k]):
                k += 1
            if k > i + 1:
                spans.append((i + 1, k))
        for lo, hi in spans:
            got = _phrase(text, toks, lo, hi)
            if got is None:
                continue
            a, b = toks[got[0]].start, toks[got[1] - 1].end
            if any(x < b and a < y for x, y in taken):
                continue  # a known actor, person or role is (part of) this speaker
            found.append(" ".join(text[a:b].split()))
            break
    return found


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
    from .extract import analyse

    result = analyse(article, ruleset, trace=True)
    cues = _speech_cues(ruleset)
    counts: collections.Counter = collections.Counter()
    for s in result.sentences:
        counts.update(_speakers_in(article.text, s.start, s.end, s.mentions, cues))
    speakers = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    n = len(result.statements) if statements is None else int(statements)
    return ArticleCoverage(str(article.doc), article.date, str(article.title or ""), str(article.source or ""),
                           str(article.url or ""), n, int(result.dropped), speakers)


def coverage_frame(items: Iterable[ArticleCoverage]) -> pd.DataFrame:
    """One row per article (columns :data:`COVERAGE_COLUMNS`), sorted by date then doc.

    >>> coverage_frame([]).columns.tolist() == COVERAGE_COLUMNS
    True
    """
    rows = [{"doc": c.doc, "date": pd.Timestamp(c.date) if c.date else pd.NaT,
             "week": iso_week(c.date) if c.date else None, "title": c.title, "source": c.source,
             "url": c.url, "statements": int(c.statements), "dropped": int(c.dropped),
             "speakers": tuple(c.speakers)} for c in items]
    df = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    for col in ("statements", "dropped"):
        df[col] = df[col].astype("int64")
    return df.sort_values(["date", "doc"], na_position="last", kind="stable").reset_index(drop=True)


def top_speakers(frame: pd.DataFrame, n: int = 10) -> list[tuple[str, int, int]]:
    """The most frequent unknown speakers: ``(name, times, articles)``, most frequent first.

    >>> f = pd.DataFrame({"speakers": [(("Saudi Arabia", 3),), (("Saudi Arabia", 1), ("Jordan", 1))]})
    >>> top_speakers(f)
    [('Saudi Arabia', 4, 2), ('Jordan', 1, 1)]
    """
    times: collections.Counter = collections.Counter()
    docs: collections.Counter = collections.Counter()
    for speakers in frame.get("speakers", []):
        for name, k in speakers:
            times[name] += int(k)
            docs[name] += 1
    ranked = sorted(times, key=lambda name: (-times[name], -docs[name], name))
    return [(name, times[name], docs[name]) for name in ranked[:n]]


def coverage_summary(frame: pd.DataFrame) -> dict:
    """Counts of a coverage frame: ``articles``, ``with_statements``, ``without_statements``,
    ``statements``, ``dropped`` and ``unknown_speakers`` (distinct names).

    >>> f = pd.DataFrame({"statements": [2, 0], "dropped": [1, 3], "speakers": [(), (("Jordan", 1),)]})
    >>> coverage_summary(f)["without_statements"], coverage_summary(f)["dropped"]
    (1, 4)
    """
    n = len(frame)
    with_st = int((frame["statements"] > 0).sum()) if n else 0
    names = {name for speakers in frame.get("speakers", []) for name, _ in speakers}
    return {"articles": n, "with_statements": with_st, "without_statements": n - with_st,
            "statements": int(frame["statements"].sum()) if n else 0,
            "dropped": int(frame["dropped"].sum()) if n else 0, "unknown_speakers": len(names)}


def summary_text(frame: pd.DataFrame, n_speakers: int = 3) -> str:
    """One line for the command line: the counts of :func:`coverage_summary` and the top speakers.

    >>> f = pd.DataFrame({"statements": [2, 0], "dropped": [1, 3], "speakers": [(), (("Jordan", 2),)]})
    >>> summary_text(f)
    '2 articles, 1 without statements, 4 matches dropped for want of a holder; not actors in the rules: Jordan (2)'
    """
    c = coverage_summary(frame)
    text = (f"{c['articles']} {'article' if c['articles'] == 1 else 'articles'}, "
            f"{c['without_statements']} without statements, "
            f"{c['dropped']} {'match' if c['dropped'] == 1 else 'matches'} dropped for want of a holder")
    top = top_speakers(frame, n_speakers)
    if top:
        text += "; not actors in the rules: " + ", ".join(f"{name} ({k})" for name, k, _ in top)
    return text
