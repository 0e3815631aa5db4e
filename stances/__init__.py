"""stances: track who says what about which issue in conflict news.

The public API, re-exported here (see each module for details)::

    import stances
    rules = stances.load_rules("rules")
    statements = stances.extract_statements(["seeds/"], rules)  # a pandas DataFrame
    table = stances.stance_table(statements, week="2020-W28")
    stances.stance_matrix(table)
"""
from __future__ import annotations

from .model import (STATEMENT_COLUMNS, Article, InputError, Rejection, RuleError, Statement,
                    StancesError, iso_week)
from .rules import RuleSet, load_rules
from .corpus import read_articles
from .clean import clean_text
from .extract import analyse, extract_article, extract_many
from .check import run_examples
from .evaluate import evaluate, read_gold
from .io import statements_frame, write_statements
from .store import Store, load_corpus, read_statements
from .table import shifts, stance_matrix, stance_table
from .network import (agreement_graph, balanced_triangles, build_graph, coalitions, count_cube,
                      disagreement_graph, drop_duplicates, graph_bytes, one_mode, one_mode_graph,
                      polarisation, signed_graph, timeline_graph, two_mode, two_mode_graph, write_graph)
from .draw import draw_agreement_disagreement
from .dna import read_dna

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
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    rs = load_rules(rules) if not isinstance(rules, RuleSet) else rules
    arts = (a for a in read_articles(paths) if isinstance(a, Article))
    rows = [s for _, stmts in extract_many(arts, rs, jobs=jobs) for s in stmts]
    return statements_frame(rows)
