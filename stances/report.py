"""The weekly report: one self-contained HTML page, PNG figures and the data behind them.

:func:`write_report` turns a :class:`~stances.store.Corpus` (statements plus
article counts, from :func:`stances.store.load_corpus`) and the rule set into
a folder ``<out>/<YYYY-Www>/`` (or ``<out>/all/``) holding

========================= ==================================================
``index.html``            the report: one file, CSS inline, figures embedded
                          as ``data:`` URIs, no scripts, opens from disk
``heatmap.png``           actor x issue scores, diverging colours centred on 0
``agreement.png``         actors who take the same stance on an issue
``disagreement.png``      actors who take opposite stances
``shifts.png``            what changed against each last known position
``statements.csv``        the statements of the report (one row each)
``table.csv``             the actor x issue table (:func:`stances.table.stance_table`)
``changes.csv``           the changes (:func:`stances.table.shifts`)
``graph.graphml``         agreement and disagreement ties in one graph
``summary.json``          what ``<out>/index.html`` shows of the week
========================= ==================================================

and rewrites ``<out>/index.html``, the list of every report in *out*
(:func:`write_index`). :func:`make_report` loads a corpus, reads its articles
again for the coverage section (:func:`load_coverage`, :mod:`stances.coverage`)
and writes one week, all weeks, or every week of a window plus the timeline
page (:func:`write_timeline`, :mod:`stances.timeline`). The page's numbers come
from :mod:`stances.table` and :mod:`stances.network`; its two own figures are
drawn in :mod:`stances.report_figures`.

Everything is deterministic: the same inputs give byte-identical files (no
timestamp unless *stamp* is given). The folder is built in a hidden
temporary folder inside *out* and renamed into place, so a failed run never
leaves half a report and a re-run replaces the week cleanly.

All text that comes from articles or rules goes through Jinja2's
autoescaping; links are kept only for ``http``/``https`` URLs.

Examples
--------
>>> import pandas as pd, tempfile
>>> from stances.store import Corpus, normalize_statements
>>> s = normalize_statements(pd.DataFrame({
...     "doc": ["a", "a"], "date": ["2020-07-09"] * 2, "actor": ["GBR", "RUS"],
...     "issue": ["ceasefire"] * 2, "score": [1.0, -1.0], "rule": ["r1", "r2"],
...     "sentence": ["Britain called for a ceasefire.", "Russia rejected a ceasefire."],
...     "start": [0, 40], "end": [31, 68], "url": ["https://example.org/a"] * 2}))
>>> corpus = Corpus(s, articles=1, undated=0, rejected=0, rules_version="demo")
>>> result = write_report(corpus, None, tempfile.mkdtemp())
>>> result.label, result.path.name, result.statements
('2020-W28', 'index.html', 2)
"""
from __future__ import annotations

import base64
import errno
import json
import datetime as _dt

import math
import os
import re
import secrets
import signal
import shutil
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2
import networkx as nx
import numpy as np
import pandas as pd

from .model import InputError, StancesError
from . import coverage as _cov
from . import draw as _draw
from . import network as _network
from . import table as _table
from . import timeline as _timeline
from .report_figures import CHANGE_COLORS as _CHANGE_COLORS
from .report_figures import CHANGE_LABELS as _CHANGE_LABELS
from .report_figures import draw_heatmap, draw_shifts, score_colors

__all__ = [
    "REPORT_FILES",
    "MAX_EVIDENCE",
    "DEDUP",
    "GRAPH_DUPLICATES",
    "ReportError",
    "ReportResult",
    "parse_report_week",
    "latest_week",
    "report_label",
    "safe_url",
    "score_colors",
    "draw_heatmap",
    "draw_shifts",
    "tie_graph",
    "report_context",
    "render_html",
    "write_report",
    "write_index",
    "write_timeline",
    "report_weeks",
    "load_coverage",
    "make_report",
    "ALL_FILES",
    "TIMELINE_FOLDER",
]

#: The files of a report folder, in the order they are written.
REPORT_FILES = ("statements.csv", "table.csv", "changes.csv", "graph.graphml", "heatmap.png",
                "agreement.png", "disagreement.png", "shifts.png", "summary.json", "index.html")

#: The report over all weeks also holds ``timeline.png``.
ALL_FILES = REPORT_FILES[:-2] + ("timeline.png",) + REPORT_FILES[-2:]

#: Folder of the timeline page of ``stances report --since W --until W``.
TIMELINE_FOLDER = "timeline"

#: Fewer actor pairs with a tie than this, and the balance measure is flagged as not meaningful.
MIN_TIES = 6

#: At most this many headline changes head the page (all are in the shifts table and changes.csv).
MAX_HEADLINES = 12

#: Deduplication policy of the report's table (see :mod:`stances.table`).
DEDUP = "article"

#: Duplicate policy of the report's graphs (see :func:`stances.network.drop_duplicates`).
GRAPH_DUPLICATES = "document"

#: Seed of the graph layout and of the coalition search.
SEED = 0


#: At most this many evidence sentences are shown per heatmap cell (all are in ``statements.csv``).
MAX_EVIDENCE = 40

_LABEL_RE = re.compile(r"^(?:\d{4}-W\d{2}|all|timeline)$")
_WEEK_INPUT_RE = re.compile(r"^\s*\d{4}-?[Ww]\d{1,2}\s*$")


class ReportError(StancesError):
    """The report cannot be made (no dated statements, bad week, output problem)."""


@dataclass(frozen=True)
class ReportResult:
    """What :func:`write_report` wrote.

    Attributes
    ----------
    path : Path
        The report's ``index.html``.
    label : str
        ``YYYY-Www`` or ``all``.
    statements, actors, issues, articles : int
        Counts of the report's window (``articles``: articles with statements in it).
    coverage : str
        One line of coverage counts (:func:`stances.coverage.summary_text`) when
        the window's articles were read, else empty.
    """

    path: Path
    label: str
    statements: int
    actors: int
    issues: int
    articles: int
    coverage: str = ""

    @property
    def folder(self) -> Path:
        """The report folder."""
        return self.path.parent


