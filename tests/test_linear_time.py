"""No rule or text can make matching super-linear.

Python's ``re`` backtracks, so linearity rests on three properties, each
checked here without timing anything:

1. the phrase language bounds the ambiguity of a phrase at compile time
   (at most ``MAX_PATHS`` ways to match at one position, gaps of at most
   ``MAX_GAP`` words, at most ``MAX_GAPS`` gaps, no leading or trailing gap), so
   one match attempt costs a bounded amount of work and spans a bounded
   number of tokens;
2. the article is scanned once by the trigger regex, and each triggered
   pattern runs once per sentence however many of its trigger words the
   sentence holds;
3. hence the work, counted as (pattern runs x tokens they scan) plus the
   characters scanned for triggers, grows in proportion to the text: 8 times
   the text, 8 times the work, for adversarial rules and adversarial text.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from stances.extract import analyse
from stances.matcher import Matcher
from stances.model import Article
from stances.phrase import MAX_GAP, MAX_GAPS, MAX_PATHS, Alt, Gap, Opt, PhraseError, Ref, Word, parse_phrase
from stances.rules import load_rules
from stances.text import fold, token_string, tokenize

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "rules_min"

# Accepted, but as ambiguous as the language allows: nested optionals, overlapping
# alternatives and maximal gaps over one repeated word.
ADVERSARIAL = [
    "a {0,8} a {0,8} a {0,8} b",
    "(a|a a|a a a) {0,8} (a|a a) [a] [a] [a] c",
    "a [a] [a] [a] [a] [a] [a] [a] [a] [a] d",
    "(a|a a) (a|a a) (a|a a) (a|a a) (a|a a) e",
    "a* {1,8} a* {1,8} <ANY> f",
]


def max_tokens(items) -> int:
    """The most tokens a match of *items* can span (placeholders excluded)."""
    total = 0
    for it in items:
        if isinstance(it, Word):
            total += 1
        elif isinstance(it, Gap):
            total += it.high
        elif isinstance(it, Opt):
            total += max_tokens(it.items)
        elif isinstance(it, Alt):
            total += max(max_tokens(o) for o in it.options)
        elif isinstance(it, Ref):
            total += 8  # actor names of the fixture are short; bound used only for a sanity check
    return total


@pytest.mark.parametrize("phrase", [
    "a " + " ".join("[a]" for _ in range(18)) + " b",  # 2**18 ways
    "a {0,9} b",
    "a {0,1} b {0,1} c {0,1} d {0,1} e",
    "{0,2} a",
    "a {0,2}",
    " ".join("(a|a a|a a a)" for _ in range(11)),  # 3**11 ways
])
def test_the_language_refuses_unbounded_ambiguity(phrase):
    with pytest.raises(PhraseError):
        parse_phrase(phrase)


def test_limits_are_what_the_docs_say():
    assert (MAX_GAP, MAX_GAPS) == (8, 3)
    assert MAX_PATHS <= 100_000


@pytest.fixture(scope="module")
def adversarial_rules(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    shutil.copytree(FIXTURE, d / "r")
    rules = [{"id": f"adv.r{i}", "stance": "support", "phrases": [p]} for i, p in enumerate(ADVERSARIAL)]
    (d / "r" / "issues" / "adv.yaml").write_text(yaml.safe_dump(
        {"issue": "adv", "title": "Adversarial", "proposition": "P.", "rules": rules}, sort_keys=False),
        encoding="utf-8")
    return load_rules(d / "r")


def test_a_match_spans_a_bounded_number_of_tokens(adversarial_rules):
    m = adversarial_rules.matcher
    text = " ".join(["a"] * 400 + ["b", "c", "d", "e"])
    toks = tokenize(fold(text), text)
    ts, starts = token_string(toks)
    for pat in m.patterns:
        if pat.kind != "rule" or pat.owner.issue != "adv":
            continue
        bound = max_tokens(pat.owner.phrases[0][1])
        for h in m.run(ts, starts, [pat.index]):
            assert 0 < h.end - h.start <= bound


class _Counter:
    """Counts the work of the one-pass matcher: characters scanned and (pattern, token) attempts."""

    def __init__(self, monkeypatch):
        self.scanned = 0
        self.attempts = 0
        self.runs = 0
        scan, run = Matcher.scan, Matcher.run
        counter = self

        def counting_scan(self, folded, sentence_starts):
            counter.scanned += len(folded)
            return scan(self, folded, sentence_starts)

        def counting_run(self, ts, starts, pattern_ids):
            ids = list(pattern_ids)
            counter.runs += len(ids)
            counter.attempts += len(ids) * len(starts)
            return run(self, ts, starts, ids)

        monkeypatch.setattr(Matcher, "scan", counting_scan)
        monkeypatch.setattr(Matcher, "run", counting_run)

    @property
    def work(self):
        return self.scanned + self.attempts


def _work(rs, text, monkeypatch):
    with monkeypatch.context() as mp:
        c = _Counter(mp)
        analyse(Article("adv", text), rs)
    return c


@pytest.mark.parametrize("make_text", [
    # one endless sentence of the word every adversarial rule is built from, with
    # the final (trigger) words of the rules sprinkled in
    lambda k: " ".join(("a " * 49) + "bcdef"[i % 5] for i in range(40 * k)),
    # many sentences, each full of trigger words and near misses
    lambda k: " ".join("Egypt said a a a a a a a a a a a a b c d e Haftar a a a." for _ in range(100 * k)),
    # a sentence that repeats one trigger word thousands of times
    lambda k: "Turkey urged " + " ".join(["ceasefire truce"] * (500 * k)) + ".",
], ids=["one-long-sentence", "many-sentences", "repeated-triggers"])
def test_work_grows_linearly_with_the_text(adversarial_rules, monkeypatch, make_text):
    small = _work(adversarial_rules, make_text(1), monkeypatch)
    large = _work(adversarial_rules, make_text(8), monkeypatch)
    assert small.runs > 0
    ratio = large.work / small.work
    assert 6 <= ratio <= 10, ratio


def test_each_triggered_pattern_runs_once_per_sentence(adversarial_rules, monkeypatch):
    # 1,000 occurrences of a trigger word in one sentence: each pattern still runs once there
    text = "Turkey urged " + " ".join(["ceasefire"] * 1000) + "."
    c = _work(adversarial_rules, text, monkeypatch)
    assert c.runs <= len(adversarial_rules.matcher.patterns)
