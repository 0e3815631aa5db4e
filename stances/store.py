"""The SQLite store: articles, their statements per rule-set version, ingest runs.

A store is one SQLite file (default ``./stances.db``) holding

- ``articles``: every article once, matched by a hash of its text (so the
  same story under another file name is a duplicate), with its metadata and
  the full text (re-extraction after a rule edit needs no input files);
- ``statements``: the statements extracted from each article, tagged with the
  ``rules_version`` of the rule set that produced them, plus statements
  imported from Discourse Network Analyzer (``rules_version`` ``dna:<hash>``);
- ``extractions``: which article was extracted under which rule version (an
  article with no statements is still marked, so it is not re-extracted);
- ``runs`` and ``rejections``: the ingest log.

Every article is written in its own transaction together with its
statements, and the database runs in WAL mode: a crash, ``kill -9`` or
Ctrl-C mid-ingest leaves every committed article intact, and readers (``stances
table``, :func:`read_statements`) work while an ingest runs. Concurrent
ingests wait on each other (busy timeout) and never store an article twice.

Examples
--------
>>> import datetime, tempfile, os
>>> from stances.model import Article
>>> path = os.path.join(tempfile.mkdtemp(), "demo.db")
>>> with Store(path) as store:
...     store.article_count()
0
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as _dt
import hashlib
import importlib
import json
import os
import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .coverage import CoverageTally
from .model import (STATEMENT_COLUMNS, Article, InputError, Rejection, RuleError, StancesError, check_date,
                    iso_week)

__all__ = [
    "Store",
    "StoreError",
    "IngestReport",
    "Duplicate",
    "Corpus",
    "content_hash",
    "unique_doc",
    "extract_articles",
    "load_ruleset",
    "read_articles",
    "read_statements",
    "normalize_statements",
    "statements_frame",
    "load_corpus",
    "DEFAULT_DB",
]

#: The default store file, relative to the working directory.
DEFAULT_DB = "stances.db"

#: ``PRAGMA application_id`` of a stances store ("STNC"): tells our files apart
#: from any other SQLite database, which is never touched.
APPLICATION_ID = 0x53544E43
#: ``PRAGMA user_version``: the schema version this code writes.
SCHEMA_VERSION = 1
#: Prefix of the ``rules_version`` of imported DNA statements.
DNA_PREFIX = "dna:"

_SQLITE_HEADER = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    rules_version TEXT,
    paths         TEXT NOT NULL,
    started       TEXT NOT NULL,
    finished      TEXT,
    status        TEXT NOT NULL,
    new           INTEGER NOT NULL DEFAULT 0,
    duplicate     INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    id       INTEGER PRIMARY KEY,
    hash     TEXT NOT NULL UNIQUE,
    doc      TEXT NOT NULL UNIQUE,
    date     TEXT,
    source   TEXT NOT NULL DEFAULT '',
    url      TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL DEFAULT '',
    meta     TEXT NOT NULL DEFAULT '[]',
    path     TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT '[]',
    text     TEXT NOT NULL,
    run_id   INTEGER REFERENCES runs(id)
);
CREATE TABLE extractions (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    rules_version TEXT NOT NULL,
    statements    INTEGER NOT NULL,
    PRIMARY KEY (article_id, rules_version)
) WITHOUT ROWID;
CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    rules_version TEXT NOT NULL,
    doc TEXT NOT NULL, date TEXT, week TEXT, actor TEXT NOT NULL, issue TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '', score REAL NOT NULL, rule TEXT NOT NULL DEFAULT '',
    negated INTEGER NOT NULL DEFAULT 0, holder_text TEXT NOT NULL DEFAULT '',
    holder_via TEXT NOT NULL DEFAULT '', sentence TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0, "end" INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX statements_by_version ON statements (rules_version, article_id);
CREATE TABLE rejections (
    path   TEXT NOT NULL,
    line   INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    PRIMARY KEY (path, line)
);
CREATE TABLE imports (
    rules_version TEXT PRIMARY KEY,
    path          TEXT NOT NULL,
    statements    INTEGER NOT NULL,
    run_id        INTEGER REFERENCES runs(id)
);
"""

#: Per article and rule version: matches dropped for want of a holder and the unknown
#: speakers as JSON ``[[name, times], ...]`` (made on first write; stores from before it
#: have none, and their coverage is computed again from the stored text when asked).
_COVERAGE_DDL = """CREATE TABLE IF NOT EXISTS coverage (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    rules_version TEXT NOT NULL,
    dropped       INTEGER NOT NULL,
    speakers      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, rules_version)
) WITHOUT ROWID"""

_STMT_DB_COLUMNS = [c for c in STATEMENT_COLUMNS]  # same names; "end" is quoted in SQL
_STMT_SELECT = ", ".join(f'"{c}"' for c in _STMT_DB_COLUMNS)


class StoreError(StancesError):
    """A problem with the store file itself (corrupt, foreign, full, locked)."""


# ---------------------------------------------------------------------------
# Seams to the other stages (one place each, so --jobs and tests hook in here)
# ---------------------------------------------------------------------------

def read_articles(paths: Iterable[str | os.PathLike]) -> Iterator:
    """Yield :class:`~stances.model.Article` or :class:`~stances.model.Rejection` for *paths*.

    A thin seam over :func:`stances.corpus.read_articles`.
    """
    from .corpus import read_articles as _read

    return _read([str(p) for p in paths])


