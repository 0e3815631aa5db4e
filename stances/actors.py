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
from .text import fold

__all__ = ["Mention", "find_mentions", "resolve", "earlier_mentions", "actor_exists", "actor_on_date",
           "PREPOSITIONS"]

#: A title after these is a past one: "former UN envoy", "ex-president".
FORMER = frozenset("former ex erstwhile onetime".split())
#: Separators that end the noun phrase of a name before it.
_PHRASE_BREAKS = frozenset(",;:()")
PREPOSITIONS = frozenset(
    "of to for with against in into from on at by about over between among toward towards via "
    "around across near behind under upon within without through alongside besides beside "
    "including unlike like amid despite".split()
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


#: Which kind of hit wins when two start and end at the same tokens.
_RANK = {"person": 0, "alias": 1, "group": 2, "adjective": 3, "capital": 4, "role": 5,
         "collective": 6, "document": 7, "institution": 8, "pronoun": 9}


def find_mentions(doc, s, hits: list) -> list:
    """The mentions of sentence *s* from its matcher *hits* (not rule hits), in order."""
    rank = _RANK
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
    grown = False  # a mention grew to the left over another (the capital's institution)
    for h in chosen:
        kind = h.pattern.kind
        m = Mention(h.start, h.end, kind, "", toks[h.start].start, toks[h.end - 1].end)
        if kind in ("alias", "capital", "adjective"):
            on_date = doc.on_date  # pattern index -> its actor on the article's date
            pid = h.pattern.index
            if pid not in on_date:
                on_date[pid] = actor_on_date(doc, h.pattern.owner, h.pattern.text)
            m.actor = on_date[pid]
            m.how = kind
            if kind == "capital":
                prev = toks[h.start - 1].norm if h.start else ""
                if prev in ("in", "at") and h.start >= 2:
                    # "the foreign ministry in Beijing", "officials in Ankara": the capital owns them
                    cues = doc.cues(s)
                    owner = next((a for a, b in cues["agent"] + cues["role"] if b == h.start - 1
                                  and " ".join(t.norm for t in toks[a:b]) in doc.m.home_institutions), None)
                    if owner is not None:
                        m.start, m.char_start = owner, toks[owner].start
                        m.kind, m.how = "adjective", "agent in its capital"
                        mentions.append(m)
                        grown = True
                        continue
                if prev in doc.m.place_preps or prev in PREPOSITIONS:
                    continue  # "talks in Moscow": a place, not a speaker
        elif kind == "person":
            m.person = h.pattern.owner
            person = doc.rs.people[m.person]
            m.gender = person.gender
            got = doc.on_date.get(("person", m.person))
            if got is None:  # the person's actor and title on the article's date
                roles = person.roles_on(doc.date)
                actors = [r.actor for r in roles if actor_exists(doc, r.actor)]
                got = doc.on_date["person", m.person] = (actors[0] if actors else None,
                                                          roles[0].title if roles else None)
            m.actor, m.title = got
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
        elif kind in ("document", "institution", "collective"):
            # "the ministry", "the joint statement", "a UN resolution", "the two leaders"
            named = kind == "document" and mentions and mentions[-1].end == h.start and mentions[-1].actor
            if not h.start or toks[h.start - 1].norm not in ("the", "a", "an", "its", "their", "this"):
                if kind != "collective" and not named:
                    continue
            m.title = h.pattern.owner
            m.how = kind
        mentions.append(m)
    # "the foreign ministry in Cairo" (built from the capital) holds "foreign ministry"; the
    # chosen hits do not overlap, so only a mention grown that way can hold another
    if grown:
        mentions = [x for x in mentions if not any(y is not x and y.start <= x.start and x.end <= y.end
                                                   and y.end - y.start > x.end - x.start for y in mentions)]
    mentions = _learned_mentions(doc, s, mentions)
    # merge "Russian Foreign Minister Sergey Lavrov", "UN Secretary-General Antonio Guterres"
    merged = []
    for m in mentions:
        if merged and merged[-1].kind == "role" and m.actor and m.kind in _OF_OWNERS and \
                _role_of(s, merged[-1], m) and not (
                    len(merged) > 1 and merged[-2].kind == "person" and merged[-2].actor == m.actor
                    and "," in s.seps[merged[-2].end]):
            # "the foreign minister of Egypt", "the commander of the LNA Khalifa Haftar": the
            # role belongs to the actor named after "of" (an apposition to that actor's person,
            # "Omar Testfigure, the commander of the Northern Army,", keeps the name as speaker)
            prev = merged.pop()
            if m.kind != "person":
                m.kind, m.how = "adjective", "role"
            m.start, m.char_start = prev.start, prev.char_start
        while merged and m.kind == "person" and merged[-1].end == m.start and \
                merged[-1].kind in ("role", "adjective", "alias") and not s.seps[m.start].strip():
            prev = merged.pop()
            if m.actor is None and prev.actor:
                m.actor = prev.actor
            m.start, m.char_start = prev.start, prev.char_start
        if merged and m.kind == "role" and merged[-1].kind in ("alias", "capital") and (
                (merged[-1].end == m.start and not s.seps[m.start].strip())
                or (merged[-1].end + 1 == m.start and toks[merged[-1].end].norm == "'s")):
            prev = merged.pop()  # "UN Secretary-General", "Qatar's foreign minister" without a name
            m.kind, m.actor, m.how = "adjective", prev.actor, "role"
            m.start, m.char_start = prev.start, prev.char_start
        merged.append(m)
    out = []
    for m in merged:
        _learn_name(doc, s, m, merged)
        m.text = doc.clean[m.char_start:m.char_end]
        if _place_apposition(doc, s, m, out[-1] if out else None):
            continue  # "talks in Cairo, Egypt": a place, not a speaker
        if _after_former(s, m):
            m.actor, m.person, m.how = None, None, "former"  # "former UN envoy": not the body now
            out.append(m)
            continue
        out.append(m)
        if m.kind == "role" and _titles_unknown(doc, s, m):
            m.how = "unknown title"  # "Cypriot President Nicos Anastasiades": not the last president
        if m.kind == "role":
            # "the deputy foreign minister" stands for the person last named with that role
            actor, _, who = resolve(doc, m, s)
            if actor:
                m.actor = actor
                m.person = doc.person_index.get(who)
                m.gender = doc.rs.people[m.person].gender if m.person is not None else None
        if m.kind in ("person", "role") and (m.person is not None or m.how == "unknown title"):
            j = m.start - 1
            oblique = (j >= 0 and toks[j].norm in PREPOSITIONS) or \
                (m.end < len(toks) and toks[m.end].norm == "'s")
            doc.history.append((m.char_start, m, oblique))
    return out


#: Mentions that can own a role named before them with "of" ("the envoy of Russia").
_OF_OWNERS = frozenset(["alias", "capital", "adjective", "person"])


def _role_of(s, role: Mention, owner: Mention) -> bool:
    """True for "ROLE of [the] OWNER" with nothing else between: "the president of Egypt"."""
    between = [t.norm for t in s.tokens[role.end:owner.start]]
    if between not in (["of"], ["of", "the"]):
        return False
    return not any(sep.strip() for sep in s.seps[role.end:owner.start + 1])


def _titles_unknown(doc, s, m) -> bool:
    """True when role noun *m* belongs to someone the rules do not know, so it cannot stand
    for the person last named with that role: it titles a name at once ("President Nicos
    Anastasiades") or follows a capitalised word that names no actor ("the Cypriot
    president"; the first word of a sentence does not count)."""
    if m.end < len(s.tokens) and not s.seps[m.end].strip() and _name_tokens(doc, s, m.end) >= 2:
        return True
    j = m.start - 1
    return j > 0 and not s.seps[m.start].strip() and _capitalised(doc, s.tokens[j]) and \
        s.tokens[j].norm.isalpha()


def _name_tokens(doc, s, i: int, limit: int = 3) -> int:
    """How many capitalised words, with nothing but spaces between them, start at token *i*."""
    toks = s.tokens
    n = 0
    while i + n < len(toks) and n < limit:
        t = toks[i + n]
        if n and s.seps[i + n].strip():
            break
        if not (_capitalised(doc, t) and t.norm.isalpha() and len(t.norm) > 1):
            break
        n += 1
    return n


def _learn_name(doc, s, m, mentions) -> None:
    """Remember an unknown person identified by title or apposition for the rest of the article.

    "Egyptian Deputy Foreign Minister Karim Nourelbaz" (an actor's title before a name) and
    "Jamal Ouederni, the African Union's peace and security commissioner," (an apposition after
    a name) make "Nourelbaz" / "Ouederni" speak for that actor in later sentences.
    """
    toks = s.tokens
    if m.actor is None or m.kind not in ("adjective", "alias"):
        return
    taken = {i for x in mentions for i in range(x.start, x.end)}
    # title before the name: the mention ends in a role noun, a name follows at once
    if m.how == "role" or m.kind == "adjective":
        n = _name_tokens(doc, s, m.end)
        if 2 <= n and not any(i in taken for i in range(m.end, m.end + n)) and \
                s.seps[m.end].strip() == "":
            _remember(doc, s, m.end, m.end + n, m.actor)
            m.end, m.char_end = m.end + n, toks[m.end + n - 1].end
            return
    # apposition after the name: NAME, [the] ACTOR['s] ... ROLE,
    j = m.start - 1
    while j >= 0 and toks[j].norm in ("the", "a", "an"):
        j -= 1
    if j < 1 or s.seps[j + 1].strip() != ",":
        return
    end = j + 1
    start = end
    while start > 0 and end - start < 3 and _capitalised(doc, toks[start - 1]) and toks[start - 1].norm.isalpha() \
            and (start - 1) not in taken:
        start -= 1
    if end - start < 2 or (start > 0 and s.seps[start].strip() not in ("", "\u201c", '"')):
        return
    cues = doc.cues(s)
    roles = [x for x, y in cues["role"] + cues["agent"] if m.start <= x <= m.end + 6]
    if roles and any("," in sep for sep in s.seps[m.end:min(len(s.seps), m.end + 9)]):
        _remember(doc, s, start, end, m.actor)


def _remember(doc, s, a: int, b: int, actor: str) -> None:
    surname = s.tokens[b - 1].norm
    full = " ".join(t.norm for t in s.tokens[a:b])
    doc.learned.setdefault(surname, (actor, full))
    doc.learned.setdefault(full, (actor, full))


def _learned_mentions(doc, s, mentions: list) -> list:
    """Add mentions of names learned earlier in the article (see :func:`_learn_name`)."""
    if not doc.learned:
        return mentions
    toks = s.tokens
    taken = {i for x in mentions for i in range(x.start, x.end)}
    extra = []
    for i, t in enumerate(toks):
        if i in taken or t.norm not in doc.learned or not _capitalised(doc, t):
            continue
        actor, full = doc.learned[t.norm]
        if actor_exists(doc, actor):
            extra.append(Mention(i, i + 1, "alias", "", t.start, t.end, actor=actor, how="learned name"))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _after_former(s, m) -> bool:
    """True when "former" / "ex" opens the noun phrase that ends in *m*
    ("Former EU foreign policy chief Josep Borrell")."""
    toks = s.tokens
    for j in range(m.start - 1, max(-1, m.start - 7), -1):
        if toks[j].norm in FORMER:
            return True
        if not _PHRASE_BREAKS.isdisjoint(s.seps[j + 1]) or toks[j].norm in PREPOSITIONS:
            return False
    return False


def _capitalised(doc, tok) -> bool:
    ch = doc.clean[tok.start:tok.start + 1]
    return ch.isupper()


def _place_apposition(doc, s, m, prev=None) -> bool:
    """True for "in Cairo, Egypt": a name after "PREP Place," names where, not who (but after
    an actor's own name, *prev*, it is a list: "the leaders of Egypt, Algeria and Tunisia")."""
    toks = s.tokens
    if m.kind not in ("alias", "capital") or m.start < 2 or s.seps[m.start].strip() != ",":
        return False
    if prev is not None and prev.end == m.start and prev.kind == "alias" and prev.actor:
        return False
    j = m.start - 1
    k = j
    while k > 0 and j - k < 3 and _capitalised(doc, toks[k]):
        if toks[k - 1].norm in PREPOSITIONS or toks[k - 1].norm in doc.m.place_preps:
            return _capitalised(doc, toks[j]) and not _subject_of_next(doc, s, m)
        k -= 1
    return False


def _subject_of_next(doc, s, m) -> bool:
    """True when a verb follows *m* at once: "After talks in Ankara, Egypt called for"."""
    toks = s.tokens
    if m.end >= len(toks) or s.seps[m.end].strip():
        return False
    if toks[m.end].norm in _SUBJECT_AUXILIARIES:
        return True
    cues = doc.cues(s)
    return any(a == m.end for a, _ in cues["speech"] + cues["attitude"] + cues["negating"])


#: Words after a name that make it the subject of a verb ("In Cairo, Egypt has called for").
_SUBJECT_AUXILIARIES = frozenset("has have had is was will would also again".split())


def earlier_mentions(doc, s, m, sentences: int = 12):
    """Mentions with an actor before *m*, nearest first: in its sentence, then in earlier ones."""
    for x in reversed([x for x in s.mentions if x.end <= m.start]):
        if x.actor and x is not m:
            yield x
    for i in range(s.index - 1, max(-1, s.index - 1 - sentences), -1):
        prev = doc.prepare(doc.sentences[i])
        for x in reversed(prev.mentions):
            if x.actor:
                yield x


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
    # undated text: a unique owner; dated text: nobody, when the body did not exist then
    return aid if len(owners) == 1 and doc.date is None else None


def _names_institution(doc, prev: Mention, words: list) -> bool:
    """True when mention *prev* names the institution of *words* ("ministry", "defence
    ministry"): "the Foreign Ministry in Beijing", "the Egyptian foreign ministry", or
    "Egypt's foreign ministry" (the words right after it)."""
    named = fold(prev.text).split()
    if all(w in named for w in words):
        return True
    after = fold(doc.clean[prev.char_end:prev.char_end + 60]).split()
    return bool(after) and after[0] == "'s" and all(w in after[1:4] for w in words)


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
    if m.kind == "institution":
        # "She said the country welcomed": the speaker's own country
        j = m.start - 1
        while j >= 0 and s.tokens[j].norm in ("the", "that", "her", "his", "its", "their"):
            j -= 1
        cues = doc.cues(s)
        if j >= 0 and any(a <= j < b for a, b in cues["speech"]):
            speaker = next((x for x in reversed(s.mentions) if x.end <= j and x is not m), None)
            if speaker is not None:
                actor = speaker.actor if speaker.actor else (
                    resolve(doc, speaker, s)[0] if speaker.kind in ("pronoun", "role") else None)
                kind = doc.rs.actors[actor].kind if actor in doc.rs.actors else None
                if kind in m.title:
                    return actor, "institution", speaker.text
        # "the ministry" after "the Foreign Ministry in Beijing" (or "Egypt's foreign ministry"):
        # the same institution named earlier, before any actor merely mentioned since
        # ("its defence ministry": the possessive points at the nearest actor instead)
        words = fold(m.text).split()
        owned = m.start > 0 and s.tokens[m.start - 1].norm in ("its", "their", "his", "her")
        nearest = None  # else the nearest earlier actor of a kind that has such an institution
        for prev in earlier_mentions(doc, s, m):
            kind = doc.rs.actors[prev.actor].kind if prev.actor in doc.rs.actors else None
            if kind not in m.title:
                continue
            if words and not owned and _names_institution(doc, prev, words):
                return prev.actor, "institution", prev.text
            if nearest is None:
                nearest = prev
        if nearest is not None:
            return nearest.actor, "institution", nearest.text
        return None, f"{m.text!r} refers to no earlier actor of a kind that has it", ""
    if m.kind in ("document", "collective"):
        return None, f"{m.text!r} stands for several actors", ""
    if m.how == "unknown title":
        return None, f"{m.text!r} titles someone the rules do not know", ""
    pos = m.char_start
    end = bisect_left(doc.history, pos, key=lambda x: x[0])
    passes = (True, False) if m.kind == "pronoun" else (False,)
    for skip_oblique in passes:  # a pronoun prefers a speaker to a name after "to" or before "'s"
        for idx in range(end - 1, -1, -1):
            _, prev, oblique = doc.history[idx]
            if prev.how == "unknown title" and m.kind == "pronoun" and not oblique:
                # "Cypriot President Nicos Anastasiades ... He said": someone the rules do
                # not know is the nearest speaker, so "he" stands for no earlier actor
                return None, f"{m.text!r} may refer to {prev.text!r}, whom the rules do not know", ""
            if prev.actor is None or prev.person is None or prev is m or (skip_oblique and oblique):
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
