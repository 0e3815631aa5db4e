"""The compiled, one-pass matcher of a rule set.

Every phrase of every rule, every actor alias, person name, adjective and
capital is compiled once per rule-set version. An article is scanned once by a
single trie-shaped regular expression over its folded text that finds the
*trigger words* of all patterns; only sentences holding a trigger are
tokenized, and only the patterns triggered there are tried. Every phrase
regex consumes whole tokens with a compile-time bound on its ambiguity, so the
cost is linear in the text.
"""
from __future__ import annotations

import re
import sys
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .phrase import Alt, Word, item_triggers, phrase_regex, triggers
from .text import fold, tokenize

__all__ = ["Matcher", "Pattern", "Hit", "trie_regex", "token_regex"]

#: Regex source -> its compiled form as CPython's regex engine takes it, filled from a
#: cached matcher (see :meth:`Matcher.precompile`); empty on other interpreters.
_CODES: dict = {}


def _sre_record(source: str):
    """The compiled form of *source*: ``(flags, code, groups, groupindex, indexgroup)``.

    This is what ``re.compile`` hands to CPython's ``_sre.compile`` after parsing, which is
    the slow, pure-Python part of compiling a long regex; keeping it in the rule-set cache
    lets a new process skip parsing (about 7 ms per composed rule pattern). *code* is the
    engine's code words, zlib-compressed (a tenth of their size: class alternations repeat
    within a pattern). ``None`` where the interpreter's regex engine does not work this way.
    """
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:  # not CPython
        return None
    if sys.implementation.name != "cpython" or _sre.CODESIZE != array("I").itemsize:
        return None
    try:
        p = _parser.parse(source, 0)
        code = _compiler._code(p, 0)
        groupindex = dict(p.state.groupdict)
        indexgroup = [None] * p.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        return (p.state.flags, zlib.compress(array("I", code).tobytes(), 6), p.state.groups - 1,
                groupindex, tuple(indexgroup))
    except Exception:  # an interpreter whose internals differ: compile the usual way
        return None


@lru_cache(maxsize=65536)
def _compile(source: str) -> re.Pattern:
    """Compile a regex source once per process, from its cached compiled form if known.

    The fast path rebuilds the pattern object from the record of :func:`_sre_record` (the
    regex engine validates the code it is given); any failure falls back to ``re.compile``,
    so the result is always the pattern ``re.compile(source)`` gives.
    """
    rec = _CODES.get(source)
    if rec is not None:
        try:
            import _sre

            flags, code, groups, groupindex, indexgroup = rec
            return _sre.compile(source, flags, array("I", zlib.decompress(code)).tolist(), groups,
                                groupindex, indexgroup)
        except Exception:
            pass
    return re.compile(source)

