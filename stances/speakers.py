"""Unknown speakers: names that speak in a sentence but are not actors of the rule set.

"Saudi Arabia said", "the US Embassy in Libya said", "..., said Ahmed Mismari":
a capitalised name next to a speech or attitude verb of the lexicon that no
actor, alias, capital, person or role noun of the rule set covers. They are
what an analyst should consider adding to ``rules/``; extraction counts them
per article (:func:`stances.extract.analyse` with ``speakers=True``) and
:mod:`stances.coverage` reports them.
"""
from __future__ import annotations

from .attribution import _BE

__all__ = ["speech_cues", "unknown_speakers"]

# words that may stand between a speaker and its verb ("Saudi Arabia has also said")
_LINKS = frozenset(
    "has have had is was were are will would shall should can could may might must do does did also "
    "again then later now once however previously earlier repeatedly reportedly already still further "
    "strongly firmly officially publicly jointly separately recently yesterday today tonight meanwhile "
    "too".split())
# words that end a speaker phrase when walking back from the verb
_STOPS = frozenset("the a an and or but that which who whom whose while as if when since because of "
                   "to for with in on at by from".split())
# capitalised words that are not names when they open a sentence or stand alone
_NOT_NAMES = frozenset(
    "he she it they we i you this that these those there here his her its their our officials "
    "official sources analysts diplomats observers experts critics residents witnesses spokesman spokeswoman "
    "spokesperson minister ministry government president statement report reports monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december but and or so yet also however meanwhile participants "
    "leaders countries states despite".split())
_MAX_WORDS = 5
# lower-case heads of a speaker phrase ("the Saudi foreign ministry said")
_HEADS = frozenset("ministry embassy government army forces media spokesman spokeswoman spokesperson "
                   "office council presidency parliament league union officials official envoy mission "
                   "delegation authorities command cabinet leadership".split())
_PREPOSITIONS = frozenset("in of on at to from by for with into near around across over under between "
                          "among against about through toward towards".split())


def speech_cues(lexicon) -> tuple[frozenset, tuple]:
    """The one-word speech and attitude verbs of *lexicon*: ``(exact words, prefixes)``.

    >>> from stances import load_rules
    >>> exact, prefixes = speech_cues(load_rules("rules").lexicon)
    >>> "said" in exact or any("said".startswith(p) for p in prefixes)
    True
    """
    exact, prefixes = set(), []
    lex = lexicon
    def add(items) -> None:
        if len(items) != 1:
            return  # multi-word cues ("call on") are left to the extractor
        item = items[0]
        if hasattr(item, "prefix") and hasattr(item, "text"):
            (prefixes.append(item.text) if item.prefix else exact.add(item.text))
        for option in getattr(item, "options", ()):  # (say|tell)
            add(tuple(option) if isinstance(option, (list, tuple)) else (option,))

    for entry in list(lex.speech_verbs) + list(lex.attitude_verbs):
        add(tuple(entry[1]))
    return frozenset(exact), tuple(sorted(set(prefixes)))


def _is_cap(text: str, tok) -> bool:
    return text[tok.start].isupper() or tok.caps


def _phrase(text: str, toks: list, lo: int, hi: int) -> tuple[int, int] | None:
    """Trim tokens [lo, hi) to a name: at least one capitalised word that is not a common word,
    ending in a capitalised word or an organisation noun."""
    while lo < hi and (toks[lo].norm in _NOT_NAMES or toks[lo].norm in _PREPOSITIONS
                       or not _is_cap(text, toks[lo])):
        lo += 1
    while hi > lo and toks[hi - 1].norm == "'s":
        hi -= 1
    if lo >= hi:
        return None
    if not any(_is_cap(text, t) and t.norm not in _NOT_NAMES for t in toks[lo:hi]):
        return None
    last = toks[hi - 1]
    if not (_is_cap(text, last) or last.norm in _HEADS):
        return None
    return lo, hi


def _adjacent(text: str, a, b) -> bool:
    """Tokens *a* and *b* are separated by spaces (or nothing) only."""
    gap = text[a.end:b.start]
    return gap.strip() == "" and "\n" not in gap


def unknown_speakers(text: str, toks: list, mentions: list, cues, at=None) -> list[str]:
    """Names that speak in one sentence but are none of its *mentions* (actors, people, roles).

    Parameters
    ----------
    text : str
        The (cleaned) article text the tokens and mentions point into.
    toks : list of Token
        The sentence's tokens (:func:`stances.text.tokenize`).
    mentions : list
        The sentence's mentions (anything with ``char_start`` and ``char_end``).
    cues : tuple
        :func:`speech_cues` of the rule set's lexicon.
    at : list of int, optional
        The indexes of the tokens that may be speech verbs (default: every token).

    Returns
    -------
    list of str
        One name per speech verb that has an unknown speaker, in order.

    Examples
    --------
    >>> from stances import load_rules
    >>> from stances.text import fold, tokenize
    >>> cues = speech_cues(load_rules("rules").lexicon)
    >>> t = "The talks must go on, said Ahmed Mismari, a spokesman."
    >>> unknown_speakers(t, tokenize(fold(t), t), [], cues)
    ['Ahmed Mismari']
    """
    exact, prefixes = cues
    taken = [(m.char_start, m.char_end) for m in mentions]
    found = []
    for i in (range(len(toks)) if at is None else at):
        tok = toks[i]
        if not (tok.norm in exact or tok.norm.startswith(prefixes)) or text[tok.start].isupper():
            continue
        if tok.norm.endswith("ing"):
            continue  # ", saying ...": continues an earlier subject
        spans = []
        before = text[toks[i - 1].end:tok.start] if i > 0 else ""
        # before the verb: "Saudi Arabia (has also) said", "the US Embassy in Libya said"
        j = i - 1
        passive = False
        while j >= 0 and toks[j].norm in _LINKS and _adjacent(text, toks[j], toks[j + 1]):
            passive = passive or toks[j].norm in _BE
            j -= 1
        hi = lo = j + 1
        while lo - 1 >= 0 and hi - lo < _MAX_WORDS and _adjacent(text, toks[lo - 1], toks[lo]):
            prev = toks[lo - 1]
            if prev.norm in ("of", "in") and lo - 2 >= 0 and _is_cap(text, toks[lo - 2]) \
                    and _adjacent(text, toks[lo - 2], prev):
                lo -= 1  # "Ministry of Foreign Affairs", "Embassy in Libya"
                continue
            if prev.norm in _STOPS or prev.norm in _PREPOSITIONS:
                break
            lo -= 1
        at_place = lo > 0 and toks[lo - 1].norm in _PREPOSITIONS and _adjacent(text, toks[lo - 1], toks[lo])
        if hi > lo and not passive and not at_place and "," not in before and j >= 0:
            spans.append((lo, hi))
        # after the verb when it follows a comma or a quote: '..., said Ahmed Mismari, a spokesman'
        if any(c in before for c in ",\"”'’"):
            k = i + 1
            while k < len(toks) and k - (i + 1) < _MAX_WORDS and _is_cap(text, toks[k]) \
                    and _adjacent(text, toks[k - 1], toks[k]):
                k += 1
            if k > i + 1:
                spans.append((i + 1, k))
        for lo, hi in spans:
            got = _phrase(text, toks, lo, hi)
            if got is None:
                continue
            a, b = toks[got[0]].start, toks[got[1] - 1].end
            if any(x < b and a < y for x, y in taken):
                continue  # a known actor, person or role is (part of) this speaker
            found.append(" ".join(text[a:b].split()))
            break
    return found
