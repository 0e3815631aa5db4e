"""The rule-set cache is found without the YAML parser, and never gives a wrong rule set.

``load_rules`` reads ``index.yaml``'s ``default:`` and ``conflict.yaml``'s ``extends:`` with a
small line reader when they are in the plain form analysts write, so a command whose rules
are cached never imports PyYAML. Whatever that reader makes of a file, the answer must be
the one the YAML path gives.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from stances import rules as R
from stances.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent

PLAIN = [
    "extends: ../common\n",
    "extends: [../common]\n",
    "extends: [../common, ../more]  # two bases\n",
    "# a comment\nconflict: x\nextends: []\n",
    "conflict: x\ndescription: >-\n  a long text\n  extends: [../nowhere]\nextends: [../common]\n",
    "conflict: x\nactors: [A, B,\n  C]\n",
]
NOT_PLAIN = [
    "extends:\n  - ../common\n",                  # a block list
    "extends: '../common'\n",                     # quoted
    "extends: ../common\n  ../more\n",            # a plain scalar continued on the next line
    "extends: [../common,\n  ../more]\n",         # a flow list over two lines
    "extends: ../a\nextends: ../b\n",             # a duplicate key
    "---\nextends: ../common\n",                  # document markers
    "extends: yes\n",                             # not a string in YAML 1.1
    "extends: .5\n",                              # a float in YAML 1.1
    "extends: &a ../common\n",                    # an anchor
    "? extends\n: ../common\n",                   # a complex key
    "extends: ../common\t\n",                     # a tab
    "conflict: x\nextends:\n",                    # empty: YAML's null, which the full reading reports
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_quick_reader_reads_plain_files_as_yaml_does(tmp_path, text):
    p = tmp_path / "conflict.yaml"
    p.write_text(text)
    found, value = R._quick_value(p, "extends")
    assert found
    assert value == (yaml.safe_load(text) or {}).get("extends")


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_the_quick_reader_leaves_every_other_form_to_yaml(tmp_path, text):
    p = tmp_path / "conflict.yaml"
    p.write_text(text)
    assert R._quick_value(p, "extends") is None


def _two_layers(tmp_path: Path, extends: str) -> Path:
    base = tmp_path / "set"
    for name in ("common", "one"):
        (base / name).mkdir(parents=True)
    src = ROOT / "tests" / "fixtures" / "rules_min"
    (base / "common" / "actors.yaml").write_text((src / "actors.yaml").read_text())
    (base / "common" / "lexicon.yaml").write_text((src / "lexicon.yaml").read_text())
    (base / "one" / "issues").mkdir()
    for p in (src / "issues").iterdir():
        (base / "one" / "issues" / p.name).write_text(p.read_text())
    (base / "one" / "conflict.yaml").write_text(f"conflict: one\n{extends}\n")
    (base / "index.yaml").write_text("default: one\n")
    return base


@pytest.mark.parametrize("extends", ["extends: [../common]", "extends:\n  - ../common"])
def test_a_cached_rule_set_is_the_one_the_files_describe(tmp_path, monkeypatch, extends):
    """Both spellings of ``extends`` load the same rules, cached or not, and an edit that
    changes the bases is seen at once (the cache key is computed from the files' bytes)."""
    monkeypatch.setenv("STANCES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STANCES_CACHE_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    base = _two_layers(tmp_path, extends)
    fresh = load_rules(base)
    again = load_rules(base)
    assert again is not fresh and again.version == fresh.version
    assert again.layers == fresh.layers and len(again.layers) == 2
    assert sorted(again.actors) == sorted(fresh.actors)
    (base / "one" / "conflict.yaml").write_text("conflict: one\n")
    with pytest.raises(R.RuleError, match="E111"):  # no actors.yaml any more: the bases are gone
        load_rules(base)


def test_a_command_with_cached_rules_does_not_import_yaml(tmp_path):
    """``extract`` on an article with plain front matter, rules cached: PyYAML stays unloaded."""
    env = dict(os.environ, STANCES_CACHE_DIR=str(tmp_path / "cache"),
               STANCES_CACHE_KEY_FILE=str(tmp_path / "config" / "cache-key"))
    env.pop("STANCES_NO_CACHE", None)
    art = tmp_path / "a.md"
    art.write_text("---\ntitle: Talks\ndate: 2020-07-06\n---\nEgypt backed the Cairo Declaration.\n")
    code = ("import sys\nfrom stances.cli import main\n"
            f"try:\n    main(['extract', {str(art)!r}, '--rules', {str(ROOT / 'rules')!r}, '-q', '-o', "
            f"{str(tmp_path / 's.csv')!r}])\nexcept SystemExit:\n    pass\n"
            "print('yaml' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert first.stdout.strip().splitlines()[-1] == "True", first.stderr  # built: YAML read
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert second.stdout.strip().splitlines()[-1] == "False", second.stderr
    assert (tmp_path / "s.csv").read_text().count("\n") >= 2


def test_a_cache_file_used_is_marked_recent_when_its_mark_is_old(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STANCES_CACHE_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    root = ROOT / "tests" / "fixtures" / "rules_min"
    load_rules(root)
    (cached,) = list((tmp_path / "cache").iterdir())
    old = time.time() - 2 * R._TOUCH_AFTER
    os.utime(cached, (old, old))
    load_rules(root)
    assert cached.stat().st_mtime > old + R._TOUCH_AFTER
