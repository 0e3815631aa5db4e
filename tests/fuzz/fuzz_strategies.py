"""Hypothesis strategies for hostile inputs: articles, file names, dates, rule files, DNA rows.

Every strategy mixes hand-picked hostile fragments (markup, mathtext, formulas, bidi and
invisible characters, ANSI escapes, punctuation and tag floods) with arbitrary text, so the
fuzzing suite reaches the classes the red team found and the ones next to them.
"""
from __future__ import annotations

import json
import os
import unicodedata

from hypothesis import HealthCheck, settings, strategies as st

#: ``STANCES_FUZZ_EXAMPLES=N`` runs N generated cases per fuzz test (by hand: thousands);
#: unset, each test runs its small default with a fixed seed (CI).
EXAMPLES = os.environ.get("STANCES_FUZZ_EXAMPLES")


def fuzz_settings(default: int):
    """Hypothesis settings for one fuzz test: *default* examples, or ``$STANCES_FUZZ_EXAMPLES``."""
    return settings(max_examples=int(EXAMPLES) if EXAMPLES else default, deadline=None,
                    derandomize=not EXAMPLES, database=None,
                    suppress_health_check=list(HealthCheck))

#: A marker no real input contains: if it shows up inside a tag in HTML or Markdown output,
#: input markup went through unescaped.
MARK = "fuzzmark"

FRAGMENTS = [
    f"<{MARK} onerror=alert(1)>", f"</{MARK}>", f"<script>{MARK}()</script>", "<!--", "-->",
    "<style>", "<script>", "<template>", "<noscript", f"&lt;{MARK}&gt;", f"&#60;{MARK}&#62;",
    f"[x](javascript:{MARK})", "$x^{$", "$\\frac{$", "$$", "=HYPERLINK(\"http://x\")", "+1+1",
    "-2+3", "@SUM(A1)", "\u202e", "\u202a", "\u2066", "\u2069", "\u200d", "\u200b", "\u00ad",
    "\ufeff", "\u061c", "\x1b[31m", "\x1b]0;title\x07", "\x07", "\x0b", "\x0c", "\x85",
    "\u2028", "....", "!!!!!!", "?!?!", "...\"", '"' * 7, "\u201c", "\u201d", "\u00ab", "'",
    "\n", "\n\n", "\r\n", "\t", " ", "|", "`", "*", "_", "#", "\\", "{", "}", "~",
    "Turkey", "Egypt", "Russia", "the UN", "Haftar", "called for a ceasefire", "urged a truce",
    "withdrawal of LNA forces", unicodedata.normalize("NFD", "Çavuşoğlu"), "Çavuşoğlu", "said",
    "Gen.", "U.N.", "Mr.", " said. ", "Tur\u00adkey", "E\u200dgypt",
]

fragment = st.sampled_from(FRAGMENTS)
#: Arbitrary Unicode without lone surrogates (those appear through escapes only).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
hostile_text = st.lists(st.one_of(fragment, fragment, any_text), min_size=1, max_size=25).map("".join)
#: A short one-line value for ids, titles and sources; may hold escapes of lone surrogates.
field = st.lists(st.one_of(fragment, any_text, st.sampled_from(["\udfff", "\ud800", "\x00"])),
                 max_size=6).map("".join)

DATES = ["2020-07-09", "2020-02-30", "1799-12-31", "1800-01-01", "2199-12-31", "2200-01-01",
         "2302-07-09", "0999-01-01", "0001-01-01", "9999-12-31", "1677-09-21", "2262-04-12",
         "2020-07-09T23:30:00+02:00", "yesterday", "", "2020-13-01", "20200709"]
date = st.one_of(st.sampled_from(DATES), st.dates().map(str))

NAME_PARTS = ["a", "news", "café", "-rf", "--help", "=cmd", "$x$", "<b>", "\u202etxt.exe", "..",
              " ", "x" * 100, "\u00ad", "ß", "日本", "'", '"', "\t", "\x1b[1m", "#", "~"]
file_stem = st.lists(st.one_of(st.sampled_from(NAME_PARTS),
                               st.text(st.characters(blacklist_categories=("Cs",),
                                                     blacklist_characters="/\x00"), max_size=8)),
                     min_size=1, max_size=4).map("".join).filter(lambda s: s.strip(". ") != "")


