"""Networks: DNA's aggregations, normalisations and duplicate policies on hand-computed cubes."""
from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stances import network as N

ROOT = Path(__file__).resolve().parents[1]


def frame(rows, **extra):
    """Statements from (actor, issue, score[, doc, date]) tuples."""
    cols = ["actor", "issue", "score", "doc", "date"][: len(rows[0])]
    df = pd.DataFrame(rows, columns=cols)
    for k, v in extra.items():
        df[k] = v
    return df


# Hand-computed cube (oppose, support counts):
#   A: x (0, 2), y (1, 0)      A_A = 3
#   B: x (1, 1), y (1, 0)      A_B = 3
#   C: x (0, 0), y (0, 2)      A_C = 2
CUBE = frame([
    ("A", "x", 1), ("A", "x", 0.5), ("A", "y", -1),
    ("B", "x", 1), ("B", "x", -0.3), ("B", "y", -1),
    ("C", "y", 1), ("C", "y", 1),
    ("C", "x", 0),  # a score of 0 carries no stance: dropped
])


def test_count_cube_counts_statements_by_sign_and_drops_neutral():
    cube = N.count_cube(CUBE)
    assert cube.actors == ("A", "B", "C")
    assert cube.issues == ("x", "y")
    assert cube.x.tolist() == [[[0, 2], [1, 0]], [[1, 1], [1, 0]], [[0, 0], [0, 2]]]
    assert cube.activity.tolist() == [3, 3, 2]


@pytest.mark.parametrize("aggregation,expected", [
    ("ignore", {("A", "B"): 5, ("A", "C"): 2, ("B", "C"): 2}),
    ("congruence", {("A", "B"): 3, ("A", "C"): 0, ("B", "C"): 0}),
    ("conflict", {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 2}),
    ("subtract", {("A", "B"): 1, ("A", "C"): -2, ("B", "C"): -2}),
])
def test_one_mode_aggregations(aggregation, expected):
    m = N.one_mode(CUBE, aggregation)
    assert list(m.index) == list(m.columns) == ["A", "B", "C"]
    assert np.all(np.diag(m.values) == 0)
    assert np.allclose(m.values, m.values.T)
    for (a, b), v in expected.items():
        assert m.loc[a, b] == v


@pytest.mark.parametrize("aggregation,normalization,pair,expected", [
    ("congruence", "average", ("A", "B"), 3 / 3),
    ("conflict", "average", ("A", "C"), 2 / 2.5),
    ("ignore", "average", ("A", "B"), 5 / 3),
    ("congruence", "dna_cosine", ("A", "B"), 3 / 9),
    ("ignore", "dna_cosine", ("A", "C"), 2 / 6),
    ("congruence", "jaccard", ("A", "B"), 3 / 4),     # m10 = 0, m01 = 1, m11 = 3
    ("conflict", "jaccard", ("A", "C"), 2 / 5),       # m10 = 3, m01 = 2, m11 = 0
    ("congruence", "cosine", ("A", "B"), 3 / math.sqrt(5 * 3)),
    ("ignore", "cosine", ("A", "B"), 1.0),            # issue vectors (2, 1) and (2, 1)
    ("ignore", "cosine", ("A", "C"), 2 / (math.sqrt(5) * 2)),
    ("subtract", "average", ("A", "C"), -2 / 2.5),
])
def test_one_mode_normalizations(aggregation, normalization, pair, expected):
    m = N.one_mode(CUBE, aggregation, normalization)
    assert m.loc[pair] == pytest.approx(expected)
    assert m.loc[pair[::-1]] == pytest.approx(expected)


def test_true_cosine_is_bounded_and_one_for_identical_actors():
    s = frame([("A", "x", 1), ("A", "y", -1), ("B", "x", 1), ("B", "y", -1)])
    assert N.one_mode(s, "congruence", "cosine").loc["A", "B"] == pytest.approx(1.0)
    assert N.one_mode(s, "congruence", "dna_cosine").loc["A", "B"] == pytest.approx(0.5)


