"""Actor x issue tables: deduplication policies, ISO weeks, windows, shifts and output formats."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from stances.store import normalize_statements
from stances.table import (
    TABLE_COLUMNS,
    next_week,
    parse_day,
    parse_week,
    previous_week,
    shifts,
    stance_matrix,
    stance_table,
    week_start,
    weeks_between,
    write_table,
)


def frame(rows):
    """Statements from (doc, date, actor, issue, score[, start]) tuples."""
    recs = []
    for i, row in enumerate(rows):
        doc, date, actor, issue, score = row[:5]
        start = row[5] if len(row) > 5 else 10 * i
        recs.append({"doc": doc, "date": date, "actor": actor, "issue": issue, "score": score,
                     "start": start, "end": start + 9, "rule": "r", "rules_version": "v1"})
    return normalize_statements(pd.DataFrame(recs))


# -- deduplication policies ---------------------------------------------------

# TUR on ceasefire in 2020-W28: one wire story "a" repeating support in three
# paragraphs, article "b" the same day (another outlet) opposing, article "c"
# two days later opposing.
WIRE = [
    ("a", "2020-07-06", "TUR", "ceasefire", 1.0, 0),
    ("a", "2020-07-06", "TUR", "ceasefire", 1.0, 100),
    ("a", "2020-07-06", "TUR", "ceasefire", 1.0, 200),
    ("b", "2020-07-06", "TUR", "ceasefire", -1.0, 0),
    ("c", "2020-07-08", "TUR", "ceasefire", -1.0, 0),
]


def one(table):
    assert len(table) == 1
    return table.iloc[0]


def test_article_policy_counts_a_repeated_wire_story_once():
    row = one(stance_table(frame(WIRE), week="2020-W28"))
    assert row["statements"] == 5 and row["articles"] == 3 and row["votes"] == 3
    assert row["score"] == pytest.approx(-1 / 3)          # (+1, -1, -1) / 3
    assert row["position"] == "oppose"


def test_statement_policy_counts_every_statement():
    row = one(stance_table(frame(WIRE), week="2020-W28", dedup="statement"))
    assert row["votes"] == 5
    assert row["score"] == pytest.approx(1 / 5)           # (3 - 2) / 5
    assert row["position"] == "mixed"                      # both signs, weak


def test_day_policy_counts_one_vote_per_day():
    row = one(stance_table(frame(WIRE), week="2020-W28", dedup="day"))
    assert row["votes"] == 2
    # 2020-07-06: mean(1, 1, 1, -1) = 0.5; 2020-07-08: -1
    assert row["score"] == pytest.approx((0.5 - 1) / 2)


def test_week_policy_counts_one_vote_per_week():
    s = frame(WIRE + [("d", "2020-07-15", "TUR", "ceasefire", 1.0)])
    t = stance_table(s, dedup="week", pooled=True)
    row = one(t)
    assert row["votes"] == 2 and row["statements"] == 6
    assert row["score"] == pytest.approx((0.2 + 1.0) / 2)


def test_undated_statements_fall_back_to_one_vote_per_article():
    s = frame([("u", None, "EGY", "sirte_red_line", 1.0, 0), ("u", None, "EGY", "sirte_red_line", 1.0, 50)])
    row = one(stance_table(s, dedup="day", pooled=True))
    assert row["votes"] == 1 and row["week"] == "all"


def test_min_evidence_drops_thin_cells():
    s = frame(WIRE + [("z", "2020-07-07", "RUS", "ceasefire", 1.0)])
    assert set(stance_table(s, week="2020-W28")["actor"]) == {"RUS", "TUR"}
    t = stance_table(s, week="2020-W28", min_evidence=2)
    assert list(t["actor"]) == ["TUR"]


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError, match="dedup policy"):
        stance_table(frame(WIRE), dedup="paragraph")


def test_table_columns_types_and_evidence_ids():
    t = stance_table(frame(WIRE), week="2020-W28")
    assert list(t.columns) == TABLE_COLUMNS
    row = t.iloc[0]
    assert row["first"] == pd.Timestamp("2020-07-06") and row["last"] == pd.Timestamp("2020-07-08")
    # evidence: doc:start-end of every statement, in date then document order
    assert row["evidence"] == "a:0-9;a:100-109;a:200-209;b:0-9;c:0-9"
    assert str(t["first"].dtype).startswith("datetime64")


# -- ISO weeks ----------------------------------------------------------------

def test_iso_week_labels_across_the_2020_2021_boundary():
    assert parse_week("2020-12-31") == "2020-W53"
    assert parse_week("2021-01-03") == "2020-W53"
    assert parse_week("2021-01-04") == "2021-W01"
    assert parse_week("2019-12-30") == "2020-W01"
    assert previous_week("2021-W01") == "2020-W53"
    assert next_week("2020-W53") == "2021-W01"
    assert previous_week("2020-W01") == "2019-W52"
    assert week_start("2020-W53") == dt.date(2020, 12, 28)
    assert weeks_between("2020-W52", "2021-W01") == ["2020-W52", "2020-W53", "2021-W01"]
    with pytest.raises(ValueError, match="2021 has 52 weeks"):
        parse_week("2021-W53")
    with pytest.raises(ValueError):
        parse_week("next week")


def test_week_53_groups_the_days_of_two_calendar_years():
    s = frame([("a", "2020-12-28", "TUR", "ceasefire", 1.0), ("b", "2021-01-03", "TUR", "ceasefire", 1.0),
               ("c", "2021-01-04", "TUR", "ceasefire", -1.0), ("d", "2019-12-30", "TUR", "ceasefire", 1.0)])
    t = stance_table(s)
    assert list(t["week"]) == ["2020-W01", "2020-W53", "2021-W01"]
    assert list(t["articles"]) == [1, 2, 1]
    assert one(stance_table(s, week="2020-W53"))["last"] == pd.Timestamp("2021-01-03")
    assert stance_table(s, week="2020-W52").empty


def test_since_until_windows_are_inclusive_and_accept_weeks():
    s = frame([("a", "2020-12-28", "TUR", "ceasefire", 1.0), ("b", "2021-01-03", "TUR", "ceasefire", 1.0),
               ("c", "2021-01-04", "TUR", "ceasefire", -1.0), ("u", None, "TUR", "ceasefire", -1.0)])
    t = stance_table(s, since="2021-01-03", until="2021-01-04", pooled=True)
    row = one(t)
    assert row["week"] == "2021-01-03/2021-01-04"
    assert row["articles"] == 2 and row["score"] == 0.0            # undated "u" stays out
    row = one(stance_table(s, until="2020-W53", pooled=True))
    assert row["week"] == "../2021-01-03" and row["articles"] == 2
    assert parse_day("2020-W53", end=True) == dt.date(2021, 1, 3)
    # weekly rows within a window
    assert list(stance_table(s, since="2021-01-01")["week"]) == ["2020-W53", "2021-W01"]
    # the pooled "all" window is the only one that counts undated articles
    assert one(stance_table(s, pooled=True))["articles"] == 4


def test_undated_statements_never_enter_a_week():
    s = frame([("u", None, "TUR", "ceasefire", 1.0)])
    assert stance_table(s).empty
    assert list(stance_table(s).columns) == TABLE_COLUMNS


# -- versions -------------------------------------------------------------------

def test_a_table_never_mixes_rule_versions_but_takes_dna_imports_alongside():
    s = frame(WIRE)
    s.loc[0, "rules_version"] = "v2"
    with pytest.raises(ValueError, match="rule versions"):
        stance_table(s)
    s.loc[0, "rules_version"] = "dna:0123abcd"
    assert one(stance_table(s, week="2020-W28"))["statements"] == 5


# -- matrix and shifts --------------------------------------------------------

def test_stance_matrix_is_actor_by_issue():
    s = frame([("a", "2020-07-09", "TUR", "ceasefire_conditions", 1.0),
               ("a", "2020-07-09", "RUS", "ceasefire_conditions", -1.0),
               ("a", "2020-07-09", "RUS", "ceasefire", 1.0),
               ("b", "2020-07-20", "EGY", "ceasefire", 1.0)])
    m = stance_matrix(stance_table(s, week="2020-W28"))
    assert list(m.index) == ["RUS", "TUR"] and list(m.columns) == ["ceasefire", "ceasefire_conditions"]
    assert m.loc["TUR", "ceasefire_conditions"] > 0 > m.loc["RUS", "ceasefire_conditions"]
    assert pd.isna(m.loc["TUR", "ceasefire"])
    with pytest.raises(ValueError, match="weeks"):
        stance_matrix(stance_table(s))
    assert list(stance_matrix(stance_table(s), week="2020-W30").index) == ["EGY"]


def test_shifts_are_reported_in_tests_test_table_shifts():
    # the full behaviour is in tests/test_table_shifts.py; here: the table carries what shifts need
    t = stance_table(frame([("a", "2020-07-06", "TUR", "ceasefire", 1.0)]))
    assert {"articles", "sources", "confidence"} <= set(t.columns)
    assert shifts(t)["change"].tolist() == ["new"]


# -- output formats -------------------------------------------------------------

def test_parquet_reads_back_identically(tmp_path):
    t = stance_table(frame(WIRE + [("d", "2020-07-15", "RUS", "ceasefire", 1.0)]))
    path = tmp_path / "t.parquet"
    write_table(t, "parquet", path)
    back = pd.read_parquet(path)
    for col in ("first", "last"):   # calendar dates in Parquet, as every date stances writes there
        assert {type(d).__name__ for d in back[col]} == {"date"}
        back[col] = pd.to_datetime(back[col]).astype("datetime64[ns]")
    pd.testing.assert_frame_equal(back, t)


def test_csv_json_and_markdown(tmp_path):
    t = stance_table(frame(WIRE), week="2020-W28")
    write_table(t, "csv", tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv")
    assert list(back.columns) == TABLE_COLUMNS and back.loc[0, "first"] == "2020-07-06"
    records = json.loads(write_table(t, "json"))
    assert records[0]["actor"] == "TUR" and records[0]["last"] == "2020-07-08" and records[0]["votes"] == 3
    md = write_table(t, "markdown").splitlines()
    assert md[0].startswith("| week | actor | issue | score |") and "| -0.33 |" in md[2]
    with pytest.raises(ValueError, match="parquet needs"):
        write_table(t, "parquet")


def test_the_self_contained_example_in_docs_store_md_prints_what_it_says():
    import re
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    text = (repo / "docs" / "store.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "pd.DataFrame(" in b)
    proc = subprocess.run([sys.executable, "-c", block], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    printed = [ln.rstrip() for ln in proc.stdout.splitlines()]
    promised = [ln[2:].rstrip() for ln in block.splitlines() if ln.startswith("# ")]
    assert printed == promised
