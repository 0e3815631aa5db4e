"""Neutralise scraping debris in article text without moving any character.

Extraction runs on ``clean_text(article.text)`` while evidence offsets
(``start``/``end`` in the statement table) point into ``article.text``.  That
only works because :func:`clean_text` is *length-preserving*: character ``i``
of the cleaned text stands where character ``i`` of the original stood.  Every
piece of debris is therefore overwritten (mostly with spaces), never removed:

* HTML tags become spaces (block-level tags such as ``<p>`` or ``<br>`` start
  with a newline so that paragraphs stay apart); the whole of
  ``<script>...</script>``, ``<style>...</style>`` and ``<!-- comments -->``
  is blanked.  Newlines inside blanked markup are kept.
* HTML entities (``&amp;``, ``&nbsp;``, ``&#8217;``, ``&quot;``) become their
  character padded with spaces to the entity's length; an entity for a
  markup character (``&lt;``, ``&gt;``) becomes a space so that escaped markup
  cannot turn into tags.
* Non-breaking, thin, zero-width and other odd spaces become ``' '``; the
  Unicode line and paragraph separators become ``'\\n'``.
* Control characters other than ``\\n`` and ``\\t`` (including ``\\r``)
  become ``' '``.
* A line repeated consecutively (identical after stripping surrounding
  whitespace, separated only by blank lines) keeps its first copy; the later
  copies are blanked (their newlines kept).  Scraped pages often repeat the
  headline two or three times at the top.

Curly quotes, dashes and accents are left alone: the tokenizer handles them.
"""
from __future__ import annotations

import html
import re
from html.entities import html5 as _HTML5

__all__ = ["clean_text", "clean_title"]

# Characters replaced one-for-one. Controls (C0 except \t \n, DEL, C1),
# odd spaces, zero-width characters and directional marks. ZWNJ/ZWJ
# (U+200C/U+200D) are kept: they are meaningful inside Arabic and Persian
# words. The soft hyphen (U+00AD) is kept too: it sits inside words.
_ODD_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00a0\u1680\u180e\u2000-\u200b\u200e\u200f\u2028\u2029"
    "\u202f\u205f\u2060\u3000\ufeff"
)
_ODD_RE = re.compile(f"[{_ODD_CHARS}]")
_ODD_TABLE = {
    c: " " for c in
    [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
     0xA0, 0x1680, 0x180E, *range(0x2000, 0x200C), 0x200E, 0x200F,
     0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]
}
_ODD_TABLE[0x2028] = "\n"
_ODD_TABLE[0x2029] = "\n"
_ODD_TABLE[0x85] = "\n"  # NEL, a line break in Unicode terms

# Whole elements whose content is never article text: an opener (a comment's "<!--", or a
# script/style/noscript/template start tag of at most 4,000 characters) and the first closer
# after it. An opener without a closer is left to the tag pass. Both passes are linear scans
# (see _block_spans and _tag_spans): no pattern is ever retried over a run it already scanned.
_BLOCK_KINDS = ("script", "style", "noscript", "template")
_BLOCK_OPEN_RE = re.compile(r"<!--|<(script|style|noscript|template)\b", re.IGNORECASE)
_BLOCK_CLOSE_RE = {
    "!--": re.compile("-->"),
    **{k: re.compile(rf"</{k}\s*+>", re.IGNORECASE) for k in _BLOCK_KINDS},
}
# A tag: '<' then a letter, '/' and a letter, '!' or '?', up to the next '>' at most 4,000
# characters on. A '<' inside is part of the tag, so broken nesting such as "<a<b>>" is blanked
# in one pass (idempotent). "a < b > c" and "<3" are not tags.
_TAG_START_RE = re.compile(r"<(?:/?[A-Za-z]|[!?])")
_MAX_TAG = 4000


def _block_spans(text: str):
    """Yield ``(start, end)`` of each closed comment or script/style/noscript/template element.

    Linear: a closer is searched for from each opener at most once per kind beyond the last
    closer found, and a kind with no closer left is never searched again.
    """
    pos = 0
    exhausted: set = set()  # kinds whose closer search already reached the end of the text
    gt = -1  # the first '>' at or after the current start tag (len(text) when none)
    n = len(text)
    while pos < n:
        m = _BLOCK_OPEN_RE.search(text, pos)
        if m is None:
            return
        kind = (m.group(1) or "!--").lower()
        body = m.end()
        if kind != "!--":  # a start tag runs to the next '>', at most 4,000 characters on
            if gt < body:
                gt = text.find(">", body)
                if gt < 0:
                    gt = n
            if gt == n or gt - body > _MAX_TAG:
                pos = body
                continue
            body = gt + 1
        if kind in exhausted:
            pos = body
            continue
        close = _BLOCK_CLOSE_RE[kind].search(text, body)
        if close is None:
            exhausted.add(kind)
            pos = body
            continue
        yield m.start(), close.end()
        pos = close.end()


