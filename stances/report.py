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
``shifts.png``            what changed against the previous week
``statements.csv``        the statements of the report (one row each)
``table.csv``             the actor x issue table (:func:`stances.table.stance_table`)
``graph.graphml``         agreement and disagreement ties in one graph
========================= ==================================================

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
import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .model import InputError, StancesError
from . import draw as _draw
from . import network as _network
from . import table as _table

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
    "make_report",
]

#: The files of a report folder, in the order they are written.
REPORT_FILES = ("statements.csv", "table.csv", "graph.graphml", "heatmap.png", "agreement.png",
                "disagreement.png", "shifts.png", "index.html")

#: Deduplication policy of the report's table (see :mod:`stances.table`).
DEDUP = "article"

#: Duplicate policy of the report's graphs (see :func:`stances.network.drop_duplicates`).
GRAPH_DUPLICATES = "document"

#: Seed of the graph layout and of the coalition search.
SEED = 0

#: Resolution of the PNG figures.
DPI = 110

#: At most this many evidence sentences are shown per heatmap cell (all are in ``statements.csv``).
MAX_EVIDENCE = 40

_CMAP = "RdBu"
_LABEL_RE = re.compile(r"^(?:\d{4}-W\d{2}|all)$")
_WEEK_INPUT_RE = re.compile(r"^\s*\d{4}-?[Ww]\d{1,2}\s*$")
_CHANGE_LABELS = {"new": "new", "sign_change": "sign change", "stronger": "stronger",
                  "weaker": "weaker", "gone_silent": "gone silent"}
_CHANGE_COLORS = {"new": "#2b83ba", "sign_change": "#d7191c", "stronger": "#1a9641",
                  "weaker": "#e08214", "gone_silent": "#8c8c8c"}
