"""Run extraction in worker processes, streaming, with output in input order."""
from __future__ import annotations

import itertools
from collections import deque
from concurrent.futures import ProcessPoolExecutor

__all__ = ["parallel_extract"]

_RULESET = None


def _init(ruleset):
    global _RULESET
    _RULESET = ruleset


def _work(chunk):
    from .extract import extract_article

    return [extract_article(a, _RULESET) for a in chunk]


def parallel_extract(articles, ruleset, jobs: int, chunk_size: int = 64):
    """Yield ``(article, statements)`` in input order using *jobs* processes.

    At most ``2 * jobs`` chunks are in flight, so memory stays flat however many
    articles stream through. The rule set is sent to each worker once.

    Parameters
    ----------
    articles : iterable of Article
    ruleset : RuleSet
    jobs : int
        Number of worker processes (>= 2).
    chunk_size : int
        Articles per task.
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

        for _ in range(2 * jobs):
            if not submit():
                break
        while pending:
            chunk, fut = pending.popleft()
            results = fut.result()
            submit()
            yield from zip(chunk, results)
