"""The click group every command module registers on, and the shared error handling.

The CLI is a thin layer: each command parses options, calls library
functions, prints, and maps errors to exit codes (0 ok, 1 a check or
evaluation failed, 2 bad input or usage). Every error, a usage error of
click's as much as a bad file, is one line ``stances: error: ...`` on
standard error; rule problems keep their ``path:line:col: CODE message``
lines. A closed standard output (``stances explain ... | head``) ends the
command quietly with exit 0.

Nothing heavy is imported here: commands import pandas, networkx or
matplotlib inside their bodies, so ``stances --help`` starts at once.
"""
from __future__ import annotations

import errno
import functools
import os
import sys
from typing import NoReturn

import click

from ..model import RuleError, StancesError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


class StancesGroup(click.Group):
    """A click group whose usage errors read ``stances: error: ...`` and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if not _is_broken_pipe(exc):
                raise
            _silence_stdout()   # the reader has gone: stop quietly, nothing to report
            sys.exit(EXIT_OK)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "stances"
            click.echo(f"stances: error: {exc.format_message()} (see: {where} --help)", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.exceptions.Abort:
            click.echo("stances: interrupted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            click.echo(f"stances: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if not _is_broken_pipe(exc):
                raise
            _silence_stdout()
            sys.exit(EXIT_OK)
        try:
            sys.stdout.flush()
        except OSError as exc:
            if not _is_broken_pipe(exc):
                raise
            _silence_stdout()
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@click.group(cls=StancesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stances")
def main():
    """Track who says what about which issue in conflict news.

    \b
    Example:
      stances check                 # validate rules/ and run their examples
      stances report                # weekly report of seeds/ into reports/
    """


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print a one-line error ``stances: error: MESSAGE`` to stderr and exit with *code*."""
    click.echo(f"stances: error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Print ``stances: warning: MESSAGE`` to stderr."""
    click.echo(f"stances: warning: {message}", err=True)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``1,234 statements``: the one number format of messages.

    >>> plural(1, "article"), plural(1234, "statement"), plural(2, "party", "parties")
    ('1 article', '1,234 statements', '2 parties')
    """
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def report_rule_error(exc: RuleError, where: str | None = None) -> NoReturn:
    """Print each rule problem as ``path:line:col: CODE message``, then a summary; exit 2."""
    for p in exc.problems:
        click.echo(str(p), err=True)
    n = len(exc.problems)
    click.echo(f"stances: error: {plural(n, 'problem')}" + (f" in {where}" if where else " in the rules"),
               err=True)
    sys.exit(EXIT_BAD_INPUT)


def handle_errors(func):
    """Turn :class:`StancesError` and I/O errors into ``stances: error:`` lines and exit 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RuleError as exc:
            report_rule_error(exc)
        except StancesError as exc:
            lines = str(exc).splitlines() or [type(exc).__name__]
            click.echo(f"stances: error: {lines[0]}", err=True)
            for line in lines[1:]:
                click.echo(f"    {line}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            if _is_broken_pipe(exc):
                raise
            name = getattr(exc, "filename", None)
            where = f"{name}: " if name else ""
            fail(f"{where}{exc.strerror or exc}")

    return wrapper
