"""The phrase language: every element of the syntax, and its errors."""
import pytest

from stances.matcher import trie_regex
from stances.phrase import Alt, Gap, Opt, PhraseError, Ref, Word, parse_phrase, phrase_regex, triggers
from stances.text import fold, token_string, tokenize


def matches(phrase, text, refs=None):
    refs = refs or {}
    items = parse_phrase(phrase, set(refs) | {"ANY"})
    rx = "(?<= )(?:" + phrase_regex(items, lambda a: "|".join(refs.get(a, ["(?!x)x"]))) + ")"
    import re

    ts, _ = token_string(tokenize(fold(text), text))
    return re.search(rx, ts) is not None


@pytest.mark.parametrize("phrase,text,expected", [
    ("ceasefire", "They want a Ceasefire now", True),
    ("ceasefire", "ceasefires were broken", False),  # whole words only
    ("urg*", "Egypt urged calm", True),
    ("urg*", "a surge of violence", False),  # prefix of a word, not inside one
    ("(truce|cease fire)", "an immediate cease-fire", True),
    ("call* for [an immediate] truce", "called for a truce", False),
    ("call* for [an immediate] truce", "called for truce", True),
    ("call* for [an immediate] truce", "called for an immediate truce", True),
    ("call* for [a|an immediate] truce", "calls for a truce", True),
    ("urg* {0,2} truce", "urged a lasting truce", True),
    ("urg* {0,2} truce", "urged all of the parties to a truce", False),
    ("urg* {3} truce", "urged all the parties truce", True),
    ("Çavuşoğlu", "CAVUSOGLU spoke", True),  # accents and case
    ("cavusoglu", "Mevlüt Çavuşoğlu spoke", True),
    ("UN", "the UN said", True),
    ("UN", "the U.N. said", True),  # dotted acronym
    ("UN", "an un-named source", False),  # capitals only for acronyms
    ("does n't want", "Algeria doesn't want intervention", True),
    ("doesn't want", "Algeria doesn’t want intervention", True),  # curly apostrophe
])
def test_phrase_elements(phrase, text, expected):
    assert matches(phrase, text) is expected


def test_placeholder_expands_to_actor_names_and_takes_possessive():
    refs = {"LNA": ["haftar\\^? ", "libyan\\^? national\\^? army\\^? "]}
    assert matches("support* for <LNA>", "support for the Libyan National Army", refs) is False
    assert matches("support* for [the] <LNA>", "support for the Libyan National Army", refs)
    assert matches("withdrawal of <LNA> forces", "the withdrawal of Haftar's forces", refs)
    assert not matches("withdrawal of <LNA> forces", "the withdrawal of Turkish forces", refs)


def test_parse_tree():
    items = parse_phrase("call* for [a] (truce|cease-fire) {0,2} <LNA>", {"LNA"})
    assert items == (
        Word("call", True), Word("for"), Opt((Word("a"),)),
        Alt(((Word("truce"),), (Word("cease"), Word("fire")))), Gap(0, 2), Ref("LNA"),
    )


@pytest.mark.parametrize("phrase,message", [
    ("", "empty phrase"),
    ("(truce|ceasefire", "never closed"),
    ("truce)", "unbalanced"),
    ("[truce", "never closed"),
    ("(truce|)", "empty alternative"),
    ("(|truce)", "empty alternative"),
    ("[]", "empty alternative"),
    ("{0,2} truce", "start or end with a gap"),
    ("truce {0,2}", "start or end with a gap"),
    ("urge {0,9} truce", "at most 8"),
    ("urge {3,1} truce", "exceeds the maximum"),
    ("a {0,1} b {0,1} c {0,1} d {0,1} e", "more than 3 gaps"),
    ("support <XYZ>", "unknown actor"),
    ("ur*ge", "may only end a word"),
    ("x [a] [b] [c] [d] [e] [f] [g] [h] [i] [j] [k] [l] [m] [n] [o] [p] [q] [r]", "ways at one position"),
    ("[truce]", "required word"),
])
def test_malformed_phrases_raise_with_a_column(phrase, message):
    with pytest.raises(PhraseError) as exc:
        parse_phrase(phrase, {"LNA"})
    assert message in str(exc.value)
    assert 0 <= exc.value.col <= max(len(phrase), 1)


def test_error_column_points_at_the_problem():
    with pytest.raises(PhraseError) as exc:
        parse_phrase("support for <XYZ>", {"LNA"})
    assert exc.value.col == len("support for ")


def test_triggers_pick_a_required_word():
    items = parse_phrase("call* for [a] (ceasefire|truce)")
    trig = triggers(items, lambda a: None)
    assert trig in ({("call", True)}, {("ceasefire", False), ("truce", False)})
    # an optional word is never the only trigger
    assert ("a", False) not in trig


def test_trie_regex_matches_exactly_the_words():
    import re

    words = [("urge", False), ("urg", True), ("un", False), ("truce", False)]
    rx = re.compile(r"(?<!\w)" + trie_regex(words) + r"(?!\w)")
    found = [m.group() for m in rx.finditer("un urged truces truce unk u urge")]
    assert found == ["un", "urged", "truce", "urge"]


def test_literal_alternatives_do_not_count_as_ambiguity():
    # six alternatives of single words, eight times over: one way to match per position
    words = "(a|b|c|d|e|f)"
    parse_phrase(" ".join([words] * 8) + " {0,3} x {0,3} y")
    # prefixes can overlap, so they do count
    with pytest.raises(PhraseError, match="ways at one position"):
        parse_phrase(" ".join(["(a*|ab*|abc*)"] * 11))
