"""Extraction: (article, rule set) -> statements, with the reasons behind each.

:func:`extract_article` is a pure function. :func:`analyse` does the same work
and also returns a per-sentence trace (mentions, holders and why, rules that
fired or almost fired, statements dropped for want of a holder) for
``stances explain`` and ``stances check``.

How a holder is found, in order:

1. the match lies inside a quotation: the quotation's speaker (``quote``),
   found after the closing mark (``"...," X told reporters``), before the
   opening mark (``X said: "..."``), or from the previous quotation of a
   continued or multi-sentence quote;
2. a passive ``... was demanded by X`` (``passive``);
3. the subject of the nearest speech or attitude verb at or before the match
   (``subject``; ``compound`` for "Britain, Germany and France"), where a
   pronoun resolves to the most recent person of matching gender
   (``pronoun``) and a role noun to the most recent person holding that role
   (``role``);
4. a trailing attribution ``..., the minister said`` or ``according to X``
   (``attribution``).

Mentions after a preposition (``talks in Moscow``, ``support to Haftar``) and
mentions inside the matched phrase are never holders. A match with no holder
is dropped and counted, never given to a nearby name.
"""
from __future__ import annotations


from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .matcher import Hit
from .model import Article, Statement, iso_week
from .text import Quote, find_quotes, fold, paragraph_starts, split_sentences, token_string, tokenize

__all__ = ["extract_article", "extract_many", "analyse", "Analysis", "Mention", "Match"]

PREPOSITIONS = frozenset(
    "of to for with against in into from on at by about over between among toward towards via "
    "around across near behind under upon within without through".split()
)
#: Conjunctions that end the reach of a negation cue.
CLAUSE_BREAKS = frozenset("and but while whereas although though yet".split())
CLAUSE_WORDS = frozenset("that which who whom whereas while because although though if since".split())
COORD = frozenset(["and", "as well as"])
NEGATION_WINDOW = 6
#: Words that may stand between a subject and its verb ("Turkey has also urged").
VERB_LINKS = frozenset(
    "has have had is was were are am be been being will would shall should can could may might must "
    "do does did also again then later now once however previously earlier repeatedly reportedly "
    "already still not n't never further strongly firmly officially publicly jointly separately "
    "recently yesterday today tonight meanwhile too itself themselves himself herself on monday "
    "tuesday wednesday thursday friday saturday sunday last week".split()
)


@dataclass
class Mention:
    """A name in a sentence (token span) and the actor it stands for on the article's date."""

    start: int
    end: int
    kind: str  # alias, capital, person, adjective, role, pronoun
    text: str
    char_start: int
    char_end: int
    actor: str | None = None
    person: int | None = None
    title: str | None = None  # role noun text, for kind == role
    gender: str | None = None
    how: str = ""


@dataclass
class Match:
    """A rule phrase that matched, with the outcome of holder finding."""

    rule: object
    start: int
    end: int
    char_start: int
    char_end: int
    phrase: str
    holders: list = field(default_factory=list)  # list of (actor, Mention, via)
    why: str = ""
    negated: bool = False
    hedge: float = 1.0
    hypothetical: bool = False


@dataclass
class SentenceTrace:
    index: int
    start: int
    end: int
    mentions: list
    matches: list
    near_misses: list


@dataclass
class Analysis:
    """Statements of one article plus the trace behind them."""

    statements: list
    sentences: list
    dropped: int


class _Sentence:
    __slots__ = ("index", "start", "end", "tokens", "ts", "starts", "seps", "mentions", "cues",
                 "hits", "quoted", "tok_starts")

    def __init__(self, index, start, end):
        self.index, self.start, self.end = index, start, end
        self.tokens = None
        self.mentions = []
        self.cues = None
        self.hits = []