# ---------------------------------------------------------------------------
# Weeks and labels
# ---------------------------------------------------------------------------

def parse_report_week(value) -> str:
    """Return the canonical ISO week ``YYYY-Www`` of a ``--week`` value, or raise ReportError.

    Only week labels are accepted (``2020-W28``, ``2020w28``): anything else,
    a week that does not exist, or text that could reach into a path, is refused.

    Examples
    --------
    >>> parse_report_week("2020-w28")
    '2020-W28'
    >>> parse_report_week("../../etc")
    Traceback (most recent call last):
    ...
    stances.report.ReportError: --week '../../etc': not an ISO week (YYYY-Www, e.g. 2020-W28)
    """
    text = str(value)
    if not _WEEK_INPUT_RE.match(text):
        raise ReportError(f"--week {text!r}: not an ISO week (YYYY-Www, e.g. 2020-W28)")
    try:
        return _table.parse_week(text)
    except ValueError as exc:
        raise ReportError(f"--week {text.strip()}: {str(exc).split(': ', 1)[-1]}") from None


def latest_week(statements: pd.DataFrame) -> str | None:
    """The latest ISO week with dated statements (``None`` when there is none).

    >>> latest_week(pd.DataFrame({"week": ["2020-W27", None, "2020-W28"]}))
    '2020-W28'
    """
    if "week" not in statements.columns:
        return None
    weeks = [w for w in statements["week"].dropna().astype(str) if _LABEL_RE.match(w) and w != "all"]
    return max(weeks) if weeks else None


def report_label(statements: pd.DataFrame, week=None, all_weeks: bool = False) -> str:
    """The report's label: the given week, ``all``, or the latest week with dated statements.

    Raises
    ------
    ReportError
        When *week* is not an ISO week, both *week* and *all_weeks* are
        given, or there is no dated statement to pick a default week from.

    Examples
    --------
    >>> s = pd.DataFrame({"week": ["2020-W27", "2020-W28"]})
    >>> report_label(s), report_label(s, "2020-W27"), report_label(s, all_weeks=True)
    ('2020-W28', '2020-W27', 'all')
    """
    if week is not None and all_weeks:
        raise ReportError("--week and --all exclude each other")
    if all_weeks:
        return "all"
    if week is not None:
        return parse_report_week(week)
    found = latest_week(statements)
    if found is None:
        raise ReportError("no dated statements to choose a week from: "
                          "give --week YYYY-Www or --all (undated articles count only in --all)")
    return found


def _check_label(label: str) -> str:
    if not isinstance(label, str) or not _LABEL_RE.match(label):
        raise ReportError(f"{label!r}: not a report label (YYYY-Www or all)")
    return label


# ---------------------------------------------------------------------------
# Small helpers for the page
# ---------------------------------------------------------------------------