def test_zero_denominator_gives_zero_and_empty_input_gives_empty_matrix():
    out = N._safe_divide(np.array([1.0, 2.0]), np.array([0.0, 4.0]))
    assert out.tolist() == [0.0, 0.5]
    empty = N.one_mode(frame([("A", "x", 0)]), "congruence", "jaccard")
    assert empty.shape == (0, 0)


@pytest.mark.parametrize("aggregation,normalization,expected", [
    ("ignore", "no", [[2, 1], [2, 1], [0, 2]]),
    ("subtract", "no", [[2, -1], [0, -1], [0, 2]]),
    ("combine", "no", [[1, 2], [3, 2], [0, 1]]),
    ("ignore", "activity", [[2 / 3, 1 / 3], [2 / 3, 1 / 3], [0, 1]]),
    ("ignore", "prominence", [[0.5, 0.25], [0.5, 0.25], [0, 0.5]]),
    ("subtract", "activity", [[2 / 3, -1 / 3], [0, -1 / 3], [0, 1]]),
])
def test_two_mode(aggregation, normalization, expected):
    m = N.two_mode(CUBE, aggregation, normalization)
    assert list(m.index) == ["A", "B", "C"] and list(m.columns) == ["x", "y"]
    assert np.allclose(m.values, expected)


def test_bad_options_are_refused():
    with pytest.raises(ValueError, match="aggregation"):
        N.one_mode(CUBE, "combine")
    with pytest.raises(ValueError, match="normalization"):
        N.one_mode(CUBE, "ignore", "activity")
    with pytest.raises(ValueError, match="combine"):
        N.two_mode(CUBE, "combine", "activity")
    with pytest.raises(ValueError, match="duplicates"):
        N.one_mode(CUBE, duplicates="hour")
    with pytest.raises(ValueError, match="score"):
        N.one_mode(pd.DataFrame({"actor": ["A"], "issue": ["x"]}))


# ----------------------------------------------------------------------------- duplicates

D = pd.Timestamp
DUP_ROWS = [
    ("A", "x", 1, "d1", D("2020-07-06")),   # Monday, 2020-W28
    ("A", "x", 1, "d1", D("2020-07-06")),   # same document, same day
    ("A", "x", 1, "d2", D("2020-07-07")),   # same week, other day
    ("A", "x", 1, "d3", D("2020-07-13")),   # 2020-W29, same month
    ("A", "x", -1, "d3", D("2020-07-13")),  # other stance: never a duplicate
    ("A", "x", 1, "d4", D("2020-08-01")),   # other month, same year
    ("A", "x", 1, "d5", D("2021-01-01")),   # other year (ISO week 2020-W53)
    ("B", "x", 1, "d1", D("2020-07-06")),   # other actor: never a duplicate
    ("A", "x", 1, "d6", pd.NaT),            # undated
]


@pytest.mark.parametrize("policy,kept_support", [
    ("include", 7), ("document", 6), ("day", 6), ("week", 5), ("month", 4), ("year", 3),
    ("range", 1),
])
def test_duplicate_policies(policy, kept_support):
    s = frame(DUP_ROWS)
    out = N.drop_duplicates(s, policy)
    a_support = out[(out["actor"] == "A") & (out["score"] > 0)]
    assert len(a_support) == kept_support
    assert len(out) == kept_support + 2   # the opposing statement and actor B stay
    cube = N.count_cube(s, duplicates=policy)
    assert cube.x[0, 0, 1] == kept_support


def test_week_duplicates_use_the_iso_year_across_new_year():
    s = frame([("A", "x", 1, "d1", D("2020-12-31")), ("A", "x", 1, "d2", D("2021-01-02")),
               ("A", "x", 1, "d3", D("2021-01-04"))])
    assert len(N.drop_duplicates(s, "week")) == 2   # 2020-W53 twice, then 2021-W01
    assert len(N.drop_duplicates(s, "year")) == 2   # 2020, then 2021


def test_duplicates_keep_the_earliest_statement_whatever_the_row_order():
    s = frame(DUP_ROWS).iloc[::-1].reset_index(drop=True)
    out = N.drop_duplicates(s, "range")
    kept = out[(out["actor"] == "A") & (out["score"] > 0)]
    assert kept["doc"].tolist() == ["d1"]
    assert kept["date"].tolist() == [D("2020-07-06")]


