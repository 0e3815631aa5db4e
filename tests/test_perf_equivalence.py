"""The optimised extraction path gives exactly the output of the path before optimisation.

``tests/fixtures/perf_reference/*.json`` was written by the code before the
speed-ups of issue 15 (front-matter fast path, one tokenization per article,
the cheaper confirm step, anchored cue regexes), and is rewritten only for a
meant change of extraction, named in its commit (2026-12-03: lists such as
"the House of Representatives, the United States and Tunisia"), from seeded generated
articles of both benchmark profiles (``bench/corpus.py``: ``sparse`` wire copy
and ``dense`` conflict feed) and a frozen copy of the shipped rules
(``tests/fixtures/rules_perf``). For every article it holds what a user sees:
the article's metadata as read from its front matter, every mention and rule
match per sentence (``stances explain``) and every statement
(``stances extract``). Any difference is a change of behaviour, not a speed-up.

Run ``python tests/test_perf_equivalence.py`` to rewrite the reference (only
when extraction is meant to change, and say so in the commit).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "rules_perf"
REFERENCE = ROOT / "tests" / "fixtures" / "perf_reference"
sys.path.insert(0, str(ROOT / "bench"))

#: articles per profile in the reference
SIZES = {"sparse": 60, "dense": 100}


def _article_record(article, ruleset) -> dict:
    from stances.extract import analyse

    full = analyse(article, ruleset, trace=True)
    plain = analyse(article, ruleset)  # the path `stances extract` takes (no trace)
    st = [[s.start, s.end, s.actor, s.issue, s.position, s.score, s.rule, s.negated, s.holder_text,
           s.holder_via] for s in plain.statements]
    traced = [[s.start, s.end, s.actor, s.issue, s.position, s.score, s.rule, s.negated, s.holder_text,
               s.holder_via] for s in full.statements]
    sentences = []
    for t in full.sentences:
        if not t.mentions and not t.matches:
            continue
        sentences.append([
            t.start, t.end,
            [[m.kind, m.char_start, m.char_end, m.actor] for m in t.mentions],
            [[mt.rule.id, mt.char_start, mt.char_end, sorted({a for a, _, _ in mt.holders}), mt.negated,
              mt.hedge, mt.hypothetical] for mt in t.matches],
        ])
    return {
        "doc": article.doc, "date": article.date.isoformat() if article.date else None,
        "source": article.source, "title": article.title, "url": article.url,
        "meta": [list(kv) for kv in article.meta], "warnings": list(article.warnings),
        "chars": len(article.text), "statements": st, "traced_equal": st == traced,
        "sentences": sentences,
    }


def compute(profile: str, tmp: Path) -> list[dict]:
    """Write the seeded articles of *profile*, read them back and record the outputs."""
    from corpus import write_articles
    from stances.corpus import read_articles
    from stances.rules import load_rules

    rs = load_rules(RULES)
    folder = tmp / profile
    write_articles(folder, SIZES[profile], rs, seed=15, profile=profile)
    out = []
    for a in read_articles([folder]):
        assert hasattr(a, "text"), a
        out.append(_article_record(a, rs))
    return out


@pytest.mark.parametrize("profile", sorted(SIZES))
def test_same_output_as_before_the_speed_ups(profile, tmp_path):
    expected = json.loads((REFERENCE / f"{profile}.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(compute(profile, tmp_path)))  # tuples -> lists, as stored
    assert len(got) == len(expected)
    assert sum(len(r["statements"]) for r in expected) > (100 if profile == "dense" else 20)
    for g, e in zip(got, expected):
        assert g == e, f"{profile} article {e['doc']} differs from the reference"


if __name__ == "__main__":
    import tempfile

    REFERENCE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for p in sorted(SIZES):
            recs = compute(p, Path(d))
            text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in recs) + "\n]\n"
            (REFERENCE / f"{p}.json").write_text(text, encoding="utf-8")
            print(f"{p}: {len(recs)} articles, {sum(len(r['statements']) for r in recs)} statements")
