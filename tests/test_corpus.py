"""Reading articles: every format, every hostile input, deterministic order."""
from __future__ import annotations

import codecs
import datetime as dt
import doctest
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import stances.corpus
from stances.clean import clean_text
from stances.corpus import parse_date, read_article_file, read_articles
from stances.model import Article, Rejection

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = ROOT / "seeds" / "000_951ff7119e6d2308.txt"


def read_one(path, **kw):
    items = list(read_articles([path], **kw))
    assert len(items) == 1, items
    return items[0]


def article(path, **kw) -> Article:
    item = read_one(path, **kw)
    assert isinstance(item, Article), item
    return item


def rejection(path, **kw) -> Rejection:
    item = read_one(path, **kw)
    assert isinstance(item, Rejection), item
    return item


def write(tmp_path, name, content) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_bytes(content.encode("utf-8"))
    return p


def test_module_examples_run():
    assert doctest.testmod(stances.corpus).failed == 0


# --------------------------------------------------------------------------
# Formats


def test_front_matter_fields_meta_and_exact_body():
    a = article(FIXTURES / "a_front_matter.txt")
    assert a.doc == "fm-001"
    assert a.date == dt.date(2020, 6, 6)
    assert (a.source, a.url, a.title) == (
        "Example Wire", "https://example.org/news/fm-001", "Cairo: talks on a ceasefire")
    # other keys are kept as sorted (key, str) pairs, in YAML spelling
    assert a.meta == (("date_estimated", "true"), ("excerpt_truncated", "false"))
    raw = (FIXTURES / "a_front_matter.txt").read_text(encoding="utf-8")
    assert a.text == raw.split("---\n", 2)[2]
    assert a.text.startswith("Test fixture text")
    assert a.warnings == ()
    assert a.week == "2020-W23"


def test_doc_defaults_to_file_stem(tmp_path):
    p = write(tmp_path, "my.article.txt", "---\ndate: 2020-01-01\n---\nBody text.\n")
    assert article(p).doc == "my.article"


def test_sidecar_supplies_metadata():
    a = article(FIXTURES / "b_sidecar.md")
    assert a.doc == "b_sidecar"
    assert a.date == dt.date(2020, 6, 8)
    assert a.title == "GNA rejects proposal"
    assert a.text == (FIXTURES / "b_sidecar.md").read_text(encoding="utf-8")


def test_front_matter_wins_over_sidecar_with_warning(tmp_path):
    p = write(tmp_path, "x.txt", "---\ndate: 2020-01-02\n---\nBody.\n")
    write(tmp_path, "x.meta.yaml", "date: 2020-01-03\nsource: Wire\n")
    a = article(p)
    assert a.date == dt.date(2020, 1, 2)
    assert a.source == "Wire"
    assert len(a.warnings) == 1
    assert "x.meta.yaml:1" in a.warnings[0] and "front matter is used" in a.warnings[0]


def test_jsonl_rows_paths_and_blank_lines():
    items = list(read_articles([FIXTURES / "c_rows.jsonl"]))
    assert [type(i) for i in items] == [Article, Article]
    j1, j2 = items
    assert (j1.doc, j1.date, j1.source, j1.url, j1.title) == (
        "j1", dt.date(2020, 6, 9), "Example Wire", "https://example.org/j1", "Row one")
    assert j1.path.endswith("c_rows.jsonl:1")
    assert j2.path.endswith("c_rows.jsonl:3")  # line 2 is blank and skipped
    assert j2.date == dt.date(2020, 6, 10)  # ISO date-time -> its date
    assert j2.meta == (("lang", "en"),)
    assert j2.text == "Russia called for restraint."


def test_jsonl_bad_rows_are_rejected_and_others_read(tmp_path):
    p = write(tmp_path, "rows.jsonl", "\n".join([
        '{"id": "ok1", "text": "Fine."}',
        '{"id": "broken", "text": ',
        '["not", "an", "object"]',
        '{"id": "notext"}',
        '{"id": "numtext", "text": 5}',
        '{"id": "empty", "text": "   "}',
        '{"id": "nul", "text": "a\\u0000b"}',
        '{"id": "sur", "text": "a\\ud800b"}',
        '{"text": "No id here.", "date": "2020-02-30"}',
    ]) + "\n")
    items = list(read_articles([p]))
    got = [(type(i).__name__, i.line if isinstance(i, Rejection) else i.doc) for i in items]
    assert got == [("Article", "ok1"), ("Rejection", 2), ("Rejection", 3), ("Rejection", 4),
                   ("Rejection", 5), ("Rejection", 6), ("Rejection", 7), ("Rejection", 8),
                   ("Article", "rows-9")]
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1] == "record is a JSON list, not an object"
    assert reasons[2] == "record has no 'text' field"
    assert reasons[3] == "'text' must be a string"
    assert reasons[4] == "empty article"
    assert reasons[5] == "NUL character in text"
    assert "surrogate" in reasons[6]
    assert str(items[1]) == f"{p}:2: {reasons[0]}"
    last = items[-1]
    assert last.date is None
    assert last.warnings == (f"{p}:9: impossible date '2020-02-30' (day is out of range for month);"
                             " article read as undated",)


def test_jsonl_huge_line_rejected_next_line_still_read(tmp_path):
    big = '{"id": "big", "text": "' + "x" * 5000 + '"}'
    p = write(tmp_path, "rows.jsonl", big + '\n{"id": "small", "text": "Fine."}\n')
    items = list(read_articles([p], max_bytes=1000))
    assert isinstance(items[0], Rejection) and items[0].line == 1
    assert items[0].reason == "line too large (> 1000 bytes)"
    assert isinstance(items[1], Article) and items[1].doc == "small"
    assert items[1].path == f"{p}:2"


def test_csv_rows_with_quoted_newlines():
    items = list(read_articles([FIXTURES / "d_rows.csv"]))
    assert [type(i) for i in items] == [Article, Article]
    c1, c2 = items
    assert (c1.doc, c1.date, c1.title) == ("c1", dt.date(2020, 6, 11), "First row")
    assert c1.path.endswith("d_rows.csv:2")
    assert c2.date is None and c2.warnings == ()  # empty date cell: undated, no warning
    assert c2.url == ""
    assert c2.text == 'A quoted "statement" that spans\ntwo lines.'
    assert c2.path.endswith("d_rows.csv:3")


def test_csv_bad_rows_and_tsv(tmp_path):
    p = write(tmp_path, "rows.csv", "id,text\nr1,Good one.\nr2,too,many\nr3,\nr4,Also good.\n")
    items = list(read_articles([p]))
    assert [(type(i).__name__, getattr(i, "doc", None) or i.line) for i in items] == [
        ("Article", "r1"), ("Rejection", 3), ("Rejection", 4), ("Article", "r4")]
    assert items[1].reason == "expected 2 fields, found 3"
    assert items[2].reason == "empty article"
    t = write(tmp_path, "rows.tsv", "id\ttext\tdate\nt1\tTab separated.\t2020-03-04\n")
    a = article(t)
    assert (a.doc, a.text, a.date) == ("t1", "Tab separated.", dt.date(2020, 3, 4))


def test_csv_without_text_column_is_rejected(tmp_path):
    p = write(tmp_path, "rows.csv", "id,body\n1,x\n")
    r = rejection(p)
    assert r.line == 1 and r.reason.startswith("the header has no 'text' column")


def test_csv_invalid_utf8_row_rejected_others_read(tmp_path):
    p = write(tmp_path, "rows.csv", b"id,text\nr1,fine\nr2,caf\xe9\nr3,also fine\n")
    items = list(read_articles([p]))
    assert [getattr(i, "doc", None) for i in items] == ["r1", None, "r3"]
    assert items[1].line == 3 and items[1].reason.startswith("invalid UTF-8")


def test_json_array_with_line_numbers(tmp_path):
    p = write(tmp_path, "list.json",
              '[\n  {"id": "a", "text": "One."},\n  {"id": "b",\n   "text": "Two."},\n  3\n]\n')
    items = list(read_articles([p]))
    assert [type(i) for i in items] == [Article, Article, Rejection]
    assert items[0].path == f"{p}:2" and items[1].path == f"{p}:3"
    assert items[2].line == 5
    single = write(tmp_path, "one.json", '{"id": "s", "text": "Single.", "date": "2020-05-05"}')
    assert article(single).date == dt.date(2020, 5, 5)


def test_crlf_is_normalised_to_lf(tmp_path):
    p = write(tmp_path, "win.txt", b"---\r\ndate: 2020-01-05\r\n---\r\nLine one.\r\nLine two.\rEnd.\r\n")
    a = article(p)
    assert a.date == dt.date(2020, 1, 5)
    assert a.text == "Line one.\nLine two.\nEnd.\n"


