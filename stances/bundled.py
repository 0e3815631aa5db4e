"""The rule sets and the seed article that ship with the package, and copying them for editing.

A wheel carries the repository's ``rules/`` and ``seeds/`` folders as package data under
``stances/_data/`` (``setup.py`` copies them at build time); in a source checkout (an editable
install) they are read from the checkout itself. A local ``./rules`` or ``./seeds`` always wins
over the bundled ones: this module only says where the bundled ones are.
"""
from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["bundled_rules", "bundled_seeds", "init_rules", "INDEX_FILE"]

#: The file of a folder holding several rule sets; ``default:`` names the one used by default.
INDEX_FILE = "index.yaml"
_HERE = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path | None:
    return next((c for c in candidates if c.is_dir()), None)


def bundled_rules() -> Path | None:
    """The folder of the bundled rule sets (with its ``index.yaml``), or None.

    Examples
    --------
    >>> (bundled_rules() / "index.yaml").is_file()
    True
    """
    for cand in (_HERE / "_data" / "rules", _HERE.parent / "rules"):
        if (cand / INDEX_FILE).is_file():
            return cand
    return None


def bundled_seeds() -> Path | None:
    """The folder of the bundled seed article(s), or None."""
    return _first(_HERE / "_data" / "seeds", _HERE.parent / "seeds")


def init_rules(dest, conflict: str | None = None, source=None) -> list[Path]:
    """Copy a bundled rule set (and the folders it builds on) into *dest* for editing.

    *dest* receives ``index.yaml`` naming the copied conflict as the default, the conflict's
    folder and the shared folders it ``extends``, so ``stances check --rules DEST`` works on the
    copy as it does on the original. Nothing existing is overwritten.

    Parameters
    ----------
    dest : path-like
        A folder that does not exist yet (or is empty).
    conflict : str, optional
        The rule set to copy (``libya``, ``ukraine``); the bundled default when None.
    source : path-like, optional
        A folder of rule sets to copy from instead of the bundled one.

    Returns
    -------
    list of Path
        The folders written.

    Raises
    ------
    FileExistsError
        When *dest* exists and is not an empty folder.
    ValueError
        When the conflict is unknown.
    """
    from .model import RuleError
    from .rules import _layer_folders, resolve_rules

    src = Path(source) if source is not None else bundled_rules()
    if src is None:
        raise ValueError("no bundled rule sets found in this installation")
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"{dest}: already exists and is not an empty folder; choose another")
    try:
        root = resolve_rules(src / conflict) if conflict else resolve_rules(src)
    except RuleError:
        root = None
    if root is None or root.parent.resolve() != src.resolve():
        known = sorted(p.name for p in src.iterdir() if (p / "conflict.yaml").is_file())
        raise ValueError(f"unknown conflict {conflict!r} (bundled: {', '.join(known)})")
    folders, problems = _layer_folders(root)
    if problems:
        raise ValueError(str(problems[0]))
    written = []
    dest.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        rel = folder.resolve().relative_to(src.resolve())
        shutil.copytree(folder, dest / rel, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        written.append(dest / rel)
    (dest / INDEX_FILE).write_text(
        f"# Rule sets copied by `stances init`; `--rules {dest.as_posix()}` uses the default one.\n"
        f"default: {root.name}\n", encoding="utf-8")
    return written
