"""Hostile-input benchmark: extraction time of floods that used to be quadratic.

Each input is one article file of N bytes: a run of ``.`` (the sentence splitter used to
rescan it at every character), ``<!--`` repeated (every comment unclosed: the HTML cleaner used
to scan to the end from each one), one ``<!--`` before N bytes of text, a run of ``<a``
(unclosed tags) and of ``<script`` (unclosed block openers). The article is read, cleaned,
split and extracted with the shipped rules, as ``stances extract`` does it; the table shows
seconds and seconds per MB, which stay flat when the work is linear in the size.

    python bench/hostile.py                  # 125 KB to 1 MB
    python bench/hostile.py --sizes 1000000,4000000
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FLOODS = {
    "'.' run": lambda n: "." * n,
    "'<!--' repeated": lambda n: "<!--" * (n // 4),
    "one unclosed '<!--'": lambda n: "Turkey called for a ceasefire. <!-- " + "x " * (n // 2),
    "'<a' run": lambda n: "<a" * (n // 2),
    "'<script' run": lambda n: "<script" * (n // 7),
    "'!?' run": lambda n: "!?" * (n // 2),
}


def measure(text: str, rules) -> float:
    from stances.corpus import read_articles
    from stances.extract import extract_article
    from stances.model import Article

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "flood.txt"
        path.write_text("---\ndate: 2020-07-09\n---\n" + text + "\n", encoding="utf-8")
        t0 = time.process_time()
        for item in read_articles([path]):
            if isinstance(item, Article):
                extract_article(item, rules)
        return time.process_time() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="125000,250000,500000,1000000")
    parser.add_argument("--rules", default=str(REPO / "rules"))
    args = parser.parse_args()
    from stances.rules import load_rules

    rules = load_rules(args.rules)
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| input | " + " | ".join(f"{s / 1e6:g} MB: s (s/MB)" for s in sizes) + " |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " |")
    for name, make in FLOODS.items():
        cells = []
        for n in sizes:
            secs = measure(make(n), rules)
            cells.append(f"{secs:.2f} ({secs / (n / 1e6):.2f})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
