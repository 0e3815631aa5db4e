"""Acts on a document the article has described: "five countries voted against it".

A document (a resolution, a joint statement, a declaration) states positions through the rule
phrases it holds: "a UN resolution demanding that Russia withdraw its forces" is the UN's
support for the withdrawal. An actor that then acts on that document with an attitude of the
lexicon's signed classes ("voted against it", "welcomed the resolution", "rejected the joint
statement") takes the document's positions, with the sign of its act: support keeps each sign,
opposition turns it. This is the coding of the guidelines' acts ("voting for ... count as support
of what is signed; ... voting against count as opposition") for the common case where the
document's content and the vote stand in different sentences.

The object of the act must be the document itself: a mention of a document or of a rule set's
group name for one ("the resolution", "the joint statement"), or "it" when such a mention stands
in the same sentence or one of the two before. "A resolution" introduces a new document and
"the resolution" or "it" continue the one introduced last, so two resolutions of one article keep
their own content. A document with both signs on an issue gives nothing on it.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .attribution import subject_holders

#: How many sentences a document's content and an act on it may stand apart.
REACH = 8
#: How many sentences back "it" may find the document it stands for.
IT_REACH = 2


@dataclass
class Said:
    """One position a document states: in sentence *index*, by the document titled *title*."""

    index: int
    title: str
    rule: object
    sign: int
    phrase: str


@dataclass
class Act:
    """An act on a document in sentence *index*: the holders, the document's rule, the sign."""

    index: int
    start: int  # token span of the attitude
    end: int
    holders: list  # (actor, Mention, via)
    rule: object
    sign: int
    phrase: str
    why: str


def _document_at(s, i: int):
    """The document (or group) mention that starts at token *i* of *s*, or after "the" there."""
    for m in s.mentions:
        if m.kind in ("document", "group") and (m.start == i or (m.start == i + 1 and s.tokens[i].norm == "the")):
            return m
    return None


def _nearest_document(doc, s, before: int, titles: set):
    """The title of the nearest document mention before token *before* of *s*, or in the
    :data:`IT_REACH` sentences before it, whose title is in *titles*."""
    for m in reversed(s.mentions):
        if m.start < before and m.kind in ("document", "group") and m.title in titles:
            return m.title
    for j in range(s.index - 1, max(-1, s.index - 1 - IT_REACH), -1):
        prev = doc.prepare(doc.sentences[j])
        for m in reversed(prev.mentions):
            if m.kind in ("document", "group") and m.title in titles:
                return m.title
    return None


def _introductions(doc, hi: int) -> dict:
    """``{title: [(sentence, token), ...]}``: where a new document of each title is introduced,
    by "a" / "an" before it ("a resolution", "a United Nations resolution", "a UN resolution"),
    in sentences before *hi*, in order."""
    out: dict = {}
    for j in range(hi):
        s = doc.prepare(doc.sentences[j])
        for m in s.mentions:
            if m.kind not in ("document", "group") or not m.start:
                continue
            k = m.start - 1
            named = next((x for x in s.mentions if x.end == m.start and x.actor), None)
            if named is not None and named.start:  # "a UN resolution": the article before the name
                k = named.start - 1
            if s.tokens[k].norm in ("a", "an"):
                out.setdefault(m.title, []).append((j, m.start))
    return out


def _instance(intros: dict, title: str, at: tuple):
    """The introduction of the document of *title* that stands last before position *at*
    (sentence, token), or None: "the resolution" and "it" continue the last one."""
    before = [x for x in intros.get(title, ()) if x < at]
    return before[-1] if before else None


def acts_on_documents(doc, said: list) -> list:
    """The acts on the documents of *said* in the sentences around them.

    Parameters
    ----------
    doc : _Doc
        The article being analysed (its sentences are prepared as needed).
    said : list of Said
        What the article's documents state, in order.

    Returns
    -------
    list of Act
        One per (sentence, attitude, document rule), in order; holders are the attitude's
        subjects that are not the document's own holder.
    """
    if not said:
        return []
    classes = [(name, cls.sign) for name, cls in sorted(doc.rs.lexicon.classes.items()) if cls.sign]
    titles = {x.title for x in said}
    lo = max(0, min(x.index for x in said) - REACH)
    hi = min(len(doc.sentences), max(x.index for x in said) + REACH + 1)
    intros = _introductions(doc, hi)
    # each statement of a document belongs to the document introduced last before (or in) its
    # sentence: two resolutions of one article keep their own content
    of = [_instance(intros, x.title, (x.index, 10 ** 9)) for x in said]
    out = []
    for j in range(lo, hi):
        s = doc.prepare(doc.sentences[j])
        covered = [(h.start, h.end) for h in s.hits]
        for name, act_sign in classes:
            for found in doc.m.class_regex(name).finditer(s.ts):
                a = bisect_left(s.starts, found.start())
                e = bisect_left(s.starts, found.end())
                if any(x <= a < y for x, y in covered) or e >= len(s.tokens):
                    continue  # a rule phrase holds this attitude already
                if s.tokens[e].norm == "it":
                    title = _nearest_document(doc, s, a, titles)
                else:
                    m = _document_at(s, e)
                    title = m.title if m is not None and m.title in titles else None
                if title is None:
                    continue
                holders = [h for h in subject_holders(doc, s, a, "subject")
                           if h[1].kind not in ("document", "group")]
                if not holders:
                    continue
                which = _instance(intros, title, (j, a))
                content = [x for x, w in zip(said, of) if x.title == title and w == which
                           and abs(x.index - j) <= REACH]
                signs: dict = {}
                for x in content:
                    signs.setdefault(x.rule.issue, {}).setdefault(x.sign, x)
                for issue in sorted(signs):
                    if len(signs[issue]) != 1:
                        continue  # the document takes both sides: nothing to inherit
                    (sign, x), = signs[issue].items()
                    why = f"acts on {title!r} ({x.phrase!r} in sentence {x.index + 1})"
                    out.append(Act(j, a, e, [(actor, m, "act") for actor, m, _ in holders],
                                   x.rule, sign * act_sign, found.group(0).replace("^", "").strip(), why))
    return out
