"""The rule set as the engine sees it: actors, people and their dated roles, issues and
their rules, the lexicon.

These are plain data classes, built by :mod:`stances.rulefiles` from the YAML files and
loaded by :func:`stances.rules.load_rules` (from its cache when the files are unchanged);
nothing here reads a file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .phrase import Alt

__all__ = ["Problem", "Loc", "in_period", "Actor", "Group", "Role", "Person", "Example", "Rule",
           "Target", "AttitudeClass", "Issue", "Lexicon", "RuleSet", "class_items"]

#: The file that makes a folder a conflict's rule set and names what it builds on.
CONFLICT_FILE = "conflict.yaml"
MAX_RULE_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_REACH = 8
#: Per-file limits of the rule language (docs/rules.md, "Limits").
MAX_RULES_PER_FILE = 5_000
MAX_EXAMPLES_PER_RULE = 200
MAX_NAME_CHARS = 200
MAX_PROBLEMS_REPORTED = 1_000
ACTOR_KINDS = ("state", "organisation", "armed_group", "government", "parliament", "other")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a rule file."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


@dataclass(frozen=True)
class Loc:
    """Where something was defined: file and 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def in_period(date: dt.date | None, start: dt.date | None, until: dt.date | None) -> bool:
    """True when *date* lies within the inclusive bounds (``None`` bounds are open).

    An undated text (``date is None``) lies in every period.

    Examples
    --------
    >>> import datetime as dt
    >>> in_period(dt.date(2021, 3, 15), None, dt.date(2021, 3, 15))
    True
    """
    if date is None:
        return True
    return (start is None or start <= date) and (until is None or date <= until)


@dataclass
class Actor:
    """A conflict actor: a state, organisation or armed group."""

    id: str
    name: str
    kind: str
    aliases: list
    adjectives: list
    capitals: list
    start: dt.date | None
    until: dt.date | None
    loc: Loc

    def exists_on(self, date: dt.date | None) -> bool:
        """True when the actor exists on *date* (always, when undated)."""
        return in_period(date, self.start, self.until)


@dataclass
class Group:
    """A collective name that stands for several actors ("the two warring sides")."""

    name: str
    aliases: list
    members: list
    start: dt.date | None
    until: dt.date | None
    loc: Loc

    def exists_on(self, date: dt.date | None) -> bool:
        """True when the group's members form it on *date*."""
        return in_period(date, self.start, self.until)


@dataclass
class Role:
    """A dated role of a person for an actor (bounds inclusive, ``None`` = open)."""

    actor: str
    title: str
    start: dt.date | None
    until: dt.date | None
    loc: Loc

    def valid_on(self, date: dt.date | None) -> bool:
        """True when the role is held on *date*."""
        return in_period(date, self.start, self.until)


@dataclass
class Person:
    """A person who speaks for actors through dated roles."""

    name: str
    aliases: list
    gender: str | None
    roles: list
    loc: Loc

    def roles_on(self, date: dt.date | None) -> list:
        """Roles valid on *date*; for an undated text, all roles if they share one actor."""
        if date is None:
            actors = {r.actor for r in self.roles}
            return list(self.roles) if len(actors) == 1 else []
        return [r for r in self.roles if r.valid_on(date)]


@dataclass
class Example:
    """An example sentence of a rule, with optional expectations."""

    text: str
    should_match: bool
    actors: tuple | None
    stance: float | None
    negated: bool | None
    date: dt.date | None
    loc: Loc


@dataclass
class Rule:
    """A phrase rule: when a phrase matches, its holder takes ``stance`` on the issue.

    Rules compiled from a :class:`Target` share the target's id and name the attitude
    class that composed them in ``attitude``.
    """

    id: str
    title: str
    issue: str
    stance: float
    weight: float
    on_negation: str
    phrases: list  # list of (text, parsed items, Loc)
    examples: list
    loc: Loc
    attitude: str = ""


@dataclass
class Target:
    """What an issue's proposition wants (``sign`` +1) or is against (-1).

    A target is stated once; every signed attitude class of the lexicon composes with it
    ("<support> ... ceasefire", "<oppose> ... ceasefire"), and the score of a match is the
    class sign times the target sign, flipped by negation.
    """

    id: str
    title: str
    issue: str
    sign: float
    reach: int
    phrases: list  # list of (text, parsed items, Loc)
    examples: list
    loc: Loc


@dataclass
class AttitudeClass:
    """A named set of phrases (``<support>``); a signed class composes with targets."""

    name: str
    title: str
    sign: float | None
    phrases: list  # list of (text, parsed items, Loc)
    examples: list
    loc: Loc


@dataclass
class Issue:
    """An issue: a proposition that actors support (+1) or oppose (-1)."""

    id: str
    title: str
    proposition: str
    rules: list
    loc: Loc
    targets: list = field(default_factory=list)


@dataclass
class Lexicon:
    """Cue words: each entry a list of parsed phrases."""

    speech_verbs: list = field(default_factory=list)
    attitude_verbs: list = field(default_factory=list)
    role_nouns: list = field(default_factory=list)
    agent_nouns: list = field(default_factory=list)
    negation: list = field(default_factory=list)
    negating_verbs: list = field(default_factory=list)
    hedges: dict = field(default_factory=dict)
    place_prepositions: list = field(default_factory=list)
    classes: dict = field(default_factory=dict)  # name -> AttitudeClass
    document_nouns: list = field(default_factory=list)
    collective_nouns: list = field(default_factory=list)
    alignment_verbs: list = field(default_factory=list)
    institutions: dict = field(default_factory=dict)  # actor kind -> list of parsed phrases


@dataclass
class RuleSet:
    """A validated rule set. ``version`` identifies its content."""

    path: str
    actors: dict
    people: list
    issues: dict
    lexicon: Lexicon
    version: str
    groups: list = field(default_factory=list)
    name: str = ""
    title: str = ""
    layers: tuple = ()

    @property
    def rules(self) -> list:
        """All rules (phrase rules and the rules compiled from targets), in file order."""
        return [r for issue in self.issues.values() for r in issue.rules]

    @property
    def targets(self) -> list:
        """All targets, in file order."""
        return [t for issue in self.issues.values() for t in issue.targets]

    @cached_property
    def matcher(self):
        """The compiled one-pass matcher (built once per rule set)."""
        from .matcher import Matcher

        return Matcher(self)

    def __getstate__(self):
        # a built matcher travels with the rule set (to the cache and to worker processes),
        # so nobody compiles it twice
        return self.__dict__.copy()


def class_items(cls: AttitudeClass) -> Alt:
    """The parsed item a ``<name>`` placeholder stands for: one of the class's phrases."""
    return Alt(tuple(tuple(items) for _, items, _ in cls.phrases))
