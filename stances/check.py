"""Run every rule's examples: the rule set tests itself."""
from __future__ import annotations

from dataclasses import dataclass, field

from .extract import analyse
from .model import Article

__all__ = ["ExampleResult", "CheckReport", "run_examples"]


@dataclass
class ExampleResult:
    """The outcome of one example of one rule."""

    rule: str
    text: str
    should_match: bool
    passed: bool
    expected: str
    got: str
    location: str


@dataclass
class CheckReport:
    """Counts of a rule set and the result of each example."""

    version: str
    actors: int
    people: int
    issues: int
    rules: int
    results: list = field(default_factory=list)

    @property
    def failures(self) -> list:
        return [r for r in self.results if not r.passed]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    def as_dict(self) -> dict:
        return {
            "rules_version": self.version, "actors": self.actors, "people": self.people,
            "issues": self.issues, "rules": self.rules, "examples": len(self.results),
            "passed": self.passed,
            "failures": [r.__dict__ for r in self.failures],
        }


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _describe(analysis) -> str:
    parts = []
    for st in analysis.sentences:
        for m in st.matches:
            holders = ",".join(sorted({a for a, _, _ in m.holders})) or f"no holder ({m.why})"
            neg = " negated" if m.negated else ""
            parts.append(f"{m.rule.id} -> {holders}{neg}")
    return "; ".join(parts) or "no rule fired"


def run_examples(ruleset) -> CheckReport:
    """Run the ``match`` / ``no_match`` examples of every rule of *ruleset*.

    A ``match`` example passes when the rule fires on it and, where the example
    says so, the holders (``actor``), the sign (``stance``) and ``negated`` are
    the ones expected. A ``no_match`` example passes when the rule does not fire.

    Parameters
    ----------
    ruleset : RuleSet

    Returns
    -------
    CheckReport
    """
    report = CheckReport(ruleset.version, len(ruleset.actors), len(ruleset.people),
                         len(ruleset.issues), len(ruleset.rules))
    owners = [(rule.id, rule.examples) for rule in ruleset.rules if rule.examples]
    owners += [(t.id, t.examples) for t in ruleset.targets]
    for rid, examples in owners:
        for ex in examples:
            report.results.append(_run_example(ruleset, rid, ex))
    for cls in ruleset.lexicon.classes.values():
        for ex in cls.examples:
            report.results.append(_run_class_example(ruleset, cls, ex))
    return report


def _run_example(ruleset, rid: str, ex) -> ExampleResult:
    """Run one example of the rule or target *rid*."""
    an = analyse(Article("example", ex.text, ex.date), ruleset, matches=True)
    fired = [m for st in an.sentences for m in st.matches if m.rule.id == rid]
    stmts = [s for s in an.statements if s.rule == rid]
    got = _describe(an)
    if not ex.should_match:
        passed = not fired
        expected = f"{rid} does not fire"
    else:
        passed = bool(fired)
        want = [f"{rid} fires"]
        if ex.actors is not None:
            want.append("holders " + ",".join(ex.actors))
            passed = passed and tuple(sorted({s.actor for s in stmts})) == tuple(ex.actors)
        if ex.stance is not None:
            want.append("stance " + ("support" if ex.stance > 0 else "oppose" if ex.stance < 0 else "neutral"))
            passed = passed and bool(stmts) and all(_sign(s.score) == _sign(ex.stance) for s in stmts)
        if ex.negated is not None:
            want.append("negated" if ex.negated else "not negated")
            passed = passed and bool(stmts) and all(s.negated == ex.negated for s in stmts)
        expected = ", ".join(want)
    return ExampleResult(rid, ex.text, ex.should_match, passed, expected, got,
                         f"{ex.loc.path}:{ex.loc.line}")


def _run_class_example(ruleset, cls, ex) -> ExampleResult:
    """A class example passes when some phrase of the class is (match) or is not (no_match) in it."""
    from .text import fold, token_string, tokenize

    m = ruleset.matcher
    rx = m.class_regex(cls.name)
    clean = ex.text
    ts, starts = token_string(tokenize(fold(clean), clean))
    found = [ts[a:b].strip() for a, b in ((x.start(), x.end()) for x in rx.finditer(ts))]
    passed = bool(found) == ex.should_match
    expected = f"<{cls.name}> {'is' if ex.should_match else 'is not'} found"
    got = ("found " + ", ".join(repr(f) for f in found)) if found else "no phrase of the class found"
    return ExampleResult(f"<{cls.name}>", ex.text, ex.should_match, passed, expected, got,
                         f"{ex.loc.path}:{ex.loc.line}")
