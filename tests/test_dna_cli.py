"""DNA's reference figures on its sample database, from the command line (``stances graph``).

Discourse Network Analyzer's own tests assert, on ``sample.dna`` (organisation x
concept, qualifier agreement, duplicates included): two-mode sum 40; one-mode with
the qualifier ignored sum 276, EPA-ASE 10 and EPA-EEA 2; congruence normalised by
the average activity sum ~26; 7 nodes and 21 edges one-mode, 13 nodes and 22 edges
two-mode. Matrix sums count each undirected tie twice (both cells).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from stances.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "dna" / "sample.dna"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="DNA sample database not available")

EPA = "Environmental Protection Agency"
ASE = "Alliance to Save Energy"
EEA = "Energy and Environmental Analysis, Inc."


def graph(*args, db=SAMPLE):
    result = CliRunner().invoke(main, ["graph", "--db", str(db), "--duplicates", "include", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def edges_csv(*args, db=SAMPLE) -> dict:
    rows = csv.DictReader(io.StringIO(graph(*args, "--format", "csv", db=db).stdout))
    return {(r["source"], r["target"]): float(r["weight"]) for r in rows}


def matrix_sum(edges: dict) -> float:
    return 2 * sum(edges.values())


@pytest.fixture(params=["dna-file", "store"])
def db(request, tmp_path):
    """The sample read as it is, and moved into a store with ``stances import-dna``."""
    if request.param == "dna-file":
        return SAMPLE
    store = tmp_path / "dna.db"
    result = CliRunner().invoke(main, ["import-dna", str(SAMPLE), "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("40 statements imported")
    return store


def test_two_mode_sum_is_40_with_13_nodes_and_22_edges(db, tmp_path):
    edges = edges_csv("--kind", "two-mode", db=db)
    assert sum(edges.values()) == 40 and len(edges) == 22
    out = tmp_path / "two.graphml"
    graph("--kind", "two-mode", "-o", out, db=db)
    g = nx.read_graphml(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (13, 22)
    assert nx.is_bipartite(g)
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}


def test_one_mode_qualifier_ignored_sums_to_276(db, tmp_path):
    edges = edges_csv("--kind", "one-mode", "--aggregation", "ignore", db=db)
    assert matrix_sum(edges) == 276
    tie = {frozenset(k): v for k, v in edges.items()}
    assert tie[frozenset((EPA, ASE))] == 10 and tie[frozenset((EPA, EEA))] == 2
    out = tmp_path / "one.gexf"
    graph("--kind", "one-mode", "--aggregation", "ignore", "-o", out, db=db)
    g = nx.read_gexf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (7, 21)


def test_congruence_with_average_normalisation_sums_to_about_26(db):
    edges = edges_csv("--kind", "agreement", "--normalization", "average", db=db)
    assert matrix_sum(edges) == pytest.approx(25.8, abs=0.01)
    same = edges_csv("--kind", "one-mode", "--aggregation", "congruence", "--normalization", "average", db=db)
    assert same == edges


def test_the_default_duplicates_differ_from_dna_and_say_so_in_help():
    once = CliRunner().invoke(main, ["graph", "--db", str(SAMPLE), "--kind", "two-mode", "--format", "csv"])
    weights = [float(r["weight"]) for r in csv.DictReader(io.StringIO(once.stdout))]
    assert sum(weights) < 40      # one statement per document, actor, issue and stance
    assert "DNA's default" in CliRunner().invoke(main, ["graph", "--help"]).output
