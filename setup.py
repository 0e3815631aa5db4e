"""Build hook: the shipped rule sets and the seed article become package data.

``rules/`` and ``seeds/`` stay at the top of the repository (where analysts edit them); a wheel
carries copies under ``stances/_data/`` so that an installed package works outside any clone.
All other metadata is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    """build_py that also copies rules/ and seeds/ into stances/_data/."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "stances" / "_data"
        for name in ("rules", "seeds"):
            src = ROOT / name
            if src.is_dir():
                dst = target / name
                if dst.exists():
                    shutil.rmtree(dst)
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithData})
