"""Precision, recall and F1 of extraction against a gold table."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .model import InputError

__all__ = ["Evaluation", "read_gold", "reduce_statements", "evaluate"]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    """Overall, per-issue and per-actor scores, with the missing and extra stances."""

    overall: Scores
    by_issue: dict
    by_actor: dict
    missing: list = field(default_factory=list)  # (doc, actor, issue, polarity, evidence)
    extra: list = field(default_factory=list)  # (doc, actor, issue, polarity, sentence)
    unknown_docs: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "by_issue": {k: v.as_dict() for k, v in sorted(self.by_issue.items())},
            "by_actor": {k: v.as_dict() for k, v in sorted(self.by_actor.items())},
            "missing": [dict(zip(("doc", "actor", "issue", "polarity", "evidence"), m)) for m in self.missing],
            "extra": [dict(zip(("doc", "actor", "issue", "polarity", "evidence"), e)) for e in self.extra],
            "gold_docs_not_read": self.unknown_docs,
        }


def read_gold(path) -> dict:
    """Read a gold table ``doc, actor, issue, polarity[, evidence]``.

    Returns ``{(doc, actor, issue): (sign, evidence)}``; several rows for one
    triple are summed to one sign. Errors name the file and line.
    """
    p = Path(path)
    try:
        f = p.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(str(p), f"cannot read gold table: {exc.strerror}") from None
    sums: dict = {}
    with f:
        reader = csv.DictReader(f)
        need = {"doc", "actor", "issue", "polarity"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise InputError(str(p), f"gold table needs columns {', '.join(sorted(need))}", line=1)
        for row in reader:
            try:
                pol = float(row["polarity"])
            except (TypeError, ValueError):
                raise InputError(str(p), f"polarity {row['polarity']!r} is not a number",
                                 line=reader.line_num) from None
            key = (row["doc"].strip(), row["actor"].strip(), row["issue"].strip())
            total, ev = sums.get(key, (0.0, ""))
            sums[key] = (total + pol, ev or (row.get("evidence") or ""))
    return {k: ((v > 0) - (v < 0), ev) for k, (v, ev) in sums.items() if v != 0}


def reduce_statements(statements) -> dict:
    """One sign per (doc, actor, issue): the sign of the summed scores.

    Returns ``{(doc, actor, issue): (sign, first evidence sentence)}``.
    """
    sums: dict = {}
    for s in statements:
        key = (s.doc, s.actor, s.issue)
        total, ev = sums.get(key, (0.0, ""))
        sums[key] = (total + s.score, ev or s.sentence)
    return {k: ((v > 0) - (v < 0), ev) for k, (v, ev) in sums.items() if v != 0}


def evaluate(gold: dict, statements, docs=None) -> Evaluation:
    """Compare extracted *statements* with a *gold* table (from :func:`read_gold`).

    Parameters
    ----------
    gold : dict
    statements : iterable of Statement
    docs : collection of str, optional
        The documents that were read; gold rows of other documents are left
        out (and listed in ``unknown_docs``).

    Examples
    --------
    >>> ev = evaluate({("d", "TUR", "ceasefire"): (1, "")}, [])
    >>> ev.overall.recall
    0.0
    """
    pred = reduce_statements(statements)
    if docs is not None:
        docs = set(docs)
        unknown = sorted({k[0] for k in gold} - docs)
        gold = {k: v for k, v in gold.items() if k[0] in docs}
    else:
        unknown = []
    overall, by_issue, by_actor = Scores(), {}, {}

    def bump(key, what):
        for sc in (overall, by_issue.setdefault(key[2], Scores()), by_actor.setdefault(key[1], Scores())):
            setattr(sc, what, getattr(sc, what) + 1)

    ev = Evaluation(overall, by_issue, by_actor, unknown_docs=unknown)
    for key in sorted(set(gold) | set(pred)):
        g, p = gold.get(key), pred.get(key)
        if g and p and g[0] == p[0]:
            bump(key, "tp")
            continue
        if p:
            bump(key, "fp")
            ev.extra.append((*key, p[0], p[1]))
        if g:
            bump(key, "fn")
            ev.missing.append((*key, g[0], g[1]))
    return ev
