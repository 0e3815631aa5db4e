"""The one-pass matcher finds exactly what a straightforward reference matcher finds.

The one-pass path is: one trie-shaped regex over the folded article finds
trigger words, only triggered patterns run, each as a compiled regex over a
sentence's token string. The reference tries every phrase at every token
position with a naive recursive matcher over the tokens. On seeded random
phrases (words, prefixes, capitals-only acronyms, alternatives, optional
words, gaps) and seeded random texts, the two must agree exactly:
``finditer`` semantics (leftmost match, then continue after it) applied to the
reference's match sets must give the one-pass matcher's hits, sentence by
sentence.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from stances.phrase import Alt, Gap, Opt, PhraseError, Word, parse_phrase
from stances.rules import load_rules
from stances.text import fold, split_sentences, token_string, tokenize

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "rules_min"

PHRASE_WORDS = ["ab", "abc", "b", "ba", "cab", "un", "UN", "nato", "NATO", "x", "ab*", "c*", "ba*", "zz"]
TEXT_WORDS = ["ab", "abc", "abx", "b", "ba", "bab", "cab", "d", "un", "UN", "Un", "nato", "NATO", "x", "zz",
              "q", "the"]


# ----------------------------------------------------------------------------- reference
def ref_ends(items, toks, i) -> set:
    """All token positions where *items* can end when started at token *i*."""
    ends = {i}
    for it in items:
        nxt = set()
        for j in ends:
            nxt |= _item_ends(it, toks, j)
        ends = nxt
        if not ends:
            break
    return ends


def _item_ends(it, toks, j) -> set:
    n = len(toks)
    if isinstance(it, Word):
        if j >= n:
            return set()
        norm, caps = toks[j]
        if it.prefix:
            ok = norm.startswith(it.text)
        else:
            ok = norm == it.text and (caps or not it.caps)
        return {j + 1} if ok else set()
    if isinstance(it, Gap):
        return {j + k for k in range(it.low, it.high + 1) if j + k <= n}
    if isinstance(it, Opt):
        return {j} | ref_ends(it.items, toks, j)
    if isinstance(it, Alt):
        out = set()
        for o in it.options:
            out |= ref_ends(o, toks, j)
        return out
    raise AssertionError(f"unexpected item {it!r}")


# ----------------------------------------------------------------------------- generation
def random_phrase(rng: random.Random) -> str:
    parts = []
    n = rng.randint(1, 5)
    gaps = 0
    for k in range(n):
        r = rng.random()
        if r < 0.5:
            parts.append(rng.choice(PHRASE_WORDS))
        elif r < 0.7:
            opts = [" ".join(rng.choice(PHRASE_WORDS) for _ in range(rng.randint(1, 2)))
                    for _ in range(rng.randint(2, 3))]
            parts.append("(" + "|".join(opts) + ")")
        elif r < 0.85:
            opts = [" ".join(rng.choice(PHRASE_WORDS) for _ in range(rng.randint(1, 2)))
                    for _ in range(rng.randint(1, 2))]
            parts.append("[" + "|".join(opts) + "]")
        else:
            parts.append(rng.choice(PHRASE_WORDS))
        if k < n - 1 and gaps < 3 and rng.random() < 0.25:
            lo = rng.randint(0, 2)
            parts.append("{%d,%d}" % (lo, lo + rng.randint(0, 3)) if rng.random() < 0.7 else "{%d}" % (lo + 1))
            gaps += 1
    return " ".join(parts)


def random_text(rng: random.Random, n_sentences: int) -> str:
    sents = []
    for _ in range(n_sentences):
        words = [rng.choice(TEXT_WORDS) for _ in range(rng.randint(1, 25))]
        sents.append("Q " + " ".join(words) + ".")  # "Q" starts each sentence so boundaries are found
    return " ".join(sents)


def build_rules(tmp: Path, phrases: list[str]) -> Path:
    d = tmp / "rules"
    if d.exists():
        shutil.rmtree(d)
    (d / "issues").mkdir(parents=True)
    shutil.copy(FIXTURE / "lexicon.yaml", d / "lexicon.yaml")
    (d / "actors.yaml").write_text(
        "actors:\n  - {id: QQQ, name: Qqqqqq, kind: state}\npeople: []\n", encoding="utf-8")
    rules = [{"id": f"t.r{i}", "stance": "support", "phrases": [p]} for i, p in enumerate(phrases)]
    (d / "issues" / "t.yaml").write_text(yaml.safe_dump(
        {"issue": "t", "title": "T", "proposition": "P.", "rules": rules}, sort_keys=False), encoding="utf-8")
    return d


def _compare(rs, text: str) -> int:
    """Compare one-pass hits with the reference on *text*; return the number of hits checked."""
    m = rs.matcher
    folded = fold(text)
    spans = split_sentences(text)
    starts_of = [s for s, _ in spans]
    triggered = m.scan(folded, starts_of)
    rule_patterns = [p for p in m.patterns if p.kind == "rule"]
    checked = 0
    for si, (a, b) in enumerate(spans):
        toks = tokenize(folded, text, a, b)
        ts, starts = token_string(toks)
        pairs = [(t.norm, t.caps) for t in toks]
        hits = m.run(ts, starts, triggered.get(si, ()))
        for pat in rule_patterns:
            got = [(h.start, h.end) for h in hits if h.pattern.index == pat.index]
            items = pat.owner.phrases[0][1]
            ends = [ref_ends(items, pairs, i) - {i} for i in range(len(pairs) + 1)]
            # finditer: leftmost start with a (non-empty) match, take the matcher's end, go on from there
            pos = 0
            for start, end in got:
                expected = next((i for i in range(pos, len(pairs) + 1) if ends[i]), None)
                assert start == expected, (pat.text, text[a:b], got)
                assert end in ends[start], (pat.text, text[a:b], got, ends[start])
                pos = end
                checked += 1
            rest = [i for i in range(pos, len(pairs) + 1) if ends[i]]
            assert not rest, f"missed a match of {pat.text!r} at token {rest[0]} in {text[a:b]!r}"
    return checked


@pytest.mark.parametrize("seed", range(6))
def test_one_pass_matcher_agrees_with_the_reference(tmp_path, seed):
    rng = random.Random(seed)
    phrases = []
    while len(phrases) < 40:
        p = random_phrase(rng)
        try:
            parse_phrase(p)
        except PhraseError:
            continue
        phrases.append(p)
    rs = load_rules(build_rules(tmp_path, phrases))
    assert len(rs.rules) == 40
    checked = 0
    for _ in range(25):
        checked += _compare(rs, random_text(rng, rng.randint(1, 6)))
    assert checked > 50  # the texts really exercise the phrases


def test_reference_itself_on_known_cases():
    toks = [("call", False), ("for", False), ("a", False), ("truce", False), ("un", True)]
    assert ref_ends(parse_phrase("call* for [a] truce"), toks, 0) == {4}
    assert ref_ends(parse_phrase("call* {1,3} truce"), toks, 0) == {4}
    assert ref_ends(parse_phrase("UN"), toks, 4) == {5}
    assert ref_ends(parse_phrase("UN"), [("un", False)], 0) == set()
    assert ref_ends(parse_phrase("un"), [("un", True)], 0) == {1}
