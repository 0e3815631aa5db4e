"""Who holds a statement: the speaker of a quotation, the subject of a speech or attitude
verb, the agent of a passive, a trailing attribution, a compound or group of actors.

How a holder is found for a matched phrase, in order (:func:`find_holders`):

1. the match lies inside a quotation: the quotation's speaker (``quote``), found after the
   closing mark (``"...," X told reporters``), before the opening mark (``X said: "..."``),
   or from the previous quotation of a continued or multi-sentence quote;
2. a passive ``... was demanded by X`` (``passive``);
3. the subject of the nearest speech or attitude verb at or before the match (``subject``;
   ``compound`` for "Britain, Germany and France"), where a pronoun resolves to the most
   recent person of matching gender (``pronoun``) and a role noun to the most recent person
   holding that role (``role``);
4. a trailing attribution ``..., the minister said`` or ``according to X`` (``attribution``).

Mentions after a preposition (``talks in Moscow``, ``support to Haftar``) and mentions inside
the matched phrase are never holders. A match with no holder is dropped and counted, never
given to a nearby name. Every function takes the per-article working state (``doc``, see
:mod:`stances.extract`) first.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .actors import PREPOSITIONS, Mention, actor_exists, resolve

__all__ = ["find_holders", "quote_speaker", "subject_holders", "subject_or_nobody", "holders_of",
           "VERB_LINKS"]

CLAUSE_WORDS = frozenset("that which who whom whereas while because although though if since".split())
#: Words that may stand between a subject and its verb ("Turkey has also urged").
VERB_LINKS = frozenset(
    "has have had is was were are am be been being will would shall should can could may might must "
    "do does did also again then later now once however previously earlier repeatedly reportedly "
    "already still not n't never further strongly firmly officially publicly jointly separately "
    "recently yesterday today tonight meanwhile too itself themselves himself herself on monday "
    "tuesday wednesday thursday friday saturday sunday last week".split()
)
_BE = frozenset("is are was were be been being".split())
#: Separators a passive agent ("... by Egypt") is not looked for across, past a few words.
_PASSIVE_BREAKS = frozenset(';:"()\u201c\u201d')
#: Separators that end a clause.
_COMMA_BREAKS = frozenset(",;:")
#: Skipped between coordinated names: "Putin and his Turkish counterpart Erdogan".
_DETERMINERS = frozenset("the a an his her its their".split())
#: Participles that stay active after "be": "Egypt is committed to", "Turkey is ready to".
_ADJECTIVAL = frozenset("committed determined concerned opposed convinced prepared resolved "
                        "interested worried alarmed satisfied pleased disappointed ready".split())


def quote_speaker(doc, qi: int):
    """Holders of quote number *qi* (cached): list of (actor, mention, via), reason.

    A quotation without a speaker of its own takes that of the previous quotation of its
    paragraph (or of the paragraph it continues); the chain is walked iteratively.
    """
    chain = []
    result: list = []
    i = qi
    while True:
        if i in doc._speakers:
            result = doc._speakers[i][0]
            break
        q = doc.quotes[i]
        chain.append(i)
        # 'condemned what he called "the aggression of X"': the quoted words are the speaker's
        # own term inside the speaker's clause, whatever follows the closing mark
        first, then = (_speaker_before, _speaker_after) if _names_a_term(doc, q) else \
            (_speaker_after, _speaker_before)
        result = first(doc, q) or then(doc, q) or _speaker_of_next(doc, i)
        if result or i == 0:
            break
        prev = doc.quotes[i - 1]
        same_para = bisect_right(doc.paras, prev.start) == bisect_right(doc.paras, q.start)
        if not (q.continues or same_para):
            break
        i -= 1
    out = (result, "" if result else "quote speaker not found")
    for j in chain:
        doc._speakers[j] = out
    return out


#: Verbs that introduce a quoted term of the speaker: 'what he called "X"', 'dubbed "X"'.
_NAMING_VERBS = frozenset("call calls called calling term terms termed terming dub dubs dubbed dubbing "
                          "label labels labelled labeled labelling labeling brand brands branded "
                          "branding".split())
#: ... and those that do so with "as": 'described as "X"', 'denounced as "X"'.
_AS_VERBS = frozenset("describe describes described describing denounce denounces denounced "
                      "denouncing characterise characterises characterised characterize "
                      "characterizes characterized condemn condemns condemned "
                      "condemning".split())


def _names_a_term(doc, q) -> bool:
    """True when quote *q* is a term its sentence's speaker uses: right after "(what X) called",
    "dubbed", "termed", "labelled", "described as", "denounced as" (the speaker stands before it)."""
    s = doc.sentence_at(q.start - 1)
    if s is None or not s.tokens:
        return False
    k = bisect_left(s.tok_starts, q.start)  # first token after the opening mark
    if k == 0:
        return False
    prev = s.tokens[k - 1].norm
    if prev in _NAMING_VERBS:
        return True
    return prev == "as" and k >= 2 and s.tokens[k - 2].norm in _AS_VERBS


def _speaker_after(doc, q):
    s = doc.sentence_at(q.end)
    if s is None:
        return []
    cues = doc.cues(s)
    i0 = bisect_left(s.tok_starts, q.end + 1)
    quote_ends = _quote_token_limit(doc, s, i0)
    verbs = sorted(a for a, b in cues["speech"] + cues["attitude"] if i0 <= a <= i0 + 12 and a < quote_ends)
    if not verbs:
        return []
    # "..., X said" (subject before the verb) or "..., said X"; a first verb that names nobody
    # ('" agreed to in October, she said') gives way to the next one
    for v in verbs:
        before = [m for m in s.mentions if i0 <= m.start and m.end <= v and m.end >= v - 3
                  and _allowed_subject(doc, s, m)]
        if not before:
            # "..., Stephanie Williams, acting head of the UN mission, said": the head of the
            # apposition, not the name after its preposition
            head = [m for m in s.mentions if i0 <= m.start and m.end <= v and v - m.end <= 12
                    and _allowed_subject(doc, s, m)
                    and ("," in "".join(s.seps[m.end:v + 1]) or s.tokens[m.end].norm in PREPOSITIONS)]
            before = head[:1]
        # '..., said X', a finite verb (not '..., calling on X to withdraw', 'urging X': a
        # participle goes on with the quote's own speaker, and its object is no speaker)
        after = [m for m in s.mentions if m.start > v and m.start <= v + 3 and m.start < quote_ends
                 and _allowed_subject(doc, s, m)] if not s.tokens[v].norm.endswith("ing") else []
        for group in (before[-1:], after[:1]):
            if group:
                got = holders_of(doc, s, group[0], "quote", compound=False)
                if got:
                    return got
    v = verbs[0]
    # "..., said Mohamed Zayed, a member of the Presidential Council": an unknown name whose
    # apposition names the actor
    for m in s.mentions:
        if v < m.start <= v + 12 and m.start < quote_ends and _in_apposition(doc, s, v + 1, m):
            return holders_of(doc, s, m, "quote", compound=False)
    return []


def _speaker_of_next(doc, i: int):
    """Quotes joined in one sentence share the speaker tag after the last one:
    '"We decided X" and guarantee "Y," he said'."""
    if i + 1 >= len(doc.quotes):
        return []
    q, nxt = doc.quotes[i], doc.quotes[i + 1]
    s = doc.sentence_at(q.end)
    if s is None or not (s.start <= nxt.start < s.end):
        return []
    cues = doc.cues(s)
    lo, hi = bisect_left(s.tok_starts, q.end), bisect_left(s.tok_starts, nxt.start)
    if any(lo <= a < hi for a, _ in cues["speech"]):
        return []
    return _speaker_after(doc, nxt)


def _in_apposition(doc, s, lo: int, m: Mention) -> bool:
    """True when *m* ends an apposition "NAME, a ROLE of/for [the] M" starting after *lo*."""
    j = m.start - 1
    while j >= lo and s.tokens[j].norm in _DETERMINERS:
        j -= 1
    if j < lo or s.tokens[j].norm not in ("of", "for", "at", "in"):
        return False
    cues = doc.cues(s)
    has_noun = any(lo <= x and y <= j for x, y in cues["role"] + cues["agent"]) or \
        any(t.norm in ("member", "official", "head", "chief", "adviser", "advisor", "aide")
            for t in s.tokens[lo:j])
    return has_noun and any("," in sep for sep in s.seps[lo:j + 1])


def _quote_token_limit(doc, s, i0):
    """Token index where the next quotation after token *i0* opens (the end of the sentence if none)."""
    if not i0:
        return len(s.tokens)
    k = bisect_right(doc.quote_starts, s.tokens[i0 - 1].end)
    if k < len(doc.quotes):
        return bisect_left(s.tok_starts, doc.quotes[k].start)
    return len(s.tokens)


def _speaker_before(doc, q):
    s = doc.sentence_at(q.start - 1)
    if s is None or not s.tokens:
        return []
    cues = doc.cues(s)
    limit = bisect_left(s.tok_starts, q.start)
    verbs = sorted((a for a, b in cues["speech"] + cues["attitude"] if a < limit), reverse=True)
    for v in verbs:
        got = subject_holders(doc, s, v, "quote")
        if got:
            return got
    return []


def _allowed_subject(doc, s, m: Mention) -> bool:
    if m.kind == "capital" and m.end < len(s.tokens):
        # a city is a speaker only before a verb ("Ankara said", "Moscow and Ankara agreed"),
        # not as a modifier ("the Cairo initiative", "the Berlin conference")
        nxt = s.tokens[m.end].norm
        cues = doc.cues(s)
        verb_next = any(a == m.end for a, b in cues["speech"] + cues["attitude"])
        if not (verb_next or nxt in VERB_LINKS or nxt in ("and", "or") or "," in s.seps[m.end]):
            return False
    if m.end < len(s.tokens) and s.tokens[m.end].norm == "'s":
        # a possessor ("the government's call") is no subject, unless it owns
        # the speakers ("Haftar's militias rejected", "Egypt's foreign ministry said")
        cues = doc.cues(s)
        if not any(a == m.end + 1 for a, b in cues["agent"] + cues["role"]):
            return False
    if m.start == 0:
        return True
    toks = s.tokens
    k = m.start - 1
    if toks[k].norm in ("the", "a", "an") and k >= 1:
        k -= 1
    # "in eastern Ukraine": up to two lower-case adjectives between a preposition and the name
    for _ in range(2):
        t = toks[k]
        if k >= 1 and t.norm.isalpha() and t.norm not in PREPOSITIONS and \
                not doc.clean[t.start:t.start + 1].isupper() and toks[k - 1].norm in PREPOSITIONS and \
                t.norm.endswith(("ern", "al", "ing", "ed", "ian", "ish")):
            k -= 1
    prev = toks[k].norm
    if prev == "with":
        # "with Erdogan on Monday confirming ...": the subject of an absolute participle
        j = m.end
        while j < len(toks) and toks[j].norm in VERB_LINKS:
            j += 1
        if j < len(toks) and toks[j].norm.endswith("ing"):
            return True
    if prev in PREPOSITIONS:
        if prev in ("of", "for") and m.start >= 2:
            # "the militias of Haftar", "the spokesman for the GNA": the group speaks for the actor
            j = m.start - 2
            while j >= 0 and s.tokens[j].norm in ("the", "a", "an"):
                j -= 1
            cues = doc.cues(s)
            if any(a <= j < b for a, b in cues["agent"]):
                return True
            # titles in between: "militias of putschist Gen. Khalifa Haftar"
            for k in range(max(0, m.start - 5), m.start - 1):
                if s.tokens[k].norm == "of" and any(a <= k - 1 < b for a, b in cues["agent"]):
                    return True
        return False
    return True


def _clause_start(doc, s, v: int) -> int:
    comma = False  # a comma between here and the verb
    j = v - 1
    while j >= 0:
        w = s.tokens[j].norm
        if w in CLAUSE_WORDS:
            if w in ("which", "who", "whom") and comma and "," in s.seps[j]:
                j -= 1  # ", which backs Haftar," is a parenthesis: the verb belongs outside
                continue
            if w in ("while", "whereas", "since") and j + 1 < v and s.tokens[j + 1].norm.endswith("ing"):
                j -= 1  # "while criticising the EU, saying ...": the clause has no subject of its own
                continue
            return j + 1
        comma = comma or "," in s.seps[j + 1]
        sep = s.seps[j + 1]
        if ";" in sep or "\u2022" in sep:
            return j + 1
        j -= 1
    return 0


def subject_holders(doc, s, v: int, via: str):
    """Holders that are the subject of the verb at token *v*.

    The mention right before the verb ("..., the minister said", "Turkey has
    urged") wins; otherwise the first mention of the clause ("Antonio
    Guterres, the secretary-general of the U.N., described ... and urged").
    """
    return subject_or_nobody(doc, s, v, via) or []


def subject_or_nobody(doc, s, v: int, via: str):
    """Like :func:`subject_holders`, but None when the verb has a subject that is no actor
    ("foreign powers agreed", "... before it agreed"): then no farther verb may lend its own."""
    lo = _clause_start(doc, s, v)
    if _other_subject(doc, s, v):
        return None
    j = v - 1
    while j >= 0 and s.tokens[j].norm in VERB_LINKS:
        j -= 1
    direct = next((m for m in s.mentions if m.start <= j < m.end), None) if j >= 0 else None
    if direct is not None and direct.kind in ("institution", "pronoun", "role", "person") and \
            not s.seps[j + 1].strip() and not holders_of(doc, s, direct, via, compound=False):
        return None  # "the militias agreed", "he said" with no known referent: nobody we know
    if j >= 1 and s.tokens[j].norm in ("who", "which") and "," in s.seps[j]:
        # "..., from deputy minister Sergei Ryabkov, who called the move a mistake": the antecedent
        ante = next((m for m in s.mentions if m.end == j), None)
        if ante is not None:
            got = holders_of(doc, s, ante, via, compound=True)
            if got:
                return got
    if j >= 0 and s.tokens[j].norm in _IMPERSONAL:
        # "Turkey said it agreed": "it" is the speaker; "... before it agreed": nobody known
        k = j - 1
        if k >= 0 and s.tokens[k].norm == "that":
            k -= 1
        if j == 0 and s.tokens[0].norm in ("it", "they"):
            # "Egypt unveiled an initiative on Saturday. It calls for a ceasefire."
            return previous_subject(doc, s, s.tokens[0].norm) or None
        cues = doc.cues(s)
        governing = [a for a, b in cues["speech"] + cues["attitude"] + cues["negating"] if a <= k < b]
        return subject_holders(doc, s, governing[0], via) if k >= 0 and governing else None
    for start in ((lo, 0) if lo else (0,)):
        cands = [m for m in s.mentions if start <= m.start and m.end <= v
                 and _allowed_subject(doc, s, m) and not _in_other_quote(doc, s, m, v)
                 and not _oblique_list(doc, s, m)]
        if not cands:
            continue
        last = cands[-1]
        between = [t.norm for t in s.tokens[last.end:v]]
        seps = s.seps[last.end + 1:v + 1] if last.end < v else []
        # a comma between the last name and the verb closes an apposition or a relative
        # clause ("Russia, which backs Haftar, called"): the subject is the first name
        if len(between) <= 4 and all(w in VERB_LINKS for w in between) and \
                not any(";" in sep or "," in sep for sep in seps) and \
                not (last is not cands[0] and "," in s.seps[v]):
            return holders_of(doc, s, last, via, compound=True)
        # an apposition chain ("The EU's top diplomat, the vice-president of the Commission,
        # Josep Borrell, said"): the first name of the clause that stands for an actor
        for m in cands:
            got = holders_of(doc, s, m, via, compound=True)
            if got:
                return got
        return []
    return []


_COORDINATORS = ([], ["and"], ["as", "well", "as"], ["together", "with"], ["along", "with"],
                 # "Britain, Spain and of course France", "France and also Italy"
                 ["and", "of", "course"], ["and", "also"], ["and", "even"], ["and", "notably"])


def _other_subject(doc, s, v: int) -> bool:
    """True when a common noun that names no actor stands right before the verb at *v*
    ("foreign powers agreed", "analysts said"): the verb has a subject, and it is nobody."""
    toks = s.tokens
    if toks[v].norm.endswith("ing"):
        return False  # a participle ("..., also saying") takes the subject of its clause
    j = v - 1
    while j >= 0 and toks[j].norm in VERB_LINKS:
        j -= 1
    if j < 0 or any(m.start <= j < m.end for m in s.mentions):
        return False
    cues = doc.cues(s)
    if any(a <= j < b for a, b in cues["agent"] + cues["role"]):
        return False  # "the Arab League's council stressed": the noun speaks for its owner
    t = toks[j]
    if s.seps[j + 1].strip() or not t.norm.isalpha() or t.norm in _NOT_NOUNS or \
            t.norm in PREPOSITIONS or t.norm in _NOUN_MARKERS or t.norm.endswith("ly"):
        return False
    if len(t.norm) > 4 and t.norm.endswith("ed") and not t.norm.endswith("eed"):
        return False  # "voiced support for", "renewed calls for": a past form, not a noun
    if any(a <= j < b for a, b in cues["speech"] + cues["attitude"] + cues["negating"] + cues["negation"]):
        return False  # "rejected calls for": a verb, not a subject
    return not doc.clean[t.start:t.start + 1].isupper()


def previous_subject(doc, s, pronoun: str) -> list:
    """The holders "it" / "they" opening sentence *s* stand for: the subject of the sentence
    before, when that sentence opens with it.

    "Egypt unveiled a peace initiative. It calls for a ceasefire" (one actor, not a person,
    for "it"); "France and Italy issued a joint statement. They called for" (two or more
    actors, or an actor's officials, for "they"). Anything else gives an empty list: "it"
    after a person, a subject that is no actor, or a sentence that opens otherwise.

    Parameters
    ----------
    doc : _Doc
        The article being analysed.
    s : _Sentence
        The sentence that opens with the pronoun.
    pronoun : {"it", "they"}

    Returns
    -------
    list of (actor, Mention, via)
        With via ``"pronoun"``; the mention is the antecedent.
    """
    if s.index == 0 or doc.quote_at(s.tokens[0].start, s.tokens[0].end) is not None:
        return []
    prev = doc.prepare(doc.sentences[s.index - 1])
    if not prev.mentions:
        return []
    first = prev.mentions[0]
    if not (first.start == 0 or (first.start == 1 and prev.tokens[0].norm in _DETERMINERS)):
        return []
    if first.kind in ("pronoun", "role", "person") or not _allowed_subject(doc, prev, first):
        return []  # people are "he" and "she"; a role stands for a person
    got = holders_of(doc, prev, first, "pronoun", compound=True)
    if any(m.kind in ("person", "role", "pronoun") for _, m, _ in got):
        return []
    actors = sorted({a for a, _, _ in got})
    plural = len(actors) > 1 or first.kind in ("collective", "group") or (
        first.kind == "adjective" and prev.tokens[first.end - 1].norm.endswith("s"))
    if not actors or (pronoun == "it") == plural:
        return []
    return [(a, next(m for b, m, _ in got if b == a), "pronoun") for a in actors]


#: Pronouns that stand for an actor only as the subject of reported speech ("X said it would").
_IMPERSONAL = frozenset("it they we".split())
#: Words before a verb that are not its subject.
_NOT_NOUNS = frozenset("and or but then that which who also it they we i you he she this these "
                       "there here not only jointly".split())


def _oblique_list(doc, s, m) -> bool:
    """True when *m* closes a list that a preposition opens ("support from Russia and the UAE")."""
    idx = s.mentions.index(m)
    first = m
    for prev in reversed(s.mentions[:idx]):
        if not _joined(doc, s, prev, first) or (first is m and not _and_between(s, prev, m)):
            break  # "Russia and the UAE, the Northern Army accepted": a list ends in "and X"
        first = prev
    if first is m:
        return False
    j = first.start - 1
    while j >= 0 and s.tokens[j].norm in _DETERMINERS:
        j -= 1
    return j >= 0 and s.tokens[j].norm in PREPOSITIONS


def _one_list(s, group: list, first: Mention) -> list:
    """The list of *group* that holds *first*: a list ends at its "and" ("Russia and the UAE,
    the Northern Army" is two lists, "Britain, Germany and France" one)."""
    lists, cur = [], [group[0]]
    for left, right in zip(group, group[1:]):
        if len(cur) > 1 and _and_between(s, cur[-2], cur[-1]) and not _and_between(s, left, right):
            lists.append(cur)
            cur = [right]
        else:
            cur.append(right)
    lists.append(cur)
    return next(lst for lst in lists if first in lst)


def _and_between(s, left: Mention, right: Mention) -> bool:
    return any(t.norm in ("and", "with") for t in s.tokens[left.end:right.start])


def _joined(doc, s, left: Mention, right: Mention) -> bool:
    """True when two mentions are coordinated: "X, Y", "X and the Y", "X as well as Y".

    Names that stand for no actor may sit in the list ("Britain, Norway and France"): each
    is one to four capitalised words between commas or before the last "and".
    """
    toks = s.tokens
    between = [t.norm for t in toks[left.end:right.start] if t.norm not in _DETERMINERS]
    if between in _COORDINATORS:
        return bool(between) or "," in "".join(s.seps[left.end:right.start + 1])
    # unknown names in the list: split the gap at commas and a final coordinator
    i, n = left.end, right.start
    if not ("," in s.seps[i]):
        return False
    chunk = 0
    while i < n:
        t = toks[i]
        sep_before_next = s.seps[i + 1] if i + 1 < len(s.seps) else ""
        if t.norm in _DETERMINERS and chunk == 0:
            i += 1
            continue
        if t.norm == "and" and chunk == 0:
            i += 1
            continue
        if not doc.clean[t.start:t.start + 1].isupper() or chunk >= 4:
            return False
        chunk += 1
        if "," in sep_before_next or (i + 1 < n and toks[i + 1].norm == "and"):
            chunk = 0
        i += 1
    return chunk == 0 or "," in s.seps[n] or toks[n - 1].norm == "and"


def _after_adverbial(s, m) -> bool:
    """True when *m* follows a preposition other than "of": "In a call with Erdogan, Putin
    said" opens with an adverbial phrase, not with a list of speakers (while "representatives
    of Egypt, Italy and France said" names all three)."""
    return m.start > 0 and s.tokens[m.start - 1].norm in PREPOSITIONS and s.tokens[m.start - 1].norm != "of"


def _in_other_quote(doc, s, m, v):
    q = doc.quote_at(m.char_start, m.char_end)
    if q is None:
        return False
    vpos = s.tokens[v].start if v < len(s.tokens) else s.end
    return not (q.start <= vpos <= q.end)


def holders_of(doc, s, first: Mention, via: str, compound: bool):
    """The holders a mention stands for: (actor, mention, via) for it and, with *compound*,
    for the names coordinated with it ("Britain, Germany and France")."""
    group = [first]
    if compound and first.kind != "pronoun":  # "he" heads no list
        idx = s.mentions.index(first)
        for m in s.mentions[idx + 1:]:  # "Britain, Germany and France"
            if not _joined(doc, s, group[-1], m):
                break
            group.append(m)
        for m in reversed(s.mentions[:idx]):
            if not _joined(doc, s, m, group[0]):
                break
            if _after_adverbial(s, m):
                # "With support from Russia and the UAE, the Northern Army": the names before
                # belong to the adverbial phrase, not to the subject
                group = group[group.index(first):]
                break
            group.insert(0, m)
        group = _one_list(s, group, first)
    out = []
    for m in group:
        if m.kind in ("document", "collective"):  # "the joint statement said", "the two leaders"
            actors = document_issuers(doc, s, m) if m.kind == "document" else collective_actors(doc, s, m)
            out.extend((a, m, m.kind) for a in actors)
            continue
        if m.kind == "group":  # "the two warring sides": one statement per member
            g = next(x for x in doc.rs.groups if x.name == m.title)
            out.extend((a, m, "group") for a in g.members if actor_exists(doc, a))
            continue
        actor, how, detail = resolve(doc, m, s)
        if actor is None:
            continue
        v = "compound" if len(group) > 1 and via == "subject" else via
        if m.kind in ("pronoun", "role") and via == "subject":
            v = m.kind
        out.append((actor, m, v))
    return out


_ISSUED = frozenset("by from of issued signed released adopted".split())
#: Collective nouns that count people ("the two leaders") rather than actors ("both sides").
_PEOPLE_NOUNS = frozenset(["leaders", "ministers", "foreign ministers", "presidents", "heads of state"])


def document_issuers(doc, s, m, sentences: int = 8) -> list:
    """The actors a document speaks for: those named after "by" / "from" in its sentence
    ("a statement by Egypt and France said"), else the issuers named in the nearest earlier
    sentence that mentions a document ("France and Italy issued a joint statement")."""
    before = next((x for x in s.mentions if x.end == m.start and x.actor and not s.seps[m.start].strip()), None)
    if before is not None:  # "a United Nations resolution", "the G7 communique"
        return [before.actor]
    for x in s.mentions:
        if x.start >= m.end and (x.actor or x.kind in ("collective", "pronoun", "role")) and x.start - m.end <= 4 and \
                all(t.norm in _ISSUED or t.norm in _DETERMINERS for t in s.tokens[m.end:x.start]) and x.start > m.end:
            return sorted({a for a, _, _ in holders_of(doc, s, x, "document", compound=True)})
    speaker = None  # the nearest earlier speaker, for "the statement" that names no document
    for i in range(s.index - 1, max(-1, s.index - 1 - sentences), -1):
        prev = doc.prepare(doc.sentences[i])
        if not any(x.kind == "document" and _issued_document(doc, prev, x) for x in prev.mentions):
            if not speaker and s.index - i <= _SPEAKER_REACH:
                speaker = _speech_subjects(doc, prev)
            continue
        for x in prev.mentions:
            if x.actor and x.kind != "document" and (_allowed_subject(doc, prev, x) or
                                                      (x.start and prev.tokens[x.start - 1].norm in _ISSUED)):
                return sorted({a for a, _, _ in holders_of(doc, prev, x, "document", compound=True)})
        return []
    # "The embassy said on its website that ... '...,' the statement added": a statement
    # no earlier sentence issues is what the nearest speaker before it said
    if m.title in _SPOKEN_DOCUMENTS and m.start and s.tokens[m.start - 1].norm == "the" and speaker:
        return speaker
    return []


#: Documents that can be what the last speaker said ("the statement read"), and how many
#: sentences back that speaker may be.
_SPOKEN_DOCUMENTS = frozenset(["statement", "readout"])
_SPEAKER_REACH = 3


def _speech_subjects(doc, s) -> list:
    """The actors that are the subject of a speech verb of sentence *s*, outside quotations
    (the first such verb's), or an empty list."""
    for a, _ in doc.cues(s)["speech"]:
        if doc.quote_at(s.tokens[a].start, s.tokens[a].end) or _passive(s, a):
            continue
        got = sorted({actor for actor, _, _ in subject_holders(doc, s, a, "subject")})
        if got:
            return got
    return []


def _issued_document(doc, s, x) -> bool:
    """True for a document that someone issues ("issued a joint statement"), not one quoted or
    named as an act ("the declaration of a ceasefire")."""
    if x.end < len(s.tokens) and s.tokens[x.end].norm == "of":
        return False
    if doc.quote_at(x.char_start, x.char_end) is not None:
        return False
    toks = s.tokens
    issued = any(toks[k].norm in _ISSUING for k in range(max(0, x.start - 4), x.start))
    return issued or toks[x.start].norm == "joint" or (x.start >= 2 and toks[x.start - 2].norm == "in")


#: Verbs that issue a document: "France and Italy issued a joint statement".
_ISSUING = frozenset("issued issue issues released release releases signed sign adopted adopt "
                     "published publish sent presented unveiled circulated agreed".split())


def collective_actors(doc, s, m) -> list:
    """The actors "the two leaders" / "both sides" stand for: the last N distinct ones named."""
    from .matcher import COLLECTIVE_NUMBERS
    from .actors import earlier_mentions

    # "the foreign ministers of France and Italy": the actors named after "of"
    after = [t.norm for t in s.tokens[m.end:m.end + 2]]
    if after[:1] == ["of"]:
        skip = 2 if after[1:] == ["the"] else 1
        owner = next((x for x in s.mentions if x.start == m.end + skip and x.actor), None)
        if owner is not None and not any(sep.strip() for sep in s.seps[m.end:owner.start + 1]):
            return sorted({a for a, _, _ in holders_of(doc, s, owner, "collective", compound=True)})
    n = COLLECTIVE_NUMBERS.get(s.tokens[m.start].norm, 0)
    found: list = []
    if m.title in _PEOPLE_NOUNS:  # "the two leaders": two people, who may speak for one actor
        pos = bisect_left(doc.history, m.char_start, key=lambda x: x[0])
        people: list = []
        for idx in range(pos - 1, -1, -1):
            _, prev, oblique = doc.history[idx]
            if oblique:
                continue  # "Putin's decision": the leaders are those who speak, not whom they name
            if prev.actor and prev.person is not None and prev.person not in [p for p, _ in people]:
                people.append((prev.person, prev.actor))
            if len(people) == n:
                break
        if len(people) < n:
            return []
        return sorted({a for _, a in people})
    else:
        for x in earlier_mentions(doc, s, m):
            if x.actor not in found and x.kind not in ("document", "collective"):
                found.append(x.actor)
            if len(found) == n:
                break
    return sorted(found) if n and len(found) == n else []


def find_holders(doc, s, match, before: int | None = None):
    """Fill match.holders and match.why.

    With *before*, only verbs before that token are considered and no possessor is taken:
    the holder of "rejected" in "X rejected Y's call for a ceasefire".
    """
    epithet = _epithet(s, match.start) if s.tokens[match.start].norm.endswith("ed") else ""
    if epithet:  # the match itself is an epithet: "its UN-recognized Government ..., he said"
        match.background, match.why = True, f"background, not a statement: {epithet}"
        return
    qi = doc.quote_index(match.char_start, match.char_end)
    if qi >= 0:
        holders, why = quote_speaker(doc, qi)
        match.holders, match.why = holders, why or "inside a quotation"
        return
    cues = doc.cues(s)
    a, b = match.start, match.end
    # "a UN resolution demanding that Russia withdraw", "a joint statement calling for a
    # truce": the participle after a document (or a rule set's group name for one) says
    # what the document says
    if before is None and a and s.tokens[a].norm.endswith("ing") and not s.seps[a].strip():
        paper = next((m for m in s.mentions if m.end == a and m.kind in ("document", "group")), None)
        if paper is not None and paper.kind == "document" and paper.start and \
                s.tokens[paper.start - 1].norm in ("a", "an"):
            # "a resolution calling for": a new document, issued in this sentence or by nobody
            # known; then what counts is who acts on it ("Moscow vetoed a resolution calling for")
            got = [(x, paper, "document") for x in document_issuers(doc, s, paper, sentences=0)]
            if not got:
                find_holders(doc, s, match, before=paper.start)
                return
        else:
            got = holders_of(doc, s, paper, "document", compound=False) if paper is not None else []
        if got:
            match.holders, match.why = got, "the document the participle describes"
            match.scope = paper.end  # "Moscow vetoed a resolution calling for": not the resolution's negation
            return
    # a parenthetical speech tag inside the match: "The truce, Guterres said, must be respected"
    for v, _ in cues["speech"]:
        if a < v < b - 1 and any("," in sep for sep in s.seps[max(a + 1, v - 4):v + 1]) and \
                any("," in sep for sep in s.seps[v + 1:min(b, v + 5)]):
            got = subject_holders(doc, s, v, "subject")
            if got:
                match.holders, match.why = got, f"speaker of the parenthetical {s.tokens[v].norm!r}"
                return
    # passive: "... was demanded by Egypt"; "the Cairo Declaration, an initiative announced by Sisi"
    for j in range(b, min(len(s.tokens) - 1, b + 10)):
        if j > b + 4 and not _PASSIVE_BREAKS.isdisjoint("".join(s.seps[b:j])):
            break
        if s.tokens[j].norm == "by" and any(x <= j - 1 < y for x, y in cues["speech"] + cues["attitude"]) \
                and (j <= b + 4 or not any(b <= x < j - 1 for x, _ in cues["speech"] + cues["attitude"])):
            after = [m for m in s.mentions if j < m.start <= j + 2]
            if after:
                got = holders_of(doc, s, after[0], "passive", compound=True)
                if got:
                    match.holders, match.why = got, "agent of a passive verb"
                    return
    # subject of the nearest speech/attitude verb at or before the match
    # (a verb inside the matched phrase counts too: "no longer supports <LNA>")
    verbs = sorted({x for x, y in cues["speech"] + cues["attitude"] if x < (b if before is None else before)},
                   reverse=True)
    for v in verbs:
        if doc.quote_at(s.tokens[v].start, s.tokens[v].end) or _passive(s, v):
            continue  # the subject of "was urged to", "has been accused of" is not the holder
        if v > 0 and s.tokens[v - 1].norm == "to" and any(x < v for x in verbs):
            continue  # "X urged Y to call for": the governing verb comes first
        if v > 1 and s.tokens[v - 1].norm in ("and", "or") and "," not in s.seps[v - 1] and \
                any(x < v - 1 and any(t.norm == "to" for t in s.tokens[x + 1:v - 1]) for x in verbs):
            continue  # "agreed to end their meddling and respect the embargo": the first verb governs
        owner = _possessor(doc, s, v) if before is None else None
        if owner is not None:  # "Egypt's call for a truce": the possessor made the call
            got = holders_of(doc, s, owner, "possessive", compound=True)
            if got:
                match.holders, match.why = got, f"possessor of {s.tokens[v].norm!r}"
                match.scope = owner.end
                return
        epithet = _epithet(s, v)
        if epithet and v != a:
            continue  # "dismissed the so-called red line": an adjective, not the verb
        if not epithet and _nominal(s, v):
            continue  # "strong support from X", "its backing of": a noun, not a verb with a subject
        background = epithet or _background(s, v, doc.cues(s)["alignment"]) or _alignment(doc, s, v, match)
        if background:
            match.background, match.why = True, f"background, not a statement: {background}"
            return
        w = min(v, a) if v > a else v  # a verb inside the match takes the match's subject
        got = subject_or_nobody(doc, s, w, "subject")
        if got is None:
            match.why = f"no holder: the subject of {s.tokens[w].norm!r} is no actor"
            return
        if got:
            match.holders, match.why = got, f"subject of {s.tokens[w].norm!r}"
            return
    if before is not None:
        match.why = "no holder: no subject before the possessor"
        return
    # trailing attribution: "..., the deputy foreign minister said" / "according to X"
    for x, y in sorted(cues["speech"]):
        if x < b:
            continue
        before = [m for m in s.mentions if m.end <= x and m.end >= x - 3 and m.start >= b
                  and "(" not in s.seps[m.start]]  # "... the GNA (GNA), he said": not a speaker
        after = [m for m in s.mentions if x < m.start <= y + 2]
        for m in before[-1:] + after[:1]:
            got = holders_of(doc, s, m, "attribution", compound=True)
            if got:
                match.holders, match.why = got, f"attributed by {s.tokens[x].norm!r}"
                return
    for i, t in enumerate(s.tokens[:-1]):
        if t.norm == "according" and s.tokens[i + 1].norm == "to":
            after = [m for m in s.mentions if i + 2 <= m.start <= i + 3]
            if after:
                got = holders_of(doc, s, after[0], "attribution", compound=True)
                if got:
                    match.holders, match.why = got, "according to"
                    return
    # headline convention "Sisi: Sirte and Jufra are a red line"
    first = s.mentions[0] if s.mentions else None
    if first is not None and first.start <= 1 and first.end <= a and ":" in s.seps[first.end] and \
            all(t.norm in _DETERMINERS for t in s.tokens[:first.start]):
        got = holders_of(doc, s, first, "attribution", compound=True)
        if got:
            match.holders, match.why = got, "speaker before a colon"
            return
    got = _list_item_holders(doc, s)
    if got:
        match.holders, match.why = got, "item of a list introduced by a speaker"
        return
    match.why = "no holder: no speaker, subject or attribution found"


#: Nouns of speech acts: "X's call for" attributes the call to X ("X's support for" does not:
#: it describes an alignment).
SPEECH_NOUNS = frozenset("call calls appeal appeals demand demands plea pleas proposal proposals "
                         "rejection condemnation warning warnings insistence offer pledge pledges "
                         "endorsement initiative statement statements declaration".split())
#: Words before a cue that make it a noun ("strong support from", "the backing of").
_NOUN_MARKERS = frozenset("the a an its their his her our my your this that these those strong full "
                          "military political financial diplomatic continued growing unwavering "
                          "steadfast open tacit unconditional international foreign 's".split())
_RELATIVE = frozenset("which who whom whose".split())
#: Adverbs that make a participle an epithet: "the internationally recognised government".
_EPITHET_ADVERBS = frozenset("internationally democratically legally officially widely formally "
                             "globally lawfully duly".split())
#: Passive reporting verbs: "X is suspected of backing", "X was reported to support".
_REPORTED = frozenset("suspected accused believed thought said reported alleged known seen "
                      "understood rumoured rumored widely".split())


def _possessor(doc, s, v: int):
    """The mention before "'s" (or the plural possessive "leaders' ") that owns the speech-act
    noun at token *v*, or None."""
    if v < 1 or s.tokens[v].norm not in SPEECH_NOUNS:
        return None
    if v >= 2 and s.tokens[v - 1].norm == "'s":
        return next((m for m in s.mentions if m.end == v - 1), None)
    if s.seps[v].strip() in ("'", "\u2019") and s.tokens[v - 1].norm.endswith("s"):
        return next((m for m in s.mentions if m.end == v), None)  # "the two leaders' call for"
    return None


def _nominal(s, v: int) -> bool:
    """True when the cue at token *v* is used as a noun (after a determiner or an adjective)."""
    return v > 0 and s.tokens[v - 1].norm in _NOUN_MARKERS


def _epithet(s, v: int) -> str:
    """Why the cue at token *v* is an epithet ("UN-recognised", "internationally recognised",
    "so-called"), or ""."""
    toks = s.tokens
    if v > 0 and s.seps[v] == "-":
        return f"a compound epithet ({toks[v - 1].norm}-{toks[v].norm})"
    if v > 0 and toks[v - 1].norm in _EPITHET_ADVERBS and toks[v].norm.endswith("ed") and \
            (v + 1 >= len(toks) or toks[v + 1].norm != "by"):
        return f"an epithet ({toks[v - 1].norm} {toks[v].norm})"
    return ""


_PARTY_RE = re.compile(r"<[A-Z][A-Z0-9_-]*>")


def _alignment(doc, s, v: int, match) -> str:
    """Why "X supports <party>" is a journalist's description of an alignment, or "".

    An alignment verb (``alignment_verbs``: support, back, arm, side with ...) whose object is a
    party, in a sentence that reports no speech and outside any quotation, describes who is
    aligned with whom ("Ankara supports the GNA in the conflict"); "X supports the GNA, the
    minister said" and "X said it supports the GNA" are statements.
    """
    cues = doc.cues(s)
    if not any(a == v for a, _ in cues["alignment"]) or not _PARTY_RE.search(match.phrase):
        return ""
    if cues["speech"] or doc.quote_at(s.tokens[v].start, s.tokens[v].end):
        return ""
    aligned = {a for a, _ in cues["alignment"]}
    if any(x < v and x not in aligned for x, _ in cues["attitude"]):
        return ""  # "condemned the support for X", "called for backing of X": another attitude governs it
    return f"an alignment described without a speech verb ({s.tokens[v].norm!r} a party)"


def _background(s, v: int, alignment=None) -> str:
    """Why the verb at token *v* describes rather than states a position ("" when it states one).

    A relative clause about a name (", which supports the GNA,") and a verb under a passive
    report ("is suspected of backing") are a journalist's background, not a statement made
    in the article.
    """
    toks = s.tokens
    if v > 0 and toks[v - 1].norm == "by" and toks[v].norm.endswith("ing"):
        return f"the means of another act (by {toks[v].norm})"
    j = v - 1
    while j >= 0 and toks[j].norm in VERB_LINKS:
        j -= 1
    if j >= 0 and toks[j].norm in _RELATIVE and (alignment is None or any(a == v for a, _ in alignment)):
        return f"a relative clause ({toks[j].norm!r} ... {toks[v].norm!r}) describing an alignment"
    if j >= 1 and toks[j].norm in ("of", "to"):
        # "is suspected (by analysts) of backing", "was reported to support"
        for k in range(j - 1, max(-1, j - 6), -1):
            if toks[k].norm in _REPORTED:
                b = k - 1
                while b >= 0 and toks[b].norm in ("widely", "also", "long", "often"):
                    b -= 1
                if b >= 0 and toks[b].norm in _BE:
                    return f"reported in the passive ({toks[k].norm!r} ... {toks[j].norm!r})"
                break
            if not _COMMA_BREAKS.isdisjoint(s.seps[k + 1]):
                break
    return ""


_ITEM_RE = re.compile(r"\s*(?:\(?\d{1,2}[.)]|\(?[a-h]\)|[-\u2022*\u2013\u2014])\s")


def _list_item_holders(doc, s, items: int = 20) -> list:
    """Holders of a numbered or bulleted item: the speaker of the sentence that introduced the
    list with a colon ("The council stressed the following: 1) ... 2) ...")."""
    if not _ITEM_RE.match(doc.clean, s.start):
        return []
    i = s.index - 1
    while i >= 0 and s.index - i <= items and _ITEM_RE.match(doc.clean, doc.sentences[i].start):
        i -= 1
    if i < 0:
        return []
    intro = doc.prepare(doc.sentences[i])
    if not doc.clean[intro.start:intro.end].rstrip().endswith(":"):
        return []
    cues = doc.cues(intro)
    for v in sorted({x for x, _ in cues["speech"] + cues["attitude"]}):
        got = subject_holders(doc, intro, v, "list")
        if got:
            return got
    return []


def _passive(s, v: int) -> bool:
    """True when the verb at token *v* is passive ("was urged", "has been accused")."""
    return v > 0 and s.tokens[v - 1].norm in _BE and s.tokens[v].norm not in _ADJECTIVAL
