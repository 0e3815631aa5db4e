"""One progress style for long commands: a bar with count, total and ETA on a terminal, quiet in pipes.

:func:`refresh_store` is what ``report`` (and any command that reads a store)
calls before reading: when the rules changed since the store was built it
says so in one line, then re-extracts the stale articles from their stored
text with a progress bar.
"""
from __future__ import annotations

import sys

import click

from .. import store as _store

__all__ = ["Progress", "refresh_store"]


class Progress:
    """``Progress(total, label)``: call it once per item done; ``close()`` at the end.

    Draws a click progress bar (position, total and ETA) on stderr when stderr
    is a terminal, and nothing otherwise (pipes, logs, tests).
    """

    def __init__(self, total: int, label: str, *, show: bool | None = None):
        self.done = 0
        show = sys.stderr.isatty() if show is None else show
        self.bar = None
        if show and total > 0:
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True,
                                         show_pos=True)
            self.bar.__enter__()

    def __call__(self, *_item) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def refresh_store(db, ruleset, *, jobs: int = 1, show: bool | None = None) -> int:
    """Re-extract the articles of store *db* that are stale under *ruleset*, saying so first.

    Prints ``stances: rules changed since the store was built: re-extracting N of M articles``
    to stderr when there is anything to do, then shows :class:`Progress`.

    Returns
    -------
    int
        Articles re-extracted.
    """
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