class _Doc:
    """Per-article working state (never shared across articles)."""

    def __init__(self, article: Article, ruleset):
        from .clean import clean_text

        self.article = article
        self.rs = ruleset
        self.m = ruleset.matcher
        self.date = article.date
        self.text = article.text
        self.clean = clean_text(article.text)
        self.folded = fold(self.clean)
        self.spans = split_sentences(self.clean)
        self.sent_starts = [s for s, _ in self.spans]
        self.paras = paragraph_starts(self.clean)
        self.quotes = find_quotes(self.clean, self.paras)
        self.quote_starts = [q.start for q in self.quotes]
        self.sentences = [_Sentence(i, s, e) for i, (s, e) in enumerate(self.spans)]
        self.triggered = self.m.scan(self.folded, self.sent_starts)
        self.history: list = []  # (char_start, Mention, oblique) for person mentions, in order
        self.person_index = {p.name: i for i, p in enumerate(ruleset.people)}
        self._speakers: dict = {}

    # ---- per-sentence work
    def prepare(self, s: _Sentence):
        if s.tokens is not None:
            return s
        toks = tokenize(self.folded, self.clean, s.start, s.end)
        s.tokens = toks
        s.tok_starts = [t.start for t in toks]
        s.ts, s.starts = token_string(toks)
        seps = []
        prev = s.start
        for t in toks:
            seps.append(self.clean[prev:t.start])
            prev = t.end
        seps.append(self.clean[prev:s.end])
        s.seps = seps
        pids = self.triggered.get(s.index, ())
        hits = self.m.run(s.ts, s.starts, pids) if pids else []
        s.hits = [h for h in hits if h.pattern.kind == "rule"]
        s.mentions = self._mentions(s, [h for h in hits if h.pattern.kind != "rule"])
        # pronouns are built-in words: add them even when nothing triggered the sentence
        return s

    def _mentions(self, s: _Sentence, hits: list) -> list:
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
                m.actor = self._actor_on_date(h.pattern.owner, h.pattern.text)
                m.how = kind
                if kind == "capital":
                    prev = toks[h.start - 1].norm if h.start else ""
                    if prev in self.m.place_preps or prev in PREPOSITIONS:
                        continue  # "talks in Moscow": a place, not a speaker
            elif kind == "person":
                m.person = h.pattern.owner
                person = self.rs.people[m.person]
                m.gender = person.gender
                roles = person.roles_on(self.date)
                actors = [r.actor for r in roles if self._actor_exists(r.actor)]
                m.actor = actors[0] if actors else None
                m.title = roles[0].title if roles else None
                m.how = "person"
            elif kind == "role":
                m.title = h.pattern.owner
                m.how = "role"
            elif kind == "group":
                group = self.rs.groups[h.pattern.owner]
                if not group.exists_on(self.date):
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
            m.text = self.clean[m.char_start:m.char_end]
            if m.kind == "role":
                # "the deputy foreign minister" stands for the person last named with that role
                actor, _, who = self.resolve(m, s)
                if actor:
                    m.actor = actor
                    m.person = self.person_index.get(who)
                    m.gender = self.rs.people[m.person].gender if m.person is not None else None
            if m.kind in ("person", "role") and m.person is not None:
                j = m.start - 1
                oblique = (j >= 0 and toks[j].norm in PREPOSITIONS) or \
                    (m.end < len(toks) and toks[m.end].norm == "'s")
                self.history.append((m.char_start, m, oblique))
        return merged

    def _actor_exists(self, aid):
        actor = self.rs.actors.get(aid)
        return actor is not None and actor.exists_on(self.date)

    def _actor_on_date(self, aid, alias_text):
        """An alias shared by actors of different periods picks the one existing on the date."""
        if self._actor_exists(aid) and self.date is not None:
            return aid
        named = self.m.alias_owners(alias_text)  # precomputed once per rule set
        owners = [a for a in self.rs.actors.values() if a.id in named or a.id == aid]
        live = [a.id for a in owners if a.exists_on(self.date)]
        if len(live) == 1:
            return live[0]
        if aid in live and self.date is not None:
            return aid
        return aid if len(owners) == 1 else None

    def cues(self, s: _Sentence):
        if s.cues is None:
            m = self.m
            s.cues = {
                "speech": m.spans(m.speech_re, s.ts, s.starts),
                "attitude": m.spans(m.attitude_re, s.ts, s.starts),
                "negation": m.spans(m.negation_re, s.ts, s.starts),
                "negating": m.spans(m.negating_re, s.ts, s.starts),
                "agent": m.spans(m.agent_re, s.ts, s.starts),
                "role": m.spans(m.role_re, s.ts, s.starts),
                "hedge": [(a, b, f) for rx, f in m.hedges for a, b in m.spans(rx, s.ts, s.starts)],
            }
        return s.cues

    # ---- resolution of a mention to actors
    def resolve(self, m: Mention, s: _Sentence):
        """Return (actor, via, detail) for a mention, or (None, reason, '')."""
        if m.kind == "group":
            return None, f"{m.text!r} is a group of several actors", ""
        if m.kind in ("alias", "capital", "adjective"):
            return (m.actor, m.how, "") if m.actor else (None, f"{m.text!r} names no actor on this date", "")
        if m.kind == "person":
            if m.actor:
                return m.actor, "person", self.rs.people[m.person].name
            return None, f"{m.text!r} holds no known role on {self.date or 'an undated text'}", ""
        pos = m.char_start
        end = bisect_left(self.history, pos, key=lambda x: x[0])
        passes = (True, False) if m.kind == "pronoun" else (False,)
        for skip_oblique in passes:  # a pronoun prefers a speaker to a name after "to" or before "'s"
            for idx in range(end - 1, -1, -1):
                _, prev, oblique = self.history[idx]
                if prev.actor is None or prev is m or (skip_oblique and oblique):
                    continue
                person = self.rs.people[prev.person]
                if m.kind == "pronoun":
                    if person.gender and m.gender and person.gender != m.gender:
                        continue
                    return prev.actor, "pronoun", person.name
                if m.kind == "role":
                    titles = [r.title for r in person.roles_on(self.date)]
                    if any(t == m.title or t.endswith(" " + m.title) for t in titles):
                        return prev.actor, "role", person.name
        return None, f"{m.text!r} refers to no earlier person", ""

    # ---- quotes
    def quote_index(self, start: int, end: int) -> int:
        """Index of the speech quotation holding ``start..end``, or -1."""
        i = bisect_right(self.quote_starts, start) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.start <= start and end <= q.end and (q.words >= 4 or q.continues):
                return i
        return -1

    def quote_at(self, start: int, end: int) -> Quote | None:
        i = self.quote_index(start, end)
        return self.quotes[i] if i >= 0 else None

    def sentence_at(self, pos: int) -> _Sentence | None:
        i = bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return None
        return self.prepare(self.sentences[i])

    def speaker(self, qi: int):
        """Holders of quote number *qi* (cached): list of (actor, mention, via), reason.

        A quotation without a speaker of its own takes that of the previous quotation of its
        paragraph (or of the paragraph it continues); the chain is walked iteratively.
        """
        chain = []
        result: list = []
        i = qi
        while True:
            if i in self._speakers:
                result = self._speakers[i][0]
                break
            q = self.quotes[i]
            chain.append(i)
            result = self._speaker_after(q) or self._speaker_before(q)
            if result or i == 0:
                break
            prev = self.quotes[i - 1]
            same_para = bisect_right(self.paras, prev.start) == bisect_right(self.paras, q.start)
            if not (q.continues or same_para):
                break
            i -= 1
        out = (result, "" if result else "quote speaker not found")
        for j in chain:
            self._speakers[j] = out
        return out

    def _speaker_after(self, q: Quote):
        s = self.sentence_at(q.end)
        if s is None:
            return []
        cues = self.cues(s)
        i0 = bisect_left(s.tok_starts, q.end + 1)
        verbs = [a for a, b in cues["speech"] + cues["attitude"] if i0 <= a <= i0 + 12]
        if not verbs:
            return []
        v = min(verbs)
        quote_ends = self._quote_token_limit(s, i0)
        # "..., X said" (subject before the verb) or "..., said X"
        before = [m for m in s.mentions if i0 <= m.start and m.end <= v and m.end >= v - 3]
        after = [m for m in s.mentions if m.start > v and m.start <= v + 3 and m.start < quote_ends]
        for group in (before[-1:], after[:1]):
            if group:
                return self._holders_of(s, group[0], "quote", compound=False)
        # "..., said Mohamed Zayed, a member of the Presidential Council": an unknown name whose
        # apposition names the actor
        for m in s.mentions:
            if v < m.start <= v + 12 and m.start < quote_ends and self._in_apposition(s, v + 1, m):
                return self._holders_of(s, m, "quote", compound=False)
        return []

    def _in_apposition(self, s: _Sentence, lo: int, m: Mention) -> bool:
        """True when *m* ends an apposition "NAME, a ROLE of/for [the] M" starting after *lo*."""
        j = m.start - 1
        while j >= lo and s.tokens[j].norm in _DETERMINERS:
            j -= 1
        if j < lo or s.tokens[j].norm not in ("of", "for", "at", "in"):
            return False
        cues = self.cues(s)
        has_noun = any(lo <= x and y <= j for x, y in cues["role"] + cues["agent"]) or \
            any(t.norm in ("member", "official", "head", "chief", "adviser", "advisor", "aide")
                for t in s.tokens[lo:j])
        return has_noun and any("," in sep for sep in s.seps[lo:j + 1])

    def _quote_token_limit(self, s, i0):
        """Token index where the next quotation after token *i0* opens (the end of the sentence if none)."""
        if not i0:
            return len(s.tokens)
        k = bisect_right(self.quote_starts, s.tokens[i0 - 1].end)
        if k < len(self.quotes):
            return bisect_left(s.tok_starts, self.quotes[k].start)
        return len(s.tokens)

    def _speaker_before(self, q: Quote):
        s = self.sentence_at(q.start - 1)
        if s is None or not s.tokens:
            return []
        cues = self.cues(s)
        limit = bisect_left(s.tok_starts, q.start)
        verbs = sorted((a for a, b in cues["speech"] + cues["attitude"] if a < limit), reverse=True)
        for v in verbs:
            got = self._subject(s, v, "quote")
            if got:
                return got
        return []

    # ---- subjects
    def _allowed_subject(self, s: _Sentence, m: Mention) -> bool:
        if m.kind == "capital" and m.end < len(s.tokens):
            # a city is a speaker only before a verb ("Ankara said", "Moscow and Ankara agreed"),
            # not as a modifier ("the Cairo initiative", "the Berlin conference")
            nxt = s.tokens[m.end].norm
            cues = self.cues(s)
            verb_next = any(a == m.end for a, b in cues["speech"] + cues["attitude"])
            if not (verb_next or nxt in VERB_LINKS or nxt in ("and", "or") or "," in s.seps[m.end]):
                return False
        if m.end < len(s.tokens) and s.tokens[m.end].norm == "'s":
            # a possessor ("the government's call") is no subject, unless it owns
            # the speakers ("Haftar's militias rejected", "Egypt's foreign ministry said")
            cues = self.cues(s)
            if not any(a == m.end + 1 for a, b in cues["agent"] + cues["role"]):
                return False
        if m.start == 0:
            return True
        prev = s.tokens[m.start - 1].norm
        if prev in ("the", "a", "an") and m.start >= 2:
            prev = s.tokens[m.start - 2].norm
        if prev in PREPOSITIONS:
            if prev in ("of", "for") and m.start >= 2:
                # "the militias of Haftar", "the spokesman for the GNA": the group speaks for the actor
                j = m.start - 2
                while j >= 0 and s.tokens[j].norm in ("the", "a", "an"):
                    j -= 1
                cues = self.cues(s)
                if any(a <= j < b for a, b in cues["agent"]):
                    return True
                # titles in between: "militias of putschist Gen. Khalifa Haftar"
                for k in range(max(0, m.start - 5), m.start - 1):
                    if s.tokens[k].norm == "of" and any(a <= k - 1 < b for a, b in cues["agent"]):
                        return True
            return False
        return True

    def _clause_start(self, s: _Sentence, v: int) -> int:
        comma = False  # a comma between here and the verb
        j = v - 1
        while j >= 0:
            w = s.tokens[j].norm
            if w in CLAUSE_WORDS:
                if w in ("which", "who", "whom") and comma and "," in s.seps[j]:
                    j -= 1  # ", which backs Haftar," is a parenthesis: the verb belongs outside
                    continue
                return j + 1
            comma = comma or "," in s.seps[j + 1]
            sep = s.seps[j + 1]
            if ";" in sep:
                return j + 1
            j -= 1
        return 0

    def _subject(self, s: _Sentence, v: int, via: str):
        """Holders that are the subject of the verb at token *v*.

        The mention right before the verb ("..., the minister said", "Turkey has
        urged") wins; otherwise the first mention of the clause ("Antonio
        Guterres, the secretary-general of the U.N., described ... and urged").
        """
        lo = self._clause_start(s, v)
        for start in ((lo, 0) if lo else (0,)):
            cands = [m for m in s.mentions if start <= m.start and m.end <= v
                     and self._allowed_subject(s, m) and not self._in_other_quote(s, m, v)]
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
                return self._holders_of(s, last, via, compound=True)
            return self._holders_of(s, cands[0], via, compound=True)
        return []

    @staticmethod
    def _joined(s: _Sentence, left: Mention, right: Mention) -> bool:
        """True when two mentions are coordinated: "X, Y", "X and the Y", "X as well as Y"."""
        between = [t.norm for t in s.tokens[left.end:right.start] if t.norm not in _DETERMINERS]
        if between not in ([], ["and"], ["as", "well", "as"], ["together", "with"], ["along", "with"]):
            return False
        return bool(between) or "," in "".join(s.seps[left.end:right.start + 1])

    def _in_other_quote(self, s, m, v):
        q = self.quote_at(m.char_start, m.char_end)
        if q is None:
            return False
        vpos = s.tokens[v].start if v < len(s.tokens) else s.end
        return not (q.start <= vpos <= q.end)

    def _holders_of(self, s: _Sentence, first: Mention, via: str, compound: bool):
        group = [first]
        if compound:
            idx = s.mentions.index(first)
            for m in s.mentions[idx + 1:]:  # "Britain, Germany and France"
                if not self._joined(s, group[-1], m):
                    break
                group.append(m)
            for m in reversed(s.mentions[:idx]):
                if not self._joined(s, m, group[0]):
                    break
                group.insert(0, m)
        out = []
        for m in group:
            if m.kind == "group":  # "the two warring sides": one statement per member
                g = next(x for x in self.rs.groups if x.name == m.title)
                out.extend((a, m, "group") for a in g.members if self._actor_exists(a))
                continue
            actor, how, detail = self.resolve(m, s)
            if actor is None:
                continue
            v = "compound" if len(group) > 1 and via == "subject" else via
            if m.kind in ("pronoun", "role") and via == "subject":
                v = m.kind
            out.append((actor, m, v))
        return out


