"""``stances check``: validate the rules and run their examples."""
from __future__ import annotations

import json
import sys

import click

from ._app import EXIT_BAD_INPUT, EXIT_FAILED, main, plural
from ._inputs import load_rules_or_exit
from ._options import option

#: ``--rules`` as every command declares it (kept under this name for the command modules).
RULES_OPTION = option("--rules")


def ruleset_name(rs, rules_dir) -> str:
    """The rule set's name (``RuleSet.name`` when it has one, else its folder)."""
    return str(getattr(rs, "name", None) or rules_dir)


@main.command()
@RULES_OPTION
@option("--format", choices=("text", "json"), default="text", show_default=True,
        help="+json: one JSON object for machines, also when the rules are invalid.")
def check(rules_dir, fmt):
    """Validate every rule file and run every rule's examples.

    Problems are reported all at once as path:line:col: CODE message.
    Exit status: 0 all examples pass, 1 an example fails, 2 the rules are invalid.

    \b
    Example:
      stances check --rules rules/
    """
    from ..check import run_examples
    from ..model import RuleError
    from ..rules import load_rules

    if fmt == "json":
        try:
            rs = load_rules(rules_dir)
        except RuleError as exc:
            problems = [{"path": p.path, "line": p.line, "col": p.col, "code": p.code, "message": p.message}
                        if hasattr(p, "code") else {"message": str(p)} for p in exc.problems]
            click.echo(json.dumps({"rules": str(rules_dir), "valid": False, "problems": problems},
                                  indent=2, ensure_ascii=False))
            sys.exit(EXIT_BAD_INPUT)
        report = run_examples(rs)
        out = {"rules": str(rules_dir), "name": ruleset_name(rs, rules_dir), "valid": True, "problems": []}
        out.update(report.as_dict())
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FAILED if report.failures else 0)
    rs = load_rules_or_exit(rules_dir)
    report = run_examples(rs)
    for r in report.failures:
        kind = "match" if r.should_match else "no_match"
        click.echo(f"{r.location}: FAIL {r.rule} ({kind} example)")
        click.echo(f"    sentence: {r.text}")
        click.echo(f"    expected: {r.expected}")
        click.echo(f"    got:      {r.got}")
    name = ruleset_name(rs, rules_dir)
    where = "" if name == str(rules_dir) else f" ({rules_dir})"
    click.echo(f"rule set {name}{where}, version {report.version}: {plural(report.actors, 'actor')}, "
               f"{plural(report.people, 'person', 'people')}, {plural(report.issues, 'issue')}, "
               f"{plural(report.rules, 'rule')}; examples {report.passed:,}/{len(report.results):,} passed")
    sys.exit(EXIT_FAILED if report.failures else 0)


__all__ = ["check", "RULES_OPTION", "load_rules_or_exit", "ruleset_name"]
