"""Property-based tests: the phrase compiler and extraction never fail in unplanned ways."""
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from stances.extract import extract_article
from stances.model import Article
from stances.phrase import PhraseError, parse_phrase, phrase_regex

PHRASE_ALPHABET = st.sampled_from(list("abc *()[]|{},<>0123456789-'.") + ["LNA", "ANY", " call", " for", "é"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(PHRASE_ALPHABET, max_size=30).map("".join))
def test_phrase_compiler_compiles_or_raises_a_located_error(text):
    try:
        items = parse_phrase(text, {"LNA"})
    except PhraseError as exc:
        assert 0 <= exc.col <= max(len(text), 1)
        return
    rx = re.compile("(?<= )(?:" + phrase_regex(items, lambda a: "haftar ") + ")")
    rx.search(" call for haftar a b c ")  # the compiled regex runs


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_phrase_compiler_on_arbitrary_unicode(text):
    try:
        parse_phrase(text, {"LNA"})
    except PhraseError as exc:
        assert exc.col >= 0


WORDS = st.sampled_from([
    "Britain", "Germany", "and", "France", "called", "for", "a", "ceasefire", "truce", "Egypt", "did",
    "not", "said", "he", "she", "Lavrov", "“", "”", '"', ",", ".", "\n\n", "Haftar's", "forces",
    "withdrawal", "of", "mercenaries", "U.N.", "Gen.", "<b>", "&amp;", "İ", "ß", "\u00a0", "\x00", "🙂",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(WORDS, max_size=60).map(" ".join), st.text(max_size=300)))
def test_extraction_never_crashes_and_offsets_stay_inside(min_rules, text):
    stmts = extract_article(Article("p", text, dt.date(2020, 7, 9)), min_rules)
    for s in stmts:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.sentence
        assert -1.0 <= s.score <= 1.0
