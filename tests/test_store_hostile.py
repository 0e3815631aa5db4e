"""Issue 16: store integrity, rename collisions, mixed rule versions and rule-set names."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.rules import load_rules
from stances.store import Store, StoreError, content_hash, load_corpus, read_statements

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "rules_min"


def _article(folder: Path, name: str, text: str, doc: str | None = None, date="2020-07-09"):
    front = f"id: {doc!r}\n" if doc else ""
    (folder / name).write_text(f"---\n{front}date: {date}\n---\n{text}\n", encoding="utf-8")


@pytest.fixture
def rules():
    return load_rules(RULES)


def _corrupt(db: Path) -> bytes:
    """Overwrite the middle of the articles' pages with garbage (the header stays valid)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    for p in range(2, pages):
        off = p * page + page // 2
        data[off:off + 64] = bytes((i * 37 + 11) % 256 for i in range(64))
    db.write_bytes(bytes(data))
    return bytes(data)


def test_a_corrupt_store_is_refused_before_anything_is_written(tmp_path, rules):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        _article(folder, f"a{i}.txt", f"Turkey called for a ceasefire in round {i}. " + "Filler words. " * 80)
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.ingest([folder], rules)
    before = _corrupt(db)
    more = tmp_path / "more"
    more.mkdir()
    _article(more, "new.txt", "Egypt called for a truce.")
    r = CliRunner().invoke(main, ["ingest", str(more), "--db", str(db), "--rules", str(RULES)])
    assert r.exit_code == 2, r.output
    assert "corrupt" in r.output and "Traceback" not in r.output
    assert db.read_bytes() == before
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0


def test_an_id_equal_to_a_later_rename_does_not_collide(tmp_path, rules):
    folder = tmp_path / "in"
    folder.mkdir()
    text_c = "Russia called for a ceasefire."
    rename = f"x~{content_hash(text_c + chr(10))[:8]}"
    _article(folder, "a.txt", "Turkey called for a ceasefire.", doc="x")
    _article(folder, "b.txt", "Egypt called for a ceasefire.", doc=rename)
    _article(folder, "c.txt", text_c, doc="x")
    db = tmp_path / "s.db"
    with Store(db) as store:
        report = store.ingest([folder], rules)
        assert len(report.new) == 3 and len(set(report.new)) == 3
        frame = store.read_statements()
    assert sorted(frame.groupby("doc", observed=True)["actor"].first()) == ["EGY", "RUS", "TUR"]
    corpus = load_corpus(paths=[folder], rules=rules)  # in memory: the same promise
    by_doc = corpus.statements.groupby("doc", observed=True)["actor"].agg(lambda a: sorted(set(a)))
    assert len(by_doc) == 3 and all(len(v) == 1 for v in by_doc)


def test_a_store_with_articles_missing_the_current_version_says_so(tmp_path, rules, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.txt", "Turkey called for a ceasefire.")
    db = tmp_path / "s.db"
    other = tmp_path / "rules2"
    shutil.copytree(RULES, other)
    with (other / "lexicon.yaml").open("a") as f:
        f.write("\n# edited\n")
    rules2 = load_rules(other)
    with Store(db) as store:
        store.ingest([folder], rules)
        late = tmp_path / "late"
        late.mkdir()
        _article(late, "b.txt", "Egypt called for a ceasefire.")
        store.ingest([late], rules2)  # the store is now at version 2
        # a concurrent ingest that started under version 1 stores one more article
        from stances.corpus import read_articles
        from stances.extract import extract_article

        _article(late, "c.txt", "Russia called for a ceasefire.")
        (art,) = [a for a in read_articles([late / "c.txt"])]
        run_id = store._begin_run("ingest", rules.version, [])
        store._store_article(art, extract_article(art, rules), rules.version, run_id,
                             content_hash(art.text))
    with pytest.raises(StoreError, match="mixed"):
        read_statements(db)
    monkeypatch.chdir(tmp_path)  # no rules/ here: graph reads the store as it is
    r = CliRunner().invoke(main, ["graph", "--db", str(db)])
    assert r.exit_code == 2 and "mixed" in r.output, r.output
    fresh = read_statements(db, rules=rules2)  # a reader with the rules refreshes instead
    assert sorted(set(fresh["actor"])) == ["EGY", "RUS", "TUR"]


def test_the_rule_set_name_is_recorded_and_another_conflict_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.txt", "Turkey called for a ceasefire.")
    db = tmp_path / "s.db"
    libya, ukraine = tmp_path / "libya", tmp_path / "ukraine"
    for d, name in ((libya, "libya"), (ukraine, "ukraine")):
        shutil.copytree(RULES, d)
        (d / "conflict.yaml").write_text(f"conflict: {name}\ntitle: {name.title()}\n")
    with Store(db) as store:
        store.ingest([folder], load_rules(libya))
        assert store.rules_name == "libya"
    more = tmp_path / "more"
    more.mkdir()
    _article(more, "b.txt", "Egypt called for a ceasefire.")
    with Store(db) as store:
        with pytest.raises(StoreError, match="'libya'.*'ukraine'"):
            store.ingest([more], load_rules(ukraine))
        assert store.article_count() == 1
        store.ingest([more], load_rules(RULES))  # an undeclared rule set (a folder) is not refused
