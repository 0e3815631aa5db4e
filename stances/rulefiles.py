"""Read and validate rule files: YAML with locations, the three file kinds, the whole set.

Every problem found is a :class:`~stances.rulemodel.Problem` with its ``path:line:col``;
:func:`load_uncached` raises them all at once as a :class:`~stances.model.RuleError`.
YAML is parsed safely: no object construction, no anchors or aliases (which also rules out
"billion laughs" bombs), a size limit per file and a nesting limit. Only
:func:`stances.rules.load_rules` calls this module, when its cache holds no rule set for
the files as they are (the YAML parser is not imported otherwise).
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path

import yaml

from .bundled import INDEX_FILE
from .model import RuleError
from .phrase import Alt, Gap, Opt, PhraseError, Word, parse_phrase
from .rulemodel import (ACTOR_KINDS, CONFLICT_FILE, MAX_DEPTH, MAX_EXAMPLES_PER_RULE, MAX_NAME_CHARS,
                        MAX_PROBLEMS_REPORTED, MAX_REACH, MAX_RULE_FILE_BYTES, MAX_RULES_PER_FILE,
                        Actor, AttitudeClass, Example, Group, Issue, Lexicon, Loc, Person, Problem,
                        Role, Rule, RuleSet, Target, class_items)
from .text import fold, tokenize

__all__ = ["load_uncached", "layer_folders", "index_default"]

_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in
                        ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")) | {"!"}
_CLASS_NAME = re.compile(r"[a-z][a-z0-9_]*")
_BE_ALT = Alt(tuple((Word(w),) for w in ("is", "are", "was", "were", "been", "be")))
_PASSIVE_ADVERBS = Alt(tuple((Word(w),) for w in ("also", "widely", "quickly", "strongly")))


# ------------------------------------------------------------------ YAML with locations
class _Ctx:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.loader = yaml.SafeLoader("")

    def add(self, node_or_mark, code, message, col_offset=0):
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        line = mark.line + 1 if mark is not None else 1
        col = mark.column + 1 + col_offset if mark is not None else 1
        self.problems.append(Problem(self.path, line, col, code, message))

    def loc(self, node) -> Loc:
        return Loc(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def scalar(self, node):
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError):
                return node.value  # e.g. 2004-13-09: reported as a bad date by the caller
        return node


def _type_name(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a scalar"


def _read_yaml(path: Path, ctx: _Ctx):
    """Parse *path* into a node tree, or record problems and return None."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        ctx.add(None, "E111", f"cannot read: {exc.strerror}")
        return None
    if size > MAX_RULE_FILE_BYTES:
        ctx.add(None, "E100", f"file too large ({size} bytes > {MAX_RULE_FILE_BYTES})")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        ctx.problems.append(Problem(ctx.path, line, 1, "E100", "not valid UTF-8"))
        return None
    # First pass over events: refuse anchors/aliases and deep nesting before building anything.
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                ctx.add(ev, "E100", "anchors and aliases (&name, *name) are not allowed in rule files")
                return None
            tag = getattr(ev, "tag", None)
            if tag and tag not in _PLAIN_TAGS:
                ctx.add(ev, "E100", f"YAML tag {tag!r} is not allowed in rule files")
                return None
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    ctx.add(ev, "E100", f"nesting deeper than {MAX_DEPTH} levels")
                    return None
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(filter(None, [exc.context, exc.problem])) or "YAML syntax error"
        ctx.add(mark, "E100", f"YAML syntax error: {msg}")
        return None
    except yaml.YAMLError as exc:
        ctx.add(None, "E100", f"YAML error: {exc}")
        return None
    return node


def _items(node, ctx: _Ctx, spec: dict, what: str):
    """Check a mapping node against *spec* ({key: required}); return {key: value node}."""
    if not isinstance(node, yaml.MappingNode):
        ctx.add(node, "E103", f"{what} must be a mapping, not {_type_name(node)}")
        return None
    out = {}
    for knode, vnode in node.value:
        key = ctx.scalar(knode)
        if not isinstance(key, str):
            ctx.add(knode, "E103", f"keys of {what} must be words, not {key!r}")
            continue
        if key not in spec:
            close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(sorted(spec))})"
            ctx.add(knode, "E101", f'unknown key "{key}" in {what}{hint}')
            continue
        if key in out:
            ctx.add(knode, "E105", f'key "{key}" given twice in {what}')
            continue
        out[key] = vnode
    for key, required in spec.items():
        if required and key not in out:
            ctx.add(node, "E102", f'{what} is missing required field "{key}"')
    return out


def _str(node, ctx, what, allow_empty=False):
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        ctx.add(node, "E103", f"{what} must be text, not {_type_name(node)}")
        return None
    val = ctx.scalar(node)
    if val is None or isinstance(val, (bool, dict, list)):
        ctx.add(node, "E103", f"{what} must be text, not {val!r}")
        return None
    val = str(val)
    if not allow_empty and not val.strip():
        ctx.add(node, "E104", f"{what} must not be empty")
        return None
    return val


