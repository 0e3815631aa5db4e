"""The Russia-Ukraine rule set (rules/ukraine): it validates, builds on rules/common, reads the
project-written articles of tests/fixtures/ukraine as a reader would, keeps its development
figures, and drives the weekly report with its own titles."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.extract import extract_article
from stances.model import Article
from stances.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
UKRAINE = ROOT / "rules" / "ukraine"
ARTICLES = Path(__file__).resolve().parent / "fixtures" / "ukraine"

#: The issues of ../shared/eval/ukraine/CONFLICT.md, ids as in its gold tables.
ISSUES = {
    "ceasefire_talks": "Ceasefire and negotiations now",
    "russian_withdrawal": "Russian withdrawal first",
    "sanctions_on_russia": "Sanctions on Russia",
    "arms_for_ukraine": "Weapons for Ukraine",
    "ukraine_nato": "Ukraine in NATO",
    "nordic_nato": "Finland and Sweden in NATO",
    "ukraine_eu": "Ukraine in the EU",
    "annexation_recognition": "Russia's territorial claims",
    "grain_deal": "Black Sea Grain Initiative",
    "zaporizhzhia_safety": "Safety of the Zaporizhzhia plant",
    "accountability": "Accountability for the war",
    "territorial_integrity": "Ukraine's territorial integrity",
}
ACTORS = {"UKR", "RUS", "BLR", "USA", "GBR", "DEU", "FRA", "ITA", "POL", "HUN", "FIN", "SWE", "TUR", "CHN",
          "IND", "BRA", "ZAF", "UN", "EU", "NATO", "IAEA", "G7", "DPR", "LPR", "OCC", "WAG"}

#: The floor reached on the 8 development articles (44 gold stances); see docs/rules.md.
DEV_F1_FLOOR = 0.80
DEV_PRECISION_FLOOR = 0.92


@pytest.fixture(scope="module")
def ukraine():
    return load_rules(UKRAINE)


def _signs(rs, path: Path) -> set:
    """(actor, issue, sign) of one fixture article, one sign per (actor, issue) as eval counts them."""
    from stances.corpus import read_articles

    (article,) = list(read_articles([path]))
    sums: dict = {}
    for s in extract_article(article, rs):
        sums[(s.actor, s.issue)] = sums.get((s.actor, s.issue), 0.0) + s.score
    return {(a, i, (v > 0) - (v < 0)) for (a, i), v in sums.items() if v}


# --------------------------------------------------------------------------- the rule set itself

def test_check_passes_with_every_example():
    r = CliRunner().invoke(main, ["check", "--rules", str(UKRAINE)])
    assert r.exit_code == 0, r.output
    assert "rules ukraine" in r.output
    assert "passed" in r.output


def test_builds_on_common_and_selects_its_actors(ukraine):
    assert ukraine.name == "ukraine"
    assert [Path(p).name for p in ukraine.layers] == ["common", "ukraine"]
    assert set(ukraine.actors) == ACTORS
    # a Libyan party of the shared world is not an actor of this conflict
    assert "LNA" not in ukraine.actors and "EGY" not in ukraine.actors


def test_issue_ids_and_titles_are_those_of_the_conflict(ukraine):
    assert {i: issue.title for i, issue in ukraine.issues.items()} == ISSUES


def test_every_rule_and_target_has_two_matches_and_a_no_match():
    import yaml

    for path in sorted((UKRAINE / "issues").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in doc.get("rules", []) + doc.get("targets", []):
            ex = item.get("examples", {})
            assert len(ex.get("match", [])) >= 2, f"{path.name}: {item['id']} needs two match examples"
            assert len(ex.get("no_match", [])) >= 1, f"{path.name}: {item['id']} needs a no_match example"


def test_dated_people_of_the_own_actors(ukraine):
    def holders(text, date):
        return {(s.actor, s.issue) for s in extract_article(Article("t", text, date), ukraine)}

    text = "Prigozhin called for an immediate ceasefire."
    assert holders(text, dt.date(2023, 6, 1)) == {("WAG", "ceasefire_talks")}
    assert holders(text, dt.date(2023, 9, 1)) == set()  # killed on 2023-08-23
    # Saldo heads the Russian-installed Kherson administration from 2022-04-26
    text = "Saldo welcomed the annexation of the Kherson region."
    assert holders(text, dt.date(2022, 10, 1)) == {("OCC", "annexation_recognition")}
    assert holders(text, dt.date(2022, 3, 1)) == set()


# --------------------------------------------------------------------------- project-written articles

def test_grain_deal_article(ukraine):
    got = _signs(ukraine, ARTICLES / "01_grain-deal-ends.txt")
    assert {("UN", "grain_deal", 1), ("EU", "grain_deal", 1)} <= got
    assert ("EU", "grain_deal", -1) not in got  # condemning the exit supports the deal


def test_summit_article(ukraine):
    got = _signs(ukraine, ARTICLES / "02_vilnius-summit.txt")
    assert {("NATO", "nordic_nato", 1), ("TUR", "nordic_nato", 1), ("UKR", "ukraine_nato", 1),
            ("DEU", "arms_for_ukraine", 1), ("RUS", "arms_for_ukraine", -1),
            ("NATO", "ukraine_nato", 1)} <= got  # "Ukraine's future was in NATO"
    # Sweden's accession is not Ukraine's membership
    assert not {x for x in got if x[0] == "TUR" and x[1] == "ukraine_nato"}


def test_plant_and_talks_article(ukraine):
    got = _signs(ukraine, ARTICLES / "03_plant-and-talks.txt")
    assert {("IAEA", "zaporizhzhia_safety", 1), ("BRA", "ceasefire_talks", 1),
            ("UKR", "russian_withdrawal", 1), ("RUS", "russian_withdrawal", -1),
            ("POL", "sanctions_on_russia", 1)} <= got


def test_tribunal_article(ukraine):
    got = _signs(ukraine, ARTICLES / "04_tribunal.txt")
    assert {("GBR", "accountability", 1), ("RUS", "accountability", -1),
            ("HUN", "sanctions_on_russia", -1)} <= got  # a veto of new sanctions opposes them


# --------------------------------------------------------------------------- the weekly report

def test_report_titles_come_from_the_ukraine_rule_set(tmp_path):
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["report", str(ARTICLES), "--rules", str(UKRAINE), "--week", "2023-W28",
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    page = (out / "2023-W28" / "index.html").read_text(encoding="utf-8")
    for title in ("Finland and Sweden in NATO", "Ukraine in NATO", "Weapons for Ukraine",
                  "Safety of the Zaporizhzhia plant", "Ceasefire and negotiations now"):
        assert title in page
    for name in ("Ukraine", "Russia", "Brazil", "International Atomic Energy Agency"):
        assert name in page
    for libya in ("Cairo Declaration", "Sirte", "Government of National Accord"):
        assert libya not in page
    table = (out / "2023-W28" / "statements.csv").read_text(encoding="utf-8")
    assert "nordic_nato" in table and "ceasefire." not in table


def test_report_of_the_next_week(tmp_path):
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["report", str(ARTICLES), "--rules", str(UKRAINE), "--out", str(out)])
    assert r.exit_code == 0, r.output
    page = (out / "2023-W29" / "index.html").read_text(encoding="utf-8")  # the latest week
    assert "Black Sea Grain Initiative" in page and "Accountability for the war" in page


# --------------------------------------------------------------------------- development figures

@pytest.mark.skipif(not (SHARED / "eval" / "ukraine" / "dev" / "gold.csv").exists(), reason="../shared not present")
def test_dev_figures_stay_above_the_floor():
    dev = SHARED / "eval" / "ukraine" / "dev"
    r = subprocess.run([sys.executable, "-m", "stances", "eval", str(dev / "gold.csv"), str(dev / "articles"),
                        "--rules", str(UKRAINE), "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    overall = json.loads(r.stdout)["overall"]
    assert overall["f1"] >= DEV_F1_FLOOR, overall
    assert overall["precision"] >= DEV_PRECISION_FLOOR, overall
