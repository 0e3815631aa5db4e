"""The report's own figures: the actor x issue heatmap and the chart of changes.

Both are drawn with the Agg renderer without pyplot and without the
``Software`` metadata, so the PNG files are byte-for-byte reproducible; every
string drawn goes through :func:`stances.draw.plain_text`.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .draw import plain_text

__all__ = ["DPI", "CHANGE_LABELS", "CHANGE_COLORS", "score_colors", "draw_heatmap", "draw_shifts",
           "message_figure"]

#: Resolution of the PNG figures.
DPI = 110

_CMAP = "RdBu"

CHANGE_LABELS = {"new": "first position", "sign_change": "sign change", "stronger": "stronger",
                  "weaker": "weaker", "gone_silent": "silent this week"}
CHANGE_COLORS = {"new": "#2b83ba", "sign_change": "#d7191c", "stronger": "#1a9641",
                  "weaker": "#e08214", "gone_silent": "#8c8c8c"}
_MAX_SHIFT_BARS = 40


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


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def _save(fig: Figure, path) -> Path:
    path = Path(path)
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    return path


def message_figure(path, title: str, message: str, size=(7.0, 2.4)) -> Path:
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.suptitle(plain_text(title), fontsize=12, y=0.9)
    fig.text(0.5, 0.45, plain_text(message), ha="center", va="center", fontsize=11, color="#555555")
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
        return message_figure(path, title or "Actor x issue scores", "No statements in this report.")
    rows = [str(r) for r in scores.index]
    cols = [str(c) for c in scores.columns]
    values = scores.to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    ylabels = [plain_text((row_labels or {}).get(r, r)) for r in rows]
    xlabels = [plain_text((col_labels or {}).get(c, c)) for c in cols]
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
    ax.set_title(plain_text(title or "Actor x issue scores"), fontsize=12)
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
        return message_figure(path, title, "No shifts: every stance is as it was the week before.")
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
    labels = [plain_text(f"{(row_labels or {}).get(a, a)} · {(col_labels or {}).get(i, i)}")
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
        color = CHANGE_COLORS.get(row["change"], "#333333")
        if not math.isnan(prev) and not math.isnan(cur):
            ax.annotate("", xy=(cur, y), xytext=(prev, y), zorder=2,
                        arrowprops=dict(arrowstyle="->", color=color, lw=1.8, shrinkA=5, shrinkB=5))
        if not math.isnan(prev):
            ax.scatter([prev], [y], s=55, facecolor="white", edgecolor="#777777", linewidth=1.4, zorder=3)
        if not math.isnan(cur):
            ax.scatter([cur], [y], s=60, color=color, zorder=4)
        ax.text(1.12, y, CHANGE_LABELS.get(row["change"], str(row["change"])), va="center",
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
                      markeredgecolor="#777777", markersize=7, label="last known position"),
               Line2D([0], [0], marker="o", color="none", markerfacecolor="#333333",
                      markersize=7, label="this week (colour: kind of change)")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8,
              frameon=False)
    fig.suptitle(plain_text(title + note), fontsize=12)
    return _save(fig, path)


def _draw_shift_counts(shift_frame: pd.DataFrame, path, title: str) -> Path:
    weeks = sorted(set(shift_frame["week"].astype(str)))
    kinds = [k for k in CHANGE_LABELS if k in set(shift_frame["change"])]
    counts = shift_frame.groupby(["week", "change"]).size()
    fig = Figure(figsize=(min(30.0, max(7.0, 1.5 + 0.35 * len(weeks))), 4.2), dpi=DPI,
                 layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bottom = np.zeros(len(weeks))
    for kind in kinds:
        vals = np.array([float(counts.get((w, kind), 0)) for w in weeks])
        ax.bar(range(len(weeks)), vals, bottom=bottom, color=CHANGE_COLORS[kind],
               label=CHANGE_LABELS[kind], width=0.8)
        bottom += vals
    step = max(1, len(weeks) // 30)
    ax.set_xticks(range(0, len(weeks), step), labels=weeks[::step], rotation=60, ha="right",
                  rotation_mode="anchor", fontsize=8)
    ax.set_ylabel("actor x issue cells that changed", fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.08)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(color=CHANGE_COLORS[k], label=CHANGE_LABELS[k]) for k in kinds],
              fontsize=8, frameon=False, ncol=len(kinds), loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.suptitle(title, fontsize=12)
    return _save(fig, path)
