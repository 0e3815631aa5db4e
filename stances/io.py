"""Statement tables: records, pandas frames, and the CSV, JSONL and Parquet writers.

CSV and JSONL are written with the standard library, one row at a time, so
``stances extract`` streams without importing pandas; Parquet (extra
``stances[parquet]``) goes through pandas and pyarrow. Every format writes
the same values:

* ``date`` is an ISO date string (``2020-07-09``) in CSV and JSONL and a
  calendar ``date`` column (Arrow ``date32``) in Parquet; undated is empty /
  ``null``;
* floats are rounded to :data:`FLOAT_DIGITS` decimals (``-0.6``, never
  ``-0.6000000000000001``), in every format;
* text is written as is; missing or empty text (an article without a
  source or URL) is an empty CSV field, JSON ``null`` and Parquet null,
  so pandas and DuckDB read the same table from every format.

There is one writer function per format (:func:`write_csv`,
:func:`write_jsonl`, :func:`write_parquet`); :func:`write_statements` (a whole
table) and :func:`write_statement_stream` (statements as they are extracted)
both go through them, so a streamed file and a whole-table file are
byte-identical.
"""
from __future__ import annotations

import csv
import datetime as _dt
import itertools
import json
import math
import os
import sys
from pathlib import Path

from .model import STATEMENT_COLUMNS, InputError, Statement

__all__ = ["FORMATS", "FLOAT_DIGITS", "PARQUET_HINT", "statements_frame", "normalise_frame", "round_float",
           "plain_record", "frame_records", "write_csv", "write_jsonl", "write_parquet",
           "write_statements", "write_statement_stream", "read_statement_file", "require_pyarrow",
           "csv_safe", "csv_unsafe", "csv_cell", "markdown_cell", "FORMULA_PREFIXES"]

#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: First characters after which :func:`csv_cell` may change a text cell.
_RISKY_FIRST = frozenset(FORMULA_PREFIXES + ("'",))


def csv_cell(v):
    """One CSV cell value, neutralised like :func:`csv_safe` (non-text values unchanged)."""
    if isinstance(v, str) and "\r" in v:  # (a bare CR is not quoted by a "\n" writer)
        v = v.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(v, str) and v and (v[0] in FORMULA_PREFIXES or (v[0] == "'" and v[1:2] and
                                                                  v[1] in FORMULA_PREFIXES)):
        return "'" + v
    return v


def csv_safe(frame):
    """A copy of *frame* whose text cells cannot run as spreadsheet formulas.

    Every CSV ``stances`` writes goes through here: line breaks in text
    become ``\\n`` (quoted), and a text cell starting with
    ``= + - @``, a tab or a carriage return gets a leading ``'`` (so does one
    already starting with ``'`` and such a character, so that
    :func:`csv_unsafe` gives every value back exactly). Numbers are not text
    and stay as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"doc": ["=1+1", "a"], "score": [-1.0, 1.0]})).values.tolist()
    [["'=1+1", -1.0], ['a', 1.0]]
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.CategoricalDtype) \
                or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).map(csv_cell)
    if any(isinstance(c, str) and csv_cell(c) != c for c in out.columns):
        out.columns = [csv_cell(c) for c in out.columns]
    return out


def csv_unsafe(frame):
    """Undo :func:`csv_safe` on a frame read from a CSV file ``stances`` wrote."""
    import pandas as pd

    def back(v):
        if isinstance(v, str) and v[:1] == "'" and v[1:2] and (
                v[1] in FORMULA_PREFIXES or (v[1] == "'" and v[2:3] and v[2] in FORMULA_PREFIXES)):
            return v[1:]
        return v

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).map(back)
    return out


_MD_SPECIAL = frozenset("\\`*_[]<>|#~!&{}")


def markdown_cell(text) -> str:
    r"""*text* as one Markdown table cell that renders literally (no markup, links or HTML).

    >>> markdown_cell("<b>x</b> | [a](b)")
    '\\<b\\>x\\</b\\> \\| \\[a\\](b)'
    """
    s = " ".join(str(text).split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)

FORMATS = ("csv", "jsonl", "parquet")

#: Decimals kept for floats in every output format.
FLOAT_DIGITS = 6

#: What to install for Parquet.
PARQUET_HINT = "Parquet needs pyarrow: pip install 'stances[parquet]'"

_TEXT_COLUMNS = ("doc", "position", "rule", "holder_text", "holder_via", "sentence", "source",
                 "title", "url", "rules_version")


def require_pyarrow(path) -> None:
    """Raise a one-line :class:`~stances.model.InputError` naming *path* when pyarrow is missing.

    Examples
    --------
    >>> require_pyarrow("out.parquet")  # pyarrow is installed by the test extra
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(str(path), PARQUET_HINT) from None


