"""Matplotlib drawings of the agreement and disagreement graphs.

Both drawings share one seeded layout (actors stay in the same place, so the
two pictures can be compared side by side), edge width grows with weight,
agreement is green and disagreement red, node size grows with the number of
statements, labels are pushed apart so they do not overlap badly, and each
picture has a legend. The PNG files are byte-for-byte reproducible: the Agg
renderer is used without pyplot and without the "Software" metadata.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .network import agreement_graph, disagreement_graph

__all__ = ["AGREEMENT_COLOR", "DISAGREEMENT_COLOR", "shared_layout", "draw_graph",
           "draw_agreement_disagreement", "plain_text", "plain_label", "MAX_LABEL_CHARS"]

#: Longest label drawn; longer names are cut with an ellipsis (text layout costs per character).
MAX_LABEL_CHARS = 80
#: Matplotlib settings under which every string is drawn as written: no mathtext ($...$), no TeX.
PLAIN_TEXT_RC = {"text.parse_math": False, "text.usetex": False}


@contextmanager
def plain_text():
    """Draw every string literally inside this block: the one place text escaping is set.

    Names, titles and labels come from articles, rules and DNA imports; with
    mathtext on, ``$x^{$`` in an actor name would be parsed (and fail). Every
    figure ``stances`` draws is made inside this context.
    """
    with matplotlib.rc_context(PLAIN_TEXT_RC):
        yield


def plain_label(text) -> str:
    """A label as drawn: one line, at most :data:`MAX_LABEL_CHARS` characters.

    >>> plain_label("a" * 100)[-3:], len(plain_label("a" * 100))
    ('aa…', 80)
    """
    s = " ".join(str(text).split())
    return s if len(s) <= MAX_LABEL_CHARS else s[:MAX_LABEL_CHARS - 1] + "…"

AGREEMENT_COLOR = "#1a9641"
DISAGREEMENT_COLOR = "#d7191c"
NODE_COLOR = "#4d6f8f"


def shared_layout(graphs, seed: int = 0) -> dict:
    """One spring layout for the union of *graphs* (sorted nodes, seeded).

    Agreement edges pull actors together by their weight; disagreement edges
    pull only weakly, so opponents are not glued together but a connected
    debate stays in one piece.

    Parameters
    ----------
    graphs : iterable of networkx.Graph
        Graphs over (mostly) the same actors; edges with ``sign`` < 0 count as
        disagreement.
    seed : int
        Layout seed.

    Returns
    -------
    dict
        Node -> numpy array ``(x, y)`` in [-1, 1].

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("A", "B", weight=1.0, sign=1)
    >>> pos = shared_layout([g], seed=1)
    >>> sorted(pos) == ["A", "B"] and shared_layout([g], seed=1)["A"].tolist() == pos["A"].tolist()
    True
    """
    union = nx.Graph()
    graphs = list(graphs)
    for g in graphs:
        union.add_nodes_from(g.nodes)
    nodes = sorted(union.nodes)
    union = nx.Graph()
    union.add_nodes_from(nodes)
    for g in graphs:
        weights = [d.get("weight", 1.0) for _, _, d in g.edges(data=True)]
        top = max(weights) if weights else 1.0
        for u, v, d in sorted(g.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
            w = float(d.get("weight", 1.0)) / (top or 1.0)
            w = w if d.get("sign", 1) >= 0 else 0.1 * w
            old = union.edges[u, v]["weight"] if union.has_edge(u, v) else 0.0
            union.add_edge(u, v, weight=old + w)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: np.array([0.0, 0.0])}
    k = 1.6 / np.sqrt(len(nodes))
    return nx.spring_layout(union, weight="weight", seed=seed, k=k, iterations=200)


def _repel_labels(texts, fig, ax, anchors, iterations: int = 150):
    """Nudge label positions (display space) until their boxes barely overlap."""
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer=renderer).expanded(1.08, 1.25) for t in texts]
    centers = np.array([[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] for b in boxes])
    half = np.array([[b.width / 2, b.height / 2] for b in boxes])
    start = centers.copy()
    frame = ax.get_window_extent(renderer=renderer)

    def clamp():
        centers[:, 0] = np.clip(centers[:, 0], frame.x0 + half[:, 0],
                                np.maximum(frame.x0 + half[:, 0], frame.x1 - half[:, 0]))
        centers[:, 1] = np.clip(centers[:, 1], frame.y0 + half[:, 1],
                                np.maximum(frame.y0 + half[:, 1], frame.y1 - half[:, 1]))

    clamp()
    for _ in range(iterations):
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                dx, dy = centers[j] - centers[i]
                ox = half[i, 0] + half[j, 0] - abs(dx)
                oy = half[i, 1] + half[j, 1] - abs(dy)
                if ox > 0 and oy > 0:
                    moved = True
                    if oy <= ox:  # cheaper to separate vertically
                        step = oy / 2 + 0.5
                        sgn = 1.0 if (dy > 0 or (dy == 0 and j > i)) else -1.0
                        centers[i, 1] -= sgn * step
                        centers[j, 1] += sgn * step
                    else:
                        step = ox / 2 + 0.5
                        sgn = 1.0 if dx >= 0 else -1.0
                        centers[i, 0] -= sgn * step
                        centers[j, 0] += sgn * step
        clamp()
        if not moved:
            break
    inv = ax.transData.inverted()
    for t, c, s, a in zip(texts, centers, start, anchors):
        if np.allclose(c, s):
            continue
        t.set_position(inv.transform(c))
        if np.hypot(*(c - s)) > 6:
            ax.plot([a[0], t.get_position()[0]], [a[1], t.get_position()[1]],
                    color="#999999", linewidth=0.5, zorder=1)


def draw_graph(graph: nx.Graph, path, pos: dict, *, color: str, title: str,
               legend_label: str, figsize=(8.0, 6.5), dpi: int = 110) -> Path:
    """Draw one graph with a given layout and save it as PNG.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes may carry ``label`` and ``statements``; edges ``weight``.
    path : str or Path
        Output PNG.
    pos : dict
        Layout, e.g. from :func:`shared_layout`.
    color : str
        Edge colour.
    title, legend_label : str
        Figure title and the legend entry of the edges.

    Returns
    -------
    Path
        *path*.
    """
    with plain_text():
        return _draw_graph(graph, path, pos, color=color, title=title, legend_label=legend_label,
                           figsize=figsize, dpi=dpi)


def _draw_graph(graph, path, pos, *, color, title, legend_label, figsize, dpi) -> Path:
    path = Path(path)
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.02, 0.1, 0.96, 0.8])
    ax.set_axis_off()
    fig.suptitle(title, fontsize=13, y=0.97)
    nodes = sorted(pos)
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    if len(xy):
        pad = 0.25
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    edges = sorted((tuple(sorted(e)) for e in graph.edges), key=lambda e: e)
    weights = [float(graph.edges[e].get("weight", 1.0)) for e in edges]
    top = max(weights) if weights else 1.0
    for (u, v), w in zip(edges, weights):
        if u in pos and v in pos:
            ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color=color,
                    linewidth=0.8 + 5.2 * w / (top or 1.0), alpha=0.75,
                    solid_capstyle="round", zorder=2)
    counts = [int(graph.nodes[n].get("statements", 1)) if n in graph else 0 for n in nodes]
    cmax = max(counts) if counts else 1
    sizes = [60 + 340 * (c / cmax if cmax else 0) for c in counts]
    if nodes:
        ax.scatter(xy[:, 0], xy[:, 1], s=sizes, color=NODE_COLOR, edgecolor="white",
                   linewidth=1.0, zorder=3)
    texts = []
    for n, (x, y) in zip(nodes, xy):
        label = plain_label(graph.nodes[n].get("label", n) if n in graph else n)
        texts.append(ax.text(x, y + 0.06, label, ha="center", va="bottom", fontsize=9,
                             zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white",
                                                 ec="none", alpha=0.8)))
    if texts:
        _repel_labels(texts, fig, ax, xy)
    handles = [Line2D([0], [0], color=color, linewidth=3, label=legend_label),
               Line2D([0], [0], color=color, linewidth=0.8, label="thin: weaker tie"),
               Line2D([0], [0], marker="o", color="none", markerfacecolor=NODE_COLOR,
                      markersize=9, label="actor (size: statements)")]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def draw_agreement_disagreement(statements_or_graphs, out_dir=".", *, seed: int = 0,
                                paths=None, title: str = "", **kwargs) -> tuple[Path, Path]:
    """Write ``agreement.png`` and ``disagreement.png`` with one shared layout.

    Parameters
    ----------
    statements_or_graphs : pandas.DataFrame or (networkx.Graph, networkx.Graph)
        A statement table (graphs are built with :func:`agreement_graph` and
        :func:`disagreement_graph`, passing *kwargs*: ``normalization``,
        ``duplicates``, ``week``, ``labels``, filters) or the two graphs.
    out_dir : str or Path
        Directory for the two files (created if needed).
    seed : int
        Layout seed; same input and seed give byte-identical files.
    paths : (path, path), optional
        Explicit output paths instead of ``out_dir/agreement.png`` and
        ``out_dir/disagreement.png``.
    title : str
        Appended to the titles (e.g. the week).

    Returns
    -------
    (Path, Path)
        The agreement and disagreement PNG paths.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> s = pd.DataFrame({"actor": ["GBR", "DEU", "RUS"], "issue": ["ceasefire"] * 3,
    ...                   "score": [1, 1, -1]})
    >>> a, d = draw_agreement_disagreement(s, tempfile.mkdtemp(), seed=1)
    >>> a.name, d.name
    ('agreement.png', 'disagreement.png')
    """
    if isinstance(statements_or_graphs, pd.DataFrame):
        agree = agreement_graph(statements_or_graphs, **kwargs)
        disagree = disagreement_graph(statements_or_graphs, **kwargs)
    else:
        agree, disagree = statements_or_graphs
    if paths is None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = (out / "agreement.png", out / "disagreement.png")
    pos = shared_layout([agree, disagree], seed=seed)
    suffix = f" ({title})" if title else ""
    a = draw_graph(agree, paths[0], pos, color=AGREEMENT_COLOR,
                   title=f"Agreement: same stance on an issue{suffix}",
                   legend_label="agreement (shared stance)")
    d = draw_graph(disagree, paths[1], pos, color=DISAGREEMENT_COLOR,
                   title=f"Disagreement: opposite stances on an issue{suffix}",
                   legend_label="disagreement (opposite stances)")
    return Path(a), Path(d)
