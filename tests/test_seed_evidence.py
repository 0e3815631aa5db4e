"""The seed's statements carry the right evidence sentences (gold read from ../shared)."""
import csv
from pathlib import Path

import pytest

from stances import extract_statements

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "seed" / "gold.csv"


def norm(s):
    return " ".join(s.replace("“", '"').replace("”", '"').replace("’", "'").split())


@pytest.mark.skipif(not GOLD.exists(), reason="../shared not present")
def test_each_gold_stance_has_a_statement_with_its_evidence():
    df = extract_statements([ROOT / "seeds"], ROOT / "rules")
    text = (ROOT / "seeds" / "000_951ff7119e6d2308.txt").read_text(encoding="utf-8")
    with GOLD.open(encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    for row in gold:
        sign = int(row["polarity"])
        rows = df[(df.actor == row["actor"]) & (df.issue == row["issue"]) & ((df.score > 0) == (sign > 0))]
        assert len(rows), row
        evidence = norm(row["evidence"])
        found = False
        for _, st in rows.iterrows():
            sent = norm(st.sentence)
            assert text[st.start:st.end] == st.sentence
            # the gold evidence and the statement's sentence overlap: one holds the other's words
            probe = evidence[:60].strip('" ')
            if probe[:40] in sent or sent[:40] in evidence or norm(text[max(0, st.start - 400):st.end]).find(probe[:40]) >= 0:
                found = True
        assert found, (row["actor"], row["issue"], row["evidence"][:80], list(rows.sentence))