def _tag_spans(text: str):
    """Yield ``(start, end)`` of each tag, in order, in one pass (each '>' is found once)."""
    gt = -1  # offset of the first '>' at or after the current '<' (or len(text) when none)
    n = len(text)
    pos = 0
    while True:
        m = _TAG_START_RE.search(text, pos)
        if m is None:
            return
        lt = m.start()
        if gt < lt:
            gt = text.find(">", lt)
            if gt < 0:
                return  # no '>' after here: no more tags
        if gt - lt - 1 <= _MAX_TAG:
            yield lt, gt + 1
            pos = gt + 1
        else:
            pos = lt + 1
        if pos >= n:
            return


def _sub_spans(text: str, spans, repl) -> str:
    """Replace each ``text[a:b]`` of the (ordered, disjoint) *spans* by ``repl(text[a:b])``."""
    parts = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(repl(text[a:b]))
        last = b
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


_BREAK_TAGS = frozenset(
    "p br div li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article "
    "header footer aside nav figure figcaption dd dt hr pre".split()
)
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKUP_CHARS = frozenset("<>")
_WS_RE = re.compile(r"\s+")


def _blank(s: str) -> str:
    """Spaces of the same length as *s*, keeping its newlines."""
    if "\n" not in s:
        return " " * len(s)
    return "\n".join(" " * len(part) for part in s.split("\n"))


def _tag_sub(s: str) -> str:
    blanked = _blank(s)
    name = _TAG_NAME_RE.match(s)
    if name and name.group(1).lower() in _BREAK_TAGS and blanked[0] == " ":
        return "\n" + blanked[1:]
    return blanked


def _entity_sub(m: re.Match) -> str:
    s = m.group()
    if s[1] == "#":
        ch = html.unescape(s)
    else:
        ch = _HTML5.get(s[1:])
        if ch is None:  # unknown entity: leave it as written
            return s
    if len(ch) > len(s):  # cannot happen for valid entities; stay safe
        return s
    if any(c in _MARKUP_CHARS for c in ch):
        ch = " " * len(ch)
    return ch + " " * (len(s) - len(ch))


def _odd_sub(m: re.Match) -> str:
    return _ODD_TABLE[ord(m.group())]


def _blank_repeated_lines(text: str) -> str:
    lines = text.split("\n")
    previous = None  # stripped content of the last non-blank line
    changed = False
    for i, line in enumerate(lines):
        key = line.strip()
        if not key:
            continue
        if key == previous:
            lines[i] = " " * len(line)
            changed = True
        else:
            previous = key
    return "\n".join(lines) if changed else text


def clean_text(text: str) -> str:
    """Return *text* with scraping debris overwritten, at exactly the same length.

    Parameters
    ----------
    text : str
        Article text as read (see :func:`stances.corpus.read_articles`).

    Returns
    -------
    str
        A string with ``len(result) == len(text)``: offsets into the result
        are offsets into *text*.  Text without markup or debris is returned
        unchanged.

    Examples
    --------
    >>> clean_text("Q&amp;A: <b>truce</b>\\u00a0now")
    'Q&    A:    truce     now'
    >>> s = "Headline\\n\\nHeadline\\n\\nBody."
    >>> clean_text(s)
    'Headline\\n\\n        \\n\\nBody.'
    >>> len(clean_text(s)) == len(s)
    True
    """
    if "<" in text:
        text = _sub_spans(text, _block_spans(text), _blank)
        text = _sub_spans(text, _tag_spans(text), _tag_sub)
    if "&" in text:
        text = _ENTITY_RE.sub(_entity_sub, text)
    if _ODD_RE.search(text) is not None:
        text = _ODD_RE.sub(_odd_sub, text)
    return _blank_repeated_lines(text)


def clean_title(s: str) -> str:
    """Return a one-line, human-readable version of a metadata string.

    Tags are removed, entities unescaped and all runs of whitespace
    (including non-breaking and zero-width spaces and line breaks) collapsed
    to one space.  Unlike :func:`clean_text` the length may change: titles
    carry no evidence offsets.

    Parameters
    ----------
    s : str
        A title, source name or similar metadata value.

    Returns
    -------
    str

    Examples
    --------
    >>> clean_title("  Haftar&#8217;s <i>forces</i>\\n reject&nbsp;truce ")
    'Haftar’s forces reject truce'
    """
    if "<" in s:
        s = _sub_spans(s, _block_spans(s), lambda _: " ")
        s = _sub_spans(s, _tag_spans(s), lambda _: " ")
    if "&" in s:
        s = html.unescape(s)
    s = s.translate(_ODD_TABLE)
    return _WS_RE.sub(" ", s).strip()
