"""The SQLite store: idempotent ingest, rule versions, crash safety and hostile files.

Most tests use a small stand-in for the extraction stage (``FakeRules`` and
``fake_extract_articles``, also used by ``test_store_cli.py``) so that they
pin the store's behaviour independently of the shipped rules; the tests at the
end run the real pipeline on ``seeds/`` and the shared evaluation articles.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import stances.store as store_mod
from stances.model import Statement
from stances.store import Store, StoreError, content_hash, load_corpus, read_statements

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
TESTS = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# A stand-in extraction stage: "<Actor> ... <keyword>." in a sentence is a statement.
# ---------------------------------------------------------------------------

ACTORS = {"Turkey": "TUR", "Russia": "RUS", "Egypt": "EGY"}


class FakeRules:
    """A rule set: keyword -> (issue, score); ``version`` identifies the content."""

    def __init__(self, version="v1", words=None):
        self.version = version
        self.words = words or {"conditions": ("ceasefire_conditions", 1.0),
                               "unconditional": ("ceasefire_conditions", -1.0),
                               "truce": ("ceasefire", 1.0)}


def fake_extract(article, rules):
    out = []
    for m in re.finditer(r"[^.]+\.", article.text):
        sentence = m.group(0)
        for name, actor in ACTORS.items():
            if name not in sentence:
                continue
            for word, (issue, score) in sorted(rules.words.items()):
                if word in sentence:
                    out.append(Statement(
                        doc=article.doc, date=article.date, week=article.week, actor=actor, issue=issue,
                        position="support" if score > 0 else "oppose", score=score, rule=f"fake.{word}",
                        negated=False, holder_text=name, holder_via="subject", sentence=sentence.strip(),
                        start=m.start(), end=m.end(), source=article.source, title=article.title,
                        url=article.url, rules_version=rules.version))
    return out


def fake_extract_articles(articles, ruleset, jobs=1, on_coverage=None):
    for article in articles:
        yield article, fake_extract(article, ruleset)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(store_mod, "extract_articles", fake_extract_articles)


def write_article(folder: Path, name: str, body: str, date: str | None = "2020-07-09", **meta) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    front = {"date": date, **meta} if date else dict(meta)
    head = "".join(f"{k}: {v}\n" for k, v in front.items())
    path = folder / name
    path.write_text(f"---\n{head}---\n{body}\n" if head else body + "\n", encoding="utf-8")
    return path


def corpus(folder: Path) -> Path:
    write_article(folder, "a.txt", "Turkey wants conditions first. Russia wants an unconditional truce.")
    write_article(folder, "b.txt", "Egypt backed a truce. Nothing else happened.", date="2020-07-10")
    write_article(folder, "c.txt", "Turkey repeated its conditions.", date="2020-07-14")
    return folder


# ---------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------

def test_ingest_stores_articles_and_statements(tmp_path, fake):
    with Store(tmp_path / "s.db") as store:
        report = store.ingest([corpus(tmp_path / "in")], FakeRules())
        assert report.new == ["a", "b", "c"] and not report.duplicates and not report.rejected
        assert report.statements == 5
        frame = store.read_statements()
    assert list(frame["doc"]) == ["a", "a", "a", "b", "c"]
    assert str(frame["actor"].dtype) == "category" and str(frame["issue"].dtype) == "category"
    assert str(frame["date"].dtype).startswith("datetime64")
    assert set(frame["rules_version"]) == {"v1"}
    row = frame.iloc[0]
    assert (row["actor"], row["issue"], row["score"], row["week"]) == ("TUR", "ceasefire_conditions", 1.0, "2020-W28")


def test_ingest_is_idempotent_and_matches_by_content(tmp_path, fake):
    src = corpus(tmp_path / "in")
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.ingest([src], FakeRules())
        again = store.ingest([src], FakeRules())
        assert again.new == [] and len(again.duplicates) == 3 and again.statements == 0
        # the same text under another file name, with other spacing and front matter
        other = tmp_path / "other"
        write_article(other, "copy-of-a.txt",
                      "Turkey wants   conditions first.\nRussia wants an\u00a0unconditional truce.", date="2020-07-09",
                      source="Wire")
        dup = store.ingest([other], FakeRules())
        assert dup.new == [] and [(d.doc, d.existing) for d in dup.duplicates] == [("copy-of-a", "a")]
        assert store.article_count() == 3
        assert len(store.read_statements()) == 5
        runs = store.conn.execute("SELECT status, new, duplicate FROM runs ORDER BY id").fetchall()
    assert [tuple(r) for r in runs] == [("done", 3, 0), ("done", 0, 3), ("done", 0, 1)]


def test_the_same_text_twice_in_one_run_is_stored_once(tmp_path, fake):
    src = corpus(tmp_path / "in")
    shutil.copy(src / "a.txt", src / "z-again.txt")
    with Store(tmp_path / "s.db") as store:
        report = store.ingest([src], FakeRules())
    assert report.new == ["a", "b", "c"]
    assert [(d.doc, d.existing) for d in report.duplicates] == [("z-again", "a")]


def test_rejected_inputs_are_reported_with_reasons_and_forgotten_once_fixed(tmp_path, fake):
    src = corpus(tmp_path / "in")
    bad = src / "broken.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    with Store(tmp_path / "s.db") as store:
        report = store.ingest([src, tmp_path / "missing.txt"], FakeRules())
        assert len(report.new) == 3
        reasons = {Path(r.path).name: r.reason for r in report.rejected}
        assert set(reasons) == {"broken.txt", "missing.txt"} and all(reasons.values())
        assert store.counts() == {"articles": 3, "undated": 0, "rejected": 2}
        write_article(src, "broken.txt", "Egypt proposed a truce.", date="2020-07-11")
        fixed = store.ingest([src], FakeRules())
        assert fixed.new == ["broken"]
        assert [Path(r.path).name for r in store.rejections()] == ["missing.txt"]


def test_a_doc_id_taken_by_another_text_is_kept_apart(tmp_path, fake):
    first, second = tmp_path / "x", tmp_path / "y"
    write_article(first, "news.txt", "Turkey wants conditions.")
    write_article(second, "news.txt", "Russia wants an unconditional truce.")
    with Store(tmp_path / "s.db") as store:
        store.ingest([first], FakeRules())
        report = store.ingest([second], FakeRules())
        stored = report.new[0]
        assert stored.startswith("news~") and report.renamed == [("news", stored)]
        frame = store.read_statements()
    assert set(frame.loc[frame["actor"] == "RUS", "doc"]) == {stored}


def test_undated_articles_are_stored_and_counted(tmp_path, fake):
    src = tmp_path / "in"
    write_article(src, "nodate.txt", "Turkey wants conditions.", date=None)
    with Store(tmp_path / "s.db") as store:
        store.ingest([src], FakeRules())
        assert store.counts()["undated"] == 1
        frame = store.read_statements()
    assert frame["date"].isna().all() and frame["week"].isna().all()


# ---------------------------------------------------------------------------
# Rule versions
# ---------------------------------------------------------------------------

def test_rule_edit_re_extracts_stale_articles_from_the_stored_text(tmp_path, fake):
    src = corpus(tmp_path / "in")
    db = tmp_path / "s.db"
    v1 = FakeRules("v1")
    v2 = FakeRules("v2", {"conditions": ("ceasefire_conditions", 1.0), "truce": ("ceasefire", -0.5)})
    with Store(db) as store:
        store.ingest([src], v1)
    shutil.rmtree(src)                                   # re-extraction needs no input files
    with Store(db) as store:
        assert store.stale_count("v2") == 3
        assert store.refresh(v2) == 3
        assert store.current_version == "v2" and store.stale_count("v2") == 0
        assert store.refresh(v2) == 0                    # nothing left to do
        now = store.read_statements()
        before = store.read_statements("v1")
    assert set(now["rules_version"]) == {"v2"}
    assert set(now["rule"]) == {"fake.conditions", "fake.truce"}          # "unconditional" is gone
    assert now.loc[now["rule"] == "fake.truce", "score"].eq(-0.5).all()
    assert len(before) == 5 and set(before["rules_version"]) == {"v1"}    # old version kept, never mixed
    # read_statements(db, rules=...) refreshes too, back to v1 instantly
    again = read_statements(db, rules=v1)
    assert set(again["rules_version"]) == {"v1"} and len(again) == 5


def test_ingest_with_edited_rules_brings_the_whole_store_to_the_new_version(tmp_path, fake):
    src = corpus(tmp_path / "in")
    with Store(tmp_path / "s.db") as store:
        store.ingest([src / "a.txt", src / "b.txt"], FakeRules("v1"))
        report = store.ingest([src], FakeRules("v2"))
        assert report.refreshed == 2 and report.new == ["c"]
        frame = store.read_statements()
        assert set(frame["rules_version"]) == {"v2"} and set(frame["doc"]) == {"a", "b", "c"}
        assert store.versions() == {"v1": 4, "v2": 5}
        assert store.prune() == 4 and store.versions() == {"v2": 5}


def test_imported_statements_are_read_alongside_and_replaced_on_reimport(tmp_path, fake):
    dna = pd.DataFrame({"doc": ["sample-1", "sample-2"], "date": ["2020-07-07", "2020-07-08"],
                        "actor": ["EPA", "ASE"], "issue": ["cap", "cap"], "score": [1.0, -1.0]})
    with Store(tmp_path / "s.db") as store:
        store.ingest([corpus(tmp_path / "in")], FakeRules())
        assert store.import_statements(dna, "dna:abc", path="sample.dna") == 2
        assert store.import_statements(dna, "dna:abc", path="sample.dna") == 2
        both = store.read_statements()
        own = store.read_statements(imported=False)
    assert len(both) == 7 and len(own) == 5
    assert set(both["rules_version"]) == {"v1", "dna:abc"}
    assert both.loc[both["actor"] == "ASE", "position"].tolist() == ["oppose"]


# ---------------------------------------------------------------------------
# Crash safety, concurrency, hostile files
# ---------------------------------------------------------------------------

CRASH_SCRIPT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # a shell's background job inherits SIGINT ignored
sys.path.insert(0, {tests!r})
import stances.store as store_mod
from test_store import FakeRules, fake_extract

def dying(articles, ruleset, jobs=1, on_coverage=None):
    for n, article in enumerate(articles, 1):
        if n == {die_at}:
            os.kill(os.getpid(), signal.{signal})
        yield article, fake_extract(article, ruleset)

store_mod.extract_articles = dying
{body}
"""


