"""The report across weeks, on articles written for these tests: what changed, coverage and gaps,
confidence, the index of every week and the timeline (`stances report --since W --until W`)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from stances import report as R
from stances.cli import main
from stances.coverage import coverage_summary, top_speakers

ROOT = Path(__file__).resolve().parents[1]

# (doc, date, source, text). W27 and W28 are covered, W29 has no article, W30 one.
ARTICLES = [
    ("w27-wire", "2020-06-30", "Wire One",
     "Britain called for a ceasefire in Libya. Saudi Arabia said the fighting must stop."),
    ("w28-daily", "2020-07-07", "Daily Two",
     "Russia refused to stop the fighting in Libya. Britain called for a ceasefire in Libya."),
    ("w28-weekly", "2020-07-08", "Weekly Three",
     "Markets in Tripoli were calm on Wednesday. Saudi Arabia said talks would resume soon."),
    ("w28-gazette", "2020-07-09", "Gazette Four",
     "Calls for a ceasefire in Libya grew louder on Thursday. Jordan has also said it is worried."),
    ("w30-wire", "2020-07-21", "Wire One",
     "Britain called for a ceasefire in Libya. Russia called for a ceasefire in Libya."),
]


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc, date, source, text in ARTICLES:
        (folder / f"{doc}.txt").write_text(
            f"---\nid: {doc}\ndate: {date}\nsource: {source}\ntitle: Story {doc}\n"
            f"url: https://example.org/{doc}\n---\n{text}\n", encoding="utf-8")
    return folder


@pytest.fixture()
def project(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    write_articles(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_coverage_counts_of_a_week(project):
    from stances.store import load_corpus, load_ruleset

    rules = load_ruleset("rules")
    corpus = load_corpus(paths=["news"], rules=rules)
    cov = R.load_coverage(corpus, rules, paths=["news"], weeks=["2020-W28"])
    assert list(cov["doc"]) == ["w28-daily", "w28-weekly", "w28-gazette"]
    counts = coverage_summary(cov)
    assert counts == {"articles": 3, "with_statements": 1, "without_statements": 2, "statements": 2,
                      "dropped": 1, "unknown_speakers": 2}
    assert top_speakers(cov) == [("Jordan", 1, 1), ("Saudi Arabia", 1, 1)]
    # the same counts from a store
    assert cli("ingest", "news", "--db", "s.db").exit_code == 0
    stored = R.load_coverage(load_corpus(db="s.db", rules=rules), rules, db="s.db", weeks=["2020-W28"])
    pd.testing.assert_frame_equal(stored[["doc", "statements", "dropped"]], cov[["doc", "statements", "dropped"]])


def test_week_page_shows_gaps_changes_and_confidence(project):
    res = cli("report", "news", "--week", "2020-W28", "--out", "out")
    assert res.exit_code == 0, res.output
    # the command prints the same counts as the page
    assert "3 articles, 2 without statements, 1 match dropped for want of a holder" in res.output
    assert "Jordan (1)" in res.output and "Saudi Arabia (1)" in res.output
    html = (project / "out" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    assert "articles without statements" in html and "matches dropped: no holder found" in html
    assert "Saudi Arabia <span class=\"id\">spoke 1 time</span>" in html
    # what changed: Russia's first position; Britain unchanged since W27 is no change
    changed = html[html.index('id="changed"'):html.index('id="summary"')]
    assert "Russia on Ceasefire: first position, oppose -1.0" in changed
    assert "United Kingdom on Ceasefire" not in changed and "Britain" not in changed
    # every headline links to its evidence cell
    anchor = changed.split('href="#', 1)[1].split('"', 1)[0]
    assert f'id="{anchor}"' in html
    # one article behind each cell: low confidence, said and drawn
    assert "conf-low" in html and "1 art. · 1 outlet" in html


def test_a_week_with_one_actor_writes_sentences_instead_of_empty_graphs(project):
    assert cli("report", "news", "--week", "2020-W27", "--out", "out").exit_code == 0
    html = (project / "out" / "2020-W27" / "index.html").read_text(encoding="utf-8")
    graphs = html[html.index('id="graphs"'):html.index('id="coalitions"')]
    assert "<img" not in graphs
    assert "No agreement ties: no two actors took the same stance on an issue here." in graphs
    assert "No disagreement ties: no two actors took opposite stances on an issue here." in graphs
    balance = html[html.index("Polarisation: structural balance"):html.index('id="issues"')]
    assert "No ties between actors here" in balance


def test_a_week_without_coverage_causes_no_change(project):
    assert cli("report", "news", "--week", "2020-W30", "--out", "out").exit_code == 0
    summary = json.loads((project / "out" / "2020-W30" / "summary.json").read_text(encoding="utf-8"))
    # W29 had no article: W30 is compared with W28, not with the empty week
    assert summary["changes"] == ["Russia on Ceasefire: sign change, oppose -1.0 (2020-W28) to support +1.0"]
    changes = pd.read_csv(project / "out" / "2020-W30" / "changes.csv")
    assert set(changes["change"]) == {"sign_change"} and list(changes["previous_week"]) == ["2020-W28"]


def test_since_until_writes_each_week_the_timeline_and_the_index(project):
    res = cli("report", "news", "--since", "2020-W27", "--until", "2020-W30", "--out", "out")
    assert res.exit_code == 0, res.output
    out = project / "out"
    assert sorted(p.name for p in out.iterdir()) == ["2020-W27", "2020-W28", "2020-W30", "index.html",
                                                     "timeline"]
    timeline = (out / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "2020-W27 to 2020-W30" in timeline and "timeline.png" in timeline
    assert timeline.count('<table class="tl"') == 1   # one issue: ceasefire
    for w in ("2020-W27", "2020-W28", "2020-W30"):
        assert f'href="../{w}/index.html"' in timeline
    assert "1 week of the window without any are left out" in timeline
    index = (out / "index.html").read_text(encoding="utf-8")
    weeks = [line.split('href="')[1].split("/")[0] for line in index.splitlines() if "<h3><a href=" in line]
    assert weeks == ["2020-W30", "2020-W28", "2020-W27"]        # newest first
    assert "Russia on Ceasefire: sign change" in index
    assert 'href="timeline/index.html"' in index and "Timeline 2020-W27 to 2020-W30" in index


def test_all_weeks_report_holds_the_timeline(project):
    assert cli("report", "news", "--all", "--out", "out").exit_code == 0
    folder = project / "out" / "all"
    assert sorted(p.name for p in folder.iterdir()) == sorted(R.ALL_FILES)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="timeline"' in html and "Russia on Ceasefire: sign change" in html


@pytest.mark.parametrize("args, message", [
    (("--since", "2020-W30", "--until", "2020-W27"), "--since 2020-W30 is after --until 2020-W27"),
    (("--since", "2020-W99"), "--since"),
    (("--since", "2020-W27", "--week", "2020-W28"), "exclude"),
])
def test_bad_ranges_are_refused(project, args, message):
    res = CliRunner().invoke(main, ["report", "news", "--out", "out", *args])
    assert res.exit_code == 2 and message in res.output
    assert not (project / "out").exists()


def test_rules_changed_since_the_store_was_built_is_said_once(project):
    assert cli("ingest", "news", "--db", "s.db").exit_code == 0
    issue = next(p for p in sorted((project / "rules").rglob("*.yaml")) if p.name == "ceasefire.yaml")
    text = issue.read_text(encoding="utf-8")
    assert "title: " in text
    issue.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")   # a new rule version
    res = CliRunner().invoke(main, ["report", "--db", "s.db", "--week", "2020-W28", "--out", "out"])
    assert res.exit_code == 0, res.output
    assert res.output.count("rules changed since the store was built: re-extracting 5 of 5 articles") == 1
    again = CliRunner().invoke(main, ["report", "--db", "s.db", "--week", "2020-W28", "--out", "out"])
    assert "rules changed" not in again.output


@pytest.mark.parametrize("command", [["graph", "-o", "g.graphml"], ["table", "-o", "t.csv"]])
def test_graph_and_table_say_when_the_rules_changed_since_the_store_was_built(project, command):
    assert cli("ingest", "news", "--db", "s.db").exit_code == 0
    issue = next(p for p in sorted((project / "rules").rglob("*.yaml")) if p.name == "ceasefire.yaml")
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    res = CliRunner().invoke(main, [*command, "--db", "s.db"])
    assert res.exit_code == 0, res.output
    assert res.output.count("rules changed since the store was built: re-extracting 5 of 5 articles") == 1
    again = CliRunner().invoke(main, [*command, "--db", "s.db"])
    assert again.exit_code == 0 and "rules changed" not in again.output


def test_extract_and_ingest_print_the_coverage_counts(project):
    """What the report's gaps section says is also in the summaries of extract and ingest."""
    res = CliRunner().invoke(main, ["extract", "news", "-o", "s.csv"])
    assert res.exit_code == 0, res.output
    line = ("stances: coverage: 5 articles, 2 without statements, 1 match dropped for want of a holder; "
            "not actors in the rules: Saudi Arabia (2), Jordan (1)")
    assert line in res.output
    quiet = CliRunner().invoke(main, ["extract", "news", "-q", "-o", "q.csv"])
    assert "coverage" not in quiet.output
    assert Path("q.csv").read_bytes() == Path("s.csv").read_bytes()  # the counts change no statement
    res = cli("ingest", "news", "--db", "s.db")
    assert res.exit_code == 0
    assert line.replace("stances: coverage:", "coverage of the new articles:") in res.stdout


