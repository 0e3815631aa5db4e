"""stances eval: scores, the cause of each missed and extra stance, several gold/article pairs."""
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.evaluate import (EXTRA_CAUSES, MISSED_CAUSES, combine, evaluate, evaluate_articles,
                              locate_evidence, read_gold)
from stances.model import Article, InputError

FIX = Path(__file__).resolve().parent / "fixtures" / "rules_min"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DAY = dt.date(2020, 7, 9)


def one(text, actor, issue, sign, evidence, rules):
    """Evaluate one article against one gold row; return the evaluation."""
    gold = {("d", actor, issue): (sign, evidence)}
    return evaluate_articles(gold, [Article("d", text, DAY)], rules, name="g.csv")


def missed(ev):
    assert len(ev.missing) == 1, ev.missing
    return ev.missing[0]


# ---------------------------------------------------------------- finding the evidence
def test_evidence_is_found_whatever_the_spacing_and_quote_marks():
    text = "Intro.\nEgypt said:  \u201cThe  ceasefire must hold,\u201d on Monday.\nEnd."
    a, b = locate_evidence(text, 'Egypt said: "The ceasefire must hold," on Monday.')
    assert text[a:b].startswith("Egypt said:") and text[a:b].endswith("Monday.")


def test_truncated_evidence_is_found_by_its_prefix():
    text = "Egypt called for a ceasefire and for talks between the two warring sides in Geneva."
    a, b = locate_evidence(text, "Egypt called for a ceasefire and for talks between the tw...")
    assert a == 0 and text[a:b].endswith("the tw")
    # a prefix that goes on differently still finds the start
    a, _ = locate_evidence("Other. " + text, "Egypt called for a ceasefire and for talks in Cairo")
    assert a == len("Other. ")


def test_evidence_with_an_ellipsis_spans_the_skipped_text():
    text = "Egypt called for a ceasefire. It also wanted talks. Turkey disagreed at length."
    a, b = locate_evidence(text, "Egypt called for a ceasefire. [...] Turkey disagreed")
    assert a == 0 and text[a:b].endswith("Turkey disagreed")


def test_evidence_that_is_not_in_the_article_is_not_found():
    assert locate_evidence("Egypt called for a ceasefire.", "Britain rejected the idea entirely.") is None
    assert locate_evidence("Egypt called for a ceasefire.", "") is None


# ---------------------------------------------------------------- causes of missed stances
def test_no_phrase_matched(min_rules):
    d = missed(one("Britain wants peace talks in Geneva.", "GBR", "ceasefire", 1,
                   "Britain wants peace talks in Geneva.", min_rules))
    assert d.cause == "no phrase or target matched"
    assert "no rule of ceasefire fired in sentence 1" in d.detail


def test_matched_but_no_holder(min_rules):
    text = "Talks resumed. There were calls for a ceasefire in the capital."
    d = missed(one(text, "GBR", "ceasefire", 1, "There were calls for a ceasefire", min_rules))
    assert d.cause == "matched but no holder"
    assert "rule ceasefire.call-for matched 'calls for a ceasefire' in sentence 2" in d.detail


def test_holder_not_an_actor_reports_the_name(min_rules):
    text = "Boris Johnson called for a ceasefire on Thursday."
    d = missed(one(text, "GBR", "ceasefire", 1, text, min_rules))
    assert d.cause == "holder not an actor"
    assert d.names == ["Boris Johnson"]
    assert "'Boris Johnson': subject of 'called'" in d.detail and "ceasefire.call-for" in d.detail


def test_holder_not_an_actor_when_no_rule_fired_either(min_rules):
    text = "The fighting has to stop, said Dominic Raab."
    d = missed(one(text, "GBR", "ceasefire", 1, text, min_rules))
    assert d.cause == "holder not an actor" and d.names == ["Dominic Raab"]
    assert "no rule of ceasefire fired in sentence 1 either" in d.detail


