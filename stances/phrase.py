"""The phrase language: parse, check and compile word patterns.

A phrase such as ``call* for [an immediate] (ceasefire|truce)`` is parsed into
a small syntax tree, checked (balanced brackets, no empty alternatives, gap
limits, a bound on ambiguity) and compiled into a regular expression over a
*token string* (see :func:`stances.text.token_string`), in which every token is
followed by exactly one space. Because every element consumes whole tokens and
the number of ways a phrase can match at one position is bounded at compile
time, matching is linear in the length of the text whatever an analyst writes.
"""
from __future__ import annotations

import collections
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .text import fold, tokenize

__all__ = [
    "PhraseError",
    "Word",
    "Gap",
    "Alt",
    "Opt",
    "Ref",
    "parse_phrase",
    "phrase_regex",
    "triggers",
    "item_triggers",
    "MAX_GAP",
    "MAX_GAPS",
    "MAX_PATHS",
    "MAX_NESTING",
    "alternation_ways",
]

MAX_GAP = 8
MAX_GAPS = 3
MAX_PATHS = 100_000
MAX_PHRASE_CHARS = 500
#: Brackets ``( )`` and ``[ ]`` nest at most this deep (deeper trees exhaust Python's stack
#: when a rule set is compiled or cached).
MAX_NESTING = 8


class PhraseError(ValueError):
    """A malformed phrase; ``col`` is the 0-based column of the problem in the phrase."""

    def __init__(self, message: str, col: int = 0):
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Word:
    """A whole word (``prefix``: any word starting with it; ``caps``: capitals only)."""

    text: str
    prefix: bool = False
    caps: bool = False


@dataclass(frozen=True)
class Gap:
    """From ``low`` to ``high`` arbitrary words."""

    low: int
    high: int


@dataclass(frozen=True)
class Alt:
    """One of several sequences."""

    options: tuple


@dataclass(frozen=True)
class Opt:
    """An optional sequence."""

    items: tuple


@dataclass(frozen=True)
class Ref:
    """An actor placeholder ``<ID>`` (``ANY`` for any actor)."""

    actor: str


_LEX_RE = re.compile(
    r"\s+|(?P<sym>[()\[\]|])|(?P<gap>\{\s*(\d+)\s*(?:,\s*(\d+)\s*)?\})|(?P<ref><\s*([A-Za-z][\w-]*)\s*>)"
    r"|(?P<word>[^\s()\[\]|{}<>]+)"
)


def _lex(text: str):
    pos = 0
    n = len(text)
    while pos < n:
        m = _LEX_RE.match(text, pos)
        if not m:
            ch = text[pos]
            raise PhraseError(f"unexpected {ch!r}", pos)
        if m.group("sym"):
            yield ("sym", m.group("sym"), pos)
        elif m.group("gap"):
            low = int(m.group(3))
            high = int(m.group(4)) if m.group(4) is not None else low
            yield ("gap", (low, high), pos)
        elif m.group("ref"):
            yield ("ref", m.group(6), pos)
        elif m.group("word"):
            yield ("word", m.group("word"), pos)
        pos = m.end()


def _words(raw: str, col: int) -> list:
    """Turn one written word (possibly ``cease-fire`` or ``urg*``) into Word items."""
    prefix = raw.endswith("*")
    body = raw[:-1] if prefix else raw
    if "*" in body:
        raise PhraseError(f"'*' may only end a word: {raw!r}", col)
    toks = tokenize(fold(body), body)
    if not toks:
        if prefix:
            raise PhraseError(f"'*' needs a word before it: {raw!r}", col)
        return []  # pure punctuation is ignored, as it is in the text
    items = [_word(t.norm, False, t.caps) for t in toks]
    if prefix:
        last = items[-1]
        items[-1] = _word(last.text, True, last.caps)
    return items


