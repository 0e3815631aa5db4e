"""Read news articles from files and folders, robustly.

:func:`read_articles` turns paths into a stream of :class:`~stances.model.Article`
objects, and turns every input it cannot read into a
:class:`~stances.model.Rejection` (one line naming the file, and the line
when known) instead of raising, so that one bad file never stops a run.
``docs/input.md`` documents the formats and the behaviour for each kind of
hostile input; the main decisions are:

* Text is UTF-8 (a UTF-8 byte-order mark is dropped silently).  UTF-16 and
  UTF-32 with a byte-order mark are decoded with a warning.  Invalid UTF-8,
  NUL bytes and binary data are rejected, naming the line.
* All line breaks are normalised to ``\\n`` (``\\r\\n`` and lone ``\\r``);
  apart from that, and the removal of front matter, ``Article.text`` is the
  file's text character for character, so evidence offsets point into it.
* Dates must be ``YYYY-MM-DD`` (an ISO date-time keeps its date part, as
  written, without time-zone conversion).  Anything else leaves the article
  undated with a warning naming the file and line; a date is never guessed.
"""
from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import json
import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .clean import _ODD_CHARS, clean_text, clean_title
from .model import (Article, Rejection, _fix_surrogates, _safe_message, _SURROGATE_RE as _LONE_RE,
                    check_date, display_name, normalize_field, normalize_text)

__all__ = [
    "ARTICLE_SUFFIXES",
    "TABLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "read_articles",
    "read_article_file",
    "parse_date",
    "MAX_FRONT_MATTER_CHARS",
    "MAX_ID_CHARS",
    "MAX_FIELD_CHARS",
]

#: Suffixes read as one article per file when a folder is searched.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
#: Suffixes read as one article per record.
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
#: Everything taken from a folder (other files are skipped silently).
ARTICLE_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES
#: Default size limit: a text or ``.json`` file, or one JSONL/CSV record.
DEFAULT_MAX_BYTES = 50_000_000

#: Largest front matter or sidecar parsed (YAML parsing is the slowest step per byte).
MAX_FRONT_MATTER_CHARS = 1_000_000
#: Longest ``id`` kept (a longer one is replaced by the file name, with a warning).
MAX_ID_CHARS = 200
#: Longest title, source or url kept (longer ones are cut, with a warning).
MAX_FIELD_CHARS = 2000

SIDECAR_SUFFIX = ".meta.yaml"
_KNOWN_KEYS = ("id", "date", "source", "url", "title")

_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx"),
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_NEWLINE_RE = re.compile(r"\r\n?")
_DELIM_RE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VISIBLE_RE = re.compile(f"[^\\s{_ODD_CHARS}]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SIMPLE_LINE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")


class _Reject(Exception):
    """Internal: abort reading one input with a :class:`Rejection`."""

    def __init__(self, path, reason, line=None):
        super().__init__(reason)
        self.rejection = Rejection(str(path), reason, line)


# --------------------------------------------------------------------------
# YAML: a safe loader that leaves dates as strings (so that an impossible
# date such as 2020-02-30 is a warning, not a crash) and is only used to
# compose nodes, which carry line numbers and the scalar's own spelling.


@lru_cache(maxsize=1)
def _front_matter_loader():
    """The YAML loader class of front matter, built on first use: most front matter is
    plain ``key: value`` lines (see :func:`_parse_plain_mapping`), so most runs never
    import the YAML parser."""
    import yaml

    class _FrontMatterLoader(yaml.SafeLoader):
        pass

    _FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return _FrontMatterLoader


_NULL_TAG = "tag:yaml.org,2002:null"