# --------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize("value, expected", [
    ("2020-07-09", dt.date(2020, 7, 9)),
    ("'2020-07-09'", dt.date(2020, 7, 9)),
    ("2020-07-09T23:30:00+02:00", dt.date(2020, 7, 9)),
    ("2020-07-09 10:00:00", dt.date(2020, 7, 9)),
])
def test_dates_accepted(tmp_path, value, expected):
    p = write(tmp_path, "d.txt", f"---\ntitle: T\ndate: {value}\n---\nBody.\n")
    a = article(p)
    assert a.date == expected and a.warnings == ()


@pytest.mark.parametrize("value, words", [
    ("2020-02-30", "impossible date '2020-02-30'"),
    ("2020-13-01", "impossible date '2020-13-01'"),
    ("July 9, 2020", "unparsable date 'July 9, 2020'"),
    ("09/07/2020", "unparsable date '09/07/2020'"),
    ("20200709", "unparsable date '20200709'"),
    ("2020-07-09Tnonsense", "unparsable date '2020-07-09Tnonsense'"),
])
def test_bad_dates_leave_article_undated_with_warning(tmp_path, value, words):
    p = write(tmp_path, "d.txt", f"---\ntitle: T\ndate: {value}\n---\nBody.\n")
    a = article(p)
    assert a.date is None
    assert len(a.warnings) == 1
    assert a.warnings[0].startswith(f"{p}:3: {words}")  # file and line of the date key
    assert a.warnings[0].endswith("article read as undated")


def test_no_date_is_undated_without_warning(tmp_path):
    p = write(tmp_path, "d.txt", "---\ntitle: T\n---\nBody.\n")
    a = article(p)
    assert a.date is None and a.week is None and a.warnings == ()


def test_bad_date_in_sidecar_names_the_sidecar(tmp_path):
    p = write(tmp_path, "s.txt", "Body.\n")
    side = write(tmp_path, "s.meta.yaml", "title: T\n\ndate: 2021-02-29\n")
    a = article(p)
    assert a.date is None
    assert a.warnings[0].startswith(f"{side}:3: impossible date")


def test_parse_date_rejects_non_strings():
    assert parse_date(dt.datetime(2020, 1, 2, 3, 4)) == dt.date(2020, 1, 2)
    with pytest.raises(ValueError):
        parse_date(20200709)


# --------------------------------------------------------------------------
# Seed and dev articles


def test_seed_reads_with_sidecar_date_and_identical_text():
    a = article(SEED)
    assert a.doc == "000_951ff7119e6d2308"
    assert a.date == dt.date(2020, 7, 9)
    assert a.title == "Turkey urges UN-led process for lasting truce in Libya"
    assert a.url == "" and a.source == ""
    assert a.text.encode("utf-8") == SEED.read_bytes()
    assert a.warnings == ()
    # the repeated headline is blanked for extraction, offsets unchanged
    cleaned = clean_text(a.text)
    assert len(cleaned) == len(a.text)
    assert cleaned.count("Turkey urges UN-led process") == 1


def test_seed_folder_reads_only_the_article():
    items = list(read_articles([ROOT / "seeds"]))
    assert [i.doc for i in items] == ["000_951ff7119e6d2308"]


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "articles").is_dir(),
                    reason="shared dev articles not present")
def test_dev_articles_read_with_ids_and_dates():
    folder = SHARED / "eval" / "dev" / "articles"
    files = sorted(folder.glob("*.txt"))
    items = list(read_articles([folder]))
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items]
    assert [i.doc for i in items] == [f.stem for f in files]
    for a, f in zip(items, files):
        raw = f.read_text(encoding="utf-8")
        front = raw.split("---\n")[1]
        date_line = next(line for line in front.splitlines() if line.startswith("date:"))
        assert a.date == dt.date.fromisoformat(date_line.split(":", 1)[1].strip())
        assert a.title and a.source and a.url.startswith(("https://", "http://"))
        assert raw.endswith(a.text) and not a.text.startswith("---")
        keys = {k for k, _ in a.meta}
        assert keys <= {"date_estimated", "excerpt_truncated", "title_from_url_slug"}
        assert ("date_estimated" in keys) == ("date_estimated:" in front)
        assert a.warnings == ()


# --------------------------------------------------------------------------
# Front matter problems


