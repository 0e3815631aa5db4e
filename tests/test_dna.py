"""Reading DNA 3 databases, and DNA's own reference numbers on its sample file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from stances import network as N
from stances.dna import read_dna
from stances.model import STATEMENT_COLUMNS, InputError

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "dna" / "sample.dna"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="DNA sample database not available")

EPA = "Environmental Protection Agency"
ASE = "Alliance to Save Energy"
EEA = "Energy and Environmental Analysis, Inc."


@pytest.fixture(scope="module")
def sample():
    return read_dna(SAMPLE)


# --------------------------------------------------------------- DNA's test-suite values


@needs_sample
def test_sample_reads_forty_statements(sample):
    assert len(sample) == 40
    assert list(sample.columns[: len(STATEMENT_COLUMNS)]) == STATEMENT_COLUMNS
    assert set(sample["score"]) == {1.0, -1.0}
    assert sample["actor"].nunique() == 7 and sample["issue"].nunique() == 6


@needs_sample
def test_two_mode_ignore_sums_to_40(sample):
    assert N.two_mode(sample, "ignore").values.sum() == 40


@needs_sample
def test_one_mode_ignore_sums_to_276(sample):
    m = N.one_mode(sample, "ignore")
    assert m.values.sum() == 276
    assert m.loc[EPA, ASE] == 10
    assert m.loc[EPA, EEA] == 2


@needs_sample
def test_one_mode_congruence_average_sums_to_about_26(sample):
    m = N.one_mode(sample, "congruence", "average")
    assert m.values.sum() == pytest.approx(25.8, abs=0.01)


@needs_sample
def test_graph_sizes(sample):
    g = N.one_mode_graph(sample, "ignore")
    assert (g.number_of_nodes(), g.number_of_edges()) == (7, 21)
    t = N.two_mode_graph(sample, "ignore")
    assert (t.number_of_nodes(), t.number_of_edges()) == (13, 22)


@needs_sample
def test_excluding_a_concept_and_two_organisations(sample):
    m = N.one_mode(sample, "congruence", "average",
                   exclude_issues=["There should be legislation to regulate emissions."],
                   exclude_actors=["Senate", "Sierra Club"])
    assert m.shape == (5, 5)
    assert m.values.sum() == pytest.approx(9.8, abs=0.01)


@needs_sample
def test_sample_metadata(sample):
    first = sample.iloc[0]
    assert first["doc"] == "sample-1"
    assert first["date"] == pd.Timestamp("2005-01-26")
    assert first["week"] == "2005-W04"
    assert first["actor_kind"] == "Business"
    assert first["sentence"] and first["end"] > first["start"]
    assert first["rule"].startswith("dna:statement-")


# ---------------------------------------------------------------- a DNA 3 file we build


def make_dna(path: Path, *, qualifier_type="boolean"):
    """A minimal DNA 3 database with three statements (schema reduced to what is read)."""
    con = sqlite3.connect(path)
    con.executescript(f"""
        CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
        CREATE TABLE STATEMENTTYPES(ID INTEGER PRIMARY KEY, Label TEXT);
        CREATE TABLE VARIABLES(ID INTEGER PRIMARY KEY, Variable TEXT, DataType TEXT,
                               StatementTypeId INTEGER);
        CREATE TABLE DOCUMENTS(ID INTEGER PRIMARY KEY, Title TEXT, Text TEXT, Source TEXT,
                               Date INTEGER);
        CREATE TABLE STATEMENTS(ID INTEGER PRIMARY KEY, StatementTypeId INTEGER,
                                DocumentId INTEGER, Start INTEGER, Stop INTEGER);
        CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY, VariableId INTEGER, Value TEXT);
        CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY, StatementId INTEGER,
                                   VariableId INTEGER, Entity INTEGER);
        CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY, StatementId INTEGER,
                                 VariableId INTEGER, Value INTEGER);
        CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY, StatementId INTEGER,
                                 VariableId INTEGER, Value INTEGER);
        CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY, VariableId INTEGER,
                                        AttributeVariable TEXT);
        CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY, EntityId INTEGER,
                                     AttributeVariableId INTEGER, AttributeValue TEXT);
        INSERT INTO SETTINGS VALUES ('version', '3.0.7');
        INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement');
        INSERT INTO VARIABLES VALUES (1, 'organization', 'short text', 1),
            (2, 'concept', 'short text', 1), (3, 'agreement', '{qualifier_type}', 1);
        INSERT INTO DOCUMENTS VALUES (7, 'Talks', 'Turkey wants X. Russia rejects X.', 'Wire',
                                      1594252800);
        INSERT INTO STATEMENTS VALUES (1, 1, 7, 0, 15), (2, 1, 7, 16, 33), (3, 1, 7, 0, 6);
        INSERT INTO ENTITIES VALUES (10, 1, 'Turkey'), (11, 1, 'Russia'), (12, 1, ''),
                                    (20, 2, 'X');
        INSERT INTO DATASHORTTEXT VALUES (1, 1, 1, 10), (2, 1, 2, 20), (3, 2, 1, 11),
                                         (4, 2, 2, 20), (5, 3, 1, 12), (6, 3, 2, 20);
        INSERT INTO ATTRIBUTEVARIABLES VALUES (1, 1, 'Type');
        INSERT INTO ATTRIBUTEVALUES VALUES (1, 10, 1, 'state'), (2, 11, 1, 'state');
    """)
    table = "DATABOOLEAN" if qualifier_type == "boolean" else "DATAINTEGER"
    values = [(1, 1), (2, 0), (3, 1)] if qualifier_type == "boolean" else [(1, 2), (2, -1), (3, 0)]
    con.executemany(f"INSERT INTO {table} (StatementId, VariableId, Value) VALUES (?, 3, ?)",
                    values)
    con.commit()
    con.close()
    return path


def test_read_dna_maps_booleans_documents_and_kinds(tmp_path):
    s = read_dna(make_dna(tmp_path / "talks.dna"))
    assert s[["doc", "actor", "issue", "score", "position"]].values.tolist() == [
        ["talks-7", "Turkey", "X", 1.0, "support"],
        ["talks-7", "Russia", "X", -1.0, "oppose"],
    ]   # the statement with an empty organisation is skipped
    assert s["date"].tolist() == [pd.Timestamp("2020-07-09")] * 2
    assert s["week"].tolist() == ["2020-W28"] * 2
    assert s["sentence"].tolist() == ["Turkey wants X.", "Russia rejects X."]
    assert s["actor_kind"].tolist() == ["state", "state"]
    assert s["source"].tolist() == ["Wire"] * 2 and s["title"].tolist() == ["Talks"] * 2
    assert set(s["rules_version"]) == {"dna-3.0.7"}
    assert N.disagreement_graph(s).has_edge("Russia", "Turkey")


def test_read_dna_integer_qualifier_uses_the_sign(tmp_path):
    s = read_dna(make_dna(tmp_path / "int.dna", qualifier_type="integer"), doc_prefix="d")
    assert s["score"].tolist() == [1.0, -1.0]
    assert s["doc"].tolist() == ["d-7", "d-7"]


def test_read_dna_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="missing.dna: no such file"):
        read_dna(tmp_path / "missing.dna")
    bad = tmp_path / "bad.dna"
    bad.write_text("not a database at all, just text" * 10)
    with pytest.raises(InputError, match="bad.dna: not a DNA database"):
        read_dna(bad)
    other = tmp_path / "other.dna"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(InputError, match="other.dna: not a DNA 3 database"):
        read_dna(other)
    good = make_dna(tmp_path / "talks.dna")
    with pytest.raises(InputError, match="talks.dna: .*'person'"):
        read_dna(good, actor="person")
    with pytest.raises(InputError, match="talks.dna: .*Story"):
        read_dna(good, statement_type="Story")


def test_is_dna_database_tells_dna_files_from_other_sqlite_files(tmp_path):
    from stances.dna import is_dna_database

    assert is_dna_database(make_dna(tmp_path / "talks.dna"))
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE STATEMENTS(x)").connection.commit()
    assert not is_dna_database(other)
    assert not is_dna_database(tmp_path / "missing.dna")
    (tmp_path / "text.dna").write_text("not sqlite")
    assert not is_dna_database(tmp_path / "text.dna")


def test_graph_reads_a_dna_file_given_as_db(tmp_path):
    from click.testing import CliRunner

    from stances.cli import main

    path = make_dna(tmp_path / "talks.dna")
    result = CliRunner().invoke(main, ["graph", "--db", str(path), "--kind", "two-mode", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["Russia,X,1.0,-1,X", "Turkey,X,1.0,1,X"]
