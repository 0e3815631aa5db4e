"""Statement and stance tables read the same in every format, with pandas and with DuckDB.

Dates are calendar dates in Parquet and ISO strings in CSV/JSONL; floats are rounded
the same way everywhere; Parquet without pyarrow is a one-line error.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.io import read_statement_file, statements_frame, write_statements
from stances.model import STATEMENT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    ("a1", "2020-07-06", "Britain, Germany and France called for a ceasefire in Libya."),
    ("a2", "2020-07-15", "Egypt rejected calls for a ceasefire, its foreign ministry said."),
    ("a3", "2020-07-15", "Russia said it supports the Berlin process, \"there is no military solution\"."),
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The statements of three articles as CSV, JSONL and Parquet, and the stance table as CSV, JSON, Parquet."""
    tmp = tmp_path_factory.mktemp("formats")
    news = tmp / "news"
    news.mkdir()
    for doc, date, text in ARTICLES:
        (news / f"{doc}.txt").write_text(f"---\nid: {doc}\ndate: {date}\ntitle: T {doc}\n---\n{text}\n")
    runner = CliRunner()
    files = {}
    for fmt in ("csv", "jsonl", "parquet"):
        files[fmt] = tmp / f"statements.{fmt}"
        r = runner.invoke(main, ["extract", str(news), "--rules", str(ROOT / "rules"), "--format", fmt,
                                 "-o", str(files[fmt]), "-q"])
        assert r.exit_code == 0, r.output
    for fmt, suffix in (("csv", "csv"), ("json", "json"), ("parquet", "parquet")):
        files[f"table.{fmt}"] = tmp / f"table.{suffix}"
        r = runner.invoke(main, ["table", "--db", str(files["csv"]), "--all", "--format", fmt,
                                 "-o", str(files[f"table.{fmt}"])])
        assert r.exit_code == 0, r.output
    return files


def test_statement_files_read_back_as_the_same_frame_with_pandas(outputs):
    frames = [read_statement_file(outputs[f]) for f in ("csv", "jsonl", "parquet")]
    assert len(frames[0]) >= 3
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], other)


def test_dates_are_iso_strings_in_text_and_calendar_dates_in_parquet(outputs):
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert pq.read_schema(outputs["parquet"]).field("date").type == pa.date32()
    assert pq.read_schema(outputs["table.parquet"]).field("first").type == pa.date32()
    row = outputs["csv"].read_text().splitlines()[1].split(",")
    assert dt.date.fromisoformat(row[1])
    rec = json.loads(outputs["jsonl"].read_text().splitlines()[0])
    assert dt.date.fromisoformat(rec["date"]) and isinstance(rec["score"], float)


def _duck(sql_for):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    try:
        return {name: con.sql(sql).fetchall() for name, sql in sql_for.items()}
    finally:
        con.close()


def _plain(rows):
    """DuckDB rows with dates and numbers in one spelling (CSV may infer ints where Parquet has floats)."""
    out = []
    for row in rows:
        out.append(tuple(v.isoformat() if isinstance(v, dt.date) else
                         (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                         for v in row))
    return out


def test_duckdb_reads_the_same_statement_table_from_every_format(outputs):
    cols = ", ".join(f'"{c}"' for c in STATEMENT_COLUMNS)
    got = _duck({
        "csv": f"SELECT {cols} FROM read_csv('{outputs['csv']}') ORDER BY ALL",
        "jsonl": f"SELECT {cols} FROM read_json('{outputs['jsonl']}') ORDER BY ALL",
        "parquet": f"SELECT {cols} FROM read_parquet('{outputs['parquet']}') ORDER BY ALL",
    })
    assert _plain(got["csv"]) == _plain(got["jsonl"]) == _plain(got["parquet"])
    types = _duck({"parquet": f"SELECT typeof(date), typeof(score) FROM read_parquet('{outputs['parquet']}') "
                              "LIMIT 1", "csv": f"SELECT typeof(date) FROM read_csv('{outputs['csv']}') LIMIT 1"})
    assert types["parquet"][0] == ("DATE", "DOUBLE") and types["csv"][0] == ("DATE",)


def test_duckdb_and_pandas_read_the_same_stance_table_from_every_format(outputs):
    got = _duck({
        "csv": f"SELECT * FROM read_csv('{outputs['table.csv']}') ORDER BY ALL",
        "json": f"SELECT * FROM read_json('{outputs['table.json']}') ORDER BY ALL",
        "parquet": f"SELECT * FROM read_parquet('{outputs['table.parquet']}') ORDER BY ALL",
    })
    assert _plain(got["csv"]) == _plain(got["json"]) == _plain(got["parquet"])
    by_pandas = pd.read_parquet(outputs["table.parquet"])
    csv = pd.read_csv(outputs["table.csv"])
    assert by_pandas["score"].tolist() == csv["score"].tolist()
    assert [d.isoformat() for d in by_pandas["first"]] == csv["first"].tolist()


def test_floats_are_rounded_alike_in_every_format(tmp_path):
    frame = statements_frame([{"doc": "d", "date": "2020-07-09", "week": "2020-W28", "actor": "TUR",
                               "issue": "ceasefire", "score": -0.6000000000000001, "start": 0, "end": 5}])
    texts = {}
    for fmt in ("csv", "jsonl", "parquet"):
        path = tmp_path / f"s.{fmt}"
        write_statements(frame, path, fmt)
        texts[fmt] = path
    assert ",-0.6," in texts["csv"].read_text()
    assert json.loads(texts["jsonl"].read_text())["score"] == -0.6
    assert "0000000" not in texts["jsonl"].read_text()
    assert pd.read_parquet(texts["parquet"])["score"].tolist() == [-0.6]


def test_stdout_csv_equals_the_file(outputs):
    news = outputs["csv"].parent / "news"
    r = CliRunner().invoke(main, ["extract", str(news), "--rules", str(ROOT / "rules"), "-q"])
    assert r.stdout == outputs["csv"].read_text()


@pytest.mark.parametrize("args", [
    ["extract", "{news}", "--rules", "{rules}", "--format", "parquet", "-o", "{tmp}/s.parquet"],
    ["table", "--db", "{csv}", "--all", "-o", "{tmp}/t.parquet"],
    ["graph", "--db", "{parquet}"],
])
def test_parquet_without_pyarrow_is_a_one_line_error(outputs, args, tmp_path, monkeypatch):
    values = {"news": outputs["csv"].parent / "news", "rules": ROOT / "rules", "tmp": tmp_path,
              "csv": outputs["csv"], "parquet": outputs["parquet"]}
    monkeypatch.setitem(sys.modules, "pyarrow", None)   # import pyarrow now raises ImportError
    r = CliRunner().invoke(main, [a.format(**values) for a in args])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stances: error: ")
    assert "pip install 'stances[parquet]'" in lines[0] and ".parquet" in lines[0]
