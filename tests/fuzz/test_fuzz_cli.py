"""Issue 16: a fuzzing suite of the project's own.

Hostile article folders, rule files and DNA databases go through every command, in process
(click's CliRunner). Whatever the input, each command exits 0, 1 or 2 and never with a
traceback, writes nothing outside its outputs, puts no input markup into HTML or Markdown and
no formula-leading cell into a CSV, and the store passes ``PRAGMA integrity_check``.

Fast by default (a fixed seed, a few dozen cases per test); ``STANCES_FUZZ_EXAMPLES=2000``
runs that many cases per test, by hand.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import tempfile
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from fuzz_strategies import MARK, corpus, dna_rows, fuzz_settings, hostile_text, issue_file

from stances.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "fixtures" / "rules_min"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def invoke(args, cwd: Path):
    """Run one command in process in *cwd*; check the exit code and that nothing raised."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)
    out = r.output + (r.stderr if r.stderr_bytes is not None else "")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        tb = "".join(traceback.format_exception(r.exception))
        pytest.fail(f"{args[0]} raised:\n{tb}")
    assert r.exit_code in (0, 1, 2), (args, r.exit_code, out)
    assert "Traceback" not in out, out
    return r.exit_code, r.output


def tree(folder: Path) -> set:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def write_corpus(files, folder: Path) -> None:
    folder.mkdir()
    base = os.fsencode(folder)
    for name, data in files:
        try:
            with open(os.path.join(base, name), "wb") as f:
                f.write(data)
        except OSError:  # a name the file system refuses (too long...)
            continue


def assert_no_formula_cells(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in FORMULA:
                try:
                    float(cell)
                except ValueError:
                    pytest.fail(f"formula-leading CSV cell {cell!r}")


def assert_no_markup(text: str) -> None:
    assert not re.search(rf"<\s*/?\s*{MARK}", text, re.I), "input markup in output"
    assert not re.search(rf"<script>\s*{MARK}", text, re.I), "input script in output"
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", text, re.I), "javascript: link in output"


def assert_store_ok(db: Path) -> None:
    if db.exists():
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()


@fuzz_settings(12)
@given(files=corpus)
def test_every_command_survives_hostile_articles(files):
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        write_corpus(files, work / "in")
        out = work / "out"
        out.mkdir()
        db = out / "s.db"
        before = tree(work)
        code, _ = invoke(["extract", "in", "--rules", RULES, "-o", out / "s.csv"], work)
        if code == 0 and (out / "s.csv").exists():
            assert_no_formula_cells((out / "s.csv").read_text(encoding="utf-8"))
        invoke(["extract", "in", "--rules", RULES, "--format", "jsonl", "-o", out / "s.jsonl"], work)
        invoke(["ingest", "in", "--rules", RULES, "--db", db], work)
        assert_store_ok(db)
        if db.exists():
            _, md = invoke(["table", "--all", "--db", db, "--rules", RULES, "--format", "markdown"], work)
            assert_no_markup(md)
            code, text = invoke(["table", "--all", "--db", db, "--rules", RULES, "--format", "csv"], work)
            if code == 0:
                assert_no_formula_cells(text)
            for fmt in ("graphml", "gexf", "csv"):
                code, _ = invoke(["graph", "--db", db, "--format", fmt, "-o", out / f"g.{fmt}"], work)
                if code == 0 and fmt != "csv":
                    ET.parse(out / f"g.{fmt}")  # well-formed XML
                elif code == 0:
                    assert_no_formula_cells((out / "g.csv").read_text(encoding="utf-8"))
            code, _ = invoke(["report", "--db", db, "--rules", RULES, "--all", "--out", out / "r"], work)
            if code == 0:
                for name in ("index.html",):
                    assert_no_markup((out / "r" / "all" / name).read_text(encoding="utf-8"))
                for name in ("statements.csv", "table.csv"):
                    assert_no_formula_cells((out / "r" / "all" / name).read_text(encoding="utf-8"))
                ET.parse(out / "r" / "all" / "graph.graphml")
        code, _ = invoke(["report", "in", "--rules", RULES, "--all", "--out", out / "m"], work)
        if code == 0:
            assert_no_markup((out / "m" / "all" / "index.html").read_text(encoding="utf-8"))
        assert_store_ok(db)
        assert tree(work) - before <= {p.relative_to(work) for p in out.rglob("*")}  # only under out/


@fuzz_settings(40)
@given(text=hostile_text)
def test_explain_survives_hostile_text(text):
    with tempfile.TemporaryDirectory() as d:
        invoke(["explain", text.replace("\x00", " ") or "x", "--rules", RULES], Path(d))


@fuzz_settings(30)
@given(issue=issue_file())
def test_check_survives_hostile_rule_files(issue):
    import shutil

    with tempfile.TemporaryDirectory() as d:
        rules = Path(d) / "rules"
        shutil.copytree(RULES, rules)
        (rules / "issues" / "fuzz.yaml").write_text(issue, encoding="utf-8", errors="surrogatepass")
        code, _ = invoke(["check", "--rules", rules], Path(d))
        cache = Path(os.environ["STANCES_CACHE_DIR"])
        assert not list(cache.glob("*.tmp"))
        if code == 0:
            (Path(d) / "a.txt").write_text("Turkey called for a truce. " * 20)
            invoke(["extract", "a.txt", "--rules", rules], Path(d))


@fuzz_settings(30)
@given(rows=dna_rows)
def test_import_dna_survives_hostile_rows(rows):
    import importlib.util

    spec = importlib.util.spec_from_file_location("_dna_helpers", ROOT / "tests" / "test_dna.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    with tempfile.TemporaryDirectory() as d:
        dna = helpers.make_dna(Path(d) / "f.dna")
        con = sqlite3.connect(dna)
        for i, (date, start, stop, qualifier, name) in enumerate(rows, start=1):
            sid = 100 + i
            con.execute("INSERT INTO DOCUMENTS VALUES (?, 't', 'some text here', 's', ?)", (sid, date))
            con.execute("INSERT INTO STATEMENTS VALUES (?, 1, ?, ?, ?)", (sid, sid, start, stop))
            con.execute("INSERT INTO ENTITIES VALUES (?, 1, ?)", (sid, name.replace("\ud800", "?")
                                                                  .replace("\udfff", "?")))
            con.execute("INSERT INTO DATASHORTTEXT VALUES (?, ?, 1, ?), (?, ?, 2, 20)",
                        (2 * sid, sid, sid, 2 * sid + 1, sid))
            con.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 3, ?)",
                        (sid, qualifier))
        con.commit()
        con.close()
        db = Path(d) / "s.db"
        code, _ = invoke(["import-dna", dna, "--db", db], Path(d))
        assert_store_ok(db)
        if code == 0:
            _, md = invoke(["table", "--all", "--db", db, "--format", "markdown"], Path(d))
            assert_no_markup(md)
