"""The one place that knows where the project's content folders live.

`ontology/`, `mappings/`, `shapes/`, `queries/` and `examples/` are content a researcher edits;
code never finds them through the working directory. Set ``AMTSGRAPH_HOME`` to point the
engine at another project folder with the same layout.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from graph.errors import ConfigError

_FOLDERS = ("ontology", "mappings", "shapes", "queries", "examples", "evaluation")


@cache
def project_root() -> Path:
    env = os.environ.get("AMTSGRAPH_HOME")
    root = Path(env) if env else Path(__file__).resolve().parent.parent
    if not (root / "mappings").is_dir():
        raise ConfigError(
            f"{root} has no mappings/ folder; run amtsgraph from an editable install "
            "(pip install -e .) or set AMTSGRAPH_HOME to the project folder"
        )
    return root


def folder(name: str) -> Path:
    if name not in _FOLDERS:
        raise ValueError(f"unknown asset folder {name!r}; expected one of {_FOLDERS}")
    return project_root() / name


def ontology_dir() -> Path:
    return folder("ontology")


def mappings_dir() -> Path:
    return folder("mappings")


def shapes_dir() -> Path:
    return folder("shapes")


def queries_dir() -> Path:
    return folder("queries")


def examples_dir() -> Path:
    return folder("examples")


def evaluation_dir() -> Path:
    return folder("evaluation")