def _yaml_scalar(value: str) -> str:
    """A YAML double-quoted scalar for *value* (JSON strings are; lone surrogates as escapes)."""
    return json.dumps(value, ensure_ascii=True)


@st.composite
def article_file(draw):
    """``(relative file name as bytes, file content as bytes)`` of one hostile article."""
    kind = draw(st.sampled_from(["txt", "txt", "md", "jsonl", "csv", "sidecar", "raw"]))
    stem = os.fsencode(draw(file_stem))[:120]
    if draw(st.booleans()) and draw(st.booleans()):
        stem += b"\xe9\xff"  # a file name that is not UTF-8
    text = draw(hostile_text)
    meta = {"id": draw(field), "title": draw(field), "source": draw(field), "date": draw(date),
            "url": draw(st.sampled_from(["", "javascript:alert(1)", "http://x/<b>", "https://ok"]))}
    meta = {k: v for k, v in meta.items() if draw(st.booleans()) or k == "date"}
    body = text.encode("utf-8", "surrogatepass")
    if kind in ("txt", "md"):
        front = "".join(f"{k}: {_yaml_scalar(v)}\n" for k, v in meta.items())
        return [(stem + b"." + kind.encode(), b"---\n" + front.encode() + b"---\n" + body)]
    if kind == "sidecar":
        side = "".join(f"{k}: {_yaml_scalar(v)}\n" for k, v in meta.items())
        return [(stem + b".txt", body), (stem + b".meta.yaml", side.encode())]
    if kind == "jsonl":
        rows = [json.dumps({**meta, "text": text}, ensure_ascii=True) for _ in range(draw(st.integers(1, 3)))]
        return [(stem + b".jsonl", "\n".join(rows).encode())]
    if kind == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([*meta, "text"])
        w.writerow([*(v.replace("\udfff", "?").replace("\ud800", "?") for v in meta.values()), text])
        return [(stem + b".csv", buf.getvalue().encode("utf-8", "surrogatepass"))]
    return [(stem + b".txt", draw(st.binary(max_size=200)) + body)]


corpus = st.lists(article_file(), min_size=1, max_size=6).map(lambda xs: [f for x in xs for f in x])

# ---------------------------------------------------------------- rule files
PHRASE_TOKENS = ["call*", "for", "(", ")", "[", "]", "|", "{0,8}", "{1,3}", "{9}", "{2,1}", "<ANY>",
                 "<TUR>", "<NOPE>", "<", ">", "*", "truce", "ceasefire", "$x$", "a", "a*",
                 "'s", "n't", "\u202e", "é", "-", "{", "}", "<support>"]
phrase = st.one_of(
    st.lists(st.sampled_from(PHRASE_TOKENS), min_size=1, max_size=30).map(" ".join),
    st.builds(lambda d: "(" * d + "truce" + ")" * d, st.integers(0, 250)),
    any_text,
)


@st.composite
def issue_file(draw):
    """The text of one hostile issue file (YAML, valid or not)."""
    phrases = draw(st.lists(phrase, min_size=1, max_size=4))
    title = draw(field)
    rules = "\n".join(f"      - {_yaml_scalar(p)}" for p in phrases)
    doc = (f"issue: fuzz\ntitle: {_yaml_scalar(title)}\nproposition: P.\nrules:\n"
           f"  - id: fuzz.r1\n    stance: {draw(st.sampled_from(['support', 'oppose', '2', 'x']))}\n"
           f"    phrases:\n{rules}\n")
    tail = draw(st.sampled_from(["", "&a [*a, *a]\n", "!!python/object:os.system x\n", "  bad: [\n",
                                 "examples: {match: [\"Turkey called for a truce.\"]}\n"]))
    return doc + tail


# ---------------------------------------------------------------- DNA rows
dna_value = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.integers(-5, 50),
                      st.floats(allow_nan=True), st.text(max_size=8), st.binary(max_size=4))
dna_rows = st.lists(st.tuples(dna_value, dna_value, dna_value, dna_value, field), min_size=1,
                    max_size=5)