def safe_url(url) -> str | None:
    """*url* if it is an absolute ``http``/``https`` URL that is safe to link, else ``None``.

    Examples
    --------
    >>> safe_url(" https://example.org/a?b=1 "), safe_url("javascript:alert(1)"), safe_url("//x.org")
    ('https://example.org/a?b=1', None, None)
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(ord(c) < 0x21 or c in "\x7f\"'<>\\`" for c in text):
        return None
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def _fmt_score(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):+.2f}"


def _fmt_date(value) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _actor_names(ruleset) -> dict:
    if ruleset is None:
        return {}
    return {str(a): str(getattr(obj, "name", a) or a) for a, obj in getattr(ruleset, "actors", {}).items()}


def _issue_info(ruleset) -> dict:
    if ruleset is None:
        return {}
    return {str(i): (str(obj.title or i), str(obj.proposition or ""))
            for i, obj in getattr(ruleset, "issues", {}).items()}


def _png_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------------------
# Graph data
# ---------------------------------------------------------------------------

def tie_graph(agree: nx.Graph, disagree: nx.Graph, names: dict | None = None,
              coalition_of: dict | None = None) -> nx.Graph:
    """One graph with both kinds of ties, for ``graph.graphml``.

    Nodes are the actors of either graph (attributes ``label``, ``name``,
    ``statements`` and ``coalition`` when given); an edge joins every pair
    with agreement or disagreement and carries ``agreement``,
    ``disagreement``, ``weight`` = ``|agreement - disagreement|``, ``sign``
    (+1, -1, 0 when they cancel) and the issues of each kind of tie.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["A", "B", "A", "B"], "issue": ["x", "x", "y", "y"],
    ...                   "score": [1, 1, 1, -1]})
    >>> g = tie_graph(_network.agreement_graph(s), _network.disagreement_graph(s))
    >>> g.edges["A", "B"]["sign"], g.edges["A", "B"]["agreement_issues"]
    (0, 'x')
    """
    g = nx.Graph()
    g.graph.update({"ties": "agreement and disagreement", "duplicates": GRAPH_DUPLICATES})
    for n in sorted(set(agree.nodes) | set(disagree.nodes)):
        src = agree.nodes[n] if n in agree else disagree.nodes[n]
        attrs = {"label": str(src.get("label", n)), "name": str((names or {}).get(n, n)),
                 "statements": int(src.get("statements", 0))}
        if coalition_of is not None:
            attrs["coalition"] = int(coalition_of.get(n, 0))
        g.add_node(n, **attrs)
    pairs = sorted({tuple(sorted(e)) for e in list(agree.edges) + list(disagree.edges)})
    for u, v in pairs:
        a = agree.edges[u, v] if agree.has_edge(u, v) else {}
        d = disagree.edges[u, v] if disagree.has_edge(u, v) else {}
        aw, dw = float(a.get("weight", 0.0)), float(d.get("weight", 0.0))
        g.add_edge(u, v, agreement=aw, disagreement=dw, weight=abs(aw - dw),
                   sign=int(np.sign(aw - dw)), agreement_issues=str(a.get("issues", "")),
                   disagreement_issues=str(d.get("issues", "")))
    return g


# ---------------------------------------------------------------------------
# The page's content
# ---------------------------------------------------------------------------

def _window(statements: pd.DataFrame, label: str) -> pd.DataFrame:
    if label == "all":
        return statements.reset_index(drop=True)
    weeks = statements["week"].astype(object)
    return statements[weeks == label].reset_index(drop=True)


def _evidence(window: pd.DataFrame) -> dict:
    """(actor, issue) -> list of evidence items (one per sentence), in date order."""
    out: dict = {}
    if window.empty:
        return out
    df = window.copy()
    df["_actor"] = df["actor"].astype(str)
    df["_issue"] = df["issue"].astype(str)
    df = df.sort_values(["_actor", "_issue", "date", "doc", "start", "end", "rule"],
                        na_position="last", kind="stable")
    for (actor, issue), group in df.groupby(["_actor", "_issue"], sort=True):
        items: dict = {}
        for row in group.itertuples(index=False):
            key = (str(row.doc), int(row.start), int(row.end))
            item = items.get(key)
            if item is None:
                url = str(row.url or "")
                item = items[key] = {
                    "id": f"{key[0]}:{key[1]}-{key[2]}", "doc": key[0], "sentence": str(row.sentence or ""),
                    "date": _fmt_date(row.date), "source": str(row.source or ""),
                    "title": str(row.title or ""), "url": url, "href": safe_url(url),
                    "holder": str(row.holder_text or ""), "via": str(row.holder_via or ""),
                    "rules": [], "scores": [], "negated": False}
            rule = str(row.rule or "")
            if rule and rule not in item["rules"]:
                item["rules"].append(rule)
            item["scores"].append(float(row.score))
            item["negated"] = item["negated"] or bool(row.negated)
        for item in items.values():
            item["score"] = _fmt_score(sum(item["scores"]) / len(item["scores"]))
            del item["scores"]
        out[(actor, issue)] = list(items.values())
    return out


def _coverage(ruleset, statements: pd.DataFrame, window: pd.DataFrame) -> tuple[list, list]:
    here = window["rule"].astype(str).value_counts() if not window.empty else pd.Series(dtype=int)
    total = statements["rule"].astype(str).value_counts() if not statements.empty else pd.Series(dtype=int)
    known = {}
    for rule in (ruleset.rules if ruleset is not None else []):
        title = str(rule.title or "")
        known[str(rule.id)] = {"id": str(rule.id), "issue": str(rule.issue),
                               "title": "" if title == str(rule.id) else title,
                               "stance": _fmt_score(rule.stance)}
    for rid in sorted(set(here.index) | set(total.index)):
        if rid and rid not in known:
            issue = window.loc[window["rule"].astype(str) == rid, "issue"]
            if issue.empty:
                issue = statements.loc[statements["rule"].astype(str) == rid, "issue"]
            known[rid] = {"id": rid, "issue": str(issue.iloc[0]) if len(issue) else "",
                          "title": "(not in this rule set)", "stance": ""}
    fired, silent = [], []
    for rid, info in known.items():
        row = dict(info, count=int(here.get(rid, 0)), total=int(total.get(rid, 0)))
        (fired if row["count"] else silent).append(row)
    fired.sort(key=lambda r: (-r["count"], r["id"]))
    silent.sort(key=lambda r: (r["issue"], r["id"]))
    return fired, silent


def _change_phrase(r, actor_name: str, issue_title: str) -> str:
    """One line of a change, for the headline list and the index page."""
    now = f"{r.position} {_table.score_text(r.score, 10 if r.statements >= 10 else 1)}"
    if r.change == "new":
        return f"{actor_name} on {issue_title}: first position, {now}"
    before = f"{r.previous_position} {_table.score_text(r.previous_score, 1)} ({r.previous_week})"
    if r.change == "gone_silent":
        return f"{actor_name} on {issue_title}: silent this week (last {before})"
    return f"{actor_name} on {issue_title}: {_CHANGE_LABELS[r.change]}, {before} to {now}"


def _coverage_rows(coverage: pd.DataFrame | None, window: pd.DataFrame, label: str):
    """The coverage frame of the window's articles (from the articles when read, else from statements)."""
    if coverage is not None:
        frame = coverage if label == "all" else coverage[coverage["week"].astype(object) == label]
        return frame.reset_index(drop=True), True
    if window.empty:
        return pd.DataFrame(columns=_cov.COVERAGE_COLUMNS), False
    firsts = window.sort_values(["date", "doc"], kind="stable").groupby("doc", sort=False).first()
    counts = window.groupby("doc").size()
    rows = [_cov.ArticleCoverage(str(doc), None if pd.isna(r.date) else r.date.date(), str(r.title or ""),
                                      str(r.source or ""), str(r.url or ""), int(counts[doc]), 0, ())
            for doc, r in firsts.iterrows()]
    return _cov.coverage_frame(rows), False


def _balance_context(f) -> dict:
    value = "" if f.balance is None else f"{f.balance:.2f}"
    if f.balance is None:
        verdict, meaningful = "No ties between actors here: there is nothing to measure.", False
    elif f.disagreement_ties == 0:
        verdict, meaningful = ("No disagreement ties: everyone with a tie sits in one camp, so the balance "
                               "of 1.00 says nothing about polarisation."), False
    elif f.ties < MIN_TIES:
        verdict, meaningful = (f"Only {f.ties} {'pair' if f.ties == 1 else 'pairs'} of actors with a tie: "
                               f"too few for the measure to mean much (at least {MIN_TIES} are needed)."), False
    elif not f.polarised:
        verdict, meaningful = ("The best fit is a single camp: the disagreement runs inside it, "
                               "not between two groups."), True
    else:
        verdict = ("Close to two opposed camps." if f.balance >= 0.8 else
                   "Partly split into two camps, with cross-cutting ties." if f.balance >= 0.5 else
                   "No clean split: disputes cut across any two camps.")
        meaningful = True
    return {"value": value, "index": f"{f.index:g}", "total": f"{f.total:g}", "ties": f.ties,
            "disagreement_ties": f.disagreement_ties, "verdict": verdict, "meaningful": meaningful,
            "polarised": f.polarised, "camps": [list(c) for c in f.camps]}