def test_colon_in_unquoted_title_is_read_leniently(tmp_path):
    p = write(tmp_path, "t.txt", "---\ntitle: UN: talks resume\ndate: 2020-10-23\nflag: true\n---\nBody.\n")
    a = article(p)
    assert a.title == "UN: talks resume" and a.date == dt.date(2020, 10, 23)
    assert a.meta == (("flag", "true"),)


def test_unterminated_front_matter_is_rejected(tmp_path):
    p = write(tmp_path, "u.txt", "---\ntitle: T\ndate: 2020-01-01\nBody without end.\n")
    r = rejection(p)
    assert (r.line, r.reason) == (1, "front matter starting at line 1 is never closed "
                                     "(no second '---' line)")


@pytest.mark.parametrize("front, line", [
    ('title: "unclosed\ndate: 2020-01-01\n', 2),
    ("title: T\ndate: [2020\n", 3),
    ("title: T\n  bad: indent\n", 3),
])
def test_invalid_yaml_front_matter_rejected_with_line(tmp_path, front, line):
    p = write(tmp_path, "y.txt", f"---\n{front}---\nBody.\n")
    r = rejection(p)
    assert r.reason.startswith("invalid YAML in front matter")
    assert r.line == line, str(r)


@pytest.mark.parametrize("front, kind", [("- a\n- b\n", "a list"), ("just words\n", "a single value")])
def test_front_matter_that_is_not_a_mapping_is_rejected(tmp_path, front, kind):
    p = write(tmp_path, "n.txt", f"---\n{front}---\nBody.\n")
    r = rejection(p)
    assert r.reason == f"front matter is {kind}, not a mapping of keys to values"
    assert r.line == 2


def test_deeply_nested_front_matter_is_rejected(tmp_path):
    p = write(tmp_path, "deep.txt", "---\nx: " + "[" * 20000 + "]" * 20000 + "\n---\nBody.\n")
    r = rejection(p)
    assert "nested too deeply" in r.reason


def test_yaml_scalars_keep_their_spelling(tmp_path):
    p = write(tmp_path, "s.txt", "---\nid: 0123\ntitle: No\nsource: 1e3\ntags: [a, b]\n---\nBody.\n")
    a = article(p)
    assert (a.doc, a.title, a.source) == ("0123", "No", "1e3")
    assert a.meta == (("tags", "[a, b]"),)


def test_list_valued_title_is_ignored_with_warning(tmp_path):
    p = write(tmp_path, "l.txt", "---\ntitle: [a, b]\n---\nBody.\n")
    a = article(p)
    assert a.title == "" and "'title' must be a single value" in a.warnings[0]
    assert a.warnings[0].startswith(f"{p}:2:")


def test_invalid_sidecar_rejects_the_article_naming_the_sidecar(tmp_path):
    p = write(tmp_path, "x.txt", "Body.\n")
    side = write(tmp_path, "x.meta.yaml", "title: T\ndate: [oops\n")
    r = rejection(p)
    assert r.path == str(side) and r.line == 2
    assert r.reason.startswith("invalid YAML in metadata sidecar of x.txt")


def test_sidecar_named_explicitly_is_not_an_article():
    r = rejection(FIXTURES / "b_sidecar.meta.yaml")
    assert r.reason.startswith("a metadata sidecar, not an article")


# --------------------------------------------------------------------------
# Hostile inputs


def test_random_binary_is_rejected(tmp_path):
    p = write(tmp_path, "noise.txt", random.Random(7).randbytes(4096))
    assert rejection(p).reason == "binary file"


def test_known_binary_formats_are_named(tmp_path):
    p = write(tmp_path, "report.txt", b"%PDF-1.7\n" + bytes(range(256)))
    assert rejection(p).reason == "binary file (PDF)"
    gz = write(tmp_path, "rows.jsonl", b"\x1f\x8b\x08\x00" + bytes(100))
    assert rejection(gz).reason == "binary file (gzip)"


def test_invalid_utf8_is_rejected_with_line(tmp_path):
    p = write(tmp_path, "latin1.txt", "Line one.\nLine two.\nCaf\u00e9 au lait.\n".encode("latin-1"))
    r = rejection(p)
    assert r.line == 3
    assert r.reason == ("invalid UTF-8 (byte 0xe9 at byte offset 23); save the file as UTF-8")