#: Built-in pronouns that can stand for a person (the lexicon adds the rest).
PRONOUNS = {"he": "m", "she": "f"}
#: "the two leaders", "both sides": how many actors a collective noun stands for.
COLLECTIVE_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern: ``kind`` is rule, alias, capital, person, adjective or role."""

    index: int
    kind: str
    owner: object  # Rule, actor id, person index, or role title
    text: str
    source: str  # the regex over a token string
    triggers: frozenset | None

    @property
    def regex(self) -> re.Pattern:
        """The compiled regex, compiled on first use (most patterns of a large
        rule set never trigger in a given corpus, and compiling is the slow
        part of building a matcher)."""
        return _compile(self.source)


@dataclass(slots=True, unsafe_hash=True)
class Hit:
    """A pattern matched tokens ``start``..``end`` (exclusive) of a sentence.

    Treat as read-only (not frozen because frozen dataclasses are three times slower to
    create, and every pattern match makes one).
    """

    pattern: Pattern
    start: int
    end: int


def trie_regex(words) -> str:
    """A regex alternation of *words* shaped as a trie, for fast scanning.

    *words* is an iterable of ``(word, is_prefix)``; a prefix entry matches any
    word starting with it.

    Examples
    --------
    >>> trie_regex([("urge", False), ("urg", True), ("un", False)])
    'u(?:n|rg(?:\\\\w*|e))'
    """
    trie: dict = {}
    for w, prefix in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node["" if not prefix else "*"] = True

    def build(node) -> str:
        alts = []
        for ch in sorted(k for k in node if k not in ("", "*")):
            alts.append(re.escape(ch) + build(node[ch]))
        if "*" in node:
            alts.insert(0, r"\w*")
        elif "" in node:
            alts.append("")
        if not alts:
            return ""
        if len(alts) == 1:
            return alts[0]
        if "" in alts:
            alts.remove("")
            return "(?:" + "|".join(alts) + ")?"
        return "(?:" + "|".join(alts) + ")"

    return build(trie)


def _first_chars(items) -> frozenset | None:
    """The characters a match of *items* in a token string can start with (``None``: any)."""
    if not items:
        return None
    first = items[0]
    if isinstance(first, Word):
        return frozenset(first.text[:1]) if first.text else None
    if isinstance(first, Alt):
        out: set = set()
        for o in first.options:
            f = _first_chars(o)
            if f is None:
                return None
            out |= f
        return frozenset(out)
    return None


def _after_first(items, c: str, expand_ref) -> str:
    """The regex of *items* at a position holding *c*, with *c* consumed.

    Alternatives that cannot start with *c* are left out (they cannot match there); the
    others keep their order, so the regex matches exactly what the full one matches at
    such a position.
    """
    first, rest = items[0], phrase_regex(items[1:], expand_ref)
    if isinstance(first, Word):
        src = phrase_regex((first,), expand_ref)
        return src[len(re.escape(c)):] + rest
    options = [_after_first(o, c, expand_ref) for o in first.options if c in _first_chars(o)]
    return "(?:" + "|".join(options) + ")" + rest


#: With at most this many possible first characters, a token regex starts with them (the
#: regex engine then skips, in C, every position holding none of them); with more, the
#: token-start look-behind comes first.
ANCHOR_MAX_FIRST_CHARS = 4


def token_regex(entries, expand_ref) -> str:
    r"""One regex over a token string matching any of the phrase *entries* at a token start.

    Matches exactly what ``(?<= )(?:e1|e2|...)`` of the entries' phrase regexes matches
    (the leftmost alternative that matches wins, as there), but is structured for speed:
    the alternatives are grouped by their first character (only those that start with the
    character at a position can match there, and they keep their order), and with few
    first characters each group starts with its literal character, the look-behind after
    it (``c(?<= c)...``).

    Examples
    --------
    >>> from stances.phrase import parse_phrase
    >>> token_regex([parse_phrase("say*"), parse_phrase("(told|tells) reporters")], None)
    '(?:s(?<= s)(?:ay[^ ]* )|t(?<= t)(?:(?:old\\^? |ells\\^? )reporters\\^? ))'
    """
    entries = list(entries)
    firsts = [_first_chars(e) for e in entries]
    if not entries or any(f is None for f in firsts):
        return "(?<= )(?:" + "|".join(phrase_regex(e, expand_ref) for e in entries) + ")"
    rest = ""
    if len(entries) == 1 and len(entries[0]) > 1:
        # one phrase: group its first item only and write the rest once, after the group
        # ("(?:A|B)R" matches as "(?:AR|BR)"), so that a long rest (a placeholder's names)
        # is not repeated per first character
        rest = phrase_regex(entries[0][1:], expand_ref)
        entries = [entries[0][:1]]
    chars = sorted(frozenset().union(*firsts))
    groups = []
    for c in chars:
        body = "|".join(_after_first(e, c, expand_ref) for e, f in zip(entries, firsts) if c in f)
        groups.append((re.escape(c), body))
    if len(chars) <= ANCHOR_MAX_FIRST_CHARS:
        return "(?:" + "|".join(f"{c}(?<= {c})(?:{body})" for c, body in groups) + ")" + rest
    return "(?<= )(?:" + "|".join(f"{c}(?:{body})" for c, body in groups) + ")" + rest


def _literal(text: str) -> tuple:
    """The phrase items for a literal name (no pattern syntax)."""
    return tuple(Word(t.norm, False, False) for t in tokenize(fold(text), text))


#: Words so frequent that confirming them would reject almost nothing.
_ALWAYS_THERE = frozenset(
    "the a an of to in for on and or with by at from as is are was were be it its that this has have "
    "had not no will would said says".split())


def _confirm_words(items, ref_triggers, used) -> tuple:
    """Words one of which must occur in a sentence for *items* to match there.

    One tuple of ``(word, is_prefix)`` per required item (a word, an alternative all of
    whose options have triggers, a placeholder), except the trigger set *used* by the
    scan: the pattern can only match if, for every tuple, the sentence has a token equal
    to one of its words (or starting with it, for a prefix). Clitics (``n't``, ``'s``)
    are never among them: :func:`stances.phrase.item_triggers` gives them no words.
    """
    out = []
    for it in items:
        cand = item_triggers(it, ref_triggers)
        if not cand or cand == used or any(w in _ALWAYS_THERE for w, _ in cand):
            continue  # nothing to confirm, or a word nearly every sentence has
        out.append(tuple(sorted(cand)))
    # the most selective test first: a pattern fails as soon as one required word is absent
    return tuple(sorted(set(out), key=lambda ws: (len(ws), ws)))


#: "n't" where the tokenizer splits it off a word ("doesn't" -> "does" + "n't").
_CLITIC_NOT = re.compile(r"n't(?![^\W_])")


def _scan_text(sub: str) -> str:
    r"""*sub* with every word token standing alone between non-word characters.

    The scan's ``(?<!\w)word(?!\w)`` would miss a token glued to an underscore
    (``ab_cd`` is the tokens ``ab`` and ``cd``) or to a split negation (``does`` in
    ``doesn't``); those are cut apart here. Only the words found are used, so offsets
    need not be kept.
    """
    if "_" in sub:
        sub = sub.replace("_", " ")
    if "n't" in sub:
        sub = _CLITIC_NOT.sub(" n't", sub)
    return sub


class _WordCache(dict):
    """``cache[word]`` is ``compute(word)``, computed once: a dict lookup on the scan's hot
    path (cheaper than calling an ``lru_cache``). Emptied when it reaches *limit* words,
    so text full of distinct words cannot grow it without bound."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute, limit: int = 65536):
        super().__init__()
        self.compute, self.limit = compute, limit

    def __missing__(self, word):
        if len(self) >= self.limit:
            self.clear()
        got = self[word] = self.compute(word)
        return got


class Matcher:
    """All patterns of a :class:`~stances.rules.RuleSet`, compiled for one-pass matching."""

    def __init__(self, ruleset):
        self.ruleset = ruleset
        self.patterns: list[Pattern] = []
        lex = ruleset.lexicon
        # names per actor, for <ACTOR> placeholders
        names: dict = {aid: [] for aid in ruleset.actors}
        for aid, actor in ruleset.actors.items():
            for items in [_literal(actor.name)] + [p[1] for p in actor.aliases] + [p[1] for p in actor.capitals]:
                if items:
                    names[aid].append(items)
        for person in ruleset.people:
            items_list = [_literal(person.name)] + [p[1] for p in person.aliases]
            for aid in {r.actor for r in person.roles}:
                names.setdefault(aid, []).extend(i for i in items_list if i)
        self._names = names
        #: person name -> index in the rule set's people
        self.person_index = {p.name: i for i, p in enumerate(ruleset.people)}
        nouns = [p[1] for p in lex.role_nouns + lex.agent_nouns]
        nouns_re = "(?:" + "|".join(phrase_regex(n, self._expand) for n in nouns) + ")" if nouns else None
        self._ref_cache: dict = {}
        self._adjective_re = {}
        for aid, actor in ruleset.actors.items():
            if actor.adjectives and nouns_re:
                self._adjective_re[aid] = "(?:" + "|".join(
                    phrase_regex(p[1], self._expand) for p in actor.adjectives) + ")" + nouns_re

        # per pattern: its other required items, as ids of word tuples one word of each of
        # which must be a token of a sentence for the pattern to be tried there (the scan
        # finds those words too; see scan)
        self._confirm: dict = {}
        req_ids: dict = {}

        def add(kind, owner, text, items, extra_regex=None, trig=None):
            if extra_regex is not None:
                source = r"(?<= )(?:" + extra_regex + ")"
            else:
                source = token_regex([items], self._expand)
            if trig is None:
                trig = triggers(items, self._ref_triggers)
            pat = Pattern(len(self.patterns), kind, owner, text, source, trig)
            self.patterns.append(pat)
            if items is not None and trig is not None:
                confirm = _confirm_words(items, self._ref_triggers, trig)
                if confirm:
                    self._confirm[pat.index] = tuple(
                        req_ids.setdefault(words, len(req_ids)) for words in confirm)

        for aid, actor in ruleset.actors.items():
            add("alias", aid, actor.name, _literal(actor.name))
            for text, items, _ in actor.aliases:
                add("alias", aid, text, items)
            for text, items, _ in actor.capitals:
                add("capital", aid, text, items)
            if aid in self._adjective_re:
                trig = frozenset().union(*(triggers(p[1], self._ref_triggers) or frozenset()
                                           for p in actor.adjectives))
                add("adjective", aid, ", ".join(p[0] for p in actor.adjectives), None,
                    extra_regex=self._adjective_re[aid], trig=trig or None)
        for i, group in enumerate(ruleset.groups):
            add("group", i, group.name, _literal(group.name))
            for text, items, _ in group.aliases:
                add("group", i, text, items)
        for i, person in enumerate(ruleset.people):
            add("person", i, person.name, _literal(person.name))
            for text, items, _ in person.aliases:
                add("person", i, text, items)
        for text, items, _ in lex.role_nouns:
            add("role", " ".join(w.text for w in items if isinstance(w, Word)), text, items)
        for word, gender in PRONOUNS.items():
            add("pronoun", gender, word, (Word(word),))
        # documents ("the joint statement said"), institutions ("the ministry added") and
        # collectives ("the two leaders"): resolved to actors named earlier in the article
        for text, items, _ in lex.document_nouns:
            add("document", text, text, items)
        inst_kinds: dict = {}
        for kind, nouns in lex.institutions.items():
            for text, items, _ in nouns:
                inst_kinds.setdefault(text, (items, set()))[1].add(kind)
        for text, (items, kinds) in sorted(inst_kinds.items()):
            add("institution", frozenset(kinds), text, items)
        #: institutions of a state or government: "the foreign ministry in Beijing" is China's
        self.home_institutions = frozenset(
            " ".join(w.text for w in items if isinstance(w, Word))
            for kind in ("state", "government") for _, items, _ in lex.institutions.get(kind, []))
        numbers = Alt(tuple((Word(w),) for w in COLLECTIVE_NUMBERS))
        for text, items, _ in lex.collective_nouns:
            add("collective", text, f"(two|three|four|five|both) {text}", (numbers,) + tuple(items))
        self.first_rule_pattern = len(self.patterns)
        for rule in ruleset.rules:
            for text, items, _ in rule.phrases:
                add("rule", rule, text, items)

        # trigger index
        self._always: list[int] = []
        self._exact: dict = {}
        self._prefix: dict = {}
        words = set()
        for pat in self.patterns:
            if pat.triggers is None:
                self._always.append(pat.index)
                continue
            for w, prefix in pat.triggers:
                (self._prefix if prefix else self._exact).setdefault(w, set()).add(pat.index)
                words.add((w, prefix))
        #: patterns whose matches add to an article's person history (person names, role
        #: nouns): sentences triggering them are prepared in order; rule patterns: statements
        self.history_ids = frozenset(p.index for p in self.patterns if p.kind in ("person", "role"))
        self.rule_ids = frozenset(p.index for p in self.patterns if p.kind == "rule")
        self._max_prefix = max((len(w) for w in self._prefix), default=0)
        # requirement index: the scan also finds the words of the confirm step, so that a
        # requirement made of words the scan finds whole holds in a sentence when one of
        # them is among the sentence's scanned words (see scan)
        self._req_exact: dict = {}
        self._req_prefix: dict = {}
        for pairs, rid in req_ids.items():
            for w, prefix in pairs:
                (self._req_prefix if prefix else self._req_exact).setdefault(w, set()).add(rid)
                words.add((w, prefix))
        self._req_max_prefix = max((len(w) for w in self._req_prefix), default=0)
        words |= {(".".join(w) + ".", False) for w, prefix in words  # u.n. for UN
                  if not prefix and 2 <= len(w) <= 4 and w.isalpha()}
        self.prefilter = _compile(r"(?<!\w)" + trie_regex(words) + r"(?!\w)") if words else None

        # lexicon cue regexes (over token strings)
        def cue(entries):
            if not entries:
                return None
            return _compile(token_regex([p[1] for p in entries], self._expand))

        self.speech_re = cue(lex.speech_verbs)
        self.attitude_re = cue(lex.attitude_verbs)
        self.negation_re = cue(lex.negation)
        self.negating_re = cue(lex.negating_verbs)
        self.agent_re = cue(lex.agent_nouns)
        self.role_re = cue(lex.role_nouns)
        self.alignment_re = cue(lex.alignment_verbs)
        self.hedges = [(_compile(token_regex([p[1]], self._expand)), f) for p, f in lex.hedges.items()]
        #: any hedge at all (most sentences have none: one search instead of one per hedge)
        self.hedge_re = _compile("(?:" + "|".join(rx.pattern for rx, _ in self.hedges) + ")") \
            if self.hedges else None
        self.place_preps = {w.text for p in lex.place_prepositions for w in p[1] if isinstance(w, Word)}
        self._lookup_confirm = _WordCache(self._lookup_confirm_uncached)
        #: pattern index -> (pattern, its compiled regex's finditer), filled on first use
        self._compiled: dict = {}
        self._alias_owners: dict | None = None

    #: attributes holding one compiled regex (pickled as their sources)
    _REGEX_ATTRS = ("prefilter", "speech_re", "attitude_re", "negation_re", "negating_re",
                    "agent_re", "role_re", "alignment_re", "hedge_re")

    def precompile(self) -> int:
        """Record the compiled form of every regex of this matcher, for the rule-set cache.

        A matcher pickled after this carries, for each pattern, cue and class regex, what
        CPython's regex engine needs to rebuild it without parsing, so a process that loads
        the cached rule set compiles nothing on its own. Costs about as much as compiling
        every pattern once; done once per rule-set version. Returns the number of regexes
        recorded (0 on interpreters without that fast path).
        """
        sources = [p.source for p in self.patterns]
        sources += [getattr(self, a).pattern for a in self._REGEX_ATTRS if getattr(self, a) is not None]
        sources += [rx.pattern for rx, _ in self.hedges]
        sources += [self.class_regex(name).pattern for name in sorted(self.ruleset.lexicon.classes)]
        codes = {}
        for src in sources:
            rec = _sre_record(src)
            if rec is None:
                return 0
            codes[src] = rec
        self._codes = codes
        _CODES.update(codes)
        return len(codes)

    def __getstate__(self):
        state = self.__dict__.copy()
        for name in ("_lookup_confirm", "_compiled"):
            state.pop(name, None)
        for name in self._REGEX_ATTRS:
            if state.get(name) is not None:
                state[name] = state[name].pattern
        state["hedges"] = [(rx.pattern, f) for rx, f in self.hedges]
        if "_class_regex" in state:
            state["_class_regex"] = {k: rx.pattern for k, rx in state["_class_regex"].items()}
        return state

    def __setstate__(self, state):
        _CODES.update(state.get("_codes", {}))
        for name in self._REGEX_ATTRS:
            if state.get(name) is not None:
                state[name] = _compile(state[name])
        state["hedges"] = [(_compile(src), f) for src, f in state["hedges"]]
        if "_class_regex" in state:
            state["_class_regex"] = {k: _compile(src) for k, src in state["_class_regex"].items()}
        self.__dict__.update(state)
        self._lookup_confirm = _WordCache(self._lookup_confirm_uncached)
        self._compiled = {}

    def class_regex(self, name: str) -> re.Pattern:
        """A regex (over token strings) for any phrase of the lexicon class *name*."""
        cache = self.__dict__.setdefault("_class_regex", {})
        if name not in cache:
            from .rulemodel import class_items

            cls = self.ruleset.lexicon.classes[name]
            cache[name] = _compile(r"(?<= )(?:" + phrase_regex((class_items(cls),), self._expand) + r")")
        return cache[name]

    def alias_owners(self, text: str) -> tuple:
        """Ids of the actors that have *text* (folded) as an alias or capital, in rule-set order."""
        if self._alias_owners is None:
            index: dict = {}
            for aid, actor in self.ruleset.actors.items():
                for t, _, _ in actor.aliases + actor.capitals:
                    ids = index.setdefault(fold(t), [])
                    if aid not in ids:
                        ids.append(aid)
            self._alias_owners = {k: tuple(v) for k, v in index.items()}
        return self._alias_owners.get(fold(text), ())

    # -- placeholders
    def _expand(self, actor: str) -> str:
        if actor in self._ref_cache:
            return self._ref_cache[actor]
        ids = list(self._names) if actor == "ANY" else [actor]
        alts = []
        for aid in ids:
            for items in self._names.get(aid, []):
                alts.append(phrase_regex(items, self._expand))
            if aid in getattr(self, "_adjective_re", {}):
                alts.append(self._adjective_re[aid])
        alts = sorted(set(alts), key=lambda s: (-len(s), s))
        out = "|".join(alts) if alts else r"(?!x)x"
        self._ref_cache[actor] = out
        return out

    def _ref_triggers(self, actor: str):
        cache = self.__dict__.setdefault("_ref_trigger_cache", {})
        if actor not in cache:
            cache[actor] = self._ref_triggers_uncached(actor)
        return cache[actor]

    def _ref_triggers_uncached(self, actor: str):
        ids = list(self._names) if actor == "ANY" else [actor]
        out = set()
        for aid in ids:
            for items in self._names.get(aid, []):
                t = triggers(items, self._ref_triggers)
                if t is None:
                    return None
                out |= t
            for text, items, _ in (self.ruleset.actors[aid].adjectives if aid in self.ruleset.actors else []):
                t = triggers(items, self._ref_triggers)
                if t:
                    out |= t
        return frozenset(out) if out else None

    # -- scanning
    @staticmethod
    def _ids_of(word: str, exact: dict, prefix: dict, max_prefix: int) -> frozenset:
        """The ids *word* reaches in an index of whole words (*exact*) and of prefixes (*prefix*,
        whose longest key has *max_prefix* characters); dots are ignored (``u.n.`` is ``un``)."""
        if "." in word:
            word = word.replace(".", "")
        out = set(exact.get(word, ()))
        for n in range(1, min(len(word), max_prefix) + 1):
            got = prefix.get(word[:n])
            if got:
                out |= got
        return frozenset(out)

    def _lookup(self, word: str) -> frozenset:
        """The ids of the patterns *word* triggers."""
        return self._ids_of(word, self._exact, self._prefix, self._max_prefix)

    def _lookup_confirm_uncached(self, word: str) -> tuple:
        """What a word found by the scan does: ``(free, checked, holds)``.

        *free* is the frozenset of pattern ids it triggers with nothing more to confirm,
        *checked* the others grouped by their first (most selective) requirement id: a
        tuple of ``(first requirement id, ((pattern id, requirement ids), ...))``, so that a
        first requirement that fails rejects its whole group at once. *holds* is the
        frozenset of requirement ids the word satisfies (a token equal to one of their
        words, or starting with one of their prefixes).
        """
        free = []
        groups: dict = {}
        conf = self._confirm
        for pid in sorted(self._lookup(word)):
            req = conf.get(pid)
            if req is None:
                free.append(pid)
            else:
                groups.setdefault(req[0], []).append((pid, req))
        holds = self._ids_of(word, self._req_exact, self._req_prefix, self._req_max_prefix)
        return frozenset(free), tuple((rid, tuple(g)) for rid, g in sorted(groups.items())), holds

    def scan(self, folded: str, sentence_starts: list[int]) -> dict:
        """Map sentence index -> set of pattern indices triggered in it.

        A pattern is triggered in a sentence when one of its trigger words occurs there
        (the scan) and every other required item of it has a word there (the confirm
        step). One regex pass per sentence finds both kinds of word, whole (see
        :func:`_scan_text` for the tokens glued to ``_`` or ``n't``): a requirement holds
        when one of the words found satisfies it, a set lookup, and a group of patterns
        whose first requirement fails is rejected at once.
        """
        out: dict = {}
        if self.prefilter is None:
            return out
        lookup = self._lookup_confirm
        findall = self.prefilter.findall
        glued = "_" in folded or "n't" in folded
        n = len(sentence_starts)
        end_all = len(folded)
        for i in range(n):
            a = sentence_starts[i]
            b = sentence_starts[i + 1] if i + 1 < n else end_all
            found = findall(_scan_text(folded[a:b])) if glued else findall(folded, a, b)
            if not found:
                continue
            pats: set = set()
            checked = []
            holds: set = set()
            for w in set(found):
                free, chk, h = lookup[w]
                pats |= free
                if chk:
                    checked.append(chk)
                if h:
                    holds |= h
            if checked:
                issuperset = holds.issuperset
                for chk in checked:
                    for first, group in chk:
                        if first in holds:  # else the group's first requirement fails: none of it can match
                            for pid, req in group:
                                if pid not in pats and issuperset(req):
                                    pats.add(pid)
            if pats:
                out[i] = pats
        if self._always:
            for i in range(n):
                out.setdefault(i, set()).update(self._always)
        return out

    def run(self, ts: str, starts: list[int], pattern_ids) -> list[Hit]:
        """Run the given patterns over a sentence's token string."""
        hits = []
        compiled = self._compiled
        for pid in sorted(pattern_ids):
            got = compiled.get(pid)
            if got is None:
                pat = self.patterns[pid]
                got = compiled[pid] = (pat, pat.regex.finditer)
            pat, finditer = got
            for m in finditer(ts):
                a, b = m.span()
                if a != b:
                    hits.append(Hit(pat, bisect_left(starts, a), bisect_left(starts, b)))
        return hits

    @staticmethod
    def spans(regex, ts: str, starts: list[int]) -> list[tuple[int, int]]:
        """Token spans of a cue regex in a token string."""
        if regex is None:
            return []
        return [(bisect_left(starts, m.start()), bisect_left(starts, m.end()))
                for m in regex.finditer(ts) if m.end() > m.start()]
