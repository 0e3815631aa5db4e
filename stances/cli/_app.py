"""The click group every command module registers on, and shared helpers.

The CLI is a thin layer: each command parses options, calls library
functions, prints, and maps errors to exit codes (0 ok, 1 a check or
evaluation failed, 2 bad input or usage).
"""
from __future__ import annotations

import functools
import sys
from typing import NoReturn

import click

from ..model import StancesError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stances")
def main():
    """Track who says what about which issue in conflict news.

    \b
    Example:
      stances check                 # validate rules/ and run their examples
      stances report                # weekly report of seeds/ into reports/
    """


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print a one-line error to stderr and exit with *code*."""
    click.echo(f"stances: error: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """Turn :class:`StancesError` and I/O errors into one-line messages and exit 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StancesError as exc:
            lines = str(exc).splitlines() or [type(exc).__name__]
            for line in lines:
                click.echo(line, err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            name = getattr(exc, "filename", None)
            where = f"{name}: " if name else ""
            fail(f"{where}{exc.strerror or exc}")

    return wrapper