@lru_cache(maxsize=65536)
def _word(text: str, prefix: bool, caps: bool) -> Word:
    """One shared :class:`Word` per spelling: a rule set repeats the same few thousand words,
    and sharing them makes the cached rule set a third smaller to load."""
    return Word(text, prefix, caps)


def parse_phrase(text: str, known_actors=None, classes=None) -> tuple:
    """Parse *text* into a tuple of syntax items.

    Parameters
    ----------
    text : str
        The phrase as written in a rule file.
    known_actors : collection of str, optional
        Actor ids allowed in ``<ID>`` placeholders (``ANY`` is always allowed);
        ``None`` skips the check. A mapping from id (and ``ANY``) to the number
        of ways the actor's names can match at one position (see
        :func:`alternation_ways`) makes the ambiguity bound count each
        placeholder by its real number of alternatives (else one each).
    classes : mapping of str to tuple, optional
        Named phrase classes of the lexicon (``<support>``, lower case), each an
        already parsed item that the placeholder stands for. A lower-case
        placeholder that names no class is an error.

    Raises
    ------
    PhraseError
        With the column of the problem.

    Examples
    --------
    >>> parse_phrase("call* for [a] (truce|cease-fire)")  # doctest: +NORMALIZE_WHITESPACE
    (Word(text='call', prefix=True, caps=False), Word(text='for', prefix=False, caps=False),
     Opt(items=(Word(text='a', prefix=False, caps=False),)),
     Alt(options=((Word(text='truce', prefix=False, caps=False),),
                  (Word(text='cease', prefix=False, caps=False), Word(text='fire', prefix=False, caps=False)))))
    """
    if not isinstance(text, str) or not text.strip():
        raise PhraseError("empty phrase", 0)
    if len(text) > MAX_PHRASE_CHARS:
        raise PhraseError(f"phrase longer than {MAX_PHRASE_CHARS} characters", MAX_PHRASE_CHARS)
    tokens = list(_lex(text))
    _check_nesting(tokens)
    pos = 0

    def parse_seq(closers):
        nonlocal pos
        items = []
        while pos < len(tokens):
            kind, val, col = tokens[pos]
            if kind == "sym" and val in closers:
                return items
            pos += 1
            if kind == "word":
                items.extend(_words(val, col))
            elif kind == "gap":
                low, high = val
                if low > high:
                    raise PhraseError(f"gap {{{low},{high}}}: the minimum exceeds the maximum", col)
                if high > MAX_GAP:
                    raise PhraseError(f"gap of up to {high} words: at most {MAX_GAP} are allowed", col)
                if high == 0:
                    raise PhraseError("a gap of zero words matches nothing", col)
                items.append(Gap(low, high))
            elif kind == "ref":
                if val[:1].islower():
                    if not classes or val not in classes:
                        known = ", ".join(f"<{c}>" for c in sorted(classes or ()))
                        raise PhraseError(f"unknown class <{val}>" + (f" (known: {known})" if known else ""), col)
                    items.append(classes[val])
                    continue
                if known_actors is not None and val != "ANY" and val not in known_actors:
                    raise PhraseError(f"unknown actor <{val}> in placeholder", col)
                items.append(Ref(val))
            elif val == "(":
                options = [parse_seq({"|", ")"})]
                while True:
                    if pos >= len(tokens):
                        raise PhraseError("'(' is never closed", col)
                    v2 = tokens[pos][1]
                    if v2 == "]":
                        raise PhraseError("'(' is closed by ']'", tokens[pos][2])
                    pos += 1
                    if v2 == ")":
                        break
                    options.append(parse_seq({"|", ")"}))
                for o in options:
                    if not o:
                        raise PhraseError("empty alternative in '( | )'", col)
                items.append(Alt(tuple(tuple(o) for o in options)))
            elif val == "[":
                options = [parse_seq({"|", "]", ")"})]
                while True:
                    if pos >= len(tokens) or tokens[pos][1] == ")":
                        raise PhraseError("'[' is never closed", col)
                    v2 = tokens[pos][1]
                    pos += 1
                    if v2 == "]":
                        break
                    options.append(parse_seq({"|", "]", ")"}))
                if any(not o for o in options):
                    raise PhraseError("empty alternative in '[ ]'", col)
                if len(options) == 1:
                    items.append(Opt(tuple(options[0])))
                else:
                    items.append(Opt((Alt(tuple(tuple(o) for o in options)),)))
            elif val in ")]|":
                raise PhraseError(f"unbalanced {val!r}", col)
        return items

    items = parse_seq(set())
    if pos < len(tokens):
        raise PhraseError(f"unbalanced {tokens[pos][1]!r}", tokens[pos][2])
    if not items:
        raise PhraseError("the phrase has no words", 0)
    if isinstance(items[0], Gap) or isinstance(items[-1], Gap):
        raise PhraseError("a phrase may not start or end with a gap", 0)
    if _count_gaps(items) > MAX_GAPS:
        raise PhraseError(f"more than {MAX_GAPS} gaps", 0)
    if not _has_word(items):
        raise PhraseError("the phrase needs at least one required word or placeholder", 0)
    ref_ways = known_actors.get if isinstance(known_actors, Mapping) else None
    if _paths(items, ref_ways) > MAX_PATHS:
        raise PhraseError(
            f"the phrase can match in more than {MAX_PATHS} ways at one position; "
            "use fewer optional words or narrower gaps", 0)
    return tuple(items)