def test_undated_statements_are_never_merged_by_calendar_policies():
    s = frame([("A", "x", 1, "d1", pd.NaT), ("A", "x", 1, "d2", pd.NaT)])
    assert len(N.drop_duplicates(s, "day")) == 2
    assert len(N.drop_duplicates(s, "range")) == 1


# ----------------------------------------------------------------------------- filters


def test_value_filters_exclude_or_keep_only():
    m = N.one_mode(CUBE, exclude_actors=["C"])
    assert list(m.index) == ["A", "B"]
    m = N.one_mode(CUBE, exclude_actors=["C"], invert_actors=True)
    assert list(m.index) == ["C"]
    t = N.two_mode(CUBE, exclude_issues=["y"])
    assert list(t.columns) == ["x"] and list(t.index) == ["A", "B"]
    t = N.two_mode(CUBE, exclude_issues=["y"], invert_issues=True)
    assert list(t.columns) == ["y"]


def test_week_filter_uses_iso_weeks_and_leaves_undated_out():
    s = frame(DUP_ROWS)
    assert set(N.prepare_statements(s, week="2020-W28")["doc"]) == {"d1", "d2"}
    assert set(N.prepare_statements(s, week="2020-W53")["doc"]) == {"d5"}


def test_categorical_columns_from_the_store_work():
    s = CUBE.copy()
    s["actor"] = pd.Categorical(s["actor"], categories=["A", "B", "C", "Z"])
    s["issue"] = pd.Categorical(s["issue"])
    m = N.one_mode(s, "ignore")
    assert list(m.index) == ["A", "B", "C"]   # unused categories are no actors
    assert m.loc["A", "B"] == 5


# ----------------------------------------------------------------------------- graphs

# The seed week as hand-coded statements (actor, issue, sign), written for this test.
SEED_WEEK = frame([
    ("TUR", "political_process", 1), ("TUR", "ceasefire", 1),
    ("TUR", "ceasefire_conditions", 1), ("TUR", "territorial_integrity", 1),
    ("TUR", "gna_support", 1), ("TUR", "haftar_support", -1),
    ("GBR", "ceasefire", 1), ("DEU", "ceasefire", 1), ("FRA", "ceasefire", 1),
    ("UN", "political_process", 1), ("UN", "foreign_forces_out", 1),
    ("RUS", "ceasefire", 1), ("RUS", "ceasefire_conditions", -1),
    ("GNA", "ceasefire_conditions", 1),
], doc="seed", date=D("2020-07-09"))


def check_seed_week(statements):
    agree = N.agreement_graph(statements)
    disagree = N.disagreement_graph(statements)
    assert disagree.has_edge("TUR", "RUS")
    assert "ceasefire_conditions" in disagree.edges["TUR", "RUS"]["issues"].split(";")
    for a, b in [("GBR", "DEU"), ("GBR", "FRA"), ("DEU", "FRA")]:
        assert agree.has_edge(a, b)
        assert "ceasefire" in agree.edges[a, b]["issues"].split(";")
        assert agree.edges[a, b]["sign"] == 1
    assert disagree.edges["TUR", "RUS"]["sign"] == -1


def test_seed_week_hand_coded():
    check_seed_week(SEED_WEEK)
    agree = N.agreement_graph(SEED_WEEK)
    assert agree.edges["TUR", "RUS"]["issues"] == "ceasefire"
    assert not N.disagreement_graph(SEED_WEEK).has_edge("GBR", "DEU")


@pytest.mark.skipif(not (ROOT / "stances" / "cli" / "extract_cmds.py").exists()
                    or not list((ROOT / "rules" / "libya" / "issues").glob("*.yaml")),
                    reason="`stances extract` or the issue rules are not there yet")
