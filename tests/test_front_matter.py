"""Front matter: the exact line reader gives the same Article as the YAML parser.

Common front matter (``key: value`` lines, plain or quoted) is read by a small
line parser; anything else goes to the YAML parser, with its line numbers and
safety limits. Every front-matter fixture, the seed article, the shared
evaluation articles (when ``../shared`` is present), the front matters of the
reader tests and generated lines must give the same result both ways.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import stances.corpus as corpus
from stances.corpus import read_article_file, read_articles

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _without_fast_path(monkeypatch):
    monkeypatch.setattr(corpus, "_parse_plain_mapping", lambda src, first_line: None)


def _yaml_result(src: str):
    """What the YAML path makes of *src*: the mapping, or the rejection."""
    saved = corpus._parse_plain_mapping
    corpus._parse_plain_mapping = lambda s, f: None
    try:
        return corpus._parse_yaml_mapping(src, "f.txt", 2, "front matter", [])
    except corpus._Reject as exc:
        return ("rejected", exc.rejection.reason, exc.rejection.line)
    finally:
        corpus._parse_plain_mapping = saved


def _front_matter_files():
    files = [p for p in sorted((ROOT / "tests" / "fixtures").rglob("*"))
             if p.is_file() and p.suffix in (".txt", ".md", ".yaml")
             and (p.name.endswith(".meta.yaml") or p.read_bytes().startswith(b"---"))]
    files += sorted((ROOT / "seeds").glob("*.txt"))
    if SHARED.is_dir():
        files += sorted(SHARED.rglob("*.txt"))
    return files


FILES = _front_matter_files()

#: Front matters of the reader tests and the forms scrapers write.
FRONT_MATTERS = [
    "id: fm-001\ndate: 2020-06-06\nsource: Example Wire\nurl: https://example.org/news/fm-001\n"
    'title: "Cairo: talks on a ceasefire"\ndate_estimated: true\nexcerpt_truncated: false\n',
    'id: "bench-0000001"\ndate: "2020-04-02"\nsource: "Wire Service"\ntitle: "Talks \\"Resume\\" In C:\\\\x"\n',
    "title: UN: talks resume\ndate: 2020-10-23\nflag: true\n",
    "id: 0123\ntitle: No\nsource: 1e3\ntags: [a, b]\n",
    "title: [a, b]\n", "title: T\ndate: 2020-02-30\n", "date:\ntitle: ~\nsource: null\nurl: ''\n",
    "title: 'It''s over'\n# a comment\n\nsource: Agence   France-Presse  \n",
    "title: Çavuşoğlu: “no ceasefire” #1\n", "title: a #comment\n", "title: T\ntitle: U\n",
    "title: >\n  folded\n  text\n", "title: &a x\nsource: *a\n", "title: !!str 12\n",
    'title: "unclosed\ndate: 2020-01-01\n', "title: T\ndate: [2020\n", "title: T\n  bad: indent\n",
    "- a\n- b\n", "just words\n", "title:\tTab\n", "title: x\u2028y\n", "url: http://x.org/a?b=c:d\n",
    "key: value:\n", "? complex\n: key\n", "",
]


def _same_reading(path: Path, monkeypatch):
    fast = list(read_article_file(path))
    with monkeypatch.context() as m:
        _without_fast_path(m)
        slow = list(read_article_file(path))
    assert fast == slow, path


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_front_matter_file_reads_the_same_both_ways(path, monkeypatch):
    _same_reading(path, monkeypatch)


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_reader_test_front_matters_read_the_same_both_ways(front, tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(f"---\n{front}---\nEgypt called for a ceasefire.\n", encoding="utf-8")
    _same_reading(p, monkeypatch)
    fast = corpus._parse_plain_mapping(front, 2)
    assert fast is None or fast == _yaml_result(front)


def test_common_front_matter_is_read_without_yaml():
    front = ('id: "bench-0000001"\ndate: 2020-04-02\nsource: Wire Service\n'
             "title: 'Haftar''s forces advance'\nurl: https://example.org/a\nflag:\n")
    assert corpus._parse_plain_mapping(front, 2) == {
        "id": ("bench-0000001", 2), "date": ("2020-04-02", 3), "source": ("Wire Service", 4),
        "title": ("Haftar's forces advance", 5), "url": ("https://example.org/a", 6), "flag": (None, 7)}


@pytest.mark.parametrize("front", ["title: a: b\n", "title: a #c\n", "title: [a]\n", "  title: x\n",
                                   "title: x\ntitle: y\n", 'title: "a\\tb"\n', "title: |\n  x\n"])
def test_anything_else_goes_to_the_yaml_parser(front):
    assert corpus._parse_plain_mapping(front, 2) is None


def test_generated_benchmark_articles_read_the_same_both_ways(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_articles
    from stances.rules import load_rules

    rs = load_rules(ROOT / "tests" / "fixtures" / "rules_min")
    for profile in ("sparse", "dense"):
        write_articles(tmp_path / profile, 40, rs, seed=3, profile=profile)
    fast = list(read_articles([tmp_path]))
    with monkeypatch.context() as m:
        _without_fast_path(m)
        slow = list(read_articles([tmp_path]))
    assert len(fast) == 80 and fast == slow


_PIECES = ["a", "B", " ", "  ", ":", ": ", "#", " #", "'", "''", '"', "\\", '\\"', "\\/", "\\n", "-", "?",
           ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "~", "null", "NULL", "\t", "é",
           "\xa0", "\x85", "\u2028", "\ufeff", "“", "1", "true", "x:y", "http://a", "\U0001f600"]
_KEYS = ["id", "title", "date", "x_y", "a.b", "k-1", "Null", "# note", "", " id", "-", "k" * 130]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_KEYS), st.sampled_from([": ", ":", ":  ", " : "]),
                          st.lists(st.sampled_from(_PIECES), max_size=6)), max_size=5),
       st.booleans())
def test_line_reader_agrees_with_yaml_on_generated_lines(lines, final_newline):
    src = "\n".join(k + sep + "".join(v) for k, sep, v in lines) + ("\n" if final_newline else "")
    fast = corpus._parse_plain_mapping(src, 2)
    if fast is not None:
        assert fast == _yaml_result(src), repr(src)