# ----------------------------------------------------------------------------- values


def _missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NaTType", "NAType")


def round_float(v):
    """*v* rounded to :data:`FLOAT_DIGITS` decimals (``-0.0`` becomes ``0.0``); ``None`` when missing.

    >>> round_float(-0.6000000000000001), round_float(float("nan")), round_float(-0.0)
    (-0.6, None, 0.0)
    """
    if _missing(v):
        return None
    return round(float(v), FLOAT_DIGITS) + 0.0


def _date_text(v) -> str | None:
    if _missing(v):
        return None
    if isinstance(v, _dt.datetime) or hasattr(v, "to_pydatetime"):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    text = str(v)[:10]
    try:
        return _dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def _text(v) -> str | None:
    if _missing(v):
        return None
    v = str(v)
    return v if v else None


def _int(v, default: int = -1) -> int:
    if _missing(v):
        return default
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return default


def _bool(v) -> bool:
    if isinstance(v, bool):
        return v
    if type(v).__name__ == "bool_":
        return bool(v)
    return str(v).lower() in ("true", "1")


def _score(v):
    if isinstance(v, str):
        try:
            v = float(v)
        except ValueError:
            return None
    return round_float(v)


def _cell(v):
    """A plain JSON-able value for an extra (non-contract) column."""
    if _missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float):
        return round_float(v)
    if isinstance(v, (_dt.datetime, _dt.date)) or hasattr(v, "to_pydatetime"):
        return _date_text(v)
    if isinstance(v, (bool, int, str)):
        return v
    return str(v)


def plain_record(statement) -> dict:
    """The output values of one statement (a :class:`~stances.model.Statement` or a dict).

    Keys are :data:`~stances.model.STATEMENT_COLUMNS` in order, then any extra
    keys of a dict. ``date`` is ``YYYY-MM-DD`` or ``None``, ``score`` a
    rounded float, ``start``/``end`` ints (-1 when unknown), ``negated`` a
    bool, text (``week`` too) a non-empty ``str`` or ``None``.

    Examples
    --------
    >>> r = plain_record({"doc": "a", "date": "2020-07-09", "actor": "TUR", "score": -0.6000000000000001})
    >>> r["date"], r["score"], r["start"], r["week"], r["negated"]
    ('2020-07-09', -0.6, -1, None, False)
    """
    if type(statement) is Statement:
        rec = _statement_record(statement)
        if rec is not None:
            return rec
    if isinstance(statement, dict):
        get = statement.get
        extra = [k for k in statement if k not in STATEMENT_COLUMNS]
    else:
        def get(key, default=None):
            return getattr(statement, key, default)
        extra = []
    out = {
        "doc": _text(get("doc")),
        "date": _date_text(get("date")),
        "week": _text(get("week")),
        "actor": _text(get("actor")),
        "issue": _text(get("issue")),
        "position": _text(get("position")),
        "score": _score(get("score")),
        "rule": _text(get("rule")),
        "negated": _bool(get("negated")),
        "holder_text": _text(get("holder_text")),
        "holder_via": _text(get("holder_via")),
        "sentence": _text(get("sentence")),
        "start": _int(get("start")),
        "end": _int(get("end")),
    }
    for col in ("source", "title", "url", "rules_version"):
        out[col] = _text(get(col))
    for key in extra:
        out[key] = _cell(statement[key])
    return out


