"""Every network export reads back with networkx as the same network: names, weights, signs, partition."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from stances import network as N
from stances.cli import main
from stances.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
ROWS = [
    ("a", "2020-07-06", "TUR", "ceasefire", 1.0), ("a", "2020-07-06", "GBR", "ceasefire", 1.0),
    ("a", "2020-07-06", "ARE", "ceasefire", -1.0), ("a", "2020-07-06", "TUR", "gna_support", 1.0),
    ("b", "2020-07-14", "RUS", "gna_support", -1.0), ("b", "2020-07-14", "GBR", "ceasefire", 0.5),
    ("b", "2020-07-14", "ARE", "gna_support", -1.0), ("c", "2020-07-22", "TUR", "ceasefire", 1.0),
    ("c", "2020-07-22", "ARE", "ceasefire", 1.0), ("c", "2020-07-22", "RUS", "ceasefire", 1.0),
]
KINDS = [("agreement",), ("disagreement",), ("signed",), ("one-mode", "--aggregation", "ignore"),
         ("one-mode", "--aggregation", "subtract"), ("two-mode",), ("two-mode", "--aggregation", "subtract")]


@pytest.fixture(scope="module")
def statements(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "statements.csv"
    pd.DataFrame(ROWS, columns=["doc", "date", "actor", "issue", "score"]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def names():
    rs = load_rules(ROOT / "rules")
    return {a: obj.name for a, obj in rs.actors.items()}


def export(statements, kind, fmt, tmp_path):
    out = tmp_path / f"g.{fmt}"
    result = CliRunner().invoke(main, ["graph", "--db", str(statements), "--rules", str(ROOT / "rules"),
                                       "--kind", *kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def expected_graph(statements, kind):
    frame = pd.read_csv(statements)
    opts = {"duplicates": "document"}
    if len(kind) > 1:
        opts["aggregation"] = kind[2]
    return N.build_graph(frame, kind[0], **opts)


def read_back(path, fmt):
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    rows = pd.read_csv(path, keep_default_na=False)
    g = nx.Graph()
    for r in rows.itertuples():
        g.add_edge(r.source, r.target, weight=r.weight, sign=r.sign, issues=r.issues)
    return g


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: "-".join(k).replace("--aggregation-", ""))
def test_export_reads_back_with_names_weights_and_signs(statements, names, kind, fmt, tmp_path):
    want = expected_graph(statements, kind)
    got = read_back(export(statements, kind, fmt, tmp_path), fmt)
    assert want.number_of_edges() > 0
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in want.edges}
    for u, v, d in want.edges(data=True):
        assert got.edges[u, v]["weight"] == pytest.approx(d["weight"], abs=1e-6)
        assert int(got.edges[u, v]["sign"]) == d["sign"]
        assert got.edges[u, v]["issues"] == d["issues"]
    if fmt == "csv":
        return
    assert set(got.nodes) == set(want.nodes)
    for n, d in got.nodes(data=True):
        code = d["code"]
        assert n in (code, f"issue:{code}")
        if d["kind"] == "actor":
            assert d["label"] == names[code]          # Gephi and visone show the name...
        else:
            assert d["label"] != code                  # ...and issue titles, from the rules
    if kind[0] == "two-mode":
        part = {n: d["bipartite"] for n, d in got.nodes(data=True)}
        assert {part[n] for n, d in got.nodes(data=True) if d["kind"] == "actor"} == {0}
        assert {part[n] for n, d in got.nodes(data=True) if d["kind"] == "issue"} == {1}
        assert {bool(d["type"]) for n, d in got.nodes(data=True) if d["kind"] == "issue"} == {True}
        assert nx.bipartite.is_bipartite_node_set(got, [n for n in got if part[n] == 0])


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: "-".join(k).replace("--aggregation-", ""))
def test_graphml_and_gexf_describe_the_same_network(statements, kind, tmp_path):
    a = nx.read_graphml(export(statements, kind, "graphml", tmp_path))
    b = nx.read_gexf(export(statements, kind, "gexf", tmp_path))
    assert sorted(a.nodes) == sorted(b.nodes)
    assert {frozenset(e): (d["weight"], d["sign"]) for *e, d in a.edges(data=True)} == \
        {frozenset(e): (d["weight"], d["sign"]) for *e, d in b.edges(data=True)}
    for n in a:
        assert a.nodes[n]["label"] == b.nodes[n]["label"]


def test_timeline_gexf_has_weekly_spells(statements, tmp_path):
    out = tmp_path / "t.gexf"
    result = CliRunner().invoke(main, ["graph", "--db", str(statements), "--timeline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(out)
    assert g.graph["mode"] == "dynamic"
    assert len(g.nodes["TUR"]["spells"]) == 2       # TUR speaks in weeks 28 and 30


def test_since_and_until_select_a_window(statements):
    result = CliRunner().invoke(main, ["graph", "--db", str(statements), "--kind", "one-mode",
                                       "--since", "2020-07-13", "--until", "2020-W29", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(io.StringIO(result.stdout))
    assert rows[["source", "target", "weight"]].values.tolist() == [["ARE", "RUS", 1.0]]   # week 29 only
