"""Issue 8: a folder of hostile files next to the seed. Nothing crashes, every bad file is named,
and the seed's statements still come out of `stances extract` and `stances report`."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_951ff7119e6d2308.txt"

BAD = {  # file name -> a word the error message must contain
    "binary.txt": "binary",
    "latin1.txt": "UTF-8",
    "nul.txt": "NUL",
    "empty.txt": "empty",
    "blank.txt": "empty",
    "huge.txt": "too large",
    "hugeline.txt": "too large",
    "unterminated.txt": "never closed",
    "badyaml.txt": "front matter",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    shutil.copy(SEED, d / SEED.name)
    shutil.copy(SEED.with_suffix(".meta.yaml"), d / SEED.with_suffix(".meta.yaml").name)
    rnd = bytes((i * 7919 + 13) % 256 for i in range(4096))
    (d / "binary.txt").write_bytes(rnd)
    (d / "latin1.txt").write_bytes("Égypte a appelé à un cessez-le-feu.".encode("latin-1"))
    (d / "nul.txt").write_bytes(b"Egypt called\x00 for a ceasefire.")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("   \n\n  \t\n")
    with open(d / "huge.txt", "wb") as f:  # 100 MB, sparse where the file system allows
        f.truncate(100 * 1024 * 1024)
    with open(d / "hugeline.txt", "wb") as f:
        f.write(b"Egypt called for a ceasefire " * (60 * 1024 * 1024 // 29))
    (d / "unterminated.txt").write_text("---\ntitle: never closed\n\nEgypt called for a ceasefire.\n")
    (d / "badyaml.txt").write_text("---\ntitle: [unclosed\ndate: 2020-07-09\n---\nEgypt called for a ceasefire.\n")
    # readable, with a defined behaviour
    (d / "utf16.txt").write_bytes("Egypt called for a ceasefire.".encode("utf-16"))
    (d / "baddate.txt").write_text("---\ndate: 2020-02-30\n---\nEgypt called for a ceasefire.\n")
    (d / "quotes.txt").write_text("Egypt said " + "“" * 3000 + "we call for a truce" + "”" * 1000 + '"' * 999 + "\n")
    (d / "html.txt").write_text("<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
                                "<body><p>Egypt&nbsp;called for a <b>ceasefire</b>.</p>"
                                "<img src=x onerror=alert(1)></body></html>\n")
    return d


def run(*args, cwd=ROOT, timeout=600):
    return subprocess.run([sys.executable, "-m", "stances", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def test_extract_names_every_bad_file_and_keeps_the_seed(hostile, tmp_path):
    out = tmp_path / "s.csv"
    r = run("extract", str(hostile), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name, word in BAD.items():
        line = next((l for l in r.stderr.splitlines() if name in l), None)
        assert line is not None, (name, r.stderr)
        assert word.lower() in line.lower(), line
    text = out.read_text(encoding="utf-8")
    for actor in ("GBR", "DEU", "FRA", "RUS"):
        assert f"000_951ff7119e6d2308,2020-07-09,2020-W28,{actor}," in text
    assert ",utf16," in text or "utf16" in text  # UTF-16 with a BOM is read
    # the HTML article's statement has no markup in its evidence position
    assert "baddate" in r.stderr  # impossible date: read, undated, with a warning


def test_report_finishes_and_names_bad_files(hostile, tmp_path):
    r = run("report", str(hostile), "--out", str(tmp_path / "reports"))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name in BAD:
        assert name in r.stderr, (name, r.stderr)
    page = (tmp_path / "reports" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    assert "Britain, Germany and France called for a ceasefire" in page
    assert "<script>alert" not in page and "onerror=alert" not in page
    # articles read with a warning are listed in the page too
    assert "Read with warnings" in page and "decoded as UTF-16" in page and "2020-02-30" in page


def test_yaml_bomb_in_rules_exits_2_within_seconds(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    lines = ["issue: bomb", "title: t", "proposition: p", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 20):
        prev = "a" if i == 1 else f"l{i - 1}"
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("rules: []")
    (rules / "libya" / "issues" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    # a bomb that expanded would never finish: the subprocess timeout is a hang guard, not a benchmark
    r = run("check", "--rules", str(rules), timeout=120)
    assert r.returncode == 2
    assert "bomb.yaml:4:" in r.stderr and "anchors and aliases" in r.stderr


# ---------------------------------------------------------------- issue 16: rules
def _rules_with_phrase(tmp_path, phrase):
    import yaml

    d = tmp_path / "rules"
    shutil.copytree(ROOT / "tests" / "fixtures" / "rules_min", d)
    rule = {"id": "hostile.r1", "stance": "support", "phrases": [phrase]}
    (d / "issues" / "hostile.yaml").write_text(yaml.safe_dump(
        {"issue": "hostile", "title": "Hostile", "proposition": "P.", "rules": [rule]}), encoding="utf-8")
    return d


def test_placeholders_count_their_real_alternatives_in_the_ambiguity_bound(tmp_path):
    from stances.model import RuleError
    from stances.phrase import parse_phrase
    from stances.rules import load_rules

    # each <ANY> can match every actor name (of several lengths, possessive or not): three of
    # them around maximal gaps used to pass `stances check` and then backtrack exponentially
    phrase = "<ANY> {0,8} <ANY> {0,8} <ANY> {0,8} <ANY>"
    with pytest.raises(RuleError) as err:
        load_rules(_rules_with_phrase(tmp_path, phrase))
    msg = str(err.value)
    assert "hostile.yaml:" in msg and "E107" in msg and "ways" in msg
    with pytest.raises(ValueError):
        parse_phrase("<TUR> {0,8} <TUR> {0,8} b", {"TUR": 40})
    assert parse_phrase("<TUR> {0,8} <TUR> b", {"TUR": 3})  # 2*3 * 9 * 2*3 ways: fine


def test_deeply_nested_phrases_are_refused_with_a_location(tmp_path):
    from stances.model import RuleError
    from stances.phrase import MAX_NESTING, PhraseError, parse_phrase
    from stances.rules import load_rules

    deep = "(" * 200 + "truce" + ")" * 200
    with pytest.raises(PhraseError) as err:
        parse_phrase(deep)
    assert "nested" in str(err.value) and err.value.col == MAX_NESTING
    parse_phrase("(" * MAX_NESTING + "truce" + ")" * MAX_NESTING)
    with pytest.raises(RuleError) as err:
        load_rules(_rules_with_phrase(tmp_path, deep))
    assert "hostile.yaml:" in str(err.value) and "nested" in str(err.value)
    assert not list(tmp_path.rglob("*.tmp"))


# ---------------------------------------------------------------- issue 16: the reading boundary
def _read(path):
    from stances.corpus import read_articles
    from stances.model import Article

    items = list(read_articles([path]))
    return [i for i in items if isinstance(i, Article)], [i for i in items if not isinstance(i, Article)]


def _utf8_safe(*values):
    for v in values:
        v.encode("utf-8")  # raises on a lone surrogate


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names are always UTF-8")
def test_a_file_name_that_is_not_utf8_is_read_and_shown_safely(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"caf\xe9\xff.txt")
    with open(bad, "wb") as f:
        f.write(b"Egypt called for a ceasefire.\n")
    (folder / "z.txt").write_text("Turkey called for a truce.\n")
    arts, rejected = _read(folder)
    assert len(arts) == 2 and not rejected
    for a in arts:
        _utf8_safe(a.doc, a.path, *a.warnings)
    weird = [a for a in arts if a.doc != "z"][0]
    assert weird.path.startswith("'") and "\\udce9" in weird.path  # shown with repr


def test_lone_surrogates_in_front_matter_and_sidecars_do_not_stop_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('---\ntitle: "bad \\udfff title"\nid: "x\\ud800"\n---\n'
                                  "Egypt called for a ceasefire.\n")
    (folder / "b.txt").write_text("Turkey called for a truce.\n")
    (folder / "b.meta.yaml").write_text('source: "\\udfff"\ndate: 2020-07-09\n')
    (folder / "c.txt").write_text("Russia called for a truce.\n")
    arts, rejected = _read(folder)
    assert sorted(a.path.rsplit("/", 1)[-1] for a in arts) == ["a.txt", "b.txt", "c.txt"]
    for a in arts:
        _utf8_safe(a.doc, a.title, a.source, a.path, *a.warnings, *(v for kv in a.meta for v in kv))
    a = [x for x in arts if x.path.endswith("a.txt")][0]
    assert any("surrogate" in w and "a.txt:2" in w for w in a.warnings)


def test_decomposed_unicode_and_invisible_characters_do_not_hide_actors(tmp_path, min_rules):
    import unicodedata

    from stances.extract import extract_article

    folder = tmp_path / "in"
    folder.mkdir()
    nfd = unicodedata.normalize("NFD", "Çavuşoğlu called for a ceasefire.")
    assert nfd != unicodedata.normalize("NFC", nfd)
    (folder / "nfd.txt").write_text(f"---\ndate: 2020-07-09\n---\n{nfd}\n", encoding="utf-8")
    (folder / "shy.txt").write_text("---\ndate: 2020-07-09\n---\nTur\u00adkey and E\u200dgy\u200bpt "
                                    "called for a cease\u2060fire.\n", encoding="utf-8")
    (folder / "bidi.txt").write_text("---\ndate: 2020-07-09\n---\n\u202eRussia\u202c called for a "
                                     "truce.\n", encoding="utf-8")
    arts, _ = _read(folder)
    found = {a.doc: sorted({s.actor for s in extract_article(a, min_rules)}) for a in arts}
    assert found == {"nfd": ["TUR"], "shy": ["EGY", "TUR"], "bidi": ["RUS"]}
    for a in arts:
        assert unicodedata.is_normalized("NFC", a.text)
        assert not any(c in a.text for c in "\u00ad\u200b\u200d\u2060\u202e\u202c")


def test_control_bidi_and_ansi_characters_are_stripped_from_ids_titles_and_sources(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('---\nid: "ev\\u202eil\\x1b[31m\\x07"\ntitle: "Red \\x1b[2J\\u2066alert\\u2069'
                                  '\\x00"\nsource: "\\x1b]0;owned\\x07Reuters\\u200b"\n---\n'
                                  "Egypt called for a ceasefire.\n")
    (arts,), _ = _read(folder)
    assert (arts.doc, arts.title, arts.source) == ("evil", "Red alert", "Reuters")


@pytest.mark.parametrize("date", ["2302-07-09", "1677-12-31", "0999-01-01", "9999-12-31"])
def test_dates_beyond_the_bounds_leave_the_article_undated_with_a_warning(tmp_path, date):
    from stances.model import DATE_MAX, DATE_MIN

    f = tmp_path / "a.txt"
    f.write_text(f"---\ntitle: t\ndate: {date}\n---\nEgypt called for a ceasefire.\n")
    (a,), _ = _read(f)
    assert a.date is None
    assert any(f"{f}:3:" in w and "outside" in w for w in a.warnings), a.warnings
    assert DATE_MIN.year >= 1678 and DATE_MAX.year <= 2261  # inside what pandas can hold


def test_dates_beyond_the_bounds_never_break_table_or_report(tmp_path):
    from click.testing import CliRunner

    from stances.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "typo.txt").write_text("---\ndate: 2302-07-09\n---\nEgypt called for a ceasefire.\n")
    (folder / "ok.txt").write_text("---\ndate: 2020-07-09\n---\nTurkey called for a ceasefire.\n")
    db = str(tmp_path / "s.db")
    rules = str(ROOT / "tests" / "fixtures" / "rules_min")
    r = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--rules", rules])
    assert r.exit_code == 0, r.output
    for args in (["table", "--all", "--db", db, "--rules", rules],
                 ["report", "--db", db, "--rules", rules, "--week", "2020-W28",
                  "--out", str(tmp_path / "out")]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0 and r.exception is None or isinstance(r.exception, SystemExit), r.output
        assert r.exit_code == 0, r.output
    for week in ("9999-W52", "0001-W01", "2302-W28"):
        r = CliRunner().invoke(main, ["table", "--week", week, "--db", db, "--rules", rules])
        assert r.exit_code == 2 and "Traceback" not in r.output, (week, r.output)


# ---------------------------------------------------------------- issue 16: DNA rows
@pytest.mark.parametrize("sql, words", [
    ("UPDATE DOCUMENTS SET Date = 99999999999999", ["statement 1", "Date"]),
    ("UPDATE DOCUMENTS SET Date = -99999999999", ["statement 1", "Date"]),
    ("UPDATE DOCUMENTS SET Date = 'yesterday'", ["statement 1", "Date"]),
    ("UPDATE STATEMENTS SET Start = NULL WHERE ID = 2", ["statement 2", "Start"]),
    ("UPDATE STATEMENTS SET Stop = 'end' WHERE ID = 2", ["statement 2", "Stop"]),
    ("UPDATE STATEMENTS SET Start = 30, Stop = 3 WHERE ID = 2", ["statement 2", "Start"]),
    ("UPDATE STATEMENTS SET Stop = 10000000000000000 WHERE ID = 1", ["statement 1", "Stop"]),
    ("UPDATE ENTITIES SET Value = 'A\u202eB\x1b[31m' WHERE ID = 10", None),
])
def test_dna_rows_are_validated_as_read(tmp_path, sql, words):
    import sqlite3

    from click.testing import CliRunner

    from stances.cli import main
    import importlib.util

    spec = importlib.util.spec_from_file_location("_dna_helpers", ROOT / "tests" / "test_dna.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    make_dna = helpers.make_dna

    dna = make_dna(tmp_path / "talks.dna")
    con = sqlite3.connect(dna)
    con.execute(sql)
    con.commit()
    con.close()
    r = CliRunner().invoke(main, ["import-dna", str(dna), "--db", str(tmp_path / "s.db")])
    assert "Traceback" not in r.output and not isinstance(r.exception, Exception) \
        or isinstance(r.exception, SystemExit), r.output
    if words is None:
        assert r.exit_code == 0, r.output
        from stances.store import read_statements

        assert "AB" in set(read_statements(tmp_path / "s.db")["actor"])
    else:
        assert r.exit_code == 2, r.output
        assert all(w in r.output for w in words), r.output


# ---------------------------------------------------------------- issue 16: report and figures
@pytest.fixture
def mathtext_rules(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(ROOT / "tests" / "fixtures" / "rules_min", d)
    p = d / "actors.yaml"
    s = p.read_text()
    s = s.replace("{id: TUR, name: Turkey,", "{id: TUR, name: 'Turkey $\\frac{x$', aliases: [Turkey],")
    s = s.replace("{id: EGY, name: Egypt,", "{id: EGY, name: 'Egypt $x^{$', aliases: [Egypt],")
    p.write_text(s)
    p = d / "issues" / "ceasefire.yaml"
    p.write_text(p.read_text().replace("title: Ceasefire", "title: 'Ceasefire $\\sqrt{$'", 1))
    return d


def _news(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("---\ndate: 2020-07-09\ntitle: '$\\frac{a$ b'\n---\n"
                                  "Turkey called for a ceasefire. Egypt called for a ceasefire.\n")
    return folder


def test_mathtext_in_names_and_titles_is_drawn_literally(tmp_path, mathtext_rules):
    from stances.report import make_report

    result = make_report([_news(tmp_path)], rules=mathtext_rules, out=tmp_path / "out", week="2020-W28")
    assert result.path.is_file()
    assert (result.path.parent / "heatmap.png").stat().st_size > 0


def test_a_signal_between_the_publish_renames_never_loses_the_report(tmp_path, monkeypatch):
    import os
    import signal

    import stances.report as R

    news, out = _news(tmp_path), tmp_path / "out"
    rules = ROOT / "tests" / "fixtures" / "rules_min"
    R.make_report([news], rules=rules, out=out, week="2020-W28")
    real = os.replace
    calls = []

    def replace(src, dst):
        real(src, dst)
        if ".2020-W28.old-" in str(dst):  # the old report was just moved aside
            calls.append((src, dst))
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(R.os, "replace", replace)
    # a test run started as a background job inherits SIGINT ignored: give it Python's handler
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    with pytest.raises(KeyboardInterrupt):
        R.make_report([news], rules=rules, out=out, week="2020-W28")
    monkeypatch.setattr(R.os, "replace", real)
    signal.signal(signal.SIGINT, previous)
    assert (out / "2020-W28" / "index.html").is_file()


def test_the_next_run_restores_a_stranded_report_and_removes_stale_temp_folders(tmp_path):
    import os
    import time

    from stances.report import make_report

    news, out = _news(tmp_path), tmp_path / "out"
    rules = ROOT / "tests" / "fixtures" / "rules_min"
    make_report([news], rules=rules, out=out, week="2020-W28")
    os.replace(out / "2020-W28", out / ".2020-W27.old-0badf00d")  # a kill -9 between the renames
    stale = out / ".2020-W26.tmp-deadbeef"
    stale.mkdir()
    old = time.time() - 3 * 86400
    os.utime(stale, (old, old))
    live = out / ".2020-W25.tmp-cafecafe"  # another run, still writing
    live.mkdir()
    make_report([news], rules=rules, out=out, week="2020-W28")
    assert (out / "2020-W27" / "index.html").is_file()
    assert not stale.exists() and live.exists()
    assert not list(out.glob(".*.old-*"))


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_users_file_at_the_report_path_is_never_replaced(tmp_path, kind):
    from click.testing import CliRunner

    from stances.cli import main

    news, out = _news(tmp_path), tmp_path / "out"
    out.mkdir()
    target = out / "2020-W28"
    if kind == "file":
        target.write_text("my notes")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("my notes")
    r = CliRunner().invoke(main, ["report", str(news), "--rules", str(ROOT / "tests" / "fixtures" / "rules_min"),
                                  "--week", "2020-W28", "--out", str(out)])
    assert r.exit_code == 2 and "not a report" in r.output, r.output
    if kind == "file":
        assert target.read_text() == "my notes"
    else:
        assert (target / "notes.txt").read_text() == "my notes"


# ---------------------------------------------------------------- issue 16: exports
FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(text):
    import csv
    import io

    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _formula_frame():
    import pandas as pd

    from stances.store import normalize_statements

    rows = [dict(doc=f, date="2020-07-09", actor="TUR", issue="ceasefire", position="support",
                 score=-1.0, rule="r", negated=False, holder_text=f, holder_via="subject",
                 sentence=f, start=0, end=3, source=f, title=f, url="", rules_version="v")
            for f in FORMULAS]
    return normalize_statements(pd.DataFrame(rows))


def test_no_csv_written_has_a_formula_leading_cell(tmp_path):
    import networkx as nx

    from stances.io import write_statements
    from stances.network import graph_bytes
    from stances.table import stance_table, write_table

    frame = _formula_frame()
    write_statements(frame, tmp_path / "s.csv", "csv")
    texts = [(tmp_path / "s.csv").read_text(), write_table(frame, "csv"),
             write_table(stance_table(frame), "csv")]
    g = nx.Graph()
    g.add_edge("=cmd|' /C calc'!A0", "@x", weight=1.0, sign=1, issues="+y")
    texts.append(graph_bytes(g, "csv").decode())
    for text in texts:
        cells = _cells(text)
        assert cells and not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")
                              or (c[:1] == "-" and not _number(c))], text
    assert any(c == "-1.0" for c in _cells(texts[0]))  # numbers stay numbers
    from stances.io import read_statement_file

    back = read_statement_file(tmp_path / "s.csv")  # and our own files read back as written
    assert sorted(back["doc"]) == sorted(f.replace("\r", "\n") for f in FORMULAS)


def _number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def test_extract_csv_output_is_neutralised(tmp_path):
    from click.testing import CliRunner

    from stances.cli import main

    (tmp_path / "a.txt").write_text("---\nid: '=1+1'\ntitle: '@cmd'\nsource: '+x'\ndate: 2020-07-09\n---\n"
                                    "Turkey called for a ceasefire.\n")
    out = tmp_path / "s.csv"
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--rules",
                                  str(ROOT / "tests" / "fixtures" / "rules_min"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    cells = _cells(out.read_text())
    assert "'=1+1" in cells and not [c for c in cells if c and c[0] in "=+@"]


def test_markdown_tables_escape_markup():
    import pandas as pd

    from stances.table import to_markdown

    md = to_markdown(pd.DataFrame({"doc": ["<script>alert(1)</script>", "[x](javascript:alert(1))",
                                           "*bold* `code` a|b \\ <img src=x onerror=y>"]}))
    import re

    assert not re.search(r"(?<!\\)[<>*`\[\]]", md.replace("| --- |", "")), md
    assert "\\|" in md


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_are_well_formed_xml_whatever_the_names(fmt):
    import xml.etree.ElementTree as ET

    import networkx as nx

    from stances.network import graph_bytes

    g = nx.Graph()
    names = ["A\x00B", "C\x01\x1bD", "E\ufffeF", "G\ud800H", "I\x0bJ"]
    for a, b in zip(names, names[1:]):
        g.add_edge(a, b, weight=1.0, sign=1, issues="x\x02y")
    g.nodes["A\x00B"]["label"] = "lab\x07el"
    root = ET.fromstring(graph_bytes(g, fmt))
    assert root is not None
    assert len([e for e in root.iter() if e.tag.endswith("node")]) == len(names)


# ---------------------------------------------------------------- issue 16: the rule cache
class _Planted:
    """A pickle that runs code when loaded (what an attacker would put in a shared cache)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_file_never_runs_code(tmp_path, monkeypatch):
    import pickle

    from stances import rules as R

    monkeypatch.setenv("STANCES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STANCES_CACHE_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    root = ROOT / "tests" / "fixtures" / "rules_min"
    first = R.load_rules(root)
    (cached,) = list((tmp_path / "cache").iterdir())
    marker = tmp_path / "owned"
    payload = pickle.dumps(_Planted(marker))
    # whatever the attacker writes at the cache path (raw pickle, or our framing with a wrong
    # signature), it is not loaded: the rules are compiled afresh
    for planted in (payload, cached.read_bytes()[:8] + b"\0" * 32 + payload):
        cached.write_bytes(planted)
        again = R.load_rules(root)
        assert not marker.exists()
        assert again.version == first.version and again is not first
    # a cache written with another key (another user's, a restored CI cache) is not trusted
    R.load_rules(root)
    monkeypatch.setenv("STANCES_CACHE_KEY_FILE", str(tmp_path / "other" / "cache-key"))
    assert R._cache_get(Path(root), first.version) is None
    R.load_rules(root)
    assert R._cache_get(Path(root), first.version) is not None  # rewritten under this key
    key = tmp_path / "other" / "cache-key"
    assert key.stat().st_mode & 0o077 == 0 and (tmp_path / "cache") not in key.parents


def test_a_rule_set_that_cannot_be_cached_leaves_no_temporary_file(tmp_path, monkeypatch):
    from stances import rules as R

    monkeypatch.setenv("STANCES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STANCES_CACHE_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    rs = R.load_rules(ROOT / "tests" / "fixtures" / "rules_min")

    def boom(*a, **k):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(R.pickle, "dumps", boom)
    R._cache_put(Path(tmp_path / "x"), "v0", rs)
    assert not [p for p in (tmp_path / "cache").iterdir() if "v0" in p.name]


def test_front_matter_over_the_limit_is_rejected_before_parsing(tmp_path):
    from stances.corpus import MAX_FRONT_MATTER_CHARS

    f = tmp_path / "big.txt"
    f.write_text("---\n" + "k: v\n" * (MAX_FRONT_MATTER_CHARS // 5 + 10) + "---\nEgypt called.\n")
    arts, (rej,) = _read(f)
    assert not arts and "front matter" in rej.reason and "limit" in rej.reason and rej.line == 1
