"""The README and the CLI agree: every documented command and option exists, every command has an example."""
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stances.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE = [line for line in README.splitlines() if line.startswith("| `stances ")]


def test_every_command_is_documented_in_the_readme():
    documented = {re.match(r"\| `stances ([a-z-]+)", line).group(1) for line in TABLE}
    assert documented == set(main.commands)


@pytest.mark.parametrize("line", TABLE, ids=lambda l: l.split("`")[1])
def test_documented_options_exist(line):
    usage = line.split("`")[1]
    name = usage.split()[1]
    out = CliRunner().invoke(main, [name, "--help"]).output
    for opt in re.findall(r"(--[a-z][a-z-]*)", usage):
        assert opt in out, f"{name}: README documents {opt}, --help does not know it"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_an_example_in_its_help(name):
    out = CliRunner().invoke(main, [name, "--help"]).output
    assert "Example" in out and f"stances {name}" in out
