"""One command line: shared option names, every documented example runs, errors read alike.

The shared vocabulary is :data:`stances.cli._options.SHARED`; the README's command
table and ``--help`` must agree with it (``tests/test_docs.py`` checks that every
option the README documents exists).
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from stances.cli import main
from stances.cli._options import DUPLICATES, SHARED

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_dna import make_dna  # noqa: E402


def options(command):
    return [p for p in command.params if isinstance(p, click.Option)]


def long_name(opt: click.Option) -> str:
    return max(opt.opts + opt.secondary_opts, key=len)


def test_an_option_used_by_two_commands_comes_from_the_shared_table():
    users = defaultdict(list)
    for name, command in main.commands.items():
        for opt in options(command):
            if not opt.hidden:
                users[long_name(opt)].append(name)
    shared_elsewhere = {o: cmds for o, cmds in users.items() if len(cmds) > 1}
    assert {"--rules", "--db", "--week", "--format", "--output", "--jobs"} <= set(shared_elsewhere)
    missing = sorted(o for o in shared_elsewhere if o not in SHARED)
    assert not missing, f"options on several commands but not in the shared table: {missing}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_shared_options_have_the_shared_names_and_meaning(name):
    for opt in options(main.commands[name]):
        key = long_name(opt)
        if key not in SHARED:
            continue
        decls, kwargs = SHARED[key]
        flags = sorted(d for d in decls if d.startswith("-"))
        assert sorted(opt.opts + opt.secondary_opts) == flags, (name, key)
        assert opt.name == ([d for d in decls if not d.startswith("-")] or [key.lstrip("-")])[0], (name, key)
        if "metavar" in kwargs:
            assert opt.metavar == kwargs["metavar"], (name, key)
        if key == "--duplicates":
            values = list(opt.type.choices)
            assert values == [v for v in DUPLICATES if v in values], name   # DNA's names, DNA's order


def test_every_command_that_reads_rules_or_statements_takes_rules():
    for name, command in main.commands.items():
        if name in ("import-dna", "init"):   # DNA files carry their own actors; init writes rules
            continue
        assert "--rules" in {long_name(o) for o in options(command)}, name


def test_windows_and_weeks_are_accepted_alike():
    for name in ("table", "graph", "report"):
        opts = {long_name(o) for o in options(main.commands[name])}
        assert "--week" in opts, name
    for name in ("table", "graph"):
        opts = {long_name(o) for o in options(main.commands[name])}
        assert {"--since", "--until", "--duplicates", "--db"} <= opts, name


def readme_rows():
    """The rows of the README's command table."""
    block = README.split("| command | does |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("| `stances ")]
    assert {line.split("`")[1].split()[1] for line in rows} == set(main.commands)
    return rows


def test_the_readme_table_names_every_shared_option_a_command_takes():
    for line in readme_rows():
        usage = line.split("`")[1]
        name = usage.split()[1]
        documented = set(re.findall(r"(--[a-z][a-z-]*)", usage))
        taken = {long_name(o) for o in options(main.commands[name]) if not o.hidden}
        for opt in ("--rules", "--db", "--week", "--since", "--until", "--duplicates", "--format"):
            if opt in taken:
                assert opt in documented, f"README row of {name} leaves out {opt}"


# ----------------------------------------------------------------- the documented examples


def help_examples(command) -> list[str]:
    text = command.help or ""
    block = text.split("Example:", 1)[1] if "Example:" in text else ""
    return [line.strip() for line in block.splitlines() if line.strip().startswith("stances ")]


def readme_examples() -> list[str]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        lines += [ln.strip() for ln in block.splitlines() if ln.strip().startswith("stances ")]
    return lines


#: Examples that need a machine this test does not have (a Dask scheduler at an address).
NEEDS_A_CLUSTER = ("--scheduler",)
ORDER = ["check", "init", "extract", "explain", "ingest", "import-dna", "table", "graph", "report", "eval"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A project folder: rules/, seeds/, folders of news named in the examples, a DNA file, a gold table."""
    base = tmp_path_factory.mktemp("examples")
    ws = base / "project"
    ws.mkdir()
    shutil.copytree(ROOT / "rules", ws / "rules")
    for folder in ("seeds", "news", "news/2020-W28", "news/2020-07", "archive"):
        shutil.copytree(ROOT / "seeds", ws / folder, dirs_exist_ok=True)
    make_dna(ws / "sample.dna")
    for name in ("seed", "dev"):   # the layout of ../shared the eval examples name, with a made gold table
        gold = base / "shared" / "eval" / name
        gold.mkdir(parents=True)
        (gold / "gold.csv").write_text("doc,actor,issue,polarity\n000_951ff7119e6d2308,TUR,ceasefire,1\n")
    shutil.copytree(ROOT / "seeds", base / "shared" / "eval" / "dev" / "articles")
    return ws


def all_examples():
    seen, out = set(), []
    for name in ORDER:
        for line in help_examples(main.commands[name]):
            out.append((name, line))
    for line in readme_examples():
        name = line.split()[1]
        out.append((name, line))
    out.sort(key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER))
    result = []
    for name, line in out:
        if line not in seen:
            seen.add(line)
            result.append((name, line))
    return result


def test_every_command_has_runnable_examples():
    names = {name for name, _ in all_examples()}
    assert names == set(main.commands)


def test_every_documented_example_runs(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    ran = 0
    missing = [c for c in re.findall(r"--conflict (\w+)", " ".join(line for _, line in all_examples()))
               if not (ROOT / "rules" / c).is_dir()]
    for name, line in all_examples():
        if any(flag in line for flag in NEEDS_A_CLUSTER):
            continue
        if name == "init" and missing:   # an example naming a rule set that is not shipped yet
            continue
        argv = shlex.split(line, comments=True)[1:]
        result = CliRunner().invoke(main, argv)
        # exit 1 is a verdict of check and eval (an example or the F1 failed), not a broken example
        verdicts = (0, 1) if argv[0] in ("check", "eval") else (0,)
        assert result.exit_code in verdicts, f"{line}\n{result.output}"
        ran += 1
    assert ran >= 20


# ----------------------------------------------------------------- errors and pipes


@pytest.mark.parametrize("argv", [
    ["ingest", "/nonexistent/news"],
    ["extract", "/nonexistent/news"],
    ["explain", "news/missing.txt"],
    ["table", "--db", "/nonexistent/stances.db"],
    ["graph", "--db", "/nonexistent/stances.db"],
    ["report", "--db", "/nonexistent/stances.db"],
    ["eval", "/nonexistent/gold.csv", "seeds/"],
    ["import-dna", "/nonexistent/sample.dna"],
    ["table", "--week", "2020-W99"],
    ["graph", "--week", "July"],
    ["table", "--duplicates", "month"],
    ["extract", "seeds/", "--format", "xml"],
    ["nosuchcommand"],
])
def test_every_bad_input_is_one_stances_error_line_and_exit_2(workspace, monkeypatch, argv):
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stances: error: "), result.output
    assert not (workspace / "nonexistent").exists()


def test_a_missing_database_reads_the_same_in_every_command(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    messages = {CliRunner().invoke(main, [cmd, "--db", "gone.db"]).output.strip()
                for cmd in ("table", "graph", "report")}
    assert messages == {"stances: error: gone.db: no such stances database or statements file "
                        "(create one with: stances ingest PATH --db gone.db)"}


def test_a_date_picks_its_week_in_the_report_too(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ["report", "seeds", "--week", "2020-07-09", "--out", "dated"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2020-W28: ") and (workspace / "dated" / "2020-W28" / "index.html").exists()


def test_ingest_of_a_missing_path_creates_no_database(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ["ingest", "nothere/", "--db", "fresh.db"])
    assert result.exit_code == 2 and not (workspace / "fresh.db").exists()


def test_explain_says_whether_it_read_a_file_a_folder_or_text(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    said = {}
    for arg in ("seeds/000_951ff7119e6d2308.txt", "seeds", "Egypt called for a ceasefire."):
        result = CliRunner().invoke(main, ["explain", arg])
        assert result.exit_code == 0, result.output
        said[arg] = result.stderr.splitlines()[0]
    assert said["seeds/000_951ff7119e6d2308.txt"].startswith("stances: explaining the file ")
    assert said["seeds"].startswith("stances: explaining the folder seeds (1 article)")
    assert said["Egypt called for a ceasefire."].startswith("stances: explaining the text given")


def test_check_json_is_json_when_the_rules_are_invalid(tmp_path):
    import json

    (tmp_path / "actors.yaml").write_text("actors: [\n")
    result = CliRunner().invoke(main, ["check", "--rules", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["problems"] and "line" in data["problems"][0]


def test_check_names_the_rule_set_once_with_correct_plurals():
    result = CliRunner().invoke(main, ["check", "--rules", str(ROOT / "rules")])
    assert result.exit_code in (0, 1)   # 1: an example fails, which is not what this test is about
    last = result.output.strip().splitlines()[-1]
    assert last.count(" rules") <= 1 + last.count(" rules;")
    assert re.search(r"\b1 (actors|issues|rules|people)\b", last) is None


def test_a_closed_pipe_ends_quietly(workspace):
    cmd = f"{shlex.quote(sys.executable)} -m stances explain seeds/ | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=workspace, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Broken pipe" not in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == 1


def test_the_cli_copies_of_library_vocabularies_match_the_library():
    """The CLI keeps light copies (so --help imports no pandas); they must equal the library's."""
    from stances import io, network, table
    from stances.cli import _options, extract_cmds, graph_cmds

    assert extract_cmds.FORMATS == io.FORMATS
    assert _options.DUPLICATES == network.DUPLICATES
    assert set(_options.TABLE_DEDUP.values()) == set(table.DEDUP_POLICIES)
    assert set(graph_cmds.KINDS) == set(network.GRAPH_KINDS)
    assert graph_cmds.AGGREGATIONS == {"one-mode": network.AGGREGATIONS_ONE_MODE,
                                       "two-mode": network.AGGREGATIONS_TWO_MODE}
    assert graph_cmds.NORMALIZATIONS == {"one-mode": network.NORMALIZATIONS_ONE_MODE,
                                         "two-mode": network.NORMALIZATIONS_TWO_MODE}
    assert graph_cmds.GRAPH_FORMATS == network.GRAPH_FORMATS


def test_help_and_the_light_commands_import_no_heavy_library(tmp_path):
    seed = ROOT / "seeds" / "000_951ff7119e6d2308.txt"
    extract = ["extract", str(seed), "--rules", str(ROOT / "rules"), "-q", "-o", str(tmp_path / "s.csv")]
    code = ("import sys\nfrom stances.cli import main\n"
            f"for argv in (['--help'], ['check', '--help'], ['graph', '--help'], {extract!r}):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('pandas', 'matplotlib', 'networkx', 'pyarrow') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
    assert (tmp_path / "s.csv").read_text().startswith("doc,date,week,")
