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
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .phrase import Alt, Word, item_triggers, phrase_regex, triggers
from .text import fold, tokenize

__all__ = ["Matcher", "Pattern", "Hit", "trie_regex"]

#: Compiled pattern regexes, shared by all matchers (keyed by regex source).
_compile = lru_cache(maxsize=65536)(re.compile)

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


@dataclass(frozen=True)
class Hit:
    """A pattern matched tokens ``start``..``end`` (exclusive) of a sentence."""

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


def _literal(text: str) -> tuple:
    """The phrase items for a literal name (no pattern syntax)."""
    return tuple(Word(t.norm, False, False) for t in tokenize(fold(text), text))


#: Words so frequent that confirming them would reject almost nothing.
_ALWAYS_THERE = frozenset(
    "the a an of to in for on and or with by at from as is are was were be it its that this has have "
    "had not no will would said says".split())


def _confirm_words(items, ref_triggers, used) -> tuple:
    """Substrings that must occur in a sentence for *items* to match there.

    One tuple per required item (a word, an alternative all of whose options
    have triggers, a placeholder), except the trigger set *used* by the scan:
    the pattern can only match if, for every tuple, one of its strings occurs
    in the folded sentence. A dotted form is added for short words (``u.n.``).
    """
    out = []
    for it in items:
        cand = item_triggers(it, ref_triggers)
        if not cand or cand == used or any(w in _ALWAYS_THERE for w, _ in cand):
            continue  # nothing to confirm, or a word nearly every sentence has
        words = set()
        for w, prefix in cand:
            words.add(w)
            if not prefix and 2 <= len(w) <= 4 and w.isalpha():
                words.add(".".join(w) + ".")
        out.append(tuple(sorted(words, key=lambda w: (len(w), w))))
    # the most selective test first: a pattern fails as soon as one required word is absent
    return tuple(sorted(out, key=lambda ws: (len(ws), ws)))


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
        nouns = [p[1] for p in lex.role_nouns + lex.agent_nouns]
        nouns_re = "(?:" + "|".join(phrase_regex(n, self._expand) for n in nouns) + ")" if nouns else None
        self._ref_cache: dict = {}
        self._adjective_re = {}
        for aid, actor in ruleset.actors.items():
            if actor.adjectives and nouns_re:
                self._adjective_re[aid] = "(?:" + "|".join(
                    phrase_regex(p[1], self._expand) for p in actor.adjectives) + ")" + nouns_re

        # per pattern: words of its other required items, one of each must occur in a
        # sentence for the pattern to be tried there (a cheap substring test after the scan)
        self._confirm: dict = {}

        def add(kind, owner, text, items, extra_regex=None, trig=None):
            body = extra_regex if extra_regex is not None else phrase_regex(items, self._expand)
            if trig is None:
                trig = triggers(items, self._ref_triggers)
            pat = Pattern(len(self.patterns), kind, owner, text, r"(?<= )(?:" + body + ")", trig)
            self.patterns.append(pat)
            if items is not None and trig is not None:
                confirm = _confirm_words(items, self._ref_triggers, trig)
                if confirm:
                    self._confirm[pat.index] = confirm

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
                if not prefix and 2 <= len(w) <= 4 and w.isalpha():
                    words.add((".".join(w) + ".", False))  # u.n. for UN
        #: patterns whose matches add to an article's person history (person names, role
        #: nouns): sentences triggering them are prepared in order; rule patterns: statements
        self.history_ids = frozenset(p.index for p in self.patterns if p.kind in ("person", "role"))
        self.rule_ids = frozenset(p.index for p in self.patterns if p.kind == "rule")
        self._max_prefix = max((len(w) for w in self._prefix), default=0)
        self.prefilter = re.compile(r"(?<!\w)" + trie_regex(words) + r"(?!\w)") if words else None

        # lexicon cue regexes (over token strings)
        def cue(entries):
            if not entries:
                return None
            return re.compile(r"(?<= )(?:" + "|".join(phrase_regex(p[1], self._expand) for p in entries) + ")")

        self.speech_re = cue(lex.speech_verbs)
        self.attitude_re = cue(lex.attitude_verbs)
        self.negation_re = cue(lex.negation)
        self.negating_re = cue(lex.negating_verbs)
        self.agent_re = cue(lex.agent_nouns)
        self.role_re = cue(lex.role_nouns)
        self.alignment_re = cue(lex.alignment_verbs)
        self.hedges = [(re.compile(r"(?<= )(?:" + phrase_regex(p[1], self._expand) + ")"), f)
                       for p, f in lex.hedges.items()]
        self.place_preps = {w.text for p in lex.place_prepositions for w in p[1] if isinstance(w, Word)}
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self._compiled: dict = {}  # pattern index -> compiled regex, filled on first use
        self._alias_owners: dict | None = None

    def class_regex(self, name: str) -> re.Pattern:
        """A regex (over token strings) for any phrase of the lexicon class *name*."""
        cache = self.__dict__.setdefault("_class_regex", {})
        if name not in cache:
            from .rules import class_items

            cls = self.ruleset.lexicon.classes[name]
            cache[name] = re.compile(r"(?<= )(?:" + phrase_regex((class_items(cls),), self._expand) + r")")
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
    def _lookup_uncached(self, word: str) -> frozenset:
        if "." in word:
            word = word.replace(".", "")
        out = set(self._exact.get(word, ()))
        for n in range(1, min(len(word), self._max_prefix) + 1):
            got = self._prefix.get(word[:n])
            if got:
                out |= got
        return frozenset(out)

    def scan(self, folded: str, sentence_starts: list[int]) -> dict:
        """Map sentence index -> set of pattern indices triggered in it."""
        out: dict = {}
        if self.prefilter is None:
            return out
        lookup = self._lookup
        # group trigger words by sentence first (cheap), then look each distinct word up once
        # (findall per sentence: the loop over hits stays in C)
        words_at: dict = {}
        findall = self.prefilter.findall
        n = len(sentence_starts)
        for i in range(n):
            found = findall(folded, sentence_starts[i], sentence_starts[i + 1] if i + 1 < n else len(folded))
            if found:
                words_at[i] = set(found)
        for i, words in words_at.items():
            pats = set()
            for w in words:
                pats |= lookup(w)
            if pats:
                out[i] = pats
        confirm = self._confirm
        if confirm and out:
            n = len(sentence_starts)
            for i in list(out):
                pids = out[i]
                sub = None
                drop = []
                seen: dict = {}  # words tuple -> found in this sentence (patterns share many)
                for p in pids:
                    req = confirm.get(p)
                    if req is None:
                        continue
                    if sub is None:
                        sub = folded[sentence_starts[i] if i >= 0 else 0:
                                     sentence_starts[i + 1] if i + 1 < n else len(folded)]
                    for words in req:
                        ok = seen.get(words)
                        if ok is None:
                            ok = False
                            for w in words:
                                if w in sub:
                                    ok = True
                                    break
                            seen[words] = ok
                        if not ok:
                            drop.append(p)
                            break
                if drop:
                    pids.difference_update(drop)
                    if not pids:
                        del out[i]
        if self._always:
            for i in range(len(sentence_starts)):
                out.setdefault(i, set()).update(self._always)
        return out

    def run(self, ts: str, starts: list[int], pattern_ids) -> list[Hit]:
        """Run the given patterns over a sentence's token string."""
        hits = []
        pats = self.patterns
        compiled = self._compiled
        for pid in sorted(pattern_ids):
            pat = pats[pid]
            rx = compiled.get(pid)
            if rx is None:
                rx = compiled[pid] = pat.regex
            for m in rx.finditer(ts):
                if m.end() == m.start():
                    continue
                a = bisect_left(starts, m.start())
                b = bisect_left(starts, m.end())
                hits.append(Hit(pat, a, b))
        return hits

    @staticmethod
    def spans(regex, ts: str, starts: list[int]) -> list[tuple[int, int]]:
        """Token spans of a cue regex in a token string."""
        if regex is None:
            return []
        return [(bisect_left(starts, m.start()), bisect_left(starts, m.end()))
                for m in regex.finditer(ts) if m.end() > m.start()]