def _short(node, ctx, what) -> bool:
    """False (and an E104) when a name is longer than :data:`MAX_NAME_CHARS`."""
    val = node.value if isinstance(node, yaml.ScalarNode) else ""
    if len(val) > MAX_NAME_CHARS:
        ctx.add(node, "E104", f"{what} of {len(val)} characters: at most {MAX_NAME_CHARS}")
        return False
    return True


def _mapping(node, ctx, what: str, form: str) -> list:
    """The (key, value) node pairs of a mapping, or [] and an E103 naming the expected *form*."""
    if not isinstance(node, yaml.MappingNode):
        ctx.add(node, "E103", f"{what} must be a mapping of {form}, not {_type_name(node)}")
        return []
    return node.value


def _list(node, ctx, what):
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        ctx.add(node, "E103", f"{what} must be a list, not {_type_name(node)}")
        return []
    return node.value


def _date(node, ctx, what):
    if node is None:
        return None
    val = ctx.scalar(node) if isinstance(node, yaml.ScalarNode) else node
    if val is None:
        return None
    if isinstance(val, dt.datetime):
        return val.date()
    if isinstance(val, dt.date):
        return val
    if isinstance(val, str):
        try:
            return dt.date.fromisoformat(val.strip())
        except ValueError:
            pass
    ctx.add(node, "E104", f"{what} must be a date YYYY-MM-DD, not {val!r}")
    return None


def _phrase(node, ctx, what, known_actors, allow_refs=True, classes=None):
    text = _str(node, ctx, what)
    if text is None:
        return None
    try:
        items = parse_phrase(text, known_actors if allow_refs else (), classes if allow_refs else None)
    except PhraseError as exc:
        offset = exc.col + (1 if getattr(node, "style", None) in ("'", '"') else 0)
        code = "E106" if "unknown actor" in str(exc) else "E112" if "unknown class" in str(exc) else "E107"
        if not allow_refs and "unknown actor" in str(exc):
            code, exc = "E107", PhraseError("placeholders <...> are not allowed here", exc.col)
        ctx.add(node, code, f"{what} {text!r}: {exc}", col_offset=offset)
        return None
    return (text, items, ctx.loc(node))


# ------------------------------------------------------------------ the three file kinds
_ACTOR_SPEC = {"id": True, "name": True, "kind": True, "aliases": False, "adjectives": False,
               "capitals": False, "from": False, "until": False, "description": False}
_PERSON_SPEC = {"name": True, "aliases": False, "gender": False, "roles": True, "description": False}
_GROUP_SPEC = {"name": True, "aliases": False, "members": True, "from": False, "until": False,
               "description": False}
_ROLE_SPEC = {"actor": True, "title": True, "from": False, "until": False}
_ISSUE_SPEC = {"issue": True, "title": True, "proposition": True, "description": False, "rules": False,
               "targets": False}
_TARGET_SPEC = {"id": True, "title": False, "sign": True, "reach": False, "phrases": True,
                "examples": False, "note": False}
_CLASS_SPEC = {"title": False, "sign": False, "phrases": True, "examples": False, "description": False}
_CONFLICT_SPEC = {"conflict": True, "title": False, "description": False, "extends": False,
                  "actors": False}
#: Words allowed between an attitude and its target when a target gives no ``reach``.
DEFAULT_REACH = 6
_RULE_SPEC = {"id": True, "title": False, "stance": True, "weight": False, "on_negation": False,
              "phrases": True, "examples": False, "note": False}
_EXAMPLES_SPEC = {"match": False, "no_match": False}
_EXAMPLE_SPEC = {"text": True, "actor": False, "stance": False, "negated": False, "date": False}
_LEXICON_SPEC = {"speech_verbs": False, "attitude_verbs": False, "role_nouns": False,
                 "agent_nouns": False, "negation": False, "negating_verbs": False,
                 "hedges": False, "place_prepositions": False, "classes": False,
                 "document_nouns": False, "collective_nouns": False, "institutions": False,
                 "alignment_verbs": False}
_MAPPINGS = ("hedges", "classes", "institutions")


