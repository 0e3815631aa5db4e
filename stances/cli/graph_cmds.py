"""``stances graph``: agreement, disagreement, signed and two-mode networks."""
from __future__ import annotations


import sys
from pathlib import Path

import click

from ..network import (AGGREGATIONS_TWO_MODE, DUPLICATES, GRAPH_FORMATS, GRAPH_KINDS,
                       NORMALIZATIONS_ONE_MODE, NORMALIZATIONS_TWO_MODE, balanced_triangles,
                       build_graph, coalitions, graph_bytes, polarisation, prepare_statements,
                       timeline_graph)
from ..table import parse_week
from ._app import fail, handle_errors, main



def _read(db: str):
    from .. import store  # the store owns the statement contract

    return store.read_statements(db)


@main.command("graph")
@click.option("--db", default="stances.db", show_default=True,
              help="Store, or a statements file written by `stances extract` (csv/jsonl/parquet).")
@click.option("--kind", type=click.Choice(GRAPH_KINDS), default="agreement", show_default=True,
              help="agreement (same stance), disagreement (opposite stances), signed "
                   "(agreement minus disagreement) or two-mode (actor x issue).")
@click.option("--week", default=None, metavar="YYYY-Www",
              help="Only statements of this ISO week (undated ones are left out).")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default=None,
              help="Output format (default: from the -o extension, else graphml). "
                   "gexf without --week is a weekly timeline.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: standard output).")
@click.option("--normalization", default="no", show_default=True,
              help="one-mode: no, average, jaccard, dna_cosine, cosine; "
                   "two-mode: no, activity, prominence.")
@click.option("--aggregation", type=click.Choice(AGGREGATIONS_TWO_MODE), default="ignore",
              show_default=True, help="two-mode only: ignore, subtract or combine.")
@click.option("--duplicates", type=click.Choice(DUPLICATES), default="document", show_default=True,
              help="Count a repeated statement (same actor, issue, stance) once per document, "
                   "day, week, month, year or range; `include` counts every repeat (DNA's default).")
@click.option("--exclude-actor", multiple=True, metavar="ID", help="Leave this actor out (repeatable).")
@click.option("--exclude-issue", multiple=True, metavar="ID", help="Leave this issue out (repeatable).")
@click.option("--only-actor", multiple=True, metavar="ID", help="Keep only these actors (repeatable).")
@click.option("--only-issue", multiple=True, metavar="ID", help="Keep only these issues (repeatable).")
@click.option("--draw", "draw_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write agreement.png and disagreement.png (shared layout) into this directory.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of layouts and coalitions.")
@click.option("--stats", is_flag=True,
              help="Print coalitions, polarisation and balanced triangles (to stderr).")
@handle_errors
def graph_cmd(db, kind, week, fmt, output, normalization, aggregation, duplicates, exclude_actor,
              exclude_issue, only_actor, only_issue, draw_dir, seed, stats):
    """Export an actor network (GraphML, GEXF or CSV) from the store.

    Nodes carry label, kind and the number of statements; edges carry
    weight (>= 0), sign (+1 agree, -1 disagree) and the issues behind them.
    Weights follow Discourse Network Analyzer (see docs/networks.md).

    \b
    Example:
      stances graph --week 2020-W28 -o agreement.graphml
      stances graph --kind disagreement --format csv
      stances graph --kind signed --format gexf -o timeline.gexf
    """
    if week is not None:
        try:
            week = parse_week(week)
        except ValueError as exc:
            fail(f"--week: {exc}; expected an ISO week like 2020-W28")
    allowed = NORMALIZATIONS_TWO_MODE if kind == "two-mode" else NORMALIZATIONS_ONE_MODE
    if normalization not in allowed:
        fail(f"--normalization: {kind} graphs take {', '.join(allowed)}; got {normalization!r}")
    if aggregation != "ignore" and kind != "two-mode":
        fail("--aggregation applies to --kind two-mode only")
    if aggregation == "combine" and normalization != "no":
        fail("--aggregation combine cannot be normalised; use --normalization no")
    if exclude_actor and only_actor:
        fail("use either --exclude-actor or --only-actor, not both")
    if exclude_issue and only_issue:
        fail("use either --exclude-issue or --only-issue, not both")
    if fmt is None:
        suffix = output.suffix.lstrip(".").lower() if output else ""
        fmt = suffix if suffix in GRAPH_FORMATS else "graphml"

    statements = _read(db)
    filters = dict(exclude_actors=list(only_actor or exclude_actor),
                   invert_actors=bool(only_actor),
                   exclude_issues=list(only_issue or exclude_issue),
                   invert_issues=bool(only_issue))
    opts = dict(normalization=normalization, duplicates=duplicates, **filters)
    if kind == "two-mode":
        opts["aggregation"] = aggregation
    if fmt == "gexf" and week is None:
        graph = timeline_graph(statements, kind, **opts)
    else:
        graph = build_graph(statements, kind, week=week, **opts)
    if graph.number_of_nodes() == 0:
        where = f" in week {week}" if week else ""
        click.echo(f"stances: warning: no signed statements{where} in {db}; the graph is empty",
                   err=True)

    data = graph_bytes(graph, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, "
                   f"{graph.number_of_edges()} edges ({kind}, {fmt})", err=True)

    if draw_dir is not None:
        from ..draw import draw_agreement_disagreement

        one_mode_norm = normalization if normalization in NORMALIZATIONS_ONE_MODE else "no"
        a, d = draw_agreement_disagreement(
            statements, draw_dir, seed=seed, title=week or "", week=week,
            normalization=one_mode_norm, duplicates=duplicates, **filters)
        click.echo(f"wrote {a} and {d}", err=True)

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
        click.echo(f"balanced triangles: {bal.balanced} of {bal.triangles} ({share})", err=True)