def report_context(corpus, ruleset, label: str, *, stamp: str | None = None,
                   seed: int = SEED, coverage: pd.DataFrame | None = None,
                   lookback: int | None = _table.LOOKBACK_WEEKS) -> dict:
    """Everything the report shows, computed from a corpus (no figures, no files).

    Parameters
    ----------
    corpus : stances.store.Corpus
        Statements and article counts (:func:`stances.store.load_corpus`).
    ruleset : stances.rules.RuleSet or None
        For actor names, issue titles and rule coverage.
    label : str
        ``YYYY-Www`` or ``all`` (see :func:`report_label`).
    stamp : str, optional
        A generation time to print; ``None`` keeps the page reproducible.
    seed : int
        Seed of the coalition search.
    coverage : pandas.DataFrame, optional
        :func:`stances.coverage.coverage_frame` of the corpus' articles (at
        least those of the window): articles without statements, matches
        dropped for want of a holder, unknown speakers. Without it the
        coverage section lists only the articles that gave statements.
    lookback : int or None
        Weeks a last known position may lie back (:func:`stances.table.shifts`).

    Returns
    -------
    dict
        The template context, plus private entries (keys starting with
        ``_``) that :func:`write_report` turns into files: ``_window``
        (statements), ``_table``, ``_matrix``, ``_counts``, ``_shifts``,
        ``_agree``, ``_disagree``, ``_ties``, ``_timeline``.
    """
    label = _check_label(label)
    if label == "timeline":
        raise ReportError("'timeline' is the folder of the timeline page, not a report label")
    statements = corpus.statements
    window = _window(statements, label)
    names = _actor_names(ruleset)
    issue_info = _issue_info(ruleset)
    try:
        if label == "all":
            table = _table.stance_table(statements, dedup=DEDUP, pooled=True)
            shift_frame = _table.shifts(statements, dedup=DEDUP, lookback=lookback)
        else:
            table = _table.stance_table(statements, week=label, dedup=DEDUP)
            shift_frame = _table.shifts(statements, week=label, dedup=DEDUP, lookback=lookback)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    previous = None
    matrix = _table.stance_matrix(table)
    counts = pd.DataFrame(index=matrix.index, columns=matrix.columns, dtype=float)
    evidence = _evidence(window)
    for row in table.itertuples(index=False):
        counts.loc[str(row.actor), str(row.issue)] = len(evidence.get((str(row.actor), str(row.issue)), []))

    agree = _network.agreement_graph(window, duplicates=GRAPH_DUPLICATES)
    disagree = _network.disagreement_graph(window, duplicates=GRAPH_DUPLICATES)
    groups = _network.coalitions(agree, seed=seed)
    coalition_of = {a: i + 1 for i, group in enumerate(groups) for a in group}
    ties = tie_graph(agree, disagree, names, coalition_of)
    balance = _network.frustration(window, duplicates=GRAPH_DUPLICATES, seed=seed)

    def actor(a) -> dict:
        a = str(a)
        return {"id": a, "name": names.get(a, a)}

    def issue(i) -> dict:
        i = str(i)
        title, prop = issue_info.get(i, (i, ""))
        return {"id": i, "title": title, "proposition": prop}

    cells = {(str(r.actor), str(r.issue)): r for r in table.itertuples(index=False)}
    anchors = {}
    heat_rows = []
    for ai, a in enumerate(matrix.index):
        row_cells = []
        for ii, i in enumerate(matrix.columns):
            r = cells.get((str(a), str(i)))
            if r is None:
                row_cells.append(None)
                continue
            bg, fg = _timeline.cell_colors(r.score, r.confidence)
            items = evidence.get((str(a), str(i)), [])
            anchors[(str(a), str(i))] = f"c{ai}-{ii}"
            row_cells.append({"score": _table.score_text(r.score, r.votes), "position": str(r.position),
                              "statements": int(r.statements), "articles": int(r.articles),
                              "sources": int(r.sources), "confidence": str(r.confidence),
                              "votes": int(r.votes), "anchor": anchors[(str(a), str(i))],
                              "count": len(items), "bg": bg, "fg": fg, "evidence": items[:MAX_EVIDENCE],
                              "more": max(0, len(items) - MAX_EVIDENCE),
                              "actor": actor(a), "issue": issue(i)})
        heat_rows.append({"actor": actor(a), "cells": row_cells})

    order = {k: n for n, k in enumerate(_table.SHIFT_KINDS)}
    conf_rank = {c: n for n, c in enumerate(reversed(_table.CONFIDENCE_LEVELS))}
    shift_rows, headlines, silent = [], [], []
    for r in shift_frame.itertuples(index=False):
        a, i = actor(r.actor), issue(r.issue)
        first_ev = evidence.get((str(r.actor), str(r.issue)), [])
        item = {"week": str(r.week), "previous_week": str(r.previous_week or ""),
                "actor": a, "issue": i, "change": str(r.change),
                "change_label": _CHANGE_LABELS.get(r.change, r.change),
                "color": _CHANGE_COLORS.get(r.change, "#333333"),
                "previous_score": _table.score_text(r.previous_score, 1),
                "score": _table.score_text(r.score, 1),
                "previous_position": str(r.previous_position or ""),
                "position": str(r.position or ""), "statements": int(r.statements),
                "articles": int(r.articles), "sources": int(r.sources), "confidence": str(r.confidence),
                "text": _change_phrase(r, a["name"], i["title"]),
                "anchor": anchors.get((str(r.actor), str(r.issue))) if str(r.week) == label else None,
                "quote": first_ev[0] if first_ev and str(r.week) == label and r.change != "gone_silent" else None}
        shift_rows.append(item)
        if r.change == "gone_silent":
            silent.append(item)
        elif label != "all" or r.change == "sign_change":
            headlines.append(item)
    headlines.sort(key=lambda h: (order.get(h["change"], 9), conf_rank.get(h["confidence"], 9),
                                  h["week"], h["actor"]["name"], h["issue"]["title"]))
    if label == "all":
        headlines.sort(key=lambda h: h["week"], reverse=True)

    per_issue = []
    for i in sorted(set(table["issue"].astype(str))):
        rows = table[table["issue"].astype(str) == i]
        sides = {}
        for pos in ("support", "oppose", "mixed", "neutral"):
            part = rows[rows["position"] == pos]
            part = part.sort_values(["score", "actor"], ascending=[pos == "oppose", True], kind="stable")
            sides[pos] = [dict(actor(r.actor), score=_table.score_text(r.score, r.votes),
                               statements=int(r.statements), articles=int(r.articles),
                               confidence=str(r.confidence))
                          for r in part.itertuples(index=False)]
        per_issue.append(dict(issue(i), **sides))
    silent_issues = [issue(i) for i in sorted(issue_info) if i not in set(table["issue"].astype(str))]

    fired, never = _coverage(ruleset, statements, window)
    coalition_rows = [{"number": n + 1, "actors": [actor(a) for a in g]} for n, g in enumerate(groups)
                      if len(g) > 1]
    loners = [actor(a) for g in groups if len(g) == 1 for a in g]

    cov, scanned = _coverage_rows(coverage, window, label)
    cov_counts = _cov.coverage_summary(cov)
    articles_read = [{"doc": str(r.doc), "title": str(r.title or ""), "source": str(r.source or ""),
                      "url": str(r.url or ""), "href": safe_url(str(r.url or "")),
                      "date": _fmt_date(r.date), "statements": int(r.statements), "dropped": int(r.dropped)}
                     for r in cov.itertuples(index=False)]
    speakers = [{"name": n, "times": k, "articles": d} for n, k, d in _cov.top_speakers(cov, 10)]

    if label == "all":
        heading = "All weeks"
        period = "every statement, dated or not"
    else:
        start, end = _table.week_start(label), _table.week_end(label)
        heading = f"Week {label}"
        period = f"Monday {start.isoformat()} to Sunday {end.isoformat()}"
    lookback_text = "any earlier week" if lookback is None else f"at most {lookback} weeks back"
    shift_note = (f"Each cell is compared with the actor's last known position on the issue ({lookback_text}), "
                  "not with the calendar week before, so a week the news did not cover changes nothing.")

    timeline = None
    if label == "all":
        timeline = _timeline.timeline_context(statements, names=names,
                                              issues={k: v[0] for k, v in issue_info.items()}, dedup=DEDUP)

    version = str(getattr(corpus, "rules_version", "") or (getattr(ruleset, "version", "") if ruleset else ""))
    n_rules = len(ruleset.rules) if ruleset is not None else 0
    weeks = getattr(corpus, "article_weeks", None) or {}
    summary = [("articles in the corpus", int(corpus.articles))]
    if label != "all" and weeks:
        summary.append(("articles dated this week", int(weeks.get(label, 0))))
    summary += [
        ("articles with statements here", int(window["doc"].nunique()) if not window.empty else 0),
    ]
    if scanned:
        summary += [("articles without statements", cov_counts["without_statements"]),
                    ("matches dropped: no holder found", cov_counts["dropped"])]
    summary += [
        ("statements", len(window)),
        ("actors", int(window["actor"].astype(str).nunique()) if not window.empty else 0),
        ("issues", int(window["issue"].astype(str).nunique()) if not window.empty else 0),
        ("undated articles", int(corpus.undated)),
        ("rejected inputs", int(corpus.rejected)),
    ]
    return {
        "label": label, "heading": heading, "period": period, "stamp": stamp,
        "summary": summary,
        "legend_stops": [score_colors(v)[0] for v in np.linspace(-1.0, 1.0, 9)],
        "legend_conf": {c: _timeline.cell_colors(0.8, c)[0] for c in _table.CONFIDENCE_LEVELS},
        "undated_docs": [str(d) for d in (getattr(corpus, "undated_docs", None) or [])],
        "rejections": [str(r) for r in (getattr(corpus, "rejections", None) or [])],
        "read_warnings": [str(w) for w in (getattr(corpus, "warnings", None) or [])],
        "issues": [issue(i) for i in matrix.columns],
        "heat_rows": heat_rows,
        "silent_issues": silent_issues,
        "headlines": headlines[:MAX_HEADLINES], "more_headlines": max(0, len(headlines) - MAX_HEADLINES),
        "silent": silent,
        "shift_note": shift_note, "shift_rows": shift_rows, "previous_week": previous,
        "coverage": {"scanned": scanned, "articles": articles_read,
                     "without": [a for a in articles_read if a["statements"] == 0],
                     "counts": cov_counts, "speakers": speakers},
        "coalitions": coalition_rows, "loners": loners,
        "balance": _balance_context(balance),
        "graph_counts": {"agreement": agree.number_of_edges(), "disagreement": disagree.number_of_edges(),
                         "actors": ties.number_of_nodes()},
        "empty_graph": {"agreement": _draw.empty_graph_sentence("agreement"),
                        "disagreement": _draw.empty_graph_sentence("disagreement")},
        "per_issue": per_issue,
        "fired": fired, "never": never,
        "timeline": timeline,
        "method": {"version": version, "rules": n_rules,
                   "issues": len(issue_info), "actors": len(names),
                   "dedup": DEDUP, "graph_duplicates": GRAPH_DUPLICATES,
                   "threshold": f"{_table.POSITION_THRESHOLD:.2f}", "seed": seed,
                   "lookback": lookback_text, "recent": _table.RECENT_WEEKS, "min_ties": MIN_TIES},
        "_window": window, "_table": table, "_matrix": matrix, "_counts": counts,
        "_shifts": shift_frame, "_agree": agree, "_disagree": disagree, "_ties": ties,
        "_names": names, "_issue_titles": {k: v[0] for k, v in issue_info.items()},
        "_timeline": timeline, "_coverage": cov,
    }


