"""Text utilities: folding, tokens, sentences, paragraphs and quotations.

All functions work on offsets into the text they are given, and folding is
length-preserving, so evidence offsets always point into the original article.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "fold",
    "Token",
    "tokenize",
    "token_string",
    "split_sentences",
    "paragraph_starts",
    "find_quotes",
    "Quote",
]

_SPECIAL = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u0131": "i", "\u00df": "s", "\u00f8": "o", "\u00d8": "o",
    "\u0142": "l", "\u0141": "l", "\u0111": "d", "\u0110": "d", "\u00e6": "a", "\u00c6": "a",
    "\u0153": "o", "\u0152": "o", "\u00fe": "t", "\u00f0": "d", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u200b": " ", "\u2002": " ", "\u2003": " ", "\u2026": ".",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Lower-case *text* and strip accents without changing its length.

    Curly quotes become straight ones and dashes become ``-``; every output
    character stands at the offset of the input character it came from.

    Examples
    --------
    >>> fold("Mevlüt Çavuşoğlu’s")
    "mevlut cavusoglu's"
    >>> len(fold("İstanbul")) == len("İstanbul")
    True
    """
    low = text.replace("\u0130", "I").lower()
    if low.isascii():
        return low
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), low)


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A word of the text: its folded form, offsets, and whether it was all capitals.

    Treat as read-only (not frozen only because frozen dataclasses are three
    times slower to create, and tokens are created by the million).
    """

    norm: str
    start: int
    end: int
    caps: bool


_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}(?![^\W_])"  # dotted acronyms: U.N. U.S.
    r"|n't(?![^\W_])"  # clitic negation: does n't
    r"|'s(?![^\W_])"  # possessive clitic
    r"|[^\W_]+"  # a word; "doesn't" is split into "does" + "n't" below
)
_WORD_CHAR = re.compile(r"[^\W_]")
#: The same tokens in a text without underscores, where ``\w`` is ``[^\W_]``: ``\w`` is a
#: single fast test in the regex engine (a class that leaves out ``_`` is not), and the
#: look-ahead keeps the acronym branch from testing a class at every position.
_PLAIN_TOKEN_RE = re.compile(r"(?=\w\.)(?:[^\W\d]\.){2,}(?!\w)|n't(?!\w)|'s(?!\w)|\w+")


def tokenize(folded: str, original: str, offset: int = 0, end: int | None = None) -> list[Token]:
    """Split ``folded[offset:end]`` into word tokens.

    Parameters
    ----------
    folded : str
        Text after :func:`fold` (same length as *original*).
    original : str
        The text before folding, used to tell all-capitals words (``UN``) apart.
    offset, end : int
        The region to tokenize; token offsets are absolute.

    Examples
    --------
    >>> t = "The U.N. doesn't back Haftar's forces"
    >>> [x.norm for x in tokenize(fold(t), t)]
    ['the', 'un', 'does', "n't", 'back', 'haftar', "'s", 'forces']
    """
    if end is None:
        end = len(folded)
    out = []
    append = out.append
    skip = -1
    rx = _TOKEN_RE if folded.find("_", offset, end) >= 0 else _PLAIN_TOKEN_RE
    for m in rx.finditer(folded, offset, end):
        s, e = m.span()
        if s < skip:  # the "t" of a split "n't"
            continue
        norm = m.group()
        if "." in norm:
            norm = norm.replace(".", "")
            raw = original[s:e].replace(".", "")
            append(Token(norm, s, e, len(raw) >= 2 and raw.isupper()))
            continue
        # all capitals: cheap test on the first character before the slice
        caps = e - s >= 2 and not original[s].islower() and original[s:e].isupper()
        if norm[-1] == "n" and len(norm) > 1 and folded.startswith("'t", e) and e + 2 <= end \
                and not _WORD_CHAR.match(folded, e + 2, end):
            append(Token(norm[:-1], s, e - 1, e - 1 - s >= 2 and original[s:e - 1].isupper()))
            append(Token("n't", e - 1, e + 2, original[e - 1:e + 2].isupper()))
            skip = e + 2
            continue
        append(Token(norm, s, e, caps))
    return out


def token_string(tokens: list[Token]) -> tuple[str, list[int]]:
    """Render tokens as ``" tok tok^ tok "`` for phrase regexes.

    All-capitals tokens carry a ``^`` suffix so that acronym phrases can require
    capitals. Returns the string and the start offset (in that string) of each
    token, for mapping regex matches back to token indices.
    """
    parts = [" "]
    starts = []
    pos = 1
    for t in tokens:
        starts.append(pos)
        s = t.norm + "^ " if t.caps else t.norm + " "
        parts.append(s)
        pos += len(s)
    return "".join(parts), starts


# ---------------------------------------------------------------- sentences
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col maj capt cpt sgt adm gov sen rep st jr sr prof no vs etc inc ltd co
    corp dept est fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft pres messrs rev hon
    brig cmdr gens amb approx""".split()
)
# A boundary is a whole run of sentence-final punctuation (and closing quotes or brackets) before
# white space, or a line break. The run is matched only from its first character (the lookbehind
# that no such character precedes it) and possessively, so a run without white space after it is
# scanned once, not once per character: a flood of dots costs time linear in its length. The
# look-behind follows the first character (two of them in a row: not a run's first), so the regex
# starts with a set of characters, which the engine finds at C speed (2.3x the speed of
# ``(?<![.!?])[.!?]++...``, which tries the look-behind at every position).
_BOUNDARY_RE = re.compile(r"[.!?](?<![.!?]{2})[.!?]*+['\"\u2019\u201d)\]]*+(?=\s)|\n")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)\.?$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at *dot* ends an abbreviation or an initial."""
    start = max(0, dot - 12)
    m = _WORD_BEFORE_RE.search(text, start, dot)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1:  # initials (J. Smith) and dotted acronyms (U.N.)
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split *text* into sentence spans ``(start, end)``.

    Spans are in order, do not overlap, and together cover every
    non-whitespace character. Boundaries are sentence-final punctuation
    followed by white space and a likely sentence start, and line breaks
    after a complete line (a hard-wrapped line continues the sentence).
    Abbreviations (``Gen.``, ``Mr.``), initials and dotted acronyms
    (``U.N.``) do not end a sentence.

    Examples
    --------
    >>> t = "Gen. Haftar met U.N. envoys. They talked.\\nA new line"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Gen. Haftar met U.N. envoys.', 'They talked.', 'A new line']
    """
    n = len(text)
    cuts = []
    for m in _BOUNDARY_RE.finditer(text):
        s, e = m.span()
        if text[s] == "\n":
            # a line break: boundary unless the line is soft-wrapped mid-sentence
            line_start = text.rfind("\n", 0, s) + 1
            line = text[line_start:s].rstrip()
            if not line:
                continue
            nxt = s + 1
            while nxt < n and text[nxt] in " \t\r":
                nxt += 1
            if nxt < n and text[nxt] == "\n":
                cuts.append(s)  # paragraph break
                continue
            last = line[-1]
            if last in ".!?:\"'\u201d\u2019)]" or len(line) < 70:
                cuts.append(s)
            continue
        # sentence-final punctuation: look at what follows
        j = e
        while j < n and text[j] in " \t":
            j += 1
        if j >= n:
            cuts.append(e)
            continue
        nxt = text[j]
        if nxt == "\n":
            cuts.append(e)
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c\u2018([\u00ab"):
            continue
        if text[s] == "." and (e - s == 1 or text[s + 1] != ".") and _is_abbreviation(text, s):
            continue
        cuts.append(e)
    spans = []
    pos = 0
    for c in cuts + [n]:
        if c <= pos:
            continue
        _add_span(text, pos, c, spans)
        pos = c
    return spans


#: Longer "sentences" (hostile or broken text without punctuation) are cut, so that the work
#: done per sentence stays bounded and extraction stays linear in the article.
MAX_SENTENCE_CHARS = 3000


def _add_span(text: str, a: int, b: int, spans: list) -> None:
    """Append ``text[a:b]`` trimmed of white space, cut into pieces of at most MAX_SENTENCE_CHARS."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    while b - a > MAX_SENTENCE_CHARS:
        hi = a + MAX_SENTENCE_CHARS
        cut = max(text.rfind(", ", a + MAX_SENTENCE_CHARS // 2, hi) + 1,
                  text.rfind("; ", a + MAX_SENTENCE_CHARS // 2, hi) + 1)
        if cut <= a:
            cut = text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, hi)
        if cut <= a:
            cut = hi  # no space at all: a hard cut
        end = cut
        while end > a and text[end - 1].isspace():
            end -= 1
        spans.append((a, end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        spans.append((a, b))


_PARA_RE = re.compile(r"\n[ \t\r]*\n")


def paragraph_starts(text: str) -> list[int]:
    """Start offsets of the paragraphs of *text* (blank-line separated), sorted."""
    return [0] + [m.end() for m in _PARA_RE.finditer(text)]


# ---------------------------------------------------------------- quotes
@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` enclose the quoted words (marks excluded).

    ``continues`` is True when the quote opens a paragraph that continues an
    unclosed quotation of the previous paragraph (the newspaper convention for
    multi-paragraph quotes); ``closed`` tells whether a closing mark was found.
    """

    start: int
    end: int
    closed: bool
    continues: bool
    words: int


_QUOTE_MARK_RE = re.compile(r"[\"\u201c\u201d\u00ab\u00bb\u201e]")
_OPENERS = "\u201c\u00ab\u201e"
_CLOSERS = "\u201d\u00bb"


def find_quotes(text: str, para_starts: list[int] | None = None) -> list[Quote]:
    """Find the double-quoted passages of *text*, in order, in linear time.

    Curly (“ ”), guillemet and straight double quotes are understood; a
    straight quote opens after white space or an opening bracket and closes
    otherwise. A quotation still open at the end of a paragraph ends there;
    if the next paragraph starts with an opening mark it is marked as a
    continuation. Nested or unbalanced marks never raise.

    Examples
    --------
    >>> t = 'He said: "We want peace now." Then left.'
    >>> q = find_quotes(t)[0]
    >>> t[q.start:q.end]
    'We want peace now.'
    """
    if para_starts is None:
        para_starts = paragraph_starts(text)
    n_paras = len(para_starts)
    quotes: list[Quote] = []
    open_at = -1  # offset after the opening mark, -1 when no quote is open
    open_para = -1
    cont = False
    unclosed_para = -1  # paragraph whose quote ran off its end

    def para_end(p):
        return para_starts[p + 1] if p + 1 < n_paras else len(text)

    def emit(end, closed):
        seg = text[open_at:end]
        quotes.append(Quote(open_at, end, closed, cont, len(seg.split())))

    for m in _QUOTE_MARK_RE.finditer(text):
        pos = m.start()
        ch = m.group()
        p = bisect.bisect_right(para_starts, pos) - 1
        if open_at >= 0 and p != open_para:
            emit(para_end(open_para), False)
            unclosed_para = open_para
            open_at = -1
        if ch in _OPENERS:
            is_open = True
        elif ch in _CLOSERS:
            is_open = False
        elif open_at >= 0:
            is_open = False
        else:  # a straight quote with no quote open: opening unless glued to a word before
            prev = text[pos - 1] if pos else " "
            nxt = text[pos + 1] if pos + 1 < len(text) else " "
            is_open = prev.isspace() or prev in "([{-:" or not nxt.isspace()
        if is_open and open_at < 0:
            cont = (unclosed_para >= 0 and p == unclosed_para + 1
                    and not text[para_starts[p]:pos].strip())
            unclosed_para = -1
            open_at, open_para = pos + 1, p
        elif not is_open and open_at >= 0:
            emit(pos, True)
            open_at = -1
        # a nested opener inside an open quote, or a stray closer, is ignored
    if open_at >= 0:
        emit(para_end(open_para), False)
    return quotes