@pytest.mark.parametrize("codec, bom, name", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"),
])
def test_utf16_and_utf32_with_bom_are_read_with_warning(tmp_path, codec, bom, name):
    body = "---\ndate: 2020-03-01\n---\nÇavuşoğlu urged a truce.\n"
    p = write(tmp_path, "w.txt", bom + body.encode(codec))
    a = article(p)
    assert a.text == "Çavuşoğlu urged a truce.\n"
    assert a.date == dt.date(2020, 3, 1)
    assert a.warnings == (f"{p}: decoded as {name}",)


def test_utf16_jsonl_is_read_with_warning(tmp_path):
    content = '{"id": "u1", "text": "Hello."}\n{"id": "u2", "text": "World."}\n'
    p = write(tmp_path, "u.jsonl", codecs.BOM_UTF16_LE + content.encode("utf-16-le"))
    items = list(read_articles([p]))
    assert [i.doc for i in items] == ["u1", "u2"]
    assert items[1].path == f"{p}:2"
    assert items[0].warnings == (f"{p}: decoded as UTF-16",)


def test_utf16_without_bom_is_rejected_with_advice(tmp_path):
    p = write(tmp_path, "w.txt", "Plain text in UTF-16.\n".encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in rejection(p).reason


def test_utf8_bom_is_stripped_silently(tmp_path):
    p = write(tmp_path, "b.txt", codecs.BOM_UTF8 + b"---\nid: bom\n---\nText.\n")
    a = article(p)
    assert (a.doc, a.text, a.warnings) == ("bom", "Text.\n", ())


def test_nul_bytes_are_rejected_with_line(tmp_path):
    p = write(tmp_path, "nul.txt", b"Good line.\nBad\x00line.\n")
    r = rejection(p)
    assert (r.line, r.reason) == (2, "NUL byte at byte offset 14")


@pytest.mark.parametrize("content", ["", "   \n\n\t \n", "---\ntitle: T\n---\n",
                                     "<script>var x = 1;</script>\n<p> </p>", "\u00a0\u200b\n"])
def test_empty_articles_are_rejected(tmp_path, content):
    p = write(tmp_path, "e.txt", content)
    assert rejection(p).reason == "empty article"


def test_file_over_limit_is_rejected_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # a sparse 100 MB file: no disk or memory used
        fh.truncate(100_000_000)
    reads = []
    real_read = os.read

    def counted_read(fd, n):
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counted_read)
    r = rejection(p)
    assert reads == [], "not a byte of the over-size file is read"
    assert r.reason == "too large (100000000 bytes > limit of 50000000)"


def test_single_huge_line_is_refused_by_the_limit(tmp_path):
    p = write(tmp_path, "line.txt", "word " * 3000)
    assert rejection(p, max_bytes=10_000).reason == "too large (15000 bytes > limit of 10000)"
    assert isinstance(read_one(p, max_bytes=20_000), Article)


def test_nested_and_unbalanced_quotes_are_plain_text(tmp_path):
    body = ("\u201c" * 3000 + "'\"" * 3000 + "He said \u201cno\u201d.\n" + "\u201d" * 2000
            + '"' * 4001 + "\n")
    p = write(tmp_path, "q.txt", body)
    a = article(p)
    assert a.text == body and a.warnings == ()
    assert clean_text(a.text) == body


def test_html_is_read_as_is(tmp_path):
    body = ("<html><head><style>p {color: red}</style><script>alert('x')</script></head>\n"
            "<body><p>Egypt &amp; Tunisia urged a ceasefire.</p></body></html>\n")
    p = write(tmp_path, "page.txt", body)
    a = article(p)
    assert a.text == body  # kept exactly; cleaning is the extractor's job
    cleaned = clean_text(a.text)
    assert "alert" not in cleaned and "color" not in cleaned
    assert cleaned.index("Egypt") == body.index("Egypt")


def test_missing_path_is_a_rejection(tmp_path):
    r = rejection(tmp_path / "no-such-folder")
    assert r.reason == "no such file or directory"


def test_unreadable_file_is_a_rejection(tmp_path, monkeypatch):
    p = write(tmp_path, "locked.txt", "Text.\n")
    real_open = os.open

    def deny(file, flags, *args, **kw):  # as a file of another user, even when run as root
        if Path(file) == p:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", deny)
    r = rejection(p)
    assert r.reason == "cannot read: Permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, non-root")
def test_unreadable_file_by_permissions(tmp_path):
    p = write(tmp_path, "locked.txt", "Text.\n")
    p.chmod(0)
    try:
        assert rejection(p).reason == "cannot read: Permission denied"
    finally:
        p.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert rejection(fifo).reason == "not a regular file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".json"]))
