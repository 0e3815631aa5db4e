"""``stances check``: validate the rules and run their examples."""
from __future__ import annotations

import json
import sys

import click

from ..check import run_examples
from ..model import RuleError
from ..rules import load_rules
from ._app import EXIT_BAD_INPUT, EXIT_FAILED, main

RULES_OPTION = click.option("--rules", "rules_dir", default="rules", show_default=True,
                            type=click.Path(file_okay=False), help="Rules folder.")


def load_rules_or_exit(rules_dir: str):
    """Load a rule set; on problems print each as ``path:line:col: CODE message`` and exit 2."""
    try:
        return load_rules(rules_dir)
    except RuleError as exc:
        for p in exc.problems:
            click.echo(str(p), err=True)
        n = len(exc.problems)
        click.echo(f"stances: {n} problem{'s' if n != 1 else ''} in {rules_dir}", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@RULES_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json for machines).")
def check(rules_dir, fmt):
    """Validate every rule file and run every rule's examples.

    Problems are reported all at once as path:line:col: CODE message.
    Exit status: 0 all examples pass, 1 an example fails, 2 the rules are invalid.

    \b
    Example:
      stances check --rules rules/
    """
    rs = load_rules_or_exit(rules_dir)
    report = run_examples(rs)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for r in report.failures:
            kind = "match" if r.should_match else "no_match"
            click.echo(f"{r.location}: FAIL {r.rule} ({kind} example)")
            click.echo(f"    sentence: {r.text}")
            click.echo(f"    expected: {r.expected}")
            click.echo(f"    got:      {r.got}")
        click.echo(f"rules {rules_dir} (version {report.version}): {report.actors} actors, "
                   f"{report.people} people, {report.issues} issues, {report.rules} rules; "
                   f"examples {report.passed}/{len(report.results)} passed")
    sys.exit(EXIT_FAILED if report.failures else 0)
