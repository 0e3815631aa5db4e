"""Read Discourse Network Analyzer (DNA 3) databases into a statement table.

DNA stores coded statements in SQLite: ``STATEMENTS`` (document, span,
statement type), their values in ``DATASHORTTEXT`` (entities such as
organisations and concepts), ``DATABOOLEAN`` / ``DATAINTEGER`` (the
qualifier, e.g. agreement) and ``DOCUMENTS`` (title, text, date in seconds
since 1970, UTC). :func:`read_dna` turns one statement type into the
``stances`` statement table so that DNA users can move their coded data over
and compare networks.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from .model import STATEMENT_COLUMNS, InputError

__all__ = ["read_dna", "is_dna_database"]

_REQUIRED_TABLES = {"STATEMENTS", "STATEMENTTYPES", "VARIABLES", "DATASHORTTEXT",
                    "ENTITIES", "DOCUMENTS"}


def is_dna_database(path) -> bool:
    """Whether *path* is a DNA 3 database: an SQLite file with DNA's statement and document tables.

    Never raises: a missing, unreadable or foreign file is simply not one.

    Examples
    --------
    >>> is_dna_database("README.md")
    False
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            tables = {r[0].upper() for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except (OSError, sqlite3.DatabaseError):
        return False
    return _REQUIRED_TABLES <= tables


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        tables = {r[0].upper() for r in
                  con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(str(path), f"not a DNA database (SQLite says: {exc})") from None
    missing = _REQUIRED_TABLES - tables
    if missing:
        con.close()
        raise InputError(str(path), "not a DNA 3 database (missing table(s) "
                         + ", ".join(sorted(missing)) + ")")
    return con


def _pick_type(con, path, actor, issue, qualifier, statement_type):
    rows = con.execute("SELECT t.ID, t.Label, v.Variable, v.DataType FROM STATEMENTTYPES t "
                       "JOIN VARIABLES v ON v.StatementTypeId = t.ID ORDER BY t.ID, v.ID").fetchall()
    types: dict[int, dict] = {}
    labels = {}
    for tid, label, var, dtype in rows:
        types.setdefault(tid, {})[var] = dtype
        labels[tid] = label
    candidates = [t for t, vs in types.items()
                  if actor in vs and issue in vs and qualifier in vs
                  and (statement_type is None or labels[t] == statement_type)]
    if not candidates:
        want = f"statement type {statement_type!r} with" if statement_type else "no statement type has"
        raise InputError(str(path), f"{want} variables {actor!r}, {issue!r} and {qualifier!r}"
                         + (" not found" if statement_type else ""))
    tid = candidates[0]
    vs = types[tid]
    for var in (actor, issue):
        if vs[var] != "short text":
            raise InputError(str(path), f"variable {var!r} is {vs[var]}, not short text")
    if vs[qualifier] not in ("boolean", "integer"):
        raise InputError(str(path), f"qualifier {qualifier!r} is {vs[qualifier]}, "
                         "not boolean or integer")
    return tid, labels[tid], vs[qualifier]


def read_dna(path, actor: str = "organization", issue: str = "concept",
             qualifier: str = "agreement", statement_type: str | None = None,
             doc_prefix: str | None = None) -> pd.DataFrame:
    """Read the coded statements of a DNA 3 database.

    Parameters
    ----------
    path : str or Path
        The ``.dna`` file (SQLite).
    actor, issue : str
        Short-text variables that become ``actor`` and ``issue``.
    qualifier : str
        Boolean or integer variable that gives the stance: boolean 1 is
        +1 (agreement), 0 is -1 (disagreement); for an integer qualifier the
        sign of the value is used (0 stays 0, a statement without stance).
    statement_type : str, optional
        Label of the statement type to read; by default the first type (by
        id) that has all three variables.
    doc_prefix : str, optional
        ``doc`` is ``"{doc_prefix}-{document id}"``; default the file stem.

    Returns
    -------
    pandas.DataFrame
        The statement table (:data:`stances.model.STATEMENT_COLUMNS`) plus
        ``actor_kind`` (the actor entity's ``Type`` attribute, "" if none):
        ``date`` is the document date (datetime64, UTC day and time as
        stored), ``position`` is ``support``/``oppose``, ``rule`` is
        ``dna:statement-ID``, ``sentence`` the coded text span with its
        ``start``/``end`` offsets in the document, ``title``/``source`` from
        the document, ``rules_version`` ``dna-VERSION``. Statements whose
        actor or issue is empty are skipped. Rows are sorted by statement id.

    Raises
    ------
    stances.model.InputError
        The file is missing, not SQLite, not DNA 3, or lacks the variables.

    Examples
    --------
    >>> s = read_dna("sample.dna")  # doctest: +SKIP
    >>> s[["actor", "issue", "score"]].head(2)  # doctest: +SKIP
                                        actor                                       issue  score
    0  Energy and Environmental Analysis, Inc.  CO2 legislation will not hurt the economy.   -1.0
    1  Energy and Environmental Analysis, Inc.  CO2 legislation will not hurt the economy.   -1.0
    """
    path = Path(path)
    con = _connect(path)
    try:
        tid, _label, qtype = _pick_type(con, path, actor, issue, qualifier, statement_type)
        version = ""
        try:
            row = con.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone()
            version = row[0] if row else ""
        except sqlite3.DatabaseError:
            pass
        qtable = "DATABOOLEAN" if qtype == "boolean" else "DATAINTEGER"
        var_id = {name: vid for name, vid in con.execute(
            "SELECT Variable, ID FROM VARIABLES WHERE StatementTypeId = ?", (tid,))}
        sql = f"""
            SELECT s.ID, s.DocumentId, s.Start, s.Stop, d.Date, d.Title, d.Source, d.Text,
                   ea.ID, ea.Value, ei.Value, q.Value
            FROM STATEMENTS s
            JOIN DOCUMENTS d ON d.ID = s.DocumentId
            LEFT JOIN DATASHORTTEXT da ON da.StatementId = s.ID AND da.VariableId = ?
            LEFT JOIN ENTITIES ea ON ea.ID = da.Entity
            LEFT JOIN DATASHORTTEXT di ON di.StatementId = s.ID AND di.VariableId = ?
            LEFT JOIN ENTITIES ei ON ei.ID = di.Entity
            LEFT JOIN {qtable} q ON q.StatementId = s.ID AND q.VariableId = ?
            WHERE s.StatementTypeId = ?
            ORDER BY s.ID"""
        rows = con.execute(sql, (var_id[actor], var_id[issue], var_id[qualifier], tid)).fetchall()
        kinds = _actor_kinds(con, var_id[actor])
    except sqlite3.DatabaseError as exc:
        raise InputError(str(path), f"cannot read DNA statements: {exc}") from None
    finally:
        con.close()
    prefix = doc_prefix if doc_prefix is not None else path.stem
    records = []
    for sid, did, start, stop, date, title, source, text, aid, a, i, q in rows:
        if not a or not i or q is None:
            continue
        score = (1.0 if q else -1.0) if qtype == "boolean" else float((q > 0) - (q < 0))
        when = pd.to_datetime(int(date), unit="s") if date is not None else pd.NaT
        week = None if pd.isna(when) else f"{when.isocalendar()[0]}-W{when.isocalendar()[1]:02d}"
        records.append({
            "doc": f"{prefix}-{did}", "date": when, "week": week, "actor": a, "issue": i,
            "position": "support" if score > 0 else ("oppose" if score < 0 else "neutral"),
            "score": score, "rule": f"dna:statement-{sid}", "negated": False,
            "holder_text": a, "holder_via": "dna", "sentence": (text or "")[start:stop],
            "start": int(start), "end": int(stop), "source": source or "",
            "title": title or "", "url": "", "rules_version": f"dna-{version}" if version else "dna",
            "actor_kind": kinds.get(aid, ""),
        })
    df = pd.DataFrame.from_records(records, columns=STATEMENT_COLUMNS + ["actor_kind"])
    df["date"] = pd.to_datetime(df["date"])
    return df


def _actor_kinds(con, variable_id: int) -> dict:
    try:
        rows = con.execute(
            "SELECT v.EntityId, v.AttributeValue FROM ATTRIBUTEVALUES v "
            "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId "
            "WHERE a.VariableId = ? AND a.AttributeVariable = 'Type'", (variable_id,)).fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {e: (v or "") for e, v in rows}
