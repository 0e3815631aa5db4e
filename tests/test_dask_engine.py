"""The Dask engine writes partitioned Parquet equal, row for row, to the local engine's output."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from stances.cli import main  # noqa: E402
from stances.corpus import read_articles  # noqa: E402
from stances.dask_engine import dask_extract, read_partitioned  # noqa: E402
from stances.extract import extract_many  # noqa: E402
from stances.io import read_statement_file, statements_frame  # noqa: E402
from stances.rules import load_rules  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "rules_min"
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_articles  # noqa: E402


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(RULES)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, ruleset):
    d = tmp_path_factory.mktemp("corpus")
    write_articles(d, 120, ruleset, seed=11)
    return d


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _local_frame(ruleset, corpus_dir):
    arts = [a for a in read_articles([corpus_dir]) if hasattr(a, "text")]
    return statements_frame([s for _, ss in extract_many(arts, ruleset) for s in ss])


def _same(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_categorical=False)


def test_dask_engine_equals_local_engine_row_for_row(ruleset, corpus_dir, client, tmp_path):
    arts = [a for a in read_articles([corpus_dir]) if hasattr(a, "text")]
    out = tmp_path / "statements.parquet"
    got = dask_extract(arts, ruleset, out, client=client, partition_size=25)
    local = _local_frame(ruleset, corpus_dir)
    assert got == {"articles": 120, "statements": len(local), "partitions": 5}
    assert len(local) > 100
    assert sorted(p.name for p in out.iterdir()) == [f"part-{i:05d}.parquet" for i in range(5)]
    _same(read_partitioned(out), local)
    # the folder is a Parquet dataset that pandas and stances read as one table
    _same(read_statement_file(out), local)
    raw = pd.read_parquet(out)
    assert len(raw) == len(local) and list(raw["doc"]) == list(local["doc"])


def test_dask_engine_on_its_own_local_cluster(ruleset, corpus_dir, tmp_path):
    arts = [a for a in read_articles([corpus_dir]) if hasattr(a, "text")][:30]
    out = tmp_path / "o"
    got = dask_extract(arts, ruleset, out, n_workers=2, processes=False, partition_size=10)
    assert got["partitions"] == 3
    local = statements_frame([s for _, ss in extract_many(arts, ruleset) for s in ss])
    _same(read_partitioned(out), local)


def test_rewriting_replaces_old_parts(ruleset, corpus_dir, client, tmp_path):
    arts = [a for a in read_articles([corpus_dir]) if hasattr(a, "text")]
    out = tmp_path / "o"
    dask_extract(arts, ruleset, out, client=client, partition_size=10)
    dask_extract(arts[:10], ruleset, out, client=client, partition_size=10)
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]


def test_no_articles_gives_an_empty_table(ruleset, client, tmp_path):
    out = tmp_path / "empty.parquet"
    assert dask_extract([], ruleset, out, client=client) == {"articles": 0, "statements": 0, "partitions": 1}
    frame = read_statement_file(out)
    assert len(frame) == 0 and list(frame.columns) == list(statements_frame([]).columns)


def test_cli_engine_dask(corpus_dir, tmp_path, ruleset):
    out = tmp_path / "cli.parquet"
    res = CliRunner().invoke(main, ["extract", str(corpus_dir), "--rules", str(RULES), "--engine", "dask",
                                    "--jobs", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "part-*.parquet" in res.output
    _same(read_partitioned(out), _local_frame(ruleset, corpus_dir))


@pytest.mark.parametrize("args, message", [
    (["--engine", "dask"], "needs -o DIR"),
    (["--engine", "dask", "--format", "csv", "-o", "x"], "writes partitioned Parquet"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_cli_engine_dask_usage_errors(corpus_dir, args, message):
    res = CliRunner().invoke(main, ["extract", str(corpus_dir), "--rules", str(RULES)] + args)
    assert res.exit_code == 2
    assert message in res.output