#: The text columns of a statement, in column order (all but date, score, negated, start, end).
_TEXT_COLUMNS = tuple(c for c in STATEMENT_COLUMNS if c not in ("date", "score", "negated", "start", "end"))


def _statement_record(st) -> dict | None:
    """:func:`plain_record` of a :class:`Statement` whose fields have the types extraction gives
    them (text ``str``, ``date`` a ``datetime.date`` or ``None``, a finite ``score``, ``int``
    offsets), without the per-value conversions; ``None`` for any other statement."""
    g = st.__dict__
    date, score, negated, start, end = g["date"], g["score"], g["negated"], g["start"], g["end"]
    if not (type(score) is float and score == score and type(negated) is bool and type(start) is int
            and type(end) is int and (date is None or type(date) is _dt.date)):
        return None
    out = dict.fromkeys(STATEMENT_COLUMNS)  # the column order
    for c in _TEXT_COLUMNS:
        v = g[c]
        if type(v) is not str:
            return None
        out[c] = v or None
    out["date"] = None if date is None else date.isoformat()
    out["score"] = round(score, FLOAT_DIGITS) + 0.0
    out["negated"], out["start"], out["end"] = negated, start, end
    return out


def frame_records(df):
    """Yield the rows of a statement frame as output records (see :func:`plain_record`).

    Unlike :func:`plain_record` it keeps the frame's own column order (contract
    columns first after :func:`normalise_frame`) and any extra columns.
    """
    columns = [str(c) for c in df.columns]
    known = set(STATEMENT_COLUMNS)
    for row in df.itertuples(index=False, name=None):
        rec = dict(zip(columns, row))
        plain = plain_record({k: v for k, v in rec.items() if k in known})
        yield {c: (plain[c] if c in known else _cell(rec[c])) for c in columns}


# ----------------------------------------------------------------------------- writers


def _csv_value(v):
    return "" if v is None else csv_cell(v)


#: Number types whose CSV spelling is their ``str`` (``repr`` for floats), as in the csv module.
_PLAIN_NUMBERS = frozenset((int, float, bool))


def _csv_row(rec: dict, columns) -> list:
    """The cells of one record: :func:`_csv_value` of each column, with the common text cell
    (no formula start, no carriage return) passed through as it is and the plain numbers
    spelt as the csv module spells them."""
    row = []
    for c in columns:
        v = rec.get(c)
        if v is None:
            row.append("")
        elif type(v) is str and v and v[0] not in _RISKY_FIRST and "\r" not in v:
            row.append(v)
        elif type(v) in _PLAIN_NUMBERS:  # spelt as the csv module spells them
            row.append(repr(v) if type(v) is float else str(v))
        else:
            row.append(csv_cell(v))
    return row


def _quote_cell(cell: str) -> str:
    """A cell as the csv module's minimal quoting writes it (no carriage return in it)."""
    if "," in cell or '"' in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_csv(records, out, header: bool = True, columns=None) -> int:
    """Write *records* (dicts of plain values) as CSV to the text stream *out*.

    ``None`` is an empty field; fields are quoted only when they must be.
    *columns* defaults to the keys of the first record, else
    :data:`~stances.model.STATEMENT_COLUMNS`. Returns the number of rows.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_csv([{"doc": "a", "score": 0.5, "title": None}], buf)
    1
    >>> buf.getvalue()
    'doc,score,title\\na,0.5,\\n'
    """
    it = iter(records)
    first = next(it, None)
    if columns is None:
        columns = list(first) if first is not None else list(STATEMENT_COLUMNS)
    w = csv.writer(out, lineterminator="\n")
    if header:
        w.writerow(columns)
    if first is None:
        return 0
    n = 0
    write, commas = out.write, len(columns) - 1
    for rec in itertools.chain([first], it):
        row = _csv_row(rec, columns)
        # a row of text and numbers is written as the csv module writes it, without its test
        # of every character of every cell: joined, quoting only the cells that need it
        try:
            line = ",".join(row)
        except TypeError:  # a value of another type: the csv module spells it
            line = None
        if line is None or not commas or "\r" in line:
            w.writerow(row)
        elif line.count(",") == commas and '"' not in line and "\n" not in line:
            write(line + "\n")
        else:  # quoted where the csv module quotes (a comma, a quote, a line break)
            write(",".join(_quote_cell(c) for c in row) + "\n")
        n += 1
    return n


