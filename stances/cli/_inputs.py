"""Reading what commands take as input: statements behind ``--db``, the rule set behind ``--rules``.

``--db`` is read the same way by every command that reads statements: a
stances database, a statements file written by ``stances extract``, or a
Discourse Network Analyzer database. A path that does not exist is one error
everywhere.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..model import InputError

__all__ = ["missing_db", "read_statements_arg", "describe_rules", "load_rules_or_exit",
           "optional_rules", "actor_labels"]


def missing_db(db) -> InputError:
    """The one error for a ``--db`` that does not exist."""
    return InputError(str(db), "no such stances database or statements file "
                               f"(create one with: stances ingest PATH --db {db})")


def read_statements_arg(db, rules=None, jobs: int = 1):
    """The statement table behind ``--db`` (refreshed with *rules* when it is a store)."""
    if not Path(db).exists():
        raise missing_db(db)
    from ..dna import is_dna_database, read_dna

    if Path(db).is_file() and is_dna_database(db):
        return read_dna(db)
    from .. import store

    p = Path(db)
    if p.is_file() and (store._is_sqlite(p) or p.suffix.lower() in (".db", ".sqlite", ".sqlite3")):
        with store.Store(p, create=False) as opened:  # the store's own diagnosis of a foreign file
            return store.read_statements(opened, rules=rules, jobs=jobs)
    return store.read_statements(db, rules=rules, jobs=jobs)


def describe_rules(rs) -> str:
    """One line naming a loaded rule set: ``libya (rules/libya, version 1a2b3c4d5e6f)``."""
    name, path = getattr(rs, "name", "") or "rules", getattr(rs, "path", "")
    return f"{name} ({path}, version {rs.version})" if path else f"{name} (version {rs.version})"


def load_rules_or_exit(rules_dir, announce: bool = True):
    """Load a rule set; on problems print each as ``path:line:col: CODE message`` and exit 2.

    With *announce*, say on stderr which rule set is used (``stances: rules: libya (...)``).
    """
    from ..model import RuleError
    from ..rules import load_rules
    from ._app import report_rule_error

    try:
        rs = load_rules(rules_dir)
    except RuleError as exc:
        report_rule_error(exc, str(rules_dir))
    if announce:
        click.echo(f"stances: rules: {describe_rules(rs)}", err=True)
    return rs


def optional_rules(ctx: click.Context, rules_dir, param: str = "rules_dir", loader=None):
    """The rule set of ``--rules``: always when given, when the default folder exists otherwise.

    *loader* (default :func:`load_rules_or_exit`, without announcing it) loads it.
    """
    source = ctx.get_parameter_source(param)
    if source == click.core.ParameterSource.DEFAULT and not Path(rules_dir).is_dir():
        return None
    if loader is None:
        return load_rules_or_exit(rules_dir, announce=False)
    return loader(rules_dir)


def actor_labels(ruleset) -> dict:
    """Display names of actors (and titles of issues) in *ruleset*, by id; ``{}`` without one."""
    if ruleset is None:
        return {}
    out = {}
    for i, obj in getattr(ruleset, "issues", {}).items():
        out[str(i)] = str(getattr(obj, "title", "") or i)
    for a, obj in getattr(ruleset, "actors", {}).items():
        out[str(a)] = str(getattr(obj, "name", "") or a)
    return out