def _resolve_overlaps(hits: list) -> list:
    """Within one issue, overlapping matches: the longest (then most specific) wins."""
    by_issue: dict = {}
    for h in hits:
        by_issue.setdefault(h.pattern.owner.issue, []).append(h)
    out = []
    for issue, hs in by_issue.items():
        hs.sort(key=lambda h: (-(h.end - h.start), -len(h.pattern.text), h.pattern.index))
        taken: list = []
        for h in hs:
            if all(h.end <= t.start or h.start >= t.end for t in taken):
                taken.append(h)
        out.extend(taken)
    out.sort(key=lambda h: (h.start, h.pattern.index))
    return out


def _find_holders(doc: _Doc, s: _Sentence, match: Match):
    """Fill match.holders and match.why."""
    qi = doc.quote_index(match.char_start, match.char_end)
    if qi >= 0:
        holders, why = doc.speaker(qi)
        match.holders, match.why = holders, why or "inside a quotation"
        return
    cues = doc.cues(s)
    a, b = match.start, match.end
    # passive: "... was demanded by Egypt"
    for j in range(b, min(len(s.tokens) - 1, b + 5)):
        if s.tokens[j].norm == "by" and any(x <= j - 1 < y for x, y in cues["speech"] + cues["attitude"]):
            after = [m for m in s.mentions if j < m.start <= j + 2]
            if after:
                got = doc._holders_of(s, after[0], "passive", compound=True)
                if got:
                    match.holders, match.why = got, "agent of a passive verb"
                    return
    # subject of the nearest speech/attitude verb at or before the match
    # (a verb inside the matched phrase counts too: "no longer supports <LNA>")
    verbs = sorted({x for x, y in cues["speech"] + cues["attitude"] if x < b}, reverse=True)
    for v in verbs:
        if doc.quote_at(s.tokens[v].start, s.tokens[v].end) or _passive(s, v):
            continue  # the subject of "was urged to", "has been accused of" is not the holder
        if v > 0 and s.tokens[v - 1].norm == "to" and any(x < v for x in verbs):
            continue  # "X urged Y to call for": the governing verb comes first
        got = doc._subject(s, min(v, a) if v > a else v, "subject")
        if got:
            match.holders, match.why = got, f"subject of {s.tokens[v].norm!r}"
            return
    # trailing attribution: "..., the deputy foreign minister said" / "according to X"
    for x, y in sorted(cues["speech"]):
        if x < b:
            continue
        before = [m for m in s.mentions if m.end <= x and m.end >= x - 3 and m.start >= b]
        after = [m for m in s.mentions if x < m.start <= y + 2]
        for m in before[-1:] + after[:1]:
            got = doc._holders_of(s, m, "attribution", compound=True)
            if got:
                match.holders, match.why = got, f"attributed by {s.tokens[x].norm!r}"
                return
    for i, t in enumerate(s.tokens[:-1]):
        if t.norm == "according" and s.tokens[i + 1].norm == "to":
            after = [m for m in s.mentions if i + 2 <= m.start <= i + 3]
            if after:
                got = doc._holders_of(s, after[0], "attribution", compound=True)
                if got:
                    match.holders, match.why = got, "according to"
                    return
    # headline convention "Sisi: Sirte and Jufra are a red line"
    first = s.mentions[0] if s.mentions else None
    if first is not None and first.start <= 1 and first.end <= a and ":" in s.seps[first.end] and \
            all(t.norm in _DETERMINERS for t in s.tokens[:first.start]):
        got = doc._holders_of(s, first, "attribution", compound=True)
        if got:
            match.holders, match.why = got, "speaker before a colon"
            return
    match.why = "no holder: no speaker, subject or attribution found"