def _load_actors(node, ctx: _Ctx):
    actors, people, groups = [], [], []
    top = _items(node, ctx, {"actors": True, "people": False, "groups": False}, "actors.yaml")
    if top is None:
        return actors, people, groups
    for gnode in _list(top.get("groups"), ctx, "groups"):
        f = _items(gnode, ctx, _GROUP_SPEC, "a group")
        if f is None:
            continue
        name = _str(f.get("name"), ctx, "group name")
        aliases = [p for p in (_phrase(n, ctx, "alias", None, allow_refs=False)
                               for n in _list(f.get("aliases"), ctx, "aliases")) if p]
        members = [(_str(n, ctx, "member"), n) for n in _list(f.get("members"), ctx, "members")]
        start, until = _date(f.get("from"), ctx, "from"), _date(f.get("until"), ctx, "until")
        if start and until and until < start:
            ctx.add(f["until"], "E108", f"group {name}: until {until} precedes from {start}")
        if name:
            groups.append((Group(name, aliases, [m for m, _ in members if m], start, until, ctx.loc(gnode)),
                           [(m, n) for m, n in members if m]))
    for anode in _list(top.get("actors"), ctx, "actors"):
        f = _items(anode, ctx, _ACTOR_SPEC, "an actor")
        if f is None:
            continue
        aid = _str(f.get("id"), ctx, "actor id")
        kind = _str(f.get("kind"), ctx, "actor kind")
        if kind is not None and kind not in ACTOR_KINDS:
            ctx.add(f["kind"], "E104", f"unknown actor kind {kind!r} (one of {', '.join(ACTOR_KINDS)})")
        lists = {}
        for key in ("aliases", "adjectives", "capitals"):
            lists[key] = [s for s in (_phrase(n, ctx, f"{key[:-1] if key != 'aliases' else 'alias'}",
                                              None, allow_refs=False)
                                      for n in _list(f.get(key), ctx, key)) if s]
        start, until = _date(f.get("from"), ctx, "from"), _date(f.get("until"), ctx, "until")
        if start and until and until < start:
            ctx.add(f["until"], "E108", f"actor {aid}: until {until} precedes from {start}")
        if aid is None:
            continue
        if not _short(f.get("name"), ctx, "actor name") or not _short(f.get("id"), ctx, "actor id"):
            continue
        actors.append(Actor(aid, _str(f.get("name"), ctx, "name") or aid, kind or "other",
                            lists["aliases"], lists["adjectives"], lists["capitals"],
                            start, until, ctx.loc(anode)))
    for pnode in _list(top.get("people"), ctx, "people"):
        f = _items(pnode, ctx, _PERSON_SPEC, "a person")
        if f is None:
            continue
        name = _str(f.get("name"), ctx, "person name")
        gender = _str(f.get("gender"), ctx, "gender")
        if gender is not None and gender not in ("m", "f"):
            ctx.add(f["gender"], "E104", f"gender must be m or f, not {gender!r}")
            gender = None
        aliases = [s for s in (_phrase(n, ctx, "alias", None, allow_refs=False)
                               for n in _list(f.get("aliases"), ctx, "aliases")) if s]
        roles = []
        for rnode in _list(f.get("roles"), ctx, "roles"):
            rf = _items(rnode, ctx, _ROLE_SPEC, "a role")
            if rf is None:
                continue
            actor = _str(rf.get("actor"), ctx, "role actor")
            title = _str(rf.get("title"), ctx, "role title")
            start, until = _date(rf.get("from"), ctx, "from"), _date(rf.get("until"), ctx, "until")
            if start and until and until < start:
                ctx.add(rf["until"], "E108", f"{name}: role until {until} precedes from {start}")
            if actor and title:
                roles.append((Role(actor, _alias_key(title), start, until, ctx.loc(rnode)),
                              rf["actor"]))
        if name is None or not _short(f.get("name"), ctx, "person name"):
            continue
        people.append((Person(name, aliases, gender, [r for r, _ in roles], ctx.loc(pnode)),
                       [n for _, n in roles]))
    return actors, people, groups


def _examples(node, ctx, known_actors) -> list:
    examples = []
    ef = _items(node, ctx, _EXAMPLES_SPEC, "examples")
    n = sum(len(_list(v, ctx, k)) for k, v in (ef or {}).items())
    if n > MAX_EXAMPLES_PER_RULE:
        ctx.add(node, "E104", f"{n} examples: at most {MAX_EXAMPLES_PER_RULE} per rule, target or class")
        return examples
    for key in ("match", "no_match"):
        for enode in _list((ef or {}).get(key), ctx, key):
            ex = _example(enode, ctx, key == "match", known_actors)
            if ex:
                examples.append(ex)
    return examples


def _sign_value(node, ctx, what):
    val = ctx.scalar(node)
    if isinstance(val, str) and val.strip() in ("+1", "-1", "+", "-"):
        val = -1 if val.strip().startswith("-") else 1
    if isinstance(val, bool) or val not in (1, -1):
        ctx.add(node, "E104", f"{what} must be +1 or -1, not {val!r}")
        return None
    return float(val)


def _phrases_of(f, ctx, kind: str, oid, known_actors, classes) -> list:
    """The parsed ``phrases`` of a rule or target mapping *f* (E102 when the list is empty)."""
    what = "target phrase" if kind == "target" else "phrase"
    phrases = [p for p in (_phrase(n, ctx, what, known_actors, classes=classes)
                           for n in _list(f.get("phrases"), ctx, "phrases")) if p]
    if "phrases" in f and isinstance(f["phrases"], yaml.SequenceNode) and not f["phrases"].value:
        ctx.add(f["phrases"], "E102", f"{kind} {oid} has no phrases")
    return phrases


