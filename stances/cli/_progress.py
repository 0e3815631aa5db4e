"""One progress style for long commands: a bar with count, total and ETA on a terminal, quiet in pipes.

:func:`refresh_store` is what ``report`` (and any command that reads a store)
calls before reading: when the rules changed since the store was built it
says so in one line, then re-extracts the stale articles from their stored
text with a progress bar.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click


__all__ = ["Progress", "ArticleProgress", "count_files", "file_of", "refresh_store"]


class Progress:
    """``Progress(total, label)``: call it once per item done; ``close()`` at the end.

    Draws a click progress bar (position, total and ETA) on stderr when stderr
    is a terminal, and nothing otherwise (pipes, logs, tests).
    """

    def __init__(self, total: int, label: str, *, show: bool | None = None, status=None, file=None):
        self.done = 0
        file = file or sys.stderr
        show = file.isatty() if show is None else show
        self.bar = None
        if show and total > 0:
            self.bar = click.progressbar(length=total, label=label, file=file, show_eta=True,
                                         show_pos=True, item_show_func=(lambda _: status()) if status else None)
            self.bar.__enter__()

    def __call__(self, *_item) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def count_files(paths) -> int:
    """A rough count of the input files under *paths* (at least 1), for a progress bar's total."""
    n = 0
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                n += sum(1 for f in files if not f.startswith(".") and not f.endswith(".meta.yaml"))
        else:
            n += 1
    return max(n, 1)


def file_of(item) -> str:
    """The input file an article (or rejection) came from: its ``path`` without ``:line``."""
    path = getattr(item, "path", "") or ""
    head, _, tail = str(path).rpartition(":")
    return head if head and tail.isdigit() else str(path)


class ArticleProgress:
    """The :class:`Progress` bar of a stream of articles read from *paths*: one step per input
    file (a JSONL or CSV file holds many articles), the articles counted beside it.

    Examples
    --------
    >>> import io
    >>> p = ArticleProgress(["seeds"], "extracting", show=False)
    >>> p.article(type("A", (), {"path": "seeds/a.txt"})()); p.close(); p.articles
    1
    """

    def __init__(self, paths, label: str, *, show: bool | None = None, file=None):
        self.articles = 0
        self._last = None
        self.bar = Progress(count_files(paths), label, show=show, file=file,
                            status=lambda: f"{self.articles:,} {'article' if self.articles == 1 else 'articles'}")

    def article(self, article) -> None:
        """Count one article; step the bar when it comes from another file than the last."""
        self.articles += 1
        key = file_of(article)
        if self.bar.bar is not None:
            if key != self._last:
                self._last = key
                self.bar.bar.update(1)
            else:
                self.bar.bar.update(0)

    def close(self) -> None:
        if self.bar.bar is not None:
            self.bar.bar.render_progress()  # the final count (updates are drawn at most 10 times a second)
        self.bar.close()


def refresh_store(db, ruleset, *, jobs: int = 1, show: bool | None = None) -> int:
    """Re-extract the articles of store *db* that are stale under *ruleset*, saying so first.

    Prints ``stances: rules changed since the store was built: re-extracting N of M articles``
    to stderr when there is anything to do, then shows :class:`Progress`.

    Returns
    -------
    int
        Articles re-extracted.
    """
    from .. import store as _store

    with _store.Store(db, create=False) as store:
        stale = store.stale_count(ruleset.version)
        if not stale:
            return 0
        total = store.article_count()
        click.echo(f"stances: rules changed since the store was built: re-extracting {stale} of {total} "
                   f"{'article' if total == 1 else 'articles'} from the stored text", err=True)
        bar = Progress(stale, "re-extracting", show=show)
        try:
            return store.refresh(ruleset, jobs=jobs, progress=bar)
        finally:
            bar.close()
