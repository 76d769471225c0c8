"""The competency questions as ready examples for the query page.

They live in ``queries/*.rq`` (content a researcher edits, located through
:mod:`graph.assets`); each file starts with ``# title:`` and ``# description:`` comment
lines. A missing or empty folder gives no examples rather than a broken page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph import assets
from graph.errors import ConfigError


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def parse_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if sep and key.strip().lower() in ("title", "description"):
            fields[key.strip().lower()] = value.strip()
    return Example(
        name=path.stem,
        title=fields.get("title") or path.stem.replace("_", " ").replace("-", " "),
        description=fields.get("description", ""),
        query=text,
    )


def load_examples(folder: Path | None = None) -> list[Example]:
    try:
        folder = folder or assets.queries_dir()
    except ConfigError:
        return []
    try:
        files = sorted(folder.glob("*.rq"))
    except OSError:
        return []
    examples = []
    for path in files:
        try:
            examples.append(parse_example(path))
        except (OSError, UnicodeDecodeError):
            continue  # a file being written right now; it shows up on the next load
    return examples