def _count_gaps(items) -> int:
    n = 0
    for it in items:
        if isinstance(it, Gap):
            n += 1
        elif isinstance(it, Opt):
            n += _count_gaps(it.items)
        elif isinstance(it, Alt):
            n += max(_count_gaps(o) for o in it.options)
    return n


def _has_word(items) -> bool:
    for it in items:
        if isinstance(it, (Word, Ref)):
            return True
        if isinstance(it, Alt) and all(_has_word(o) for o in it.options):
            return True
    return False


def _check_nesting(tokens) -> None:
    """Refuse brackets nested deeper than :data:`MAX_NESTING` (at the first bracket too deep)."""
    depth = 0
    for kind, val, col in tokens:
        if kind != "sym":
            continue
        if val in "([":
            depth += 1
            if depth > MAX_NESTING:
                raise PhraseError(f"brackets nested more than {MAX_NESTING} deep", col)
        elif val in ")]":
            depth = max(depth - 1, 0)


def _words_compatible(a: Word, b: Word) -> bool:
    """True when some token can match both words."""
    if a.prefix and b.prefix:
        return a.text.startswith(b.text) or b.text.startswith(a.text)
    if a.prefix:
        return b.text.startswith(a.text)
    if b.prefix:
        return a.text.startswith(b.text)
    return a.text == b.text


def alternation_ways(options, ref_ways=None) -> int:
    """The number of ways one of *options* (item sequences) can match at one position.

    Options made only of words can both match the same tokens only when they
    have the same length and, word by word, some token fits both (the same
    word, or a prefix ``w*`` of the other); so for each length the count is
    the most options compatible with one of them (distinct literal words:
    one per length). Options with other items count all their ways.

    Examples
    --------
    >>> alternation_ways([(Word("egypt"),), (Word("turkey"),), (Word("the"), Word("uae"))])
    2
    >>> alternation_ways([(Word("back", prefix=True),), (Word("backs"),), (Word("aid"),)])
    2
    """
    total = 0
    by_length: dict = {}
    for o in options:
        if all(isinstance(w, Word) for w in o):
            by_length.setdefault(len(o), []).append(o)
        else:
            total += _paths(o, ref_ways)
            if total > MAX_PATHS:
                return total
    for group in by_length.values():
        if len(group) == 1:
            total += 1
            continue
        if not any(w.prefix for o in group for w in o):  # literals: only equal ones both match
            total += max(collections.Counter(tuple(w.text for w in o) for o in group).values())
            continue
        total += max(sum(1 for b in group if all(_words_compatible(x, y) for x, y in zip(a, b)))
                     for a in group)
    return total