def _load_targets(f, ctx, iid, known_actors, classes) -> list:
    targets = []
    for tnode in _list(f.get("targets"), ctx, "targets"):
        tf = _items(tnode, ctx, _TARGET_SPEC, "a target")
        if tf is None:
            continue
        tid = _str(tf.get("id"), ctx, "target id")
        sign = _sign_value(tf["sign"], ctx, "sign") if "sign" in tf else None
        reach = DEFAULT_REACH
        if "reach" in tf:
            r = ctx.scalar(tf["reach"])
            if isinstance(r, bool) or not isinstance(r, int) or not 0 <= r <= MAX_REACH:
                ctx.add(tf["reach"], "E104", f"reach must be a whole number of words from 0 to {MAX_REACH}, not {r!r}")
            else:
                reach = r
        phrases = _phrases_of(tf, ctx, "target", tid, known_actors, classes)
        examples = _examples(tf["examples"], ctx, known_actors) if "examples" in tf else []
        if tid is None or sign is None:
            continue
        title = _str(tf.get("title"), ctx, "title") if "title" in tf else tid
        targets.append((Target(tid, title or tid, iid or "", sign, reach, phrases, examples, ctx.loc(tnode)),
                        tf["id"]))
    return targets


def _load_issue(node, ctx: _Ctx, known_actors, classes=None):
    f = _items(node, ctx, _ISSUE_SPEC, "an issue file")
    if f is None:
        return None
    iid = _str(f.get("issue"), ctx, "issue id")
    if "rules" not in f and "targets" not in f:
        ctx.add(node, "E102", 'an issue file needs "rules", "targets" or both')
    n = len(_list(f.get("rules"), ctx, "rules")) + len(_list(f.get("targets"), ctx, "targets"))
    if n > MAX_RULES_PER_FILE:
        ctx.add(node, "E104", f"{n} rules and targets: at most {MAX_RULES_PER_FILE} in one issue file")
        return None
    targets = _load_targets(f, ctx, iid, known_actors, classes or {})
    rules = []
    for rnode in _list(f.get("rules"), ctx, "rules"):
        rf = _items(rnode, ctx, _RULE_SPEC, "a rule")
        if rf is None:
            continue
        rid = _str(rf.get("id"), ctx, "rule id")
        stance = _stance(rf.get("stance"), ctx)
        weight = 1.0
        if "weight" in rf:
            w = ctx.scalar(rf["weight"])
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
                ctx.add(rf["weight"], "E104", f"weight must be a number in (0, 10], not {w!r}")
            else:
                weight = float(w)
        on_neg = "flip"
        if "on_negation" in rf:
            on_neg = _str(rf["on_negation"], ctx, "on_negation")
            if on_neg not in ("flip", "drop"):
                ctx.add(rf["on_negation"], "E104", f"on_negation must be flip or drop, not {on_neg!r}")
                on_neg = "flip"
        phrases = _phrases_of(rf, ctx, "rule", rid, known_actors, classes)
        examples = _examples(rf["examples"], ctx, known_actors) if "examples" in rf else []
        if rid is None or stance is None:
            continue
        title = _str(rf.get("title"), ctx, "title") if "title" in rf else rid
        rules.append((Rule(rid, title or rid, iid or "", stance, weight, on_neg, phrases, examples,
                           ctx.loc(rnode)), rf["id"]))
    if iid is None:
        return None
    issue = Issue(iid, _str(f.get("title"), ctx, "title") or iid,
                  _str(f.get("proposition"), ctx, "proposition") or "", [r for r, _ in rules],
                  ctx.loc(f["issue"]), [t for t, _ in targets])
    return issue, [n for _, n in rules] + [n for _, n in targets], f["issue"]


def _stance(node, ctx):
    if node is None:
        return None
    val = ctx.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if val == "support":
        return 1.0
    if val == "oppose":
        return -1.0
    if isinstance(val, (int, float)) and not isinstance(val, bool) and -1 <= val <= 1:
        return float(val)
    ctx.add(node, "E104", f"stance must be support, oppose or a number in [-1, 1], not {val!r}")
    return None