_BE = frozenset("is are was were be been being".split())
#: Skipped between coordinated names: "Putin and his Turkish counterpart Erdogan".
_DETERMINERS = frozenset("the a an his her its their".split())
#: Participles that stay active after "be": "Egypt is committed to", "Turkey is ready to".
_ADJECTIVAL = frozenset("committed determined concerned opposed convinced prepared resolved "
                        "interested worried alarmed satisfied pleased disappointed ready".split())


def _passive(s: _Sentence, v: int) -> bool:
    """True when the verb at token *v* is passive ("was urged", "has been accused")."""
    return v > 0 and s.tokens[v - 1].norm in _BE and s.tokens[v].norm not in _ADJECTIVAL


def _starts_verb(s: _Sentence, cues: dict, i: int, match_start: int) -> bool:
    """True when token *i* starts a verb phrase (a cue verb, an auxiliary, or the match itself)."""
    if i >= match_start:
        return True
    return s.tokens[i].norm in VERB_LINKS or any(x == i for x, _ in cues["speech"] + cues["attitude"])


def _modality(doc: _Doc, s: _Sentence, match: Match):
    cues = doc.cues(s)
    a = match.start
    lo = max(0, a - NEGATION_WINDOW)
    # stop at a clause break (comma, semicolon, colon, quote mark) before the match
    for j in range(a - 1, lo - 1, -1):
        if any(c in s.seps[j + 1] for c in ",;:\"\u201c\u201d"):
            lo = j + 1
            break
        w = s.tokens[j].norm
        if w in CLAUSE_BREAKS and (w != "and" or _starts_verb(s, cues, j + 1, a)):
            lo = j + 1  # "would not negotiate and vowed to ...", but not "accused X and Y of"
            break
    for x, y in cues["negation"] + cues["negating"]:
        if lo <= x and y <= a:
            match.negated = True
    for x, y, f in cues["hedge"]:
        if lo <= x and y <= a:
            match.hedge = min(match.hedge, f)
    # a phrase inside an "if" clause states no position ("... if he continued attacks"),
    # unless the clause is negative: "if there is no cancellation of X" demands X
    for j in range(a - 1, max(-1, a - 12), -1):
        if any(c in s.seps[j + 1] for c in ";:\"\u201c\u201d"):
            break
        if s.tokens[j].norm == "if":
            negative = any(j < x and y <= a for x, y in cues["negation"]) or \
                any(t.norm == "no" for t in s.tokens[j:a])
            match.hypothetical = not negative
            break