def _paths(items, ref_ways=None) -> int:
    """Ways *items* can match at one position; stops counting once over :data:`MAX_PATHS`.

    A placeholder counts the ways of its actor's names (``ref_ways(actor)``,
    one when unknown), twice: the possessive ``'s`` after it is optional.
    """
    total = 1
    for it in items:
        if isinstance(it, Gap):
            total *= it.high - it.low + 1
        elif isinstance(it, Opt):
            total *= _paths(it.items, ref_ways) + 1
        elif isinstance(it, Alt):
            total *= alternation_ways(it.options, ref_ways)
        elif isinstance(it, Ref):
            total *= 2 * max(1, (ref_ways(it.actor) if ref_ways else None) or 1)
        if total > MAX_PATHS:
            return total
    return total


def phrase_regex(items, expand_ref) -> str:
    """Compile parsed *items* to a regex over a token string.

    Parameters
    ----------
    items : tuple
        From :func:`parse_phrase`.
    expand_ref : callable
        ``expand_ref(actor_id) -> str`` returns the regex of an actor's names.
    """
    parts = []
    for it in items:
        if isinstance(it, Word):
            w = re.escape(it.text)
            if it.prefix:
                parts.append(w + r"[^ ]* ")
            elif it.caps:
                parts.append(w + r"\^ ")
            else:
                parts.append(w + r"\^? ")
        elif isinstance(it, Gap):
            parts.append(r"(?:[^ ]+ ){%d,%d}" % (it.low, it.high))
        elif isinstance(it, Opt):
            parts.append("(?:" + phrase_regex(it.items, expand_ref) + ")?")
        elif isinstance(it, Alt):
            parts.append("(?:" + "|".join(phrase_regex(o, expand_ref) for o in it.options) + ")")
        elif isinstance(it, Ref):
            # a placeholder also takes the possessive: <LNA> forces ~ "Haftar's forces"
            parts.append("(?:" + expand_ref(it.actor) + ")(?:'s )?")
    return "".join(parts)


def triggers(items, ref_triggers) -> frozenset | None:
    """A set of words one of which every match must contain, or ``None``.

    Each entry is ``(word, is_prefix)``. Used to pre-filter sentences: a phrase
    is only tried on sentences containing one of its trigger words.

    Parameters
    ----------
    ref_triggers : callable
        ``ref_triggers(actor_id)`` gives the trigger set of an actor's names.
    """
    best = None
    for it in items:
        cand = item_triggers(it, ref_triggers)
        if cand is None:
            continue
        if best is None or _trigger_cost(cand) < _trigger_cost(best):
            best = cand
    return best


def item_triggers(item, ref_triggers) -> frozenset | None:
    """The words one of which a match of this one *item* must contain, or ``None``.

    A word gives itself (apostrophe clitics give nothing), an alternative the
    union of its options (``None`` if one option has none), a placeholder the
    trigger set of the actor's names; optional items and gaps give ``None``.
    """
    if isinstance(item, Word):
        if item.text.startswith("'") or item.text == "n't":
            return None
        return frozenset([(item.text, item.prefix)])
    if isinstance(item, Alt):
        sets = [triggers(o, ref_triggers) for o in item.options]
        return frozenset().union(*sets) if all(x is not None for x in sets) else None
    if isinstance(item, Ref):
        return ref_triggers(item.actor)
    return None


_COMMON = frozenset("the a an of to in for on and or with by at from as is are was were be".split())


def _trigger_cost(s) -> float:
    """Lower is better: few, long, uncommon words."""
    cost = 0.0
    for w, prefix in s:
        cost += 10.0 if w in _COMMON else 1.0 / (len(w) + (0 if prefix else 1))
    return cost + 0.01 * len(s)
