"""``stances check``: validate the rules and run their examples."""
from __future__ import annotations

import json
import sys

import click

from ..check import run_examples
from ..model import RuleError
from ..rules import load_rules
from ._app import EXIT_BAD_INPUT, EXIT_FAILED, fail, main

RULES_OPTION = click.option(
    "--rules", "rules_dir", default="rules", show_default=True, type=click.Path(file_okay=False),
    help="Rule set: a folder (rules/libya, rules/ukraine), a folder of rule sets whose index.yaml "
         "names the default, or a bundled rule set's name.")


def describe_rules(rs) -> str:
    """One line naming a loaded rule set: ``libya (rules/libya, version 1a2b3c4d5e6f)``."""
    return f"{rs.name} ({rs.path}, version {rs.version})"


def load_rules_or_exit(rules_dir: str, announce: bool = True):
    """Load a rule set; on problems print each as ``path:line:col: CODE message`` and exit 2.

    With *announce*, say on stderr which rule set is used (``stances: rules: libya (...)``).
    """
    try:
        rs = load_rules(rules_dir)
        if announce:
            click.echo(f"stances: rules: {describe_rules(rs)}", err=True)
        return rs
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
    rs = load_rules_or_exit(rules_dir, announce=False)
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
        click.echo(f"rules {describe_rules(rs)}: {report.actors} actors, "
                   f"{report.people} people, {report.issues} issues, {report.rules} rules, "
                   f"{len(rs.targets)} targets, {len(rs.lexicon.classes)} classes; "
                   f"examples {report.passed}/{len(report.results)} passed")
    sys.exit(EXIT_FAILED if report.failures else 0)


@main.command()
@click.argument("dest", default="rules", type=click.Path(file_okay=False))
@click.option("--conflict", default=None, metavar="NAME",
              help="The bundled rule set to copy (libya, ukraine); the default one when omitted.")
def init(dest, conflict):
    """Copy a bundled rule set into DEST for editing (never overwrites).

    DEST receives the conflict's folder, the shared folders it builds on and an
    index.yaml naming it as the default, so `stances check --rules DEST` works
    on the copy. Start a new conflict by copying one and editing its
    conflict.yaml, actors.yaml and issues/ (see docs/rules.md).

    \b
    Example:
      stances init myrules --conflict ukraine
      stances check --rules myrules
    """
    from ..bundled import init_rules

    try:
        written = init_rules(dest, conflict)
    except (FileExistsError, ValueError) as exc:
        fail(str(exc))
    for folder in written:
        click.echo(f"wrote {folder}")
    click.echo(f"stances: edit the rules in {dest}, then run: stances check --rules {dest}")
