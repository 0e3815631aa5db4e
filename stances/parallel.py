"""Parallel, streaming extraction, streamed output and a terminal progress line.

* :func:`parallel_extract` runs :func:`stances.extract.extract_article` in
  worker processes; results come back in input order, with a bounded number
  of chunks in flight, so memory stays flat however large the corpus.
* :func:`write_statement_stream` writes ``(article, statements)`` pairs as
  CSV or JSONL while they arrive (it is :func:`stances.io.write_statement_stream`).
* :class:`Progress` prints a one-line progress counter on a terminal only.
"""
from __future__ import annotations

import itertools
import os
import sys
import time
from collections import deque

__all__ = ["parallel_extract", "write_statement_stream", "Progress"]

_RULESET = None


def _init(ruleset):
    global _RULESET
    _RULESET = ruleset
    ruleset.matcher  # built (or restored) once per worker, before the first chunk


def _work(chunk):
    from .extract import extract_article

    return [extract_article(a, _RULESET) for a in chunk]


def _work_analyses(chunk):
    from .extract import analyse

    return [analyse(a, _RULESET, speakers=True) for a in chunk]


def parallel_extract(articles, ruleset, jobs: int, chunk_size: int = 32, analyses: bool = False):
    """Yield ``(article, statements)`` in input order using *jobs* processes.

    With ``analyses``, yield ``(article, Analysis)`` instead, each with its dropped
    matches and unknown speakers counted (``analyse(..., speakers=True)``).

    At most ``3 * jobs`` chunks are in flight, so memory stays flat however many
    articles stream through. The rule set is sent to each worker once, with its
    matcher when it is built already (a rule set loaded from the cache carries
    it, compiled code included), so a worker compiles nothing it need not.

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
    from concurrent.futures import ProcessPoolExecutor  # (not at import: it costs a one-file extract 30 ms)

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(ruleset,)) as pool:
        pending: deque = deque()

        def submit():
            chunk = list(itertools.islice(it, chunk_size))
            if not chunk:
                return False
            pending.append((chunk, pool.submit(_work_analyses if analyses else _work, chunk)))
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
def write_statement_stream(pairs, path, fmt: str = "csv", chunk: int = 4096, on_article=None) -> int:
    """Write ``(article, statements)`` *pairs* as they arrive: see :func:`stances.io.write_statement_stream`.

    *chunk* is accepted for compatibility; rows are written one at a time.
    """
    from .io import write_statement_stream as _write

    return _write(pairs, path, fmt, on_article=on_article)


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
