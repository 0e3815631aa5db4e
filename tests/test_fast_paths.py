"""Each fast path gives exactly what the general path it shortcuts gives.

The tokenizer's regex for text without underscores, the sentence view built in one pass,
statement records and CSV cells of the common types, and the lighter ``analyse(...,
matches=True)`` that ``stances check`` uses: each is compared with the general code on
text written to reach its edges (the end-to-end comparison on generated news is
``test_perf_equivalence.py``).
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings, strategies as st

import stances.text as text_mod
from stances.extract import _Doc, analyse
from stances.io import _csv_value, plain_record, write_csv
from stances.model import Article, Statement
from stances.text import fold, token_string, tokenize

#: pieces that reach the tokenizer's branches: acronyms, clitics, digits, underscores, capitals
PIECES = st.sampled_from([
    "a", "U", ".", "n", "'", "t", "s", "_", " ", "1", "N'T", "n't", "'s", "u.n.", "U.S.", "Ü", "ß",
    "doesn't", "CAN'T", "Haftar's", "x_y", "e.g.", "\u2019", "I.", "...", "-",
])


def _general(folded, original, start, end):
    saved = text_mod._PLAIN_TOKEN_RE
    text_mod._PLAIN_TOKEN_RE = text_mod._TOKEN_RE  # the regex that handles any text
    try:
        return tokenize(folded, original, start, end)
    finally:
        text_mod._PLAIN_TOKEN_RE = saved


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join), st.integers(0, 3), st.integers(0, 3))
def test_tokenizer_fast_regex_gives_the_general_tokens(text, cut_start, cut_end):
    folded = fold(text)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert tokenize(folded, text, start, end) == _general(folded, text, start, end)


def test_tokenizer_keeps_underscore_words_apart():
    t = "The U.N._envoy doesn't_back GNA_forces"
    assert [x.norm for x in tokenize(fold(t), t)] == \
        [x.norm for x in _general(fold(t), t, 0, len(t))] == \
        ["the", "un", "envoy", "does", "n't", "back", "gna", "forces"]


def test_prepared_sentence_view_matches_token_string(min_rules):
    text = ("Egypt's foreign ministry said on Monday that the U.N. \u201cmust not\u201d back "
            "Haftar's forces; Turkey didn't agree.\n\nLavrov (Russia) urged a truce.")
    doc = _Doc(Article("t", text), min_rules)
    for s in doc.sentences:
        doc.prepare(s)
        ts, starts = token_string(s.tokens)
        assert (s.ts, s.starts) == (ts, starts)
        assert s.tok_starts == [t.start for t in s.tokens]
        # the text between tokens, before the first and after the last
        rebuilt = "".join(sep + doc.clean[t.start:t.end] for sep, t in zip(s.seps, s.tokens)) + s.seps[-1]
        assert rebuilt == doc.clean[s.start:s.end]


def _statement(**kw):
    base = dict(doc="a1", date=dt.date(2020, 7, 9), week="2020-W28", actor="TUR", issue="ceasefire",
                position="support", score=0.6000000000000001, rule="ceasefire.call", negated=False,
                holder_text="Turkey", holder_via="subject", sentence="Turkey called for a truce.",
                start=0, end=26, source="", title="T", url="", rules_version="abc")
    base.update(kw)
    return Statement(**base)


@pytest.mark.parametrize("change", [
    {}, {"date": None}, {"score": -0.0}, {"score": float("nan")}, {"score": 1},
    {"date": dt.datetime(2020, 7, 9, 13, 5)}, {"date": "2020-07-09"}, {"start": 3.0},
    {"negated": 1}, {"source": None}, {"title": 5}, {"holder_text": ""},
])
def test_statement_record_fast_path_equals_the_general_one(change):
    st_ = _statement(**change)
    assert plain_record(st_) == plain_record(st_.as_dict())  # the dict path converts every value


@pytest.mark.parametrize("value", [
    None, "", "plain", "=1+1", "+x", "-3", "@a", "\tx", "\rx", "'=x", "'plain", "a\rb", "a\r\nb",
    "line\nbreak", 0.5, -0.0, 3, True, False, "a,b", 'say "no"', '"', ",", float("nan"), -7,
    1e-300, b"bytes",
])
@pytest.mark.parametrize("columns", [("c", "d"), ("c",)])
def test_csv_row_fast_path_equals_the_general_cell(value, columns):
    fast, slow = io.StringIO(), io.StringIO()
    write_csv([{"c": value, "d": "x"}], fast, columns=list(columns))
    import csv

    w = csv.writer(slow, lineterminator="\n")
    w.writerow(list(columns))
    w.writerow([_csv_value(v) for v in ({"c": value, "d": "x"}[c] for c in columns)])
    assert fast.getvalue() == slow.getvalue()


_cells = st.one_of(st.none(), st.text(alphabet=st.sampled_from('ab ,"\n\r=+-@\t\'é'), max_size=6),
                   st.integers(-5, 5), st.floats(allow_nan=False), st.booleans())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_cells, _cells, _cells), max_size=6))
def test_csv_lines_written_whole_are_the_csv_modules_lines(rows):
    """Rows with nothing to quote are written as their joined cells; every row must read
    back, byte for byte, as the csv module writes it."""
    import csv

    records = [dict(zip("abc", r)) for r in rows]
    fast, slow = io.StringIO(), io.StringIO()
    write_csv(records, fast, columns=["a", "b", "c"])
    w = csv.writer(slow, lineterminator="\n")
    w.writerow(["a", "b", "c"])
    for rec in records:
        w.writerow([_csv_value(rec[c]) for c in "abc"])
    assert fast.getvalue() == slow.getvalue()


def test_analyse_matches_keeps_the_traced_matches(min_rules):
    text = ("Egypt called for an immediate ceasefire. Turkey did not reject the call for a "
            "ceasefire, officials said. The weather was fine.")
    art = Article("t", text, dt.date(2020, 6, 6))
    full, light = analyse(art, min_rules, trace=True), analyse(art, min_rules, matches=True)

    def rows(an):
        return [(st_.index, [(m.rule.id, m.char_start, m.char_end, sorted(a for a, _, _ in m.holders),
                              m.negated, m.why) for m in st_.matches])
                for st_ in an.sentences if st_.matches]

    assert rows(light) == rows(full) and rows(full)
    assert light.statements == full.statements == analyse(art, min_rules).statements
    assert all(not st_.near_misses for st_ in light.sentences)


_BOUNDARY_TEXT = st.text(alphabet=st.sampled_from(".!?\n\t '\"\u2019\u201d)]aB1\u00e9"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_BOUNDARY_TEXT)
def test_sentence_boundary_regex_finds_what_the_plain_form_finds(text):
    """The boundary regex, its look-behind moved after its first character so that the
    engine can search for that character, matches what the plain form matches."""
    import re

    plain = re.compile(r"(?<![.!?])[.!?]++['\"\u2019\u201d)\]]*+(?=\s)|\n")
    assert [m.span() for m in text_mod._BOUNDARY_RE.finditer(text)] == \
        [m.span() for m in plain.finditer(text)]