def test_an_unknown_name_beside_the_named_actor_is_only_noted(min_rules):
    # Britain itself is named: the missing phrase is the cause, the unknown name a note
    text = "Britain wants the fighting to stop, Dominic Raab said."
    d = missed(one(text, "GBR", "ceasefire", 1, text, min_rules))
    assert d.cause == "no phrase or target matched"
    assert "also 'Dominic Raab'" in d.detail


def test_names_that_are_not_speakers_are_not_reported(min_rules):
    # a weekday right before the verb, a name after an attitude verb (its object)
    text = "Britain on Monday urged Boris Johnson to act."
    d = missed(one(text, "GBR", "ceasefire", 1, text, min_rules))
    assert d.cause == "no phrase or target matched" and d.names == []
    # a name after a speech verb is its subject ("said Dominic Raab"), but not across punctuation
    text = "It was stated: Dominic Raab is away."
    assert missed(one(text, "GBR", "ceasefire", 1, text, min_rules)).names == []


def test_matched_other_holder(min_rules):
    d = missed(one("Egypt called for a ceasefire.", "GBR", "ceasefire", 1, "Egypt called for a ceasefire.",
                   min_rules))
    assert d.cause == "matched, other holder"
    assert "held by EGY via subject (Egypt)" in d.detail


def test_matched_but_dropped(min_rules):
    text = "Egypt said it would agree if Britain called for a ceasefire."
    d = missed(one(text, "GBR", "ceasefire", 1, text, min_rules))
    assert d.cause == "matched but dropped"
    assert "with holder GBR" in d.detail and "hypothetical" in d.detail


def test_wrong_issue(min_rules):
    d = missed(one("Egypt supports Haftar.", "EGY", "ceasefire", 1, "Egypt supports Haftar.", min_rules))
    assert d.cause == "wrong issue"
    assert "gave EGY haftar_support (rule haftar_support.backs)" in d.detail


def test_wrong_sign_on_both_sides(min_rules):
    ev = one("Egypt called for a ceasefire.", "EGY", "ceasefire", -1, "Egypt called for a ceasefire.", min_rules)
    d = missed(ev)
    assert d.cause == "wrong sign" and "extracted +1 from rule ceasefire.call-for via subject (Egypt)" in d.detail
    assert [(e.cause, e.polarity) for e in ev.extra] == [("wrong sign", 1)]
    assert ev.extra[0].detail.startswith("gold has -1")


def test_statements_that_cancel_out_are_a_wrong_sign(min_rules):
    text = "Egypt called for a ceasefire. Egypt did not call for a ceasefire, officials said."
    ev = one(text, "EGY", "ceasefire", 1, "Egypt called for a ceasefire.", min_rules)
    d = missed(ev)
    assert d.cause == "wrong sign" and "cancel out" in d.detail
    assert ev.extra == []


def test_evidence_not_found(min_rules):
    ev = one("Egypt called for a ceasefire.", "GBR", "ceasefire", 1, "Britain wanted a truce after the talks.",
             min_rules)
    d = missed(ev)
    assert d.cause == "evidence not found"
    assert "rules of ceasefire fired in sentence 1" in d.detail


def test_without_evidence_and_without_any_match_no_phrase_matched(min_rules):
    d = missed(one("Egypt supports Haftar.", "GBR", "ceasefire", 1, "", min_rules))
    assert d.cause == "no phrase or target matched"
    assert "no rule of ceasefire fired anywhere in the article" in d.detail