def test_the_store_keeps_each_articles_coverage_for_the_report(project, monkeypatch):
    from stances import coverage as C
    from stances.store import Store, load_corpus, load_ruleset

    assert cli("ingest", "news", "--db", "s.db").exit_code == 0
    with Store("s.db") as store:
        kept = store.coverage()
    assert kept["w28-gazette"] == (1, (("Jordan", 1),)) and kept["w27-wire"] == (0, (("Saudi Arabia", 1),))
    rules = load_ruleset("rules")
    scanned = R.load_coverage(load_corpus(paths=["news"], rules=rules), rules, paths=["news"])

    def no_rereading(*a, **k):
        raise AssertionError("the store's coverage should be used")

    with monkeypatch.context() as m:
        m.setattr(C, "scan_article", no_rereading)
        stored = R.load_coverage(load_corpus(db="s.db", rules=rules), rules, db="s.db")
    pd.testing.assert_frame_equal(stored, scanned)
    # a rule edit re-extracts the articles, and their coverage with them
    issue = next(p for p in sorted((project / "rules").rglob("*.yaml")) if p.name == "ceasefire.yaml")
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    edited = load_ruleset("rules")
    with Store("s.db") as store:
        assert store.refresh(edited) == 5
        assert store.coverage(edited.version) == kept
        store.prune()
        assert store.coverage(rules.version) == {}
