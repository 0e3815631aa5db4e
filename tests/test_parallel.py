"""--jobs N gives the same statements as one job; streamed output; progress only on a terminal."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.extract import extract_many
from stances.io import statements_frame, write_statements
from stances.cli._progress import ArticleProgress
from stances.parallel import parallel_extract, write_statement_stream
from stances.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "rules_min"
sys.path.insert(0, str(ROOT / "bench"))

from corpus import ArticleGenerator, write_articles  # noqa: E402


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(RULES)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, ruleset):
    d = tmp_path_factory.mktemp("corpus")
    write_articles(d, 150, ruleset, seed=7)
    return d


def _articles(corpus_dir):
    from stances.corpus import read_articles

    return [a for a in read_articles([corpus_dir]) if hasattr(a, "text")]


def test_generator_is_deterministic(ruleset):
    a = ArticleGenerator(ruleset, seed=3)
    b = ArticleGenerator(ruleset, seed=3)
    assert [a.text_file(i) for i in range(5)] == [b.text_file(i) for i in range(5)]
    assert a.text_file(0) != ArticleGenerator(ruleset, seed=4).text_file(0)


def test_jobs_2_gives_the_same_statements_in_the_same_order(ruleset, corpus_dir):
    arts = _articles(corpus_dir)
    one = [(a.doc, s) for a, s in extract_many(arts, ruleset, jobs=1)]
    two = [(a.doc, s) for a, s in extract_many(arts, ruleset, jobs=2)]
    assert sum(len(s) for _, s in one) > 100  # the corpus really produces statements
    assert one == two


def test_parallel_extract_with_tiny_chunks_keeps_input_order(ruleset, corpus_dir):
    arts = _articles(corpus_dir)[:40]
    got = list(parallel_extract(iter(arts), ruleset, jobs=2, chunk_size=3))
    assert [a.doc for a, _ in got] == [a.doc for a in arts]
    assert [s for _, s in got] == [s for _, s in extract_many(arts, ruleset, jobs=1)]


def test_cli_jobs_2_output_is_byte_identical(corpus_dir, tmp_path):
    runner = CliRunner()
    for fmt in ("csv", "jsonl"):
        outs = []
        for jobs in ("1", "2"):
            out = tmp_path / f"out{jobs}.{fmt}"
            res = runner.invoke(main, ["extract", str(corpus_dir), "--rules", str(RULES), "--format", fmt,
                                       "-o", str(out), "--jobs", jobs, "--quiet"])
            assert res.exit_code == 0, res.output
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]
        assert outs[0].count(b"\n") > 100


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_streamed_output_equals_whole_table_output(ruleset, corpus_dir, tmp_path, fmt):
    pairs = list(extract_many(_articles(corpus_dir), ruleset))
    streamed = tmp_path / f"s.{fmt}"
    whole = tmp_path / f"w.{fmt}"
    n = write_statement_stream(iter(pairs), streamed, fmt, chunk=7)  # many small chunks
    write_statements(statements_frame([s for _, ss in pairs for s in ss]), whole, fmt)
    assert n == sum(len(ss) for _, ss in pairs)
    assert streamed.read_bytes() == whole.read_bytes()


def test_streamed_output_with_no_statements_still_has_the_header(tmp_path):
    out = tmp_path / "empty.csv"
    assert write_statement_stream([], out, "csv") == 0
    assert out.read_text().startswith("doc,date,week,actor,issue,position,score")


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_a_bar_with_total_on_a_terminal_only(tmp_path):
    """extract and ingest share one progress style: a bar over the input files, with the
    position, the total and the articles read so far, on a terminal only."""
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text("x")
    tty, pipe = _Tty(), io.StringIO()
    arts = [type("A", (), {"path": str(tmp_path / n)})() for n in ("a.txt", "b.txt")]
    arts += [type("A", (), {"path": f"{tmp_path / 'c.jsonl'}:{i}"})() for i in (1, 2, 3)]
    for stream in (tty, pipe):
        p = ArticleProgress([tmp_path], "extracting", file=stream)
        for a in arts:
            p.article(a)
        p.close()
        assert p.articles == 5
    assert "extracting" in tty.getvalue() and "3/3" in tty.getvalue() and "5 articles" in tty.getvalue()
    assert pipe.getvalue() == ""
    quiet = _Tty()
    p = ArticleProgress([tmp_path], "extracting", show=False, file=quiet)
    p.article(arts[0])
    p.close()
    assert quiet.getvalue() == ""


def test_cli_extract_is_quiet_in_a_pipe(corpus_dir, tmp_path):
    res = CliRunner().invoke(main, ["extract", str(corpus_dir), "--rules", str(RULES), "-o",
                                    str(tmp_path / "o.csv"), "--jobs", "2"])
    assert res.exit_code == 0
    # not a terminal: no progress bar, only the summary
    assert "extracting" not in res.output
    assert "statements from 150 articles" in res.output
