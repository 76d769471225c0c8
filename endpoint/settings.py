"""The server's settings, declared once as data.

Each field carries its default and a help text in its metadata, so the CLI options, the docs
and the tests all read the same declaration (Datasette's settings table) instead of three
hand-kept copies drifting apart. Handlers get settings from the app, never from the
environment.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import ConfigError
from graph.vocab import DEFAULT_BASE


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs; immutable so a request cannot change it for the next."""

    store: Path = field(
        default=Path("instance/store"),
        metadata=_help("Store folder written by `amtsgraph build` (opened read-only)."),
    )
    base: str = field(
        default=DEFAULT_BASE,
        metadata=_help(
            "Base IRI under which the graph mints its IRIs; the server maps its own URLs onto it."
        ),
    )
    query_timeout: float = field(
        default=30.0,
        metadata=_help(
            "Seconds a SPARQL query may run before it is stopped (its worker is killed)."
        ),
    )
    max_result_bytes: int = field(
        default=64 * 1024 * 1024,
        metadata=_help(
            "Largest serialised SPARQL result in bytes; bigger results stop early with an error."
        ),
    )
    max_request_bytes: int = field(
        default=1024 * 1024, metadata=_help("Largest request (body or query string) in bytes.")
    )
    query_workers: int = field(
        default=2,
        metadata=_help("Query processes per server process: SPARQL queries that can run at once."),
    )
    update_token: str | None = field(
        default=None,
        metadata=_help(
            "Bearer token enabling /update and the Graph Store Protocol write side; off if unset."
        ),
    )
    cors: bool = field(
        default=True, metadata=_help("Send CORS headers so browser clients on other origins work.")
    )
    describe_limit: int = field(
        default=500,
        metadata=_help(
            "Most values per list (properties, incoming links, evidence) on a resource page."
        ),
    )
    page_cache_bytes: int = field(
        default=32 * 1024 * 1024,
        metadata=_help(
            "Memory per server process for rendered Linked Data documents (keyed by data "
            "version, so never stale); 0 turns the cache off."
        ),
    )
    examples: Path | None = field(
        default=None,
        metadata=_help(
            "Folder of .rq example queries for the query page; default: the project's queries/."
        ),
    )
    dump_cache: Path | None = field(
        default=None,
        metadata=_help(
            "Folder for the generated dump files; default: a folder in the system temp dir."
        ),
    )

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")
        object.__setattr__(self, "store", Path(self.store))
        problems = [
            name
            for name, value in (
                ("query_timeout", self.query_timeout),
                ("max_result_bytes", self.max_result_bytes),
                ("max_request_bytes", self.max_request_bytes),
                ("query_workers", self.query_workers),
                ("describe_limit", self.describe_limit),
            )
            if value <= 0
        ]
        if problems:
            raise ConfigError(f"settings {', '.join(problems)} must be positive")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def resolved_dump_cache(self) -> Path:
        """Where dumps are cached: per store folder so two servers never share files."""
        if self.dump_cache is not None:
            return Path(self.dump_cache)
        import hashlib
        import tempfile

        key = hashlib.sha1(str(self.store.resolve()).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"amtsgraph-dumps-{os.getuid()}-{key}"


def describe_settings() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting: the CLI, the docs and a docs test use this."""
    return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]