def _example(node, ctx, should_match, known_actors):
    if isinstance(node, yaml.ScalarNode):
        text = _str(node, ctx, "example")
        return Example(text, should_match, None, None, None, None, ctx.loc(node)) if text else None
    f = _items(node, ctx, _EXAMPLE_SPEC, "an example")
    if f is None:
        return None
    text = _str(f.get("text"), ctx, "example text")
    actors = None
    if "actor" in f:
        anode = f["actor"]
        names = ([_str(n, ctx, "actor") for n in anode.value] if isinstance(anode, yaml.SequenceNode)
                 else [_str(anode, ctx, "actor")])
        actors = tuple(sorted(n for n in names if n))
        for n in names:
            if n and n not in known_actors:
                ctx.add(anode, "E106", f"unknown actor {n!r} in example")
    stance = _stance(f["stance"], ctx) if "stance" in f else None
    negated = None
    if "negated" in f:
        negated = ctx.scalar(f["negated"])
        if not isinstance(negated, bool):
            ctx.add(f["negated"], "E103", f"negated must be true or false, not {negated!r}")
            negated = None
    date = _date(f.get("date"), ctx, "date")
    if text is None:
        return None
    return Example(text, should_match, actors, stance, negated, date, ctx.loc(node))


def _load_lexicon(node, ctx: _Ctx) -> Lexicon:
    lex = Lexicon()
    f = _items(node, ctx, _LEXICON_SPEC, "lexicon.yaml")
    if f is None:
        return lex
    for key in _LEXICON_SPEC:
        if key in _MAPPINGS or key not in f:
            continue
        setattr(lex, key, [p for p in (_phrase(n, ctx, key, None, allow_refs=False)
                                       for n in _list(f[key], ctx, key)) if p])
    if "hedges" in f:
        for knode, vnode in _mapping(f["hedges"], ctx, "hedges", "phrase: factor"):
            p = _phrase(knode, ctx, "hedge", None, allow_refs=False)
            val = ctx.scalar(vnode)
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not 0 <= val <= 1:
                ctx.add(vnode, "E104", f"hedge factor must be a number in [0, 1], not {val!r}")
                continue
            if p:
                lex.hedges[p] = float(val)
    if "institutions" in f:
        for knode, vnode in _mapping(f["institutions"], ctx, "institutions", "actor kind: [nouns]"):
            kind = _str(knode, ctx, "actor kind")
            if kind is not None and kind not in ACTOR_KINDS:
                ctx.add(knode, "E104", f"unknown actor kind {kind!r} (one of {', '.join(ACTOR_KINDS)})")
                continue
            if kind:
                lex.institutions[kind] = [p for p in (_phrase(n, ctx, "institution noun", None, allow_refs=False)
                                                      for n in _list(vnode, ctx, kind)) if p]
    if "classes" in f:
        for knode, vnode in _mapping(f["classes"], ctx, "classes", "name: class"):
            name = _str(knode, ctx, "class name")
            if name is None:
                continue
            if not _CLASS_NAME.fullmatch(name):
                ctx.add(knode, "E104", f"class name {name!r} must be lower case letters, digits and _")
                continue
            if name in lex.classes:
                ctx.add(knode, "E105", f"class {name!r} defined twice (first at {lex.classes[name].loc})")
                continue
            cf = _items(vnode, ctx, _CLASS_SPEC, f"class {name}")
            if cf is None:
                continue
            sign = _sign_value(cf["sign"], ctx, "sign") if "sign" in cf else None
            phrases = [p for p in (_phrase(n, ctx, f"phrase of class {name}", None, allow_refs=False)
                                   for n in _list(cf.get("phrases"), ctx, "phrases")) if p]
            examples = _examples(cf["examples"], ctx, ()) if "examples" in cf else []
            title = _str(cf.get("title"), ctx, "title") if "title" in cf else name
            lex.classes[name] = AttitudeClass(name, title or name, sign, phrases, examples, ctx.loc(knode))
    return lex


def _merge_lexicon(into: Lexicon, more: Lexicon, problems: list) -> None:
    """Add the entries of a later layer's lexicon to *into* (lists extend, classes grow)."""
    for key in _LEXICON_SPEC:
        if key in _MAPPINGS:
            continue
        getattr(into, key).extend(getattr(more, key))
    into.hedges.update(more.hedges)
    for kind, nouns in more.institutions.items():
        into.institutions.setdefault(kind, []).extend(nouns)
    for name, cls in more.classes.items():
        have = into.classes.get(name)
        if have is None:
            into.classes[name] = cls
            continue
        if cls.sign is not None and have.sign is not None and cls.sign != have.sign:
            problems.append(Problem(cls.loc.path, cls.loc.line, cls.loc.col, "E104",
                                    f"class {name!r} has sign {cls.sign:+.0f} here but {have.sign:+.0f} at {have.loc}"))
            continue
        into.classes[name] = AttitudeClass(name, have.title, have.sign if have.sign is not None else cls.sign,
                                           have.phrases + cls.phrases, have.examples + cls.examples, have.loc)