def many_articles(folder: Path, n: int) -> Path:
    for i in range(n):
        write_article(folder, f"art{i:03d}.txt", f"Turkey wants conditions number {i}. Russia wants a truce {i}.",
                      date=f"2020-07-{1 + i % 28:02d}")
    return folder


def check_consistent(db: Path) -> list[str]:
    """Integrity check, every article with its statements and extraction mark; returns the docs."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = [r[0] for r in con.execute("SELECT doc FROM articles ORDER BY id")]
        marks = con.execute("SELECT count(*) FROM extractions").fetchone()[0]
        per_doc = dict(con.execute("SELECT doc, count(*) FROM statements GROUP BY doc").fetchall())
    finally:
        con.close()
    assert marks == len(docs)
    assert all(per_doc.get(d) == 2 for d in docs)     # each committed article has both statements
    return docs


def test_kill_9_mid_ingest_keeps_every_committed_article(tmp_path):
    src = many_articles(tmp_path / "in", 12)
    db = tmp_path / "s.db"
    body = f"store_mod.Store({str(db)!r}).ingest([{str(src)!r}], FakeRules())"
    script = CRASH_SCRIPT.format(tests=str(TESTS), die_at=6, signal="SIGKILL", body=body)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    docs = check_consistent(db)
    assert docs == [f"art{i:03d}" for i in range(5)]   # the five committed before the kill
    # the store opens normally and a rerun finishes the job
    with Store(db) as store:
        assert store.conn.execute("SELECT status FROM runs").fetchone()[0] == "running"
    sys.path.insert(0, str(TESTS))
    import stances.store as sm
    orig = sm.extract_articles
    sm.extract_articles = fake_extract_articles
    try:
        with Store(db) as store:
            report = store.ingest([src], FakeRules())
    finally:
        sm.extract_articles = orig
    assert len(report.new) == 7 and len(report.duplicates) == 5
    assert len(check_consistent(db)) == 12


def test_two_ingests_at_once_store_each_article_once(tmp_path):
    src = many_articles(tmp_path / "in", 60)
    db = tmp_path / "s.db"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(TESTS)!r})
        import stances.store as store_mod
        from test_store import FakeRules, fake_extract_articles
        store_mod.extract_articles = fake_extract_articles
        with store_mod.Store({str(db)!r}) as s:
            r = s.ingest([{str(src)!r}], FakeRules())
        print(len(r.new), len(r.duplicates))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    counts = [tuple(map(int, o[0].split())) for o in outs]
    assert sum(c[0] for c in counts) == 60                  # every article stored by exactly one of them
    assert all(new + dup == 60 for new, dup in counts)
    assert len(check_consistent(db)) == 60


def test_readers_work_while_an_ingest_holds_the_write_lock(tmp_path, fake):
    db = tmp_path / "s.db"
    with Store(db) as writer:
        writer.ingest([corpus(tmp_path / "in")], FakeRules())
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("INSERT INTO meta (key, value) VALUES ('pending', 'x')")
        try:
            frame = read_statements(db)                      # another connection, during the write
            assert len(frame) == 5
        finally:
            writer.conn.execute("ROLLBACK")


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path, fake):
    src = corpus(tmp_path / "in")
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.ingest([src / "a.txt"], FakeRules())
        more = tmp_path / "more"
        for i in range(20):
            write_article(more, f"big{i:02d}.txt", f"Turkey wants conditions {i}. " + "padding words " * 800)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")    # the disk fills up after a little
        with pytest.raises(StoreError, match="disk full"):
            store.ingest([more], FakeRules())
    with Store(db) as store:
        docs = store.articles()["doc"].tolist()
        assert docs[0] == "a" and len(docs) < 21
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.read_statements()) >= 3
        assert store.conn.execute("SELECT status FROM runs ORDER BY id DESC").fetchone()[0] == "failed"


def test_a_foreign_file_is_never_touched(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("my notes, not a database\n" * 20)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    for path in (text, other):
        before = path.read_bytes()
        with pytest.raises(StoreError, match="not a stances database"):
            Store(path)
        assert path.read_bytes() == before


def test_a_corrupt_store_is_reported_and_left_untouched(tmp_path, fake):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.ingest([many_articles(tmp_path / "in", 30)], FakeRules())
    data = bytearray(db.read_bytes())
    assert len(data) > 8 * 4096
    for page in range(1, len(data) // 4096):                 # keep the header page, wreck the others
        data[page * 4096:page * 4096 + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    with pytest.raises(StoreError, match="database is corrupt"):
        with Store(db) as store:
            store.ingest([tmp_path / "in"], FakeRules())
    with pytest.raises(StoreError, match="corrupt"):
        read_statements(db)
    assert db.read_bytes() == before


def test_content_hash_ignores_spacing_only():
    assert content_hash("A  b\nc") == content_hash("A b c")
    assert content_hash("A b c") != content_hash("A b d")


# ---------------------------------------------------------------------------
# load_corpus (for the report)
# ---------------------------------------------------------------------------

def test_load_corpus_in_memory_and_from_a_store_agree(tmp_path, fake):
    src = corpus(tmp_path / "in")
    write_article(src, "undated.txt", "Egypt wants a truce.", date=None)
    shutil.copy(src / "a.txt", src / "a-copy.txt")
    mem = load_corpus(None, [src], FakeRules())
    assert not (tmp_path / "stances.db").exists()
    assert (mem.articles, mem.undated, mem.rejected) == (4, 1, 0) and mem.undated_docs == ["undated"]
    db = tmp_path / "s.db"
    stored = load_corpus(db, [src], FakeRules())
    assert (stored.articles, stored.undated, stored.rejected) == (4, 1, 0)
    pd.testing.assert_frame_equal(mem.statements, stored.statements)
    again = load_corpus(db, (), FakeRules("v2"))                        # no inputs: refresh and read
    assert set(again.statements["rules_version"]) == {"v2"} and again.articles == 4


# ---------------------------------------------------------------------------
# The real pipeline (shipped rules, seed article, shared evaluation articles)
# ---------------------------------------------------------------------------

def real_inputs():
    dev = SHARED / "eval" / "dev" / "articles"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev/articles not available")
    return [REPO / "seeds", dev]


def test_real_ingest_twice_reports_no_new_article(tmp_path):
    from stances.table import stance_matrix, stance_table

    inputs = real_inputs()
    rules = store_mod.load_ruleset(REPO / "rules")
    db = tmp_path / "stances.db"
    with Store(db) as store:
        first = store.ingest(inputs, rules)
        second = store.ingest(inputs, rules)
    assert len(first.new) >= 2 and second.new == []
    assert len(second.duplicates) == len(first.new) + len(first.duplicates)
    matrix = stance_matrix(stance_table(read_statements(db), week="2020-W28"))
    assert matrix.loc["TUR", "ceasefire_conditions"] > 0
    assert matrix.loc["RUS", "ceasefire_conditions"] < 0


def test_real_extraction_through_the_store_equals_in_memory_and_parallel(tmp_path):
    """The real extraction stage (the tests' small rule set) behind ingest, load_corpus and --jobs."""
    from stances.extract import extract_article
    from stances.corpus import read_articles as real_read

    rules = store_mod.load_ruleset(TESTS / "fixtures" / "rules_min")
    inputs = [REPO / "seeds"]
    dev = SHARED / "eval" / "dev" / "articles"
    if dev.is_dir():
        inputs.append(dev)
    mem = load_corpus(None, inputs, rules)
    serial = load_corpus(tmp_path / "serial.db", inputs, rules)
    parallel = load_corpus(tmp_path / "parallel.db", inputs, rules, jobs=2)
    assert len(mem.statements) > 0
    pd.testing.assert_frame_equal(mem.statements, serial.statements)
    pd.testing.assert_frame_equal(serial.statements, parallel.statements)
    direct = [s for a in real_read(inputs) if not hasattr(a, "reason") for s in extract_article(a, rules)]
    key = ["doc", "actor", "issue", "score", "start", "end", "rule"]
    assert sorted(tuple(getattr(s, k) for k in key) for s in direct) == \
        sorted(serial.statements[key].astype(object).itertuples(index=False, name=None))
    assert set(serial.statements["rules_version"]) == {rules.version}
