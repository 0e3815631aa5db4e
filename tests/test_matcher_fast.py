"""The fast matcher structures find exactly what the plain ones find.

* :func:`stances.matcher.token_regex` (alternatives grouped by first character and
  anchored on it) matches exactly what ``(?<= )(?:e1|e2|...)`` of the same phrases
  matches, on seeded random phrases and token strings;
* :meth:`Matcher.scan` (requirements confirmed by the words the scan finds whole) never
  drops a pattern whose regex matches the sentence, and rejects most of the patterns the
  sentence's trigger words start: on generated articles of both benchmark profiles, with
  the shipped rules and with a generated 400-rule set, and on random phrases over text
  with clitics, underscores and dotted acronyms (tokens not delimited like words).
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from stances.clean import clean_text
from stances.matcher import token_regex
from stances.phrase import PhraseError, parse_phrase, phrase_regex
from stances.rules import load_rules
from stances.text import fold, split_sentences, token_string, tokenize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

WORDS = ["ab", "abc", "b", "ba", "cab", "un", "UN", "nato", "x", "ab*", "c*", "ba*", "zz", "'s", "n't", "é",
         "ça", "q1", "2020"]
TEXT = ["ab", "abc", "abx", "b", "ba", "bab", "cab", "d", "un", "UN", "Un", "nato", "NATO", "x", "zz", "q",
        "the", "'s", "n't", "ça", "é", "q1", "2020", "U.N."]


def _phrase(rng) -> str:
    parts = []
    for k in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(WORDS))
        elif r < 0.75:
            parts.append("(" + "|".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
                                       for _ in range(rng.randint(2, 4))) + ")")
        elif r < 0.9 and k:
            parts.append("[" + rng.choice(WORDS) + "]")
        else:
            parts.append(rng.choice(WORDS))
        if k and rng.random() < 0.15:
            parts.append("{0,2}")
    return " ".join(parts)


def _items(rng):
    while True:
        # a leading optional word, now and then: no first character to anchor on
        text = ("[zz] " if rng.random() < 0.1 else "") + _phrase(rng)
        try:
            return parse_phrase(text)
        except PhraseError:
            continue


@pytest.mark.parametrize("seed", range(6))
def test_token_regex_matches_exactly_the_plain_alternation(seed):
    rng = random.Random(seed)
    checked = 0
    for _ in range(150):
        entries = [_items(rng) for _ in range(rng.randint(1, 12))]
        plain = re.compile(r"(?<= )(?:" + "|".join(phrase_regex(e, None) for e in entries) + ")")
        fast = re.compile(token_regex(entries, None))
        for _ in range(8):
            text = " ".join(rng.choice(TEXT) for _ in range(rng.randint(0, 30)))
            ts, _starts = token_string(tokenize(fold(text), text))
            want = [m.span() for m in plain.finditer(ts)]
            assert [m.span() for m in fast.finditer(ts)] == want, (entries, ts)
            checked += len(want)
    assert checked > 500  # the phrases do match: the comparison is not vacuous


def _triggered(m, folded: str, clean: str, a: int, b: int) -> set:
    """The patterns the trigger words of a sentence's tokens start, before any confirm step."""
    pats = set(m._always)
    for t in tokenize(folded, clean, a, b):
        pats |= m._lookup(t.norm)
    return pats


@pytest.fixture(scope="module")
def rule_sets(tmp_path_factory):
    from corpus import write_rule_variant

    big = write_rule_variant(ROOT / "rules", tmp_path_factory.mktemp("rules") / "r400", 400, seed=2)
    return {"shipped": load_rules(ROOT / "rules"), "400 rules": load_rules(big)}


def _assert_scan_sound(m, folded: str, clean: str, spans: list) -> tuple[int, int]:
    """Check one article's scan: every pattern whose regex matches a sentence is kept, and
    the confirm step drops some that its tokens trigger. Returns (kept, dropped)."""
    starts = [s for s, _ in spans]
    got = m.scan(folded, starts)
    kept = dropped = 0
    for i, (a, b) in enumerate(spans):
        g = got.get(i, set())
        ts, _ = token_string(tokenize(folded, clean, a, b))
        matching = {p.index for p in m.patterns if p.regex.search(ts)}
        assert matching <= g, (folded[a:b], [m.patterns[p].text for p in matching - g])
        kept += len(g)
        dropped += len(_triggered(m, folded, clean, a, b) - g)
    return kept, dropped


@pytest.mark.parametrize("profile", ["sparse", "dense"])
@pytest.mark.parametrize("which", ["shipped", "400 rules"])
def test_scan_keeps_every_pattern_that_matches_and_drops_most_it_cannot(rule_sets, profile, which):
    from corpus import PROFILES

    rs = rule_sets[which]
    m = rs.matcher
    gen = PROFILES[profile](rs, seed=11)
    kept = dropped = 0
    for i in range(40 if profile == "dense" else 15):  # sparse articles are long, their sentences few-phrased
        _meta, body = gen.article(i)
        clean = clean_text(body)
        k, d = _assert_scan_sound(m, fold(clean), clean, split_sentences(clean))
        kept, dropped = kept + k, dropped + d
    assert kept > 100
    assert dropped > kept  # the confirm step rejects most of what the trigger words start


#: Text where a token is not a whole word of the scan: clitics, underscores, acronyms.
HOSTILE = TEXT + ["doesn't", "abn't", "isn't", "ab_c", "x_ab", "_un", "nato_", "U.N.'s", "cab's", "a.b.",
                  "NATO's", "Ab_UN"]


@pytest.mark.parametrize("seed", range(4))
def test_scan_keeps_every_matching_random_phrase_on_text_with_clitics_and_underscores(tmp_path, seed):
    import shutil

    import yaml

    rng = random.Random(seed)
    d = tmp_path / "rules"
    shutil.copytree(ROOT / "tests" / "fixtures" / "rules_min", d)
    phrases = set()
    while len(phrases) < 60:
        try:
            text = _phrase(rng)
            parse_phrase(text)
        except PhraseError:
            continue
        phrases.add(text)
    rules = [{"id": f"random.r{k}", "stance": "support", "phrases": [p]} for k, p in enumerate(sorted(phrases))]
    (d / "issues" / "random.yaml").write_text(yaml.safe_dump(
        {"issue": "random", "title": "Random", "proposition": "P.", "rules": rules}), encoding="utf-8")
    m = load_rules(d).matcher
    kept = 0
    for _ in range(300):
        text = ". ".join(" ".join(rng.choice(HOSTILE) for _ in range(rng.randint(1, 12)))
                         for _ in range(rng.randint(1, 4))) + "."
        kept += _assert_scan_sound(m, fold(text), text, split_sentences(text))[0]
    assert kept > 300