_ENV: jinja2.Environment | None = None


def _environment() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
    return _ENV


def render_html(context: dict, figures: dict) -> str:
    """Render the report page from :func:`report_context` and PNG bytes.

    Parameters
    ----------
    context : dict
        From :func:`report_context`.
    figures : dict
        ``{"heatmap": bytes, "agreement": bytes, "disagreement": bytes, "shifts": bytes}``.

    Returns
    -------
    str
        The HTML page (autoescaped; figures as ``data:`` URIs).
    """
    public = {k: v for k, v in context.items() if not k.startswith("_")}
    uris = {name: _png_uri(data) for name, data in sorted(figures.items())}
    return _environment().get_template("report.html.j2").render(figures=uris, **public)


# ---------------------------------------------------------------------------
# Writing the folder
# ---------------------------------------------------------------------------

def _fresh_dir(parent: Path, prefix: str) -> Path:
    for _ in range(100):
        candidate = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(candidate)
            return candidate
        except FileExistsError:
            continue
    raise ReportError(f"{parent}: cannot create a temporary folder")


def _publish(tmp: Path, final: Path) -> None:
    """Move the finished folder *tmp* to *final*, replacing an older report there.

    The old folder is first moved aside (a rename), the new one renamed into
    place, then the old one removed; if the second rename fails the old
    report is put back. Signals (Ctrl-C, SIGTERM, SIGHUP) are held back
    between the two renames, so they land after the new report is in place;
    after a ``kill -9`` there, the next run puts the stranded old report
    back. When another run publishes the same week at the same moment, the
    move is retried: the last run to finish wins and both succeed.

    A file or a folder at *final* that is not a report (no ``index.html``)
    is never replaced; temporary folders of runs that died more than an hour
    ago are removed.
    """
    if os.path.lexists(final) and (final.is_symlink() or not final.is_dir()
                                   or not (final / "index.html").is_file()):
        raise ReportError(f"{final}: exists and is not a report folder; not replaced "
                          "(move it away or choose another --out)")
    _recover_stranded(final.parent, tmp)
    asides = []
    # hold signals back between the renames (Python-level handlers: the signal may be delivered
    # to any thread, but its Python handler always runs here, in the main thread)
    pending: list = []
    saved: dict = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                saved[sig] = signal.signal(sig, lambda num, frame: pending.append(num))
    try:
        for attempt in range(8):
            if os.path.lexists(final):
                aside = final.parent / f".{final.name}.old-{secrets.token_hex(4)}"
                try:
                    os.replace(final, aside)
                    asides.append(aside)
                except FileNotFoundError:
                    pass  # another run moved it first
            try:
                os.replace(tmp, final)
                break
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or attempt == 7:
                    raise
    except OSError:
        if asides and not os.path.lexists(final):
            os.replace(asides.pop(), final)
        raise
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for num in pending:  # delivered now, to the handler the program had
            signal.raise_signal(num)
    for aside in asides:
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        elif os.path.lexists(aside):
            aside.unlink()


