import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Rule-set caches of the test run (and of the CLI subprocesses it starts) go to a temporary folder,
# never to the user's ~/.cache.
os.environ["STANCES_CACHE_DIR"] = tempfile.mkdtemp(prefix="stances-test-cache-")
# ... and the key that signs them lives beside that folder (outside it), not in ~/.config
os.environ["STANCES_CACHE_KEY_FILE"] = os.environ["STANCES_CACHE_DIR"] + ".key"


@pytest.fixture(scope="session")
def min_rules():
    """A small rule set written for the tests (tests/fixtures/rules_min)."""
    from stances.rules import load_rules

    return load_rules(FIXTURES / "rules_min")


@pytest.fixture(scope="session")
def shipped_rules():
    from stances.rules import load_rules

    return load_rules(ROOT / "rules")


@pytest.fixture
def run(min_rules):
    """Extract statements from a text with the small rule set: [(actor, issue, score, via)]."""
    from stances.extract import extract_article
    from stances.model import Article

    def _run(text, date=dt.date(2020, 7, 9), rules=None):
        stmts = extract_article(Article("t", text, date), rules or min_rules)
        return [(s.actor, s.issue, s.score, s.holder_via) for s in stmts]

    return _run