def parse_date(value) -> _dt.date:
    """Parse a publication date strictly.

    Parameters
    ----------
    value : str or datetime.date
        ``YYYY-MM-DD``, or an ISO 8601 date-time whose date part is used as
        written (no time-zone conversion), or a ``date``/``datetime``.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        With a short explanation when *value* is not such a date or names a
        day that does not exist.  Nothing is guessed.

    Examples
    --------
    >>> parse_date("2020-07-09")
    datetime.date(2020, 7, 9)
    >>> parse_date("2020-07-09T23:30:00+02:00")
    datetime.date(2020, 7, 9)
    >>> parse_date("2020-02-30")
    Traceback (most recent call last):
    ...
    ValueError: impossible date '2020-02-30' (day is out of range for month)
    >>> parse_date("2302-07-09")
    Traceback (most recent call last):
    ...
    ValueError: date 2302-07-09 is outside the supported range 1800-01-01 to 2199-12-31
    """
    if isinstance(value, _dt.datetime):
        return check_date(value.date())
    if isinstance(value, _dt.date):
        return check_date(value)
    if not isinstance(value, str):
        raise ValueError(f"unparsable date {value!r} (expected YYYY-MM-DD)")
    s = value.strip()
    if not _DATE_RE.match(s):
        raise ValueError(f"unparsable date {s!r} (expected YYYY-MM-DD)")
    try:
        day = _dt.date.fromisoformat(s[:10])
    except ValueError as exc:
        raise ValueError(f"impossible date {s!r} ({exc})") from None
    if len(s) > 10:
        try:
            _dt.datetime.fromisoformat(s)
        except ValueError:
            raise ValueError(f"unparsable date {s!r} (expected YYYY-MM-DD)") from None
    return check_date(day)


def _meta_value(value) -> str:
    """Metadata values as strings: YAML/JSON spelling for booleans and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _line_of(data, pos: int) -> int:
    """1-based line number of offset *pos* in *data* (bytes or str)."""
    nl = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(nl, 0, pos) + 1


# --------------------------------------------------------------------------
# Decoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f\v")
    return (bad + controls) / len(text) > 0.1


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)


def _decode(data: bytes, path) -> tuple[str, list[str]]:
    """Decode a whole file; return ``(text, warnings)`` or raise :class:`_Reject`."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _Reject(path, f"binary file ({kind})")
    warnings: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise _Reject(path, f"invalid {name} at byte offset {exc.start + len(bom)}") from None
            warnings.append(f"{path}: decoded as {name}")
            break
    else:
        skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        data = data[skip:]
        nul = data.find(b"\0")
        if nul >= 0:
            if _looks_utf16_without_bom(data):
                raise _Reject(path, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
            if _looks_binary(data):
                raise _Reject(path, "binary file")
            raise _Reject(path, f"NUL byte at byte offset {nul + skip}", _line_of(data, nul))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _looks_binary(data):
                raise _Reject(path, "binary file") from None
            raise _Reject(
                path,
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte offset {exc.start + skip}); "
                "save the file as UTF-8",
                _line_of(data, exc.start),
            ) from None
    nul = text.find("\0")
    if nul >= 0:
        raise _Reject(path, "NUL character in text", _line_of(text, nul))
    return _NEWLINE_RE.sub("\n", text), warnings


