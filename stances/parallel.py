"""Parallel, streaming extraction and streamed output.

* :func:`parallel_extract` runs :func:`stances.extract.extract_article` in
  worker processes; results come back in input order, with a bounded number
  of chunks in flight, so memory stays flat however large the corpus.
* :func:`write_statement_stream` writes ``(article, statements)`` pairs as
  CSV or JSONL while they arrive (it is :func:`stances.io.write_statement_stream`).
"""
from __future__ import annotations

import itertools
import os
from collections import deque

__all__ = ["parallel_extract", "write_statement_stream", "default_jobs"]

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


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
