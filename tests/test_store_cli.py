"""``stances ingest``, ``stances table`` and ``stances import-dna`` from the command line."""
from __future__ import annotations

import datetime
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import stances.store as store_mod
from stances.cli import main
from stances.store import Store, read_statements
from stances.table import stance_table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_store import (  # noqa: E402
    CRASH_SCRIPT,
    TESTS,
    FakeRules,
    check_consistent,
    corpus,
    fake_extract_articles,
    many_articles,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def fake_rules(monkeypatch):
    """Rules are FakeRules whose version is the rules folder's name (edit = another folder)."""
    def load(rules_dir):
        if not Path(rules_dir).is_dir():
            raise store_mod.InputError(str(rules_dir), "rules folder not found (use --rules DIR)")
        return FakeRules(Path(rules_dir).name)

    monkeypatch.setattr(store_mod, "load_ruleset", load)
    monkeypatch.setattr(store_mod, "extract_articles", fake_extract_articles)


@pytest.fixture
def ws(tmp_path, monkeypatch, fake_rules):
    """A working folder with rules/ (version "rules"), an input folder and a relative default db."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    corpus(tmp_path / "in")
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_ingest_twice_reports_zero_new(ws):
    first = run("ingest", "in")
    assert first.exit_code == 0, first.output
    assert "3 new, 0 duplicate, 0 rejected articles; 5 statements (rules rules)" in first.output
    assert (ws / "stances.db").exists()
    second = run("ingest", "in")
    assert second.exit_code == 0
    assert "0 new, 3 duplicate, 0 rejected" in second.output
    assert "same text as stored article a" in second.output
    quiet = run("ingest", "in", "--quiet")
    assert "same text as" not in quiet.output and "0 new, 3 duplicate" in quiet.output


def test_ingest_lists_rejected_inputs_with_their_reason(ws):
    (ws / "in" / "broken.txt").write_bytes(bytes(range(256)) * 8)
    result = run("ingest", "in", "--db", "other.db")
    assert result.exit_code == 0
    lines = [ln for ln in result.output.splitlines() if ln.startswith("rejected: ")]
    assert len(lines) == 1 and "broken.txt: " in lines[0]
    assert "3 new, 0 duplicate, 1 rejected" in result.output


def test_ingest_of_a_missing_path_is_an_error_and_stores_nothing(ws):
    result = run("ingest", "in", "nothere.txt", "--db", "other.db")
    assert result.exit_code == 2
    assert result.output.strip() == "stances: error: nothere.txt: no such file or folder"
    assert not (ws / "other.db").exists()


def test_ingest_without_rules_is_a_one_line_error(ws):
    result = run("ingest", "in", "--rules", "norules")
    assert result.exit_code == 2
    assert "norules" in result.output and not (ws / "stances.db").exists()


def test_table_formats(ws):
    run("ingest", "in")
    md = run("table")
    assert md.exit_code == 0
    assert md.stdout.splitlines()[0].startswith("| week | actor | issue | score | position |")
    assert "week 2020-W29 (the latest" in md.stderr  # the default week, said on stderr
    expected = stance_table(read_statements("stances.db"), week="2020-W28")
    assert run("table", "--week", "2020-W28", "-o", "t.parquet").exit_code == 0
    back = pd.read_parquet(ws / "t.parquet")
    for col in ("first", "last"):   # calendar dates in Parquet
        assert all(type(d) is datetime.date for d in back[col])
        back[col] = pd.to_datetime(back[col]).astype("datetime64[ns]")
    pd.testing.assert_frame_equal(back, expected)
    csv = run("table", "--week", "2020-07-09", "--format", "csv").stdout     # a date selects its week
    assert csv.splitlines()[0] == ("week,actor,issue,score,position,statements,articles,votes,first,last,evidence,"
                                   "sources,confidence")
    assert len(csv.splitlines()) == 1 + len(expected)
    records = json.loads(run("table", "--all", "--format", "json").stdout)
    assert [r["week"] for r in records] == ["2020-W28"] * 4 + ["2020-W29"]


def test_table_windows_matrix_and_shifts(ws):
    run("ingest", "in")
    pooled = run("table", "--since", "2020-07-01", "--until", "2020-07-31", "--format", "csv").stdout
    frame = pd.read_csv(io.StringIO(pooled))
    assert set(frame["week"]) == {"2020-07-01/2020-07-31"}
    tur = frame[(frame["actor"] == "TUR") & (frame["issue"] == "ceasefire_conditions")].iloc[0]
    assert tur["articles"] == 2 and tur["score"] == 1.0
    wide = pd.read_csv(io.StringIO(run("table", "--week", "2020-W28", "--matrix", "--format", "csv").stdout))
    wide = wide.set_index("actor")
    assert wide.loc["TUR", "ceasefire_conditions"] > 0 > wide.loc["RUS", "ceasefire_conditions"]
    # the latest week (W29) repeats Turkey's known position; the others spoke in one week only,
    # which is not enough to call them silent: nothing changed
    moved = pd.read_csv(io.StringIO(run("table", "--shifts", "--format", "csv").stdout))
    assert moved.empty and "previous_week" in moved.columns
    first = pd.read_csv(io.StringIO(run("table", "--shifts", "--week", "2020-W28", "--format", "csv").stdout))
    assert set(first["change"]) == {"new"} and set(first["week"]) == {"2020-W28"}


def test_table_re_extracts_after_a_rule_edit_and_never_mixes(ws):
    run("ingest", "in")
    (ws / "rules-edited").mkdir()
    out = pd.read_csv(io.StringIO(run("table", "--all", "--format", "csv", "--rules", "rules-edited").stdout))
    assert len(out) == 5
    with Store("stances.db") as store:
        assert store.current_version == "rules-edited" and store.stale_count("rules-edited") == 0
        assert set(store.versions()) == {"rules", "rules-edited"}
    assert set(read_statements("stances.db")["rules_version"]) == {"rules-edited"}


def test_table_input_errors_are_one_line_and_exit_2(ws):
    missing = run("table", "--db", "nope.db")
    assert missing.exit_code == 2 and "nope.db" in missing.output
    run("ingest", "in")
    for args, words in [(("--week", "2021-W53"), "2021 has 52 weeks"), (("--week", "2020-W28", "--all"), "exclude"),
                        (("--format", "parquet"), "-o FILE"), (("--since", "July"), "July")]:
        result = run("table", *args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)


def test_hostile_database_files_are_reported_never_overwritten(ws):
    notes = ws / "notes.db"
    notes.write_text("not a database at all\n" * 50)
    before = notes.read_bytes()
    for cmd in (("ingest", "in", "--db", "notes.db"), ("table", "--db", "notes.db")):
        result = run(*cmd)
        assert result.exit_code == 2
        assert result.output.strip().splitlines()[-1] == \
            "stances: error: notes.db: not a stances database (not an SQLite file); left untouched"
    assert notes.read_bytes() == before
    run("ingest", "in")
    data = bytearray((ws / "stances.db").read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096:page * 4096 + 64] = b"\xa5" * 64
    (ws / "stances.db").write_bytes(bytes(data))
    result = run("table")
    assert result.exit_code == 2 and "stances.db: database is corrupt" in result.output
    assert (ws / "stances.db").read_bytes() == bytes(data)


def test_ctrl_c_mid_ingest_keeps_what_was_committed(tmp_path):
    src = many_articles(tmp_path / "in", 10)
    db = tmp_path / "s.db"
    (tmp_path / "rules").mkdir()
    body = (f"store_mod.load_ruleset = lambda d: FakeRules()\n"
            f"from stances.cli import main\n"
            f"main(['ingest', {str(src)!r}, '--db', {str(db)!r}, '--rules', {str(tmp_path / 'rules')!r}])")
    script = CRASH_SCRIPT.format(tests=str(TESTS), die_at=4, signal="SIGINT", body=body)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 130, proc.stderr
    assert "interrupted: 3 new articles were stored" in proc.stderr
    assert check_consistent(db) == ["art000", "art001", "art002"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"
    con.close()


def test_import_dna_sample(ws):
    sample = SHARED / "peers" / "dna" / "sample.dna"
    if not sample.is_file():
        pytest.skip("../shared/peers/dna/sample.dna not available")
    run("ingest", "in")
    first = run("import-dna", str(sample))
    assert first.exit_code == 0, first.output
    assert first.output.startswith("40 statements imported from")
    assert run("import-dna", str(sample)).exit_code == 0                 # again: replaced, not doubled
    both = read_statements("stances.db")
    assert len(both) == 45
    assert len(read_statements("stances.db", imported=False)) == 5
    dna = both[both["rules_version"].str.startswith("dna:")]
    assert dna["sentence"].str.len().gt(0).all() and set(dna["score"]) <= {-1.0, 1.0}
    bad = run("import-dna", "in/a.txt")
    assert bad.exit_code == 2 and "a.txt" in bad.output


def test_real_pipeline_ingest_twice_and_turkey_russia_in_2020_w28(tmp_path, monkeypatch):
    dev = SHARED / "eval" / "dev" / "articles"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev/articles not available")
    monkeypatch.chdir(tmp_path)
    args = ["ingest", str(REPO / "seeds"), str(dev), "--rules", str(REPO / "rules")]
    first = run(*args)
    assert first.exit_code == 0, first.output
    second = run(*args)
    assert " 0 new, " in second.output.splitlines()[-1] or second.output.splitlines()[-1].startswith("0 new")
    out = run("table", "--week", "2020-W28", "--matrix", "--format", "csv", "--rules", str(REPO / "rules"))
    wide = pd.read_csv(io.StringIO(out.stdout)).set_index("actor")
    assert wide.loc["TUR", "ceasefire_conditions"] > 0 > wide.loc["RUS", "ceasefire_conditions"]
