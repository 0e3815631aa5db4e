"""Load and validate a rule set (actors, issues, lexicon) with precise locations.

:func:`load_rules` reads a rules folder, reports *every* problem it finds as
``path:line:col: CODE message`` (raising :class:`stances.model.RuleError`), and
returns a :class:`RuleSet`. YAML is parsed safely: no object construction, no
anchors or aliases (which also rules out "billion laughs" bombs), a size limit
per file and a nesting limit.

Error codes
-----------
==== ==================================================================
E100 YAML syntax error, anchors/aliases, file too large or too deeply nested
E101 unknown key (with a "did you mean")
E102 missing required field
E103 wrong type
E104 bad value (stance, weight, date, gender, kind, factor...)
E105 duplicate id (actor, person, issue or rule) across files
E106 unknown actor (in a placeholder or a role)
E107 malformed phrase
E108 a role whose ``until`` precedes its ``from``
E109 overlapping roles of one person for the same title
E110 two actors share an alias while both exist
E111 missing file or folder
E112 unknown class in a ``<name>`` placeholder
E113 rule sets that extend each other in a cycle
E114 more problems than are listed (at most 1,000 are)
==== ==================================================================
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat as _stat
import sys
import time
from functools import lru_cache
from pathlib import Path

from .bundled import INDEX_FILE, bundled_rules
from .model import RuleError
# the rule set's classes live in rulemodel; they are imported here, where users look for them
from .rulemodel import (ACTOR_KINDS, CONFLICT_FILE, MAX_DEPTH, MAX_EXAMPLES_PER_RULE,  # noqa: F401
                        MAX_NAME_CHARS, MAX_PROBLEMS_REPORTED, MAX_REACH, MAX_RULE_FILE_BYTES,
                        MAX_RULES_PER_FILE, Actor, AttitudeClass, Example, Group, Issue, Lexicon,
                        Loc, Person, Problem, Role, Rule, RuleSet, Target, class_items, in_period)

__all__ = [
    "Problem",
    "Actor",
    "Person",
    "Role",
    "Group",
    "Rule",
    "Example",
    "Issue",
    "Target",
    "AttitudeClass",
    "Lexicon",
    "RuleSet",
    "load_rules",
    "resolve_rules",
    "ENGINE_VERSION",
    "MAX_RULE_FILE_BYTES",
]

ENGINE_VERSION = "1"


def _index_default(folder: Path) -> Path | None:
    """The default rule set of a folder holding several (``index.yaml``), or None: read by
    :func:`_quick_value` when it can be, else (and for every problem) by YAML."""
    index = folder / INDEX_FILE
    if not index.is_file():
        return None
    got = _quick_value(index, "default")
    if got is not None and isinstance(got[1], str) and (folder / got[1]).is_dir():
        return folder / got[1]
    from .rulefiles import index_default

    return index_default(folder)


def resolve_rules(path: str | os.PathLike = "rules") -> Path:
    """The rule-set folder that *path* names.

    *path* may be a rule-set folder (with ``conflict.yaml``, or the flat layout of
    ``actors.yaml``, ``lexicon.yaml`` and ``issues/``), a folder of several rule sets whose
    ``index.yaml`` names the default one, or the bare name of a rule set (``ukraine``)
    found in ``./rules`` or among the bundled ones. When ``rules`` (the default) does not
    exist here, the bundled rule sets are used, so an installed package works anywhere.

    Examples
    --------
    >>> resolve_rules("rules").name
    'libya'
    >>> resolve_rules("rules/libya") == resolve_rules("libya")
    True
    """
    root = Path(path)
    if not root.is_dir():
        bundled = bundled_rules()
        text = str(path)
        if bundled is not None and text == "rules":
            root = bundled
        elif "/" not in text and os.sep not in text and text not in (".", ".."):
            for base in (Path("rules"), bundled):
                if base is not None and (base / text).is_dir():
                    root = base / text
                    break
    if not root.is_dir():
        raise RuleError([Problem(str(path), 1, 1, "E111", "rules folder not found")])
    if not (root / CONFLICT_FILE).is_file() and not (root / "actors.yaml").is_file():
        default = _index_default(root)
        if default is not None:
            return default
    return root


#: A top-level ``key: value`` line whose value is one plain word or path, or a one-line flow
#: list of them (the forms ``default:`` and ``extends:`` take in practice); see _quick_value.
_QUICK_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*(?:[ \t]#.*)?")
_QUICK_WORD = re.compile(r"[A-Za-z_./][A-Za-z0-9_./-]*")
#: Plain words YAML 1.1 reads as something other than a string.
_QUICK_NOT_STR = re.compile(r"(?i:y|n|yes|no|true|false|on|off|null|\.inf|\.nan)|\.[0-9_].*")


def _quick_value(path: Path, key: str):
    """The value of top-level *key* in the YAML file *path*, read without the YAML parser.

    Returns ``(True, value)``: *value* is a string, or a list of strings for a one-line flow
    list ``[a, b]``, or ``None`` when the key is absent. Returns ``None`` when the file
    is not in the plain form this reads exactly as YAML does (every top-level line a simple
    ``key:``, the key once, its value a plain word or path, or such a list, not continued on
    the next line): the caller then parses it with YAML, which also reports its problems.
    """
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.isascii() or "\t" in text or "\r" in text:
        return None
    lines = text.split("\n")
    found = None
    for i, line in enumerate(lines):
        if not line or line[0] in " #":
            continue
        m = _QUICK_LINE.fullmatch(line)
        if m is None:
            return None  # "---", "%YAML", a list, a quoted or complex key...
        if m.group(1) != key:
            continue
        if found is not None:
            return None  # a duplicate key: YAML reports it
        rest = lines[i + 1:]
        nxt = next((x for x in rest if x.strip()), "")
        if nxt[:1] == " " and not nxt.lstrip().startswith("#"):
            return None  # the value goes on (a continued scalar or a block list)
        raw = m.group(2) or ""
        if raw.startswith("[") and raw.endswith("]"):
            items = [x.strip() for x in raw[1:-1].split(",")]
            if items == [""]:
                items = []
            if not all(_QUICK_WORD.fullmatch(x) and not _QUICK_NOT_STR.fullmatch(x) for x in items):
                return None
            found = items
        elif _QUICK_WORD.fullmatch(raw) and not _QUICK_NOT_STR.fullmatch(raw):
            found = raw
        else:
            return None
    return (True, found)


def _quick_layers(root: Path) -> list[Path] | None:
    """The folders of :func:`_layer_folders`, found by :func:`_quick_value` (no YAML parser).

    ``None`` when a ``conflict.yaml`` on the way is not in that plain form, or names a
    folder that does not exist, or the chain loops: then only the full reading tells.
    """
    order: list[Path] = []
    seen: set = set()

    def visit(folder: Path) -> bool:
        key = folder.resolve()
        if key in seen:
            return key in {o.resolve() for o in order}  # a cycle: let the full reading say so
        seen.add(key)
        p = folder / CONFLICT_FILE
        if p.is_file():
            got = _quick_value(p, "extends")
            if got is None:
                return False
            bases = got[1] if isinstance(got[1], list) else [] if got[1] is None else [got[1]]
            for rel in bases:
                base = Path(os.path.normpath(folder / rel))
                if not base.is_dir() or not visit(base):
                    return False
        order.append(folder)
        return True

    return order if visit(root) else None


def _layer_folders(root: Path) -> tuple[list[Path], list]:
    """The folders a rule set is built from, bases first (``extends:``), and the problems
    found in their ``conflict.yaml`` files (see :func:`stances.rulefiles.layer_folders`)."""
    from .rulefiles import layer_folders

    return layer_folders(root)


def _rule_files(folders: list[Path]) -> list[Path]:
    files = []
    for folder in folders:
        files += [folder / n for n in (CONFLICT_FILE, "actors.yaml", "lexicon.yaml") if (folder / n).is_file()]
    issues_dir = folders[-1] / "issues"
    if issues_dir.is_dir():
        files += sorted(p for p in issues_dir.iterdir()
                        if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return files


def _version(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256(f"stances-engine-{ENGINE_VERSION}\n".encode())
    for p in files:
        if p.is_file():
            h.update(Path(os.path.relpath(p, root)).as_posix().encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def load_rules(path: str | os.PathLike = "rules") -> RuleSet:
    """Load, validate and return the rule set that *path* names.

    Parameters
    ----------
    path : str or path-like
        A rule-set folder: ``conflict.yaml`` (its name and the folders it ``extends``),
        ``actors.yaml``, ``lexicon.yaml`` and ``issues/*.yaml``, where a base folder may
        provide the actors and the lexicon; or a folder of several rule sets, or a rule
        set's name (see :func:`resolve_rules`).

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        Listing every problem found, each as ``path:line:col: CODE message``.

    Examples
    --------
    >>> rs = load_rules("rules")
    >>> rs.name, sorted(rs.issues)[:2]
    ('libya', ['arms_embargo', 'cairo_declaration'])
    """
    root = resolve_rules(path)
    quick = _quick_layers(root)
    if quick is not None:  # the usual case: the cache's key found without the YAML parser
        files = _rule_files(quick)
        version = _version(root, files)
        cached = _cache_get(root, version)
        if cached is not None:
            return cached
    from .rulefiles import layer_folders, load_uncached

    folders, problems = layer_folders(root)
    if problems:
        raise RuleError(sorted(set(problems)))
    if folders != quick:  # the quick reading was wrong or impossible: the key of the true files
        files = _rule_files(folders)
        version = _version(root, files)
        cached = _cache_get(root, version)
        if cached is not None:
            return cached
    rs = load_uncached(root, folders, files, version)
    _cache_put(root, version, rs)
    return rs


def _cache_file(root: Path, version: str) -> Path | None:
    """Where the loaded rule set of this folder and version is cached (None: caching off)."""
    if os.environ.get("STANCES_NO_CACHE"):
        return None
    base = os.environ.get("STANCES_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "stances")
    where = hashlib.sha256((str(root.resolve()) + _code_version()).encode()).hexdigest()[:16]
    return Path(base) / f"rules-{version}-{where}.pickle"


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code that builds a RuleSet, so a cache never outlives the code that wrote it."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    here = Path(__file__).resolve().parent
    for name in ("rules.py", "rulemodel.py", "rulefiles.py", "phrase.py", "text.py", "model.py",
                 "matcher.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


#: First bytes of a cache file: format tag, then the HMAC-SHA256 of the rest, then the pickle.
_CACHE_MAGIC = b"STNCRC1\n"


def _cache_key(cache_dir: Path) -> bytes | None:
    """The secret that signs cache files, kept outside the cache folder (None: caching off).

    ``$STANCES_CACHE_KEY_FILE``, else ``$XDG_CONFIG_HOME/stances/cache-key`` (``~/.config``):
    32 random bytes created on first use, readable by the user only. Whoever can write the
    cache folder (a shared or CI-restored cache) cannot sign a file with it, so a planted
    pickle is never loaded. A key file inside the cache folder, or unreadable, or open to
    others, turns caching off.
    """
    import secrets

    path = Path(os.environ.get("STANCES_CACHE_KEY_FILE") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config"),
        "stances", "cache-key"))
    try:
        cache = cache_dir.resolve()
        if cache == path.parent.resolve() or cache in path.parent.resolve().parents:
            return None
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
        st = path.lstat()
        if not _stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or (
                hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None
        key = path.read_bytes()
    except (OSError, FileExistsError):
        return None
    return key if len(key) >= 32 else None


#: A cache file used is marked as recently used (its time set to now) when its time is older
#: than this many seconds: marking it at every use costs more than the rest of a cache hit on
#: some file systems, and pruning (see _prune_cache) needs no finer order.
_TOUCH_AFTER = 3600

#: Cached rule sets kept in the cache folder (the most recently used ones); each rule edit
#: and each new version of stances writes another file of a few MB.
CACHE_KEEP = 16


def _prune_cache(folder: Path, keep: int | None = None) -> None:
    """Delete all but the *keep* (default :data:`CACHE_KEEP`) most recently used rule-set
    cache files of *folder*."""
    keep = CACHE_KEEP if keep is None else keep
    files = []
    for f in folder.glob("rules-*.pickle"):
        try:
            files.append((f.stat().st_mtime, f.name, f))
        except OSError:
            continue
    for _, _, f in sorted(files, reverse=True)[keep:]:
        try:
            f.unlink()
        except OSError:
            pass


def _cache_get(root: Path, version: str):
    """The cached rule set, only if its file carries a valid signature of this user's key."""
    import hmac

    path = _cache_file(root, version)
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    if not _stat.S_ISREG(st.st_mode):
        return None
    key = _cache_key(path.parent)
    if key is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_CACHE_MAGIC)
    if not data.startswith(_CACHE_MAGIC) or len(data) < head + 32:
        return None
    payload = memoryview(data)[head + 32:]
    mac = hmac.new(key, version.encode() + b"\0", "sha256")
    mac.update(payload)
    if not hmac.compare_digest(mac.digest(), data[head:head + 32]):
        return None  # not written by us: never unpickled
    import gc

    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, none of them garbage: skip the collections
    try:
        rs = pickle.loads(payload)
    except Exception:  # a damaged file is ignored (and rewritten)
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(rs, RuleSet) or rs.version != version:
        return None
    if time.time() - st.st_mtime > _TOUCH_AFTER:
        try:
            os.utime(path)  # recently used: kept when the folder is pruned
        except OSError:
            pass
    return rs


def _cache_put(root: Path, version: str, rs: RuleSet) -> None:
    """Write *rs* signed; on any failure (full disk, unpicklable) leave nothing behind."""
    import hmac

    path = _cache_file(root, version)
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _cache_key(path.parent)
        if key is None:
            return
        rs.matcher.precompile()  # a new process then loads the matcher ready to run
        payload = pickle.dumps(rs, protocol=pickle.HIGHEST_PROTOCOL)
        sig = hmac.new(key, version.encode() + b"\0" + payload, "sha256").digest()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            f.write(_CACHE_MAGIC + sig + payload)
        os.replace(tmp, path)
        tmp = None
        _prune_cache(path.parent)
    except (OSError, RecursionError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only or full cache folder, or a rule set too deep to pickle: start-up time only
    finally:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass

