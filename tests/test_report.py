"""The weekly report: structure, evidence, escaping, figures, reproducibility, atomic replacement, CLI."""
from __future__ import annotations

import os
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from stances import report as R
from stances.cli import main
from stances.store import Corpus, Store, load_corpus, normalize_statements

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SECTIONS = ("changed", "summary", "heatmap", "coverage", "shifts", "graphs", "coalitions", "issues", "rules",
            "method")
FIGURES = ("heatmap.png", "agreement.png", "disagreement.png", "shifts.png")

EVIL_ACTOR = "Evil<script>alert('actor')</script><img src=x onerror=alert(1)>"
EVIL_ISSUE = "Ceasefire<script>alert('issue')</script>"
EVIL_RULE = "Calls<script>alert('rule')</script>"


# --------------------------------------------------------------------------- a tiny HTML tree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs=(), parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        out = []
        for n in self.iter():
            if tag is not None and n.tag != tag:
                continue
            if all(v in (n.attrs.get(k.rstrip("_")) or "").split() if k.endswith("_") else
                   n.attrs.get(k) == v for k, v in attrs.items()):
                out.append(n)
        return out

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    @property
    def text(self):
        return "".join(c if isinstance(c, str) else c.text for c in self.children)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        assert n is not None, f"stray </{tag}>"
        self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html: str) -> Node:
    b = TreeBuilder()
    b.feed(html)
    b.close()
    return b.root


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- fixtures

LEXICON = (FIXTURES / "rules_min" / "lexicon.yaml").read_text(encoding="utf-8")


def write_rules(folder: Path) -> Path:
    """A tiny rule set whose actor name, issue title, proposition and rule title are hostile."""
    (folder / "issues").mkdir(parents=True)
    (folder / "lexicon.yaml").write_text(LEXICON, encoding="utf-8")
    (folder / "actors.yaml").write_text(
        "actors:\n"
        "  - {id: GBR, name: Britain, kind: state, aliases: [Britain]}\n"
        "  - {id: RUS, name: Russia, kind: state, aliases: [Russia]}\n"
        f"  - {{id: EVL, name: \"{EVIL_ACTOR}\", kind: other, aliases: [Evilland]}}\n",
        encoding="utf-8")
    (folder / "issues" / "ceasefire.yaml").write_text(
        "issue: ceasefire\n"
        f"title: \"{EVIL_ISSUE}\"\n"
        "proposition: \"A ceasefire now <img src=x onerror=alert(2)>\"\n"
        "rules:\n"
        "  - id: ceasefire.call\n"
        f"    title: \"{EVIL_RULE}\"\n"
        "    stance: support\n"
        "    phrases: [\"call* for [a] ceasefire\"]\n"
        "  - id: ceasefire.oppose\n"
        "    title: Opposes a ceasefire\n"
        "    stance: oppose\n"
        "    phrases: [\"oppos* [a] ceasefire\"]\n"
        "  - id: ceasefire.never\n"
        "    title: Never fires\n"
        "    stance: support\n"
        "    phrases: [\"zzyzx ceasefire\"]\n",
        encoding="utf-8")
    return folder


