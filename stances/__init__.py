"""stances: track who says what about which issue in conflict news.

The public API, re-exported here (see each module for details)::

    import stances
    rules = stances.load_rules("rules")
    statements = stances.extract_statements(["seeds/"], rules)  # a pandas DataFrame
    table = stances.stance_table(statements, week="2020-W28")
    stances.stance_matrix(table)
"""
from __future__ import annotations

import importlib

from .model import (STATEMENT_COLUMNS, Article, InputError, Rejection, RuleError, Statement,
                    StancesError, iso_week)

#: Where each public name lives. Modules are imported on first use, so
#: ``import stances`` (and the command line) does not load pandas, networkx or
#: matplotlib until a function that needs them is called.
_LAZY = {
    "RuleSet": "rules", "load_rules": "rules",
    "read_articles": "corpus",
    "clean_text": "clean",
    "analyse": "extract", "extract_article": "extract", "extract_many": "extract",
    "run_examples": "check",
    "evaluate": "evaluate", "read_gold": "evaluate",
    "statements_frame": "io", "write_statements": "io",
    "Store": "store", "load_corpus": "store", "read_statements": "store",
    "shifts": "table", "stance_matrix": "table", "stance_table": "table",
    "agreement_graph": "network", "balanced_triangles": "network", "build_graph": "network",
    "coalitions": "network", "count_cube": "network", "disagreement_graph": "network",
    "drop_duplicates": "network", "graph_bytes": "network", "one_mode": "network",
    "one_mode_graph": "network", "polarisation": "network", "signed_graph": "network",
    "timeline_graph": "network", "two_mode": "network", "two_mode_graph": "network",
    "write_graph": "network",
    "draw_agreement_disagreement": "draw",
    "read_dna": "dna",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stances' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "STATEMENT_COLUMNS", "Article", "Rejection", "Statement", "StancesError", "RuleError",
    "InputError", "iso_week", "RuleSet", "load_rules", "read_articles", "clean_text", "analyse",
    "extract_article", "extract_many", "extract_statements", "run_examples", "evaluate", "read_gold",
    "statements_frame", "write_statements", "Store", "load_corpus", "read_statements",
    "stance_table", "stance_matrix", "shifts", "one_mode", "two_mode", "agreement_graph",
    "disagreement_graph", "signed_graph", "coalitions", "polarisation", "balanced_triangles",
    "write_graph", "read_dna", "build_graph", "count_cube", "drop_duplicates", "graph_bytes",
    "one_mode_graph", "two_mode_graph", "timeline_graph", "draw_agreement_disagreement", "__version__",
]


def extract_statements(paths, rules="rules", jobs: int = 1):
    """Extract the statements of the articles under *paths* into a DataFrame.

    Parameters
    ----------
    paths : str or list of str
        Files or folders of articles.
    rules : str or RuleSet
        A rules folder or a loaded rule set.
    jobs : int
        Worker processes.

    Returns
    -------
    pandas.DataFrame
        The statement table (columns :data:`STATEMENT_COLUMNS`); unreadable
        inputs are skipped.

    Examples
    --------
    >>> df = extract_statements(["seeds/"], "rules")
    >>> sorted(df.actor.unique())[:3]
    ['DEU', 'FRA', 'GBR']
    """
    from .corpus import read_articles
    from .extract import extract_many
    from .io import statements_frame
    from .rules import RuleSet, load_rules

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    rs = load_rules(rules) if not isinstance(rules, RuleSet) else rules
    arts = (a for a in read_articles(paths) if isinstance(a, Article))
    rows = [s for _, stmts in extract_many(arts, rs, jobs=jobs) for s in stmts]
    return statements_frame(rows)