def write_jsonl(records, out) -> int:
    """Write *records* as JSON Lines (one object per line, UTF-8 kept) to *out*.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_jsonl([{"doc": "a", "date": None, "score": -0.6}], buf)
    1
    >>> buf.getvalue()
    '{"doc": "a", "date": null, "score": -0.6}\\n'
    """
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(df, path) -> None:
    """Write a frame as Parquet (needs pyarrow, extra ``stances[parquet]``).

    Datetime columns whose values are all at midnight (``date`` of the
    statement table, ``first``/``last`` of the stance table) become calendar
    ``date`` columns (Arrow ``date32``); floats are rounded to
    :data:`FLOAT_DIGITS` decimals; empty text is null, as in CSV;
    categoricals stay categoricals.
    """
    require_pyarrow(path)
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            if bool((s.dropna() == s.dropna().dt.normalize()).all()):
                out[col] = pd.Series([None if pd.isna(v) else v.date() for v in s],
                                     index=s.index, dtype=object)
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.round(FLOAT_DIGITS) + 0.0
        elif pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            if not isinstance(s.dtype, pd.CategoricalDtype):
                out[col] = s.astype(object).where(s.astype(object) != "", None)
    out.to_parquet(path, index=False)


def _open_out(path):
    if path is None:
        return sys.stdout, False
    return open(path, "w", encoding="utf-8", newline=""), True


