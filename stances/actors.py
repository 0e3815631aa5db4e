"""Actor mentions: names in a sentence and the actor each stands for on the article's date.

A sentence's matcher hits of kind alias, capital, adjective (+ agent or role noun), person,
role noun, group and pronoun become :class:`Mention` objects. Overlapping hits keep the
longest; a title before a name merges with it ("Russian Foreign Minister Sergey Lavrov");
a role noun ("the deputy foreign minister") or a pronoun resolves to the most recent person
of the article who holds that role or has that gender (:func:`resolve`). People are actors
only through their dated roles: a person named outside all roles stands for nobody.

Every function takes the per-article working state (``doc``, see :mod:`stances.extract`)
first; none keeps state of its own.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .matcher import Hit

__all__ = ["Mention", "find_mentions", "resolve", "actor_exists", "actor_on_date", "PREPOSITIONS"]

PREPOSITIONS = frozenset(
    "of to for with against in into from on at by about over between among toward towards via "
    "around across near behind under upon within without through".split()
)


@dataclass
class Mention:
    """A name in a sentence (token span) and the actor it stands for on the article's date."""

    start: int
    end: int
    kind: str  # alias, capital, person, adjective, role, pronoun, group
    text: str
    char_start: int
    char_end: int
    actor: str | None = None
    person: int | None = None
    title: str | None = None  # role noun text, for kind == role
    gender: str | None = None
    how: str = ""


def find_mentions(doc, s, hits: list) -> list:
    """The mentions of sentence *s* from its matcher *hits* (not rule hits), in order."""
    rank = {"person": 0, "alias": 1, "group": 2, "adjective": 3, "capital": 4, "role": 5, "pronoun": 6}
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), rank[h.pattern.kind]))
    chosen: list[Hit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
        elif chosen and h.end > chosen[-1].end and h.start == chosen[-1].start:
            chosen[-1] = h
            last_end = h.end
    toks = s.tokens
    mentions = []
    for h in chosen:
        kind = h.pattern.kind
        m = Mention(h.start, h.end, kind, "", toks[h.start].start, toks[h.end - 1].end)
        if kind in ("alias", "capital", "adjective"):
            m.actor = actor_on_date(doc, h.pattern.owner, h.pattern.text)
            m.how = kind
            if kind == "capital":
                prev = toks[h.start - 1].norm if h.start else ""
                if prev in doc.m.place_preps or prev in PREPOSITIONS:
                    continue  # "talks in Moscow": a place, not a speaker
        elif kind == "person":
            m.person = h.pattern.owner
            person = doc.rs.people[m.person]
            m.gender = person.gender
            roles = person.roles_on(doc.date)
            actors = [r.actor for r in roles if actor_exists(doc, r.actor)]
            m.actor = actors[0] if actors else None
            m.title = roles[0].title if roles else None
            m.how = "person"
        elif kind == "role":
            m.title = h.pattern.owner
            m.how = "role"
        elif kind == "group":
            group = doc.rs.groups[h.pattern.owner]
            if not group.exists_on(doc.date):
                continue
            m.person = None
            m.title = group.name
            m.how = "group"
        elif kind == "pronoun":
            m.gender = h.pattern.owner
            m.how = "pronoun"
        mentions.append(m)
    # merge "Russian Foreign Minister Sergey Lavrov", "UN Secretary-General Antonio Guterres"
    merged = []
    for m in mentions:
        while merged and m.kind == "person" and merged[-1].end == m.start and \
                merged[-1].kind in ("role", "adjective", "alias"):
            prev = merged.pop()
            if m.actor is None and prev.actor:
                m.actor = prev.actor
            m.start, m.char_start = prev.start, prev.char_start
        if merged and m.kind == "role" and merged[-1].kind in ("alias", "capital") and (
                merged[-1].end == m.start
                or (merged[-1].end + 1 == m.start and toks[merged[-1].end].norm == "'s")):
            prev = merged.pop()  # "UN Secretary-General", "Qatar's foreign minister" without a name
            m.kind, m.actor, m.how = "adjective", prev.actor, "role"
            m.start, m.char_start = prev.start, prev.char_start
        merged.append(m)
    for m in merged:
        m.text = doc.clean[m.char_start:m.char_end]
        if m.kind == "role":
            # "the deputy foreign minister" stands for the person last named with that role
            actor, _, who = resolve(doc, m, s)
            if actor:
                m.actor = actor
                m.person = doc.person_index.get(who)
                m.gender = doc.rs.people[m.person].gender if m.person is not None else None
        if m.kind in ("person", "role") and m.person is not None:
            j = m.start - 1
            oblique = (j >= 0 and toks[j].norm in PREPOSITIONS) or \
                (m.end < len(toks) and toks[m.end].norm == "'s")
            doc.history.append((m.char_start, m, oblique))
    return merged


def actor_exists(doc, aid) -> bool:
    """True when actor *aid* exists on the article's date."""
    actor = doc.rs.actors.get(aid)
    return actor is not None and actor.exists_on(doc.date)


def actor_on_date(doc, aid, alias_text):
    """An alias shared by actors of different periods picks the one existing on the date."""
    if actor_exists(doc, aid) and doc.date is not None:
        return aid
    named = doc.m.alias_owners(alias_text)  # precomputed once per rule set
    owners = [a for a in doc.rs.actors.values() if a.id in named or a.id == aid]
    live = [a.id for a in owners if a.exists_on(doc.date)]
    if len(live) == 1:
        return live[0]
    if aid in live and doc.date is not None:
        return aid
    return aid if len(owners) == 1 else None


def resolve(doc, m: Mention, s):
    """Return (actor, via, detail) for a mention, or (None, reason, '')."""
    if m.kind == "group":
        return None, f"{m.text!r} is a group of several actors", ""
    if m.kind in ("alias", "capital", "adjective"):
        return (m.actor, m.how, "") if m.actor else (None, f"{m.text!r} names no actor on this date", "")
    if m.kind == "person":
        if m.actor:
            return m.actor, "person", doc.rs.people[m.person].name
        return None, f"{m.text!r} holds no known role on {doc.date or 'an undated text'}", ""
    pos = m.char_start
    end = bisect_left(doc.history, pos, key=lambda x: x[0])
    passes = (True, False) if m.kind == "pronoun" else (False,)
    for skip_oblique in passes:  # a pronoun prefers a speaker to a name after "to" or before "'s"
        for idx in range(end - 1, -1, -1):
            _, prev, oblique = doc.history[idx]
            if prev.actor is None or prev is m or (skip_oblique and oblique):
                continue
            person = doc.rs.people[prev.person]
            if m.kind == "pronoun":
                if person.gender and m.gender and person.gender != m.gender:
                    continue
                return prev.actor, "pronoun", person.name
            if m.kind == "role":
                titles = [r.title for r in person.roles_on(doc.date)]
                if any(t == m.title or t.endswith(" " + m.title) for t in titles):
                    return prev.actor, "role", person.name
    return None, f"{m.text!r} refers to no earlier person", ""