def test_arbitrary_bytes_never_crash(tmp_path, data, suffix):
    p = tmp_path / f"fuzz{suffix}"
    p.write_bytes(data)
    items = list(read_articles([p]))
    assert all(isinstance(i, (Article, Rejection)) for i in items)
    for i in items:
        if isinstance(i, Rejection):
            assert "\n" not in i.reason and i.path == str(p)
        else:
            assert clean_text(i.text).strip()
            i.text.encode("utf-8")  # storable


# --------------------------------------------------------------------------
# Folders


def test_fixture_folder_sorted_recursive_skips_hidden_sidecars_and_other_suffixes():
    items = list(read_articles([FIXTURES]))
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items]
    assert [i.doc for i in items] == ["fm-001", "b_sidecar", "j1", "j2", "c1", "c2", "e_plain"]


def test_mixed_folder_names_bad_files_and_reads_good_ones(tmp_path):
    write(tmp_path, "z_good.txt", "---\ndate: 2020-01-01\n---\nLast good one.\n")
    write(tmp_path, "a_good.txt", "First good one.\n")
    write(tmp_path, "m_binary.txt", random.Random(1).randbytes(2000))
    write(tmp_path, "n_empty.md", "")
    write(tmp_path, "o_yaml.txt", "---\ntitle: [x\n---\nBody.\n")
    write(tmp_path, "sub/b_nested.txt", "Nested good one.\n")
    write(tmp_path, ".git/config.txt", "hidden folder\n")
    write(tmp_path, "image.png", b"\x89PNG\r\n")
    items = list(read_articles([tmp_path]))
    summary = [(Path(i.path.split(":")[0]).name, type(i).__name__) for i in items]
    assert summary == [("a_good.txt", "Article"), ("m_binary.txt", "Rejection"),
                       ("n_empty.md", "Rejection"), ("o_yaml.txt", "Rejection"),
                       ("b_nested.txt", "Article"), ("z_good.txt", "Article")]
    assert [str(i) for i in items if isinstance(i, Rejection)] == [
        f"{tmp_path / 'm_binary.txt'}: binary file",
        f"{tmp_path / 'n_empty.md'}: empty article",
        f"{tmp_path / 'o_yaml.txt'}:2: invalid YAML in front matter: while parsing a flow sequence: "
        "expected ',' or ']', but got '<stream end>'",
    ]


def test_order_is_deterministic_and_independent_of_creation_order(tmp_path):
    names = ["b.txt", "a.txt", "c/a.txt", "B.txt", "a0.txt"]
    for n in names:
        write(tmp_path / "one", n, f"Text of {n}.\n")
    for n in reversed(names):
        write(tmp_path / "two", n, f"Text of {n}.\n")
    one = [i.text for i in read_articles([tmp_path / "one"])]
    two = [i.text for i in read_articles([tmp_path / "two"])]
    assert one == two == [f"Text of {n}.\n" for n in ["B.txt", "a.txt", "a0.txt", "b.txt", "c/a.txt"]]


def test_paths_keep_the_given_order_and_a_single_path_is_accepted(tmp_path):
    b = write(tmp_path, "b.txt", "B.\n")
    a = write(tmp_path, "a.txt", "A.\n")
    assert [i.doc for i in read_articles([b, a])] == ["b", "a"]
    assert [i.doc for i in read_articles(str(a))] == ["a"]


def test_explicit_file_with_other_extension_is_plain_text(tmp_path):
    p = write(tmp_path, "story.html", "<p>Text.</p>\n")
    a = article(p)
    assert a.doc == "story" and a.text == "<p>Text.</p>\n"
    assert list(read_articles([tmp_path])) == []  # not taken from a folder


def test_duplicate_doc_ids_are_all_read(tmp_path):
    write(tmp_path, "a.txt", "---\nid: same\n---\nOne.\n")
    write(tmp_path, "b.txt", "---\nid: same\n---\nTwo.\n")
    assert [(i.doc, i.text) for i in read_articles([tmp_path])] == [("same", "One.\n"),
                                                                     ("same", "Two.\n")]


def test_symlink_loop_is_not_followed_forever(tmp_path):
    write(tmp_path, "a.txt", "A.\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [i.doc for i in read_articles([tmp_path])] == ["a"]


def test_read_article_file_reads_one_file():
    assert [i.doc for i in read_article_file(FIXTURES / "c_rows.jsonl")] == ["j1", "j2"]