#: A temporary report folder untouched for this long belongs to a run that died.
_STALE_SECONDS = 3600


def _recover_stranded(out: Path, keep: Path) -> None:
    """Put back old reports stranded by a run killed between its renames; drop stale temp folders."""
    import re
    import time

    now = time.time()
    for entry in sorted(out.iterdir()):
        m = re.fullmatch(r"\.(.+)\.(old|tmp)-[0-9a-f]+", entry.name)
        if m is None or entry == keep or entry.is_symlink() or not entry.is_dir():
            continue
        target = out / m.group(1)
        try:
            if m.group(2) == "old":
                if not os.path.lexists(target) and (entry / "index.html").is_file():
                    os.replace(entry, target)
                elif now - entry.stat().st_mtime > 60:
                    shutil.rmtree(entry, ignore_errors=True)
            elif now - entry.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue  # another run is recovering it


def _summary(context: dict) -> dict:
    """What the index page shows of a report (``summary.json``)."""
    heads = context["headlines"]
    counts = dict(context["summary"])
    return {"folder": context["label"], "heading": context["heading"], "period": context["period"],
            "counts": {"statements": int(counts.get("statements", 0)),
                       "articles": int(counts.get("articles dated this week", counts.get("articles in the corpus", 0))),
                       "actors": int(counts.get("actors", 0))},
            "changes": [h["text"] for h in heads[:6]],
            "more_changes": max(0, len(heads) - 6) + int(context["more_headlines"])}


def _write_files(context: dict, folder: Path, label: str, seed: int) -> None:
    from .io import write_statements

    write_statements(context["_window"], folder / "statements.csv")
    _table.write_table(context["_table"], "csv", folder / "table.csv")
    _table.write_table(context["_shifts"], "csv", folder / "changes.csv")
    _network.write_graph(context["_ties"], folder / "graph.graphml", "graphml")
    names, titles = context["_names"], context["_issue_titles"]
    row_labels = {a: (f"{names[a]} ({a})" if names.get(a, a) != a else a) for a in context["_matrix"].index}
    heading = "All weeks" if label == "all" else label
    draw_heatmap(context["_matrix"], folder / "heatmap.png", counts=context["_counts"],
                 row_labels=row_labels, col_labels=titles,
                 title=f"Actor x issue scores, {heading}")
    _draw.draw_agreement_disagreement((context["_agree"], context["_disagree"]), folder, seed=seed,
                                      title=heading, names=names)
    shift_title = (f"What changed in {label} (against each last known position)" if label != "all"
                   else "Changes per week (against each last known position)")
    draw_shifts(context["_shifts"], folder / "shifts.png", title=shift_title, row_labels=names,
                col_labels=titles)
    names_of_figures = ["heatmap", "agreement", "disagreement", "shifts"]
    if context.get("_timeline") is not None:
        _timeline.draw_timeline(context["_timeline"], folder / "timeline.png")
        names_of_figures.append("timeline")
    figures = {name: (folder / f"{name}.png").read_bytes() for name in names_of_figures}
    with open(folder / "summary.json", "w", encoding="utf-8", newline="\n") as fh:
        json.dump(_summary(context), fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    html = render_html(context, figures)
    with open(folder / "index.html", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)


def _prepare_out(out) -> Path:
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out), f"cannot create the output folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise InputError(str(out), "not a folder")
    return out


