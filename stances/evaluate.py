"""Precision, recall and F1 of extraction against a gold table, with the cause of each difference.

Both sides are reduced to one sign per ``(doc, actor, issue)``. Every gold
stance that extraction missed and every extracted stance the gold table does
not have gets one *cause*, the first that applies in the order below:

missed stances (:data:`MISSED_CAUSES`)
    ``wrong sign``
        extraction gave the actor the issue with the opposite sign (or with
        statements of both signs that cancel out);
    then, when the gold evidence is not in the article (or the row has none):
    ``no phrase or target matched``
        no rule of the issue fired anywhere in the article;
    ``evidence not found``
        rules of the issue fired in the article (their sentences are listed);
    otherwise, in the sentences of the gold evidence (found by a whitespace-,
    quote-mark- and case-insensitive search; a prefix of the evidence is
    enough, as some gold evidence is truncated):
    ``matched but dropped``
        a rule of the issue fired with the actor as holder, but the match was
        dropped (hypothetical, or negated under a rule that drops negations);
    ``holder not an actor``
        the actor is not named in the sentence, and a speech or attitude verb
        has for subject a name that is not a known actor (``Foo Bar said``,
        ``said Foo Bar``, ``according to Foo Bar``); the name is reported,
        and whether a rule of the issue fired;
    ``matched but no holder``
        a rule of the issue fired but was dropped for want of a holder;
    ``matched, other holder``
        a rule of the issue fired, held by other actors only;
    ``wrong issue``
        no rule of the issue fired, but the sentence gave the actor a stance
        on another issue;
    ``no phrase or target matched``
        no rule of the issue fired in the sentence.

    A name that is not an actor, found beside a named actor, is added to the
    detail of the other causes (``also 'Foo Bar': ...``).

extra stances (:data:`EXTRA_CAUSES`)
    ``wrong sign``
        the gold table has the opposite sign;
    ``not in gold``
        the gold table has no stance of the actor on the issue; the rules and
        ``holder_via`` that produced it are listed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import InputError

__all__ = [
    "Evaluation", "Difference", "Scores", "MISSED_CAUSES", "EXTRA_CAUSES", "read_gold",
    "reduce_statements", "evaluate", "evaluate_articles", "diagnose", "combine", "locate_evidence",
]

MISSED_CAUSES = (
    "no phrase or target matched", "matched but no holder", "holder not an actor",
    "matched, other holder", "matched but dropped", "wrong sign", "wrong issue", "evidence not found",
)
EXTRA_CAUSES = ("wrong sign", "not in gold")


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

    def add(self, other: "Scores") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Difference:
    """A missed or extra stance and why it differs from the gold table.

    Attributes
    ----------
    doc, actor, issue : str
    polarity : int
        The gold sign (missed) or the extracted sign (extra).
    evidence : str
        The gold evidence (missed) or the first extracted sentence (extra).
    cause : str
        One of :data:`MISSED_CAUSES` or :data:`EXTRA_CAUSES` ("" until diagnosed).
    detail : str
        What was found: rule ids, holders, the name that is not an actor.
    gold : str
        The gold table the stance belongs to (its path), when known.
    statements : list of dict
        For extra stances: ``rule``, ``holder_via`` and ``holder_text`` of the
        statements that produced the sign.
    names : list of str
        For ``holder not an actor``: the names that are not actors.
    """

    doc: str
    actor: str
    issue: str
    polarity: int
    evidence: str
    cause: str = ""
    detail: str = ""
    gold: str = ""
    statements: list = field(default_factory=list)
    names: list = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {"doc": self.doc, "actor": self.actor, "issue": self.issue, "polarity": self.polarity,
               "evidence": self.evidence, "cause": self.cause, "detail": self.detail, "gold": self.gold}
        if self.statements:
            out["statements"] = self.statements
        if self.names:
            out["names"] = self.names
        return out


@dataclass
class Evaluation:
    """Overall, per-issue and per-actor scores, with the missed and extra stances and their causes.

    ``pairs`` holds the evaluation of each ``GOLD PATH...`` pair of a combined
    run (see :func:`combine`); a single evaluation is its own only pair.
    """

    overall: Scores
    by_issue: dict
    by_actor: dict
    missing: list = field(default_factory=list)  # Difference
    extra: list = field(default_factory=list)  # Difference
    unknown_docs: list = field(default_factory=list)
    gold: str = ""
    paths: list = field(default_factory=list)
    docs: list = field(default_factory=list)
    pairs: list = field(default_factory=list)

    def cause_counts(self) -> dict:
        """``{"missing": {cause: n}, "extra": {cause: n}, "extra_not_in_gold_by_via": {via: n}}``.

        Every known cause is listed (zeros included) in the order of
        :data:`MISSED_CAUSES` / :data:`EXTRA_CAUSES`; stances not diagnosed
        count as ``not diagnosed``.
        """
        out = {}
        for name, rows, known in (("missing", self.missing, MISSED_CAUSES), ("extra", self.extra, EXTRA_CAUSES)):
            counts = dict.fromkeys(known, 0)
            for d in rows:
                key = d.cause or "not diagnosed"
                counts[key] = counts.get(key, 0) + 1
            out[name] = counts
        via: dict = {}
        for d in self.extra:
            if d.cause == "not in gold":
                for v in sorted({s["holder_via"] for s in d.statements}):
                    via[v] = via.get(v, 0) + 1
        out["extra_not_in_gold_by_via"] = dict(sorted(via.items()))
        return out

    def as_dict(self) -> dict:
        pairs = self.pairs or [self]
        return {
            "overall": self.overall.as_dict(),
            "pairs": [{"gold": p.gold, "paths": [str(x) for x in p.paths], "documents": len(p.docs),
                       "gold_stances": p.overall.tp + p.overall.fn, "overall": p.overall.as_dict(),
                       "causes": p.cause_counts(), "gold_docs_not_read": p.unknown_docs} for p in pairs],
            "causes": self.cause_counts(),
            "by_issue": {k: v.as_dict() for k, v in sorted(self.by_issue.items())},
            "by_actor": {k: v.as_dict() for k, v in sorted(self.by_actor.items())},
            "missing": [d.as_dict() for d in self.missing],
            "extra": [d.as_dict() for d in self.extra],
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
        try:
            fields = reader.fieldnames
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(str(p), f"not a readable CSV gold table ({exc})", line=1) from None
        if not fields or not need <= set(fields):
            raise InputError(str(p), f"gold table needs columns {', '.join(sorted(need))}", line=1)
        try:
            for row in reader:
                try:
                    pol = float(row["polarity"])
                except (TypeError, ValueError):
                    raise InputError(str(p), f"polarity {row['polarity']!r} is not a number",
                                     line=reader.line_num) from None
                key = ((row["doc"] or "").strip(), (row["actor"] or "").strip(), (row["issue"] or "").strip())
                total, ev = sums.get(key, (0.0, ""))
                sums[key] = (total + pol, ev or (row.get("evidence") or ""))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(str(p), f"not a readable CSV gold table ({exc})", line=reader.line_num) from None
    return {k: ((v > 0) - (v < 0), ev) for k, (v, ev) in sums.items() if v != 0}


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def _group(statements) -> dict:
    """``{(doc, actor, issue): [statements]}`` in input order."""
    out: dict = {}
    for s in statements:
        out.setdefault((s.doc, s.actor, s.issue), []).append(s)
    return out


def reduce_statements(statements) -> dict:
    """One sign per (doc, actor, issue): the sign of the summed scores.

    Returns ``{(doc, actor, issue): (sign, first evidence sentence)}``; triples
    whose scores sum to zero are left out.
    """
    out = {}
    for key, group in _group(statements).items():
        sign = _sign(sum(s.score for s in group))
        if sign:
            out[key] = (sign, group[0].sentence)
    return out


def _statement_rows(group, sign: int) -> list:
    """rule / holder_via / holder_text of the statements of *group* with *sign* (all when 0)."""
    rows = []
    for s in sorted(group, key=lambda s: (s.start, s.rule, s.holder_via)):
        if sign == 0 or _sign(s.score) == sign:
            row = {"rule": s.rule, "holder_via": s.holder_via, "holder_text": s.holder_text,
                   "score": s.score}
            if row not in rows:
                rows.append(row)
    return rows


def _describe(rows: list) -> str:
    return "; ".join(f"rule {r['rule']} via {r['holder_via']} ({r['holder_text']})" for r in rows)


def evaluate(gold: dict, statements, docs=None, name: str = "") -> Evaluation:
    """Compare extracted *statements* with a *gold* table (from :func:`read_gold`).

    Extra stances get their cause here; missed stances get ``wrong sign`` when
    extraction has the opposite sign, and the other causes from
    :func:`diagnose`, which needs the articles.

    Parameters
    ----------
    gold : dict
    statements : iterable of Statement
    docs : collection of str, optional
        The documents that were read; gold rows of other documents are left
        out (and listed in ``unknown_docs``).
    name : str
        The gold table's name (its path), kept in each difference.

    Examples
    --------
    >>> ev = evaluate({("d", "TUR", "ceasefire"): (1, "")}, [])
    >>> ev.overall.recall
    0.0
    """
    groups = _group(statements)
    pred = {k: _sign(sum(s.score for s in g)) for k, g in groups.items()}
    if docs is not None:
        docs = list(dict.fromkeys(docs))
        seen = set(docs)
        unknown = sorted({k[0] for k in gold} - seen)
        gold = {k: v for k, v in gold.items() if k[0] in seen}
    else:
        unknown = []
        docs = sorted({k[0] for k in gold} | {k[0] for k in groups})
    overall, by_issue, by_actor = Scores(), {}, {}

    def bump(key, what):
        for sc in (overall, by_issue.setdefault(key[2], Scores()), by_actor.setdefault(key[1], Scores())):
            setattr(sc, what, getattr(sc, what) + 1)

    ev = Evaluation(overall, by_issue, by_actor, unknown_docs=unknown, gold=name, docs=docs)
    for key in sorted(set(gold) | {k for k, v in pred.items() if v}):
        g, p = gold.get(key), pred.get(key, 0)
        if g and p == g[0]:
            bump(key, "tp")
            continue
        if p:
            bump(key, "fp")
            rows = _statement_rows(groups[key], p)
            d = Difference(*key, p, groups[key][0].sentence, gold=name, statements=rows)
            if g:
                d.cause, d.detail = "wrong sign", f"gold has {g[0]:+d}; extracted {p:+d} from " + _describe(rows)
            else:
                d.cause, d.detail = "not in gold", _describe(rows)
            ev.extra.append(d)
        if g:
            bump(key, "fn")
            d = Difference(*key, g[0], g[1], gold=name)
            if p:
                d.cause = "wrong sign"
                d.detail = f"extracted {p:+d} from " + _describe(_statement_rows(groups[key], p))
            elif key in groups:
                d.cause = "wrong sign"
                d.detail = "statements of both signs cancel out: " + _describe(_statement_rows(groups[key], 0))
            ev.missing.append(d)
    return ev


# ------------------------------------------------------------------ evidence
_QUOTES = frozenset("\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a")
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.+|\u2026)\s*")
#: Normalised characters of evidence that must match, at least, for a prefix to count.
MIN_PREFIX = 20


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold *text*, dropping whitespace and quote marks; returns the string and each character's offset."""
    from .text import fold

    folded = fold(text)
    chars, where = [], []
    for i, (orig, ch) in enumerate(zip(text, folded)):
        if ch.isspace() or orig in _QUOTES or ch in _QUOTES:
            continue
        chars.append(ch)
        where.append(i)
    return "".join(chars), where


