"""The rule-set layout: shared and per-conflict folders, the bundled copies, and an engine that
knows no conflict."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from stances import load_rules
from stances.bundled import init_rules
from stances.model import RuleError
from stances.rules import resolve_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
SHIPPED = sorted(p.parent for p in RULES.glob("*/conflict.yaml"))


def _code_strings(path: Path):
    """String constants and names in a module's code, without docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value
        elif isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr


def test_every_shipped_rule_set_is_found():
    assert {p.name for p in SHIPPED} >= {"libya"}
    assert resolve_rules(RULES).resolve() == (RULES / "libya").resolve()


def test_the_engine_names_no_conflict_actor_or_issue():
    ids = set()
    for folder in SHIPPED:
        rs = load_rules(folder)
        ids |= set(rs.actors) | set(rs.issues) | {rs.name}
        ids |= {r.id for r in rs.rules} | {t.id for t in rs.targets}
    ids -= {"UN", "EU"} & set()  # no exceptions
    found = {}
    for path in sorted((ROOT / "stances").rglob("*.py")):
        for value in _code_strings(path):
            for word in set(value.replace(".", " ").replace("/", " ").split()) | {value}:
                if word in ids:
                    found.setdefault(str(path.relative_to(ROOT)), set()).add(word)
    assert found == {}


def test_a_conflict_uses_only_the_shared_actors_it_names(tmp_path):
    from stances import Article, extract_article

    folder = tmp_path / "mini"
    (folder / "issues").mkdir(parents=True)
    (folder / "conflict.yaml").write_text(f"conflict: mini\nextends: [{(RULES / 'common').as_posix()}]\nactors: [EGY]\n")
    (folder / "actors.yaml").write_text("actors: []\n")
    (folder / "issues" / "truce.yaml").write_text(
        "issue: truce\ntitle: Truce\nproposition: A truce now.\n"
        "targets:\n  - id: truce.truce\n    sign: 1\n    phrases: [truce]\n")
    rs = load_rules(folder)
    assert set(rs.actors) == {"EGY"} and all(r.actor == "EGY" for p in rs.people for r in p.roles)
    text = "Turkey called for a truce. Egypt called for a truce."
    assert [s.actor for s in extract_article(Article("t", text), rs)] == ["EGY"]


def test_extends_cycle_and_unknown_base_are_located_errors(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "conflict.yaml").write_text("conflict: a\nextends: [../b]\n")
    (b / "conflict.yaml").write_text("conflict: b\nextends: [../a]\n")
    with pytest.raises(RuleError) as e:
        load_rules(a)
    assert "E113" in str(e.value)
    (a / "conflict.yaml").write_text("conflict: a\nextends: [../nowhere]\n")
    with pytest.raises(RuleError) as e:
        load_rules(a)
    assert f"{a / 'conflict.yaml'}:2:" in str(e.value) and "E111" in str(e.value)


def test_unknown_shared_actor_in_conflict_file_is_an_error(tmp_path):
    root = tmp_path / "x"
    init_rules(root, "libya")
    cf = root / "libya" / "conflict.yaml"
    cf.write_text(cf.read_text().replace("actors: [TUR,", "actors: [TRK,"))
    with pytest.raises(RuleError) as e:
        load_rules(root)
    assert "E106 unknown actor 'TRK' in conflict.yaml" in str(e.value)


def test_init_copies_an_editable_rule_set_and_refuses_to_overwrite(tmp_path):
    dest = tmp_path / "myrules"
    written = init_rules(dest, "libya")
    assert {p.name for p in written} == {"common", "libya"}
    rs = load_rules(dest)
    assert rs.name == "libya" and len(rs.issues) == len(load_rules(RULES / "libya").issues)
    with pytest.raises(FileExistsError):
        init_rules(dest, "libya")
    with pytest.raises(ValueError, match="unknown conflict"):
        init_rules(tmp_path / "other", "atlantis")


def test_cli_init_then_check(tmp_path):
    r = subprocess.run([sys.executable, "-m", "stances", "init", "mine", "--conflict", "libya"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "stances", "check", "--rules", "mine"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "rules libya (mine/libya" in r.stdout
    r = subprocess.run([sys.executable, "-m", "stances", "init", "mine"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "already exists" in r.stderr


def test_bundled_rules_are_used_outside_a_clone(tmp_path):
    r = subprocess.run([sys.executable, "-m", "stances", "explain", "Egypt called for an immediate ceasefire."],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "stances: rules: libya" in r.stderr and "EGY" in r.stdout


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_rule_target_and_class_carries_examples(folder):
    rs = load_rules(folder)
    short = []
    owners = [(r.id, r.examples) for r in rs.rules if not r.attitude]
    owners += [(t.id, t.examples) for t in rs.targets]
    for rid, examples in owners:
        match = sum(e.should_match for e in examples)
        if match < 2 or len(examples) - match < 1:
            short.append(rid)
    for cls in rs.lexicon.classes.values():
        match = sum(e.should_match for e in cls.examples)
        if match < 1 or len(cls.examples) - match < 1:
            short.append(f"<{cls.name}>")
    assert short == []