def write_articles(folder: Path) -> Path:
    """Week 2020-W28 (hostile text and metadata), week 2020-W27 (an https link), undated, unreadable."""
    folder.mkdir(parents=True)
    (folder / "a1.txt").write_text(
        "---\nid: a1\ndate: 2020-07-09\nsource: \"<script>alert('source')</script>\"\n"
        "title: \"Title<script>alert('title')</script>\"\nurl: \"javascript:alert('url')\"\n---\n"
        "Britain called for a ceasefire <script>alert('text')</script> today.\n\n"
        "Russia said it opposes a ceasefire <img src=x onerror=alert(3)> in Libya.\n\n"
        "Evilland called for a ceasefire, officials said.\n", encoding="utf-8")
    (folder / "a2.txt").write_text(
        "---\nid: a2\ndate: 2020-07-02\nsource: Example News\ntitle: Earlier\n"
        "url: \"https://example.org/a?x=1&y=2\"\n---\nRussia called for a ceasefire in Libya.\n",
        encoding="utf-8")
    (folder / "a3.txt").write_text("Britain called for a ceasefire.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"abc\x00\x00\x01\x02")
    return folder


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working folder with rules/ and articles/; the CLI runs inside it."""
    write_rules(tmp_path / "rules")
    write_articles(tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def built(project):
    """The 2020-W28 report of the hostile articles, parsed."""
    res = cli("report", "articles", "--rules", "rules", "--out", "out")
    assert res.exit_code == 0, res.output
    folder = project / "out" / "2020-W28"
    html = (folder / "index.html").read_text(encoding="utf-8")
    return folder, html, parse(html)


def hostile_corpus() -> Corpus:
    """Statements whose every text field is hostile, built directly (no extraction)."""
    rows = []
    for i, (actor, url) in enumerate([
            ("<b>X</b>\"onmouseover=alert(1)", "javascript:alert(1)"),
            ("GBR", " JaVaScRiPt:alert(2)"),
            ("RUS", "data:text/html,<script>alert(3)</script>"),
            ("RUS", "https://example.org/ok?a=1&b=2"),
            ("GBR", "vbscript:msgbox(1)")]):
        rows.append({
            "doc": f"d{i}<script>", "date": "2020-07-0" + str(6 + i % 3), "actor": actor,
            "issue": "ceasefire", "position": "support", "score": 1.0 if i % 2 == 0 else -1.0,
            "rule": "r<script>alert('rule')</script>", "negated": False,
            "holder_text": "<img src=x onerror=alert('holder')>", "holder_via": "subject<svg onload=alert(1)>",
            "sentence": f"Sentence {i} <script>alert('sentence')</script><img src=x onerror=alert(4)>",
            "start": 10 * i, "end": 10 * i + 9, "source": "<script>alert('source')</script>",
            "title": "<img src=x onerror=alert('title')>", "url": url, "rules_version": "v1"})
    return Corpus(normalize_statements(pd.DataFrame(rows)), articles=5, undated=1, rejected=1,
                  rules_version="v1", undated_docs=["<script>undated</script>"],
                  rejections=["<script>bad.txt</script>: binary file"])


def assert_inert(tree: Node, html: str) -> None:
    """No script element, no event-handler attribute, only http(s) links and data: PNG images."""
    assert not tree.find_all("script")
    assert not tree.find_all("iframe") and not tree.find_all("svg") and not tree.find_all("object")
    for node in tree.iter():
        for name, value in node.attrs.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            if name in ("href", "src", "action", "formaction"):
                low = (value or "").strip().lower()
                assert not low.startswith(("javascript:", "vbscript:", "data:text")), (node.tag, value)
    for a in tree.find_all("a"):
        href = a.attrs["href"]
        assert href.startswith(("http://", "https://", "#")) or href in {
            "statements.csv", "table.csv", "changes.csv", "graph.graphml", "../index.html", *FIGURES}, href
    for img in tree.find_all("img"):
        assert img.attrs["src"].startswith("data:image/png;base64,")
    assert "<script" not in html.lower()


# --------------------------------------------------------------------------- structure and evidence

def test_writes_every_file_of_the_week(built):
    folder, _, _ = built
    assert sorted(p.name for p in folder.iterdir()) == sorted(R.REPORT_FILES)


def test_page_has_every_section_and_no_external_resources(built):
    _, html, tree = built
    ids = [s.attrs.get("id") for s in tree.find_all("section")]
    assert ids == list(SECTIONS)
    assert tree.find("title").text == "Stances report: Week 2020-W28"
    assert not tree.find_all("link") and "@import" not in html and "url(" not in html
    assert len(tree.find_all("style")) == 1


def test_heatmap_table_has_actor_rows_issue_columns_and_evidence(built):
    _, _, tree = built
    table = tree.find("table", class_="heatmap")
    columns = [th.find("span", class_="id").text for th in table.find("thead").find_all("th")[1:]]
    assert columns == ["ceasefire"]
    rows = table.find("tbody").find_all("tr")
    ids = [r.find("th").find("span", class_="id").text for r in rows]
    assert ids == ["EVL", "GBR", "RUS"]
    cells = {i: r.find_all("td")[0] for i, r in zip(ids, rows)}
    gbr = cells["GBR"]
    assert gbr.find("span", class_="score").text == "+1.0"   # one vote: one decimal
    assert gbr.find("span", class_="count").text == "1 sentence"
    details = gbr.find("details")
    assert details.find("summary")
    items = details.find("ol", class_="evidence").find_all("li")
    assert len(items) == 1
    assert items[0].find("blockquote").text.startswith("Britain called for a ceasefire")
    meta = items[0].find_all("p", class_="meta")
    assert "2020-07-09" in meta[0].text and "ceasefire.call" in meta[1].text and "a1:" in meta[1].text
    assert cells["RUS"].find("span", class_="score").text == "-1.0"
    assert "background-color:#" in cells["RUS"].attrs["style"]
    # one article, one outlet: the weakest confidence, said in the cell and drawn hatched
    assert "conf-low" in gbr.attrs["class"].split()
    assert gbr.find("span", class_="support-n").text == "1 art. · 1 outlet"


def test_evidence_links_are_http_only(project):
    res = cli("report", "articles", "--rules", "rules", "--out", "out", "--week", "2020-W27")
    assert res.exit_code == 0, res.output
    tree = parse((project / "out" / "2020-W27" / "index.html").read_text(encoding="utf-8"))
    links = [a for a in tree.find("table", class_="heatmap").find_all("a")]
    assert [a.attrs["href"] for a in links] == ["https://example.org/a?x=1&y=2"]
    assert links[0].text == "Earlier" and "noopener" in links[0].attrs["rel"]
    meta = tree.find("p", class_="meta").text
    assert "2020-07-02" in meta and "Example News" in meta


def test_javascript_url_is_plain_text(built):
    _, _, tree = built
    table = tree.find("table", class_="heatmap")
    assert not table.find_all("a")
    urls = [s.text for s in table.find_all("span", class_="url")]
    assert urls and set(urls) == {"javascript:alert('url')"}


def test_summary_counts_undated_and_rejected(built):
    _, _, tree = built
    stats = {li.find("span", class_="what").text: li.find("span", class_="num").text
             for li in tree.find("ul", class_="stats").find_all("li")}
    assert stats["articles in the corpus"] == "3"
    assert stats["statements"] == "3" and stats["actors"] == "3" and stats["issues"] == "1"
    assert stats["undated articles"] == "1" and stats["rejected inputs"] == "1"
    assert "a3" in tree.find("details", id="undated").text
    assert "bad.txt" in tree.find("details", id="rejected").text


def test_shifts_coalitions_issues_and_rule_coverage(built):
    _, _, tree = built
    shifts = tree.find("table", class_="shifts")
    rows = {tr.find_all("td")[0].find("span").text: tr.find("span", class_="chip").text
            for tr in shifts.find("tbody").find_all("tr")}
    assert rows == {"EVL": "first position", "GBR": "first position", "RUS": "sign change"}
    coalition = [li.find("span", class_="id").text if li.find_all("span") else li.text
                 for li in tree.find("ol", class_="coalitions").find("ul").find_all("li")]
    assert coalition == ["EVL", "GBR"]
    issue = tree.find("div", class_="issue")
    assert "Britain" in issue.find("div", class_="support").text
    assert "Russia" in issue.find("div", class_="oppose").text
    fired = [tr.find("code").text for tr in tree.find("table", class_="fired").find("tbody").find_all("tr")]
    never = [tr.find("code").text for tr in tree.find("table", class_="never").find("tbody").find_all("tr")]
    assert fired == ["ceasefire.call", "ceasefire.oppose"]
    assert never == ["ceasefire.never"]
    method = tree.find("section", id="method").text
    assert R.DEDUP in method and "normalisation" in method.lower()


def test_data_files_hold_the_week(built):
    folder, _, _ = built
    statements = pd.read_csv(folder / "statements.csv")
    assert len(statements) == 3 and set(statements["week"]) == {"2020-W28"}
    table = pd.read_csv(folder / "table.csv")
    assert sorted(table["actor"]) == ["EVL", "GBR", "RUS"]
    graph = nx.read_graphml(folder / "graph.graphml")
    assert sorted(graph.nodes) == ["EVL", "GBR", "RUS"]
    assert graph.edges["EVL", "GBR"]["agreement"] == 1.0
    assert graph.edges["GBR", "RUS"]["disagreement"] == 1.0


# --------------------------------------------------------------------------- escaping

def test_hostile_text_from_articles_and_rules_is_escaped(built):
    _, html, tree = built
    assert_inert(tree, html)
    row_header = tree.find("table", class_="heatmap").find("tbody").find("th")
    assert row_header.text.startswith(EVIL_ACTOR)
    assert EVIL_ISSUE in tree.find("table", class_="heatmap").find("thead").text
    sentences = [b.text for b in tree.find_all("blockquote")]
    assert any("<script>alert('text')</script>" in s or "alert('text')" in s for s in sentences)
    assert any("onerror=alert(3)" in s for s in sentences)
    fired = tree.find("table", class_="fired").text
    assert EVIL_RULE in fired
    th = tree.find("table", class_="heatmap").find("thead").find_all("th")[1]
    assert th.attrs["title"] == "A ceasefire now <img src=x onerror=alert(2)>"


def test_hostile_statement_fields_are_escaped(tmp_path):
    result = R.write_report(hostile_corpus(), None, tmp_path / "out", week="2020-W28")
    html = result.path.read_text(encoding="utf-8")
    tree = parse(html)
    assert_inert(tree, html)
    hrefs = [a.attrs["href"] for a in tree.find("table", class_="heatmap").find_all("a")]
    assert hrefs == ["https://example.org/ok?a=1&b=2"]
    urls = {s.text for s in tree.find_all("span", class_="url")}
    assert {"javascript:alert(1)", "JaVaScRiPt:alert(2)", "vbscript:msgbox(1)"} <= {u.strip() for u in urls}
    text = tree.text
    for needle in ("<script>alert('sentence')</script>", "<script>alert('source')</script>",
                   "<img src=x onerror=alert('holder')>", "<b>X</b>\"onmouseover=alert(1)",
                   "r<script>alert('rule')</script>", "<script>undated</script>",
                   "<script>bad.txt</script>: binary file"):
        assert needle in text, needle


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/x", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("java\nscript:alert(1)", False),
    ("data:text/html,x", False), ("//example.org", False), ("/relative", False), ("mailto:a@b.c", False),
    ("https://exa mple.org", False), ("https://example.org/\"onmouseover=x", False), ("", False), (None, False),
])
def test_safe_url(url, ok):
    assert (R.safe_url(url) is not None) is ok


# --------------------------------------------------------------------------- figures

def test_figures_are_pngs_of_sane_size(built):
    folder, _, tree = built
    for name in FIGURES:
        data = (folder / name).read_bytes()
        assert data.startswith(PNG_MAGIC), name
        assert 2_000 < len(data) < 5_000_000, (name, len(data))
        w, h = png_size(data)
        assert 300 <= w <= 5000 and 200 <= h <= 7000, (name, w, h)
        assert b"Software" not in data and b"matplotlib" not in data.lower()
    srcs = [img.attrs["src"] for img in tree.find_all("img")]
    assert len(srcs) == 4
    import base64

    embedded = {base64.b64decode(s.split(",", 1)[1]) for s in srcs}
    assert embedded == {(folder / n).read_bytes() for n in FIGURES}


def test_heatmap_and_shift_drawings_handle_empty_input(tmp_path):
    empty = pd.DataFrame(index=pd.Index([], name="actor"), columns=pd.Index([], name="issue"))
    p = R.draw_heatmap(empty, tmp_path / "h.png")
    s = R.draw_shifts(pd.DataFrame(columns=["week", "actor", "issue", "change", "score", "previous_score"]),
                      tmp_path / "s.png")
    assert p.read_bytes().startswith(PNG_MAGIC) and s.read_bytes().startswith(PNG_MAGIC)


def test_heatmap_grows_with_the_matrix(tmp_path):
    small = pd.DataFrame({"a": [1.0]}, index=["X"])
    big = pd.DataFrame({f"issue_{j}": [(-1) ** i * 0.5 for i in range(14)] for j in range(10)},
                       index=[f"A{i}" for i in range(14)])
    ws, hs = png_size(R.draw_heatmap(small, tmp_path / "s.png").read_bytes())
    wb, hb = png_size(R.draw_heatmap(big, tmp_path / "b.png").read_bytes())
    assert wb > ws and hb > hs


# --------------------------------------------------------------------------- reproducibility, atomicity

def test_same_inputs_give_byte_identical_folders(project):
    for out in ("one", "two"):
        assert cli("report", "articles", "--rules", "rules", "--out", out).exit_code == 0
    first, second = project / "one" / "2020-W28", project / "two" / "2020-W28"
    for name in R.REPORT_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    before = (first / "index.html").read_bytes()
    assert cli("report", "articles", "--rules", "rules", "--out", "one").exit_code == 0
    assert (first / "index.html").read_bytes() == before
    assert sorted(p.name for p in (project / "one").iterdir()) == ["2020-W28", "index.html"]


def test_stamp_is_opt_in(project):
    assert cli("report", "articles", "--rules", "rules", "--out", "a").exit_code == 0
    assert cli("report", "articles", "--rules", "rules", "--out", "b", "--stamp").exit_code == 0
    plain = (project / "a" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    stamped = (project / "b" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    assert "Generated " not in plain and "Generated " in stamped and "UTC" in stamped


def test_failed_run_keeps_the_previous_report(project, monkeypatch):
    corpus = load_corpus(paths=["articles"], rules="rules")
    from stances.store import load_ruleset

    rules = load_ruleset("rules")
    first = R.write_report(corpus, rules, "out", stamp="first run")
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("figure failed")

    original = R.draw_shifts
    monkeypatch.setattr(R, "draw_shifts", broken)
    with pytest.raises(RuntimeError, match="figure failed"):
        R.write_report(corpus, rules, "out", stamp="second run")
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert sorted(p.name for p in Path("out").iterdir()) == ["2020-W28", "index.html"]

    monkeypatch.setattr(R, "draw_shifts", original)  # (undo() would also undo the chdir)
    third = R.write_report(corpus, rules, "out", stamp="third run")
    assert "third run" in third.path.read_text(encoding="utf-8")
    assert sorted(p.name for p in Path("out").iterdir()) == ["2020-W28", "index.html"]
    assert sorted(p.name for p in third.folder.iterdir()) == sorted(R.REPORT_FILES)


def test_rerun_removes_files_of_the_old_report(project):
    assert cli("report", "articles", "--rules", "rules", "--out", "out").exit_code == 0
    stray = project / "out" / "2020-W28" / "leftover.txt"
    stray.write_text("old", encoding="utf-8")
    assert cli("report", "articles", "--rules", "rules", "--out", "out").exit_code == 0
    assert not stray.exists()


# --------------------------------------------------------------------------- weeks and paths

@pytest.mark.parametrize("week", ["2020-W99", "2021-W53", "banana", "../../etc", "2020-W28/../../x",
                                  "all", ""])
def test_invalid_week_is_refused_with_exit_2(project, week):
    res = CliRunner().invoke(main, ["report", "articles", "--rules", "rules", "--out", "out", "--week", week])
    assert res.exit_code == 2
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "week" in lines[0].lower()
    assert not (project / "out").exists() or not any((project / "out").iterdir())


def test_week_and_all_exclude_each_other(project):
    res = CliRunner().invoke(main, ["report", "articles", "--rules", "rules", "--week", "2020-W28", "--all"])
    assert res.exit_code == 2


def test_labels_cannot_leave_the_output_folder(tmp_path):
    corpus = hostile_corpus()
    for label in ("../x", "2020-W28/..", "/tmp/x", "all/.."):
        with pytest.raises(R.ReportError):
            R.report_context(corpus, None, label)
    with pytest.raises(R.ReportError):
        R.write_report(corpus, None, tmp_path, week="../../2020-W28")
    assert not any(tmp_path.iterdir())


def test_default_week_is_the_latest_dated_one():
    s = pd.DataFrame({"week": ["2020-W27", None, "2021-W01", "2020-W53"]})
    assert R.latest_week(s) == "2021-W01"
    with pytest.raises(R.ReportError, match="no dated statements"):
        R.report_label(pd.DataFrame({"week": [None]}))


def test_all_weeks_report(project):
    res = cli("report", "articles", "--rules", "rules", "--out", "out", "--all")
    assert res.exit_code == 0
    tree = parse((project / "out" / "all" / "index.html").read_text(encoding="utf-8"))
    stats = {li.find("span", class_="what").text: li.find("span", class_="num").text
             for li in tree.find("ul", class_="stats").find_all("li")}
    assert stats["statements"] == "5"  # both weeks and the undated article
    cells = tree.find("table", class_="heatmap").find("tbody").find_all("tr")
    gbr = [r for r in cells if r.find("th").find("span", class_="id").text == "GBR"][0]
    assert gbr.find("span", class_="count").text == "2 sentences"


def test_a_week_without_statements_still_gets_a_report(project):
    res = cli("report", "articles", "--rules", "rules", "--out", "out", "--week", "2020-W29")
    assert res.exit_code == 0
    tree = parse((project / "out" / "2020-W29" / "index.html").read_text(encoding="utf-8"))
    assert not tree.find_all("table", class_="heatmap")
    # a week without any statement silences nobody and changes nothing
    assert not tree.find_all("table", class_="shifts")
    assert "No change against the last known positions" in tree.find("section", id="changed").text


def test_only_undated_articles_need_a_week(project):
    shutil.rmtree("articles")
    Path("articles").mkdir()
    Path("articles/u.txt").write_text("Britain called for a ceasefire.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", "articles", "--rules", "rules", "--out", "out"])
    assert res.exit_code == 2 and "--all" in res.output
    assert cli("report", "articles", "--rules", "rules", "--out", "out", "--all").exit_code == 0


# --------------------------------------------------------------------------- inputs

def test_without_paths_or_store_it_reads_seeds(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(FIXTURES / "rules_min", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    res = cli("report")
    assert res.exit_code == 0, res.output
    assert "reports/2020-W28/index.html" in res.output.replace(os.sep, "/")
    html = (tmp_path / "reports" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    tree = parse(html)
    evidence = [b.text for b in tree.find_all("blockquote")]
    assert any("called for a ceasefire" in s for s in evidence)
    assert "000_951ff7119e6d2308" in html
    assert not (tmp_path / "stances.db").exists()


def test_fresh_clone_first_command_reports_the_seed_week(tmp_path, monkeypatch):
    """The README's first command, with the shipped rules: every evidence sentence is in the seed text."""
    from stances.corpus import read_articles

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    res = cli("report")
    assert res.exit_code == 0, res.output
    folder = tmp_path / "reports" / "2020-W28"
    assert sorted(p.name for p in folder.iterdir()) == sorted(R.REPORT_FILES)
    tree = parse((folder / "index.html").read_text(encoding="utf-8"))
    rows = tree.find("table", class_="heatmap").find("tbody").find_all("tr")
    assert rows
    seed = [a for a in read_articles([tmp_path / "seeds"]) if hasattr(a, "text")][0]
    quotes = [b.text for b in tree.find_all("blockquote")]
    assert quotes and all(q in seed.text for q in quotes)
    statements = pd.read_csv(folder / "statements.csv")
    assert all(seed.text[r.start:r.end] == r.sentence for r in statements.itertuples())


def test_paths_are_read_in_memory_even_when_a_store_exists(project):
    assert cli("ingest", "articles/a2.txt", "--rules", "rules", "-q").exit_code == 0
    db = project / "stances.db"
    before = db.read_bytes()
    res = cli("report", "articles", "--rules", "rules", "--out", "out")
    assert res.exit_code == 0 and "2020-W28" in res.output
    assert db.read_bytes() == before


def test_the_default_store_is_used_without_paths(project):
    assert cli("ingest", "articles", "--rules", "rules", "-q").exit_code == 0
    res = cli("report", "--rules", "rules", "--out", "out")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("2020-W28: 3 statements")
    with Store("stances.db", create=False) as store:
        assert store.article_count() == 3


def test_a_named_store_is_used_and_a_missing_one_refused(project):
    assert cli("ingest", "articles", "--rules", "rules", "--db", "x.db", "-q").exit_code == 0
    res = cli("report", "--db", "x.db", "--rules", "rules", "--out", "out", "--week", "2020-W27")
    assert res.exit_code == 0 and res.output.startswith("2020-W27: 1 statement, 1 actor")
    res = CliRunner().invoke(main, ["report", "--db", "nope.db", "--rules", "rules"])
    assert res.exit_code == 2 and "nope.db" in res.output


def test_help_has_an_example():
    res = cli("report", "--help")
    assert res.exit_code == 0 and "Example:" in res.output and "stances report" in res.output


def test_long_evidence_lists_are_capped_with_a_pointer_to_the_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_EVIDENCE", 2)
    rows = [{"doc": f"d{i}", "date": "2020-07-08", "actor": "GBR", "issue": "ceasefire", "score": 1.0,
             "rule": "r", "sentence": f"Sentence number {i}.", "start": 0, "end": 20} for i in range(5)]
    corpus = Corpus(normalize_statements(pd.DataFrame(rows)), 5, 0, 0, "v")
    result = R.write_report(corpus, None, tmp_path)
    cell = parse(result.path.read_text(encoding="utf-8")).find("table", class_="heatmap").find("td")
    assert cell.find("span", class_="count").text == "5 sentences"
    assert len(cell.find("ol", class_="evidence").find_all("li")) == 2
    assert "3 more sentences" in cell.find("div", class_="ev").text
    assert len(pd.read_csv(result.folder / "statements.csv")) == 5


def test_unreadable_inputs_are_named_on_stderr(project):
    res = CliRunner().invoke(main, ["report", "articles", "--rules", "rules", "--out", "out"])
    assert res.exit_code == 0
    skipped = [line for line in res.stderr.splitlines() if line.startswith("stances: skipped")]
    assert len(skipped) == 1 and "bad.txt" in skipped[0] and "binary" in skipped[0]
    assert "bad.txt" not in res.stdout


def test_summary_counts_the_articles_of_the_week(project):
    assert cli("report", "articles", "--rules", "rules", "--out", "wk").exit_code == 0
    page = (project / "wk" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    assert "articles dated this week" in page
    from stances.store import load_corpus

    corpus = load_corpus(paths=["articles"], rules="rules")
    assert sum(corpus.article_weeks.values()) == corpus.articles - corpus.undated


def test_two_runs_for_the_same_week_at_once_both_succeed(project):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "stances", "report", "articles", "--rules", "rules", "--out", "same"]
    procs = [subprocess.Popen(cmd, cwd=project, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert sorted(p.name for p in (project / "same").iterdir()) == ["2020-W28", "index.html"]
    assert (project / "same" / "2020-W28" / "index.html").exists()
