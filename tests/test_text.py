"""Folding, tokens, sentences and quotations."""
import pytest
from hypothesis import given, settings, strategies as st

from stances.text import find_quotes, fold, split_sentences, tokenize


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_fold_keeps_length_and_strips_accents():
    for t in ["Mevlüt Çavuşoğlu", "İSTANBUL", "“quoted” — ‘single’", "Straße", "ǅ"]:
        assert len(fold(t)) == len(t)
    assert fold("Mevlüt Çavuşoğlu") == "mevlut cavusoglu"
    assert fold("“a” ‘b’") == "\"a\" 'b'"


def test_tokens_acronyms_clitics_and_caps():
    t = "The U.S. and UN don't back Haftar’s forces"
    toks = tokenize(fold(t), t)
    assert [x.norm for x in toks] == ["the", "us", "and", "un", "do", "n't", "back", "haftar", "'s", "forces"]
    assert [x.caps for x in toks][:4] == [False, True, False, True]
    assert all(t[x.start:x.end] for x in toks)


def test_abbreviations_do_not_end_sentences():
    t = ("Gen. Khalifa Haftar met Mr. Smith and Dr. Jones at the U.N. headquarters. "
         "J. R. Ewing said growth was 3.5 percent. The U.S. envoy left.")
    assert sentences(t) == [
        "Gen. Khalifa Haftar met Mr. Smith and Dr. Jones at the U.N. headquarters.",
        "J. R. Ewing said growth was 3.5 percent.",
        "The U.S. envoy left.",
    ]


def test_sentences_paragraphs_and_lines():
    t = "Headline without stop\n\nFirst sentence. Second one!\nThird? Yes.\n\n“Quoted.” He left."
    assert sentences(t) == ["Headline without stop", "First sentence.", "Second one!", "Third?",
                            "Yes.", "“Quoted.”", "He left."]


def test_hard_wrapped_lines_continue_the_sentence():
    line = "This is a long line of a hard-wrapped article that keeps going past seventy"
    t = line + "\ncharacters and only ends here."
    assert sentences(t) == [line + "\ncharacters and only ends here."]


def test_quotes_across_sentences_and_paragraphs():
    t = ('He said: “We want peace. We want it now.” Then he left.\n\n'
         '“The first part of a long quote\n\n“goes on here,” she added.')
    qs = find_quotes(t)
    assert t[qs[0].start:qs[0].end] == "We want peace. We want it now."
    assert qs[0].closed and not qs[0].continues
    assert not qs[1].closed  # ran to the end of its paragraph
    assert qs[2].continues and t[qs[2].start:qs[2].end] == "goes on here,"


def test_straight_quotes_and_unbalanced_marks():
    t = 'Officials said "the talks failed" and left. A stray " mark; "another'
    qs = find_quotes(t)
    assert t[qs[0].start:qs[0].end] == "the talks failed"
    assert len(find_quotes("“" * 5000 + "x" + "”" * 3000)) >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_sentence_spans_cover_the_text_in_order(text):
    spans = split_sentences(text)
    pos = 0
    for s, e in spans:
        assert pos <= s < e <= len(text)
        assert text[pos:s].strip() == ""
        pos = e
    assert text[pos:].strip() == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fold_is_length_preserving_and_quotes_stay_in_bounds(text):
    assert len(fold(text)) == len(text)
    for q in find_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_overlong_sentences_are_cut_into_bounded_pieces():
    from stances.text import MAX_SENTENCE_CHARS

    text = ("word, " * 5000) + "end"
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    solid = "x" * (3 * MAX_SENTENCE_CHARS + 5)
    assert [e - s for s, e in split_sentences(solid)] == [MAX_SENTENCE_CHARS] * 3 + [5]


# A run of sentence-final punctuation with no white space after it: the boundary scan used to
# restart inside the run at every character (20 KB of dots took 14 s, 30 KB never finished).
# 300 KB of each below would take hours that way; a linear scan takes milliseconds.
@pytest.mark.parametrize("mark", [".", "!", "?", ".!?", '."'])
def test_a_flood_of_punctuation_is_split_in_one_pass(mark):
    text = "Turkey spoke " + mark * (300_000 // len(mark)) + "x and left. Egypt agreed."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans][-1] == "Egypt agreed."
    assert all(e - s <= 3000 for s, e in spans)
    covered = "".join("".join(text[s:e].split()) for s, e in spans)
    assert covered == "".join(text.split())  # every non-space character, once, in order


def test_punctuation_runs_still_end_sentences():
    t = 'He left!!! "Why?!" she asked... Then: nothing.'
    assert [t[s:e] for s, e in split_sentences(t)] == ['He left!!!', '"Why?!" she asked...',
                                                      'Then: nothing.']
