"""Matplotlib drawings of the agreement and disagreement graphs.

Both drawings share one seeded layout (actors stay in the same place, so the
two pictures can be compared side by side). Each connected part of the debate
is laid out on its own and the parts are packed side by side, largest first,
with actors tied to nobody in a row underneath, so separate groups do not fly
to opposite corners. Edge width grows with weight, agreement is green and
disagreement red, node size grows with the number of statements, nodes are
labelled with actor names, and labels are placed so that no two label boxes
intersect (:func:`place_labels`). A graph without ties is not drawn as an
empty frame: the picture says so in a sentence. The PNG files are
byte-for-byte reproducible: the Agg renderer is used without pyplot and
without the "Software" metadata. Every string drawn goes through
:func:`plain_text` (no mathtext).
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .network import agreement_graph, disagreement_graph

__all__ = ["AGREEMENT_COLOR", "DISAGREEMENT_COLOR", "plain_text", "shared_layout", "place_labels",
           "graph_figure", "draw_graph", "empty_graph_sentence", "draw_agreement_disagreement"]

AGREEMENT_COLOR = "#1a9641"
DISAGREEMENT_COLOR = "#d7191c"
NODE_COLOR = "#4d6f8f"


def plain_text(value) -> str:
    """A string as matplotlib should draw it: literally (``$`` does not start mathtext).

    The one place where text from articles and rules is prepared for a figure.

    >>> print(plain_text("costs $5"))
    costs \\$5
    """
    return str(value).replace("$", r"\$")


def _component_layout(g: nx.Graph, nodes: list, seed: int) -> np.ndarray:
    if len(nodes) == 1:
        return np.zeros((1, 2))
    if len(nodes) == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    sub = g.subgraph(nodes)
    k = 1.0 / np.sqrt(len(nodes))
    pos = nx.spring_layout(sub, weight="weight", seed=seed, k=k, iterations=200)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    span = np.abs(xy).max() or 1.0
    return xy / span * (0.5 * np.sqrt(len(nodes)))


def shared_layout(graphs, seed: int = 0) -> dict:
    """One layout for the union of *graphs*: each connected part laid out alone, then packed.

    Agreement edges pull actors together by their weight; disagreement edges
    pull only weakly, so opponents are not glued together but a connected
    debate stays in one piece. Each connected component gets its own seeded
    spring layout, scaled with the square root of its size; the components
    are packed left to right (largest first) in rows, and actors without any
    tie sit in a row below.

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
        Node -> numpy array ``(x, y)``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("A", "B", weight=1.0, sign=1)
    >>> pos = shared_layout([g], seed=1)
    >>> sorted(pos) == ["A", "B"] and shared_layout([g], seed=1)["A"].tolist() == pos["A"].tolist()
    True
    """
    graphs = list(graphs)
    nodes = sorted({n for g in graphs for n in g.nodes})
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
    parts = sorted((sorted(c) for c in nx.connected_components(union)), key=lambda c: (-len(c), c))
    groups = [c for c in parts if len(c) > 1]
    loners = [c[0] for c in parts if len(c) == 1]
    pos: dict = {}
    gap = 0.9
    row_width = max(3.0, 1.6 * np.sqrt(len(nodes)))
    x = y = 0.0
    row_height = 0.0
    for c in groups:
        xy = _component_layout(union, c, seed)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        w, h = hi - lo
        if x > 0 and x + w > row_width:
            x, y = 0.0, y - row_height - gap
            row_height = 0.0
        for n, p in zip(c, xy):
            pos[n] = np.array([x + p[0] - lo[0], y - (p[1] - lo[1])])
        x += w + gap
        row_height = max(row_height, h)
    if loners:
        y = (y - row_height - gap) if groups else 0.0
        per_row = max(1, int(row_width // 0.9) + 1)
        for i, n in enumerate(loners):
            pos[n] = np.array([0.9 * (i % per_row), y - 0.6 * (i // per_row)])
    xy = np.array([pos[n] for n in nodes])
    center = (xy.min(axis=0) + xy.max(axis=0)) / 2.0
    return {n: np.round(pos[n] - center, 9) for n in nodes}


def _overlaps(box, boxes) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def place_labels(sizes, anchors, *, avoid=(), pad: float = 2.0) -> list[tuple[float, float, float, float]]:
    """Place one label box per anchor so that no two boxes intersect.

    Greedy and deterministic: labels are placed in the order given, each at
    the first free spot among positions around its anchor (above, below,
    right, left, then the diagonals), at growing distances, so that it
    intersects neither a label placed before nor a box in *avoid* (node
    markers). A free spot always exists far enough out, so the result never
    overlaps.

    Parameters
    ----------
    sizes : sequence of (width, height)
        Label sizes, in display units (pixels).
    anchors : sequence of (x, y)
        The point each label belongs to (display units).
    avoid : sequence of (x0, y0, x1, y1)
        Boxes labels should not cover.
    pad : float
        Gap kept between boxes.

    Returns
    -------
    list of (x0, y0, x1, y1)

    Examples
    --------
    >>> boxes = place_labels([(40, 10)] * 3, [(0, 0)] * 3)
    >>> any(_overlaps(b, [c for c in boxes if c is not b]) for b in boxes)
    False
    """
    placed: list = []
    blocked = [tuple(b) for b in avoid]
    directions = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]
    for (w, h), (ax_, ay) in zip(sizes, anchors):
        w, h = float(w) + pad, float(h) + pad
        chosen = None
        step = max(h, 6.0)
        for ring in range(0, 400):
            r = 4.0 + ring * step * 0.5
            for dx, dy in directions:
                cx = ax_ + dx * (r + w / 2.0)
                cy = ay + dy * (r + h / 2.0)
                box = (cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
                if not _overlaps(box, placed) and not _overlaps(box, blocked):
                    chosen = box
                    break
            if chosen is not None:
                break
        if chosen is None:  # unreachable in practice: stack above everything placed
            top = max([b[3] for b in placed + blocked] + [ay])
            chosen = (ax_ - w / 2.0, top + pad, ax_ + w / 2.0, top + pad + h)
        placed.append(chosen)
    half = pad / 2.0
    return [(b[0] + half, b[1] + half, b[2] - half, b[3] - half) for b in placed]


def empty_graph_sentence(kind: str) -> str:
    """The sentence shown instead of a graph without ties.

    >>> empty_graph_sentence("disagreement")
    'No disagreement ties: no two actors took opposite stances on an issue here.'
    """
    if kind == "agreement":
        return "No agreement ties: no two actors took the same stance on an issue here."
    return "No disagreement ties: no two actors took opposite stances on an issue here."


def graph_figure(graph: nx.Graph, pos: dict, *, color: str, title: str, legend_label: str,
                 names: dict | None = None, empty: str | None = None, figsize=None,
                 dpi: int = 110):
    """The figure of one graph, and its label boxes (display units), without saving it.

    Returns
    -------
    (matplotlib.figure.Figure, list of (x0, y0, x1, y1))
        The label boxes are those of the drawn labels, for checks; empty when
        the graph has no ties (the figure then holds *empty*, a sentence).
    """
    if graph.number_of_edges() == 0:
        fig = Figure(figsize=(8.0, 1.6), dpi=dpi)
        FigureCanvasAgg(fig)
        fig.suptitle(plain_text(title), fontsize=12, y=0.86)
        fig.text(0.5, 0.4, plain_text(empty or "No ties."), ha="center", va="center", fontsize=11,
                 color="#555555")
        return fig, []
    nodes = sorted(pos)
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    span = xy.max(axis=0) - xy.min(axis=0) if len(xy) else np.zeros(2)
    if figsize is None:
        width = float(np.clip(4.5 + 1.6 * span[0], 6.5, 13.0))
        height = float(np.clip(2.8 + 1.6 * span[1], 4.0, 11.0))
        figsize = (width, height)
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.03, 0.1, 0.94, 0.78])
    ax.set_axis_off()
    fig.suptitle(plain_text(title), fontsize=13, y=0.97)
    pad = 0.6
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    edges = sorted(tuple(sorted(e)) for e in graph.edges)
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
    tied = {n for e in edges for n in e}
    colors = [NODE_COLOR if n in tied else "#b8c2cc" for n in nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, color=colors, edgecolor="white", linewidth=1.0, zorder=3)
    renderer = fig.canvas.get_renderer()
    labels = []
    for n in nodes:
        label = (names or {}).get(n) or (graph.nodes[n].get("label", n) if n in graph else n)
        labels.append(plain_text(label))
    texts = [ax.text(0, 0, t, fontsize=9, ha="center", va="center", zorder=4) for t in labels]
    extents = [t.get_window_extent(renderer=renderer) for t in texts]
    anchors = ax.transData.transform(xy)
    radius = [np.sqrt(sz) / 2.0 * dpi / 72.0 for sz in sizes]
    markers = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(anchors, radius)]
    order = sorted(range(len(nodes)), key=lambda i: (-counts[i], nodes[i]))
    boxes_in_order = place_labels([(extents[i].width, extents[i].height) for i in order],
                                  [tuple(anchors[i]) for i in order], avoid=markers)
    boxes: list = [None] * len(nodes)
    for i, box in zip(order, boxes_in_order):
        boxes[i] = box
    inv = ax.transData.inverted()
    for i, (t, box) in enumerate(zip(texts, boxes)):
        cx, cy = (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0
        t.set_position(inv.transform((cx, cy)))
        t.set_clip_on(False)
        t.set_bbox(dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.85))
        far = np.hypot(cx - anchors[i][0], cy - anchors[i][1]) > radius[i] + (box[3] - box[1]) * 1.5
        if far:
            end = inv.transform((cx, cy))
            ax.plot([xy[i][0], end[0]], [xy[i][1], end[1]], color="#999999", linewidth=0.5, zorder=1)
    final = [t.get_window_extent(renderer=renderer) for t in texts]
    handles = [Line2D([0], [0], color=color, linewidth=3, label=legend_label),
               Line2D([0], [0], color=color, linewidth=0.8, label="thin: weaker tie"),
               Line2D([0], [0], marker="o", color="none", markerfacecolor=NODE_COLOR,
                      markersize=9, label="actor (size: statements; grey: no tie here)")]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    return fig, [(b.x0, b.y0, b.x1, b.y1) for b in final]


def draw_graph(graph: nx.Graph, path, pos: dict, *, color: str, title: str,
               legend_label: str, names: dict | None = None, empty: str | None = None,
               figsize=None, dpi: int = 110) -> Path:
    """Draw one graph with a given layout and save it as PNG (see :func:`graph_figure`).

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
    names : dict, optional
        Node labels (actor names); default the node's ``label``.
    empty : str, optional
        The sentence drawn when the graph has no ties.

    Returns
    -------
    Path
        *path*.
    """
    path = Path(path)
    fig, _ = graph_figure(graph, pos, color=color, title=title, legend_label=legend_label,
                          names=names, empty=empty, figsize=figsize, dpi=dpi)
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def draw_agreement_disagreement(statements_or_graphs, out_dir=".", *, seed: int = 0,
                                paths=None, title: str = "", names: dict | None = None,
                                **kwargs) -> tuple[Path, Path]:
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
    names : dict, optional
        Actor id -> name, for the node labels.

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
                   legend_label="agreement (shared stance)", names=names,
                   empty=empty_graph_sentence("agreement"))
    d = draw_graph(disagree, paths[1], pos, color=DISAGREEMENT_COLOR,
                   title=f"Disagreement: opposite stances on an issue{suffix}",
                   legend_label="disagreement (opposite stances)", names=names,
                   empty=empty_graph_sentence("disagreement"))
    return Path(a), Path(d)