def _build_folder(out: Path, label: str, write) -> Path:
    """Build ``out/label`` aside with *write(tmp)*, then publish it; a failure leaves the old one."""
    final = out / label
    if final.resolve().parent != out.resolve():
        raise ReportError(f"{final}: the report folder would leave {out}")
    tmp = _fresh_dir(out, f".{label}.tmp-")
    try:
        write(tmp)
        _publish(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def write_index(out) -> Path:
    """Write ``<out>/index.html``: every report folder in *out*, newest week first, with its headline changes.

    The page is rebuilt from the ``summary.json`` of each folder, so it lists
    the reports of earlier runs too. It is written aside and renamed into place.

    Returns
    -------
    Path
    """
    out = _prepare_out(out)
    context = _timeline.index_context(out)
    html = _environment().get_template("index.html.j2").render(**context)
    tmp = out / f".index.html.tmp-{secrets.token_hex(4)}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
        os.replace(tmp, out / "index.html")
    finally:
        if tmp.exists():
            tmp.unlink()
    return out / "index.html"


def write_report(corpus, ruleset, out="reports", *, week=None, all_weeks: bool = False,
                 stamp: str | None = None, seed: int = SEED, coverage: pd.DataFrame | None = None,
                 lookback: int | None = _table.LOOKBACK_WEEKS, index: bool = True) -> ReportResult:
    """Write the report folder ``<out>/<label>/`` for a corpus, atomically, and refresh ``<out>/index.html``.

    Parameters
    ----------
    corpus : stances.store.Corpus
        From :func:`stances.store.load_corpus`.
    ruleset : stances.rules.RuleSet or None
        Names, titles and rule coverage (``None``: ids only, no coverage of silent rules).
    out : str or Path
        Parent folder of the report folders (created if needed).
    week : str, optional
        ISO week ``YYYY-Www``; default the latest week with dated statements.
    all_weeks : bool
        One report over every statement (folder ``all``), with the timeline.
    stamp : str, optional
        Generation time printed in the method notes (``None``: none, the
        page is byte-identical across runs).
    seed : int
        Seed of the graph layout and coalitions.
    coverage : pandas.DataFrame, optional
        :func:`stances.coverage.coverage_frame` of the articles (see :func:`report_context`).
    lookback : int or None
        Weeks a last known position may lie back.
    index : bool
        Also rewrite ``<out>/index.html`` (default).

    Returns
    -------
    ReportResult

    Raises
    ------
    ReportError
        Bad week, no dated statement for a default week, or the output
        cannot be written; a failed run leaves any earlier report intact
        and no temporary folder behind.
    """
    label = _check_label(report_label(corpus.statements, week, all_weeks))
    out = _prepare_out(out)
    if (out / label).resolve().parent != out.resolve():
        raise ReportError(f"{out / label}: the report folder would leave {out}")
    context = report_context(corpus, ruleset, label, stamp=stamp, seed=seed, coverage=coverage,
                             lookback=lookback)
    final = _build_folder(out, label, lambda tmp: _write_files(context, tmp, label, seed))
    if index:
        write_index(out)
    window = context["_window"]
    return ReportResult(
        path=final / "index.html", label=label, statements=len(window),
        actors=int(window["actor"].astype(str).nunique()) if not window.empty else 0,
        issues=int(window["issue"].astype(str).nunique()) if not window.empty else 0,
        articles=int(window["doc"].nunique()) if not window.empty else 0,
        coverage=_cov.summary_text(context["_coverage"]) if context["coverage"]["scanned"] else "")


def report_weeks(corpus, since=None, until=None) -> list[str]:
    """The weeks a range run reports: every ISO week in [since, until] with dated articles or statements.

    >>> s = pd.DataFrame({"week": ["2020-W27", "2020-W30"]})
    >>> from types import SimpleNamespace
    >>> report_weeks(SimpleNamespace(statements=s, article_weeks={"2020-W29": 1}), "2020-W28", "2020-W30")
    ['2020-W29', '2020-W30']
    """
    weeks = {w for w in corpus.statements["week"].dropna().astype(str) if _LABEL_RE.match(w)}
    weeks |= set(getattr(corpus, "article_weeks", None) or {})
    lo = parse_report_week(since) if since is not None else None
    hi = parse_report_week(until) if until is not None else None
    if lo and hi and lo > hi:
        raise ReportError(f"--since {lo} is after --until {hi}")
    return sorted(w for w in weeks if (lo is None or w >= lo) and (hi is None or w <= hi))


def write_timeline(corpus, ruleset, out="reports", *, since=None, until=None,
                   reports: Iterable[str] = ()) -> Path:
    """Write ``<out>/timeline/index.html`` (and ``timeline.png``): positions week by week over a window.

    Parameters
    ----------
    since, until : str, optional
        ISO weeks bounding the window (default: the first and last week with statements).
    reports : iterable of str
        Weeks whose reports exist, to link from the page.
    """
    lo = parse_report_week(since) if since is not None else None
    hi = parse_report_week(until) if until is not None else None
    names = _actor_names(ruleset)
    titles = {k: v[0] for k, v in _issue_info(ruleset).items()}
    try:
        ctx = _timeline.timeline_context(corpus.statements, names=names, issues=titles, since=lo, until=hi,
                                         dedup=DEDUP)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    window = f"{ctx['weeks'][0]} to {ctx['weeks'][-1]}" if ctx["weeks"] else "no dated statements"
    out = _prepare_out(out)

    def write(folder: Path) -> None:
        _timeline.draw_timeline(ctx, folder / "timeline.png", title=f"Positions week by week, {window}")
        figure = _png_uri((folder / "timeline.png").read_bytes())
        public = {k: v for k, v in ctx.items() if not k.startswith("_")}
        html = _environment().get_template("timeline.html.j2").render(
            timeline=public, figure=figure, window=window, reports=sorted(set(reports)),
            dedup=DEDUP, version=str(getattr(corpus, "rules_version", "")))
        with open(folder / "index.html", "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
        summary = {"folder": TIMELINE_FOLDER, "heading": f"Timeline {window}", "period": window,
                   "counts": {}, "changes": [], "more_changes": 0}
        with open(folder / _timeline.SUMMARY_FILE, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(summary, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")

    final = _build_folder(out, TIMELINE_FOLDER, write)
    write_index(out)
    return final / "index.html"


def load_coverage(corpus, ruleset, *, db=None, paths: Iterable = (), weeks=None) -> pd.DataFrame:
    """The coverage frame (:func:`stances.coverage.coverage_frame`) of the corpus' articles in *weeks*.

    Articles come from the store *db* (the coverage counts it kept when it
    extracted them with this rule set, else their stored text is read again)
    or, without one, are read again from *paths* (duplicates by content
    skipped, as :func:`stances.store.load_corpus` does). Statement counts are
    taken from the corpus, so they match the rest of the report.

    Parameters
    ----------
    weeks : iterable of str, optional
        ISO weeks to cover (default: every article, dated or not).
    """
    from .model import Article
    from .store import Store, content_hash, read_articles

    wanted = None if weeks is None else set(weeks)
    per_doc = corpus.statements.groupby(corpus.statements["doc"].astype(str)).size().to_dict() \
        if not corpus.statements.empty else {}
    items = []

    def keep(date) -> bool:
        from .model import iso_week
        return wanted is None or (date is not None and iso_week(date) in wanted)

    if db is not None:
        with Store(db, create=False) as store:
            arts = store.articles()
            stored = store.coverage(ruleset.version)  # kept at ingest: no need to read the text again
            for r in arts.itertuples(index=False):
                date = None if pd.isna(r.date) else r.date.date()
                if not keep(date):
                    continue
                doc = str(r.doc)
                if doc in stored:
                    dropped, speakers = stored[doc]
                    items.append(_cov.ArticleCoverage(doc, date, str(r.title or ""), str(r.source or ""),
                                                      str(r.url or ""), per_doc.get(doc, 0), dropped, speakers))
                    continue
                art = Article(doc, store.article_text(doc), date, str(r.source or ""),
                              str(r.url or ""), str(r.title or ""))
                items.append(_cov.scan_article(art, ruleset, per_doc.get(doc, 0)))
    else:
        seen, taken = set(), set()
        for art in read_articles([str(p) for p in paths]):
            if not isinstance(art, Article):
                continue
            digest = content_hash(art.text)
            if digest in seen:
                continue
            seen.add(digest)
            doc = f"{art.doc}~{digest[:8]}" if art.doc in taken else art.doc
            taken.add(doc)
            if not keep(art.date):
                continue
            if doc != art.doc:
                import dataclasses
                art = dataclasses.replace(art, doc=doc)
            items.append(_cov.scan_article(art, ruleset, per_doc.get(doc, 0)))
    return _cov.coverage_frame(items)


def make_report(paths: Iterable = (), *, db=None, rules="rules", out="reports", week=None,
                all_weeks: bool = False, stamp: str | None = None, jobs: int = 1,
                progress=None, since=None, until=None,
                lookback: int | None = _table.LOOKBACK_WEEKS) -> ReportResult | list:
    """Load a corpus (files in memory, or a store) and write its report(s).

    With *db* the store is used (after ingesting *paths*, and re-extracting
    statements made by other rule versions); without, *paths* are read and
    extracted in memory and nothing but the report is written. *progress*
    (``progress(kind, item)``, kind ``new``, ``duplicate``, ``rejected`` or
    ``refreshed``) is told about each input read, as for
    :func:`stances.store.load_corpus`.

    With *since* or *until* (ISO weeks), one report per week of that window
    with articles or statements is written, plus the timeline page
    ``<out>/timeline/``, and a list of :class:`ReportResult` is returned.

    Examples
    --------
    >>> result = make_report(["seeds"], rules="rules", out="reports")  # doctest: +SKIP
    >>> result.path.as_posix()  # doctest: +SKIP
    'reports/2020-W28/index.html'
    """
    from .store import load_corpus, load_ruleset

    ranged = since is not None or until is not None
    if ranged and (week is not None or all_weeks):
        raise ReportError("--since/--until exclude --week and --all")
    if week is not None:
        week = parse_report_week(week)
    ruleset = load_ruleset(rules) if isinstance(rules, (str, os.PathLike)) else rules
    corpus = load_corpus(db=db, paths=list(paths), rules=ruleset, jobs=jobs, progress=progress)
    source = {"db": db} if db is not None else {"paths": list(paths)}
    if not ranged:
        label = _check_label(report_label(corpus.statements, week, all_weeks))
        coverage = load_coverage(corpus, ruleset, weeks=None if label == "all" else [label], **source)
        return write_report(corpus, ruleset, out, week=label if label != "all" else None,
                            all_weeks=label == "all", stamp=stamp, coverage=coverage, lookback=lookback)
    weeks = report_weeks(corpus, since, until)
    coverage = load_coverage(corpus, ruleset, weeks=weeks, **source)
    results = [write_report(corpus, ruleset, out, week=w, stamp=stamp, coverage=coverage, lookback=lookback,
                            index=False) for w in weeks]
    write_timeline(corpus, ruleset, out, since=since or (weeks[0] if weeks else None),
                   until=until or (weeks[-1] if weeks else None), reports=weeks)
    return results