#: Flags of :func:`_open_regular`: ``O_NONBLOCK`` so that opening a named pipe returns at once
#: (it is then refused as not a regular file) instead of waiting for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open a regular file for reading: its descriptor and ``os.fstat``, or raise
    :class:`_Reject` naming why not (the descriptor is then closed).

    The type and size come from the open descriptor: one path lookup, and the same file
    whatever happens to the name meanwhile.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise _Reject(path, "no such file or directory") from None
    except OSError as exc:
        raise _Reject(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise _Reject(path, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise _Reject(path, "not a regular file")
    return fd, st


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a regular file, or raise :class:`_Reject`.

    A file over the limit is refused before a byte of it is read. The read asks for the
    size the file has, not for the limit: a buffer of ``max_bytes`` allocated for every
    small file would cost more than reading it.
    """
    fd, st = _open_regular(path)
    try:
        if st.st_size > max_bytes:
            raise _Reject(path, f"too large ({st.st_size} bytes > limit of {max_bytes})")
        parts, size, limit = [], 0, max_bytes + 1
        while size < limit:
            # the size the file has (and one byte more, to see it grow), then in blocks
            chunk = os.read(fd, min(limit - size, max(st.st_size + 1 - size, 1 << 16)))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _Reject(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > max_bytes:  # the file grew while we read it
        raise _Reject(path, f"too large (more than {max_bytes} bytes)")
    return parts[0] if len(parts) == 1 else b"".join(parts)


# --------------------------------------------------------------------------
# Metadata: front matter, sidecars and table rows share one representation:
# {key: (value, line)} where value is a str (scalar as written), None
# (YAML null) or a _Complex (a list or mapping, kept as its source text).


class _Complex(str):
    """A non-scalar metadata value, kept as its (collapsed) YAML source text."""


#: One ``key: value`` line that YAML reads as a plain, single-quoted or double-quoted scalar
#: of one line; anything else (indentation, tabs, comments after a value, ``: `` in a value,
#: flow collections, block scalars, anchors, tags, escapes other than ``\"`` ``\\`` ``\/``,
#: characters YAML treats specially) is left to the YAML parser.
_PLAIN_LINE_RE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_.-]{0,127}):(?:"
    r" +([^\-?:,\[\]{}#&*!|>'\"%@` \x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
    r"(?:(?!: | #)[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff])*?)"
    r"|" r" +\"((?:[^\"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|\\[\"\\/])*)\""
    r"|" r" +'((?:[^'\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|'')*)'"
    r")? *"
)
_UNESCAPE_RE = re.compile(r"\\(.)")
_YAML_NULLS = frozenset(("~", "null", "Null", "NULL"))


def _parse_plain_mapping(src: str, first_line: int) -> dict | None:
    """The common front matter, ``key: value`` lines, read exactly as YAML reads them.

    Returns ``{key: (value, line)}`` as :func:`_parse_yaml_mapping` does for the same text,
    or ``None`` when a line is anything else (then the YAML parser reads the whole text,
    with its line numbers and safety limits). About 20 times faster than composing YAML.
    """
    out: dict = {}
    match = _PLAIN_LINE_RE.fullmatch
    for i, line in enumerate(src.split("\n")):
        if not line or line[0] == "#":
            if line and not line.isprintable():
                return None
            continue
        m = match(line)
        if m is None:
            return None
        key, plain, dq, sq = m.groups()
        if key in out:
            return None  # the YAML path warns about duplicate keys
        if plain is not None:
            if plain[-1] == ":":
                return None  # "key: a:" is a YAML error
            value = None if plain in _YAML_NULLS else plain
        elif dq is not None:
            value = _UNESCAPE_RE.sub(r"\1", dq) if "\\" in dq else dq
        elif sq is not None:
            value = sq.replace("''", "'")
        else:
            value = None  # "key:" with nothing after it
        out[key] = (value, first_line + i)
    return out


def _parse_yaml_mapping(src: str, path, first_line: int, what: str,
                        warnings: list[str]) -> dict:
    """Parse YAML mapping text into ``{key: (value, line)}``.

    *first_line* is the file line of ``src``'s first line.  Values are
    scalars as written (so ``No`` stays ``No`` and ``2020-02-30`` is not
    interpreted); lists and mappings are kept as their source text.
    Plain ``key: value`` lines are read by :func:`_parse_plain_mapping`,
    which gives the same result without the YAML composer.
    """
    fast = _parse_plain_mapping(src, first_line)
    if fast is not None:
        return fast
    import yaml

    try:
        node = yaml.compose(src, Loader=_front_matter_loader())
    except yaml.YAMLError as exc:
        fallback = _parse_simple_lines(src, first_line)
        if fallback is not None:
            return fallback
        # Where the broken construct starts (an unclosed quote or bracket)
        # is more useful than where the parser gave up (often the end).
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context:
            problem = f"{context}: {problem}"
        raise _Reject(path, f"invalid YAML in {what}: {problem}", line) from None
    except RecursionError:
        raise _Reject(path, f"{what} is nested too deeply", first_line) from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise _Reject(path, f"{what} is {kind}, not a mapping of keys to values",
                      first_line + node.start_mark.line)
    out: dict = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Reject(path, f"{what} has a key that is not a plain name", line)
        key = key_node.value
        if isinstance(value_node, yaml.ScalarNode):
            value = None if value_node.tag == _NULL_TAG else value_node.value
        else:
            raw = src[value_node.start_mark.index:value_node.end_mark.index]
            value = _Complex(" ".join(raw.split()))
        if key in out:
            warnings.append(f"{path}:{line}: duplicate key {key!r} in {what}; the last one is used")
        out[key] = (value, line)
    return out


def _parse_simple_lines(src: str, first_line: int) -> dict | None:
    """Lenient reading of front matter that is plain ``key: value`` lines.

    Scraped titles often contain ``': '`` (``title: UN: factions sign``),
    which strict YAML rejects.  When every line is ``key: value`` and no
    value starts a YAML construct (quote, bracket, block scalar, anchor...)
    that failed to parse, the value is taken as written.  Returns ``None``
    when the text is not of that shape (the YAML error is then reported).
    """
    out: dict = {}
    for i, line in enumerate(src.split("\n")):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SIMPLE_LINE_RE.match(line)
        if m is None:
            return None
        key, value = m.group(1), m.group(2) or ""
        if value in ("", "~", "null", "Null", "NULL"):
            out[key] = (None, first_line + i)
            continue
        if value[0] in "\"'[{|>&*!%@`":
            import yaml

            try:
                node = yaml.compose(f"k: {value}", Loader=_front_matter_loader())
            except (yaml.YAMLError, RecursionError):
                return None
            inner = node.value[0][1] if isinstance(node, yaml.MappingNode) else None
            if not isinstance(inner, yaml.ScalarNode):
                return None
            value = inner.value
        out[key] = (value, first_line + i)
    return out


def _split_front_matter(text: str, path) -> tuple[str | None, str]:
    """Return ``(front_matter_or_None, body)``."""
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    if first.rstrip(" \t") != "---":
        return None, text
    if first_nl < 0:
        raise _Reject(path, "front matter starting at line 1 is never closed (no second '---' line)", 1)
    m = _DELIM_RE.search(text, first_nl + 1)
    if m is None:
        raise _Reject(path, "front matter starting at line 1 is never closed (no second '---' line)", 1)
    front = text[first_nl + 1:m.start()]
    body_start = m.end() + 1 if m.end() < len(text) else m.end()
    return front, text[body_start:]


def _field(key: str, value: str, where: str, line, warnings: list[str]) -> str:
    """One metadata value through the reading boundary (see :func:`_build_article`)."""
    m = _LONE_RE.search(value)
    if m:
        warnings.append(f"{where}:{line}: {key!r} holds an unpaired surrogate "
                        f"\\u{ord(m.group()):04x}; replaced by U+FFFD")
    return normalize_field(value)


def _build_article(doc_default: str, text: str, fields: dict, path: str,
                   warnings: list[str], origin: dict | None = None) -> Article:
    """Turn parsed metadata ``{key: (value, line)}`` into an :class:`Article`.

    This is the reading boundary every format passes: the text is
    NFC-normalised and stripped of invisible, bidi and control characters
    (:func:`stances.model.normalize_text`); the id, title, source and url
    are made one clean line (:func:`stances.model.normalize_field`; an
    unpaired surrogate becomes U+FFFD with a warning); the file name is kept
    as :func:`stances.model.display_name` shows it (``repr`` when it holds
    undecodable bytes or control characters); warnings print anywhere.

    *origin* maps a key to the file it came from, for warnings (default:
    *path*, e.g. for a sidecar's keys the sidecar's path).
    """
    origin = origin or {}
    path = display_name(path)
    values: dict[str, str] = {}
    for key in _KNOWN_KEYS:
        if key not in fields:
            continue
        value, line = fields[key]
        if value is None:
            continue
        where = display_name(origin.get(key, path))
        if isinstance(value, _Complex):
            warnings.append(f"{where}:{line}: {key!r} must be a single value, not "
                            f"{value[:40]!r}; ignored")
            continue
        values[key] = _field(key, value, where, line, warnings)
    date = None
    if values.get("date", "").strip():
        try:
            date = parse_date(values["date"])
        except ValueError as exc:
            where = display_name(origin.get("date", path))
            warnings.append(f"{where}:{fields['date'][1]}: {exc}; article read as undated")
    doc = values.get("id", "")
    if len(doc) > MAX_ID_CHARS:
        warnings.append(f"{display_name(origin.get('id', path))}:{fields['id'][1]}: id longer than "
                        f"{MAX_ID_CHARS} characters; the file name is used")
        doc = ""
    doc = doc or normalize_field(_fix_surrogates(doc_default))[:MAX_ID_CHARS] or "article"
    for key in ("source", "url", "title"):
        if len(values.get(key, "")) > MAX_FIELD_CHARS:
            warnings.append(f"{display_name(origin.get(key, path))}:{fields[key][1]}: {key} longer "
                            f"than {MAX_FIELD_CHARS} characters; cut")
            values[key] = values[key][:MAX_FIELD_CHARS]
    meta = tuple(sorted(
        (normalize_field(str(k)), normalize_text(_meta_value(v)))
        for k, (v, _line) in fields.items() if k not in _KNOWN_KEYS
    ))
    text = normalize_text(text)
    _check_text(text, path)
    return Article(
        doc=doc,
        text=text,
        date=date,
        source=normalize_field(clean_title(values.get("source", ""))),
        url=values.get("url", ""),
        title=normalize_field(clean_title(values.get("title", ""))),
        meta=meta,
        path=path,
        warnings=tuple(_safe_message(w) for w in warnings),
    )


def _check_text(text: str, path, line=None) -> None:
    """Reject text with nothing readable in it (blank, odd spaces, only markup)."""
    if "<" in text or "&" in text:
        empty = not clean_text(text).strip()
    else:  # the fast path: no markup, so only spaces and invisible characters can be debris
        empty = _VISIBLE_RE.search(text) is None
    if empty:
        raise _Reject(path, "empty article", line)


# --------------------------------------------------------------------------
# One text file


def _read_text_file(path: Path, max_bytes: int) -> Article:
    data = _read_bytes(path, max_bytes)
    text, warnings = _decode(data, path)
    front, body = _split_front_matter(text, path)
    fields: dict = {}
    origin: dict = {}
    if front is not None:
        if len(front) > MAX_FRONT_MATTER_CHARS:
            raise _Reject(path, f"front matter of {len(front)} characters is over the limit of "
                          f"{MAX_FRONT_MATTER_CHARS}", 1)
        fields = _parse_yaml_mapping(front, path, 2, "front matter", warnings)
    name = str(path)
    sidecar = name[:len(name) - len(path.suffix)] + SIDECAR_SUFFIX  # as path.with_name(stem + suffix)
    if sidecar != name and os.path.isfile(sidecar):
        sidecar = Path(sidecar)
        side = _read_sidecar(sidecar, path, max_bytes, warnings)
        # Front matter wins; the sidecar fills in what it lacks.
        for key, (value, line) in side.items():
            if key in fields:
                if fields[key][0] != value:
                    warnings.append(
                        f"{sidecar}:{line}: {key!r} differs from the front matter of "
                        f"{path.name}; the front matter is used")
                continue
            fields[key] = (value, line)
            origin[key] = str(sidecar)
    _check_text(body, path)
    return _build_article(path.stem, body, fields, str(path), warnings, origin)


def _read_sidecar(sidecar: Path, article_path: Path, max_bytes: int,
                  warnings: list[str]) -> dict:
    data = _read_bytes(sidecar, min(max_bytes, 4 * MAX_FRONT_MATTER_CHARS))
    text, decode_warnings = _decode(data, sidecar)
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise _Reject(sidecar, f"sidecar of {len(text)} characters is over the limit of "
                      f"{MAX_FRONT_MATTER_CHARS}", 1)
    warnings.extend(decode_warnings)
    return _parse_yaml_mapping(text, sidecar, 1, f"metadata sidecar of {article_path.name}",
                               warnings)


# --------------------------------------------------------------------------
# Tables: JSONL, JSON, CSV/TSV (one article per record)


class _TooLarge(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


def _row_to_article(row, file: str, line: int, stem: str, warnings: list[str]) -> Article:
    """Turn one JSON object or CSV record (a ``dict``) into an :class:`Article`."""
    where = f"{file}:{line}"
    if not isinstance(row, dict):
        raise _Reject(file, f"record is a JSON {type(row).__name__}, not an object", line)
    if "text" not in row:
        raise _Reject(file, "record has no 'text' field", line)
    text = row["text"]
    if not isinstance(text, str):
        raise _Reject(file, "'text' must be a string", line)
    fields: dict = {}
    for key, value in row.items():
        key = str(key)
        if key == "text":
            continue
        if isinstance(value, (list, dict)):
            value = _Complex(json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif value is not None and not isinstance(value, str):
            value = _meta_value(value)
        fields[key] = (value, line)
    for value in [text, *(v for v, _ in fields.values() if v is not None)]:
        m = _SURROGATE_RE.search(value)
        if m:
            raise _Reject(file, f"unpaired surrogate \\u{ord(m.group()):04x} in record", line)
    if "\0" in text:
        raise _Reject(file, "NUL character in text", line)
    text = _NEWLINE_RE.sub("\n", text)
    _check_text(text, file, line)
    origin = {key: file for key in fields}
    return _build_article(f"{stem}-{line}", text, fields, where, warnings, origin)


def _sniff_binary(head: bytes, path) -> None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise _Reject(path, f"binary file ({kind})")
    if not any(head.startswith(bom) for bom, _c, _n in _BOMS):
        if b"\0" in head and _looks_utf16_without_bom(head):
            raise _Reject(path, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
        if _looks_binary(head):
            raise _Reject(path, "binary file")


def _physical_lines(fh, path, max_bytes: int, file_warnings: list[str]):
    """Yield ``(lineno, text_or_None, problem_or_None)`` for each line of *fh*.

    Lines are read with a size limit, so a huge line never sits in memory
    beyond ``max_bytes``; each is decoded on its own, so one bad line does
    not spoil the others.
    """
    head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
    _sniff_binary(head, path)
    codec = codec_name = None
    for bom, bom_codec, bom_name in _BOMS:
        if head.startswith(bom):
            fh.read(len(bom))
            codec, codec_name = bom_codec, bom_name
            file_warnings.append(f"{path}: decoded as {bom_name}")
            break
    else:
        if head.startswith(codecs.BOM_UTF8):
            fh.read(len(codecs.BOM_UTF8))
    if codec is not None:
        reader = io.TextIOWrapper(fh, encoding=codec, newline="")
        lineno = 0
        while True:
            try:
                line = reader.readline(max_bytes + 1)
            except UnicodeDecodeError:
                raise _Reject(path, f"invalid {codec_name}; rest of file skipped",
                              lineno + 1) from None
            if not line:
                return
            lineno += 1
            if len(line) > max_bytes and not line.endswith("\n"):
                yield lineno, None, f"line too large (> {max_bytes} characters)"
                while line and not line.endswith("\n"):
                    line = reader.readline(1 << 20)
                continue
            yield lineno, line, None
        return
    lineno = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            yield lineno, None, f"line too large (> {max_bytes} bytes)"
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            continue
        nul = raw.find(b"\0")
        if nul >= 0:
            yield lineno, raw.decode("utf-8", "replace"), f"NUL byte at byte {nul + 1} of the line"
            continue
        try:
            yield lineno, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield (lineno, raw.decode("utf-8", "replace"),
                   f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line)")


def _open_table(path: Path, max_bytes: int):
    fd, _st = _open_regular(path)
    return os.fdopen(fd, "rb")


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Rejection]:
    file = str(path)
    file_warnings: list[str] = []
    with _open_table(path, max_bytes) as fh:
        for lineno, line, problem in _physical_lines(fh, path, max_bytes, file_warnings):
            if problem is not None:
                yield Rejection(file, problem, lineno)
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejection(file, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno)
                continue
            except RecursionError:
                yield Rejection(file, "JSON nested too deeply", lineno)
                continue
            try:
                yield _row_to_article(row, file, lineno, path.stem, list(file_warnings))
            except _Reject as rej:
                yield rej.rejection


def _read_json(path: Path, max_bytes: int) -> Iterator[Article | Rejection]:
    """A ``.json`` file: one article object, or an array of them."""
    file = str(path)
    text, file_warnings = _decode(_read_bytes(path, max_bytes), path)
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    idx = ws.match(text).end()
    if idx == len(text):
        yield Rejection(file, "empty article")
        return
    line = _line_of(text, idx)

    def advance(old, new, line):
        return line + text.count("\n", old, new)

    try:
        if text[idx] != "[":
            obj, end = decoder.raw_decode(text, idx)
            if ws.match(text, end).end() != len(text):
                raise _Reject(file, "extra data after the JSON value", advance(idx, end, line))
            try:
                yield _row_to_article(obj, file, line, path.stem, list(file_warnings))
            except _Reject as rej:
                yield rej.rejection
            return
        pos = ws.match(text, idx + 1).end()
        line = advance(idx, pos, line)
        if text.startswith("]", pos):
            return
        while True:
            try:
                obj, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise _Reject(file, f"invalid JSON: {exc.msg}; rest of file skipped",
                              _line_of(text, exc.pos)) from None
            try:
                yield _row_to_article(obj, file, line, path.stem, list(file_warnings))
            except _Reject as rej:
                yield rej.rejection
            nxt = ws.match(text, end).end()
            line = advance(pos, nxt, line)
            if text.startswith("]", nxt):
                if ws.match(text, nxt + 1).end() != len(text):
                    raise _Reject(file, "extra data after the JSON array", line)
                return
            if not text.startswith(",", nxt):
                raise _Reject(file, "invalid JSON: expected ',' or ']' between articles; "
                              "rest of file skipped", line)
            pos = ws.match(text, nxt + 1).end()
            line = advance(nxt, pos, line)
    except json.JSONDecodeError as exc:
        yield Rejection(file, f"invalid JSON: {exc.msg}", _line_of(text, exc.pos))
    except RecursionError:
        yield Rejection(file, "JSON nested too deeply", line)
    except _Reject as rej:
        yield rej.rejection


def _read_csv(path: Path, max_bytes: int) -> Iterator[Article | Rejection]:
    file = str(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    file_warnings: list[str] = []
    # The csv module refuses fields over 128 KiB by default; articles can be longer.
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)
    state = {"chars": 0, "bad": {}}

    with _open_table(path, max_bytes) as fh:
        def lines():
            for lineno, line, problem in _physical_lines(fh, path, max_bytes, file_warnings):
                if line is None:
                    raise _TooLarge(lineno)
                if problem is not None:
                    state["bad"][lineno] = problem
                state["chars"] += len(line)
                if state["chars"] > max_bytes:
                    raise _TooLarge(lineno)
                yield line

        reader = csv.reader(lines(), delimiter=delimiter)
        header = None
        last = 0
        try:
            for row in reader:
                start, last = last + 1, reader.line_num
                state["chars"] = 0
                bad = [(n, p) for n, p in state["bad"].items() if start <= n <= last]
                state["bad"] = {}
                if not row:
                    continue
                if bad:
                    yield Rejection(file, bad[0][1], bad[0][0])
                    continue
                if header is None:
                    header = [h.strip().lower() for h in row]
                    if "text" not in header:
                        yield Rejection(file, "the header has no 'text' column (found: "
                                        + ", ".join(repr(h) for h in header[:12]) + ")", start)
                        return
                    dupes = sorted({h for h in header if header.count(h) > 1})
                    if dupes:
                        yield Rejection(file, f"the header repeats column {dupes[0]!r}", start)
                        return
                    continue
                if len(row) != len(header):
                    yield Rejection(file, f"expected {len(header)} fields, found {len(row)}", start)
                    continue
                record = {k: (v if v != "" or k in ("text",) else None)
                          for k, v in zip(header, row)}
                try:
                    yield _row_to_article(record, file, start, path.stem, list(file_warnings))
                except _Reject as rej:
                    yield rej.rejection
        except _TooLarge as exc:
            yield Rejection(file, f"record too large (> {max_bytes} bytes); rest of file skipped",
                            exc.line)
        except csv.Error as exc:
            yield Rejection(file, f"invalid CSV: {exc}; rest of file skipped", reader.line_num)
        if header is None and not last:
            yield Rejection(file, "empty file")


# --------------------------------------------------------------------------
# Paths


def _format_reader(path: Path):
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl
    if suffix == ".json":
        return _read_json
    if suffix in (".csv", ".tsv"):
        return _read_csv
    return None


def read_article_file(path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Rejection]:
    """Read one file, whatever its extension.

    ``.jsonl``/``.ndjson``, ``.json``, ``.csv`` and ``.tsv`` files hold one
    article per record; any other file is one plain-text article (with
    optional front matter and ``NAME.meta.yaml`` sidecar).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    max_bytes : int
        Size limit of a text or ``.json`` file, or of one JSONL/CSV record.

    Yields
    ------
    Article or Rejection
    """
    path = Path(path)
    try:
        if path.name.endswith(SIDECAR_SUFFIX):
            yield Rejection(str(path), "a metadata sidecar, not an article "
                            f"(it belongs to {path.name[:-len(SIDECAR_SUFFIX)]}.*)")
            return
        reader = _format_reader(path)
        if reader is None:
            yield _read_text_file(path, max_bytes)
        else:
            yield from reader(path, max_bytes)
    except _Reject as rej:
        yield rej.rejection
    except RecursionError:
        yield Rejection(str(path), "nested too deeply to read")
    except OSError as exc:
        yield Rejection(str(path), f"cannot read: {exc.strerror or exc}")


def _is_candidate(name: str) -> bool:
    low = name.lower()
    return (not name.startswith(".") and not low.endswith(SIDECAR_SUFFIX)
            and os.path.splitext(low)[1] in ARTICLE_SUFFIXES)


def _walk(folder: Path, seen: set) -> Iterator[Path | Rejection]:
    try:
        real = os.path.realpath(folder)
        if real in seen:  # a symbolic link loop
            return
        seen.add(real)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Rejection(str(folder), f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen)
        elif _is_candidate(entry.name):
            yield Path(entry.path)


def read_articles(paths, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Rejection]:
    """Read articles from files and folders, never stopping at a bad input.

    Parameters
    ----------
    paths : str, os.PathLike or iterable of them
        Files and folders, read in the order given.  Folders are searched
        recursively in sorted (code-point) order of names, skipping hidden
        files and folders and ``*.meta.yaml`` sidecars, and taking only
        :data:`ARTICLE_SUFFIXES` (``.txt .text .md .markdown .jsonl .ndjson
        .json .csv .tsv``).  A file named explicitly is read whatever its
        extension (as plain text unless it is a table format).
    max_bytes : int, default 50_000_000
        A larger text or ``.json`` file is rejected without being read; for
        JSONL and CSV the limit applies to each line/record.

    Yields
    ------
    Article or Rejection
        Articles in a deterministic order; a :class:`Rejection` (one line
        naming the file, and the line when known) for each input that could
        not be read.  Duplicate ``doc`` ids are not checked here.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("---\\ndate: 2020-07-09\\n---\\nTurkey urged a truce.\\n")
    >>> _ = (folder / "b.txt").write_bytes(bytes(range(256)) * 4)
    >>> for item in read_articles([folder]):
    ...     if isinstance(item, Rejection):
    ...         print("rejected:", item.reason)
    ...     else:
    ...         print(item.doc, item.date)
    a 2020-07-09
    rejected: binary file
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            yield Rejection(str(path), "no such file or directory")
            continue
        if path.is_dir():
            for item in _walk(path, set()):
                if isinstance(item, Rejection):
                    yield item
                else:
                    yield from read_article_file(item, max_bytes=max_bytes)
        else:
            yield from read_article_file(path, max_bytes=max_bytes)
