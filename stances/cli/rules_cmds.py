"""``stances check`` (validate the rules and run their examples) and ``stances init`` (copy a bundled rule set)."""
from __future__ import annotations

import json
import sys

import click

from ._app import EXIT_BAD_INPUT, EXIT_FAILED, fail, main, plural
from ._inputs import describe_rules, load_rules_or_exit
from ._options import option

#: ``--rules`` as every command declares it (kept under this name for the command modules).
RULES_OPTION = option("--rules")


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
        out = {"rules": str(rules_dir), "name": getattr(rs, "name", None), "valid": True, "problems": []}
        out.update(report.as_dict())
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FAILED if report.failures else 0)
    rs = load_rules_or_exit(rules_dir, announce=False)
    report = run_examples(rs)
    for r in report.failures:
        kind = "match" if r.should_match else "no_match"
        click.echo(f"{r.location}: FAIL {r.rule} ({kind} example)")
        click.echo(f"    sentence: {r.text}")
        click.echo(f"    expected: {r.expected}")
        click.echo(f"    got:      {r.got}")
    click.echo(f"rules {describe_rules(rs)}: {plural(report.actors, 'actor')}, "
               f"{plural(report.people, 'person', 'people')}, {plural(report.issues, 'issue')}, "
               f"{plural(report.rules, 'rule')}, {plural(len(rs.targets), 'target')}, "
               f"{plural(len(rs.lexicon.classes), 'class', 'classes')}; "
               f"examples {report.passed:,}/{len(report.results):,} passed")
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


__all__ = ["check", "init", "RULES_OPTION", "load_rules_or_exit", "describe_rules"]
