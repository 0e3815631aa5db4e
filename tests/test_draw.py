"""Drawings of the agreement and disagreement graphs: files, shared layout, reproducibility."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

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


def _intersect(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# three separate groups, one actor alone, long names crowded in one place
PARTS = pd.DataFrame(
    [("TUR", "x", 1), ("QAT", "x", 1), ("GNA", "x", 1), ("ITA", "x", 1),
     ("EGY", "y", 1), ("ARE", "y", 1), ("LNA", "y", 1),
     ("UN", "z", 1), ("EU", "z", 1), ("DZA", "w", 1)],
    columns=["actor", "issue", "score"]).assign(doc="d", date=pd.Timestamp("2020-07-09"))
LONG = {"TUR": "Republic of Turkey", "QAT": "State of Qatar", "GNA": "Government of National Accord",
        "ITA": "Italian Republic", "EGY": "Arab Republic of Egypt", "ARE": "United Arab Emirates",
        "LNA": "Libyan National Army (Haftar)", "UN": "United Nations", "EU": "European Union",
        "DZA": "People's Democratic Republic of Algeria"}


def test_components_are_laid_out_apart_and_packed_together():
    agree = N.agreement_graph(PARTS)
    pos = Dr.shared_layout([agree], seed=0)
    groups = [("TUR", "QAT", "GNA", "ITA"), ("EGY", "ARE", "LNA"), ("UN", "EU")]
    box = lambda g: (np.array([pos[n] for n in g]).min(0), np.array([pos[n] for n in g]).max(0))  # noqa: E731
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            (lo1, hi1), (lo2, hi2) = box(groups[i]), box(groups[j])
            assert (hi1 < lo2).any() or (hi2 < lo1).any()   # the parts' boxes do not overlap
    xy = np.array(list(pos.values()))
    # packed: the whole drawing is not much wider than the parts need (no corners far apart)
    assert np.ptp(xy[:, 0]) < 8 and np.ptp(xy[:, 1]) < 8
    assert pos["DZA"][1] < min(pos[n][1] for g in groups for n in g)   # the loner sits below


def test_label_boxes_do_not_intersect_even_when_crowded():
    agree = N.agreement_graph(PARTS)
    for pos in (Dr.shared_layout([agree], seed=0), {n: np.zeros(2) for n in agree}):  # all on one spot
        fig, boxes = Dr.graph_figure(agree, pos, color="green", title="t", legend_label="l", names=LONG)
        assert len(boxes) == agree.number_of_nodes()
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not _intersect(boxes[i], boxes[j]), (i, j)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert "Government of National Accord" in texts     # labelled with actor names


def test_place_labels_never_overlaps():
    rng = np.random.default_rng(3)
    sizes = rng.uniform(20, 120, (40, 2)) * [1, 0.2]
    anchors = rng.uniform(0, 50, (40, 2))
    boxes = Dr.place_labels(sizes, anchors, avoid=[(0, 0, 10, 10)])
    for i in range(len(boxes)):
        assert not _intersect(boxes[i], (0, 0, 10, 10))
        for j in range(i + 1, len(boxes)):
            assert not _intersect(boxes[i], boxes[j])


def test_an_empty_graph_is_a_sentence_not_a_frame():
    agree = N.agreement_graph(PARTS)
    none = N.disagreement_graph(PARTS)
    assert none.number_of_edges() == 0
    fig, boxes = Dr.graph_figure(none, Dr.shared_layout([agree, none]), color="red", title="t",
                                 legend_label="l", empty=Dr.empty_graph_sentence("disagreement"))
    assert boxes == [] and not fig.axes
    assert Dr.empty_graph_sentence("disagreement") in [t.get_text() for t in fig.texts]
    assert fig.get_size_inches()[1] < 2


def test_mathtext_is_not_interpreted():
    g = nx.Graph()
    g.add_edge("A", "B", weight=1.0)
    fig, _ = Dr.graph_figure(g, {"A": np.zeros(2), "B": np.ones(2)}, color="g", title="$x$", legend_label="l",
                             names={"A": "$5 deal", "B": "B"})
    fig.canvas.draw()   # would raise on unbalanced mathtext
    assert "\\$5 deal" in {t.get_text() for t in fig.axes[0].texts}


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
