"""Statement tables: build pandas frames and write CSV, JSONL or Parquet."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd

from .model import STATEMENT_COLUMNS, InputError

__all__ = ["statements_frame", "write_statements", "read_statement_file", "FORMATS", "csv_safe",
           "csv_unsafe", "csv_cell", "markdown_cell", "FORMULA_PREFIXES"]

#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v):
    """One CSV cell value, neutralised like :func:`csv_safe` (non-text values unchanged)."""
    if isinstance(v, str) and "\r" in v:  # (a bare CR is not quoted by a "\n" writer)
        v = v.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(v, str) and v and (v[0] in FORMULA_PREFIXES or (v[0] == "'" and v[1:2] and
                                                                  v[1] in FORMULA_PREFIXES)):
        return "'" + v
    return v


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of *frame* whose text cells cannot run as spreadsheet formulas.

    Every CSV ``stances`` writes goes through here: line breaks in text
    become ``\\n`` (quoted), and a text cell starting with
    ``= + - @``, a tab or a carriage return gets a leading ``'`` (so does one
    already starting with ``'`` and such a character, so that
    :func:`csv_unsafe` gives every value back exactly). Numbers are not text
    and stay as they are.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"doc": ["=1+1", "a"], "score": [-1.0, 1.0]})).values.tolist()
    [["'=1+1", -1.0], ['a', 1.0]]
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.CategoricalDtype) \
                or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).map(csv_cell)
    if any(isinstance(c, str) and csv_cell(c) != c for c in out.columns):
        out.columns = [csv_cell(c) for c in out.columns]
    return out


def csv_unsafe(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`csv_safe` on a frame read from a CSV file ``stances`` wrote."""
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


def statements_frame(statements) -> pd.DataFrame:
    """A tidy frame (columns :data:`~stances.model.STATEMENT_COLUMNS`) from statements.

    ``actor`` and ``issue`` are categoricals, ``date`` is ``datetime64`` (``NaT``
    when undated), ``start``/``end`` are integers and ``negated`` is boolean.

    Examples
    --------
    >>> statements_frame([]).columns.tolist() == STATEMENT_COLUMNS
    True
    """
    rows = [s.as_dict() if hasattr(s, "as_dict") else dict(s) for s in statements]
    df = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return normalise_frame(df)


def normalise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Give a statement frame its canonical column order and dtypes.

    The columns of :data:`~stances.model.STATEMENT_COLUMNS` come first (missing
    ones added empty), extra columns after them; missing text is ``None``.
    Row order is kept.
    """
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
    for col in ("doc", "week", "position", "rule", "holder_text", "holder_via", "sentence",
                "source", "title", "url", "rules_version"):
        df[col] = df[col].astype("object").where(df[col].notna(), None)
        df[col] = df[col].map(lambda v: v if v is None else str(v))
    df["week"] = df["week"].map(lambda v: v if v else None)
    for col in ("actor", "issue"):
        df[col] = pd.Categorical(df[col].astype("object"),
                                 categories=sorted(df[col].dropna().astype(str).unique()))
    return df.reset_index(drop=True)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["date"] = out["date"].where(df["date"].notna(), None)
    for col in ("actor", "issue"):
        out[col] = out[col].astype("object")
    return out


def write_statements(df: pd.DataFrame, path: str | os.PathLike | None, fmt: str = "csv") -> None:
    """Write a statement frame as CSV, JSONL or Parquet (to stdout when *path* is None).

    Parquet keeps the dtypes, so ``pd.read_parquet`` gives back the same frame.
    """
    if fmt not in FORMATS:
        raise InputError(str(path or "-"), f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        if path is None:
            raise InputError("-", "parquet output needs -o FILE")
        df.to_parquet(path, index=False)
        return
    plain = _plain(df)
    if fmt == "csv":
        text = csv_safe(plain).to_csv(index=False, lineterminator="\n")
    else:
        lines = [json.dumps({k: (None if (isinstance(v, float) and v != v) else v)
                             for k, v in rec.items()}, ensure_ascii=False, sort_keys=False)
                 for rec in plain.to_dict(orient="records")]
        text = "\n".join(lines) + ("\n" if lines else "")
    if path is None:
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def read_statement_file(path: str | os.PathLike) -> pd.DataFrame:
    """Read a statement table: ``.csv``, ``.jsonl``/``.json``, ``.parquet`` or a folder of Parquet parts.

    Only ``doc``, ``actor``, ``issue`` and ``score`` are required, so hand-made tables load too;
    the frame is normalised (:func:`normalise_frame`). Errors are one line naming the file.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file")
    suffix = p.suffix.lower()
    try:
        if p.is_dir() or suffix in (".parquet", ".pq"):
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