def _compose(target: Target, classes: dict) -> list:
    """The rules a target stands for: one per signed class, attitude before target.

    ``<class> {0,reach} TARGET`` ("Egypt called for an immediate ceasefire") and the
    passive ``TARGET be [adverb] <class>`` ("the ceasefire was welcomed by Egypt", whose
    holder is found after "by").
    """
    out = []
    for name in sorted(classes):
        cls = classes[name]
        if cls.sign is None or not cls.phrases:
            continue
        head = class_items(cls)
        phrases = []
        for text, items, loc in target.phrases:
            lead = (head, Gap(0, target.reach)) if target.reach else (head,)
            phrases.append((f"<{name}> {{0,{target.reach}}} {text}" if target.reach else f"<{name}> {text}",
                            lead + tuple(items), loc))
            phrases.append((f"{text} (is|are|was|were|been|be) [also|widely|quickly|strongly] <{name}>",
                            tuple(items) + (_BE_ALT, Opt((_PASSIVE_ADVERBS,)), head), loc))
        out.append(Rule(target.id, target.title, target.issue, cls.sign * target.sign, 1.0, "flip",
                        phrases, [], target.loc, attitude=name))
    return out


# ------------------------------------------------------------------ the whole set
def index_default(folder: Path) -> Path | None:
    """The default rule set of a folder holding several (``index.yaml``), or None."""
    index = folder / INDEX_FILE
    if not index.is_file():
        return None
    ctx = _Ctx(str(index))
    node = _read_yaml(index, ctx)
    f = _items(node, ctx, {"default": True, "description": False}, INDEX_FILE) if node is not None else None
    name = _str(f.get("default"), ctx, "default") if f else None
    if ctx.problems or not name:
        raise RuleError(ctx.problems or [Problem(str(index), 1, 1, "E102", "index.yaml names no default")])
    target = folder / name
    if not target.is_dir():
        raise RuleError([Problem(str(index), node.start_mark.line + 1, 1, "E111",
                                 f"default rule set {name!r} is not a folder of {folder}")])
    return target


def _conflict_meta(folder: Path, problems: list):
    """Parse ``folder/conflict.yaml``: (fields, ctx) or (None, None) when absent or broken."""
    p = folder / CONFLICT_FILE
    if not p.is_file():
        return None, None
    ctx = _Ctx(str(p))
    node = _read_yaml(p, ctx)
    f = _items(node, ctx, _CONFLICT_SPEC, CONFLICT_FILE) if node is not None else None
    problems.extend(ctx.problems)
    ctx.problems = []
    return f, ctx


def layer_folders(root: Path) -> tuple[list[Path], list]:
    """The folders a rule set is built from, bases first (``extends:``), and problems."""
    problems: list = []
    order: list[Path] = []
    visiting: set = set()

    def visit(folder: Path, chain: tuple):
        key = folder.resolve()
        if key in {o.resolve() for o in order}:
            return
        if key in visiting:
            problems.append(Problem(str(folder / CONFLICT_FILE), 1, 1, "E113",
                                    "rule sets extend each other in a cycle: " + " -> ".join(map(str, chain))))
            return
        visiting.add(key)
        f, ctx = _conflict_meta(folder, problems)
        for n in _list((f or {}).get("extends"), ctx, "extends") if f else []:
            rel = _str(n, ctx, "extends")
            if rel is None:
                continue
            base = Path(os.path.normpath(folder / rel))
            if not base.is_dir():
                ctx.add(n, "E111", f"extends {rel!r}: no such folder ({base})")
                continue
            visit(base, chain + (base,))
        if ctx is not None:
            problems.extend(ctx.problems)
        order.append(folder)

    visit(root, (root,))
    return order, problems


def _alias_key(text: str) -> str:
    return " ".join(t.norm for t in tokenize(fold(text), text))


def _overlap(a_start, a_until, b_start, b_until) -> bool:
    lo = max(a_start or dt.date.min, b_start or dt.date.min)
    hi = min(a_until or dt.date.max, b_until or dt.date.max)
    return lo <= hi


class _Ways(dict):
    """Actor id -> ways its names match; ``ANY`` has a count but is not an actor id."""

    def __contains__(self, key) -> bool:
        return key != "ANY" and dict.__contains__(self, key)


def _placeholder_ways(actors: dict, people: list, lex) -> dict:
    """Actor id (and ``ANY``) -> ways the actor's names can match at one position.

    The phrase ambiguity bound counts a placeholder ``<ID>`` by this number:
    the alternatives of its names, aliases, capitals, people in its roles and
    adjective + role noun phrases, as the matcher expands them.
    """
    from .phrase import Word, alternation_ways

    def literal(text):
        return tuple(Word(t.norm) for t in tokenize(fold(text), text))

    names = {aid: [literal(a.name)] + [p[1] for p in a.aliases + a.capitals]
             for aid, a in actors.items()}
    for person in people:
        items = [literal(person.name)] + [p[1] for p in person.aliases]
        for aid in {r.actor for r in person.roles} & set(actors):
            names[aid].extend(items)
    nouns = [p[1] for p in lex.role_nouns + lex.agent_nouns if p[1]]
    noun_ways = alternation_ways(nouns) if nouns else 0

    def adjective_ways(aids):
        adjectives = [p[1] for aid in aids if aid in actors for p in actors[aid].adjectives if p[1]]
        return alternation_ways(adjectives) * noun_ways if adjectives and noun_ways else 0

    ways = {aid: alternation_ways([o for o in opts if o]) + adjective_ways([aid])
            for aid, opts in names.items()}
    ways["ANY"] = alternation_ways([o for opts in names.values() for o in opts if o]) \
        + adjective_ways(list(actors))
    return ways


