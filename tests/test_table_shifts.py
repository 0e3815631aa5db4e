"""Shifts against the last known position, on a hand-made store: what changed, and what did not."""
from __future__ import annotations

import pandas as pd
import pytest

from stances.store import Store, normalize_statements, read_statements
from stances.table import confidence_level, score_text, shifts, stance_table


def frame(rows):
    """Statements from (doc, date, actor, issue, score[, source]) tuples."""
    recs = []
    for i, row in enumerate(rows):
        doc, date, actor, issue, score = row[:5]
        recs.append({"doc": doc, "date": date, "actor": actor, "issue": issue, "score": score,
                     "start": 10 * i, "end": 10 * i + 9, "rule": "r", "rules_version": "v1",
                     "source": row[5] if len(row) > 5 else "Outlet A"})
    return normalize_statements(pd.DataFrame(recs))


# Six weeks of a hand-made archive. 2020-W27 and W28 have coverage, W29 has none at all,
# W30 has one article, W31 two. Last known positions:
#   TUR ceasefire   +1 (W27), +1 (W28)  -> W30 -1: sign change (across the empty W29)
#   RUS ceasefire   +0.5 (W27)          -> W30 +1: stronger
#   EGY ceasefire   +1 (W28)            -> W31 +0.5 (mixed of +1 and 0): weaker
#   GBR ceasefire   first ever in W30   -> new
#   FRA ceasefire   +1 (W27), +1 (W28)  -> silent in W30 (active in 2 of the 4 weeks before)
#   ITA ceasefire   +1 (W28) only       -> silent in W30 but active once: not reported
#   DEU ceasefire   +1 (W27), +1 (W30)  -> unchanged across the gap: not reported
ARCHIVE = [
    ("w27a", "2020-06-30", "TUR", "ceasefire", 1.0),
    ("w27a", "2020-06-30", "RUS", "ceasefire", 0.5),
    ("w27a", "2020-06-30", "FRA", "ceasefire", 1.0),
    ("w27a", "2020-06-30", "DEU", "ceasefire", 1.0),
    ("w28a", "2020-07-07", "TUR", "ceasefire", 1.0),
    ("w28a", "2020-07-07", "EGY", "ceasefire", 1.0),
    ("w28a", "2020-07-07", "FRA", "ceasefire", 1.0),
    ("w28a", "2020-07-07", "ITA", "ceasefire", 1.0),
    ("w30a", "2020-07-21", "TUR", "ceasefire", -1.0),
    ("w30a", "2020-07-21", "RUS", "ceasefire", 1.0),
    ("w30a", "2020-07-21", "GBR", "ceasefire", 1.0),
    ("w30a", "2020-07-21", "DEU", "ceasefire", 1.0),
    ("w31a", "2020-07-28", "EGY", "ceasefire", 1.0),
    ("w31b", "2020-07-29", "EGY", "ceasefire", 0.0),
]


@pytest.fixture()
def stored(tmp_path):
    """The archive written into a real store and read back, as `stances report --db` does."""
    path = tmp_path / "hand.db"
    with Store(path) as store:
        store.import_statements(frame(ARCHIVE), "dna:handmade")
    return read_statements(path)


def changes(out, week=None):
    if week is not None:
        out = out[out["week"] == week]
    return {(r.actor, r.change) for r in out.itertuples()}


def test_each_kind_of_change_against_the_last_known_position(stored):
    out = shifts(stored, week="2020-W30")
    assert changes(out) == {("TUR", "sign_change"), ("RUS", "stronger"), ("GBR", "new"),
                            ("FRA", "gone_silent")}
    tur = out[out["actor"] == "TUR"].iloc[0]
    assert tur["previous_week"] == "2020-W28" and tur["previous_score"] == 1.0 and tur["score"] == -1.0
    assert tur["previous_evidence"] == "w28a:40-49"
    assert out[out["actor"] == "GBR"].iloc[0]["previous_week"] == ""
    # W31: EGY weaker; the actors that spoke in 2 of W27-W30 and say nothing now are silent
    assert changes(shifts(stored, week="2020-W31")) == {
        ("EGY", "weaker"), ("TUR", "gone_silent"), ("RUS", "gone_silent"), ("DEU", "gone_silent"),
        ("FRA", "gone_silent")}


def test_a_week_without_coverage_changes_nothing(stored):
    every = shifts(stored)
    assert "2020-W29" not in set(every["week"])  # no statements: nobody falls silent
    # the empty W29 does not make W30's cells "new": only GBR has never spoken before
    assert {a for a, c in changes(every, "2020-W30") if c == "new"} == {"GBR"}
    # DEU said the same before and after the gap: not a change
    assert "DEU" not in {a for a, _ in changes(every, "2020-W30")}


def test_silence_needs_recent_activity(stored):
    out = shifts(stored, week="2020-W30")
    assert ("ITA", "gone_silent") not in changes(out)   # spoke in one of the 4 weeks before
    assert ("ITA", "gone_silent") in changes(shifts(stored, week="2020-W30", min_active=1))
    assert changes(shifts(stored, week="2020-W30", recent=1)) & {("FRA", "gone_silent")} == set()


def test_lookback_limits_how_old_a_last_known_position_may_be(stored):
    # with a one-week lookback, TUR's W28 position is too old for W30: it counts as new
    assert ("TUR", "new") in changes(shifts(stored, week="2020-W30", lookback=1))
    assert ("TUR", "sign_change") in changes(shifts(stored, week="2020-W30", lookback=None))
    with pytest.raises(ValueError, match="lookback"):
        shifts(stored, lookback=0)


def test_first_week_has_only_first_positions_and_weekly_table_input_agrees(stored):
    assert changes(shifts(stored, week="2020-W27")) == {
        ("TUR", "new"), ("RUS", "new"), ("FRA", "new"), ("DEU", "new")}
    weekly = stance_table(stored)
    pd.testing.assert_frame_equal(shifts(weekly), shifts(stored))


def test_confidence_levels_from_articles_and_outlets():
    s = frame([
        ("a", "2020-07-06", "TUR", "ceasefire", 1.0, "AA"),
        ("a", "2020-07-06", "TUR", "ceasefire", 1.0, "AA"),    # ten sentences of one article: still one
        ("b", "2020-07-06", "RUS", "ceasefire", -1.0, "TASS"),
        ("c", "2020-07-07", "RUS", "ceasefire", -1.0, "TASS"),
        ("d", "2020-07-06", "EGY", "ceasefire", 1.0, "Ahram"),
        ("e", "2020-07-07", "EGY", "ceasefire", 1.0, "Reuters"),
        ("f", "2020-07-08", "EGY", "ceasefire", 1.0, "Reuters"),
    ])
    t = stance_table(s, week="2020-W28").set_index("actor")
    assert t.loc["TUR", ["articles", "sources", "confidence"]].tolist() == [1, 1, "low"]
    assert t.loc["RUS", ["articles", "sources", "confidence"]].tolist() == [2, 1, "medium"]
    assert t.loc["EGY", ["articles", "sources", "confidence"]].tolist() == [3, 2, "high"]
    assert confidence_level(10, 1) == "medium"   # many articles, one outlet: not high


def test_scores_are_rounded_to_what_the_votes_support():
    assert score_text(0.9333, 3) == "+0.9"
    assert score_text(0.9333, 10) == "+0.93"
    assert score_text(-1.0, 1) == "-1.0"