def _longest_prefix(hay: str, needle: str, start: int = 0) -> tuple[int, int]:
    """Position and length of the longest prefix of *needle* found in *hay* (at or after *start*)."""
    if not needle:
        return -1, 0
    at = hay.find(needle, start)
    if at >= 0:
        return at, len(needle)
    lo, hi = min(MIN_PREFIX, len(needle)), len(needle) - 1
    best = (-1, 0)
    while lo <= hi:
        mid = (lo + hi) // 2
        at = hay.find(needle[:mid], start)
        if at >= 0:
            best = (at, mid)
            lo = mid + 1
        else:
            hi = mid - 1
    return best


def locate_evidence(text: str, evidence: str) -> tuple[int, int] | None:
    """Character span of *evidence* in *text*, or ``None``.

    The search ignores whitespace, quote marks, case and accents; a prefix of
    the evidence (at least :data:`MIN_PREFIX` characters) is enough, and an
    ellipsis in the evidence skips text (``first part ... later part``).

    Examples
    --------
    >>> t = 'Egypt said: \\u201cA  ceasefire is needed now,\\u201d on Monday.'
    >>> a, b = locate_evidence(t, '"A ceasefire is needed now," on Mon...')
    >>> t[a:b]
    'A  ceasefire is needed now,\\u201d on Mon'
    >>> locate_evidence(t, "Turkey rejected the ceasefire outright.") is None
    True
    """
    hay, where = _normalise(text)
    parts = [_normalise(p)[0] for p in _ELLIPSIS.split(evidence or "")]
    parts = [p for p in parts if p]
    if not parts or not hay:
        return None
    at, n = _longest_prefix(hay, parts[0])
    if at < 0:
        return None
    end = at + n
    if n == len(parts[0]):
        for part in parts[1:]:
            nxt, m = _longest_prefix(hay, part, end)
            if nxt < 0:
                break
            end = nxt + m
            if m < len(part):
                break
    return where[at], where[end - 1] + 1


