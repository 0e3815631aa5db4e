"""Positions across weeks: the timeline of the report, and the index of every week's report.

:func:`timeline_context` turns a statement table into, per issue, each
actor's position week by week (a grid of cells for the page, from
:func:`stances.table.stance_table` with the report's deduplication policy),
and :func:`draw_timeline` draws the same as small multiples, one panel per
issue, each actor a line of points sized by the articles behind them.
:func:`index_context` reads the ``summary.json`` each week's report leaves in
its folder and lists the weeks, newest first, with their headline changes:
the top-level ``reports/index.html``.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import table as _table
from .draw import plain_text

__all__ = ["timeline_context", "draw_timeline", "index_context", "SUMMARY_FILE", "MAX_TIMELINE_WEEKS"]

#: The file each report folder holds for the index page.
SUMMARY_FILE = "summary.json"

#: A timeline shows at most this many weeks (the latest ones).
MAX_TIMELINE_WEEKS = 104

_LABEL_CHARS = set("0123456789-W")


def _mix(hex_color: str, share: float) -> str:
    """*hex_color* mixed with white: *share* 1 keeps it, 0 gives white."""
    rgb = matplotlib.colors.to_rgb(hex_color)
    return matplotlib.colors.to_hex(tuple(share * c + (1.0 - share) for c in rgb))


def _text_color(hex_color: str) -> str:
    r, g, b = matplotlib.colors.to_rgb(hex_color)
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "#1a1a1a"


#: Colour strength of a cell by confidence (low: lighter, and hatched in the page).
CONFIDENCE_SHARE = {"high": 1.0, "medium": 0.75, "low": 0.5}


def cell_colors(score: float, confidence: str = "high") -> tuple[str, str]:
    """Background and text colour of a cell: RdBu by score, lighter when less confident.

    >>> cell_colors(1.0, "high")[1], cell_colors(1.0, "low")[1]
    ('#ffffff', '#1a1a1a')
    """
    cmap = matplotlib.colormaps["RdBu"]
    value = max(-1.0, min(1.0, float(score)))
    bg = matplotlib.colors.to_hex(cmap((value + 1.0) / 2.0))
    bg = _mix(bg, CONFIDENCE_SHARE.get(confidence, 1.0))
    return bg, _text_color(bg)


def timeline_context(statements: pd.DataFrame, *, names: dict | None = None, issues: dict | None = None,
                     since=None, until=None, dedup: str = "article") -> dict:
    """Per issue, each actor's weekly position, as plain data for the page.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statement table (undated statements are left out).
    names, issues : dict, optional
        Actor id -> name; issue id -> title.
    since, until : optional
        Window (dates or ISO weeks, inclusive), as for :func:`stances.table.stance_table`.
    dedup : str
        Deduplication policy of the cells.

    Returns
    -------
    dict
        ``weeks`` (every ISO week of the window, at most :data:`MAX_TIMELINE_WEEKS`),
        ``columns`` (those of them with statements), ``empty_weeks`` (how many
        have none), ``issues`` (one entry per issue with ``rows``: an actor and
        one cell per column, ``None`` where it said nothing), ``_table`` (the
        weekly table).

    Examples
    --------
    >>> s = pd.DataFrame({"doc": ["a", "b"], "date": ["2020-07-06", "2020-07-20"], "actor": ["TUR"] * 2,
    ...                   "issue": ["ceasefire"] * 2, "score": [1.0, -1.0]})
    >>> t = timeline_context(s)
    >>> t["weeks"], t["columns"], [c and c["score"] for c in t["issues"][0]["rows"][0]["cells"]]
    (['2020-W28', '2020-W29', '2020-W30'], ['2020-W28', '2020-W30'], ['+1.0', '-1.0'])
    """
    names, issues = names or {}, issues or {}
    weekly = _table.stance_table(statements, dedup=dedup, since=since, until=until)
    lo = _table.parse_week(since) if since is not None and _is_week(since) else None
    hi = _table.parse_week(until) if until is not None and _is_week(until) else None
    if weekly.empty and (lo is None or hi is None):
        return {"weeks": [], "columns": [], "empty_weeks": 0, "issues": [], "_table": weekly, "truncated": 0}
    first = lo or min(weekly["week"])
    last = hi or max(weekly["week"])
    weeks = _table.weeks_between(first, last)
    truncated = max(0, len(weeks) - MAX_TIMELINE_WEEKS)
    weeks = weeks[-MAX_TIMELINE_WEEKS:]
    weekly = weekly[weekly["week"].isin(weeks)]
    covered = sorted(set(weekly["week"]))
    out = []
    for issue in sorted(set(weekly["issue"])):
        part = weekly[weekly["issue"] == issue]
        rows = []
        for actor in sorted(set(part["actor"]), key=lambda a: (str(names.get(a, a)).casefold(), a)):
            mine = {r.week: r for r in part[part["actor"] == actor].itertuples(index=False)}
            cells = []
            for w in covered:
                r = mine.get(w)
                if r is None:
                    cells.append(None)
                    continue
                bg, fg = cell_colors(r.score, r.confidence)
                cells.append({"week": w, "score": _table.score_text(r.score, r.votes), "bg": bg, "fg": fg,
                              "confidence": str(r.confidence), "articles": int(r.articles),
                              "sources": int(r.sources), "position": str(r.position)})
            rows.append({"actor": {"id": actor, "name": str(names.get(actor, actor))}, "cells": cells})
        out.append({"id": issue, "title": str(issues.get(issue, issue)), "rows": rows})
    return {"weeks": weeks, "columns": covered, "empty_weeks": len(weeks) - len(covered), "issues": out,
            "_table": weekly, "truncated": truncated}


def _is_week(value) -> bool:
    return isinstance(value, str) and "W" in value.upper()


def draw_timeline(context: dict, path, *, title: str = "Positions week by week", dpi: int = 110) -> Path:
    """Small multiples of :func:`timeline_context`: one panel per issue, weeks across.

    Each actor is a line through its weekly scores, its points sized by the
    articles behind each week's cell; the actor's name sits at its last point.
    A timeline with no cells is a sentence instead.

    Returns
    -------
    Path
    """
    path = Path(path)
    weeks, issues = context["weeks"], context["issues"]
    if not issues:
        fig = Figure(figsize=(8.0, 1.6), dpi=dpi)
        FigureCanvasAgg(fig)
        fig.suptitle(plain_text(title), fontsize=12, y=0.86)
        fig.text(0.5, 0.4, "No dated statements in this window.", ha="center", va="center",
                 fontsize=11, color="#555555")
        fig.savefig(path, format="png", metadata={"Software": None})
        return path
    n = len(issues)
    width = float(np.clip(4.0 + 0.32 * len(weeks), 8.0, 26.0))
    fig = Figure(figsize=(width, 1.0 + 2.3 * n), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    palette = matplotlib.colormaps["tab20"]
    x_of = {w: i for i, w in enumerate(weeks)}
    for ax, issue in zip(axes, issues):
        ax.axhline(0, color="#bbbbbb", linewidth=0.8, zorder=1)
        for k, row in enumerate(issue["rows"]):
            color = palette(k % 20)
            pts = [(x_of[c["week"]], float(c["score"]), c["articles"]) for c in row["cells"] if c]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            ax.plot(xs, ys, color=color, linewidth=1.2, alpha=0.8, zorder=2)
            ax.scatter(xs, ys, s=[18 + 22 * math.sqrt(p[2]) for p in pts], color=color, zorder=3,
                       edgecolor="white", linewidth=0.6)
            ax.annotate(plain_text(row["actor"]["name"]), (xs[-1], ys[-1]), xytext=(5, 0),
                        textcoords="offset points", fontsize=7.5, color=color, va="center")
        ax.set_ylim(-1.25, 1.25)
        ax.set_yticks([-1, 0, 1], labels=["oppose", "0", "support"], fontsize=8)
        ax.set_title(plain_text(issue["title"]), fontsize=10, loc="left")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    step = max(1, len(weeks) // 26)
    axes[-1].set_xticks(range(0, len(weeks), step), labels=weeks[::step], rotation=60, ha="right",
                        rotation_mode="anchor", fontsize=8)
    axes[-1].set_xlim(-0.5, len(weeks) - 0.5 + max(1.5, len(weeks) * 0.12))
    fig.suptitle(plain_text(title) + " (point size: articles)", fontsize=12)
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def index_context(out) -> dict:
    """Every report folder under *out* with its ``summary.json``: weeks newest first, then the rest.

    Folders without a readable summary (an older version's, or not a report)
    are left out.
    """
    out = Path(out)
    weeks, others = [], []
    if out.is_dir():
        for folder in sorted(out.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir() or folder.is_symlink():
                continue
            try:
                summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(summary, dict) or summary.get("folder") != folder.name:
                continue
            entry = {"folder": folder.name, "heading": str(summary.get("heading", folder.name)),
                     "period": str(summary.get("period", "")),
                     "counts": {str(k): int(v) for k, v in dict(summary.get("counts", {})).items()
                                if isinstance(v, (int, float))},
                     "changes": [str(c) for c in list(summary.get("changes", []))[:6]],
                     "more": int(summary.get("more_changes", 0) or 0)}
            if set(folder.name) <= _LABEL_CHARS and len(folder.name) == 8:
                weeks.append(entry)
            else:
                others.append(entry)
    weeks.sort(key=lambda e: e["folder"], reverse=True)
    return {"weeks": weeks, "others": others}
