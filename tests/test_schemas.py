"""The shipped rule files validate against the JSON Schemas that editors use.

The schemas in ``stances/schemas/`` give editors (VS Code + YAML extension)
validation and autocompletion through the ``# yaml-language-server: $schema=``
line at the top of each rule file. These tests keep the schemas, the shipped
rules and that first line in step, and check that the schemas catch typos.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
SCHEMAS = ROOT / "stances" / "schemas"

ISSUE_FILES = sorted((RULES / "libya" / "issues").glob("*.yaml"))
_SCHEMA_OF = {"actors.yaml": "actors.schema.json", "lexicon.yaml": "lexicon.schema.json",
              "conflict.yaml": "conflict.schema.json"}


def _schema_ref(path: Path, name: str) -> str:
    return "../" * (len(path.relative_to(ROOT).parts) - 1) + "stances/schemas/" + name


#: (rule file, schema file name, the $schema path written on its first line), for every shipped rule set
SHIPPED = sorted(
    [(p, _SCHEMA_OF[p.name], _schema_ref(p, _SCHEMA_OF[p.name])) for p in RULES.rglob("*.yaml") if p.name in _SCHEMA_OF]
    + [(p, "issue.schema.json", _schema_ref(p, "issue.schema.json")) for p in RULES.glob("*/issues/*.yaml")]
)


def _isoformat_dates(node):
    """YAML reads unquoted 2021-03-15 as a date; JSON Schema only knows strings."""
    if isinstance(node, dict):
        return {k: _isoformat_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_isoformat_dates(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    return node


def _load(path: Path):
    return _isoformat_dates(yaml.safe_load(path.read_text(encoding="utf-8")))


def _validator(schema_name: str):
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _errors(schema_name: str, data) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in _validator(schema_name).iter_errors(data))


def test_every_issue_of_the_design_is_shipped():
    names = {p.stem for p in ISSUE_FILES}
    assert names == {
        "ceasefire", "ceasefire_conditions", "political_process", "gna_support", "haftar_support",
        "foreign_forces_out", "arms_embargo", "territorial_integrity", "oil_resumption",
        "sirte_red_line", "cairo_declaration", "turkey_gna_mou",
    }


@pytest.mark.parametrize("path,schema_name,_", SHIPPED, ids=lambda v: getattr(v, "name", None))
def test_shipped_file_validates_against_its_schema(path, schema_name, _):
    assert _errors(schema_name, _load(path)) == []


@pytest.mark.parametrize("path,_,schema_ref", SHIPPED, ids=lambda v: getattr(v, "name", None))
def test_shipped_file_starts_with_its_schema_line(path, _, schema_ref):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_ref}"
    # the relative path really leads to the schema
    assert (path.parent / schema_ref).resolve() == (SCHEMAS / Path(schema_ref).name).resolve()


def test_issue_file_name_is_its_issue_id():
    for path in ISSUE_FILES:
        assert _load(path)["issue"] == path.stem


def test_actor_ids_of_the_design_are_all_defined():
    from stances import load_rules

    ids = set(load_rules(RULES / "libya").actors)
    assert {"TUR", "RUS", "EGY", "ARE", "FRA", "GBR", "DEU", "ITA", "USA", "QAT", "GRC", "DZA",
            "TUN", "UN", "EU", "AU", "LAS", "NATO", "GNA", "LNA", "HOR", "GNU"} <= ids


def test_gna_and_gnu_do_not_overlap_in_time():
    actors = {a["id"]: a for a in _load(RULES / "libya" / "actors.yaml")["actors"]}
    assert actors["GNA"]["until"] < actors["GNU"]["from"]


def test_actors_schema_rejects_a_misspelled_key():
    data = _load(RULES / "common" / "actors.yaml")
    bad = copy.deepcopy(data)
    bad["actors"][0]["alias"] = ["Turkiye"]          # should be "aliases"
    errors = _errors("actors.schema.json", bad)
    assert any("'alias' was unexpected" in e for e in errors)
    bad = copy.deepcopy(data)
    bad["people"][0]["roles"][0]["untill"] = "2020-01-01"
    assert any("'untill' was unexpected" in e for e in _errors("actors.schema.json", bad))


def test_actors_schema_rejects_bad_values():
    data = _load(RULES / "common" / "actors.yaml")
    bad = copy.deepcopy(data)
    bad["actors"][0]["kind"] = "country"
    assert any("is not one of" in e for e in _errors("actors.schema.json", bad))
    bad = copy.deepcopy(data)
    bad["people"][0]["gender"] = "male"
    assert _errors("actors.schema.json", bad)
    bad = copy.deepcopy(data)
    bad["people"][0]["roles"][0]["from"] = "8 July 2020"
    assert _errors("actors.schema.json", bad)


def test_issue_schema_rejects_a_misspelled_key():
    data = _load(ISSUE_FILES[0])
    bad = copy.deepcopy(data)
    bad["rules"][0]["phrase"] = bad["rules"][0].pop("phrases")   # should be "phrases"
    errors = _errors("issue.schema.json", bad)
    assert any("'phrase' was unexpected" in e for e in errors)
    assert any("'phrases' is a required property" in e for e in errors)
    bad = copy.deepcopy(data)
    bad["rules"][0]["examples"]["no_matches"] = ["x"]
    assert any("'no_matches' was unexpected" in e for e in _errors("issue.schema.json", bad))


def test_issue_schema_rejects_bad_stances_and_examples():
    data = _load(ISSUE_FILES[0])
    for stance in ("supports", 2, -1.5):
        bad = copy.deepcopy(data)
        bad["rules"][0]["stance"] = stance
        assert _errors("issue.schema.json", bad), stance
    bad = copy.deepcopy(data)
    bad["rules"][0]["on_negation"] = "ignore"
    assert _errors("issue.schema.json", bad)
    bad = copy.deepcopy(data)
    bad["rules"][0]["examples"]["match"] = [{"text": "Egypt urged a truce.", "actors": "EGY"}]
    assert any("'actors' was unexpected" in e for e in _errors("issue.schema.json", bad))
    ok = copy.deepcopy(data)
    ok["rules"][0]["examples"]["match"] = [
        "Egypt urged a truce.",
        {"text": "Egypt and Italy urged a truce.", "actor": ["EGY", "ITA"], "stance": "support",
         "negated": False, "date": "2020-06-01"},
        {"text": "Egypt did not urge a truce.", "actor": "EGY", "stance": -1},
    ]
    assert _errors("issue.schema.json", ok) == []


def test_lexicon_schema_rejects_a_misspelled_key_and_bad_hedges():
    data = _load(RULES / "common" / "lexicon.yaml")
    bad = copy.deepcopy(data)
    bad["speach_verbs"] = bad.pop("speech_verbs")
    assert any("'speach_verbs' was unexpected" in e for e in _errors("lexicon.schema.json", bad))
    bad = copy.deepcopy(data)
    bad["hedges"]["may"] = 1.5
    assert _errors("lexicon.schema.json", bad)


def test_every_property_has_a_description():
    """Editors show descriptions as autocomplete help: none may be missing."""
    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{where}/{key}"
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    for name in ("actors.schema.json", "issue.schema.json", "lexicon.schema.json"):
        walk(json.loads((SCHEMAS / name).read_text(encoding="utf-8")), name)


def test_every_object_forbids_unknown_keys():
    def walk(node, where):
        if isinstance(node, dict):
            kind = node.get("type")
            if "properties" in node and (kind == "object" or "object" in (kind or [])):
                assert node.get("additionalProperties") is False, where
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    for name in ("actors.schema.json", "issue.schema.json", "lexicon.schema.json"):
        walk(json.loads((SCHEMAS / name).read_text(encoding="utf-8")), name)


def test_every_rule_has_two_matches_and_one_no_match():
    for path in ISSUE_FILES:
        for rule in _load(path)["rules"]:
            ex = rule.get("examples", {})
            assert len(ex.get("match", [])) >= 2, rule["id"]
            assert len(ex.get("no_match", [])) >= 1, rule["id"]
