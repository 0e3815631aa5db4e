"""``stances graph``: exports that read back, options, errors, and the DNA round trip."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from stances import network as N
from stances.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "dna" / "sample.dna"

ROWS = [
    ("seed", "2020-07-09", "TUR", "ceasefire", 1.0), ("seed", "2020-07-09", "GBR", "ceasefire", 1.0),
    ("seed", "2020-07-09", "DEU", "ceasefire", 1.0), ("seed", "2020-07-09", "FRA", "ceasefire", 1.0),
    ("seed", "2020-07-09", "RUS", "ceasefire", 1.0),
    ("seed", "2020-07-09", "TUR", "ceasefire_conditions", 1.0),
    ("seed", "2020-07-09", "RUS", "ceasefire_conditions", -1.0),
    ("later", "2020-07-21", "GBR", "ceasefire", 1.0), ("later", "2020-07-21", "DEU", "ceasefire", 1.0),
    ("later", "2020-07-21", "LNA", "ceasefire", -1.0),
]


@pytest.fixture()
def statements_csv(tmp_path):
    path = tmp_path / "statements.csv"
    pd.DataFrame(ROWS, columns=["doc", "date", "actor", "issue", "score"]).to_csv(path, index=False)
    return path


def run(*args):
    result = CliRunner().invoke(main, ["graph", *map(str, args)])
    return result


def test_graphml_reads_back_with_the_same_nodes_edges_and_weights(statements_csv, tmp_path):
    out = tmp_path / "g.graphml"
    result = run("--db", statements_csv, "--format", "graphml", "-o", out)
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out)
    expected = N.agreement_graph(pd.read_csv(statements_csv))
    assert sorted(back.nodes) == sorted(expected.nodes)
    assert sorted(back.edges) == sorted(tuple(sorted(e)) for e in expected.edges)
    for u, v, w in expected.edges(data="weight"):
        assert back.edges[u, v]["weight"] == w
        assert back.edges[u, v]["sign"] == 1
    assert back.edges["DEU", "GBR"]["weight"] == 4.0   # two supports each: 2 x 2, as in DNA
    assert back.nodes["GBR"]["label"] == "United Kingdom" and back.nodes["GBR"]["code"] == "GBR"
    assert back.nodes["GBR"]["statements"] == 2
    assert "wrote" in result.output and "edges" in result.output


def test_duplicates_default_to_once_per_document(statements_csv, tmp_path):
    frame = pd.read_csv(statements_csv)
    doubled = pd.concat([frame, frame[frame["actor"] == "TUR"]])
    path = tmp_path / "doubled.csv"
    doubled.to_csv(path, index=False)
    once = pd.read_csv(io.StringIO(run("--db", path, "--format", "csv").stdout))
    every = pd.read_csv(io.StringIO(run("--db", path, "--format", "csv",
                                        "--duplicates", "include").stdout))
    pair = lambda rows: rows[(rows["source"] == "GBR") & (rows["target"] == "TUR")]  # noqa: E731
    assert pair(once)["weight"].tolist() == [2.0]   # GBR twice (two articles) x TUR once
    assert pair(every)["weight"].tolist() == [4.0]


def test_week_filter_and_csv_to_stdout(statements_csv):
    result = run("--db", statements_csv, "--kind", "disagreement", "--week", "2020-W28",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(io.StringIO(result.stdout))
    assert rows[["source", "target", "sign", "issues"]].values.tolist() == [
        ["RUS", "TUR", -1, "ceasefire_conditions"]]


def test_two_mode_and_signed_kinds(statements_csv, tmp_path):
    out = tmp_path / "t.graphml"
    assert run("--db", statements_csv, "--kind", "two-mode", "--aggregation", "subtract",
               "-o", out).exit_code == 0
    g = nx.read_graphml(out)
    assert g.nodes["ceasefire"]["kind"] == "issue"
    assert g.edges["LNA", "ceasefire"]["sign"] == -1
    out = tmp_path / "s.csv"
    assert run("--db", statements_csv, "--kind", "signed", "-o", out).exit_code == 0
    signed = pd.read_csv(out)
    tur_rus = signed[(signed["source"] == "RUS") & (signed["target"] == "TUR")]
    assert tur_rus.empty   # agree on ceasefire, disagree on conditions: they cancel
    assert set(signed["sign"]) == {-1, 1}


def test_gexf_timeline_is_its_own_option(statements_csv, tmp_path):
    out = tmp_path / "t.gexf"
    result = run("--db", statements_csv, "--timeline", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert 'mode="dynamic"' in text and "<spell" in text and "lastmodifieddate" not in text
    first = out.read_bytes()
    assert run("--db", statements_csv, "--timeline", "-o", out).exit_code == 0
    assert out.read_bytes() == first
    static = tmp_path / "s.gexf"
    assert run("--db", statements_csv, "-o", static).exit_code == 0
    assert 'mode="static"' in static.read_text() and "<spell" not in static.read_text()
    refused = run("--db", statements_csv, "--timeline", "--format", "graphml")
    assert refused.exit_code == 2 and "--format gexf" in refused.output


def test_draw_and_stats(statements_csv, tmp_path):
    result = run("--db", statements_csv, "--week", "2020-W28", "--format", "csv", "-o",
                 tmp_path / "g.csv", "--draw", tmp_path / "png", "--stats")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "png" / "agreement.png").exists()
    assert (tmp_path / "png" / "disagreement.png").exists()
    assert "coalitions:" in result.output and "polarisation:" in result.output
    assert "balanced triangles:" in result.output


@pytest.mark.parametrize("args,message", [
    (["--week", "2020-28"], "--week"),
    (["--normalization", "activity"], "--normalization"),
    (["--aggregation", "combine"], "use --kind one-mode"),
    (["--kind", "one-mode", "--aggregation", "combine"], "one-mode graphs take ignore"),
    (["--exclude-actor", "TUR", "--only-actor", "RUS"], "either"),
])
def test_bad_options_exit_2_with_one_line(statements_csv, args, message):
    result = run("--db", statements_csv, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_store_is_a_one_line_error(tmp_path):
    result = run("--db", tmp_path / "nope.db")
    assert result.exit_code == 2
    assert "nope.db" in result.output and len(result.output.strip().splitlines()) == 1


def test_empty_week_warns(statements_csv):
    result = run("--db", statements_csv, "--week", "2019-W01", "--format", "csv")
    assert result.exit_code == 0
    assert "warning: no signed statements in week 2019-W01" in result.output


@pytest.mark.skipif(not SAMPLE.exists(), reason="DNA sample database not available")
def test_import_dna_then_graph_gives_dna_numbers(tmp_path):
    db = tmp_path / "dna.db"
    imported = CliRunner().invoke(main, ["import-dna", str(SAMPLE), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "two.graphml"
    assert run("--db", db, "--kind", "two-mode", "--duplicates", "include", "-o", out).exit_code == 0
    g = nx.read_graphml(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (13, 22)
    assert sum(w for _, _, w in g.edges(data="weight")) == 40
