"""Rule validation: every problem at once, each with file:line:col and a code."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stances.model import RuleError
from stances.rules import load_rules

BASE = Path(__file__).resolve().parent / "fixtures" / "rules_min"


def scenario(tmp_path, files: dict) -> Path:
    """A copy of the small rule set with *files* (relative path -> text, None deletes) replaced."""
    root = tmp_path / "rules"
    shutil.copytree(BASE, root)
    for rel, text in files.items():
        p = root / rel
        if text is None:
            p.unlink()
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
    return root


def problems(root):
    with pytest.raises(RuleError) as exc:
        load_rules(root)
    return [str(p) for p in exc.value.problems]


ISSUE = """issue: arms_embargo
title: Arms embargo
proposition: The UN arms embargo must be respected and enforced.
rules:
  - id: arms_embargo.respect
    stance: support
    phrases:
      - respect* the arms embargo
"""


def test_the_shipped_fixture_is_valid(min_rules):
    assert min_rules.version and len(min_rules.rules) == 5


def test_three_problems_in_three_files_are_all_reported(tmp_path):
    issue = ISSUE.replace("    phrases:", "    phrasess:\n      - x\n    phrases:")
    dup = ISSUE.replace("issue: arms_embargo", "issue: embargo2").replace(
        "arms_embargo.respect", "ceasefire.call-for")
    actors = (BASE / "actors.yaml").read_text().replace(
        "from: 2004-03-09}", "from: 2004-03-09, until: 2001-01-01}")
    root = scenario(tmp_path, {"issues/arms_embargo.yaml": issue, "issues/embargo2.yaml": dup,
                               "actors.yaml": actors})
    got = problems(root)
    assert f'{root}/issues/arms_embargo.yaml:7:5: E101 unknown key "phrasess" in a rule (did you mean "phrases"?)' in got
    assert any(p.startswith(f"{root}/issues/embargo2.yaml:5:9: E105 duplicate rule id 'ceasefire.call-for'")
               and "ceasefire.yaml:5" in p for p in got)
    line = next(i for i, l in enumerate(actors.splitlines(), 1) if "until: 2001-01-01" in l)
    assert any(p.startswith(f"{root}/actors.yaml:{line}:") and "E108" in p for p in got)
    assert len(got) == 3


def test_cli_check_exits_2_and_names_each_problem(tmp_path):
    issue = ISSUE.replace("stance: support", "stance: supportt")
    root = scenario(tmp_path, {"issues/arms_embargo.yaml": issue})
    r = subprocess.run([sys.executable, "-m", "stances", "check", "--rules", str(root)],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert f"{root}/issues/arms_embargo.yaml:6:13: E104 stance must be support, oppose" in r.stderr


@pytest.mark.parametrize("name,files,expected", [
    ("yaml syntax", {"issues/x.yaml": "issue: x\ntitle: [unclosed\n"}, "issues/x.yaml:3:1: E100 YAML syntax error"),
    ("missing field", {"issues/x.yaml": "issue: x\ntitle: X\nrules: []\n"},
     'issues/x.yaml:1:1: E102 an issue file is missing required field "proposition"'),
    ("wrong type", {"issues/x.yaml": ISSUE.replace("      - respect* the arms embargo", "      respect: 1").replace("    phrases:", "    phrases:")},
     "E103 phrases must be a list, not a mapping"),
    ("unknown actor in placeholder", {"issues/x.yaml": ISSUE.replace("respect* the arms embargo", "support for <XYZ>")},
     "issues/x.yaml:8:21: E106 phrase 'support for <XYZ>': unknown actor <XYZ> in placeholder"),
    ("unknown actor in role", {"actors.yaml": (BASE / "actors.yaml").read_text().replace("{actor: RUS, title", "{actor: RUSS, title")},
     'E106 Sergey Lavrov: unknown actor \'RUSS\' in role (did you mean "RUS"?)'),
    ("unbalanced", {"issues/x.yaml": ISSUE.replace("respect* the arms embargo", "respect* (the arms embargo")},
     "issues/x.yaml:8:18: E107 phrase 'respect* (the arms embargo': '(' is never closed"),
    ("empty alternative", {"issues/x.yaml": ISSUE.replace("respect* the arms embargo", "respect* (the|) arms embargo")},
     "E107 phrase 'respect* (the|) arms embargo': empty alternative"),
    ("unknown stance", {"issues/x.yaml": ISSUE.replace("stance: support", "stance: 2")},
     "issues/x.yaml:6:13: E104 stance must be support, oppose or a number in [-1, 1], not 2"),
    ("duplicate actor", {"actors.yaml": (BASE / "actors.yaml").read_text().replace(
        "  - {id: DEU, name: Germany", "  - {id: TUR, name: Germany")}, "E105 duplicate actor id 'TUR'"),
    ("overlapping roles", {"actors.yaml": (BASE / "actors.yaml").read_text().replace(
        "roles: [{actor: RUS, title: foreign minister, from: 2004-03-09}]",
        "roles: [{actor: RUS, title: foreign minister, from: 2004-03-09}, {actor: RUS, title: foreign minister, from: 2010-01-01}]")},
     "E109 Sergey Lavrov: roles as 'foreign minister' overlap"),
    ("alias shared while both exist", {"actors.yaml": (BASE / "actors.yaml").read_text().replace("until: 2021-03-14}", "}")},
     "E110 alias 'Tripoli government' of GNU is also an alias of GNA"),
    ("unknown group member", {"actors.yaml": (BASE / "actors.yaml").read_text().replace("members: [GNA, LNA]", "members: [GNA, LNX]")},
     "E106 group the two warring sides: unknown actor 'LNX'"),
    ("missing lexicon", {"lexicon.yaml": None}, "lexicon.yaml:1:1: E111 required rule file lexicon.yaml is missing"),
    ("anchors refused", {"issues/x.yaml": "issue: &a x\ntitle: *a\nproposition: p\nrules: []\n"},
     "issues/x.yaml:1:8: E100 anchors and aliases"),
    ("bad date", {"actors.yaml": (BASE / "actors.yaml").read_text().replace("from: 2004-03-09", "from: 2004-13-09")},
     "E104 from must be a date YYYY-MM-DD, not '2004-13-09'"),
    ("bad hedge", {"lexicon.yaml": "hedges: {may: 2}\n"}, "lexicon.yaml:1:15: E104 hedge factor must be a number in [0, 1], not 2"),
    ("unknown example key", {"issues/x.yaml": ISSUE + "    examples:\n      match:\n        - {txt: Egypt respects the arms embargo.}\n"},
     'E101 unknown key "txt" in an example (did you mean "text"?)'),
])
def test_each_validation_error(tmp_path, name, files, expected):
    root = scenario(tmp_path, files)
    got = problems(root)
    assert any(expected in p for p in got), (name, got)
    for p in got:
        path, line, col, rest = p.split(":", 3)
        assert int(line) >= 1 and int(col) >= 1 and rest.startswith(" E1")


def test_yaml_bomb_is_refused_quickly(tmp_path):
    bomb = ["issue: x", "title: t", "proposition: p", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for i in range(1, 12):
        bomb.append(f"l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
        prev = f"l{i}"
    bomb.append("rules: []")
    root = scenario(tmp_path, {"issues/bomb.yaml": "\n".join(bomb) + "\n"})
    got = problems(root)
    assert any("bomb.yaml:4:" in p and "anchors and aliases" in p for p in got)


def test_oversized_and_deep_files_are_refused(tmp_path):
    root = scenario(tmp_path, {"issues/big.yaml": "# " + "x" * 2_100_000 + "\n",
                               "issues/deep.yaml": "a: " + "[" * 100 + "]" * 100 + "\n"})
    got = problems(root)
    assert any("big.yaml:1:1: E100 file too large" in p for p in got)
    assert any("deep.yaml" in p and "nesting deeper than" in p for p in got)


def test_no_object_construction(tmp_path):
    root = scenario(tmp_path, {"issues/x.yaml": "issue: !!python/object/apply:os.system ['echo hi']\n"})
    got = problems(root)
    assert any("x.yaml:1:8: E100" in p for p in got)


def test_rules_version_changes_with_content(tmp_path):
    root = scenario(tmp_path, {})
    v1 = load_rules(root).version
    (root / "issues" / "ceasefire.yaml").write_text(
        (root / "issues" / "ceasefire.yaml").read_text() + "      - truce now\n")
    assert load_rules(root).version != v1


def test_committed_broken_folder_names_all_three_problems():
    root = Path(__file__).resolve().parent / "fixtures" / "rules_broken"
    r = subprocess.run([sys.executable, "-m", "stances", "check", "--rules", str(root)],
                       capture_output=True, text=True)
    assert r.returncode == 2
    err = r.stderr
    assert f'{root}/issues/arms_embargo.yaml:10:5: E101 unknown key "phrasse" in a rule (did you mean "phrases"?)' in err
    assert (f"{root}/issues/ceasefire.yaml:5:9: E105 duplicate rule id 'ceasefire.call-for' "
            f"(first defined at {root}/issues/arms_embargo.yaml:12)") in err
    assert f"{root}/actors.yaml:28:76: E108 Sergey Lavrov: role until 2003-01-01 precedes from 2004-03-09" in err


def test_loaded_rule_sets_are_cached_by_version(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCES_CACHE_DIR", str(tmp_path / "cache"))
    root = scenario(tmp_path, {})
    first = load_rules(root)
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1 and first.version in files[0].name
    again = load_rules(root)
    assert again.version == first.version and [r.id for r in again.rules] == [r.id for r in first.rules]
    # a damaged cache file is ignored and rewritten
    files[0].write_bytes(b"not a pickle")
    assert load_rules(root).version == first.version
    # an edit gives a new version, hence a new cache entry; errors are never cached
    (root / "issues" / "ceasefire.yaml").write_text((root / "issues" / "ceasefire.yaml").read_text() + "      - truce now\n")
    assert load_rules(root).version != first.version
    assert len(list((tmp_path / "cache").iterdir())) == 2
    monkeypatch.setenv("STANCES_NO_CACHE", "1")
    (root / "lexicon.yaml").write_text("speech_verbs: [said]\n")
    load_rules(root)
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_per_file_limits_are_located_errors(tmp_path):
    from stances import rules as R

    root = scenario(tmp_path, {"issues/x.yaml": ISSUE + "    examples:\n      match:\n"
                               + "".join(f"        - Egypt respects the arms embargo {i}.\n" for i in range(201))})
    got = problems(root)
    assert any("E104 201 examples: at most 200" in p for p in got), got
    many = "issue: y\ntitle: t\nproposition: p\nrules:\n" + "".join(
        f"  - {{id: y.r{i}, stance: support, phrases: [word{i}]}}\n" for i in range(R.MAX_RULES_PER_FILE + 1))
    got = problems(scenario(tmp_path / "b", {"issues/y.yaml": many}))
    assert any("rules and targets: at most 5000 in one issue file" in p for p in got), got[:3]


def test_a_long_person_name_is_refused(tmp_path):
    text = (BASE / "actors.yaml").read_text().replace("- name: Sergey Lavrov", "- name: " + "L" * 201, 1)
    got = problems(scenario(tmp_path, {"actors.yaml": text}))
    assert any("E104 person name of 201 characters: at most 200" in p for p in got), got


def test_problems_listed_are_capped(tmp_path):
    from stances.rules import MAX_PROBLEMS_REPORTED

    bad = "issue: z\ntitle: t\nproposition: p\nrules:\n" + "".join(
        f"  - {{id: z.r{i}, stance: maybe, phrases: [w]}}\n" for i in range(MAX_PROBLEMS_REPORTED + 5))
    got = problems(scenario(tmp_path, {"issues/z.yaml": bad}))
    assert len(got) == MAX_PROBLEMS_REPORTED + 1 and "E114 5 more problems not listed" in got[-1]


def test_the_cache_keeps_only_the_most_recently_used_rule_sets(tmp_path, monkeypatch):
    from stances import rules as R

    cache = tmp_path / "cache"
    monkeypatch.setenv("STANCES_CACHE_DIR", str(cache))
    monkeypatch.setattr(R, "CACHE_KEEP", 2)
    root = scenario(tmp_path, {})
    first = load_rules(root)
    issue = root / "issues" / "ceasefire.yaml"
    for i in range(3):  # three edits: three new versions
        issue.write_text(issue.read_text() + f"      - truce number {i}\n")
        load_rules(root)
    names = sorted(f.name for f in cache.iterdir())
    assert len(names) == 2 and not any(first.version in n for n in names)
