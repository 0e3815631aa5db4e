"""The example runner and the check / extract / explain / eval commands."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from stances.check import run_examples
from stances.cli import main
from stances.model import STATEMENT_COLUMNS

FIX = Path(__file__).resolve().parent / "fixtures" / "rules_min"
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def test_example_runner_passes_on_the_fixture(min_rules):
    rep = run_examples(min_rules)
    assert len(rep.results) == 5 and rep.failures == []


def failing_rules(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(FIX, root)
    p = root / "issues" / "ceasefire.yaml"
    p.write_text(p.read_text().replace(
        "        - The ceasefire was violated overnight.",
        "        - The ceasefire was violated overnight.\n        - Russia called for a truce."
    ).replace("          actor: [GBR, DEU, FRA]", "          actor: [GBR, DEU]"))
    return root


def test_failing_examples_are_reported(tmp_path):
    from stances.rules import load_rules

    rep = run_examples(load_rules(failing_rules(tmp_path)))
    bad = {(r.rule, r.text) for r in rep.failures}
    assert bad == {("ceasefire.call-for", "Russia called for a truce."),
                   ("ceasefire.call-for", "Britain, Germany and France called for a ceasefire in Libya.")}
    r = next(r for r in rep.failures if r.should_match)
    assert r.expected == "ceasefire.call-for fires, holders DEU,GBR"
    assert "DEU,FRA,GBR" in r.got


def test_cli_check_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--rules", str(FIX)])
    assert ok.exit_code == 0 and "examples 5/5 passed" in ok.output
    bad = runner.invoke(main, ["check", "--rules", str(failing_rules(tmp_path))])
    assert bad.exit_code == 1
    assert "FAIL ceasefire.call-for (no_match example)" in bad.output
    assert "sentence: Russia called for a truce." in bad.output
    js = runner.invoke(main, ["check", "--rules", str(FIX), "--format", "json"])
    data = json.loads(js.output)
    assert data["examples"] == data["passed"] == 5 and data["rules"] == 5
    missing = runner.invoke(main, ["check", "--rules", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_cli_extract_formats(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("---\nid: a1\ndate: 2020-07-09\ntitle: T\n---\nBritain called for a ceasefire.\n")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x01")
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(tmp_path), "--rules", str(FIX)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == ",".join(STATEMENT_COLUMNS)
    assert lines[1].startswith("a1,2020-07-09,2020-W28,GBR,ceasefire,support,1.0,ceasefire.call-for,False,")
    assert "bad.txt" in res.stderr
    out = tmp_path / "s.parquet"
    res = runner.invoke(main, ["extract", str(art), "--rules", str(FIX), "--format", "parquet", "-o", str(out)])
    assert res.exit_code == 0
    df = pd.read_parquet(out)
    assert list(df.columns) == STATEMENT_COLUMNS and df.loc[0, "actor"] == "GBR"
    res = runner.invoke(main, ["extract", str(art), "--rules", str(FIX), "--format", "jsonl"])
    rec = json.loads(res.stdout.splitlines()[0])
    assert rec["actor"] == "GBR" and rec["date"] == "2020-07-09" and rec["start"] == 0
    res = runner.invoke(main, ["extract", str(tmp_path / "bad.txt"), "--rules", str(FIX)])
    assert res.exit_code == 2


def test_cli_explain_shows_holders_and_near_misses():
    runner = CliRunner()
    res = runner.invoke(main, ["explain", "Britain called for a ceasefire. A truce was urged. Egypt said it was busy.",
                               "--rules", str(FIX), "--date", "2020-07-09"])
    assert res.exit_code == 0
    assert "rule ceasefire.call-for [ceasefire]" in res.output
    assert "holder: GBR via subject (Britain)" in res.output
    assert "near miss: EGY spoke ('said') but no rule matched" in res.output
    assert "dropped for want of a holder: 0" in res.output


def test_cli_eval_on_a_written_gold_table(tmp_path):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "d1.txt").write_text("Britain called for a ceasefire. Egypt supports Haftar.\n")
    gold = tmp_path / "gold.csv"
    gold.write_text("doc,actor,issue,polarity\nd1,GBR,ceasefire,1\nd1,RUS,ceasefire,-1\n")
    res = CliRunner().invoke(main, ["eval", str(gold), str(tmp_path / "arts"), "--rules", str(FIX),
                                    "--format", "json"])
    data = json.loads(res.stdout)
    assert data["overall"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert data["missing"][0]["actor"] == "RUS"
    assert data["extra"][0]["issue"] == "haftar_support"


@pytest.mark.skipif(not (SHARED / "eval" / "seed" / "gold.csv").exists(), reason="../shared not present")
def test_seed_precision_and_recall_with_the_shipped_rules():
    r = subprocess.run([sys.executable, "-m", "stances", "eval", str(SHARED / "eval/seed/gold.csv"), "seeds/",
                        "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    data = json.loads(r.stdout)
    assert data["overall"]["precision"] >= 0.9 and data["overall"]["recall"] >= 0.9, data


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.csv").exists(), reason="../shared not present")
def test_dev_f1_with_the_shipped_rules():
    r = subprocess.run([sys.executable, "-m", "stances", "eval", str(SHARED / "eval/dev/gold.csv"),
                        str(SHARED / "eval/dev/articles"), "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    data = json.loads(r.stdout)
    # the floor of the 20-article development set (93 stances); raised as the rules improve
    # (2026-12-03: P 0.974, R 0.796, F1 0.876; the floor lets one stance go, not two)
    assert data["overall"]["f1"] >= 0.86 and data["overall"]["precision"] >= 0.95, data["overall"]


@pytest.mark.skipif(not (SHARED / "eval" / "ukraine" / "dev" / "gold.csv").exists(),
                    reason="../shared not present")
def test_ukraine_dev_f1_with_the_shipped_rules():
    r = subprocess.run([sys.executable, "-m", "stances", "eval", str(SHARED / "eval/ukraine/dev/gold.csv"),
                        str(SHARED / "eval/ukraine/dev/articles"), "--rules", "rules/ukraine", "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT)
    data = json.loads(r.stdout)
    # the floor of the 8-article Ukraine development set (44 stances), 2026-12-03: P 0.973, R 0.818,
    # F1 0.889; raised as the rules improve (it lets one stance go, not two)
    assert data["overall"]["f1"] >= 0.87 and data["overall"]["precision"] >= 0.95, data["overall"]


def test_shipped_rules_check_passes():
    r = subprocess.run([sys.executable, "-m", "stances", "check"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
