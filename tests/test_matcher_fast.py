"""The fast matcher structures find exactly what the plain ones find.

* :func:`stances.matcher.token_regex` (alternatives grouped by first character and
  anchored on it) matches exactly what ``(?<= )(?:e1|e2|...)`` of the same phrases
  matches, on seeded random phrases and token strings;
* :meth:`Matcher.scan` (requirement ids tested once per sentence) triggers exactly the
  patterns of the plain confirm step (every required word of every pattern tested as a
  substring of the sentence), on generated articles of both benchmark profiles, with the
  shipped rules and with a generated 400-rule set.
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


def _plain_scan(m, folded: str, starts: list[int]) -> dict:
    """The confirm step before optimisation: each pattern, each required word, as substrings."""
    out: dict = {}
    n = len(starts)
    for i in range(n):
        a, b = starts[i], starts[i + 1] if i + 1 < n else len(folded)
        pats = set()
        for w in set(m.prefilter.findall(folded, a, b)):
            pats |= m._lookup(w)
        sub = folded[a:b]
        keep = set()
        for p in pats:
            req = m._confirm.get(p)
            if req is None or all(any(w in sub for w in m._req_words[r]) for r in req):
                keep.add(p)
        if keep:
            out[i] = keep
    for i in range(n):
        if m._always:
            out.setdefault(i, set()).update(m._always)
    return out


@pytest.fixture(scope="module")
def rule_sets(tmp_path_factory):
    from corpus import write_rule_variant

    big = write_rule_variant(ROOT / "rules", tmp_path_factory.mktemp("rules") / "r400", 400, seed=2)
    return {"shipped": load_rules(ROOT / "rules"), "400 rules": load_rules(big)}


@pytest.mark.parametrize("profile", ["sparse", "dense"])
@pytest.mark.parametrize("which", ["shipped", "400 rules"])
def test_scan_triggers_exactly_what_the_plain_confirm_step_triggers(rule_sets, profile, which):
    from corpus import PROFILES

    rs = rule_sets[which]
    m = rs.matcher
    gen = PROFILES[profile](rs, seed=11)
    total = 0
    for i in range(40):
        _meta, body = gen.article(i)
        clean = clean_text(body)
        folded = fold(clean)
        starts = [s for s, _ in split_sentences(clean)]
        got = m.scan(folded, starts)
        assert got == _plain_scan(m, folded, starts)
        total += sum(len(v) for v in got.values())
    assert total > 100


def test_a_matcher_loaded_from_the_cache_runs_exactly_the_compiled_regexes(rule_sets):
    """The rule-set cache carries each regex's compiled code; rebuilt from it, every regex
    is the one ``re.compile`` gives (same source, flags and groups, same matches), and the
    cached matcher extracts exactly what a freshly built one does."""
    import pickle

    from corpus import PROFILES

    from stances import extract as E
    from stances import matcher as M

    rs = rule_sets["shipped"]
    fresh = pickle.loads(pickle.dumps(rs))  # a matcher rebuilt without the cache's code
    fresh.__dict__.pop("matcher", None)
    rs.matcher.precompile()
    restored = pickle.loads(pickle.dumps(rs))
    assert restored.matcher._codes, "CPython keeps the compiled code"
    gen = PROFILES["dense"](rs, seed=5)
    samples = [clean_text(gen.article(i)[1]) for i in range(6)]
    token_strings = [token_string(tokenize(fold(t), t))[0] for t in samples]
    for pat in restored.matcher.patterns[::7]:
        got, want = M._compile.__wrapped__(pat.source), re.compile(pat.source)
        assert (got.pattern, got.flags, got.groups, got.groupindex) == (want.pattern, want.flags, want.groups,
                                                                        want.groupindex)
        for ts in token_strings:
            assert [m.span() for m in got.finditer(ts)] == [m.span() for m in want.finditer(ts)]
    import datetime as dt

    from stances.model import Article

    found = 0
    for i, text in enumerate(samples):
        art = Article(f"d{i}", text, dt.date(2020, 6, 1))
        got = E.extract_article(art, restored)
        assert got == E.extract_article(art, fresh)
        found += len(got)
    assert found > 5


def test_a_damaged_compiled_code_falls_back_to_compiling_the_source():
    from stances import matcher as M

    source = r"(?<= )(?:cease ?fire|truce) "
    rec = M._sre_record(source)
    assert rec is not None
    M._CODES[source] = (rec[0], b"not zlib", *rec[2:])
    try:
        rx = M._compile.__wrapped__(source)
    finally:
        del M._CODES[source]
    assert rx.pattern == source and rx.findall(" agreed a truce now ") == ["truce "]
