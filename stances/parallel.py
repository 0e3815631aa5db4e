"""Parallel, streaming extraction, streamed output and a terminal progress line.

* :func:`parallel_extract` runs :func:`stances.extract.extract_article` in
  worker processes; results come back in input order, with a bounded number
  of chunks in flight, so memory stays flat however large the corpus.
* :func:`write_statement_stream` writes ``(article, statements)`` pairs as
  CSV or JSONL while they arrive (byte-identical to
  :func:`stances.io.write_statements` on the whole table), or as Parquet.
* :class:`Progress` prints a one-line progress counter on a terminal only.
"""
from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor

__all__ = ["parallel_extract", "write_statement_stream", "Progress"]

_RULESET = None


def _init(ruleset):
    global _RULESET
    _RULESET = ruleset
    ruleset.matcher  # compile once per worker, before the first chunk


def _work(chunk):
    from .extract import extract_article

    return [extract_article(a, _RULESET) for a in chunk]


def parallel_extract(articles, ruleset, jobs: int, chunk_size: int = 32):
    """Yield ``(article, statements)`` in input order using *jobs* processes.

    At most ``3 * jobs`` chunks are in flight, so memory stays flat however many
    articles stream through. The rule set is sent to each worker once (its
    compiled matcher is rebuilt there, not pickled).

    Parameters
    ----------
    articles : iterable of Article
    ruleset : RuleSet
    jobs : int
        Number of worker processes (>= 2).
    chunk_size : int
        Articles per task.

    Examples
    --------
    >>> from stances import Article, load_rules
    >>> rs = load_rules("tests/fixtures/rules_min")  # doctest: +SKIP
    >>> arts = [Article(f"d{i}", "Egypt called for a ceasefire.") for i in range(3)]
    >>> [(a.doc, len(s)) for a, s in parallel_extract(arts, rs, jobs=2)]  # doctest: +SKIP
    [('d0', 1), ('d1', 1), ('d2', 1)]
    """
    it = iter(articles)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(ruleset,)) as pool:
        pending: deque = deque()

        def submit():
            chunk = list(itertools.islice(it, chunk_size))
            if not chunk:
                return False
            pending.append((chunk, pool.submit(_work, chunk)))
            return True

        for _ in range(3 * jobs):
            if not submit():
                break
        while pending:
            chunk, fut = pending.popleft()
            results = fut.result()
            submit()
            yield from zip(chunk, results)


# ----------------------------------------------------------------------------- output
def _plain_records(statements):
    """Rows of *statements* as :func:`stances.io.write_statements` renders them."""
    from .io import _plain, statements_frame

    return _plain(statements_frame(statements))


def write_statement_stream(pairs, path, fmt: str = "csv", chunk: int = 4096, on_article=None) -> int:
    """Write the statements of ``(article, statements)`` *pairs* as they arrive.

    CSV and JSONL are written in chunks of *chunk* statements (the bytes are the
    same as :func:`stances.io.write_statements` of the whole table), so memory
    does not grow with the corpus. Parquet (one typed table with categorical
    ``actor``/``issue``) is collected and written at the end.

    Parameters
    ----------
    pairs : iterable of (Article, list of Statement)
    path : str, os.PathLike or None
        The output file; ``None`` writes CSV/JSONL to standard output.
    fmt : {"csv", "jsonl", "parquet"}
    chunk : int
        Statements per write.
    on_article : callable, optional
        Called with each article after its statements are queued (progress).

    Returns
    -------
    int
        The number of statements written.

    Examples
    --------
    >>> import io, contextlib
    >>> buf = io.StringIO()
    >>> with contextlib.redirect_stdout(buf):
    ...     n = write_statement_stream([], None, "csv")
    >>> n
    0
    >>> buf.getvalue().split(",")[:3]
    ['doc', 'date', 'week']
    """
    from .io import FORMATS, csv_safe, write_statements
    from .model import InputError

    if fmt not in FORMATS:
        raise InputError(str(path or "-"), f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        if path is None:
            raise InputError("-", "parquet output needs -o FILE")
        from .io import statements_frame

        rows: list = []
        for article, statements in pairs:
            rows.extend(statements)
            if on_article is not None:
                on_article(article)
        write_statements(statements_frame(rows), path, "parquet")
        return len(rows)
    out = sys.stdout if path is None else open(path, "w", encoding="utf-8", newline="")
    buf: list = []
    total = 0
    first = True

    def flush(final=False):
        nonlocal first
        if not buf and not (final and first):
            return
        frame = _plain_records(buf)
        if fmt == "csv":
            out.write(csv_safe(frame).to_csv(index=False, header=first, lineterminator="\n"))
        else:
            for rec in frame.to_dict(orient="records"):
                out.write(json.dumps({k: (None if (isinstance(v, float) and v != v) else v)
                                      for k, v in rec.items()}, ensure_ascii=False) + "\n")
        first = False
        buf.clear()

    try:
        for article, statements in pairs:
            buf.extend(statements)
            total += len(statements)
            if on_article is not None:
                on_article(article)
            if len(buf) >= chunk:
                flush()
        flush(final=True)
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    return total


# ----------------------------------------------------------------------------- progress
class Progress:
    """A one-line progress counter on standard error, shown on a terminal only.

    Quiet when *enabled* is false (``--quiet``) or when standard error is not
    a terminal (pipes, files, CI logs), so redirected output stays clean.

    Examples
    --------
    >>> p = Progress("extract", enabled=False)
    >>> p.update(chars=100); p.close(); p.count
    1
    """

    def __init__(self, label: str, enabled: bool = True, stream=None, every: float = 0.25):
        self.stream = stream or sys.stderr
        self.enabled = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.label = label
        self.count = 0
        self.chars = 0
        self.every = every
        self._t0 = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, chars: int = 0, n: int = 1) -> None:
        self.count += n
        self.chars += chars
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._show(now)

    def _show(self, now):
        sec = max(now - self._t0, 1e-9)
        self.stream.write(f"\r{self.label}: {self.count:,} articles, {self.chars / 1e6:,.1f} MB, "
                          f"{self.count / sec:,.0f} articles/s, {self.chars / 1e6 / sec:,.2f} MB/s ")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self.count:
            self._show(time.monotonic())
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