# ---------------------------------------------------------------- extra stances and counts
def test_extra_stance_names_its_rule_and_holder_via(min_rules):
    ev = evaluate_articles({}, [Article("d", "Britain, Germany and France called for a ceasefire.", DAY)],
                           min_rules)
    assert {(e.actor, e.cause) for e in ev.extra} == {("GBR", "not in gold"), ("DEU", "not in gold"),
                                                       ("FRA", "not in gold")}
    gbr = next(e for e in ev.extra if e.actor == "GBR")
    assert gbr.statements[0]["rule"] == "ceasefire.call-for" and gbr.statements[0]["holder_via"] == "compound"
    assert gbr.detail == "rule ceasefire.call-for via compound (Britain)"
    counts = ev.cause_counts()
    assert counts["extra"] == {"wrong sign": 0, "not in gold": 3}
    assert counts["extra_not_in_gold_by_via"] == {"compound": 3}
    assert list(counts["missing"]) == list(MISSED_CAUSES) and sum(counts["missing"].values()) == 0


def test_every_difference_has_one_counted_cause(min_rules):
    text = "Egypt called for a ceasefire. Britain wants peace. Russia supports Haftar."
    gold = {("d", "EGY", "ceasefire"): (-1, "Egypt called for a ceasefire."),
            ("d", "GBR", "ceasefire"): (1, "Britain wants peace."),
            ("d", "TUR", "ceasefire"): (1, "")}
    ev = evaluate_articles(gold, [Article("d", text, DAY)], min_rules)
    counts = ev.cause_counts()
    assert sum(counts["missing"].values()) == ev.overall.fn == 3
    assert sum(counts["extra"].values()) == ev.overall.fp == 2
    assert set(counts["missing"]) == set(MISSED_CAUSES) and set(counts["extra"]) == set(EXTRA_CAUSES)
    out = ev.as_dict()
    assert out["causes"] == counts
    assert all(m["cause"] in MISSED_CAUSES for m in out["missing"])


def test_gold_documents_that_were_not_read_are_left_out_and_named():
    gold = {("a", "EGY", "ceasefire"): (1, ""), ("b", "TUR", "ceasefire"): (1, "")}
    ev = evaluate(gold, [], docs=["a"], name="g.csv")
    assert ev.unknown_docs == ["b"] and [(d.doc, d.gold) for d in ev.missing] == [("a", "g.csv")]
    assert ev.overall.fn == 1


def test_combine_sums_the_pairs(min_rules):
    a = one("Egypt called for a ceasefire.", "EGY", "ceasefire", 1, "", min_rules)
    b = one("Egypt called for a ceasefire.", "GBR", "ceasefire", 1, "", min_rules)
    c = combine([a, b])
    assert (c.overall.tp, c.overall.fp, c.overall.fn) == (1, 1, 1)
    assert c.by_actor["EGY"].tp == 1 and c.by_actor["GBR"].fn == 1
    assert [p["overall"]["f1"] for p in c.as_dict()["pairs"]] == [1.0, 0.0]
    assert combine([a]) is a


# ---------------------------------------------------------------- the command
def write_pair(tmp_path, name, gold_rows, articles):
    folder = tmp_path / name
    folder.mkdir()
    for doc, text in articles.items():
        (folder / f"{doc}.txt").write_text(f"---\ndate: 2020-07-09\n---\n{text}\n")
    gold = tmp_path / f"{name}.csv"
    gold.write_text("doc,actor,issue,polarity,evidence\n" + "".join(f"{r}\n" for r in gold_rows))
    return str(gold), str(folder)


