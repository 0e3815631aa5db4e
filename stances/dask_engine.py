"""Extraction over a Dask cluster, written as partitioned Parquet.

Needs the optional extra ``stances[dask]`` (``dask[dataframe]``,
``distributed``); Dask is imported only when this engine runs, so the core
does not depend on it.

How it works: this process reads the articles (so the workers need no
access to the input files, and unreadable inputs are reported here exactly
as the local engine reports them), cuts the stream into partitions of
``partition_size`` articles and submits one task per partition. The rule set
is scattered to every worker once, with its matcher if the client has built
it (otherwise each worker builds it once), and each worker keeps it. Results are written, in input order, as ``part-00000.parquet``,
``part-00001.parquet``, ... in the output folder, with a bounded number of
partitions in flight, so memory stays flat on both sides. Concatenated, the
parts hold exactly the rows of the local engine (``stances extract``), in
the same order.

Pointing it at a real cluster: start a scheduler and workers on the cluster
machines (``dask scheduler``; ``dask worker tcp://HOST:8786`` on each,
all with ``pip install "stances[dask]"`` of the same version), then run
``stances extract ARTICLES/ --engine dask --scheduler tcp://HOST:8786 -o out.parquet``.
See ``docs/performance.md``.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from pathlib import Path

__all__ = ["dask_extract", "read_partitioned", "PARQUET_SCHEMA_COLUMNS"]

#: Columns of a partition file and their Arrow types.
PARQUET_SCHEMA_COLUMNS = [
    ("doc", "string"), ("date", "date32"), ("week", "string"), ("actor", "string"),
    ("issue", "string"), ("position", "string"), ("score", "double"), ("rule", "string"),
    ("negated", "bool"), ("holder_text", "string"), ("holder_via", "string"), ("sentence", "string"),
    ("start", "int64"), ("end", "int64"), ("source", "string"), ("title", "string"), ("url", "string"),
    ("rules_version", "string"),
]


def _schema():
    import pyarrow as pa

    types = {"string": pa.string(), "date32": pa.date32(), "double": pa.float64(),
             "bool": pa.bool_(), "int64": pa.int64()}
    return pa.schema([(name, types[t]) for name, t in PARQUET_SCHEMA_COLUMNS])


def _extract_partition(articles, ruleset):
    """Worker task: the statements of a list of articles, as a plain frame."""
    import pandas as pd

    from .extract import extract_article
    from .io import statements_frame

    rows = []
    for a in articles:
        rows.extend(extract_article(a, ruleset))
    frame = statements_frame(rows)
    for col in ("actor", "issue"):
        frame[col] = frame[col].astype("object")
    # calendar dates (no time unit to disagree on between pandas versions)
    frame["date"] = pd.Series([d.date() if d == d and d is not None else None for d in frame["date"]],
                              index=frame.index, dtype=object)
    return frame


def _write_part(frame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, schema=_schema(), preserve_index=False)
    pq.write_table(table, str(path))


def dask_extract(articles, ruleset, out_dir, *, scheduler: str | None = None, n_workers: int | None = None,
                 processes: bool = True, partition_size: int = 500, on_article=None, client=None) -> dict:
    """Extract statements of *articles* on a Dask cluster into partitioned Parquet.

    Parameters
    ----------
    articles : iterable of Article
        Read in this process (e.g. with :func:`stances.corpus.read_articles`).
    ruleset : RuleSet
    out_dir : str or path
        Folder for ``part-NNNNN.parquet`` files (created; existing parts are
        replaced). ``pd.read_parquet(out_dir)`` and
        :func:`read_partitioned` load it.
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); without one, a
        local cluster of *n_workers* workers is started and stopped.
    n_workers : int, optional
        Workers of the local cluster (default: the CPUs of this machine).
    processes : bool
        Local cluster of worker processes (true) or threads (false, for tests).
    partition_size : int
        Articles per task and per output file.
    on_article : callable, optional
        Called with each article when its partition has been written (progress).
    client : distributed.Client, optional
        Use this client instead of connecting or starting a cluster.

    Returns
    -------
    dict
        ``articles``, ``statements`` and ``partitions`` counts.

    Examples
    --------
    >>> from stances import Article, load_rules
    >>> rs = load_rules("tests/fixtures/rules_min")  # doctest: +SKIP
    >>> arts = [Article("d1", "Egypt called for a ceasefire, officials said.")]
    >>> dask_extract(arts, rs, "out.parquet", processes=False, n_workers=1)  # doctest: +SKIP
    {'articles': 1, 'statements': 1, 'partitions': 1}
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from .model import StancesError

        raise StancesError("the Dask engine needs the optional extra: pip install 'stances[dask]'") from exc

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        from .model import InputError

        raise InputError(str(out), "the Dask engine writes a folder of Parquet files; this is a file")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()

    cluster = None
    own_client = client is None
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            workers = n_workers or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                       else (os.cpu_count() or 1))
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                   dashboard_address=None)
            client = Client(cluster)
    counts = {"articles": 0, "statements": 0, "partitions": 0}
    try:
        n_workers_live = max(1, len(client.scheduler_info().get("workers", {})))
        [rs_future] = client.scatter([ruleset], broadcast=True, hash=False)  # a fresh key per run
        it = iter(articles)
        pending: deque = deque()
        in_flight = 3 * n_workers_live

        def submit() -> bool:
            chunk = list(itertools.islice(it, partition_size))
            if not chunk:
                return False
            fut = client.submit(_extract_partition, chunk, rs_future, pure=False)
            pending.append((chunk, fut))
            return True

        for _ in range(in_flight):
            if not submit():
                break
        while pending:
            chunk, fut = pending.popleft()
            frame = fut.result()
            fut.release()
            submit()
            _write_part(frame, out / f"part-{counts['partitions']:05d}.parquet")
            counts["partitions"] += 1
            counts["articles"] += len(chunk)
            counts["statements"] += len(frame)
            if on_article is not None:
                for a in chunk:
                    on_article(a)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
    if counts["partitions"] == 0:  # no article: one empty part, so readers get an empty table
        _write_part(_extract_partition([], ruleset), out / "part-00000.parquet")
        counts["partitions"] = 1
    return counts


def read_partitioned(out_dir):
    """Load a folder written by :func:`dask_extract` as one statement frame.

    The parts are read in order and normalised like any statement table
    (categorical ``actor``/``issue``, see :func:`stances.io.normalise_frame`).
    """
    import pandas as pd

    from .io import normalise_frame
    from .model import InputError

    parts = sorted(Path(out_dir).glob("part-*.parquet"))
    if not parts:
        raise InputError(str(out_dir), "no part-*.parquet files (not written by the Dask engine?)")
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    return normalise_frame(frame)