def load_uncached(root: Path, folders: list[Path], files: list[Path], version: str) -> RuleSet:
    """Read, validate and build the rule set of *root* from its YAML files.

    Parameters
    ----------
    root : Path
        The rule-set folder (see :func:`stances.rules.resolve_rules`).
    folders : list of Path
        Its layers, bases first (:func:`layer_folders`).
    files : list of Path
        The rule files of those layers, in the order the version hashes them.
    version : str
        The rule-set version (a hash of the files), kept on the result.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        Every problem found, each as ``path:line:col: CODE message`` (at most
        :data:`~stances.rulemodel.MAX_PROBLEMS_REPORTED`, then one line saying how many more).
    """
    problems: list[Problem] = []
    names = {p.name for p in files if p.parent in folders}
    for req in ("actors.yaml", "lexicon.yaml"):
        if req not in names:
            where = root / req if len(folders) == 1 else root / CONFLICT_FILE
            problems.append(Problem(str(where), 1, 1, "E111",
                                    f"required rule file {req} is missing (here or in a folder it extends)"))
    issue_files = [p for p in files if p.parent == root / "issues"]
    if not issue_files:
        problems.append(Problem(str(root / "issues"), 1, 1, "E111", "no issue files (issues/*.yaml)"))

    parsed = {}
    for p in files:
        ctx = _Ctx(str(p))
        node = _read_yaml(p, ctx)
        parsed[p] = (ctx, node)
        problems.extend(ctx.problems)
        ctx.problems = []

    # the conflict's own file: its name, title and the shared actors it uses
    meta_name, meta_title, selected = root.name, "", None
    cpath = root / CONFLICT_FILE
    if cpath in parsed and parsed[cpath][1] is not None:
        ctx, node = parsed[cpath]
        f = _items(node, ctx, _CONFLICT_SPEC, CONFLICT_FILE) or {}
        meta_name = _str(f.get("conflict"), ctx, "conflict") or meta_name
        meta_title = _str(f.get("title"), ctx, "title") or "" if "title" in f else ""
        if "actors" in f:
            selected = {}
            for n in _list(f["actors"], ctx, "actors"):
                aid = _str(n, ctx, "actor")
                if aid:
                    selected[aid] = n
        problems.extend(ctx.problems)
        ctx.problems = []

    actors, people, groups = [], [], []  # people and groups carry the ctx of their file
    for folder in folders:
        apath = folder / "actors.yaml"
        if apath in parsed and parsed[apath][1] is not None:
            ctx, node = parsed[apath]
            a, pe, g = _load_actors(node, ctx)
            own = folder == root
            actors += [(x, own) for x in a]
            people += [(x, n, ctx) for x, n in pe]
            groups += [(x, n, ctx) for x, n in g]
            problems.extend(ctx.problems)
            ctx.problems = []
    actor_ids: dict = {}
    for a, _ in actors:
        if a.id in actor_ids:
            problems.append(Problem(a.loc.path, a.loc.line, a.loc.col, "E105",
                                    f"duplicate actor id {a.id!r} (first defined at {actor_ids[a.id].loc})"))
        else:
            actor_ids[a.id] = a
    if selected is not None:
        ctx = parsed[cpath][0]
        for aid, n in selected.items():
            if aid not in actor_ids:
                close = difflib.get_close_matches(aid, list(actor_ids), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                ctx.add(n, "E106", f"unknown actor {aid!r} in {CONFLICT_FILE}{hint}")
        problems.extend(ctx.problems)
        ctx.problems = []
    # roles: unknown actors, overlaps
    seen_people: dict = {}
    person_list = []
    for person, role_nodes, ctx in people:
        if person.name in seen_people:
            problems.append(Problem(person.loc.path, person.loc.line, person.loc.col, "E105",
                                    f"duplicate person {person.name!r} (first defined at {seen_people[person.name].loc})"))
            continue
        seen_people[person.name] = person
        person_list.append(person)
        for role, rnode in zip(person.roles, role_nodes):
            if role.actor not in actor_ids:
                close = difflib.get_close_matches(role.actor, list(actor_ids), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                ctx.add(rnode, "E106", f"{person.name}: unknown actor {role.actor!r} in role{hint}")
        by_title: dict = {}
        for role in person.roles:
            by_title.setdefault(role.title, []).append(role)
        for title, rs in by_title.items():
            rs = sorted(rs, key=lambda r: (r.start or dt.date.min))
            for a, b in zip(rs, rs[1:]):
                if _overlap(a.start, a.until, b.start, b.until):
                    ctx.add(_FakeMark(b.loc), "E109",
                            f"{person.name}: roles as {title!r} overlap ({a.loc.line} and {b.loc.line})")
        problems.extend(ctx.problems)
        ctx.problems = []
    for group, member_nodes, ctx in groups:
        for member, mnode in member_nodes:
            if member not in actor_ids:
                ctx.add(mnode, "E106", f"group {group.name}: unknown actor {member!r}")
        problems.extend(ctx.problems)
        ctx.problems = []
    # the actors of this rule set: its own, and the shared ones it names (all when it names none)
    used = {aid: a for aid, a in actor_ids.items()
            if selected is None or aid in selected or any(x is a and own for x, own in actors)}
    # shared aliases between actors that exist at the same time
    alias_owner: dict = {}
    for a in used.values():
        for text, _, loc in a.aliases + a.capitals:
            key = _alias_key(text)
            for other, oloc in alias_owner.get(key, []):
                if other.id != a.id and _overlap(a.start, a.until, other.start, other.until):
                    problems.append(Problem(loc.path, loc.line, loc.col, "E110",
                                            f"alias {text!r} of {a.id} is also an alias of {other.id} "
                                            f"({oloc}) while both exist; give them from/until dates"))
            alias_owner.setdefault(key, []).append((a, loc))

    lex = Lexicon()
    for folder in folders:
        lpath = folder / "lexicon.yaml"
        if lpath in parsed and parsed[lpath][1] is not None:
            ctx, node = parsed[lpath]
            _merge_lexicon(lex, _load_lexicon(node, ctx), problems)
            problems.extend(ctx.problems)
            ctx.problems = []
    for cls in lex.classes.values():
        if not cls.phrases:
            problems.append(Problem(cls.loc.path, cls.loc.line, cls.loc.col, "E102", f"class {cls.name!r} has no phrases"))
        if cls.sign is not None:  # an attitude's phrases find holders like attitude verbs
            lex.attitude_verbs.extend(cls.phrases)
    classes = {name: class_items(c) for name, c in lex.classes.items() if c.phrases}

    issues: dict = {}
    rule_seen: dict = {}
    # the actor ids placeholders may name, each with the ways its names can match (for the
    # phrase ambiguity bound)
    known = _Ways(_placeholder_ways(used, person_list, lex))
    for p in issue_files:
        ctx, node = parsed.get(p, (None, None))
        if node is None:
            continue
        res = _load_issue(node, ctx, known, classes)
        problems.extend(ctx.problems)
        ctx.problems = []
        if res is None:
            continue
        issue, rule_nodes, inode = res
        if issue.id in issues:
            problems.append(Problem(str(p), inode.start_mark.line + 1, inode.start_mark.column + 1, "E105",
                                    f"duplicate issue {issue.id!r} (first defined at {issues[issue.id].loc})"))
            continue
        for rule, rnode in zip(issue.rules + issue.targets, rule_nodes):
            if rule.id in rule_seen:
                problems.append(Problem(str(p), rnode.start_mark.line + 1, rnode.start_mark.column + 1,
                                        "E105", f"duplicate rule id {rule.id!r} "
                                        f"(first defined at {rule_seen[rule.id].loc})"))
            else:
                rule_seen[rule.id] = rule
        issue.rules = [r for r in issue.rules if rule_seen.get(r.id) is r]
        issue.targets = [t for t in issue.targets if rule_seen.get(t.id) is t]
        for t in issue.targets:
            issue.rules.extend(_compose(t, lex.classes))
        issues[issue.id] = issue

    if problems:
        raise RuleError(_capped(sorted(set(problems)), root))
    # people speak only for the actors of this rule set
    kept = []
    for person in person_list:
        roles = [r for r in person.roles if r.actor in used]
        if roles:
            person.roles = roles
            kept.append(person)
    return RuleSet(str(root), used, kept, issues, lex, version,
                   [g for g, _, _ in groups if all(m in used for m in g.members)],
                   name=meta_name, title=meta_title, layers=tuple(str(f) for f in folders))


def _capped(problems: list, root: Path) -> list:
    """At most :data:`MAX_PROBLEMS_REPORTED` problems, and one line saying how many more."""
    if len(problems) <= MAX_PROBLEMS_REPORTED:
        return problems
    more = len(problems) - MAX_PROBLEMS_REPORTED
    return problems[:MAX_PROBLEMS_REPORTED] + [Problem(str(root), 1, 1, "E114", f"{more} more problems not listed")]


class _FakeMark:
    """Lets :meth:`_Ctx.add` point at a :class:`Loc`."""

    def __init__(self, loc: Loc):
        self.line = loc.line - 1
        self.column = loc.col - 1