def load_ruleset(rules_dir: str | os.PathLike):
    """Load and compile the rule set in *rules_dir* (see :func:`stances.rules.load_rules`).

    Raises :class:`~stances.model.RuleError` when the rules are invalid and
    :class:`~stances.model.InputError` when the folder does not exist.
    """
    from .rules import load_rules, resolve_rules

    try:
        resolve_rules(rules_dir)
    except RuleError as exc:
        if any(p.code == "E111" for p in exc.problems):
            raise InputError(str(rules_dir), "rules folder not found (use --rules DIR)") from None
        raise
    return load_rules(rules_dir)


def _has_table(c, name: str) -> bool:
    return c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() \
        is not None


def _coverage_collector() -> tuple[dict, Callable]:
    """``(counts, on_coverage)``: the callback of :func:`extract_articles` keeps each article's
    ``(dropped, speakers)`` in *counts* under ``id(article)``, to be popped when it is stored."""
    counts: dict = {}

    def on_coverage(article, dropped, speakers):
        counts[id(article)] = (dropped, speakers)

    return counts, on_coverage


def extract_articles(articles: Iterable[Article], ruleset, jobs: int = 1,
                     on_coverage: Callable[[Article, int, tuple], None] | None = None,
                     ) -> Iterator[tuple[Article, list]]:
    """Yield ``(article, statements)`` for each article, in input order.

    The single place where the store calls extraction (ingest, re-extraction
    after a rule edit and :func:`load_corpus` all go through it). Uses
    :func:`stances.extract.extract_many` (which honours *jobs*) when present,
    else :func:`stances.extract.extract_article` one by one. With
    *on_coverage*, uses :func:`stances.extract.analyse_many` and calls
    ``on_coverage(article, dropped, speakers)`` before yielding each article
    (the matches dropped for want of a holder, and the unknown speakers).
    """
    # (import the module by name: the package re-exports a function called ``extract``)
    _extract = importlib.import_module(f"{__package__}.extract")
    if on_coverage is not None:
        for article, an in _extract.analyse_many(articles, ruleset, jobs=jobs):
            on_coverage(article, an.dropped, an.speakers)
            yield article, an.statements
        return
    many = getattr(_extract, "extract_many", None)
    if many is not None:
        yield from many(articles, ruleset, jobs=jobs)
        return
    for article in articles:
        yield article, list(_extract.extract_article(article, ruleset))


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def content_hash(text: str) -> str:
    """Return the identity of an article's text: SHA-256 of its normalized words.

    Unicode is NFC-normalized and every run of whitespace (including
    non-breaking spaces and line breaks) counts as one space, so the same story
    re-saved with other line endings or spacing is recognised as a duplicate.

    Examples
    --------
    >>> content_hash("Turkey  urged a\\u00a0ceasefire.\\n") == content_hash("Turkey urged a ceasefire.")
    True
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _declared_name(ruleset) -> str | None:
    """The conflict a rule set declares (``conflict:`` in its ``conflict.yaml``), else None.

    A folder name is no declaration: an edited copy of the rules in another folder is the same
    conflict.
    """
    name = getattr(ruleset, "name", None)
    root = getattr(ruleset, "path", None)
    if not name or not root or not (Path(root) / "conflict.yaml").is_file():
        return None
    return str(name)


def unique_doc(doc: str, digest: str, taken: Callable[[str], bool]) -> str:
    """*doc*, or the first free rename ``doc~<hash8>``, ``doc~<hash16>``, ``doc~<hash>``, ``doc~<hash>-2``...

    Used when two different texts claim the same doc id; *taken(name)* tells whether a name is
    in use. An article whose own id equals another's rename can therefore never collide with it.

    Examples
    --------
    >>> unique_doc("x", "ab" * 32, {"x", "x~abababab"}.__contains__)
    'x~abababababababab'
    """
    if not taken(doc):
        return doc
    for n in (8, 16, 64):
        cand = f"{doc}~{digest[:n]}"
        if not taken(cand):
            return cand
    i = 2
    while taken(f"{doc}~{digest}-{i}"):
        i += 1
    return f"{doc}~{digest}-{i}"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _statement_dict(statement) -> dict:
    if isinstance(statement, dict):
        return dict(statement)
    # (plain attribute access: dataclasses.asdict deep-copies and costs ~6 % of a re-extraction)
    return {c: getattr(statement, c) for c in STATEMENT_COLUMNS}


def _date_str(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, _dt.date):
        try:
            return check_date(value).isoformat()
        except ValueError:
            return None
    text = str(value).strip()[:10]
    return _stored_date(text).isoformat() if _stored_date(text) else None


def _stored_date(text) -> _dt.date | None:
    """A stored date, or None when missing or outside the supported range (older stores)."""
    try:
        return check_date(_dt.date.fromisoformat(text)) if text else None
    except ValueError:
        return None


def _article_from_row(row) -> Article:
    date = _stored_date(row["date"])
    return Article(
        doc=row["doc"], text=row["text"], date=date, source=row["source"], url=row["url"],
        title=row["title"], meta=tuple(tuple(p) for p in json.loads(row["meta"])), path=row["path"],
        warnings=tuple(json.loads(row["warnings"])),
    )


@dataclass(frozen=True)
class Duplicate:
    """An input article whose text is already stored (as *existing*)."""

    path: str
    doc: str
    existing: str

    def __str__(self) -> str:
        return f"{self.path}: same text as stored article {self.existing}"


@dataclass
class IngestReport:
    """What an ingest did.

    Attributes
    ----------
    run_id : int
        The row in the store's ``runs`` table.
    rules_version : str
        Version of the rule set the statements were extracted with.
    new : list of str
        Docs of the articles stored by this run, in input order.
    duplicates : list of Duplicate
        Inputs whose text was already stored (or seen earlier in this run).
    rejected : list of Rejection
        Inputs that could not be read, with the reason.
    renamed : list of (str, str)
        ``(doc, stored_as)`` for new articles whose doc id was already taken
        by a different text: they are stored under ``doc~<hash8>``.
    statements : int
        Statements extracted from the new articles.
    refreshed : int
        Stored articles re-extracted because the rules changed.
    coverage : CoverageTally
        Coverage counts of the new articles (those without statements, matches
        dropped for want of a holder, unknown speakers).
    """

    run_id: int = 0
    rules_version: str = ""
    new: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    statements: int = 0
    refreshed: int = 0
    coverage: CoverageTally = field(default_factory=CoverageTally)

    def summary(self) -> str:
        """Counts of new, duplicate and rejected articles; then, when new articles were
        read, a second line with their coverage counts (:meth:`CoverageTally.summary`)."""
        line = (f"{len(self.new)} new, {len(self.duplicates)} duplicate, {len(self.rejected)} rejected "
                f"articles; {self.statements} statements (rules {self.rules_version})")
        if self.refreshed:
            line += f"; {self.refreshed} stored articles re-extracted"
        if self.coverage.articles:
            line += f"\ncoverage of the new articles: {self.coverage.summary()}"
        return line


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------

class Store:
    """A stances SQLite store.

    Parameters
    ----------
    path : str or path-like
        The database file (default ``stances.db``); created when missing and
        *create* is true.
    create : bool
        Create the file when it does not exist (else raise InputError).
    timeout : float
        Seconds to wait for another process holding the write lock.

    Raises
    ------
    StoreError
        ``not a stances database`` for a file that is not ours (it is never
        modified), ``database is corrupt`` for a damaged one.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "s.db")
    >>> store = Store(path)
    >>> store.current_version is None
    True
    >>> store.close()
    """

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, *, create: bool = True, timeout: float = 60.0):
        self.path = str(path)
        self.timeout = timeout
        p = Path(self.path)
        if p.is_dir():
            raise InputError(self.path, "is a folder, not a stances database")
        exists = p.exists() and p.stat().st_size > 0
        if not p.exists() and not create:
            raise InputError(self.path, "no such stances database (create it with: stances ingest PATH --db FILE)")
        if exists:
            with open(p, "rb") as fh:
                header = fh.read(len(_SQLITE_HEADER))
            if header != _SQLITE_HEADER:
                raise StoreError(f"{self.path}: not a stances database (not an SQLite file); left untouched")
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            with self._errors():
                self._open(new=not exists)
        except BaseException:
            self.conn.close()
            raise

    # -- opening -------------------------------------------------------------
    def _open(self, new: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        # read the header and the schema in one snapshot: another process may be creating the
        # store right now, and two separate reads could see its tables but not yet its id
        c.execute("BEGIN")
        try:
            app_id = c.execute("PRAGMA application_id").fetchone()[0]
            tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            c.execute("COMMIT")
        if app_id != APPLICATION_ID:
            if app_id != 0 or tables:
                raise StoreError(f"{self.path}: not a stances database (another SQLite database); left untouched")
            self._create_schema()
        else:
            version = c.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by a newer stances (schema {version}); upgrade stances")
            # A cheap read of every table we rely on: a damaged schema fails here.
            for table in ("meta", "runs", "articles", "extractions", "statements", "rejections", "imports"):
                c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")

    def _create_schema(self) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have created it while we waited for the lock.
            if c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                c.execute("COMMIT")
                return
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    c.execute(stmt)
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- plumbing ------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None

    @contextmanager
    def _errors(self):
        """Translate SQLite errors into one-line :class:`StoreError` messages."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.DatabaseError) -> StoreError:
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        msg = str(exc)
        if primary == sqlite3.SQLITE_FULL or "disk is full" in msg:
            return StoreError(f"{self.path}: disk full ({msg}); nothing committed before was lost")
        if primary in (sqlite3.SQLITE_CORRUPT,) or "malformed" in msg:
            return StoreError(f"{self.path}: database is corrupt ({msg}); left untouched")
        if primary == sqlite3.SQLITE_NOTADB or "not a database" in msg:
            return StoreError(f"{self.path}: not a stances database ({msg}); left untouched")
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in msg:
            return StoreError(f"{self.path}: database is locked by another process (waited {self.timeout:g} s)")
        if primary == sqlite3.SQLITE_READONLY or "readonly" in msg:
            return StoreError(f"{self.path}: database is read-only")
        if primary == sqlite3.SQLITE_IOERR or "disk I/O" in msg:
            return StoreError(f"{self.path}: disk I/O error ({msg}); nothing committed before was lost")
        return StoreError(f"{self.path}: {msg}")

    @contextmanager
    def _transaction(self):
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; roll back on any exception (incl. Ctrl-C)."""
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
                c.execute("COMMIT")
            except BaseException:
                try:
                    c.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from exc

    def check_integrity(self) -> None:
        """Run ``PRAGMA quick_check``; raise :class:`StoreError` (``database is corrupt``) unless "ok".

        Every writer calls it first, so a damaged store is never written to.
        """
        with self._errors():
            rows = self.conn.execute("PRAGMA quick_check(5)").fetchall()
        problems = [r[0] for r in rows]
        if problems != ["ok"]:
            raise StoreError(f"{self.path}: database is corrupt (quick_check: {problems[0]}); "
                             "left untouched")

    def _check_rules_name(self, ruleset) -> None:
        """Refuse a rule set of another conflict than the store's (both declaring one)."""
        name = _declared_name(ruleset)
        stored = self.rules_name
        if name and stored and name != stored and self.article_count():
            raise StoreError(f"{self.path}: holds articles extracted with rule set {stored!r}; "
                             f"rules {name!r} would mix two rule sets in one table; use another --db")

    def _record_ruleset(self, c, ruleset) -> None:
        name = _declared_name(ruleset)
        c.execute("CREATE TABLE IF NOT EXISTS rulesets (rules_version TEXT PRIMARY KEY, name TEXT)")
        c.execute(_COVERAGE_DDL)  # every run that extracts records the rule set first
        c.execute("INSERT OR REPLACE INTO rulesets (rules_version, name) VALUES (?, ?)",
                  (ruleset.version, name))
        if name:
            c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('rules_name', ?)", (name,))

    @staticmethod
    def _write_coverage(c, article_id: int, version: str, dropped: int, speakers) -> None:
        c.execute("INSERT OR REPLACE INTO coverage (article_id, rules_version, dropped, speakers) "
                  "VALUES (?, ?, ?, ?)", (article_id, version, int(dropped),
                                          json.dumps([[n, int(k)] for n, k in speakers], ensure_ascii=False)))

    def coverage(self, rules_version: str | None = None) -> dict:
        """Stored coverage counts: ``{doc: (dropped, speakers)}`` for *rules_version*.

        *rules_version* defaults to the current one; ``speakers`` is a tuple of
        ``(name, times)``. Articles extracted before the store kept coverage are
        absent (compute theirs with :func:`stances.coverage.scan_article`).
        """
        version = rules_version or self.current_version
        with self._errors():
            if not _has_table(self.conn, "coverage"):
                return {}
            rows = self.conn.execute(
                "SELECT a.doc, c.dropped, c.speakers FROM coverage c JOIN articles a ON a.id = c.article_id "
                "WHERE c.rules_version = ?", (version,)).fetchall()
        return {str(doc): (int(dropped), tuple((str(n), int(k)) for n, k in json.loads(sp)))
                for doc, dropped, sp in rows}

    @property
    def rules_name(self) -> str | None:
        """The name of the rule set of the store's current statements (e.g. ``libya``), if known."""
        return self._get_meta("rules_name")

    def _get_meta(self, key: str) -> str | None:
        with self._errors():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- state ---------------------------------------------------------------
    @property
    def current_version(self) -> str | None:
        """The rule version of the store's current statements (``None`` before the first ingest)."""
        return self._get_meta("rules_version")

    def article_count(self) -> int:
        """Number of stored articles."""
        with self._errors():
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def versions(self) -> dict[str, int]:
        """Statement counts per stored ``rules_version`` (incl. ``dna:`` imports), sorted by version."""
        with self._errors():
            rows = self.conn.execute(
                "SELECT rules_version, count(*) FROM statements GROUP BY rules_version ORDER BY rules_version"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def stale_count(self, rules_version: str) -> int:
        """Number of stored articles not yet extracted under *rules_version*."""
        with self._errors():
            return self.conn.execute(
                "SELECT count(*) FROM articles WHERE id NOT IN "
                "(SELECT article_id FROM extractions WHERE rules_version = ?)", (rules_version,)
            ).fetchone()[0]

    def articles(self) -> pd.DataFrame:
        """The stored articles' metadata (no text), sorted by date then doc.

        Columns: ``doc, date, week, source, url, title, path, hash``; ``date``
        is datetime64 (NaT when undated).
        """
        with self._errors():
            rows = self.conn.execute(
                "SELECT doc, date, source, url, title, path, hash FROM articles"
            ).fetchall()
        df = pd.DataFrame([dict(r) for r in rows],
                          columns=["doc", "date", "source", "url", "title", "path", "hash"])
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
        df.insert(2, "week", [iso_week(d.date()) if not pd.isna(d) else None for d in df["date"]])
        return df.sort_values(["date", "doc"], na_position="last", kind="stable").reset_index(drop=True)

    def article_text(self, doc: str) -> str:
        """The stored text of article *doc* (evidence offsets point into it)."""
        with self._errors():
            row = self.conn.execute("SELECT text FROM articles WHERE doc = ?", (doc,)).fetchone()
        if row is None:
            raise KeyError(doc)
        return row[0]

    def rejections(self) -> list[Rejection]:
        """Inputs rejected by ingests and not stored since, sorted by path and line."""
        with self._errors():
            rows = self.conn.execute("SELECT path, line, reason FROM rejections ORDER BY path, line").fetchall()
        return [Rejection(r[0], r[2], r[1] or None) for r in rows]

    def counts(self) -> dict[str, int]:
        """``{"articles", "undated", "rejected"}`` counts for reports."""
        with self._errors():
            articles, undated = self.conn.execute(
                "SELECT count(*), coalesce(sum(date IS NULL), 0) FROM articles").fetchone()
            rejected = self.conn.execute("SELECT count(*) FROM rejections").fetchone()[0]
        return {"articles": articles, "undated": undated, "rejected": rejected}

    # -- runs ----------------------------------------------------------------
    def _begin_run(self, kind: str, version: str | None, paths) -> int:
        with self._transaction() as c:
            cur = c.execute(
                "INSERT INTO runs (kind, rules_version, paths, started, status) VALUES (?, ?, ?, ?, 'running')",
                (kind, version, json.dumps([str(p) for p in paths]), _now()))
            return cur.lastrowid

    def _end_run(self, run_id: int, status: str, report: IngestReport | None = None) -> None:
        try:
            with self._transaction() as c:
                c.execute(
                    "UPDATE runs SET status = ?, finished = ?, new = ?, duplicate = ?, rejected = ? WHERE id = ?",
                    (status, _now(), len(report.new) if report else 0, len(report.duplicates) if report else 0,
                     len(report.rejected) if report else 0, run_id))
        except StoreError:
            if status == "done":
                raise

    # -- writing -------------------------------------------------------------
    def _insert_statements(self, c, article_id, version: str, statements) -> int:
        rows = []
        for s in statements:
            d = _statement_dict(s)
            rows.append((
                article_id, version, str(d["doc"]), _date_str(d.get("date")), d.get("week"),
                str(d["actor"]), str(d["issue"]), str(d.get("position") or ""), float(d["score"]),
                str(d.get("rule") or ""), int(bool(d.get("negated"))), str(d.get("holder_text") or ""),
                str(d.get("holder_via") or ""), str(d.get("sentence") or ""), int(d.get("start") or 0),
                int(d.get("end") or 0), str(d.get("source") or ""), str(d.get("title") or ""),
                str(d.get("url") or ""),
            ))
        cols = ["article_id", "rules_version"] + [c_ for c_ in STATEMENT_COLUMNS if c_ != "rules_version"]
        c.executemany(
            f"INSERT INTO statements ({', '.join(chr(34) + x + chr(34) for x in cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})", rows)
        return len(rows)

    def _store_article(self, article: Article, statements: list, version: str, run_id: int,
                       digest: str, counts: tuple | None = None) -> tuple[str, str | None, int]:
        """Insert one article and its statements (and its ``(dropped, speakers)`` *counts*)
        in one transaction.

        Returns ``(stored_doc, existing_doc_if_duplicate, n_statements)``.
        """
        with self._transaction() as c:
            row = c.execute("SELECT doc FROM articles WHERE hash = ?", (digest,)).fetchone()
            if row is not None:  # stored meanwhile by a concurrent ingest
                return article.doc, row[0], 0
            doc = unique_doc(article.doc, digest, lambda d: c.execute(
                "SELECT 1 FROM articles WHERE doc = ?", (d,)).fetchone() is not None)
            if doc != article.doc:
                statements = [dict(_statement_dict(s), doc=doc) for s in statements]
            cur = c.execute(
                "INSERT INTO articles (hash, doc, date, source, url, title, meta, path, warnings, text, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (digest, doc, _date_str(article.date), article.source or "", article.url or "",
                 article.title or "", json.dumps([list(p) for p in article.meta], ensure_ascii=False),
                 article.path or "", json.dumps(list(article.warnings), ensure_ascii=False), article.text, run_id))
            article_id = cur.lastrowid
            n = self._insert_statements(c, article_id, version, statements)
            c.execute("INSERT INTO extractions (article_id, rules_version, statements) VALUES (?, ?, ?)",
                      (article_id, version, n))
            if counts is not None:
                self._write_coverage(c, article_id, version, *counts)
            path = article.path or ""
            file_part = path.rsplit(":", 1)[0] if path.rsplit(":", 1)[-1].isdigit() else path
            c.execute("DELETE FROM rejections WHERE path = ? OR path = ?", (path, file_part))
            return doc, None, n

    def _record_rejection(self, rejection: Rejection, run_id: int) -> None:
        with self._transaction() as c:
            c.execute("INSERT OR REPLACE INTO rejections (path, line, reason, run_id) VALUES (?, ?, ?, ?)",
                      (str(rejection.path), rejection.line or 0, rejection.reason, run_id))

    def _reader(self) -> sqlite3.Connection:
        """A second, read-only connection for input generators (usable from a feeder thread)."""
        try:
            reader = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True,
                                     timeout=self.timeout, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        reader.row_factory = sqlite3.Row
        reader.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return reader

    def ingest(self, paths: Iterable[str | os.PathLike], ruleset, *, jobs: int = 1,
               progress: Callable[[str, object], None] | None = None) -> IngestReport:
        """Store the articles in *paths* and extract their statements with *ruleset*.

        Idempotent: an article whose text is already stored (under any file
        name) is reported as a duplicate and left alone. Each new article is
        committed with its statements in its own transaction, so an interrupted
        ingest keeps everything committed before it. When the rules changed
        since the last run, stored articles are re-extracted first (see
        :meth:`refresh`), so the store never mixes rule versions.

        Parameters
        ----------
        paths : iterable of path
            Files or folders, as for :func:`stances.corpus.read_articles`.
        ruleset : RuleSet
            From :func:`stances.rules.load_rules`; ``ruleset.version`` tags the statements.
        jobs : int
            Worker processes for extraction (passed to :func:`extract_articles`).
        progress : callable, optional
            Called as ``progress(kind, item)`` per input, with kind ``"new"``
            (item: the stored doc), ``"duplicate"`` (a :class:`Duplicate`),
            ``"rejected"`` (a :class:`~stances.model.Rejection`) or
            ``"refreshed"`` (a re-extracted doc).

        Returns
        -------
        IngestReport

        Raises
        ------
        StoreError
            On a full disk, a locked or damaged database; every article
            committed before is kept.
        """
        paths = [str(p) for p in paths]
        version = ruleset.version
        self.check_integrity()
        self._check_rules_name(ruleset)
        report = IngestReport(rules_version=version)
        report.run_id = run_id = self._begin_run("ingest", version, paths)
        with self._transaction() as c:
            self._record_ruleset(c, ruleset)
        notify = progress or (lambda kind, item: None)
        status = "failed"
        # The input generator may run in an extraction feeder thread (--jobs):
        # it only reads (through its own connection) and queues events that
        # this thread writes and reports.
        events: collections.deque = collections.deque()
        digests: dict[int, str] = {}

        def candidates() -> Iterator[Article]:
            seen: dict[str, str] = {}
            reader = self._reader()
            try:
                for item in read_articles(paths):
                    if isinstance(item, Rejection):
                        events.append(("rejected", item))
                        continue
                    digest = content_hash(item.text)
                    existing = seen.get(digest)
                    if existing is None:
                        row = reader.execute("SELECT doc FROM articles WHERE hash = ?", (digest,)).fetchone()
                        existing = row[0] if row else None
                    if existing is not None:
                        events.append(("duplicate", Duplicate(item.path or item.doc, item.doc, existing)))
                        continue
                    seen[digest] = item.doc
                    digests[id(item)] = digest
                    yield item
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc) from exc
            finally:
                reader.close()

        def drain() -> None:
            while events:
                kind, item = events.popleft()
                if kind == "rejected":
                    self._record_rejection(item, run_id)
                    report.rejected.append(item)
                else:
                    report.duplicates.append(item)
                notify(kind, item)

        try:
            if self.current_version != version:
                report.refreshed = self.refresh(
                    ruleset, jobs=jobs, progress=lambda doc: notify("refreshed", doc))
            counted, on_coverage = _coverage_collector()
            for article, statements in extract_articles(candidates(), ruleset, jobs=jobs,
                                                        on_coverage=on_coverage):
                drain()
                digest = digests.pop(id(article), None) or content_hash(article.text)
                counts = counted.pop(id(article), None)
                doc, existing, n = self._store_article(article, statements, version, run_id, digest, counts)
                if existing is not None:
                    events.append(("duplicate", Duplicate(article.path or article.doc, article.doc, existing)))
                    continue
                if doc != article.doc:
                    report.renamed.append((article.doc, doc))
                report.new.append(doc)
                report.statements += n
                if counts is not None:
                    report.coverage.add(n, *counts)
                notify("new", doc)
            drain()
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            self._end_run(run_id, status, report)
        return report

    def refresh(self, ruleset, *, jobs: int = 1, progress: Callable[[str], None] | None = None,
                batch: int = 200) -> int:
        """Re-extract, from the stored text, every article not yet extracted with *ruleset*.

        Then make ``ruleset.version`` the store's current version. Statements
        of earlier versions are kept (so reverting a rule edit is instant);
        readers only ever see one version. Safe to interrupt: work is committed
        in batches and resumed by the next call.

        Returns
        -------
        int
            Number of articles re-extracted.
        """
        version = ruleset.version
        with self._errors():
            stale = self.stale_count(version)
        if not stale and self.current_version == version:
            return 0
        self.check_integrity()
        self._check_rules_name(ruleset)
        with self._transaction() as c:
            self._record_ruleset(c, ruleset)
        with self._errors():
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE id NOT IN "
                "(SELECT article_id FROM extractions WHERE rules_version = ?) ORDER BY id", (version,))]
        doc_ids: dict[str, int] = {}

        def stale_articles() -> Iterator[Article]:
            reader = self._reader()
            try:
                for i in range(0, len(ids), batch):
                    chunk = ids[i:i + batch]
                    try:
                        rows = reader.execute(
                            f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id",
                            chunk).fetchall()
                    except sqlite3.DatabaseError as exc:
                        raise self._translate(exc) from exc
                    for row in rows:
                        doc_ids[row["doc"]] = row["id"]
                        yield _article_from_row(row)
            finally:
                reader.close()

        done = 0
        pending: list[tuple[int, list, tuple | None]] = []
        counted, on_coverage = _coverage_collector()

        def flush() -> None:
            with self._transaction() as c:
                for article_id, statements, counts in pending:
                    c.execute("DELETE FROM statements WHERE article_id = ? AND rules_version = ?",
                              (article_id, version))
                    n = self._insert_statements(c, article_id, version, statements)
                    c.execute("INSERT OR REPLACE INTO extractions (article_id, rules_version, statements) "
                              "VALUES (?, ?, ?)", (article_id, version, n))
                    if counts is not None:
                        self._write_coverage(c, article_id, version, *counts)
            pending.clear()

        for article, statements in extract_articles(stale_articles(), ruleset, jobs=jobs,
                                                    on_coverage=on_coverage):
            pending.append((doc_ids[article.doc], statements, counted.pop(id(article), None)))
            done += 1
            if progress:
                progress(article.doc)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        if self.current_version != version:
            with self._transaction() as c:
                c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('rules_version', ?)", (version,))
        return done

    def prune(self, keep: Iterable[str] = ()) -> int:
        """Delete statements of rule versions other than the current one and *keep*.

        Imported (``dna:``) statements are kept. Returns the number of deleted statements.
        """
        versions = {v for v in keep} | {self.current_version}
        self.check_integrity()
        with self._transaction() as c:
            marks = ",".join("?" * len(versions))
            args = sorted(v for v in versions if v)
            marks = ",".join("?" * len(args)) or "''"
            n = c.execute(f"DELETE FROM statements WHERE rules_version NOT IN ({marks}) "
                          f"AND rules_version NOT LIKE 'dna:%'", args).rowcount
            c.execute(f"DELETE FROM extractions WHERE rules_version NOT IN ({marks})", args)
            if _has_table(c, "coverage"):
                c.execute(f"DELETE FROM coverage WHERE rules_version NOT IN ({marks})", args)
        return n

    def import_statements(self, frame: pd.DataFrame, rules_version: str, path: str = "") -> int:
        """Store externally coded statements (e.g. from DNA) under *rules_version*.

        Replaces any statements stored earlier under the same version, so
        importing the same file twice stores its statements once. *frame* needs
        ``doc, date, actor, issue, score``; other statement columns are filled
        (``rule`` "dna", ``holder_via`` "dna", position from the score's sign).

        Returns
        -------
        int
            Number of statements stored.
        """
        missing = [c for c in ("doc", "date", "actor", "issue", "score") if c not in frame.columns]
        if missing:
            raise InputError(path or "<frame>", f"imported statements lack column(s): {', '.join(missing)}")
        rows = []
        for rec in frame.to_dict("records"):
            date = _date_str(rec.get("date"))
            score = float(rec["score"])
            d = {c: rec.get(c) for c in STATEMENT_COLUMNS}
            d.update(
                doc=str(rec["doc"]), date=date,
                week=iso_week(_dt.date.fromisoformat(date)) if date else None,
                actor=str(rec["actor"]), issue=str(rec["issue"]), score=score,
                position=rec.get("position") or ("support" if score > 0 else "oppose" if score < 0 else "neutral"),
                rule=rec.get("rule") or "dna", holder_via=rec.get("holder_via") or "dna",
                holder_text=rec.get("holder_text") or rec.get("actor_name") or "",
                sentence=rec.get("sentence") or rec.get("text") or "",
            )
            for k in ("start", "end"):
                v = rec.get(k)
                d[k] = 0 if v is None or (isinstance(v, float) and v != v) else int(v)
            for k in ("source", "title", "url"):
                v = rec.get(k)
                d[k] = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            rows.append(d)
        self.check_integrity()
        run_id = self._begin_run("import-dna", rules_version, [path])
        status = "failed"
        try:
            with self._transaction() as c:
                c.execute("DELETE FROM statements WHERE rules_version = ?", (rules_version,))
                n = self._insert_statements(c, None, rules_version, rows)
                c.execute("INSERT OR REPLACE INTO imports (rules_version, path, statements, run_id) "
                          "VALUES (?, ?, ?, ?)", (rules_version, str(path), n, run_id))
            status = "done"
        finally:
            self._end_run(run_id, status, None)
        return n

    # -- reading -------------------------------------------------------------
    def read_statements(self, rules_version: str | None = None, *, imported: bool = True) -> pd.DataFrame:
        """The statements of one rule version as a tidy frame (see :func:`read_statements`).

        Parameters
        ----------
        rules_version : str, optional
            Default: the store's current version.
        imported : bool
            Include statements imported from DNA (``rules_version`` ``dna:...``).
        """
        version = rules_version or self.current_version
        if version and not version.startswith(DNA_PREFIX):
            stale = self.stale_count(version)
            if stale:
                total = self.article_count()
                raise StoreError(
                    f"{self.path}: the store is mixed: {stale} of {total} articles have no statements "
                    f"of rules {version} (an ingest with other rules ran at the same time); `stances table` "
                    "or `stances report` with --rules re-extracts them")
        clauses, args = [], []
        if version:
            clauses.append("rules_version = ?")
            args.append(version)
        if imported:
            clauses.append("rules_version LIKE 'dna:%'")
        if not clauses:
            return normalize_statements(pd.DataFrame(columns=STATEMENT_COLUMNS))
        with self._errors():
            rows = self.conn.execute(
                f"SELECT {_STMT_SELECT} FROM statements WHERE {' OR '.join(clauses)}", args).fetchall()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=STATEMENT_COLUMNS)
        return normalize_statements(frame)


