"""``stances graph``: every network of Discourse Network Analyzer's exporter, for Gephi, visone, networkx, igraph."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import fail, handle_errors, main, plural, warn
from ._inputs import actor_labels, optional_rules, read_statements_arg
from ._options import DUPLICATES, option, parse_week_value, parse_window

#: Graph kinds: the one-mode shorthands, ``one-mode`` with any aggregation, and ``two-mode``.
KINDS = ("agreement", "disagreement", "signed", "one-mode", "two-mode")
#: Qualifier aggregations (DNA's names) per mode.
AGGREGATIONS = {"one-mode": ("ignore", "congruence", "conflict", "subtract"),
                "two-mode": ("ignore", "subtract", "combine")}
#: What the one-mode shorthands stand for.
SHORTHANDS = {"agreement": "congruence", "disagreement": "conflict", "signed": "subtract"}
NORMALIZATIONS = {"one-mode": ("no", "average", "jaccard", "dna_cosine", "cosine"),
                  "two-mode": ("no", "activity", "prominence")}
GRAPH_FORMATS = ("graphml", "gexf", "csv")


@main.command("graph")
@option("--db")
@option("--rules", help="The rule set whose actor names (and issue titles) label the nodes; "
                        "without ./rules the ids are the labels.")
@click.option("--kind", type=click.Choice(KINDS), default="agreement", show_default=True,
              help="agreement (= one-mode congruence), disagreement (= one-mode conflict), signed "
                   "(= one-mode subtract), one-mode (actor x actor, choose --aggregation) or "
                   "two-mode (actor x issue).")
@click.option("--aggregation", default=None, metavar="NAME",
              help="DNA's qualifier aggregation. one-mode: ignore, congruence, conflict, subtract; "
                   "two-mode: ignore (default), subtract, combine.")
@click.option("--normalization", default="no", show_default=True, metavar="NAME",
              help="one-mode: no, average, jaccard, dna_cosine (DNA's cosine), cosine; "
                   "two-mode: no, activity, prominence.")
@option("--duplicates", choices=DUPLICATES, default="document")
@option("--week")
@option("--since")
@option("--until")
@click.option("--exclude-actor", multiple=True, metavar="ID", help="Leave this actor out (repeatable).")
@click.option("--exclude-issue", multiple=True, metavar="ID", help="Leave this issue out (repeatable).")
@click.option("--only-actor", multiple=True, metavar="ID", help="Keep only these actors (repeatable).")
@click.option("--only-issue", multiple=True, metavar="ID", help="Keep only these issues (repeatable).")
@option("--format", choices=GRAPH_FORMATS, default=None,
        help="+Default: from the -o extension, else graphml.")
@option("--output")
@click.option("--timeline", is_flag=True,
              help="GEXF only: a dynamic graph, each ISO week computed on its own, with weekly spells "
                   "(weights summed over weeks). Without it, GEXF holds the same network as GraphML.")
@click.option("--draw", "draw_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR",
              help="Also write agreement.png and disagreement.png (shared layout) into DIR.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of layouts and coalitions.")
@click.option("--stats", is_flag=True,
              help="Print coalitions, polarisation and balanced triangles (to standard error).")
@click.pass_context
@handle_errors
def graph_cmd(ctx, db, rules_dir, kind, aggregation, normalization, duplicates, week, since, until,
              exclude_actor, exclude_issue, only_actor, only_issue, fmt, output, timeline, draw_dir, seed,
              stats):
    """Export an actor network (GraphML, GEXF or CSV) from the store or a statements file.

    Nodes carry label (the actor's name), code (its id), kind and the number
    of statements (two-mode files add bipartite and type, the partition
    attributes of networkx and igraph); edges carry weight (>= 0), sign (+1
    agree, -1 disagree, 0 qualifier ignored) and the issues behind them.
    Weights follow Discourse Network Analyzer; docs/networks.md lists DNA's
    option names beside these.

    \b
    Example:
      stances graph --week 2020-W28 -o agreement.graphml
      stances graph --kind disagreement --format csv
      stances graph --kind one-mode --aggregation ignore --duplicates include -o ties.gexf
      stances graph --kind signed --timeline -o timeline.gexf
    """
    mode = "two-mode" if kind == "two-mode" else "one-mode"
    if kind in SHORTHANDS:
        if aggregation not in (None, SHORTHANDS[kind]):
            fail(f"--kind {kind} is one-mode {SHORTHANDS[kind]}; for --aggregation {aggregation} "
                 "use --kind one-mode")
        aggregation = SHORTHANDS[kind]
    elif aggregation is None:
        aggregation = "ignore"
    if aggregation not in AGGREGATIONS[mode]:
        fail(f"--aggregation: {mode} graphs take {', '.join(AGGREGATIONS[mode])}; got {aggregation!r}")
    if normalization not in NORMALIZATIONS[mode]:
        fail(f"--normalization: {mode} graphs take {', '.join(NORMALIZATIONS[mode])}; got {normalization!r}")
    if aggregation == "combine" and normalization != "no":
        fail("--aggregation combine cannot be normalised; use --normalization no")
    if exclude_actor and only_actor:
        fail("use either --exclude-actor or --only-actor, not both")
    if exclude_issue and only_issue:
        fail("use either --exclude-issue or --only-issue, not both")
    week = parse_week_value(week)
    lo, hi = parse_window(since, until)
    out_path = Path(output) if output else None
    if fmt is None:
        suffix = out_path.suffix.lstrip(".").lower() if out_path else ""
        fmt = suffix if suffix in GRAPH_FORMATS else "graphml"
    if timeline and fmt != "gexf":
        fail("--timeline writes a dynamic GEXF graph: use --format gexf (or -o FILE.gexf)")
    if timeline and week:
        fail("--timeline spans every week; leave --week out (or use --since/--until)")

    from ..network import (balanced_triangles, build_graph, coalitions, graph_bytes, polarisation,
                           prepare_statements, timeline_graph)

    ruleset = optional_rules(ctx, rules_dir)
    stored = None
    if ruleset is not None and Path(db).is_file():
        from .. import store as _store

        if _store._is_sqlite(Path(db)) and not _is_dna(db):
            from ._progress import refresh_store

            refresh_store(db, ruleset)  # rules edited since the store was built: one line, a progress bar
            stored = ruleset
    statements = read_statements_arg(db, rules=stored)
    labels = actor_labels(ruleset)
    filters = dict(exclude_actors=list(only_actor or exclude_actor),
                   invert_actors=bool(only_actor),
                   exclude_issues=list(only_issue or exclude_issue),
                   invert_issues=bool(only_issue),
                   since=lo, until=hi)
    opts = dict(aggregation=aggregation, normalization=normalization, duplicates=duplicates,
                labels=labels, **filters)
    try:
        if timeline:
            graph = timeline_graph(statements, mode, **opts)
        else:
            graph = build_graph(statements, mode, week=week, **opts)
    except ValueError as exc:
        fail(str(exc))
    if graph.number_of_nodes() == 0:
        where = f" in week {week}" if week else ""
        warn(f"no signed statements{where} in {db}; the graph is empty")

    data = graph_bytes(graph, fmt)
    if out_path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out_path.write_bytes(data)
        what = f"{mode} {aggregation}" + (f", {normalization}" if normalization != "no" else "")
        click.echo(f"stances: wrote {out_path}: {plural(graph.number_of_nodes(), 'node')}, "
                   f"{plural(graph.number_of_edges(), 'edge')} ({what}, {fmt})", err=True)

    if draw_dir is not None:
        from ..draw import draw_agreement_disagreement

        one_mode_norm = normalization if normalization in NORMALIZATIONS["one-mode"] else "no"
        a, d = draw_agreement_disagreement(
            statements, draw_dir, seed=seed, title=week or "", week=week,
            normalization=one_mode_norm, duplicates=duplicates, **filters)
        click.echo(f"stances: wrote {a} and {d}", err=True)

    if stats:
        prepared = prepare_statements(statements, duplicates=duplicates, week=week, **filters)
        camps = coalitions(prepared, seed=seed)
        pol = polarisation(prepared, seed=seed)
        bal = balanced_triangles(prepared)
        click.echo("coalitions: " + " | ".join(", ".join(c) for c in camps), err=True)
        if pol.score > 0:
            click.echo(f"polarisation: {pol.score:.3f} (camps: {', '.join(pol.camps[0])} "
                       f"vs {', '.join(pol.camps[1])})", err=True)
        else:
            click.echo("polarisation: 0.000 (no split into two opposed camps)", err=True)
        share = "n/a" if bal.share is None else f"{bal.share:.3f}"
        click.echo(f"balanced triangles: {bal.balanced:,} of {bal.triangles:,} ({share})", err=True)


__all__ = ["graph_cmd", "KINDS", "AGGREGATIONS", "NORMALIZATIONS", "GRAPH_FORMATS"]


def _is_dna(db) -> bool:
    from ..dna import is_dna_database

    return is_dna_database(db)