# ------------------------------------------------------------------ diagnosis
#: Capitalised words at a sentence start that are not names.
_NOT_NAMES = frozenset(
    "the a an this that these those he she it they we i you his her its their our my your but and or so "
    "yet however meanwhile also in on at after before when while earlier later then both all some many "
    "most other others such there here what which who whose if as by for with from of to monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split())
#: Lower-case particles inside names: "Abdel Fattah el-Sisi", "Ursula von der Leyen".
_PARTICLES = frozenset("al el bin ibn bint abu de di da del della van von der den le la du dos".split())
#: Words that may stand between a subject and its verb.
_AUX = frozenset(
    "has have had is was were are be been will would shall should can could may might must do does did "
    "also again then later now once however previously earlier repeatedly reportedly already still not "
    "n't never further strongly firmly officially publicly jointly separately recently yesterday today "
    "itself themselves himself herself".split())


def _name_runs(clean: str, toks: list) -> list:
    """Maximal runs ``(i, j)`` of capitalised tokens joined by spaces or hyphens."""
    runs, i, n = [], 0, len(toks)

    def cap(t):
        return clean[t.start].isupper()

    while i < n:
        if not cap(toks[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            gap = clean[toks[j - 1].end:toks[j].start]
            if gap.strip(" -\u2010\u2011") or "\n" in gap:
                break
            if cap(toks[j]):
                j += 1
            elif toks[j].norm in _PARTICLES and j + 1 < n and cap(toks[j + 1]) and \
                    not clean[toks[j].end:toks[j + 1].start].strip(" -\u2010\u2011"):
                j += 2
            else:
                break
        while i < j and toks[i].norm in _NOT_NAMES:
            i += 1
        if i < j:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


class _Text:
    """An article's cleaned and folded text, computed once for all its missed stances."""

    def __init__(self, article):
        from .clean import clean_text
        from .text import fold

        self.clean = clean_text(article.text)
        self.folded = fold(self.clean)
        self.date = article.date


def _unknown_speakers(text, trace, ruleset) -> list:
    """Names that are the subject of a speech or attitude verb in the sentence and stand for no actor.

    *text* is a :class:`_Text` of the article. Returns a sorted list of ``(name, reason)``.
    """
    from .text import token_string, tokenize

    clean = text.clean
    toks = tokenize(text.folded, clean, trace.start, trace.end)
    if not toks:
        return []
    m = ruleset.matcher
    ts, starts = token_string(toks)
    speech_starts = {a for a, _ in m.spans(m.speech_re, ts, starts)}
    verbs = sorted(speech_starts | {a for a, _ in m.spans(m.attitude_re, ts, starts)})

    def speech(v):
        return v in speech_starts

    runs = _name_runs(clean, toks)
    by_end = {j: (i, j) for i, j in runs}
    by_start = {i: (i, j) for i, j in runs}
    picked = []
    for v in verbs:
        j = v
        while j > 0 and toks[j - 1].norm in _AUX and "," not in clean[toks[j - 1].end:toks[j].start]:
            j -= 1
        gap = clean[toks[j - 1].end:toks[j].start] if j > 0 else ""
        if j in by_end and not gap.strip():
            picked.append((by_end[j], toks[v].norm))  # "Foo Bar has said"
        elif v + 1 in by_start and v > 0 and speech(v) and not clean[toks[v].end:toks[v + 1].start].strip():
            picked.append((by_start[v + 1], toks[v].norm))  # "..., said Foo Bar"
    for k in range(len(toks) - 2):
        if toks[k].norm == "according" and toks[k + 1].norm == "to" and k + 2 in by_start:
            picked.append((by_start[k + 2], "according to"))
    out = []
    for (i, j), verb in picked:
        a, b = toks[i].start, toks[j - 1].end
        inside = [mn for mn in trace.mentions if mn.char_start < b and mn.char_end > a]
        if any(mn.actor for mn in inside):
            continue
        name = " ".join(clean[a:b].split())
        if inside:
            reason = f"{inside[0].kind} mention that stands for no actor on {text.date or 'an undated text'}"
        else:
            reason = "not in the actors or people of the rule set"
        out.append((name, f"subject of {verb!r}, {reason}" if verb != "according to" else
                    f"after 'according to', {reason}"))
    return sorted(set(out))


def _matches_of(sentences, issue):
    return [(st, mt) for st in sentences for mt in st.matches if mt.rule.issue == issue]


def _matched(article, st, mt) -> str:
    """``rule R matched 'words' in sentence N`` with the words of the article."""
    words = " ".join(article.text[mt.char_start:mt.char_end].split())
    return f"rule {mt.rule.id} matched {words!r} in sentence {st.index + 1}"


def _diagnose_missing(d: Difference, article, analysis, ruleset, doc_statements, text=None) -> None:
    """Set the cause and detail of a missed stance (see the module docstring for the order)."""
    span = locate_evidence(article.text, d.evidence) if d.evidence else None
    sentences = []
    if span is not None:
        a, b = span
        sentences = [st for st in analysis.sentences if st.start < b and st.end > a]
    if not sentences:
        fired = _matches_of(analysis.sentences, d.issue)
        where = "the gold row has no evidence" if not d.evidence else "evidence not found in the article"
        if not fired:
            d.cause = "no phrase or target matched"
            d.detail = f"{where}; no rule of {d.issue} fired anywhere in the article"
        else:
            d.cause = "evidence not found"
            d.detail = f"{where}; rules of {d.issue} fired in sentence " + ", ".join(
                sorted({str(st.index + 1) for st, _ in fired}, key=int))
        return
    where = "sentence " + ", ".join(str(st.index + 1) for st in sentences)
    fired = _matches_of(sentences, d.issue)
    own = [(st, mt) for st, mt in fired if any(h[0] == d.actor for h in mt.holders)]
    if own:
        st, mt = own[0]
        d.cause = "matched but dropped"
        d.detail = f"{_matched(article, st, mt)} with holder {d.actor}: {mt.why}"
        return
    text = text or _Text(article)
    unknown = sorted({x for st in sentences for x in _unknown_speakers(text, st, ruleset)})
    named = any(mn.actor == d.actor for st in sentences for mn in st.mentions)
    if unknown:
        d.names = sorted({n for n, _ in unknown})
    names = "; ".join(f"{n!r}: {why}" for n, why in unknown)
    if unknown and not named:
        # the actor is not named in the sentence: only the unknown speaker can stand for it
        d.cause = "holder not an actor"
        d.detail = names + ("; " + _matched(article, *fired[0]) if fired else
                            f"; no rule of {d.issue} fired in {where} either")
        return
    also = f"; also {names}" if unknown else ""
    bare = [(st, mt) for st, mt in fired if not mt.holders]
    if bare:
        d.cause = "matched but no holder"
        d.detail = f"{_matched(article, *bare[0])}: {bare[0][1].why}{also}"
        return
    if fired:
        st, mt = fired[0]
        holders = ", ".join(f"{a} via {via} ({mn.text})" for a, mn, via in mt.holders)
        d.cause = "matched, other holder"
        d.detail = f"{_matched(article, st, mt)}, held by {holders}{also}"
        return
    spans = [(st.start, st.end) for st in sentences]
    other = sorted({(s.issue, s.rule) for s in doc_statements
                    if s.actor == d.actor and s.issue != d.issue and (s.start, s.end) in spans})
    if other:
        d.cause = "wrong issue"
        d.detail = f"{where} gave {d.actor} " + "; ".join(f"{i} (rule {r})" for i, r in other) + also
        return
    d.cause = "no phrase or target matched"
    notes = [n for st in sentences for n in st.near_misses if "no phrase matched" in n]
    d.detail = f"no rule of {d.issue} fired in {where}" + "".join(f"; {n}" for n in notes) + also


def diagnose(ev: Evaluation, articles, ruleset, statements=()) -> Evaluation:
    """Give each missed stance of *ev* its cause, from a traced analysis of its article.

    Parameters
    ----------
    ev : Evaluation
        From :func:`evaluate`; changed in place and returned.
    articles : iterable of Article
        The articles that were evaluated (others are ignored; the first
        article of a doc id is used).
    ruleset : RuleSet
    statements : iterable of Statement
        The extracted statements (for ``wrong issue``).

    Returns
    -------
    Evaluation
    """
    from .extract import analyse

    todo: dict = {}
    for d in ev.missing:
        if not d.cause:
            todo.setdefault(d.doc, []).append(d)
    if not todo:
        return ev
    by_doc: dict = {}
    for s in statements:
        if s.doc in todo:
            by_doc.setdefault(s.doc, []).append(s)
    for art in articles:
        rows = todo.pop(art.doc, None)
        if not rows:
            continue
        analysis, text = analyse(art, ruleset, trace=True), _Text(art)
        for d in rows:
            _diagnose_missing(d, art, analysis, ruleset, by_doc.get(art.doc, []), text)
    return ev


def evaluate_articles(gold, articles, ruleset, *, jobs: int = 1, name: str | None = None) -> Evaluation:
    """Extract *articles* with *ruleset*, compare with *gold* and give every difference its cause.

    Parameters
    ----------
    gold : dict or path
        A table from :func:`read_gold`, or the path of a gold CSV.
    articles : iterable of Article
    ruleset : RuleSet
    jobs : int
        Worker processes for extraction.
    name : str, optional
        The gold table's name in the output (default: its path).

    Returns
    -------
    Evaluation
    """
    from .extract import extract_many

    if not isinstance(gold, dict):
        name = str(gold) if name is None else name
        gold = read_gold(gold)
    docs, stmts, kept = [], [], []
    gold_docs = {k[0] for k in gold}
    for art, st in extract_many(articles, ruleset, jobs=jobs):
        docs.append(art.doc)
        stmts.extend(st)
        if art.doc in gold_docs:
            kept.append(art)  # only articles with gold rows can have missed stances
    ev = evaluate(gold, stmts, docs, name=name or "")
    return diagnose(ev, kept, ruleset, stmts)


def combine(evaluations) -> Evaluation:
    """One evaluation of several ``GOLD PATH...`` pairs: scores summed, differences listed together.

    Each pair stays available in ``pairs``.

    Examples
    --------
    >>> a = evaluate({("d", "TUR", "ceasefire"): (1, "")}, [])
    >>> b = evaluate({("e", "EGY", "ceasefire"): (1, "")}, [])
    >>> c = combine([a, b])
    >>> c.overall.fn, len(c.pairs)
    (2, 2)
    """
    evaluations = list(evaluations)
    if len(evaluations) == 1:
        return evaluations[0]
    overall, by_issue, by_actor = Scores(), {}, {}
    out = Evaluation(overall, by_issue, by_actor, pairs=evaluations)
    for ev in evaluations:
        overall.add(ev.overall)
        for mine, theirs in ((by_issue, ev.by_issue), (by_actor, ev.by_actor)):
            for k, sc in theirs.items():
                mine.setdefault(k, Scores()).add(sc)
        out.missing.extend(ev.missing)
        out.extra.extend(ev.extra)
        out.docs.extend(ev.docs)
        out.paths.extend(ev.paths)
        out.unknown_docs.extend(ev.unknown_docs)
    out.unknown_docs = sorted(set(out.unknown_docs))
    return out