def test_cli_several_pairs_give_one_combined_table(tmp_path):
    g1, p1 = write_pair(tmp_path, "one", ["a1,GBR,ceasefire,1,Britain called for a ceasefire."],
                        {"a1": "Britain called for a ceasefire."})
    g2, p2 = write_pair(tmp_path, "two", ["b1,EGY,ceasefire,1,Egypt wants peace."],
                        {"b1": "Egypt wants peace. Russia supports Haftar."})
    runner = CliRunner()
    res = runner.invoke(main, ["eval", g1, p1, g2, p2, "--rules", str(FIX)])
    assert res.exit_code == 0, res.output
    assert "overall: precision 0.500  recall 0.500  F1 0.500  (tp 1, fp 1, fn 1)" in res.output
    assert f"  {g1} (1 article)  P 1.00  R 1.00  F1 1.00" in res.output
    assert f"  {g2} (1 article)  P 0.00  R 0.00  F1 0.00" in res.output
    assert "  no phrase or target matched       1" in res.output
    assert "  not in gold                       1  (via subject 1)" in res.output
    assert "missing: b1 EGY ceasefire +1 [no phrase or target matched]" in res.output
    data = json.loads(runner.invoke(main, ["eval", g1, p1, g2, p2, "--rules", str(FIX), "--format", "json"]).stdout)
    assert [p["gold"] for p in data["pairs"]] == [g1, g2]
    assert data["overall"]["f1"] == 0.5 and data["causes"]["missing"]["no phrase or target matched"] == 1
    assert data["extra"][0]["gold"] == g2 and data["extra"][0]["statements"][0]["rule"] == "haftar_support.backs"
    # --min-f1 tests the combined figure
    assert runner.invoke(main, ["eval", g1, p1, g2, p2, "--rules", str(FIX), "--min-f1", "0.6"]).exit_code == 1
    assert runner.invoke(main, ["eval", g1, p1, g2, p2, "--rules", str(FIX), "--min-f1", "0.4"]).exit_code == 0
    assert runner.invoke(main, ["eval", g1, p1, "--rules", str(FIX), "--min-f1", "0.9"]).exit_code == 0


def test_cli_one_gold_with_several_article_paths(tmp_path):
    g1, p1 = write_pair(tmp_path, "one", ["a1,GBR,ceasefire,1,", "b1,EGY,haftar_support,1,"],
                        {"a1": "Britain called for a ceasefire."})
    _, p2 = write_pair(tmp_path, "two", [], {"b1": "Egypt supports Haftar."})
    data = json.loads(CliRunner().invoke(main, ["eval", g1, p1, p2, "--rules", str(FIX), "--format", "json"]).stdout)
    assert data["overall"]["tp"] == 2 and len(data["pairs"]) == 1 and data["pairs"][0]["documents"] == 2


def test_cli_refuses_pairs_it_cannot_read(tmp_path):
    g1, p1 = write_pair(tmp_path, "one", ["a1,GBR,ceasefire,1,"], {"a1": "Britain called for a ceasefire."})
    res = CliRunner().invoke(main, ["eval", g1, p1, g1, "--rules", str(FIX)])
    assert res.exit_code == 2 and f"{g1}: no article paths after this gold table" in res.output
    res = CliRunner().invoke(main, ["eval", p1, g1, "--rules", str(FIX)])
    assert res.exit_code == 2 and "the first argument must be a gold table" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_text("doc,actor,issue,polarity\na1,GBR,ceasefire,strong\n")
    res = CliRunner().invoke(main, ["eval", g1, p1, str(bad), p1, "--rules", str(FIX)])
    assert res.exit_code == 2 and f"{bad}:2: polarity 'strong' is not a number" in res.output


def test_read_gold_names_the_file_and_line(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("doc,actor,issue\nd,GBR,ceasefire\n")
    with pytest.raises(InputError, match=r"g\.csv:1: gold table needs columns"):
        read_gold(p)


# ---------------------------------------------------------------- the shared development sets
@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.csv").exists(), reason="../shared not present")
def test_every_dev_difference_gets_a_cause_and_every_evidence_is_found(shipped_rules):
    from stances.corpus import read_articles

    arts = [a for a in read_articles([SHARED / "eval" / "dev" / "articles"]) if isinstance(a, Article)]
    gold = read_gold(SHARED / "eval" / "dev" / "gold.csv")
    texts = {a.doc: a.text for a in arts}
    assert all(locate_evidence(texts[doc], ev) for (doc, _, _), (_, ev) in gold.items())
    ev = evaluate_articles(gold, arts, shipped_rules)
    counts = ev.cause_counts()
    assert "not diagnosed" not in counts["missing"]
    assert sum(counts["missing"].values()) == ev.overall.fn
    assert sum(counts["extra"].values()) == ev.overall.fp