def test_seed_week_from_extraction(tmp_path):
    from click.testing import CliRunner

    from stances.cli import main

    out = tmp_path / "x.csv"
    result = CliRunner().invoke(main, ["extract", str(ROOT / "seeds"), "--rules",
                                       str(ROOT / "rules"), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    check_seed_week(pd.read_csv(out))


def test_graph_attributes():
    g = N.agreement_graph(SEED_WEEK)
    assert sorted(g.nodes) == sorted(SEED_WEEK["actor"].unique())
    assert g.nodes["TUR"] == {"label": "TUR", "code": "TUR", "kind": "actor", "statements": 6}
    for _, _, d in g.edges(data=True):
        assert d["weight"] > 0 and d["sign"] == 1 and isinstance(d["issues"], str)
    labelled = N.agreement_graph(SEED_WEEK, labels={"TUR": "Turkey"})
    assert labelled.nodes["TUR"]["label"] == "Turkey"


def test_signed_graph_signs_weights_and_cancelling_pairs():
    s = frame([("A", "x", 1), ("B", "x", 1), ("A", "y", 1), ("B", "y", 1), ("A", "z", 1),
               ("B", "z", -1), ("C", "x", -1), ("D", "x", 1), ("D", "y", -1)])
    g = N.signed_graph(s)
    ab = g.edges["A", "B"]
    assert (ab["weight"], ab["sign"], ab["agreement"], ab["disagreement"]) == (1.0, 1, 2.0, 1.0)
    assert ab["issues"] == "x;y;z"
    assert g.edges["A", "C"]["sign"] == -1 and g.edges["A", "C"]["weight"] == 1.0
    assert not g.has_edge("A", "D")   # agree on x, disagree on y: they cancel
    assert all(d["weight"] >= 0 for _, _, d in g.edges(data=True))


def test_two_mode_graph():
    g = N.two_mode_graph(CUBE, "subtract")
    assert {n for n, k in g.nodes(data="kind") if k == "issue"} == {"x", "y"}
    assert g.edges["A", "y"] == {"weight": 1.0, "sign": -1, "issues": "y"}
    assert not g.has_edge("B", "x")   # one support, one oppose: subtract gives 0
    c = N.two_mode_graph(CUBE, "combine")
    assert c.edges["B", "x"]["weight"] == 3.0 and c.edges["B", "x"]["sign"] == 0
    clash = N.two_mode_graph(frame([("x", "x", 1)]))
    assert set(clash.nodes) == {"x", "issue:x"}


def test_actor_kind_becomes_a_node_attribute():
    s = SEED_WEEK.assign(actor_kind=["state"] * len(SEED_WEEK))
    s.loc[s["actor"] == "UN", "actor_kind"] = "organisation"
    g = N.agreement_graph(s)
    assert g.nodes["UN"]["actor_kind"] == "organisation"
    assert g.nodes["TUR"]["actor_kind"] == "state"


# ----------------------------------------------------------------------------- structure

BLOCS = frame([
    ("A", "x", 1), ("B", "x", 1), ("C", "x", -1), ("D", "x", -1),
    ("A", "y", 1), ("B", "y", 1), ("C", "y", -1), ("D", "y", -1),
    ("E", "x", 1),
])


def test_coalitions_are_the_agreeing_blocs_and_deterministic():
    assert N.coalitions(BLOCS) == [("A", "B", "E"), ("C", "D")]
    assert N.coalitions(BLOCS, seed=3) == N.coalitions(BLOCS, seed=3)
    # a signed graph works too: only its positive edges count
    assert N.coalitions(N.signed_graph(BLOCS)) == [("A", "B", "E"), ("C", "D")]
    loner = frame([("A", "x", 1), ("B", "x", -1)])
    assert N.coalitions(loner) == [("A",), ("B",)]


def test_polarisation_two_camps_consensus_and_cross_cutting():
    p = N.polarisation(BLOCS)
    assert p.score == 1.0
    assert p.camps == (("A", "B", "E"), ("C", "D"))
    assert p.disagreement_between == 2 + 2 + 2 + 2 + 1 + 1 and p.agreement_between == 0
    consensus = frame([("A", "x", 1), ("B", "x", 1), ("C", "x", 1)])
    assert N.polarisation(consensus).score == 0.0
    # A and B agree on x but disagree on y, C sides with each once: no clean split
    cross = frame([("A", "x", 1), ("B", "x", 1), ("A", "y", 1), ("B", "y", -1),
                   ("C", "x", -1), ("C", "y", 1)])
    p = N.polarisation(cross)
    assert 0.0 <= p.score < 1.0
    num = p.disagreement_between - p.agreement_between - p.disagreement_within
    den = p.disagreement_between + p.agreement_between + p.disagreement_within
    assert p.score == pytest.approx(max(0.0, num / den))


def test_polarisation_local_search_matches_exhaustive_search():
    exact = N.polarisation(BLOCS)
    local = N.polarisation(BLOCS, exhaustive_limit=2, seed=7)
    assert (local.score, local.camps) == (exact.score, exact.camps)
    from_graph = N.polarisation(N.signed_graph(BLOCS))
    assert from_graph.score == exact.score


def test_balanced_triangles():
    assert N.balanced_triangles(BLOCS) == N.Balance(balanced=10, triangles=10)
    g = nx.Graph()
    g.add_edge("A", "B", sign=-1)
    g.add_edge("B", "C", sign=-1)
    g.add_edge("A", "C", sign=-1)
    g.add_edge("C", "D", sign=1)
    b = N.balanced_triangles(g)
    assert (b.balanced, b.triangles, b.share) == (0, 1, 0.0)
    assert N.balanced_triangles(nx.Graph()).share is None


# ----------------------------------------------------------------------------- exports


def test_graphml_round_trip_keeps_nodes_edges_weights_and_has_no_lists():
    g = N.signed_graph(SEED_WEEK)
    data = N.graph_bytes(g, "graphml")
    back = nx.read_graphml(io.BytesIO(data))
    assert sorted(back.nodes) == sorted(g.nodes)
    assert {tuple(sorted(e)) for e in back.edges} == {tuple(sorted(e)) for e in g.edges}
    for u, v, d in g.edges(data=True):
        assert back.edges[u, v]["weight"] == pytest.approx(d["weight"])
        assert back.edges[u, v]["sign"] == d["sign"]
    for _, d in back.nodes(data=True):
        assert d["label"] and d["kind"] == "actor"
    assert N.graph_bytes(g, "graphml") == data   # deterministic


def test_write_graph_format_from_extension(tmp_path):
    g = N.agreement_graph(SEED_WEEK)
    p = N.write_graph(g, tmp_path / "a.csv")
    rows = pd.read_csv(p)
    assert list(rows.columns) == ["source", "target", "weight", "sign", "issues"]
    assert len(rows) == g.number_of_edges()
    with pytest.raises(ValueError, match="extension"):
        N.write_graph(g, tmp_path / "a.txt")


def test_gexf_timeline_has_weekly_spells_and_no_date_stamp():
    s = pd.concat([SEED_WEEK,
                   SEED_WEEK[SEED_WEEK["actor"].isin(["GBR", "DEU"])].assign(date=D("2020-07-21"))])
    g = N.timeline_graph(s, "agreement")
    assert g.edges["DEU", "GBR"]["spells"] == [("2020-07-06", "2020-07-12"),
                                               ("2020-07-20", "2020-07-26")]
    assert g.edges["DEU", "GBR"]["weight"] == 2.0
    assert g.edges["DEU", "FRA"]["end"] == "2020-07-12"
    assert g.nodes["GBR"]["statements"] == 2
    data = N.graph_bytes(g, "gexf")
    assert b"lastmodifieddate" not in data
    root = ET.fromstring(data)
    ns = {"g": root.tag.split("}")[0].strip("{")}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    edge = [e for e in graph.iter(f"{{{ns['g']}}}edge")
            if {e.get("source"), e.get("target")} == {"DEU", "GBR"}][0]
    assert edge.get("start") == "2020-07-06" and edge.get("end") == "2020-07-26"
    assert len(edge.findall("g:spells/g:spell", ns)) == 2
    assert N.graph_bytes(N.timeline_graph(s, "agreement"), "gexf") == data