def analyse(article: Article, ruleset, trace: bool = False) -> Analysis:
    """Extract statements from *article* and, with ``trace``, explain each sentence.

    Parameters
    ----------
    article : Article
    ruleset : RuleSet
        From :func:`stances.rules.load_rules`.
    trace : bool
        Also keep, per sentence, mentions, matches and near misses.

    Returns
    -------
    Analysis
    """
    doc = _Doc(article, ruleset)
    history_ids, rule_ids = doc.m.history_ids, doc.m.rule_ids
    # pass 1: in order, the sentences that can add to the person history (person names, role
    # nouns); sentences naming only other actors are prepared on demand (quote speakers)
    for i in sorted(doc.triggered):
        if trace or not history_ids.isdisjoint(doc.triggered[i]):
            doc.prepare(doc.sentences[i])
    statements = []
    traces = []
    dropped = 0
    for s in doc.sentences:
        if not trace and rule_ids.isdisjoint(doc.triggered.get(s.index, ())):
            continue  # no rule can match here
        doc.prepare(s)
        matches = []
        for h in _resolve_overlaps(s.hits):
            rule = h.pattern.owner
            toks = s.tokens
            mt = Match(rule, h.start, h.end, toks[h.start].start, toks[h.end - 1].end, h.pattern.text)
            _find_holders(doc, s, mt)
            _modality(doc, s, mt)
            matches.append(mt)
            if not mt.holders:
                dropped += 1
                continue
            if mt.hypothetical:
                mt.why += "; inside an if/unless clause: hypothetical, dropped"
                continue
            if mt.negated and rule.on_negation == "drop":
                mt.why += "; negated, and the rule drops negated matches"
                continue
            score = rule.stance * rule.weight * mt.hedge * (-1 if mt.negated else 1)
            score = round(max(-1.0, min(1.0, score)), 4)
            position = "support" if score > 0 else "oppose" if score < 0 else "neutral"
            seen = set()
            for actor, mention, via in mt.holders:
                if actor in seen:
                    continue
                seen.add(actor)
                holder_text = mention.text
                if via in ("pronoun", "role"):
                    _, _, who = doc.resolve(mention, s)
                    holder_text = f"{mention.text} ({who})" if who else mention.text
                statements.append(Statement(
                    doc=article.doc, date=article.date, week=iso_week(article.date), actor=actor,
                    issue=rule.issue, position=position, score=score, rule=rule.id,
                    negated=mt.negated, holder_text=holder_text, holder_via=via,
                    sentence=article.text[s.start:s.end], start=s.start, end=s.end,
                    source=article.source, title=article.title, url=article.url,
                    rules_version=ruleset.version))
        if trace:
            traces.append(SentenceTrace(s.index, s.start, s.end, list(s.mentions), matches,
                                        _near_misses(doc, s, matches)))
    statements.sort(key=lambda st: (st.start, st.rule, st.actor))
    return Analysis(statements, traces, dropped)