_MAX_SHIFT_BARS = 40


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
    """

    path: Path
    label: str
    statements: int
    actors: int
    issues: int
    articles: int

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


def score_colors(score: float) -> tuple[str, str]:
    """Background and text colour of a heatmap cell (RdBu, centred on 0, range [-1, 1]).

    >>> score_colors(1.0)[1], score_colors(0.0)[1]
    ('#ffffff', '#1a1a1a')
    """
    cmap = matplotlib.colormaps[_CMAP]
    value = max(-1.0, min(1.0, float(score)))
    bg = to_hex(cmap(Normalize(-1.0, 1.0)(value)))
    fg = "#ffffff" if abs(value) > 0.55 else "#1a1a1a"
    return bg, fg


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
# Figures
# ---------------------------------------------------------------------------

def _save(fig: Figure, path) -> Path:
    path = Path(path)
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    return path


def _message_figure(path, title: str, message: str, size=(7.0, 2.4)) -> Path:
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.suptitle(title, fontsize=12, y=0.9)
    fig.text(0.5, 0.45, message, ha="center", va="center", fontsize=11, color="#555555")
    return _save(fig, path)


def draw_heatmap(scores: pd.DataFrame, path, *, counts: pd.DataFrame | None = None,
                 row_labels: dict | None = None, col_labels: dict | None = None,
                 title: str = "") -> Path:
    """Draw an actor x issue score matrix as an annotated heatmap PNG.

    Colours come from the diverging ``RdBu`` map centred on zero (``vmin=-1``,
    ``vmax=1``: red opposes, blue supports); empty cells are light grey. Each
    cell shows its score and, with *counts*, ``n=`` its evidence count. The
    figure grows with the matrix and is byte-for-byte reproducible.

    Parameters
    ----------
    scores : pandas.DataFrame
        Index actors, columns issues, values in [-1, 1] (NaN: nothing said),
        e.g. :func:`stances.table.stance_matrix`.
    path : str or Path
        Output PNG.
    counts : pandas.DataFrame, optional
        Same shape: evidence counts shown under the scores.
    row_labels, col_labels : dict, optional
        Display labels of actors and issues (default: the ids).
    title : str
        Figure title.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> m = pd.DataFrame({"ceasefire": [1.0, -0.5]}, index=["GBR", "RUS"])
    >>> p = draw_heatmap(m, os.path.join(tempfile.mkdtemp(), "h.png"), title="2020-W28")
    >>> p.read_bytes()[:4]
    b'\\x89PNG'
    """
    if scores.empty or scores.shape[0] == 0 or scores.shape[1] == 0:
        return _message_figure(path, title or "Actor x issue scores", "No statements in this report.")
    rows = [str(r) for r in scores.index]
    cols = [str(c) for c in scores.columns]
    values = scores.to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    ylabels = [str((row_labels or {}).get(r, r)) for r in rows]
    xlabels = [str((col_labels or {}).get(c, c)) for c in cols]
    longest = max(len(t) for t in ylabels)
    width = min(40.0, 0.6 + 0.085 * longest + 1.0 * n_cols + 1.4)
    height = min(60.0, 1.1 + 0.52 * n_rows + 0.05 * max(len(t) for t in xlabels) + 0.2)
    fig = Figure(figsize=(max(width, 4.8), max(height, 3.0)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps[_CMAP].with_extremes(bad="#eeeeee")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=-1.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks(range(n_cols), labels=xlabels, rotation=35, ha="right", rotation_mode="anchor",
                  fontsize=9)
    ax.set_yticks(range(n_rows), labels=ylabels, fontsize=9)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    count_values = counts.reindex(index=scores.index, columns=scores.columns).to_numpy(dtype=float) \
        if counts is not None else None
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            if math.isnan(v):
                continue
            text = f"{v:+.2f}"
            if count_values is not None and not math.isnan(count_values[i, j]):
                text += f"\nn={int(count_values[i, j])}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5,
                    color=score_colors(v)[1])
    bar = fig.colorbar(image, ax=ax, shrink=min(1.0, 3.0 / max(n_rows, 1) + 0.5), pad=0.02)
    bar.set_ticks([-1, -0.5, 0, 0.5, 1])
    bar.set_label("score: -1 opposes, +1 supports", fontsize=9)
    bar.ax.tick_params(labelsize=8)
    ax.set_title(title or "Actor x issue scores", fontsize=12)
    return _save(fig, path)


def draw_shifts(shift_frame: pd.DataFrame, path, *, title: str = "",
                row_labels: dict | None = None, col_labels: dict | None = None) -> Path:
    """Draw a chart of shifts (:func:`stances.table.shifts`) as a PNG.

    With one target week: one row per actor and issue, a hollow grey dot at
    last week's score and a filled dot at this week's, joined by an arrow
    coloured by the kind of change. With several weeks (a report over all
    weeks): stacked bars, the number of shifts per week by kind.

    Parameters
    ----------
    shift_frame : pandas.DataFrame
        Columns :data:`stances.table.SHIFT_COLUMNS`.
    path : str or Path
        Output PNG.
    title : str
        Figure title.
    row_labels, col_labels : dict, optional
        Display labels of actors and issues.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> s = pd.DataFrame({"week": ["2020-W28"], "previous_week": ["2020-W27"], "actor": ["TUR"],
    ...     "issue": ["ceasefire"], "change": ["sign_change"], "score": [1.0], "previous_score": [-1.0]})
    >>> draw_shifts(s, os.path.join(tempfile.mkdtemp(), "s.png")).suffix
    '.png'
    """
    title = title or "Shifts against the previous week"
    if shift_frame is None or shift_frame.empty:
        return _message_figure(path, title, "No shifts: every stance is as it was the week before.")
    if shift_frame["week"].nunique() > 1:
        return _draw_shift_counts(shift_frame, path, title)
    df = shift_frame.copy()
    df["_size"] = [abs((0.0 if math.isnan(c) else c) - (0.0 if math.isnan(p) else p))
                   for c, p in zip(df["score"].astype(float), df["previous_score"].astype(float))]
    note = ""
    if len(df) > _MAX_SHIFT_BARS:
        note = f" (the {_MAX_SHIFT_BARS} largest of {len(df)})"
        df = df.sort_values(["_size", "actor", "issue"], ascending=[False, True, True],
                            kind="stable").head(_MAX_SHIFT_BARS)
    df = df.sort_values(["actor", "issue"], kind="stable").reset_index(drop=True)
    labels = [f"{(row_labels or {}).get(a, a)} · {(col_labels or {}).get(i, i)}"
              for a, i in zip(df["actor"].astype(str), df["issue"].astype(str))]
    n = len(df)
    width = min(30.0, max(7.5, 4.5 + 0.07 * max(len(t) for t in labels)))
    fig = Figure(figsize=(width, 1.9 + 0.38 * n), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.axvline(0, color="#bbbbbb", linewidth=1, zorder=1)
    ys = list(range(n))[::-1]
    for y, (_, row) in zip(ys, df.iterrows()):
        prev, cur = float(row["previous_score"]), float(row["score"])
        color = _CHANGE_COLORS.get(row["change"], "#333333")
        if not math.isnan(prev) and not math.isnan(cur):
            ax.annotate("", xy=(cur, y), xytext=(prev, y), zorder=2,
                        arrowprops=dict(arrowstyle="->", color=color, lw=1.8, shrinkA=5, shrinkB=5))
        if not math.isnan(prev):
            ax.scatter([prev], [y], s=55, facecolor="white", edgecolor="#777777", linewidth=1.4, zorder=3)
        if not math.isnan(cur):
            ax.scatter([cur], [y], s=60, color=color, zorder=4)
        ax.text(1.12, y, _CHANGE_LABELS.get(row["change"], str(row["change"])), va="center",
                ha="left", fontsize=8.5, color=color)
    ax.set_yticks(ys, labels=labels, fontsize=9)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(-1.15, 1.55)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], labels=["-1\noppose", "-0.5", "0", "+0.5", "+1\nsupport"],
                  fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    handles = [Line2D([0], [0], marker="o", color="none", markerfacecolor="white",
                      markeredgecolor="#777777", markersize=7, label="previous week"),
               Line2D([0], [0], marker="o", color="none", markerfacecolor="#333333",
                      markersize=7, label="this week (colour: kind of change)")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8,
              frameon=False)
    fig.suptitle(title + note, fontsize=12)
    return _save(fig, path)


def _draw_shift_counts(shift_frame: pd.DataFrame, path, title: str) -> Path:
    weeks = sorted(set(shift_frame["week"].astype(str)))
    kinds = [k for k in _CHANGE_LABELS if k in set(shift_frame["change"])]
    counts = shift_frame.groupby(["week", "change"]).size()
    fig = Figure(figsize=(min(30.0, max(7.0, 1.5 + 0.35 * len(weeks))), 4.2), dpi=DPI,
                 layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bottom = np.zeros(len(weeks))
    for kind in kinds:
        vals = np.array([float(counts.get((w, kind), 0)) for w in weeks])
        ax.bar(range(len(weeks)), vals, bottom=bottom, color=_CHANGE_COLORS[kind],
               label=_CHANGE_LABELS[kind], width=0.8)
        bottom += vals
    step = max(1, len(weeks) // 30)
    ax.set_xticks(range(0, len(weeks), step), labels=weeks[::step], rotation=60, ha="right",
                  rotation_mode="anchor", fontsize=8)
    ax.set_ylabel("actor x issue cells that changed", fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.08)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(color=_CHANGE_COLORS[k], label=_CHANGE_LABELS[k]) for k in kinds],
              fontsize=8, frameon=False, ncol=len(kinds), loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.suptitle(title, fontsize=12)
    return _save(fig, path)


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


def report_context(corpus, ruleset, label: str, *, stamp: str | None = None,
                   seed: int = SEED) -> dict:
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

    Returns
    -------
    dict
        The template context, plus private entries (keys starting with
        ``_``) that :func:`write_report` turns into files: ``_window``
        (statements), ``_table``, ``_matrix``, ``_counts``, ``_shifts``,
        ``_agree``, ``_disagree``, ``_ties``.
    """
    label = _check_label(label)
    statements = corpus.statements
    window = _window(statements, label)
    names = _actor_names(ruleset)
    issue_info = _issue_info(ruleset)
    try:
        if label == "all":
            table = _table.stance_table(statements, dedup=DEDUP, pooled=True)
            shift_frame = _table.shifts(statements, dedup=DEDUP)
            previous = None
        else:
            table = _table.stance_table(statements, week=label, dedup=DEDUP)
            shift_frame = _table.shifts(statements, week=label, dedup=DEDUP)
            previous = _table.previous_week(label)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    matrix = _table.stance_matrix(table) if not table.empty else _table.stance_matrix(table)
    counts = pd.DataFrame(index=matrix.index, columns=matrix.columns, dtype=float)
    evidence = _evidence(window)
    for row in table.itertuples(index=False):
        counts.loc[str(row.actor), str(row.issue)] = len(evidence.get((str(row.actor), str(row.issue)), []))

    agree = _network.agreement_graph(window, duplicates=GRAPH_DUPLICATES)
    disagree = _network.disagreement_graph(window, duplicates=GRAPH_DUPLICATES)
    groups = _network.coalitions(agree, seed=seed)
    coalition_of = {a: i + 1 for i, group in enumerate(groups) for a in group}
    ties = tie_graph(agree, disagree, names, coalition_of)
    polar = _network.polarisation(window, duplicates=GRAPH_DUPLICATES, seed=seed)

    def actor(a) -> dict:
        a = str(a)
        return {"id": a, "name": names.get(a, a)}

    def issue(i) -> dict:
        i = str(i)
        title, prop = issue_info.get(i, (i, ""))
        return {"id": i, "title": title, "proposition": prop}

    cells = {(str(r.actor), str(r.issue)): r for r in table.itertuples(index=False)}
    heat_rows = []
    for a in matrix.index:
        row_cells = []
        for i in matrix.columns:
            r = cells.get((str(a), str(i)))
            if r is None:
                row_cells.append(None)
                continue
            bg, fg = score_colors(r.score)
            items = evidence.get((str(a), str(i)), [])
            row_cells.append({"score": _fmt_score(r.score), "position": str(r.position),
                              "statements": int(r.statements), "articles": int(r.articles),
                              "count": len(items), "bg": bg, "fg": fg, "evidence": items[:MAX_EVIDENCE],
                              "more": max(0, len(items) - MAX_EVIDENCE),
                              "actor": actor(a), "issue": issue(i)})
        heat_rows.append({"actor": actor(a), "cells": row_cells})

    shift_rows = []
    for r in shift_frame.itertuples(index=False):
        shift_rows.append({"week": str(r.week), "previous_week": str(r.previous_week),
                           "actor": actor(r.actor), "issue": issue(r.issue),
                           "change": str(r.change), "change_label": _CHANGE_LABELS.get(r.change, r.change),
                           "color": _CHANGE_COLORS.get(r.change, "#333333"),
                           "previous_score": _fmt_score(r.previous_score), "score": _fmt_score(r.score),
                           "previous_position": str(r.previous_position or ""),
                           "position": str(r.position or ""), "statements": int(r.statements)})

    per_issue = []
    for i in sorted(set(table["issue"].astype(str))):
        rows = table[table["issue"].astype(str) == i]
        sides = {}
        for pos in ("support", "oppose", "mixed", "neutral"):
            part = rows[rows["position"] == pos]
            part = part.sort_values(["score", "actor"], ascending=[pos == "oppose", True], kind="stable")
            sides[pos] = [dict(actor(r.actor), score=_fmt_score(r.score), statements=int(r.statements))
                          for r in part.itertuples(index=False)]
        per_issue.append(dict(issue(i), **sides))
    silent_issues = [issue(i) for i in sorted(issue_info) if i not in set(table["issue"].astype(str))]

    fired, never = _coverage(ruleset, statements, window)
    coalition_rows = [{"number": n + 1, "actors": [actor(a) for a in g]} for n, g in enumerate(groups)
                      if len(g) > 1]
    loners = [actor(a) for g in groups if len(g) == 1 for a in g]

    if label == "all":
        heading = "All weeks"
        period = "every statement, dated or not"
        shift_note = "Shifts between consecutive weeks, over every week in the corpus."
    else:
        start, end = _table.week_start(label), _table.week_end(label)
        heading = f"Week {label}"
        period = f"Monday {start.isoformat()} to Sunday {end.isoformat()}"
        shift_note = f"{label} against {previous}."

    version = str(getattr(corpus, "rules_version", "") or (getattr(ruleset, "version", "") if ruleset else ""))
    n_rules = len(ruleset.rules) if ruleset is not None else 0
    weeks = getattr(corpus, "article_weeks", None) or {}
    summary = [("articles in the corpus", int(corpus.articles))]
    if label != "all" and weeks:
        summary.append(("articles dated this week", int(weeks.get(label, 0))))
    summary += [
        ("articles with statements here", int(window["doc"].nunique()) if not window.empty else 0),
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
        "undated_docs": [str(d) for d in (getattr(corpus, "undated_docs", None) or [])],
        "rejections": [str(r) for r in (getattr(corpus, "rejections", None) or [])],
        "read_warnings": [str(w) for w in (getattr(corpus, "warnings", None) or [])],
        "issues": [issue(i) for i in matrix.columns],
        "heat_rows": heat_rows,
        "silent_issues": silent_issues,
        "shift_note": shift_note, "shift_rows": shift_rows, "previous_week": previous,
        "coalitions": coalition_rows, "loners": loners,
        "polarisation": {"score": f"{polar.score:.2f}",
                         "camps": [[actor(a) for a in camp] for camp in polar.camps if camp]},
        "graph_counts": {"agreement": agree.number_of_edges(), "disagreement": disagree.number_of_edges(),
                         "actors": ties.number_of_nodes()},
        "per_issue": per_issue,
        "fired": fired, "never": never,
        "method": {"version": version, "rules": n_rules,
                   "issues": len(issue_info), "actors": len(names),
                   "dedup": DEDUP, "graph_duplicates": GRAPH_DUPLICATES,
                   "threshold": f"{_table.POSITION_THRESHOLD:.2f}", "seed": seed},
        "_window": window, "_table": table, "_matrix": matrix, "_counts": counts,
        "_shifts": shift_frame, "_agree": agree, "_disagree": disagree, "_ties": ties,
        "_names": names, "_issue_titles": {k: v[0] for k, v in issue_info.items()},
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


def _write_files(context: dict, folder: Path, label: str, seed: int) -> None:
    from .io import write_statements

    write_statements(context["_window"], folder / "statements.csv")
    _table.write_table(context["_table"], "csv", folder / "table.csv")
    _network.write_graph(context["_ties"], folder / "graph.graphml", "graphml")
    names, titles = context["_names"], context["_issue_titles"]
    row_labels = {a: (f"{names[a]} ({a})" if names.get(a, a) != a else a) for a in context["_matrix"].index}
    heading = "All weeks" if label == "all" else label
    draw_heatmap(context["_matrix"], folder / "heatmap.png", counts=context["_counts"],
                 row_labels=row_labels, col_labels=titles,
                 title=f"Actor x issue scores, {heading}")
    _draw.draw_agreement_disagreement((context["_agree"], context["_disagree"]), folder, seed=seed,
                                      title=heading)
    shift_weeks = sorted(set(context["_shifts"]["week"].astype(str)))
    if label != "all":
        shift_title = f"Shifts: {label} against {context['previous_week']}"
    elif len(shift_weeks) == 1:
        shift_title = f"Shifts: {shift_weeks[0]} against {_table.previous_week(shift_weeks[0])}"
    else:
        shift_title = "Shifts per week (changes against the week before)"
    draw_shifts(context["_shifts"], folder / "shifts.png", title=shift_title, row_labels=names,
                col_labels=titles)
    figures = {name: (folder / f"{name}.png").read_bytes()
               for name in ("heatmap", "agreement", "disagreement", "shifts")}
    html = render_html(context, figures)
    with open(folder / "index.html", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)


def write_report(corpus, ruleset, out="reports", *, week=None, all_weeks: bool = False,
                 stamp: str | None = None, seed: int = SEED) -> ReportResult:
    """Write the report folder ``<out>/<label>/`` for a corpus, atomically.

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
        One report over every statement (folder ``all``).
    stamp : str, optional
        Generation time printed in the method notes (``None``: none, the
        page is byte-identical across runs).
    seed : int
        Seed of the graph layout and coalitions.

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
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out), f"cannot create the output folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise InputError(str(out), "not a folder")
    final = out / label
    if final.resolve().parent != out.resolve():
        raise ReportError(f"{final}: the report folder would leave {out}")
    context = report_context(corpus, ruleset, label, stamp=stamp, seed=seed)
    tmp = _fresh_dir(out, f".{label}.tmp-")
    try:
        with _draw.plain_text():
            _write_files(context, tmp, label, seed)
        _publish(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    window = context["_window"]
    return ReportResult(
        path=final / "index.html", label=label, statements=len(window),
        actors=int(window["actor"].astype(str).nunique()) if not window.empty else 0,
        issues=int(window["issue"].astype(str).nunique()) if not window.empty else 0,
        articles=int(window["doc"].nunique()) if not window.empty else 0)


def make_report(paths: Iterable = (), *, db=None, rules="rules", out="reports", week=None,
                all_weeks: bool = False, stamp: str | None = None, jobs: int = 1,
                progress=None) -> ReportResult:
    """Load a corpus (files in memory, or a store) and write its report.

    With *db* the store is used (after ingesting *paths*, and re-extracting
    statements made by other rule versions); without, *paths* are read and
    extracted in memory and nothing but the report is written. *progress*
    (``progress(kind, item)``, kind ``new``, ``duplicate`` or ``rejected``)
    is told about each input read, as for :func:`stances.store.load_corpus`.

    Examples
    --------
    >>> result = make_report(["seeds"], rules="rules", out="reports")  # doctest: +SKIP
    >>> result.path.as_posix()  # doctest: +SKIP
    'reports/2020-W28/index.html'
    """
    from .store import load_corpus, load_ruleset

    if week is not None:
        week = parse_report_week(week)
    ruleset = load_ruleset(rules) if isinstance(rules, (str, os.PathLike)) else rules
    corpus = load_corpus(db=db, paths=list(paths), rules=ruleset, jobs=jobs, progress=progress)
    return write_report(corpus, ruleset, out, week=week, all_weeks=all_weeks, stamp=stamp)
