"""Packages for setuptools: the code plus the committed models/ shipped as `contractlens._models`.

Metadata lives in pyproject.toml; this file only exists because pyproject's package discovery
cannot map a top-level directory into the package.
"""

from setuptools import find_packages, setup

MODEL_FILES = ["*.md", "*/*.json", "*/*.npz", "*/*.md", "*/*.txt", "*/*.onnx.gz"]

setup(
    packages=find_packages(include=["contractlens", "contractlens.*"]) + ["contractlens._models"],
    package_dir={"contractlens._models": "models"},
    package_data={
        "contractlens": ["schemas/*.json", "profiles/*.yaml", "report/templates/*", "serve/templates/*"],
        "contractlens._models": MODEL_FILES,
    },
)