def _near_misses(doc: _Doc, s: _Sentence, matches: list) -> list:
    out = []
    for mt in matches:
        if not mt.holders:
            out.append(f"rule {mt.rule.id} matched {mt.phrase!r} but {mt.why}")
    if not matches:
        cues = doc.cues(s)
        for v, _ in cues["speech"] + cues["attitude"]:
            got = doc._subject(s, v, "subject")
            if got:
                who = ", ".join(sorted({a for a, _, _ in got}))
                out.append(f"{who} spoke ({s.tokens[v].norm!r}) but no rule matched")
                break
        fired = {h.pattern.index for h in s.hits}
        almost = sorted({doc.m.patterns[p].owner.id for p in doc.triggered.get(s.index, ())
                         if p >= doc.m.first_rule_pattern and p not in fired})
        if almost:
            out.append("trigger words of " + ", ".join(almost[:6]) +
                       (" ..." if len(almost) > 6 else "") + " present, but no phrase matched")
    return out


def extract_article(article: Article, ruleset) -> list[Statement]:
    """Statements of one article (a pure function: no I/O, no global state).

    Parameters
    ----------
    article : Article
    ruleset : RuleSet

    Returns
    -------
    list of Statement
        One per (holder, matched phrase), sorted by position in the text.

    Examples
    --------
    >>> from stances import load_rules, Article
    >>> rs = load_rules("rules")
    >>> a = Article("x", "Egypt called for an immediate ceasefire.")
    >>> [(s.actor, s.issue, s.score) for s in extract_article(a, rs)]
    [('EGY', 'ceasefire', 1.0)]
    """
    return analyse(article, ruleset).statements


def extract_many(articles, ruleset, jobs: int = 1):
    """Yield ``(article, statements)`` for each article, in input order.

    Parameters
    ----------
    articles : iterable of Article
    ruleset : RuleSet
    jobs : int
        Worker processes (1 runs in this process). Output is identical
        whatever the number of jobs.
    """
    if jobs <= 1:
        for a in articles:
            yield a, extract_article(a, ruleset)
        return
    from .parallel import parallel_extract

    yield from parallel_extract(articles, ruleset, jobs)
