"""Command-line interface: ``stances COMMAND``. See ``stances --help``."""
from ._app import main

# Each module registers its commands on ``main`` when imported.
from . import rules_cmds  # noqa: F401,E402  check
from . import extract_cmds  # noqa: F401,E402  extract, explain, eval
from . import graph_cmds  # noqa: F401,E402  graph
from . import store_cmds  # noqa: F401,E402  ingest, table, import-dna
from . import report_cmds  # noqa: F401,E402  report

__all__ = ["main"]
