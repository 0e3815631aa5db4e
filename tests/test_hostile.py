"""Issue 8: a folder of hostile files next to the seed. Nothing crashes, every bad file is named,
and the seed's statements still come out of `stances extract` and `stances report`."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_951ff7119e6d2308.txt"

BAD = {  # file name -> a word the error message must contain
    "binary.txt": "binary",
    "latin1.txt": "UTF-8",
    "nul.txt": "NUL",
    "empty.txt": "empty",
    "blank.txt": "empty",
    "huge.txt": "too large",
    "hugeline.txt": "too large",
    "unterminated.txt": "never closed",
    "badyaml.txt": "front matter",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    shutil.copy(SEED, d / SEED.name)
    shutil.copy(SEED.with_suffix(".meta.yaml"), d / SEED.with_suffix(".meta.yaml").name)
    rnd = bytes((i * 7919 + 13) % 256 for i in range(4096))
    (d / "binary.txt").write_bytes(rnd)
    (d / "latin1.txt").write_bytes("Égypte a appelé à un cessez-le-feu.".encode("latin-1"))
    (d / "nul.txt").write_bytes(b"Egypt called\x00 for a ceasefire.")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("   \n\n  \t\n")
    with open(d / "huge.txt", "wb") as f:  # 100 MB, sparse where the file system allows
        f.truncate(100 * 1024 * 1024)
    with open(d / "hugeline.txt", "wb") as f:
        f.write(b"Egypt called for a ceasefire " * (60 * 1024 * 1024 // 29))
    (d / "unterminated.txt").write_text("---\ntitle: never closed\n\nEgypt called for a ceasefire.\n")
    (d / "badyaml.txt").write_text("---\ntitle: [unclosed\ndate: 2020-07-09\n---\nEgypt called for a ceasefire.\n")
    # readable, with a defined behaviour
    (d / "utf16.txt").write_bytes("Egypt called for a ceasefire.".encode("utf-16"))
    (d / "baddate.txt").write_text("---\ndate: 2020-02-30\n---\nEgypt called for a ceasefire.\n")
    (d / "quotes.txt").write_text("Egypt said " + "“" * 3000 + "we call for a truce" + "”" * 1000 + '"' * 999 + "\n")
    (d / "html.txt").write_text("<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
                                "<body><p>Egypt&nbsp;called for a <b>ceasefire</b>.</p>"
                                "<img src=x onerror=alert(1)></body></html>\n")
    return d


def run(*args, cwd=ROOT, timeout=600):
    return subprocess.run([sys.executable, "-m", "stances", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def test_extract_names_every_bad_file_and_keeps_the_seed(hostile, tmp_path):
    out = tmp_path / "s.csv"
    r = run("extract", str(hostile), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name, word in BAD.items():
        line = next((l for l in r.stderr.splitlines() if name in l), None)
        assert line is not None, (name, r.stderr)
        assert word.lower() in line.lower(), line
    text = out.read_text(encoding="utf-8")
    for actor in ("GBR", "DEU", "FRA", "RUS"):
        assert f"000_951ff7119e6d2308,2020-07-09,2020-W28,{actor}," in text
    assert ",utf16," in text or "utf16" in text  # UTF-16 with a BOM is read
    # the HTML article's statement has no markup in its evidence position
    assert "baddate" in r.stderr  # impossible date: read, undated, with a warning


def test_report_finishes_and_names_bad_files(hostile, tmp_path):
    r = run("report", str(hostile), "--out", str(tmp_path / "reports"))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name in BAD:
        assert name in r.stderr, (name, r.stderr)
    page = (tmp_path / "reports" / "2020-W28" / "index.html").read_text(encoding="utf-8")
    assert "Britain, Germany and France called for a ceasefire" in page
    assert "<script>alert" not in page and "onerror=alert" not in page
    # articles read with a warning are listed in the page too
    assert "Read with warnings" in page and "decoded as UTF-16" in page and "2020-02-30" in page


def test_yaml_bomb_in_rules_exits_2_within_seconds(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    lines = ["issue: bomb", "title: t", "proposition: p", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 20):
        prev = "a" if i == 1 else f"l{i - 1}"
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("rules: []")
    (rules / "libya" / "issues" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    # a bomb that expanded would never finish: the subprocess timeout is a hang guard, not a benchmark
    r = run("check", "--rules", str(rules), timeout=120)
    assert r.returncode == 2
    assert "bomb.yaml:4:" in r.stderr and "anchors and aliases" in r.stderr
