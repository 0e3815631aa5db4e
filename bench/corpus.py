"""Deterministic generator of news-like articles and of large rule-set variants.

Nothing here is part of the ``stances`` package: it feeds ``bench/run.py``.

Articles look like wire copy about the Libyan conflict: YAML front matter
(id, date, source, title), 6-12 paragraphs, quotations attributed with
``X said`` / ``said X`` / ``according to X``, rule phrases of the given rule
set at a realistic density (about one sentence in twelve holds one), actor
and people names (about one sentence in four) and unmatched filler (the ``sparse`` profile). The ``dense`` profile
(:class:`DenseArticleGenerator`) is a focused conflict feed: short articles in
which most sentences name actors, quote them and hold rule phrases. The same
``seed`` always gives byte-identical output.

Rule-set variants (``write_rule_variant``) copy ``actors.yaml`` and
``lexicon.yaml`` of a base rule set and write ``N`` rules: the base rules
(without examples) followed by generated variants whose content words are
replaced, at random, by invented words (new vocabulary, as a rule set that
covers more conflicts would have); about a third of the variants keep the
base rule's trigger words, so they are looked up, and rejected, on the same
sentences. Every variant has at least one required word of its own.

Usage::

    python bench/corpus.py articles OUT_DIR -n 1000 [--rules rules] [--jsonl] [--profile dense]
    python bench/corpus.py rules OUT_DIR -n 5000 [--rules rules]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

import yaml

from stances.phrase import Alt, Gap, Opt, Ref, Word
from stances.rules import load_rules

__all__ = ["ArticleGenerator", "DenseArticleGenerator", "PROFILES", "write_articles", "write_rule_variant", "unparse"]

_FILLER = """
the a of in on for with after before during while against between about over under into from
and or but as by at to its their his her this that these those which who was were is are has have
had been will would could should may might can new old last next first second third several many
some few more most other such only also still even already again however meanwhile later earlier
week month year day morning night weekend spring summer autumn winter monday tuesday wednesday
thursday friday saturday sunday city town port coast desert road airport base border region south
east west north central capital district area village field oil gas water power electricity fuel
bank currency price market budget salary economy trade cargo ship tanker pipeline terminal refinery
people residents families children students doctors hospital school clinic aid food medicine
shortage queue camp shelter convoy truck bus car checkpoint street square market crowd protest
rally strike meeting talks conference summit delegation visit tour trip session committee council
report statement document letter draft plan proposal agreement deal framework roadmap timeline
election vote ballot candidate campaign parliament assembly court judge law decree order budget
fighting clashes shelling drone strike attack offensive advance retreat front line troops units
fighters brigade battalion militia police guard army navy air force weapons rockets artillery
tanks vehicles ammunition supplies losses casualties injured killed wounded displaced missing
analysts observers experts journalists reporters correspondents sources witnesses residents
officials diplomats envoys ministers leaders commanders spokesmen negotiators mediators
reported described noted recalled explained confirmed announced published released issued
arrived left returned travelled met held visited discussed reviewed examined signed opened closed
rose fell increased decreased doubled halved reached crossed entered seized recaptured controlled
large small major minor heavy light long short high low recent previous current early late local
regional international national foreign domestic economic political military humanitarian
difficult uncertain fragile tense calm quiet violent peaceful stable unstable
""".split()

_PLACES = ["Tripoli", "Benghazi", "Misrata", "Sirte", "Jufra", "Tobruk", "Sabha", "Zawiya",
           "Gharyan", "Tarhuna", "Derna", "Ajdabiya", "Ghadames", "Kufra", "Brega", "Ras Lanuf"]
_SOURCES = ["Wire Service", "Daily Report", "Evening Post", "News Agency", "The Observer Desk",
            "Regional Monitor", "World Desk", "Press Digest"]
_SPEECH_AFTER = ["said", "told reporters", "said in a statement", "told a news conference",
                 "said on Twitter", "added"]
_SUFFIXES = {"": 5, "s": 2, "ed": 2, "ing": 1}
_SYLLABLES = ["ba", "ko", "ri", "ta", "ven", "dol", "mar", "qu", "zen", "lo", "pri", "sta", "gu",
              "ne", "vor", "li", "mek", "sa", "tru", "bel", "fi", "rox", "dan", "ul", "pe", "cas"]


def _pseudo(rng: random.Random) -> str:
    """An invented word (3 syllables, never an English word in practice)."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)) + rng.choice(["an", "ix", "or", "um"])


