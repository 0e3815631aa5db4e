"""Issue 16: work grows linearly with hostile input, counted in operations (never timed).

The operation count is the number of Python lines ``stances`` executes (``sys.settrace``) to
read, clean, split, quote-scan and extract an article. The scanners that run in C (regular
expressions) are written so that none can rescan a run (see ``stances.text`` and
``stances.clean``); the regression tests in ``tests/test_text.py`` and ``tests/test_clean.py``
feed them floods of 300-400 KB that took hours before.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st

from fuzz_strategies import fuzz_settings, hostile_text

import stances
from stances.clean import clean_text
from stances.corpus import read_articles
from stances.extract import extract_article
from stances.model import Article
from stances.rules import load_rules
from stances.text import find_quotes, split_sentences

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "tests" / "fixtures" / "rules_min")
PACKAGE = str(Path(stances.__file__).resolve().parent)


def operations(text: str) -> int:
    """Lines of ``stances`` code run to read and extract *text* as an article file."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        def local(frame, event, arg):
            nonlocal count
            if event == "line":
                count += 1
            return local
        return local

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.txt"
        path.write_text("---\ndate: 2020-07-09\n---\n" + text, encoding="utf-8")
        sys.settrace(tracer)
        try:
            for item in read_articles([path]):
                if isinstance(item, Article):
                    cleaned = clean_text(item.text)
                    split_sentences(cleaned)
                    find_quotes(cleaned)
                    extract_article(item, RULES)
        finally:
            sys.settrace(None)
    return count


@fuzz_settings(15)
@given(unit=hostile_text, sep=st.sampled_from([" ", "", "\n", ". "]))
def test_work_is_linear_in_the_size_of_hostile_text(unit, sep):
    unit = unit.replace("\x00", " ") + "x"
    small = operations(sep.join([unit] * 40))
    large = operations(sep.join([unit] * 160))  # 4 times the text
    assert large <= 6 * small + 2000, (small, large)


def test_floods_cost_work_in_proportion():
    for unit in (".", "!?", "<!--", "<a", "<script>", '"', "\u201c", "$", "Turkey ", "((", "&amp;"):
        small, large = operations(unit * 2000), operations(unit * 8000)
        assert large <= 6 * small + 2000, (unit, small, large)