# ---------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------


def normalize_statements(frame: pd.DataFrame) -> pd.DataFrame:
    """Return *frame* as a canonical statement table.

    Columns in :data:`~stances.model.STATEMENT_COLUMNS` order (extra columns
    kept after them); ``date`` datetime64 (NaT when undated), ``week``
    recomputed from the date, ``actor``/``issue`` categoricals with sorted
    categories, ``score`` float, ``negated`` bool, ``start``/``end`` int;
    rows sorted by date, doc, start, actor, issue and rule.

    Examples
    --------
    >>> import pandas as pd
    >>> f = normalize_statements(pd.DataFrame({"doc": ["a"], "date": ["2021-01-03"],
    ...     "actor": ["TUR"], "issue": ["ceasefire"], "score": [1]}))
    >>> f.loc[0, "week"], str(f["actor"].dtype), str(f["date"].dtype).startswith("datetime64")
    ('2020-W53', 'category', True)
    """
    from .io import normalise_frame
    from .table import iso_weeks

    df = normalise_frame(frame)
    df["week"] = iso_weeks(df["date"])
    df = df.sort_values(["date", "doc", "start", "end", "actor", "issue", "rule"],
                        na_position="last", kind="stable").reset_index(drop=True)
    return df


def statements_frame(statements: Iterable) -> pd.DataFrame:
    """Build a canonical statement table from :class:`~stances.model.Statement` objects (or dicts).

    Examples
    --------
    >>> statements_frame([]).columns.tolist()[:4]
    ['doc', 'date', 'week', 'actor']
    """
    rows = [_statement_dict(s) for s in statements]
    return normalize_statements(pd.DataFrame(rows, columns=STATEMENT_COLUMNS))


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def read_statements(source, rules_version: str | None = None, *, imported: bool = True,
                    rules=None, jobs: int = 1) -> pd.DataFrame:
    """Read statements as a tidy frame (one row per statement).

    Parameters
    ----------
    source : str, path, Store or DataFrame
        A stances database, a statements file written by ``stances extract``
        (``.csv``, ``.jsonl``/``.json`` or ``.parquet``), an open
        :class:`Store`, or a frame to normalize.
    rules_version : str, optional
        For a database: the rule version to read (default: the store's
        current version, i.e. that of the last ingest or refresh).
    imported : bool
        For a database: also return statements imported from DNA
        (``stances import-dna``, ``rules_version`` ``dna:<hash>``). Default true.
    rules : str, path or RuleSet, optional
        For a database: first re-extract, from the stored text, the articles
        that are stale under these rules, and read that version.
    jobs : int
        Extraction workers for that re-extraction.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~stances.model.STATEMENT_COLUMNS`; ``actor`` and
        ``issue`` categorical, ``date`` datetime64 (NaT when undated).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"doc": ["d1"], "date": ["2020-07-09"], "actor": ["TUR"],
    ...                       "issue": ["ceasefire_conditions"], "score": [1.0]})
    >>> read_statements(frame)[["week", "actor", "score"]].to_dict("records")
    [{'week': '2020-W28', 'actor': 'TUR', 'score': 1.0}]
    """
    if isinstance(source, pd.DataFrame):
        return normalize_statements(source)
    if isinstance(source, Store):
        if rules is not None:
            ruleset = load_ruleset(rules) if isinstance(rules, (str, os.PathLike)) else rules
            source.refresh(ruleset, jobs=jobs)
            rules_version = rules_version or ruleset.version
        return source.read_statements(rules_version, imported=imported)
    path = Path(source)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_file() and _is_sqlite(path):
        with Store(path, create=False) as store:
            return read_statements(store, rules_version, imported=imported, rules=rules, jobs=jobs)
    from .io import read_statement_file

    return normalize_statements(read_statement_file(path))


# ---------------------------------------------------------------------------
# One call for the report: statements + article counts, from a store or in memory
# ---------------------------------------------------------------------------

@dataclass
class Corpus:
    """Statements of a corpus under one rule version, with article counts.

    Attributes
    ----------
    statements : pandas.DataFrame
        As :func:`read_statements` returns it.
    articles : int
        Articles in the corpus (duplicates counted once).
    undated : int
        Of those, articles without a date (kept out of weekly windows).
    rejected : int
        Inputs that could not be read.
    rules_version : str
    undated_docs : list of str
        Docs of the undated articles, sorted.
    rejections : list of Rejection
        The rejected inputs with their reasons.
    article_weeks : dict
        ISO week -> number of articles dated in it (with or without statements).
    warnings : list of str
        Problems met while reading the articles of this run that did not stop them
        (``FILE:LINE: impossible date ...``, ``decoded as UTF-16``); empty for a store.
    """

    statements: pd.DataFrame
    articles: int
    undated: int
    rejected: int
    rules_version: str
    undated_docs: list = field(default_factory=list)
    rejections: list = field(default_factory=list)
    article_weeks: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def load_corpus(db: str | os.PathLike | None = None, paths: Iterable[str | os.PathLike] = (),
                rules="rules", *, jobs: int = 1, progress: Callable[[str, object], None] | None = None) -> Corpus:
    """Return the current statements and article counts, from a store or from files in memory.

    With *db*: *paths* (if any) are ingested first, stale articles are
    re-extracted with *rules*, and the store's statements and counts are
    returned. Without *db*: *paths* are read and extracted in memory (no file
    is written), duplicates (same text) counted once.

    Parameters
    ----------
    db : path, optional
        A stances database (created when *paths* are given and it does not exist).
    paths : iterable of path
        Article files or folders.
    rules : path or RuleSet
        The rule set (default ``rules``).
    jobs : int
        Extraction workers.
    progress : callable, optional
        As for :meth:`Store.ingest`.

    Returns
    -------
    Corpus
    """
    ruleset = load_ruleset(rules) if isinstance(rules, (str, os.PathLike)) else rules
    paths = [str(p) for p in paths]
    if db is not None:
        with Store(db, create=bool(paths)) as store:
            rejections: list[Rejection] = []
            if paths:
                rejections = store.ingest(paths, ruleset, jobs=jobs, progress=progress).rejected
            else:
                store.refresh(ruleset, jobs=jobs)
            frame = store.read_statements(ruleset.version)
            arts = store.articles()
            stored_rejections = store.rejections()
        rejections = stored_rejections or rejections
        undated = sorted(arts.loc[arts["date"].isna(), "doc"])
        weeks = _week_counts(pd.to_datetime(arts["date"], errors="coerce").dropna().dt.date)
        return Corpus(frame, len(arts), len(undated), len(rejections), ruleset.version, undated, rejections,
                      weeks)
    if not paths:
        raise InputError("<no input>", "give article paths or a database")
    rejections, seen, articles, warnings = [], {}, [], []

    def unique() -> Iterator[Article]:
        taken: set[str] = set()
        for item in read_articles(paths):
            if isinstance(item, Rejection):
                rejections.append(item)
                if progress:
                    progress("rejected", item)
                continue
            warnings.extend(item.warnings)
            digest = content_hash(item.text)
            if digest in seen:
                if progress:
                    progress("duplicate", Duplicate(item.path or item.doc, item.doc, seen[digest]))
                continue
            if item.doc in taken:
                item = dataclasses.replace(item, doc=unique_doc(item.doc, digest, taken.__contains__))
            taken.add(item.doc)
            seen[digest] = item.doc
            articles.append((item.doc, item.date))  # not the article: its text would stay in memory
            yield item

    statements = []
    for article, found in extract_articles(unique(), ruleset, jobs=jobs):
        statements.extend(dict(_statement_dict(s), doc=article.doc) for s in found)
        if progress:
            progress("new", article.doc)
    frame = statements_frame(statements)
    undated = sorted(doc for doc, date in articles if date is None)
    weeks = _week_counts(date for _, date in articles if date is not None)
    return Corpus(frame, len(articles), len(undated), len(rejections), ruleset.version, undated, rejections,
                  weeks, warnings)


def _week_counts(dates) -> dict:
    """ISO week -> number of the given dates in it, sorted by week."""
    from collections import Counter

    from .model import iso_week

    return dict(sorted(Counter(iso_week(d) for d in dates).items()))