# ---------------------------------------------------------------------------- phrases
def unparse(items) -> str:
    """Write parsed phrase items back in the phrase language.

    Examples
    --------
    >>> from stances.phrase import parse_phrase
    >>> unparse(parse_phrase("call* for [a|an immediate] (truce|cease-fire) {0,2} <LNA>"))
    'call* for [a|an immediate] (truce|cease fire) {0,2} <LNA>'
    """
    out = []
    for it in items:
        if isinstance(it, Word):
            w = it.text.upper() if it.caps else it.text
            out.append(w + ("*" if it.prefix else ""))
        elif isinstance(it, Gap):
            out.append("{%d}" % it.low if it.low == it.high else "{%d,%d}" % (it.low, it.high))
        elif isinstance(it, Opt):
            if len(it.items) == 1 and isinstance(it.items[0], Alt):
                out.append("[" + "|".join(unparse(o) for o in it.items[0].options) + "]")
            else:
                out.append("[" + unparse(it.items) + "]")
        elif isinstance(it, Alt):
            out.append("(" + "|".join(unparse(o) for o in it.options) + ")")
        elif isinstance(it, Ref):
            out.append(f"<{it.actor}>")
    return " ".join(out)


class ArticleGenerator:
    """Seeded generator of news-like articles for a rule set.

    Parameters
    ----------
    ruleset : RuleSet
        Its rule phrases and actor / people names are planted in the text.
    seed : int
        Same seed, same articles.
    phrase_rate, mention_rate : float
        Share of sentences holding a rule phrase, or an actor name without one.
    """

    def __init__(self, ruleset, seed: int = 0, phrase_rate: float = 0.08, mention_rate: float = 0.25):
        self.rs = ruleset
        self.seed = seed
        self.phrase_rate = phrase_rate
        self.mention_rate = mention_rate
        self.phrases = [(r, items) for r in ruleset.rules for _, items, _ in r.phrases]
        self.actor_names = {aid: [a.name] + [t for t, _, _ in a.aliases] for aid, a in ruleset.actors.items()}
        self.speakers = []  # (name, actor or None): plain names that can hold a statement
        for aid, a in sorted(ruleset.actors.items()):
            self.speakers.append((a.name, aid))
            for t, _, _ in a.aliases:
                self.speakers.append((t, aid))
            for t, _, _ in a.adjectives:
                self.speakers.append((t[:1].upper() + t[1:] + " officials", aid))
        for p in ruleset.people:
            self.speakers.append((p.name, None))
        self.speakers.sort()

    # -- pieces
    def _words(self, rng, n) -> list[str]:
        return [rng.choice(_FILLER) for _ in range(n)]

    def _filler(self, rng) -> str:
        words = self._words(rng, rng.randint(10, 26))
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(len(words)), rng.choice(_PLACES))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 950)))
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."

    def _render(self, rng, items) -> list[str]:
        out = []
        for it in items:
            if isinstance(it, Word):
                w = it.text.upper() if it.caps else it.text
                if it.prefix:
                    w += rng.choices(list(_SUFFIXES), weights=list(_SUFFIXES.values()))[0]
                out.append(w)
            elif isinstance(it, Gap):
                out.extend(self._words(rng, rng.randint(it.low, min(it.high, it.low + 2))))
            elif isinstance(it, Opt):
                if rng.random() < 0.5:
                    out.extend(self._render(rng, it.items))
            elif isinstance(it, Alt):
                out.extend(self._render(rng, rng.choice(it.options)))
            elif isinstance(it, Ref):
                aid = it.actor if it.actor != "ANY" else rng.choice(sorted(self.actor_names))
                names = self.actor_names.get(aid) or [aid]
                out.append(rng.choice(names))
        # "haftar 's" -> "haftar's"
        text = " ".join(out).replace(" 's", "'s").replace(" n't", "n't")
        return [text]

    def _statement(self, rng) -> str:
        rule, items = rng.choice(self.phrases)
        phrase = self._render(rng, items)[0]
        who = rng.choice(self.speakers)[0]
        style = rng.random()
        if style < 0.35:
            return f"{who} {rng.choice(['said it would', 'said', 'again'])} {phrase} {rng.choice(_PLACES).lower()} " \
                   f"{' '.join(self._words(rng, rng.randint(2, 8)))}."
        if style < 0.7:
            body = " ".join(self._words(rng, rng.randint(2, 6)))
            return f"\u201c{phrase[:1].upper() + phrase[1:]} {body},\u201d {who} {rng.choice(_SPEECH_AFTER)}."
        if style < 0.85:
            return f"The {rng.choice(['minister', 'spokesman', 'envoy'])} {phrase} " \
                   f"{' '.join(self._words(rng, rng.randint(3, 9)))}, according to {who}."
        return f"{phrase[:1].upper() + phrase[1:]} {' '.join(self._words(rng, rng.randint(3, 9)))}, {who} said."

    def _mention(self, rng) -> str:
        who = rng.choice(self.speakers)[0]
        words = self._words(rng, rng.randint(6, 16))
        return f"{who} {' '.join(words)} in {rng.choice(_PLACES)}."

    def _sentence(self, rng) -> str:
        x = rng.random()
        if x < self.phrase_rate and self.phrases:
            return self._statement(rng)
        if x < self.phrase_rate + self.mention_rate:
            return self._mention(rng)
        return self._filler(rng)

    def article(self, i: int) -> tuple[dict, str]:
        """Front matter and body of article number *i* (independent of the others)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        day = 18000 + rng.randrange(1000)  # 2019-04-14 .. 2022-01-08 in days since 1970
        import datetime as dt

        date = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
        title_words = self._words(rng, rng.randint(4, 9))
        title = " ".join(w.capitalize() for w in title_words)
        meta = {"id": f"bench-{i:07d}", "date": date, "source": rng.choice(_SOURCES), "title": title}
        paras = []
        for _ in range(rng.randint(7, 13)):
            paras.append(" ".join(self._sentence(rng) for _ in range(rng.randint(2, 4))))
        return meta, "\n\n".join(paras) + "\n"

    def text_file(self, i: int) -> str:
        """Article *i* as a text file with YAML front matter."""
        meta, body = self.article(i)
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        return f"---\n{head}---\n{body}"


class DenseArticleGenerator(ArticleGenerator):
    """Seeded generator of *dense* conflict-feed articles (the ``dense`` profile).

    A focused news feed reads differently from general wire copy: nearly every
    sentence names actors, quotes them and holds a rule phrase. Articles are
    short (4-7 paragraphs of 2-3 sentences, about 1.8 KB) and about six
    sentences in ten hold a rule phrase, attributed in the ways news writes
    them: quotations with a speaker after or before them, subjects of speech
    verbs, coordinated holders ("X, Y and Z called for"), ``according to``,
    pronouns and role nouns ("he said", "the minister said") after a named
    person, and passive agents. Another three sentences in ten name an actor
    without a phrase. Same seed, same articles (all text is generated here,
    from the rule set's own phrases and names and an invented filler
    vocabulary).
    """

    def __init__(self, ruleset, seed: int = 0, phrase_rate: float = 0.6, mention_rate: float = 0.3):
        super().__init__(ruleset, seed, phrase_rate, mention_rate)
        self.people_names = sorted(p.name for p in ruleset.people)
        self.plain_actors = sorted(a.name for a in ruleset.actors.values())

    def _statement(self, rng) -> str:
        rule, items = rng.choice(self.phrases)
        phrase = self._render(rng, items)[0]
        cap = phrase[:1].upper() + phrase[1:]
        who = rng.choice(self.speakers)[0]
        tail = " ".join(self._words(rng, rng.randint(1, 5)))
        style = rng.randrange(9)
        if style == 0:
            return f"{who} {rng.choice(['said it would', 'said', 'again', 'has repeatedly'])} {phrase} {tail}."
        if style == 1:
            return f"\u201c{cap} {tail},\u201d {who} {rng.choice(_SPEECH_AFTER)}."
        if style == 2:
            return f"{who} {rng.choice(['said', 'told reporters', 'wrote'])}: \u201c{cap} {tail}.\u201d"
        if style == 3 and len(self.plain_actors) >= 3:
            a, b, c = rng.sample(self.plain_actors, 3)
            return f"{a}, {b} and {c} {phrase} {tail}."
        if style == 4:
            return f"{cap} {tail}, according to {who}."
        if style == 5 and self.people_names:
            person = rng.choice(self.people_names)
            return f"{person} met envoys in {rng.choice(_PLACES)}, and he said {phrase} {tail}."
        if style == 6:
            return f"The {rng.choice(['minister', 'spokesman', 'envoy', 'foreign minister'])} " \
                   f"{rng.choice(['said', 'stressed'])} {phrase} {tail}."
        if style == 7:
            return f"{cap} {tail}, {who} said on {rng.choice(['Monday', 'Tuesday', 'Friday'])}."
        return f"{who} and {rng.choice(self.speakers)[0]} {rng.choice(['said', 'agreed'])} {phrase} {tail}."

    def _mention(self, rng) -> str:
        who = rng.choice(self.speakers)[0]
        other = rng.choice(self.speakers)[0]
        words = self._words(rng, rng.randint(4, 10))
        return f"{who} {' '.join(words)} with {other} in {rng.choice(_PLACES)}."

    def article(self, i: int) -> tuple[dict, str]:
        rng = random.Random(self.seed * 1_000_003 + i + 7_919)
        day = 18000 + rng.randrange(1000)
        import datetime as dt

        date = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
        title = " ".join(w.capitalize() for w in self._words(rng, rng.randint(4, 9)))
        meta = {"id": f"dense-{i:07d}", "date": date, "source": rng.choice(_SOURCES), "title": title}
        paras = []
        for _ in range(rng.randint(4, 7)):
            paras.append(" ".join(self._sentence(rng) for _ in range(rng.randint(2, 3))))
        return meta, "\n\n".join(paras) + "\n"


#: Article profiles: ``sparse`` (general wire copy, about one sentence in twelve holds a
#: rule phrase) and ``dense`` (a focused conflict feed, most sentences do).
PROFILES = {"sparse": ArticleGenerator, "dense": DenseArticleGenerator}


def write_articles(out_dir, n: int, ruleset, seed: int = 0, jsonl: bool = False,
                   profile: str = "sparse") -> int:
    """Write *n* articles of a *profile* (``sparse`` or ``dense``) to *out_dir*
    (``NNNNNNN.txt`` files or one ``articles.jsonl``).

    Returns the number of bytes of article text written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gen = PROFILES[profile](ruleset, seed)
    total = 0
    if jsonl:
        with open(out / "articles.jsonl", "w", encoding="utf-8") as fh:
            for i in range(n):
                meta, body = gen.article(i)
                fh.write(json.dumps({**meta, "url": None, "text": body}, ensure_ascii=False) + "\n")
                total += len(body.encode())
        return total
    sub = None
    for i in range(n):
        if i % 1000 == 0:  # keep folders small
            sub = out / f"{i // 1000:04d}"
            sub.mkdir(exist_ok=True)
        text = gen.text_file(i)
        (sub / f"{i:07d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


# ---------------------------------------------------------------------------- rules
_KEEP = frozenset("the a an of to in for on and or with by at from as is are was were be".split())


def _mutate(items, rng, p):
    out = []
    for it in items:
        if isinstance(it, Word):
            if it.text not in _KEEP and len(it.text) >= 3 and not it.text.startswith("'") and rng.random() < p:
                it = Word(_pseudo(rng), it.prefix, False)
            out.append(it)
        elif isinstance(it, Opt):
            out.append(Opt(tuple(_mutate(it.items, rng, p))))
        elif isinstance(it, Alt):
            out.append(Alt(tuple(tuple(_mutate(o, rng, p)) for o in it.options)))
        else:
            out.append(it)
    return out


def write_rule_variant(base_dir, out_dir, n_rules: int, seed: int = 0) -> Path:
    """Write a rule set of exactly *n_rules* rules derived from the rules in *base_dir*.

    The base rules come first (examples dropped), then generated variants
    ``<base id>.vN``; with fewer rules than the base set, a seeded sample of
    the base rules is kept. The whole base folder is copied (a layered rule
    set keeps its base folders and ``index.yaml``) and the issue files of the
    rule set it names are replaced. The result passes ``stances check``.
    """
    from stances.rules import resolve_rules

    base = load_rules(base_dir)
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base_dir, out, ignore=shutil.ignore_patterns(".*"))
    rel = resolve_rules(base_dir).resolve().relative_to(Path(base_dir).resolve())
    issues_dir = out / rel / "issues"
    if issues_dir.exists():
        shutil.rmtree(issues_dir)
    issues_dir.mkdir(parents=True)
    rng = random.Random(seed)
    from stances.phrase import MAX_PHRASE_CHARS

    # rules composed from targets carry the attitude class spelled out: too long to write back
    rules = [r for r in base.rules
             if all(len(unparse(items)) <= MAX_PHRASE_CHARS - 40 for _, items, _ in r.phrases)]
    if not rules:
        raise SystemExit(f"{base_dir}: the base rule set has no rules")
    chosen: list[tuple] = []  # (issue, rule dict)
    if n_rules <= len(rules):
        keep = sorted(rng.sample(range(len(rules)), n_rules))
        for i in keep:
            r = rules[i]
            chosen.append((r.issue, {"id": r.id, "stance": r.stance,
                                     "phrases": [unparse(items) for _, items, _ in r.phrases]}))
    else:
        for r in rules:
            chosen.append((r.issue, {"id": r.id, "stance": r.stance,
                                     "phrases": [unparse(items) for _, items, _ in r.phrases]}))
        k = 0
        while len(chosen) < n_rules:
            r = rules[k % len(rules)]
            k += 1
            keep_triggers = rng.random() < 0.33
            phrases = []
            for _, items, _ in r.phrases:
                new = _mutate(items, rng, 0.4 if keep_triggers else 0.8)
                # every variant has a required word of its own (a distinct rule, not a copy
                # that differs only in optional words)
                if all(a == b for a, b in zip(new, items) if isinstance(b, Word)):
                    new = list(new) + [Word(_pseudo(rng))]
                phrases.append(unparse(new))
            chosen.append((r.issue, {"id": f"{r.id}.v{k}", "stance": r.stance, "phrases": phrases}))
    by_issue: dict = {}
    seen_ids: dict = {}
    for issue, rule in chosen:
        k = seen_ids.get(rule["id"], 0)
        seen_ids[rule["id"]] = k + 1
        if k:  # rules composed from one target share its id
            rule = {**rule, "id": f"{rule['id']}.c{k}"}
        by_issue.setdefault(issue, []).append(rule)
    for issue, rs in sorted(by_issue.items()):
        src = base.issues[issue]
        doc = {"issue": issue, "title": src.title, "proposition": src.proposition, "rules": rs}
        (issues_dir / f"{issue}.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["articles", "rules"])
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--rules", default="rules", help="base rule set (default: ./rules)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true")
    ap.add_argument("--profile", choices=sorted(PROFILES), default="sparse",
                    help="sparse: general wire copy; dense: a focused conflict feed")
    a = ap.parse_args(argv)
    if a.what == "articles":
        size = write_articles(a.out, a.n, load_rules(a.rules), a.seed, a.jsonl, a.profile)
        print(f"wrote {a.n} articles, {size / 1e6:.1f} MB, to {a.out}", file=sys.stderr)
    else:
        write_rule_variant(a.rules, a.out, a.n, a.seed)
        print(f"wrote a rule set of {a.n} rules to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
