"""Drawings of the agreement and disagreement graphs: files, shared layout, reproducibility."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from stances import draw as Dr
from stances import network as N

STATEMENTS = pd.DataFrame(
    [("TUR", "ceasefire", 1), ("GBR", "ceasefire", 1), ("DEU", "ceasefire", 1),
     ("FRA", "ceasefire", 1), ("RUS", "ceasefire", 1), ("TUR", "ceasefire_conditions", 1),
     ("RUS", "ceasefire_conditions", -1), ("GNA", "ceasefire_conditions", 1),
     ("LNA", "haftar_support", 1), ("EGY", "haftar_support", 1), ("TUR", "haftar_support", -1)],
    columns=["actor", "issue", "score"]).assign(doc="seed", date=pd.Timestamp("2020-07-09"))

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_writes_both_files_and_they_are_byte_identical_on_rerun(tmp_path):
    a, d = Dr.draw_agreement_disagreement(STATEMENTS, tmp_path / "one", seed=4)
    assert (a.name, d.name) == ("agreement.png", "disagreement.png")
    assert a.read_bytes().startswith(PNG_MAGIC) and d.read_bytes().startswith(PNG_MAGIC)
    assert a.read_bytes() != d.read_bytes()
    a2, d2 = Dr.draw_agreement_disagreement(STATEMENTS, tmp_path / "two", seed=4)
    assert a.read_bytes() == a2.read_bytes()
    assert d.read_bytes() == d2.read_bytes()
    assert b"Software" not in a.read_bytes() and b"Creation" not in a.read_bytes()


def test_accepts_graphs_and_explicit_paths(tmp_path):
    graphs = (N.agreement_graph(STATEMENTS), N.disagreement_graph(STATEMENTS))
    paths = (tmp_path / "ag.png", tmp_path / "dis.png")
    out = Dr.draw_agreement_disagreement(graphs, paths=paths, seed=0, title="2020-W28")
    assert out == paths and all(p.stat().st_size > 1000 for p in paths)


def test_shared_layout_covers_both_graphs_and_is_seeded():
    agree, disagree = N.agreement_graph(STATEMENTS), N.disagreement_graph(STATEMENTS)
    disagree.add_node("ONLY_HERE")
    pos = Dr.shared_layout([agree, disagree], seed=2)
    assert set(pos) == set(agree) | set(disagree)
    again = Dr.shared_layout([agree, disagree], seed=2)
    assert all(np.array_equal(pos[n], again[n]) for n in pos)


def test_agreeing_actors_are_placed_closer_than_opponents():
    pos = Dr.shared_layout([N.agreement_graph(STATEMENTS), N.disagreement_graph(STATEMENTS)],
                           seed=0)
    dist = lambda a, b: float(np.hypot(*(pos[a] - pos[b])))  # noqa: E731
    assert dist("LNA", "EGY") < dist("LNA", "GBR")


def test_label_repulsion_separates_overlapping_labels():
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    anchors = np.zeros((4, 2))
    texts = [ax.text(0, 0, name, ha="center", va="bottom")
             for name in ["Alliance to Save Energy", "Senate", "Sierra Club", "EPA"]]
    Dr._repel_labels(texts, fig, ax, anchors)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer=renderer) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j])
        assert ax.get_window_extent(renderer=renderer).contains(boxes[i].x0, boxes[i].y0)


def test_empty_graphs_still_draw(tmp_path):
    a, d = Dr.draw_agreement_disagreement((nx.Graph(), nx.Graph()), tmp_path)
    assert a.read_bytes().startswith(PNG_MAGIC) and d.exists()


@pytest.mark.parametrize("kind", ["agreement", "disagreement"])
def test_draw_graph_single(tmp_path, kind):
    g = N.build_graph(STATEMENTS, kind)
    pos = Dr.shared_layout([g])
    color = Dr.AGREEMENT_COLOR if kind == "agreement" else Dr.DISAGREEMENT_COLOR
    p = Dr.draw_graph(g, tmp_path / f"{kind}.png", pos, color=color, title=kind,
                      legend_label=kind)
    assert p.read_bytes().startswith(PNG_MAGIC)
