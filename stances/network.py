"""Agreement and disagreement networks computed the way Discourse Network Analyzer does.

A statement table (one row per statement: ``doc, date, actor, issue, score``)
is first reduced to a *count cube* ``x[i, j, k]``: the number of statements by
actor ``i`` on issue ``j`` at qualifier level ``k``. The qualifier level is the
sign of ``score``: ``k = 0`` opposes the issue's proposition, ``k = 1``
supports it. Statements with score 0 (or no score) carry no stance and are
dropped before counting.

From the cube:

* :func:`one_mode` gives actor x actor matrices (``ignore``, ``congruence``,
  ``conflict``, ``subtract``; normalised ``no``, ``average``, ``jaccard``,
  ``dna_cosine`` or ``cosine``);
* :func:`two_mode` gives actor x issue matrices (``ignore``, ``subtract``,
  ``combine``; normalised ``no``, ``activity`` or ``prominence``);
* :func:`agreement_graph`, :func:`disagreement_graph`, :func:`signed_graph`,
  :func:`one_mode_graph` and :func:`two_mode_graph` turn them into networkx
  graphs ready for GraphML, GEXF or CSV (:func:`write_graph`);
* :func:`coalitions`, :func:`polarisation`, :func:`frustration` (the
  frustration index and normalised balance of Aref & Wilson) and
  :func:`balanced_triangles` describe the structure of the debate.

The definitions are written out in ``docs/networks.md``.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from .io import round_float

__all__ = [
    "AGGREGATIONS_ONE_MODE",
    "AGGREGATIONS_TWO_MODE",
    "NORMALIZATIONS_ONE_MODE",
    "NORMALIZATIONS_TWO_MODE",
    "DUPLICATES",
    "GRAPH_KINDS",
    "GRAPH_FORMATS",
    "Cube",
    "Balance",
    "Polarisation",
    "prepare_statements",
    "drop_duplicates",
    "count_cube",
    "one_mode",
    "two_mode",
    "one_mode_graph",
    "two_mode_graph",
    "agreement_graph",
    "disagreement_graph",
    "signed_graph",
    "timeline_graph",
    "build_graph",
    "coalitions",
    "polarisation",
    "balanced_triangles",
    "Frustration",
    "frustration",
    "write_graph",
    "graph_bytes",
]

AGGREGATIONS_ONE_MODE = ("ignore", "congruence", "conflict", "subtract")
AGGREGATIONS_TWO_MODE = ("ignore", "subtract", "combine")
NORMALIZATIONS_ONE_MODE = ("no", "average", "jaccard", "dna_cosine", "cosine")
NORMALIZATIONS_TWO_MODE = ("no", "activity", "prominence")
DUPLICATES = ("include", "document", "day", "week", "month", "year", "range")
#: ``agreement``, ``disagreement`` and ``signed`` are one-mode congruence, conflict and subtract.
GRAPH_KINDS = ("agreement", "disagreement", "signed", "one-mode", "two-mode")
_SHORTHANDS = {"agreement": "congruence", "disagreement": "conflict", "signed": "subtract"}
GRAPH_FORMATS = ("graphml", "gexf", "csv")

#: Qualifier levels of the cube, in order: index 0 opposes, index 1 supports.
LEVELS = (-1, 1)


def _choice(name: str, value: str, allowed: tuple) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _as_set(values) -> set:
    if values is None:
        return set()
    if isinstance(values, str):
        return {values}
    return {str(v) for v in values}


# --------------------------------------------------------------------------- statements


def prepare_statements(
    statements: pd.DataFrame,
    *,
    duplicates: str = "include",
    exclude_actors=None,
    exclude_issues=None,
    invert_actors: bool = False,
    invert_issues: bool = False,
    week: str | None = None,
    since=None,
    until=None,
) -> pd.DataFrame:
    """Clean, filter and de-duplicate a statement table before counting.

    Parameters
    ----------
    statements : pandas.DataFrame
        At least ``actor``, ``issue`` and ``score``; ``doc`` and ``date``
        (datetime-like, ``None``/``NaT`` when undated) are used when present,
        ``week`` (``YYYY-Www``) too, else it is computed from ``date``.
    duplicates : str
        Duplicate policy, see :func:`drop_duplicates`.
    exclude_actors, exclude_issues : iterable of str, optional
        Values to leave out. With ``invert_actors`` / ``invert_issues`` the
        lists are instead the only values kept.
    week : str, optional
        Keep only statements of this ISO week (undated statements are dropped).
    since, until : datetime.date or str ``YYYY-MM-DD``, optional
        Keep only statements dated in this inclusive window (undated
        statements are dropped when either bound is given).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc, date, week, actor, issue, score, level`` (plus any
        others of the input), where ``level`` is -1 or +1 (the sign of
        ``score``); rows with score 0 or no score are dropped, because a
        statement without a sign says nothing about agreement.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B", "C"], "issue": ["x", "x", "x"],
    ...                   "score": [1.0, 0.0, -0.5]})
    >>> prepare_statements(s)[["actor", "level"]].values.tolist()
    [['A', 1], ['C', -1]]
    """
    missing = [c for c in ("actor", "issue", "score") if c not in statements.columns]
    if missing:
        raise ValueError(f"statement table lacks column(s): {', '.join(missing)}")
    df = statements.copy()
    df = df.reset_index(drop=True)
    df["actor"] = df["actor"].astype(object).where(df["actor"].notna(), "").astype(str)
    df["issue"] = df["issue"].astype(object).where(df["issue"].notna(), "").astype(str)
    df["score"] = pd.to_numeric(df["score"], errors="coerce")
    if "doc" not in df.columns:
        df["doc"] = ""
    df["doc"] = df["doc"].astype(object).where(df["doc"].notna(), "").astype(str)
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"], errors="coerce")
    else:
        df["date"] = pd.NaT
    weeks = _iso_weeks(df["date"])
    if "week" in df.columns:
        given = df["week"].astype(object).where(df["week"].notna(), None)
        df["week"] = [g if isinstance(g, str) and g else w for g, w in zip(given, weeks)]
    else:
        df["week"] = weeks
    df = df[df["score"].notna() & (df["score"] != 0) & (df["actor"] != "") & (df["issue"] != "")]
    df = df.assign(level=np.sign(df["score"]).astype(int))
    actors, issues = _as_set(exclude_actors), _as_set(exclude_issues)
    if actors or invert_actors:
        keep = df["actor"].isin(actors)
        df = df[keep if invert_actors else ~keep]
    if issues or invert_issues:
        keep = df["issue"].isin(issues)
        df = df[keep if invert_issues else ~keep]
    if week is not None:
        df = df[df["week"] == week]
    if since is not None:
        df = df[df["date"].notna() & (df["date"] >= pd.Timestamp(since))]
    if until is not None:
        df = df[df["date"].notna() & (df["date"] < pd.Timestamp(until) + pd.Timedelta(days=1))]
    df = drop_duplicates(df, duplicates)
    return df.reset_index(drop=True)


def _iso_weeks(dates: pd.Series) -> list:
    out = []
    for d in dates:
        if pd.isna(d):
            out.append(None)
        else:
            y, w, _ = d.isocalendar()
            out.append(f"{y}-W{w:02d}")
    return out


def drop_duplicates(statements: pd.DataFrame, policy: str = "include") -> pd.DataFrame:
    """Remove duplicate statements as Discourse Network Analyzer defines them.

    A duplicate repeats the actor, the issue and the stance (sign of
    ``score``) of an earlier statement within the same window. The earliest
    statement (by date, then document, then row order; undated last) is kept.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statements with ``actor, issue, score`` and, depending on the policy,
        ``doc`` and ``date``.
    policy : str
        ``include`` (keep all), ``document`` (one per document), ``day``,
        ``week`` (ISO year and week), ``month`` (calendar year and month),
        ``year``, or ``range`` (one per actor, issue and stance overall).
        Under the calendar policies undated statements are all kept: their
        window is unknown.

    Returns
    -------
    pandas.DataFrame
        The kept rows in their original order.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"doc": ["a", "a", "b"], "actor": ["X"] * 3,
    ...                   "issue": ["i"] * 3, "score": [1, 1, 1],
    ...                   "date": pd.to_datetime(["2020-07-06", "2020-07-06", "2020-07-08"])})
    >>> len(drop_duplicates(s, "document")), len(drop_duplicates(s, "week"))
    (2, 1)
    """
    _choice("duplicates", policy, DUPLICATES)
    if policy == "include" or statements.empty:
        return statements
    df = statements
    sign = np.sign(pd.to_numeric(df["score"], errors="coerce")).fillna(0).astype(int)
    key = pd.DataFrame({"actor": df["actor"].astype(str).values,
                        "issue": df["issue"].astype(str).values,
                        "sign": sign.values}, index=df.index)
    dates = (pd.to_datetime(df["date"], errors="coerce") if "date" in df.columns
             else pd.Series(pd.NaT, index=df.index))
    undated = dates.isna()
    if policy == "document":
        docs = df["doc"].astype(str) if "doc" in df.columns else pd.Series("", index=df.index)
        key["window"] = docs.values
        protected = pd.Series(False, index=df.index)
    elif policy == "range":
        key["window"] = ""
        protected = pd.Series(False, index=df.index)
    else:
        if policy == "day":
            window = dates.dt.strftime("%Y-%m-%d")
        elif policy == "week":
            iso = dates.dt.isocalendar()
            window = iso["year"].astype("string") + "-W" + iso["week"].astype("string")
        elif policy == "month":
            window = dates.dt.strftime("%Y-%m")
        else:
            window = dates.dt.strftime("%Y")
        key["window"] = window.astype(object).where(~undated, "").values
        protected = undated
    order = pd.DataFrame({
        "undated": undated.values,
        "date": dates.values,
        "doc": (df["doc"].astype(str).values if "doc" in df.columns else ""),
        "pos": np.arange(len(df)),
    }, index=df.index).sort_values(["undated", "date", "doc", "pos"], kind="mergesort")
    dup = key.loc[order.index].duplicated(["actor", "issue", "sign", "window"])
    dup = dup.reindex(df.index) & ~protected
    return df[~dup]


# --------------------------------------------------------------------------- the cube


@dataclass(frozen=True)
class Cube:
    """Statement counts ``x[i, j, k]`` by actor ``i``, issue ``j`` and level ``k``.

    Attributes
    ----------
    actors, issues : tuple of str
        Row and column labels, sorted.
    x : numpy.ndarray
        Shape ``(len(actors), len(issues), 2)``; level 0 opposes, 1 supports.
    """

    actors: tuple
    issues: tuple
    x: np.ndarray

    @property
    def activity(self) -> np.ndarray:
        """Number of statements per actor, ``A_i = sum_jk x[i, j, k]``."""
        return self.x.sum(axis=(1, 2))


def count_cube(statements: pd.DataFrame, *, prepared: bool = False, **filters) -> Cube:
    """Count statements into a :class:`Cube`.

    Parameters
    ----------
    statements : pandas.DataFrame
        A statement table.
    prepared : bool
        ``True`` when *statements* already went through :func:`prepare_statements`.
    **filters
        Passed to :func:`prepare_statements` (``duplicates``, ``exclude_actors``...).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "A", "B"], "issue": ["x", "x", "x"],
    ...                   "score": [1, -1, 1]})
    >>> cube = count_cube(s)
    >>> cube.actors, cube.x[:, 0, :].tolist()
    (('A', 'B'), [[1.0, 1.0], [0.0, 1.0]])
    """
    df = statements if prepared else prepare_statements(statements, **filters)
    actors = tuple(sorted(df["actor"].unique()))
    issues = tuple(sorted(df["issue"].unique()))
    x = np.zeros((len(actors), len(issues), 2))
    if len(df):
        ai = pd.Index(actors).get_indexer(df["actor"])
        ji = pd.Index(issues).get_indexer(df["issue"])
        ki = (df["level"].to_numpy() > 0).astype(int)
        np.add.at(x, (ai, ji, ki), 1.0)
    return Cube(actors, issues, x)


# --------------------------------------------------------------------------- one-mode


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=float)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _pairwise(x: np.ndarray):
    """Per-issue congruence, conflict and qualifier-ignored products, shape (n, n, J)."""
    tot = x.sum(axis=2)
    ignore = np.einsum("ij,lj->ilj", tot, tot)
    congruence = np.einsum("ijk,ljk->ilj", x, x)
    conflict = np.einsum("ijk,ljk->ilj", x, x[:, :, ::-1])
    return ignore, congruence, conflict


def _one_mode_array(cube: Cube, aggregation: str, normalization: str) -> np.ndarray:
    _choice("aggregation", aggregation, AGGREGATIONS_ONE_MODE)
    _choice("normalization", normalization, NORMALIZATIONS_ONE_MODE)
    x = cube.x
    n = len(cube.actors)
    if n == 0:
        return np.zeros((0, 0))
    ign, cong, conf = (p.sum(axis=2) for p in _pairwise(x))
    if aggregation == "ignore":
        w = ign
    elif aggregation == "congruence":
        w = cong
    elif aggregation == "conflict":
        w = conf
    else:
        w = cong - conf
    if normalization == "no":
        out = w.astype(float)
    else:
        act = cube.activity
        flat = x.reshape(n, -1)
        if normalization == "average":
            den = (act[:, None] + act[None, :]) / 2.0
        elif normalization == "dna_cosine":
            den = act[:, None] * act[None, :]
        elif normalization == "jaccard":
            present = (flat > 0).astype(float)
            only_i = flat @ (1.0 - present).T
            den = only_i + only_i.T + flat @ flat.T
        else:  # cosine
            vec = x.sum(axis=2) if aggregation == "ignore" else flat
            norm = np.sqrt((vec ** 2).sum(axis=1))
            den = norm[:, None] * norm[None, :]
        out = _safe_divide(w.astype(float), den)
    np.fill_diagonal(out, 0.0)
    return out


def one_mode(
    statements: pd.DataFrame,
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    **filters,
) -> pd.DataFrame:
    """Actor x actor matrix (zero diagonal) as Discourse Network Analyzer computes it.

    With ``x[i, j, k]`` the statements of actor ``i`` on issue ``j`` at level
    ``k`` (oppose, support) and ``A_i`` the actor's statement count:

    * ``ignore``: ``sum_j (sum_k x[i,j,k]) (sum_k x[i',j,k])``
    * ``congruence``: ``sum_j sum_k x[i,j,k] x[i',j,k]`` (same stance)
    * ``conflict``: ``sum_j sum_{k != k'} x[i,j,k] x[i',j,k']`` (opposite stances)
    * ``subtract``: congruence minus conflict

    and the result is divided by (``normalization``): nothing (``no``),
    ``(A_i + A_i') / 2`` (``average``), the Jaccard denominator (statements
    of ``i`` in cells where ``i'`` has none, and vice versa, plus the
    products in shared cells; ``jaccard``), ``A_i A_i'`` (``dna_cosine``, DNA's
    "cosine"), or the product of the Euclidean norms of the two actors'
    vectors (``cosine``, a true cosine; issue vectors for ``ignore``, issue x
    stance vectors otherwise). A zero denominator gives 0.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statement table (``actor, issue, score``; ``doc``, ``date`` for duplicates).
    aggregation, normalization, duplicates : str
        See above and :func:`drop_duplicates`.
    **filters
        ``exclude_actors``, ``exclude_issues``, ``invert_actors``,
        ``invert_issues``, ``week`` (see :func:`prepare_statements`).

    Returns
    -------
    pandas.DataFrame
        Square, labelled by actor (sorted) on both axes.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B", "C"], "issue": ["x", "x", "x"],
    ...                   "score": [1, 1, -1]})
    >>> one_mode(s, "congruence").values.tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> float(one_mode(s, "conflict").loc["A", "C"])
    1.0
    """
    cube = count_cube(statements, duplicates=duplicates, **filters)
    m = _one_mode_array(cube, aggregation, normalization)
    labels = pd.Index(cube.actors, name="actor")
    return pd.DataFrame(m, index=labels, columns=labels.rename(None))


# --------------------------------------------------------------------------- two-mode


def _two_mode_array(cube: Cube, aggregation: str, normalization: str) -> np.ndarray:
    _choice("aggregation", aggregation, AGGREGATIONS_TWO_MODE)
    _choice("normalization", normalization, NORMALIZATIONS_TWO_MODE)
    x = cube.x
    if aggregation == "combine" and normalization != "no":
        raise ValueError("aggregation 'combine' codes stance combinations (1, 2, 3) "
                         "and cannot be normalised; use normalization='no'")
    oppose, support = x[:, :, 0], x[:, :, 1]
    if aggregation == "ignore":
        m = oppose + support
    elif aggregation == "subtract":
        m = support - oppose
    else:
        m = np.where((support > 0) & (oppose == 0), 1.0, 0.0)
        m += np.where((oppose > 0) & (support == 0), 2.0, 0.0)
        m += np.where((oppose > 0) & (support > 0), 3.0, 0.0)
    if normalization == "activity":
        m = _safe_divide(m, np.broadcast_to(x.sum(axis=(1, 2))[:, None], m.shape))
    elif normalization == "prominence":
        m = _safe_divide(m, np.broadcast_to(x.sum(axis=(0, 2))[None, :], m.shape))
    return m.astype(float)


def two_mode(
    statements: pd.DataFrame,
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    **filters,
) -> pd.DataFrame:
    """Actor x issue matrix.

    ``ignore`` counts statements, ``subtract`` is supports minus opposes,
    ``combine`` codes 1 = only support, 2 = only oppose, 3 = both, 0 = none.
    ``activity`` divides each row by the actor's statement count,
    ``prominence`` each column by the issue's statement count (not allowed
    with ``combine``).

    Parameters
    ----------
    statements : pandas.DataFrame
        Statement table.
    aggregation, normalization, duplicates : str
        See above and :func:`drop_duplicates`.
    **filters
        See :func:`prepare_statements`.

    Returns
    -------
    pandas.DataFrame
        Rows are actors, columns issues, both sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "A", "B"], "issue": ["x", "y", "x"],
    ...                   "score": [1, -1, -1]})
    >>> two_mode(s, "subtract").values.tolist()
    [[1.0, -1.0], [-1.0, 0.0]]
    >>> float(two_mode(s, "combine").loc["B", "x"])
    2.0
    """
    cube = count_cube(statements, duplicates=duplicates, **filters)
    m = _two_mode_array(cube, aggregation, normalization)
    return pd.DataFrame(m, index=pd.Index(cube.actors, name="actor"),
                        columns=pd.Index(cube.issues, name="issue"))


# --------------------------------------------------------------------------- graphs


def _node_attrs(df: pd.DataFrame, actors, labels: dict | None) -> dict:
    counts = df["actor"].value_counts()
    kinds = {}
    if "actor_kind" in df.columns:
        for a, k in zip(df["actor"], df["actor_kind"]):
            if isinstance(k, str) and k and a not in kinds:
                kinds[a] = k
    out = {}
    for a in actors:
        attrs = {"label": str((labels or {}).get(a, a)), "code": str(a), "kind": "actor",
                 "statements": int(counts.get(a, 0))}
        if kinds:
            attrs["actor_kind"] = kinds.get(a, "")
        out[a] = attrs
    return out


def one_mode_graph(
    statements: pd.DataFrame,
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    labels: dict | None = None,
    **filters,
) -> nx.Graph:
    """Undirected actor graph of a :func:`one_mode` matrix.

    Every actor with at least one signed statement is a node (attributes
    ``label`` (its name from *labels*, else its id), ``code`` (the id),
    ``kind`` = ``"actor"``, ``statements``; ``actor_kind`` when the table has
    that column). Every non-zero cell is an edge with ``weight``
    (the absolute value, >= 0), ``sign`` (+1 agreement, -1 disagreement, 0
    when the qualifier is ignored) and ``issues`` (the issues that make the
    tie, sorted, ``;``-separated). Signed graphs also carry ``agreement``
    and ``disagreement`` (the congruence and conflict weights).

    Parameters
    ----------
    statements : pandas.DataFrame
        Statement table.
    aggregation, normalization, duplicates : str
        As for :func:`one_mode`.
    labels : dict, optional
        Display label per actor id (default: the id).
    **filters
        See :func:`prepare_statements`.

    Returns
    -------
    networkx.Graph
        Nodes and edges in sorted order.
    """
    df = prepare_statements(statements, duplicates=duplicates, **filters)
    cube = count_cube(df, prepared=True)
    m = _one_mode_array(cube, aggregation, normalization)
    ign, cong, conf = _pairwise(cube.x)
    g = nx.Graph()
    g.graph.update({"aggregation": aggregation, "normalization": normalization,
                    "duplicates": duplicates})
    for a, attrs in _node_attrs(df, cube.actors, labels).items():
        g.add_node(a, **attrs)
    extra = {}
    if aggregation == "subtract":
        extra["agreement"] = _one_mode_array(cube, "congruence", normalization)
        extra["disagreement"] = _one_mode_array(cube, "conflict", normalization)
    per_issue = {"ignore": ign, "congruence": cong, "conflict": conf,
                 "subtract": cong + conf}[aggregation]
    base_sign = {"ignore": 0, "congruence": 1, "conflict": -1, "subtract": 1}[aggregation]
    rows, cols = np.nonzero(np.triu(m != 0, 1))
    for i, l in zip(rows.tolist(), cols.tolist()):
        v = float(m[i, l])
        shared = [cube.issues[j] for j in np.flatnonzero(per_issue[i, l] > 0)]
        attrs = {"weight": abs(v), "sign": int(base_sign * np.sign(v)), "issues": ";".join(shared)}
        for name, arr in extra.items():
            attrs[name] = float(arr[i, l])
        g.add_edge(cube.actors[i], cube.actors[l], **attrs)
    return g


def agreement_graph(statements: pd.DataFrame, normalization: str = "no",
                    duplicates: str = "include", **kwargs) -> nx.Graph:
    """Actors linked by congruence: they take the same stance on the same issue.

    See :func:`one_mode_graph` for the attributes; every edge has ``sign`` +1.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["GBR", "DEU", "RUS"], "issue": ["ceasefire"] * 3,
    ...                   "score": [1, 1, -1]})
    >>> sorted(agreement_graph(s).edges(data="issues"))
    [('DEU', 'GBR', 'ceasefire')]
    """
    return one_mode_graph(statements, "congruence", normalization, duplicates, **kwargs)


def disagreement_graph(statements: pd.DataFrame, normalization: str = "no",
                       duplicates: str = "include", **kwargs) -> nx.Graph:
    """Actors linked by conflict: opposite stances on the same issue (``sign`` -1).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["TUR", "RUS"], "issue": ["ceasefire_conditions"] * 2,
    ...                   "score": [1, -1]})
    >>> list(disagreement_graph(s).edges(data="weight"))
    [('RUS', 'TUR', 1.0)]
    """
    return one_mode_graph(statements, "conflict", normalization, duplicates, **kwargs)


def signed_graph(statements: pd.DataFrame, normalization: str = "no",
                 duplicates: str = "include", **kwargs) -> nx.Graph:
    """Congruence minus conflict: ``sign`` says which wins, ``weight`` by how much.

    Pairs whose agreement and disagreement cancel exactly get no edge. Edges
    also carry the separate ``agreement`` and ``disagreement`` weights.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B", "A", "B"], "issue": ["x", "x", "y", "y"],
    ...                   "score": [1, 1, 1, -1]})
    >>> signed_graph(s).number_of_edges()
    0
    >>> s.loc[3, "score"] = 1
    >>> signed_graph(s).edges["A", "B"]
    {'weight': 2.0, 'sign': 1, 'issues': 'x;y', 'agreement': 2.0, 'disagreement': 0.0}
    """
    return one_mode_graph(statements, "subtract", normalization, duplicates, **kwargs)


def _issue_node_ids(actors, issues) -> dict:
    clash = set(actors) & set(issues)
    return {j: (f"issue:{j}" if clash else j) for j in issues}


def two_mode_graph(
    statements: pd.DataFrame,
    aggregation: str = "ignore",
    normalization: str = "no",
    duplicates: str = "include",
    labels: dict | None = None,
    **filters,
) -> nx.Graph:
    """Bipartite actor-issue graph of a :func:`two_mode` matrix.

    Actor nodes have ``kind`` ``"actor"``, issue nodes ``"issue"`` (their ids
    get an ``issue:`` prefix only if some actor has the same id); ``label``
    is the name from *labels* (else the id) and ``code`` the id. The
    partition is given the way networkx and igraph read it: ``bipartite``
    (0 actors, 1 issues) and ``type`` (False actors, True issues). Edges have
    ``weight`` (absolute cell value), ``sign`` (+1 support, -1 oppose, 0 both
    or ignored) and ``issues`` (the issue id).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "A", "B"], "issue": ["x", "y", "x"],
    ...                   "score": [1, -1, 1]})
    >>> g = two_mode_graph(s)
    >>> g.number_of_nodes(), g.number_of_edges()
    (4, 3)
    """
    df = prepare_statements(statements, duplicates=duplicates, **filters)
    cube = count_cube(df, prepared=True)
    m = _two_mode_array(cube, aggregation, normalization)
    g = nx.Graph()
    g.graph.update({"aggregation": aggregation, "normalization": normalization,
                    "duplicates": duplicates})
    for a, attrs in _node_attrs(df, cube.actors, labels).items():
        g.add_node(a, **attrs, bipartite=0, type=False)
    ids = _issue_node_ids(cube.actors, cube.issues)
    icounts = df["issue"].value_counts()
    for j in cube.issues:
        g.add_node(ids[j], label=str((labels or {}).get(j, j)), code=str(j), kind="issue",
                   statements=int(icounts.get(j, 0)), bipartite=1, type=True)
        if any("actor_kind" in d for _, d in g.nodes(data=True)):
            g.nodes[ids[j]]["actor_kind"] = ""
    oppose, support = cube.x[:, :, 0], cube.x[:, :, 1]
    for i, a in enumerate(cube.actors):
        for j, issue in enumerate(cube.issues):
            v = float(m[i, j])
            if v == 0.0:
                continue
            if aggregation == "subtract":
                sign = int(np.sign(v))
            elif aggregation == "combine":
                sign = {1.0: 1, 2.0: -1}.get(v, 0)
            else:
                sign = int(np.sign(support[i, j] - oppose[i, j])) if (
                    support[i, j] == 0 or oppose[i, j] == 0) else 0
            g.add_edge(a, ids[issue], weight=abs(v), sign=sign, issues=issue)
    return g


def build_graph(statements: pd.DataFrame, kind: str = "agreement", **kwargs) -> nx.Graph:
    """The graph of *kind*: ``agreement``, ``disagreement``, ``signed``, ``one-mode`` or ``two-mode``.

    ``agreement``, ``disagreement`` and ``signed`` are :func:`one_mode_graph`
    with aggregation ``congruence``, ``conflict`` and ``subtract``;
    ``one-mode`` takes any one-mode ``aggregation`` (default ``ignore``),
    ``two-mode`` any two-mode one. *kwargs* go to the graph function.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B"], "issue": ["x", "x"], "score": [1, -1]})
    >>> build_graph(s, "agreement").number_of_edges(), build_graph(s, "one-mode").number_of_edges()
    (0, 1)
    """
    _choice("kind", kind, GRAPH_KINDS)
    if kind == "two-mode":
        return two_mode_graph(statements, **kwargs)
    if kind == "one-mode":
        return one_mode_graph(statements, **kwargs)
    aggregation = kwargs.pop("aggregation", None) or _SHORTHANDS[kind]
    if aggregation != _SHORTHANDS[kind]:
        raise ValueError(f"kind {kind!r} is one-mode {_SHORTHANDS[kind]!r}; for aggregation "
                         f"{aggregation!r} use kind 'one-mode'")
    return one_mode_graph(statements, aggregation, **kwargs)


def _week_bounds(week: str) -> tuple[str, str]:
    import datetime as dt
    y, w = week.split("-W")
    monday = dt.date.fromisocalendar(int(y), int(w), 1)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def timeline_graph(statements: pd.DataFrame, kind: str = "agreement",
                   duplicates: str = "include", **kwargs) -> nx.Graph:
    """One graph over all ISO weeks, with ``start``/``end`` and weekly spells (for GEXF).

    Each week is computed on its own (so weights are weekly); the graph's
    nodes and edges carry ``start`` (Monday of the first week) and ``end``
    (Sunday of the last week) plus ``spells``, one ``(start, end)`` per week
    in which the node spoke or the edge existed. ``weight`` and
    ``statements`` are summed over weeks, ``issues`` is the union. Undated
    statements have no week and are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B"], "issue": ["x", "x"], "score": [1, 1],
    ...                   "date": pd.to_datetime(["2020-07-06", "2020-07-07"])})
    >>> g = timeline_graph(s)
    >>> g.edges["A", "B"]["spells"]
    [('2020-07-06', '2020-07-12')]
    """
    prep_keys = ("exclude", "invert", "since", "until")
    df = prepare_statements(statements, duplicates=duplicates,
                            **{k: v for k, v in kwargs.items() if k.startswith(prep_keys)})
    rest = {k: v for k, v in kwargs.items() if not k.startswith(prep_keys)}
    g = nx.Graph(mode="dynamic")
    weeks = sorted(w for w in df["week"].dropna().unique())
    for week in weeks:
        wg = build_graph(df[df["week"] == week], kind, **rest)
        spell = _week_bounds(week)
        for n, d in wg.nodes(data=True):
            if n not in g:
                g.add_node(n, **d, start=spell[0], end=spell[1], spells=[spell])
            else:
                nd = g.nodes[n]
                nd["statements"] += d["statements"]
                nd["end"] = spell[1]
                nd["spells"].append(spell)
        for u, v, d in wg.edges(data=True):
            if not g.has_edge(u, v):
                g.add_edge(u, v, **d, start=spell[0], end=spell[1], spells=[spell])
            else:
                ed = g.edges[u, v]
                for key in ("weight", "agreement", "disagreement"):
                    if key in d:
                        ed[key] += d[key]
                ed["issues"] = ";".join(sorted(set(filter(None, ed["issues"].split(";")))
                                               | set(filter(None, d["issues"].split(";")))))
                if "agreement" in ed and "disagreement" in ed:
                    net = ed["agreement"] - ed["disagreement"]
                    ed["sign"], ed["weight"] = int(np.sign(net)), abs(net)
                ed["end"] = spell[1]
                ed["spells"].append(spell)
    return _sorted_graph(g)


def _sorted_graph(g: nx.Graph) -> nx.Graph:
    h = nx.Graph(**g.graph)
    for n in sorted(g.nodes):
        h.add_node(n, **g.nodes[n])
    for u, v in sorted(tuple(sorted(e)) for e in g.edges):
        h.add_edge(u, v, **g.edges[u, v])
    return h


# --------------------------------------------------------------------------- structure


def _positive_graph(graph: nx.Graph) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(sorted(graph.nodes))
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        if d.get("sign", 1) > 0 and d.get("weight", 1.0) > 0:
            h.add_edge(u, v, weight=float(d.get("weight", 1.0)))
    return h


def coalitions(statements_or_graph, *, seed: int = 0, resolution: float = 1.0,
               **kwargs) -> list[tuple[str, ...]]:
    """Coalitions: Louvain communities of the agreement graph, seeded.

    Parameters
    ----------
    statements_or_graph : pandas.DataFrame or networkx.Graph
        A statement table (its :func:`agreement_graph` is used; pass
        ``normalization`` etc. as keyword arguments), or a graph (only edges
        with positive ``sign`` count, so a :func:`signed_graph` works too).
    seed : int
        Random seed of the Louvain method; the same input and seed give the
        same coalitions.
    resolution : float
        Louvain resolution (higher: smaller coalitions).

    Returns
    -------
    list of tuple of str
        Coalitions, each sorted; largest first, ties by first member. Actors
        without any agreement are singletons.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B", "C", "D"], "issue": ["x"] * 4,
    ...                   "score": [1, 1, -1, -1]})
    >>> coalitions(s)
    [('A', 'B'), ('C', 'D')]
    """
    graph = (agreement_graph(statements_or_graph, **kwargs)
             if isinstance(statements_or_graph, pd.DataFrame) else statements_or_graph)
    pos = _positive_graph(graph)
    if pos.number_of_nodes() == 0:
        return []
    if pos.number_of_edges() == 0:
        parts = [{n} for n in pos.nodes]
    else:
        parts = nx.community.louvain_communities(pos, weight="weight",
                                                 resolution=resolution, seed=seed)
    out = [tuple(sorted(p)) for p in parts]
    return sorted(out, key=lambda c: (-len(c), c))


@dataclass(frozen=True)
class Polarisation:
    """Result of :func:`polarisation`.

    Attributes
    ----------
    score : float
        In [0, 1]; see :func:`polarisation`.
    camps : tuple of two tuples of str
        The split that gives the score (sorted; the camp holding the
        alphabetically first actor comes first; the second may be empty).
    agreement_within, agreement_between, disagreement_within, disagreement_between : float
        The tie weights that make up the score.
    """

    score: float
    camps: tuple
    agreement_within: float
    agreement_between: float
    disagreement_within: float
    disagreement_between: float


def _agree_disagree(statements_or_graph, **kwargs):
    if isinstance(statements_or_graph, pd.DataFrame):
        df = prepare_statements(statements_or_graph,
                                **{k: v for k, v in kwargs.items() if k != "normalization"})
        cube = count_cube(df, prepared=True)
        norm = kwargs.get("normalization", "no")
        return (list(cube.actors), _one_mode_array(cube, "congruence", norm),
                _one_mode_array(cube, "conflict", norm))
    graph = statements_or_graph
    nodes = sorted(graph.nodes)
    idx = {n: i for i, n in enumerate(nodes)}
    a = np.zeros((len(nodes), len(nodes)))
    d = np.zeros_like(a)
    for u, v, data in graph.edges(data=True):
        i, l = idx[u], idx[v]
        if "agreement" in data or "disagreement" in data:
            ag, dis = float(data.get("agreement", 0.0)), float(data.get("disagreement", 0.0))
        elif data.get("sign", 0) < 0:
            ag, dis = 0.0, float(data.get("weight", 1.0))
        else:
            ag, dis = float(data.get("weight", 1.0)), 0.0
        a[i, l] = a[l, i] = ag
        d[i, l] = d[l, i] = dis
    return nodes, a, d


def polarisation(statements_or_graph, *, seed: int = 0, exhaustive_limit: int = 16,
                 **kwargs) -> Polarisation:
    """How cleanly the debate splits into two opposed camps.

    For a split of the actors into camps A and B, let ``a_b`` be the
    agreement (congruence) weight between the camps, ``d_w`` the
    disagreement (conflict) weight inside camps and ``d_b`` between them.
    The score of the split is ``(d_b - a_b - d_w) / (d_b + a_b + d_w)``
    (0 when there is no such weight), and the polarisation is the best score
    over all splits, floored at 0. It is 1 when all disagreement runs between
    two camps that never agree with each other and never disagree
    internally; 0 when no split puts more disagreement between camps than it
    leaves inside them plus the agreement it cuts (a consensus, or
    criss-crossing disputes). Agreement inside a camp does not count: it is
    what makes a camp.

    Discourse Network Analyzer's ``dna_polarisation`` is the reference for
    the idea (a best partition scored on congruence and conflict); its
    score differs (equal-size clusters, modularity or E-I index, genetic
    search), so the numbers are not comparable.

    Parameters
    ----------
    statements_or_graph : pandas.DataFrame or networkx.Graph
        A statement table, or a graph with ``agreement``/``disagreement``
        edge attributes (as :func:`signed_graph` makes) or ``sign``/``weight``.
    seed : int
        Seed of the local search used when there are more than
        *exhaustive_limit* actors (smaller networks are searched exhaustively).
    **kwargs
        ``normalization``, ``duplicates`` and filters, for a statement table.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"actor": ["A", "B", "C", "D"], "issue": ["x"] * 4,
    ...                   "score": [1, 1, -1, -1]})
    >>> p = polarisation(s)
    >>> p.score, p.camps
    (1.0, (('A', 'B'), ('C', 'D')))
    """
    nodes, a, d = _agree_disagree(statements_or_graph, **kwargs)
    n = len(nodes)
    if n == 0:
        return Polarisation(0.0, ((), ()), 0.0, 0.0, 0.0, 0.0)
    iu, lu = np.triu_indices(n, 1)
    av, dv = a[iu, lu], d[iu, lu]

    def score_of(assign: np.ndarray) -> np.ndarray:
        same = assign[:, iu] == assign[:, lu]
        a_b = (av * ~same).sum(axis=1)
        d_w = (dv * same).sum(axis=1)
        d_b = (dv * ~same).sum(axis=1)
        num, den = d_b - a_b - d_w, d_b + a_b + d_w
        return _safe_divide(num, den)

    if n <= exhaustive_limit:
        codes = np.arange(2 ** (n - 1), dtype=np.int64)
        assign = ((codes[:, None] >> np.arange(n - 1)[None, ::-1]) & 1).astype(np.int8)
        assign = np.hstack([np.zeros((len(codes), 1), dtype=np.int8), assign])
        scores = score_of(assign)
        best = assign[int(np.argmax(scores))]
    else:
        best = _local_search(a, d, seed)
    best = best if best[0] == 0 else 1 - best
    same = best[iu] == best[lu]
    parts = (tuple(nodes[i] for i in range(n) if best[i] == 0),
             tuple(nodes[i] for i in range(n) if best[i] == 1))
    val = float(score_of(best[None, :])[0])
    return Polarisation(
        score=max(0.0, val), camps=parts,
        agreement_within=float((av * same).sum()), agreement_between=float((av * ~same).sum()),
        disagreement_within=float((dv * same).sum()),
        disagreement_between=float((dv * ~same).sum()))


def _local_search(a: np.ndarray, d: np.ndarray, seed: int, restarts: int = 20) -> np.ndarray:
    """Best single-actor moves from seeded random splits (for large networks).

    The score only depends on the cut weights: with ``D`` the total
    disagreement, ``a_b`` and ``d_b`` the agreement and disagreement between
    camps, score = ``(2 d_b - a_b - D) / (a_b + D)``; moving actor ``v``
    changes ``a_b`` and ``d_b`` by its ties to its own camp minus its ties
    to the other camp.
    """
    n = len(a)
    total_d = d.sum() / 2.0

    def score(a_b, d_b):
        den = a_b + total_d
        return (2 * d_b - a_b - total_d) / den if den else 0.0

    def cut(assign):
        diff = assign[:, None] != assign[None, :]
        return (a * diff).sum() / 2.0, (d * diff).sum() / 2.0

    rng = np.random.default_rng(seed)
    best = np.zeros(n, dtype=np.int8)
    best_score = score(0.0, 0.0)
    for _ in range(restarts):
        cur = rng.integers(0, 2, n).astype(np.int8)
        a_b, d_b = cut(cur)
        cur_score = score(a_b, d_b)
        for _step in range(10 * n):
            same = (cur[:, None] == cur[None, :]).astype(float) * 2.0 - 1.0
            np.fill_diagonal(same, 0.0)
            da, dd = (a * same).sum(axis=1), (d * same).sum(axis=1)
            new = np.array([score(a_b + x, d_b + y) for x, y in zip(da, dd)])
            k = int(np.argmax(new))
            if new[k] <= cur_score + 1e-12:
                break
            cur = cur.copy()
            cur[k] ^= 1
            a_b, d_b, cur_score = a_b + da[k], d_b + dd[k], float(new[k])
        if cur_score > best_score + 1e-12:
            best, best_score = cur, cur_score
    return best


@dataclass(frozen=True)
class Balance:
    """Triangle census of a signed graph (:func:`balanced_triangles`)."""

    balanced: int
    triangles: int

    @property
    def share(self) -> float | None:
        """Share of balanced triangles, ``None`` when there are none."""
        return self.balanced / self.triangles if self.triangles else None


def balanced_triangles(graph_or_statements, **kwargs) -> Balance:
    """Count the triangles of a signed graph whose sign product is positive.

    A triangle is balanced when it has zero or two negative edges ("the
    enemy of my enemy is my friend"). Edges with sign 0 are ignored.

    Parameters
    ----------
    graph_or_statements : networkx.Graph or pandas.DataFrame
        A graph with a ``sign`` edge attribute, or a statement table (its
        :func:`signed_graph` is used, with *kwargs*).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("A", "B", sign=1); g.add_edge("B", "C", sign=-1); g.add_edge("A", "C", sign=-1)
    >>> balanced_triangles(g)
    Balance(balanced=1, triangles=1)
    """
    g = (signed_graph(graph_or_statements, **kwargs)
         if isinstance(graph_or_statements, pd.DataFrame) else graph_or_statements)
    signs = {}
    for u, v, s in g.edges(data="sign", default=0):
        if s:
            signs[frozenset((u, v))] = 1 if s > 0 else -1
    adj = {}
    for e in signs:
        u, v = tuple(e)
        adj.setdefault(u, set()).add(v)
        adj.setdefault(v, set()).add(u)
    balanced = total = 0
    for u in sorted(adj):
        for v in sorted(w for w in adj[u] if w > u):
            for w in sorted(x for x in adj[u] & adj[v] if x > v):
                total += 1
                prod = signs[frozenset((u, v))] * signs[frozenset((v, w))] * signs[frozenset((u, w))]
                balanced += prod > 0
    return Balance(int(balanced), int(total))


@dataclass(frozen=True)
class Frustration:
    """Result of :func:`frustration`.

    Attributes
    ----------
    index : float
        The frustration index *L* (line index of balance): the least tie weight
        that contradicts some split of the actors into two camps (agreement
        between the camps plus disagreement inside them).
    total : float
        All tie weight *W* (agreement plus disagreement).
    balance : float or None
        Normalised balance ``1 - 2 L / W`` in [0, 1] (``None`` without ties).
    camps : tuple of two tuples of str
        The split that attains *L* (the camp of the alphabetically first actor
        first; the second is empty when one camp fits best).
    ties, disagreement_ties : int
        Actor pairs with any tie, and with a disagreement tie.
    """

    index: float
    total: float
    balance: float | None
    camps: tuple
    ties: int
    disagreement_ties: int

    @property
    def polarised(self) -> bool:
        """Two non-empty camps with disagreement between them."""
        return bool(self.camps[0]) and bool(self.camps[1]) and self.disagreement_ties > 0


def frustration(statements_or_graph, *, seed: int = 0, exhaustive_limit: int = 16,
                **kwargs) -> Frustration:
    """The frustration index and normalised balance of the signed actor network.

    Treat agreement as positive and disagreement as negative ties. A split of
    the actors into two camps *frustrates* an agreement tie between camps and
    a disagreement tie inside a camp; the frustration index *L* is the least
    frustrated weight over all splits (Harary's line index of balance), and
    the normalised balance is ``F = 1 - 2 L / W`` with *W* the total weight
    (Aref & Wilson 2018, "Measuring partial balance in signed networks",
    *J. Complex Networks* 6(4); a random split frustrates ``W / 2`` on average,
    so ``0 <= F <= 1``). ``F = 1``: the actors fall into (at most) two camps
    with agreement only inside and disagreement only between them; low ``F``:
    disputes cut across every possible pair of camps. With unit weights this
    is exactly their measure; here a pair's weights are its agreement and
    disagreement tie weights, so pass the statements with the graphs'
    duplicate policy. Only meaningful with enough ties: with no disagreement
    the network is trivially balanced (one camp).

    Parameters
    ----------
    statements_or_graph : pandas.DataFrame or networkx.Graph
        A statement table, or a graph with ``agreement``/``disagreement`` edge
        attributes or ``sign``/``weight`` (as for :func:`polarisation`).
    seed : int
        Seed of the local search used above *exhaustive_limit* actors
        (smaller networks are searched exhaustively, so *L* is exact).
    **kwargs
        ``normalization``, ``duplicates`` and filters, for a statement table.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("A", "B", sign=-1); g.add_edge("B", "C", sign=-1); g.add_edge("A", "C", sign=-1)
    >>> f = frustration(g)
    >>> f.index, round(f.balance, 3)
    (1.0, 0.333)
    """
    nodes, a, d = _agree_disagree(statements_or_graph, **kwargs)
    n = len(nodes)
    iu, lu = np.triu_indices(n, 1)
    av, dv = a[iu, lu], d[iu, lu]
    total = float(av.sum() + dv.sum())
    ties = int(((av > 0) | (dv > 0)).sum())
    dties = int((dv > 0).sum())
    if n == 0 or total == 0:
        return Frustration(0.0, total, None, (tuple(nodes), ()), ties, dties)

    def cost_of(assign: np.ndarray) -> np.ndarray:
        same = assign[:, iu] == assign[:, lu]
        return (av * ~same).sum(axis=1) + (dv * same).sum(axis=1)

    if n <= exhaustive_limit:
        best_cost, best = None, None
        codes_all = np.arange(2 ** (n - 1), dtype=np.int64)
        for chunk in np.array_split(codes_all, max(1, len(codes_all) // 4096)):
            assign = ((chunk[:, None] >> np.arange(n - 1)[None, ::-1]) & 1).astype(np.int8)
            assign = np.hstack([np.zeros((len(chunk), 1), dtype=np.int8), assign])
            costs = cost_of(assign)
            k = int(np.argmin(costs))
            if best_cost is None or costs[k] < best_cost - 1e-12:
                best_cost, best = float(costs[k]), assign[k]
    else:
        best = _min_frustration_search(a, d, seed)
        best_cost = float(cost_of(best[None, :])[0])
    best = best if best[0] == 0 else 1 - best
    camps = (tuple(nodes[i] for i in range(n) if best[i] == 0),
             tuple(nodes[i] for i in range(n) if best[i] == 1))
    return Frustration(best_cost, total, 1.0 - 2.0 * best_cost / total, camps, ties, dties)


def _min_frustration_search(a: np.ndarray, d: np.ndarray, seed: int, restarts: int = 30) -> np.ndarray:
    """Single-actor moves from seeded random splits, keeping the least frustrated split."""
    n = len(a)
    signed = a - d  # moving v flips its ties: cost change = sum over own camp of (a - d) minus other camp
    rng = np.random.default_rng(seed)
    best, best_cost = np.zeros(n, dtype=np.int8), None

    def cost(assign):
        same = assign[:, None] == assign[None, :]
        return float(((a * ~same).sum() + (d * same).sum()) / 2.0)

    for _ in range(restarts):
        cur = rng.integers(0, 2, n).astype(np.int8)
        for _step in range(10 * n):
            same = (cur[:, None] == cur[None, :]).astype(float) * 2.0 - 1.0
            np.fill_diagonal(same, 0.0)
            gain = (signed * same).sum(axis=1)  # >0: moving v to the other camp raises the cost
            k = int(np.argmin(gain))
            if gain[k] >= -1e-12:
                break
            cur = cur.copy()
            cur[k] ^= 1
        c = cost(cur)
        if best_cost is None or c < best_cost - 1e-12:
            best, best_cost = cur, c
    return best


# --------------------------------------------------------------------------- export


def _clean_for_export(graph: nx.Graph, keep_spells: bool) -> nx.Graph:
    h = nx.Graph()
    for key in ("aggregation", "normalization", "duplicates", "mode"):
        if key in graph.graph:
            h.graph[key] = str(graph.graph[key])

    def clean(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if k == "spells" and keep_spells:
                out[k] = list(v)
            elif v is None or isinstance(v, (list, tuple, set, dict)):
                continue
            elif isinstance(v, (bool, np.bool_)):
                out[k] = bool(v)
            elif isinstance(v, (int, np.integer)):
                out[k] = int(v)
            elif isinstance(v, (float, np.floating)):
                out[k] = round_float(v)
            else:
                out[k] = str(v)
        return out

    for n in sorted(graph.nodes):
        h.add_node(str(n), **clean(graph.nodes[n]))
    for u, v in sorted(tuple(sorted((str(a), str(b)))) for a, b in graph.edges):
        h.add_edge(u, v, **clean(graph.edges[u, v]))
    return h


def graph_bytes(graph: nx.Graph, fmt: str = "graphml") -> bytes:
    """Serialise *graph* as GraphML, GEXF or an edge-list CSV, deterministically.

    GraphML keeps scalar attributes only (Gephi and visone reject lists and
    missing values); floats are rounded to :data:`stances.io.FLOAT_DIGITS`
    decimals in every format. GEXF keeps ``start``/``end``/``spells`` (the weekly
    timeline of :func:`timeline_graph`) and carries no modification date.
    CSV has one row per edge: ``source, target, weight, sign, issues``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("A", "B", weight=2.0, sign=1, issues="x")
    >>> graph_bytes(g, "csv").decode().splitlines()
    ['source,target,weight,sign,issues', 'A,B,2.0,1,x']
    """
    _choice("format", fmt, GRAPH_FORMATS)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["source", "target", "weight", "sign", "issues"])
        for u, v in sorted(tuple(sorted((str(a), str(b)))) for a, b in graph.edges):
            d = graph.edges[u, v]
            w.writerow([u, v, round_float(d.get("weight", 1.0)), int(d.get("sign", 0)),
                        d.get("issues", "")])
        return buf.getvalue().encode("utf-8")
    if fmt == "graphml":
        h = _clean_for_export(graph, keep_spells=False)
        for n, d in h.nodes(data=True):
            d.setdefault("label", n)
        buf = io.BytesIO()
        nx.write_graphml(h, buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue()
    h = _clean_for_export(graph, keep_spells=True)
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(h)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write_graph(graph: nx.Graph, path, fmt: str | None = None) -> Path:
    """Write *graph* to *path* (format from *fmt* or the file extension).

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> g = nx.Graph(); g.add_edge("A", "B", weight=1.0, sign=1, issues="x")
    >>> p = write_graph(g, os.path.join(tempfile.mkdtemp(), "g.graphml"))
    >>> sorted(nx.read_graphml(p).edges(data="weight"))
    [('A', 'B', 1.0)]
    """
    path = Path(path)
    if fmt is None:
        fmt = path.suffix.lstrip(".").lower()
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"{path}: cannot tell the format from the extension; "
                             f"use one of {', '.join(GRAPH_FORMATS)}")
    path.write_bytes(graph_bytes(graph, fmt))
    return path
