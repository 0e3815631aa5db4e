"""Extraction: (article, rule set) -> statements, with the reasons behind each.

:func:`extract_article` is a pure function. :func:`analyse` does the same work
and also returns a per-sentence trace (mentions, holders and why, rules that
fired or almost fired, statements dropped for want of a holder) for
``stances explain`` and ``stances check``.

The stages, one module each: sentences and quotations (:mod:`stances.text`), actor
mentions (:mod:`stances.actors`), the rules that fire (:mod:`stances.matcher`), who holds
each statement (:mod:`stances.attribution`); this module drives them per article, adds
negation, hedges and hypotheticals, and turns matches with holders into statements. A match
with no holder is dropped and counted, never given to a nearby name.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .acts import Said, acts_on_documents
from .actors import Mention, find_mentions, resolve
from .attribution import VERB_LINKS, find_holders, subject_holders
from .matcher import Hit, trie_regex
from .model import Article, Statement, iso_week
from .speakers import speech_cues, unknown_speakers
from .text import Quote, find_quotes, fold, paragraph_starts, split_sentences, token_string, tokenize

#: Conjunctions that end the reach of a negation cue.
CLAUSE_BREAKS = frozenset("and but while whereas although though yet".split())
NEGATION_WINDOW = 6


__all__ = ["extract_article", "extract_many", "analyse", "analyse_many", "Analysis", "Mention", "Match"]

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
    background: bool = False  # a description of alignment, not a statement (never emitted)
    scope: int = 0  # first token whose cues (negation, hedges) apply to this holder


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
    """Statements of one article plus the trace behind them.

    ``dropped`` counts the rule matches dropped for want of a holder; ``speakers`` (with
    ``analyse(..., speakers=True)``) the names that spoke without being actors of the rule
    set, as ``(name, times)`` most frequent first.
    """

    statements: list
    sentences: list
    dropped: int
    speakers: tuple = ()


class _Sentence:
    __slots__ = ("index", "start", "end", "tokens", "ts", "starts", "seps", "mentions", "cues",
                 "hits", "quoted", "tok_starts", "mentions_done")

    def __init__(self, index, start, end):
        self.index, self.start, self.end = index, start, end
        self.tokens = None
        self.mentions = []
        self.cues = None
        self.hits = []
        self.mentions_done = False


#: cue kind -> the matcher's regex attribute for it
_CUE_REGEXES = {"speech": "speech_re", "attitude": "attitude_re", "negation": "negation_re",
                "negating": "negating_re", "agent": "agent_re", "role": "role_re",
                "alignment": "alignment_re"}


class _Cues(dict):
    """The cue spans of one sentence, by kind: ``(start, end)`` token spans (``hedge`` spans
    carry the hedge's factor as a third item).

    A kind is searched for when first asked for: most sentences need only a few kinds. Once
    the sentence's mentions are known (``mentions_done`` when made), a verb inside a name or
    a title is no verb ("United States", "Secretary of State"), and "states" is a noun
    ("member states") unless a speaker stands before it.
    """

    # it keeps what it reads of the sentence, not the sentence: a sentence holding its cues
    # that hold it would be a reference cycle, and every article's tokens would then wait
    # for the garbage collector instead of being freed when the article is done
    __slots__ = ("m", "ts", "starts", "tokens", "mentions", "filtered")

    def __init__(self, matcher, s: _Sentence):
        super().__init__()
        self.m, self.ts, self.starts, self.tokens = matcher, s.ts, s.starts, s.tokens
        self.mentions, self.filtered = s.mentions, s.mentions_done

    def __missing__(self, key):
        m, ts, starts = self.m, self.ts, self.starts
        if key == "hedge":
            got = [(a, b, f) for rx, f in m.hedges for a, b in m.spans(rx, ts, starts)] \
                if m.hedge_re is not None and m.hedge_re.search(ts) else []
        else:
            got = m.spans(getattr(m, _CUE_REGEXES[key]), ts, starts)
            if self.filtered and key in ("speech", "attitude") and got:
                inside = {i for x in self.mentions for i in range(x.start, x.end)}
                inside.update(i for a, b in self["role"] for i in range(a, b))
                got = [(a, b) for a, b in got if a not in inside]
                if key == "speech":
                    ends = {x.end for x in self.mentions}
                    toks = self.tokens
                    got = [(a, b) for a, b in got
                           if toks[a].norm not in ("state", "states") or a in ends
                           or (a and toks[a - 1].norm in _SPEAKER_BEFORE_STATES)]
        self[key] = got
        return got


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
        self.learned: dict = {}  # name -> (actor, full name): people identified by title or apposition
        self.person_index = self.m.person_index
        self._speakers: dict = {}
        #: what does not change within the article: an alias pattern's actor, a person's
        #: actor and title, on the article's date (see actors.find_mentions)
        self.on_date: dict = {}

    # ---- per-sentence work
    def prepare(self, s: _Sentence):
        if s.tokens is not None:
            return s
        toks = tokenize(self.folded, self.clean, s.start, s.end)
        s.tokens = toks
        # in one pass: the token string and its token starts (as token_string makes them),
        # each token's text offset, and the text between tokens
        clean = self.clean
        parts, starts, tok_starts, seps = [" "], [], [], []
        pos, prev = 1, s.start
        for t in toks:
            a = t.start
            tok_starts.append(a)
            seps.append(clean[prev:a])
            prev = t.end
            starts.append(pos)
            w = t.norm + "^ " if t.caps else t.norm + " "
            parts.append(w)
            pos += len(w)
        seps.append(clean[prev:s.end])
        s.ts, s.starts, s.tok_starts, s.seps = "".join(parts), starts, tok_starts, seps
        pids = self.triggered.get(s.index, ())
        hits = self.m.run(s.ts, s.starts, pids) if pids else []
        if pids and sum("," in x for x in seps) >= 2 and not self.m.rule_ids.isdisjoint(pids):
            hits.extend(_across_tag(self, s, pids, hits))
        s.mentions = find_mentions(self, s, [h for h in hits if h.pattern.kind != "rule"])
        s.mentions_done, s.cues = True, None  # cues are filtered against the mentions from here on
        s.hits = _clause_hits(self, s, [h for h in hits if h.pattern.kind == "rule"])
        return s

    def cues(self, s: _Sentence):
        """The cue spans of *s* by kind (speech, attitude, negation, negating, agent, role,
        alignment, hedge), each kind found on first use (see :class:`_Cues`)."""
        if s.cues is None:
            s.cues = _Cues(self.m, s)
        return s.cues

    # ---- resolution of a mention to actors

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


    # ---- subjects


#: How many words a parenthetical speech tag may hold before and after its verb
#: ("the Russian foreign minister said", "said on Monday").
_TAG_BEFORE, _TAG_AFTER = 5, 4


def _across_tag(doc: _Doc, s: _Sentence, pids, hits: list) -> list:
    """Rule hits that a parenthetical speech tag splits: "The truce, Guterres said, must be
    respected" holds "truce ... must be respected" once ", Guterres said," is left out.

    The tag is a speech verb with up to :data:`_TAG_BEFORE` words after a comma before it and
    up to :data:`_TAG_AFTER` words before a comma after it, no quotation mark in it, and words
    on both sides. The phrases are run on the sentence without the tag; a hit that spans the
    place of the tag is returned in the sentence's own token positions (it holds the tag, whose
    speaker :func:`stances.attribution.find_holders` finds as the subject of its verb).
    """
    toks, seps = s.tokens, s.seps
    out = []
    for v, _ in doc.m.spans(doc.m.speech_re, s.ts, s.starts):
        i = next((j for j in range(v, max(0, v - _TAG_BEFORE), -1) if "," in seps[j]), None)
        k = next((j for j in range(v + 1, min(len(toks), v + 1 + _TAG_AFTER)) if "," in seps[j]), None)
        if i is None or k is None or i < 1 or k >= len(toks) or k - i > 9:
            continue
        inner = "".join(seps[i + 1:k])
        if "," in inner or any(c in inner or c in seps[i] or c in seps[k] for c in _QUOTE_MARKS):
            continue
        ts, starts = token_string(toks[:i] + toks[k:])
        width = k - i
        seen = {(h.pattern.index, h.start, h.end) for h in hits}
        for h in doc.m.run(ts, starts, pids):
            if h.pattern.kind == "rule" and h.start < i < h.end:
                key = (h.pattern.index, h.start, h.end + width)
                if key not in seen:
                    seen.add(key)
                    out.append(Hit(h.pattern, h.start, h.end + width))
        break  # one tag per sentence
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


#: Words after which "states" is the verb ("he states", "it clearly states").
_SPEAKER_BEFORE_STATES = frozenset("he she it they who which also clearly explicitly further".split())
#: Separators no attitude reaches across to its target: a colon, a semicolon, a bracket, a bullet
#: (and a quotation mark that opens or closes between them).
_HARD_BREAKS = frozenset(';:()[]\u2022')
_QUOTE_MARKS = "\"\u201c\u201d"
#: Separators at which the negation and hedge window before a match stops.
_CLAUSE_MARKS = frozenset(",;:" + _QUOTE_MARKS)
#: Separators an "if" before a match is not looked for across.
_IF_MARKS = frozenset(";:" + _QUOTE_MARKS)



#: Words that join a second verb phrase to the first: "halt the shelling and return to".
_COORDINATING = frozenset(["and", "or", "but"])


def _composed_ok(doc, s, h, hits: tuple = ()) -> bool:
    """True unless a composed match (attitude class + target) spans two clauses.

    The attitude and its target must stand in one clause: no quotation mark, colon, semicolon
    or bracket between them, no other attitude in between ("rejected calls for a
    ceasefire" is "calls for a ceasefire", negated by "rejected"), and no other phrase of the
    same issue (of *hits*) that follows "and" / "or" / "but" within the match: "halt the
    shelling and return to the UN-led talks" is "return to the UN-led talks", not a halt to
    them (a phrase inside the object, as in "announced the illegal annexation", does not
    count).
    """
    rule = h.pattern.owner
    if not getattr(rule, "attitude", ""):
        return _plain_ok(doc, s, h)
    gap = "".join(s.seps[h.start + 1:h.end])
    if not _HARD_BREAKS.isdisjoint(gap):
        return False
    if sum(gap.count(c) for c in _QUOTE_MARKS) % 2:
        return False  # a quotation opens or closes in between; a short quoted phrase inside is fine
    if not h.pattern.text.startswith("<"):
        return True  # passive "TARGET was <class>": the target comes first
    rx = doc.m.class_regex(rule.attitude)
    head = rx.match(s.ts, s.starts[h.start])
    if head is None:
        return True
    head_end = bisect_right(s.starts, head.end() - 1)
    cues = doc.cues(s)
    if any(head_end <= x < h.end - 1 for x, _ in cues["attitude"]):
        return False
    issue = rule.issue
    return not any(o.pattern is not h.pattern and o.pattern.owner.issue == issue and
                   head_end < o.start and o.end <= h.end and s.tokens[o.start - 1].norm in _COORDINATING
                   for o in hits)


def _plain_ok(doc, s, h) -> bool:
    """True unless a rule phrase's gap holds a negating verb its text does not name:
    "vowed to block any new sanctions" is no vow of new sanctions (the phrase "vow* {0,3}
    new sanctions"); the attitude it holds ("block any new sanctions") speaks instead."""
    if "{" not in h.pattern.text or h.end - h.start < 3:
        return True
    text = h.pattern.text.lower()
    for a, _ in doc.cues(s)["negating"]:
        if h.start < a < h.end - 1 and s.tokens[a].norm[:5] not in text:
            return False
    return True


def _clause_hits(doc, s, hits: list) -> list:
    """The rule hits of a sentence, with composed matches kept to one clause.

    A composed match that spans two clauses is replaced by the next match of the same
    pattern that starts after its first word ("urged Turkey to accept the truce" gives
    "accept the truce").
    """
    out, seen = [], set()
    for h in hits:
        while h is not None and not _composed_ok(doc, s, h, hits):
            nxt = None
            if h.start + 1 < len(s.starts):
                m = h.pattern.regex.search(s.ts, s.starts[h.start + 1])
                if m is not None and m.end() > m.start():
                    nxt = Hit(h.pattern, bisect_left(s.starts, m.start()), bisect_left(s.starts, m.end()))
            h = nxt
        if h is not None and (h.pattern.index, h.start, h.end) not in seen:
            seen.add((h.pattern.index, h.start, h.end))
            out.append(h)
    return out


def _starts_verb(s: _Sentence, cues: dict, i: int, match_start: int) -> bool:
    """True when token *i* starts a verb phrase (a cue verb, an auxiliary, or the match itself)."""
    if i >= match_start:
        return True
    return s.tokens[i].norm in VERB_LINKS or any(x == i for x, _ in cues["speech"] + cues["attitude"])


def _modality(doc: _Doc, s: _Sentence, match: Match):
    cues = doc.cues(s)
    a = match.start
    lo = max(0, a - NEGATION_WINDOW, match.scope)
    # stop at a clause break (comma, semicolon, colon, quote mark) before the match
    for j in range(a - 1, lo - 1, -1):
        if not _CLAUSE_MARKS.isdisjoint(s.seps[j + 1]):
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
    # unless the clause is negative: "if there is no cancellation of X" demands X; nor does
    # one inside an embedded question ("asked whether Russia would support the truce"), up to
    # a comma ("all parties, whether Libyan or foreign, must respect the truce" is no question)
    comma = False
    for j in range(a - 1, max(-1, a - 12), -1):
        if not _IF_MARKS.isdisjoint(s.seps[j + 1]):
            break
        comma = comma or "," in s.seps[j + 1]
        if s.tokens[j].norm == "whether" and not comma:
            match.hypothetical = True
            break
        if s.tokens[j].norm == "if":
            negative = any(j < x and y <= a for x, y in cues["negation"]) or \
                any(t.norm == "no" for t in s.tokens[j:a])
            match.hypothetical = not negative
            break


def analyse(article: Article, ruleset, trace: bool = False, speakers: bool = False,
            matches: bool = False) -> Analysis:
    """Extract statements from *article* and, with ``trace``, explain each sentence.

    Parameters
    ----------
    article : Article
    ruleset : RuleSet
        From :func:`stances.rules.load_rules`.
    trace : bool
        Also keep, per sentence, mentions, matches and near misses.
    speakers : bool
        Also count the unknown speakers (:mod:`stances.speakers`); the statements are the
        same either way.
    matches : bool
        Without ``trace``: also keep the rule matches (holders, negation, why) of each
        sentence where a rule can match, as :class:`SentenceTrace` items without near
        misses; much cheaper than the full trace (what ``stances check`` needs).

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
    said: list = []
    dropped = 0
    for s in doc.sentences:
        if not trace and rule_ids.isdisjoint(doc.triggered.get(s.index, ())):
            continue  # no rule can match here
        doc.prepare(s)
        found = []
        for h in _resolve_overlaps(s.hits):
            rule = h.pattern.owner
            toks = s.tokens
            mt = Match(rule, h.start, h.end, toks[h.start].start, toks[h.end - 1].end, h.pattern.text)
            find_holders(doc, s, mt)
            group = [mt]
            if mt.scope:  # "X rejected Y's call for ...": Y called, and X rejected the call
                outer = Match(rule, h.start, h.end, mt.char_start, mt.char_end, h.pattern.text)
                owner_start = min(m.start for _, m, _ in mt.holders)
                find_holders(doc, s, outer, before=owner_start)
                if outer.holders:
                    group.append(outer)
            for mt in group:
                _modality(doc, s, mt)
                found.append(mt)
                if not mt.holders:
                    dropped += 0 if mt.background else 1
                    continue
                got = _statements(doc, s, mt)
                statements.extend(got)
                if got and got[0].score:  # what a document says, for the acts on it ("voted against it")
                    sign = 1 if got[0].score > 0 else -1
                    said.extend(_document_says(doc, s, mt, sign))
        if trace:
            traces.append(SentenceTrace(s.index, s.start, s.end, list(s.mentions), found,
                                        _near_misses(doc, s, found)))
        elif matches:
            traces.append(SentenceTrace(s.index, s.start, s.end, list(s.mentions), found, []))
    acts = acts_on_documents(doc, said)
    # an actor whose position on the issue this sentence already states needs no second one
    # ("Russia vetoed the resolution calling for a truce")
    stated = {(st.actor, st.issue, st.start) for st in statements} if acts else set()
    for act in acts:
        s = doc.sentences[act.index]
        holders = [h for h in act.holders if (h[0], act.rule.issue, s.start) not in stated]
        if not holders:
            continue
        mt = Match(act.rule, act.start, act.end, s.tokens[act.start].start, s.tokens[act.end - 1].end,
                   act.phrase, holders, act.why)
        statements.extend(_act_statements(doc, s, mt, act.sign))
        if trace or matches:
            at = next((t for t in traces if t.index == act.index), None)
            if at is None:
                at = SentenceTrace(s.index, s.start, s.end, list(s.mentions), [], [])
                traces.append(at)
                traces.sort(key=lambda t: t.index)
            at.matches.append(mt)
            if trace:
                at.near_misses = _near_misses(doc, s, at.matches)
    statements.sort(key=lambda st: (st.start, st.rule, st.actor))
    return Analysis(statements, traces, dropped, _unknown_speakers(doc) if speakers else ())


def _unknown_speakers(doc: _Doc) -> tuple:
    """``(name, times)`` of the article's unknown speakers, most frequent first."""
    m = doc.m
    got = m.__dict__.get("_speaker_cues")
    if got is None:  # once per rule set: the lexicon's one-word speech verbs, and a regex of them
        cues = speech_cues(m.ruleset.lexicon)
        words = [(w, False) for w in cues[0]] + [(p, True) for p in cues[1]]
        rx = re.compile(r"(?<!\w)" + trie_regex(words) + r"(?!\w)") if words else None
        got = m.__dict__["_speaker_cues"] = (cues, rx)
    cues, rx = got
    counts: dict = {}
    if rx is None:
        return ()
    for s in doc.sentences:
        found = [mt.start() for mt in rx.finditer(doc.folded, s.start, s.end)]
        if not found:
            continue  # no speech verb: nobody speaks here
        prepared = s.tokens is not None
        toks = s.tokens if prepared else tokenize(doc.folded, doc.clean, s.start, s.end)
        starts = [t.start for t in toks]
        verbs = set(found)
        at = [i for i in (bisect_left(starts, c) for c in found) if i < len(toks) and starts[i] in verbs]
        # mentions only rule names out: in a sentence not prepared yet, find the candidates first,
        # and its mentions (match its patterns) only when there are some and a pattern can match
        names = unknown_speakers(doc.clean, toks, s.mentions if prepared else [], cues, at)
        if names and not prepared and (doc.learned or doc.triggered.get(s.index)):
            doc.prepare(s)  # the same tokens, so the same positions
            names = unknown_speakers(doc.clean, s.tokens, s.mentions, cues, at)
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _statements(doc: _Doc, s: _Sentence, mt: Match) -> list:
    """The statements of one match with holders (none when hypothetical or dropped by negation)."""
    rule = mt.rule
    if mt.hypothetical:
        mt.why += "; inside an if/unless clause or an embedded question: hypothetical, dropped"
        return []
    if mt.negated and rule.on_negation == "drop":
        mt.why += "; negated, and the rule drops negated matches"
        return []
    score = rule.stance * rule.weight * mt.hedge * (-1 if mt.negated else 1)
    return _holder_statements(doc, s, mt, score, mt.negated)


def _holder_statements(doc: _Doc, s: _Sentence, mt: Match, score: float, negated: bool) -> list:
    """One statement of *score* (clipped to [-1, 1]) per distinct actor among *mt*'s holders."""
    rule, article = mt.rule, doc.article
    score = round(max(-1.0, min(1.0, score)), 4)
    position = "support" if score > 0 else "oppose" if score < 0 else "neutral"
    out, seen = [], set()
    for actor, mention, via in mt.holders:
        if actor in seen:
            continue
        seen.add(actor)
        holder_text = mention.text
        if via in ("pronoun", "role"):
            _, _, who = resolve(doc, mention, s)
            holder_text = f"{mention.text} ({who})" if who else mention.text
        out.append(Statement(
            doc=article.doc, date=article.date, week=iso_week(article.date), actor=actor,
            issue=rule.issue, position=position, score=score, rule=rule.id,
            negated=negated, holder_text=holder_text, holder_via=via,
            sentence=article.text[s.start:s.end], start=s.start, end=s.end,
            source=article.source, title=article.title, url=article.url,
            rules_version=doc.rs.version))
    return out


def _document_says(doc: _Doc, s: _Sentence, mt: Match, sign: int) -> list:
    """What match *mt* (whose statements have *sign*) says a document states, as
    :class:`stances.acts.Said` items: the document holds the match ("the resolution demands
    ..."), or a participle after a document inside a composed match gives its content ("adopted
    a resolution extending the embargo": the content's sign is the statement's divided by the
    attitude's, so "vetoed a resolution extending the embargo" says the same of it)."""
    titles = {m.title: sign for _, m, _ in mt.holders if m.kind in ("document", "group")}
    cls = doc.rs.lexicon.classes.get(getattr(mt.rule, "attitude", "") or "")
    for m in s.mentions:
        if m.kind not in ("document", "group"):
            continue
        if m.end == mt.start and s.tokens[mt.start].norm.endswith("ing"):
            # "vetoed a resolution calling for a truce": its content, not negated
            titles.setdefault(m.title, -sign if mt.negated else sign)
        elif cls is not None and cls.sign and mt.start < m.start and m.end < mt.end and \
                s.tokens[m.end].norm.endswith("ing"):
            titles.setdefault(m.title, sign * cls.sign)
    return [Said(s.index, title, mt.rule, titles[title], mt.phrase) for title in sorted(titles)]


def _act_statements(doc: _Doc, s: _Sentence, mt: Match, sign: int) -> list:
    """The statements of an act on a document (see :mod:`stances.acts`): the document's
    position on the issue of *mt*'s rule, with the act's *sign*."""
    return _holder_statements(doc, s, mt, sign * abs(mt.rule.weight), False)


def _near_misses(doc: _Doc, s: _Sentence, matches: list) -> list:
    out = []
    for mt in matches:
        if not mt.holders:
            out.append(f"rule {mt.rule.id} matched {mt.phrase!r} but {mt.why}")
    if not matches:
        cues = doc.cues(s)
        for v, _ in cues["speech"] + cues["attitude"]:
            got = subject_holders(doc, s, v, "subject")
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


def analyse_many(articles, ruleset, jobs: int = 1):
    """Yield ``(article, Analysis)`` for each article, in input order, with the coverage counts.

    Each :class:`Analysis` holds the statements (those of :func:`extract_many`), the matches
    dropped for want of a holder and the unknown speakers (``analyse(..., speakers=True)``);
    no trace. Counting the speakers adds a few percent to the time of :func:`extract_many`.

    Parameters
    ----------
    articles : iterable of Article
    ruleset : RuleSet
    jobs : int
        Worker processes (1 runs in this process); output is identical whatever the number.

    Examples
    --------
    >>> from stances import load_rules, Article
    >>> rs = load_rules("rules")
    >>> arts = [Article("x", "Egypt called for a ceasefire. Saudi Arabia said the talks must go on.")]
    >>> [(a.doc, len(an.statements), an.dropped, an.speakers) for a, an in analyse_many(arts, rs)]
    [('x', 1, 0, (('Saudi Arabia', 1),))]
    """
    if jobs <= 1:
        for a in articles:
            yield a, analyse(a, ruleset, speakers=True)
        return
    from .parallel import parallel_extract

    yield from parallel_extract(articles, ruleset, jobs, analyses=True)
