"""The report opens offline in headless Chromium and renders a non-blank page (skipped without chromium)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from stances.cli import main

from test_report import write_articles, write_rules

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def screenshot(page, tmp_path, name="shot.png"):
    shot = tmp_path / name
    profile = tmp_path / f"profile-{name}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={shot}",
           "--window-size=1280,2000", page.resolve().as_uri()]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
    return shot


def test_report_renders_in_headless_chromium(tmp_path, monkeypatch):
    from PIL import Image

    write_rules(tmp_path / "rules")
    write_articles(tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["report", "articles", "--rules", "rules", "--out", "out"])
    assert res.exit_code == 0, res.output
    page = tmp_path / "out" / "2020-W28" / "index.html"
    shot = screenshot(page, tmp_path)
    assert shot.is_file(), "chromium wrote no screenshot"
    with Image.open(shot) as im:
        assert im.size == (1280, 2000)
        rgb = im.convert("RGB")
        small = rgb.resize((160, 250))
        colours = small.getcolors(maxcolors=160 * 250)
        assert colours is not None and len(colours) > 50  # text, heatmap colours, figures
        non_white = sum(n for n, c in colours if sum(c) < 3 * 235)
        assert non_white > 0.02 * 160 * 250
        # the heatmap's dark blue (support) and dark red (oppose) cells are on screen
        pixels = {c for _, c in rgb.getcolors(maxcolors=1280 * 2000)}
        assert any(b > 80 and r < 40 and g < 80 for r, g, b in pixels)
        assert any(r > 90 and g < 30 and b < 50 for r, g, b in pixels)