def write_statements(df, path: str | os.PathLike | None, fmt: str = "csv") -> None:
    """Write a statement frame as CSV, JSONL or Parquet (CSV/JSONL to stdout when *path* is None).

    ``pd.read_parquet`` gives back the frame, with ``date`` as calendar dates.
    """
    if fmt not in FORMATS:
        raise InputError(str(path or "-"), f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        if path is None:
            raise InputError("-", "parquet output needs -o FILE")
        write_parquet(df, path)
        return
    out, close = _open_out(path)
    try:
        if fmt == "csv":
            write_csv(frame_records(df), out, columns=[str(c) for c in df.columns])
        else:
            write_jsonl(frame_records(df), out)
    finally:
        if close:
            out.close()
        else:
            out.flush()


def write_statement_stream(pairs, path, fmt: str = "csv", on_article=None) -> int:
    """Write the statements of ``(article, statements)`` *pairs* as they arrive.

    CSV and JSONL are written row by row with the standard library (memory
    stays flat; the bytes equal :func:`write_statements` of the whole table).
    Parquet is collected and written at the end (pandas and pyarrow).

    Parameters
    ----------
    pairs : iterable of (Article, list of Statement)
    path : str, os.PathLike or None
        The output file; ``None`` writes CSV/JSONL to standard output.
    fmt : {"csv", "jsonl", "parquet"}
    on_article : callable, optional
        Called with each article after its statements are written (progress).

    Returns
    -------
    int
        The number of statements written.

    Examples
    --------
    >>> import io, contextlib
    >>> buf = io.StringIO()
    >>> with contextlib.redirect_stdout(buf):
    ...     n = write_statement_stream([], None, "csv")
    >>> n, buf.getvalue().split(",")[:3]
    (0, ['doc', 'date', 'week'])
    """
    if fmt not in FORMATS:
        raise InputError(str(path or "-"), f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")

    def records():
        for article, statements in pairs:
            for s in statements:
                yield plain_record(s)
            if on_article is not None:
                on_article(article)

    if fmt == "parquet":
        if path is None:
            raise InputError("-", "parquet output needs -o FILE")
        require_pyarrow(path)
        rows = []
        for article, statements in pairs:
            rows.extend(statements)
            if on_article is not None:
                on_article(article)
        write_parquet(statements_frame(rows), path)
        return len(rows)
    out, close = _open_out(path)
    try:
        if fmt == "csv":
            return write_csv(records(), out, columns=list(STATEMENT_COLUMNS))
        return write_jsonl(records(), out)
    finally:
        if close:
            out.close()
        else:
            out.flush()


# ----------------------------------------------------------------------------- frames


def statements_frame(statements):
    """A tidy frame (columns :data:`~stances.model.STATEMENT_COLUMNS`) from statements.

    ``actor`` and ``issue`` are categoricals, ``date`` is ``datetime64`` (``NaT``
    when undated), ``start``/``end`` are integers and ``negated`` is boolean.

    Examples
    --------
    >>> statements_frame([]).columns.tolist() == STATEMENT_COLUMNS
    True
    """
    import pandas as pd

    rows = [s.as_dict() if hasattr(s, "as_dict") else dict(s) for s in statements]
    df = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return normalise_frame(df)


def normalise_frame(df):
    """Give a statement frame its canonical column order and dtypes.

    The columns of :data:`~stances.model.STATEMENT_COLUMNS` come first (missing
    ones added empty), extra columns after them; missing text is ``None``.
    Row order is kept.
    """
    import pandas as pd

    extra = [c for c in df.columns if c not in STATEMENT_COLUMNS]
    df = df.reindex(columns=STATEMENT_COLUMNS + extra)
    dates = df["date"]
    if pd.api.types.is_datetime64_any_dtype(dates):
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
    else:
        text = dates.astype(object).where(dates.notna(), "").astype(str).str.slice(0, 10)
        dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    df["date"] = dates.dt.normalize()
    for col in ("start", "end"):
        df[col] = pd.to_numeric(df[col], errors="coerce").fillna(-1).astype("int64")
    df["score"] = pd.to_numeric(df["score"], errors="coerce").astype("float64")
    df["negated"] = df["negated"].map(lambda v: str(v).lower() in ("true", "1")
                                      if not isinstance(v, bool) else v).astype(bool)
    for col in ("week",) + _TEXT_COLUMNS:
        df[col] = df[col].astype("object").where(df[col].notna(), None)
        df[col] = df[col].map(lambda v: v if v is None else str(v))
    df["week"] = df["week"].map(lambda v: v if v else None)
    for col in ("actor", "issue"):
        df[col] = pd.Categorical(df[col].astype("object"),
                                 categories=sorted(df[col].dropna().astype(str).unique()))
    return df.reset_index(drop=True)


def read_statement_file(path: str | os.PathLike):
    """Read a statement table: ``.csv``, ``.jsonl``/``.json``, ``.parquet`` or a folder of Parquet parts.

    Only ``doc``, ``actor``, ``issue`` and ``score`` are required, so hand-made tables load too;
    the frame is normalised (:func:`normalise_frame`). Errors are one line naming the file.
    """
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file")
    suffix = p.suffix.lower()
    try:
        if p.is_dir() or suffix in (".parquet", ".pq"):
            require_pyarrow(p)
            df = pd.read_parquet(p)
        elif suffix in (".jsonl", ".json", ".ndjson"):
            df = pd.read_json(p, lines=suffix != ".json", dtype=False)
        elif suffix == ".csv":
            df = csv_unsafe(pd.read_csv(p, dtype=str, keep_default_na=False).replace({"": None}))
        else:
            raise InputError(str(p), "not a statements file (expected a stances database, .csv, .jsonl "
                                     "or .parquet)")
    except InputError:
        raise
    except Exception as exc:  # parser errors of every kind: one line naming the file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(str(p), f"cannot read statements: {first}") from None
    missing = [c for c in ("doc", "actor", "issue", "score") if c not in df.columns]
    if missing:
        raise InputError(str(p), f"not a statements file: missing column(s) {', '.join(missing)}")
    return normalise_frame(df)
