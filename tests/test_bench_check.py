"""bench/check.py: the slowdown check reads the recorded table and decides by the right rows.

No timing here: the check is fed a recorded table and a run written for the test.
"""
import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("bench_check", HERE.parent / "bench" / "check.py")
check = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(check)

RECORD = """# Performance

<!-- bench-table:start -->
Python 3.11.7 on Linux x86_64; 94 rules (version 92b9a192b974); generated corpora, seed 0

| measurement | profile | articles | MB | wall s | CPU s | MB/CPU-s | articles/CPU-s | x \\w+ | peak MB | note |
|---|---|---|---|---|---|---|---|---|---|---|
| end to end, 1 job | dense | 1,000 | 1.6 | 2.00 | 2.00 | 0.80 | 500 | 40.0 | 58 | 6,964 statements |
| stage: clean | dense | 1,000 | 1.6 | 0.01 | 0.01 | 160.00 | 100,000 | 0.3 |  | 0% of the CPU time |
| instructions, end to end, 1 job | dense | 200 |  |  |  |  |  |  |  | 1,911M instructions (9.56M per article; callgrind) |
<!-- bench-table:end -->
"""


def _run(tmp_path, ratio, instructions=None, machine="Python 3.11.7; 94 rules (version 92b9a192b974)"):
    rows = [{"measurement": "end to end, 1 job", "profile": "dense", "articles": 1000, "ratio": ratio},
            {"measurement": "stage: clean", "profile": "dense", "articles": 1000, "ratio": 0.9}]
    if instructions is not None:
        rows.append({"measurement": "instructions, end to end, 1 job", "profile": "dense", "articles": 200,
                     "ratio": None, "instructions": instructions})
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"machine": machine, "rows": rows}), encoding="utf-8")
    return path


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(RECORD, encoding="utf-8")
    return path


def test_the_recorded_table_gives_ratios_and_the_instruction_count(record):
    rows = check.recorded_rows(record.read_text(encoding="utf-8"), str(record))
    assert rows[("end to end, 1 job", "dense", 1000)] == {"ratio": 40.0, "instructions": None}
    assert rows[("instructions, end to end, 1 job", "dense", 200)] == {"ratio": None,
                                                                       "instructions": 1_911_000_000}


def test_instruction_counts_decide_when_both_have_them(tmp_path, record, capsys):
    # the timing row is 30 % slower (load), the instructions 2 % more: not a slowdown
    assert check.main([str(_run(tmp_path, 52.0, 1_950_000_000)), "--record", str(record)]) == 0
    out = capsys.readouterr().out
    assert "decided by 1 instruction row" in out and "slower (instructions rows decide)" in out
    # 20 % more instructions is one
    assert check.main([str(_run(tmp_path, 40.0, 2_300_000_000)), "--record", str(record)]) == 1
    assert "**slower**" in capsys.readouterr().out


def test_ratios_decide_without_instruction_rows_and_tiny_stages_are_skipped(tmp_path, record, capsys):
    assert check.main([str(_run(tmp_path, 44.0)), "--record", str(record)]) == 0  # +10 %
    out = capsys.readouterr().out
    assert "stage: clean" not in out  # recorded at 0.3: too few digits to compare
    assert check.main([str(_run(tmp_path, 47.0)), "--record", str(record)]) == 1  # +18 %
    # and --by ratio lets the timing rows decide even when counts are there
    assert check.main([str(_run(tmp_path, 47.0, 1_911_000_000)), "--record", str(record), "--by", "ratio"]) == 1


def test_no_common_row_or_no_table_is_exit_2(tmp_path, record, capsys):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"rows": [{"measurement": "end to end, 1 job", "profile": "sparse",
                                           "articles": 1000, "ratio": 10.0}]}), encoding="utf-8")
    assert check.main([str(other), "--record", str(record)]) == 2
    bare = tmp_path / "bare.md"
    bare.write_text("# no table\n", encoding="utf-8")
    assert check.main([str(_run(tmp_path, 40.0)), "--record", str(bare)]) == 2
    assert "no recorded table" in capsys.readouterr().err


def test_a_run_on_another_rule_set_is_noted(tmp_path, record, capsys):
    assert check.main([str(_run(tmp_path, 40.0)), "--record", str(record)]) == 0
    assert "different work" not in capsys.readouterr().err
    other = _run(tmp_path, 40.0, machine="Python 3.11.7; 42 rules (version a8fb520c3ab8)")
    assert check.main([str(other), "--record", str(record)]) == 0
    err = capsys.readouterr().err
    assert "94 rules (version 92b9a192b974)" in err and "42 rules (version a8fb520c3ab8)" in err
