"""`amtsgraph serve`, added to the project's click group, and the console-script entry point.

The options come from :class:`endpoint.settings.Settings` (name, default, help), so the
command, the docs and the tests cannot disagree about what a setting is called or means.
Only how the server runs (host, port, processes, threads) is declared here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import click

from endpoint.settings import Settings
from graph.cli import cli
from graph.errors import AmtsgraphError

SERVER_OPTIONS = (
    ("--host", "127.0.0.1", "Interface to listen on."),
    ("--port", 8000, "Port to listen on (0 picks a free one)."),
    ("--workers", 2, "Server processes, each with its own threads and query workers."),
    ("--threads", 8, "Request threads per server process."),
)


# Settings also read from the environment, named as graph/cli.py names its own.
ENVIRONMENT = {
    "store": "AMTSGRAPH_STORE",
    "base": "AMTSGRAPH_BASE",
    "update_token": "AMTSGRAPH_UPDATE_TOKEN",
}


def _settings_options(command: Any) -> Any:
    """Decorate ``command`` with one option per Settings field, from its declaration."""
    for f in reversed(dataclasses.fields(Settings)):
        name = "--" + f.name.replace("_", "-")
        extra: dict[str, Any] = {"help": f.metadata["help"], "envvar": ENVIRONMENT.get(f.name)}
        if f.type in ("bool", bool):
            decl = [f"{name}/--no-{name[2:]}"]
            extra.update(default=f.default, show_default=True)
        elif f.type in ("Path", "Path | None"):
            decl = [name]
            extra.update(
                type=click.Path(path_type=Path),
                default=f.default,
                show_default=f.default is not None,
            )
        elif f.type == "str | None":
            decl = [name]
            extra.update(default=None)
        else:
            decl = [name]
            extra.update(type=type(f.default), default=f.default, show_default=True)
        command = click.option(*decl, **extra)(command)
    return command


def _server_options(command: Any) -> Any:
    for name, default, help_text in reversed(SERVER_OPTIONS):
        command = click.option(
            name, type=type(default), default=default, show_default=True, help=help_text
        )(command)
    return command


@cli.command("serve")
@_server_options
@_settings_options
def serve(host: str, port: int, workers: int, threads: int, **values: Any) -> None:
    """Serve the SPARQL endpoint and the Linked Data pages (waitress, several processes)."""
    from endpoint.server import serve as run

    try:
        settings = Settings(**values)
    except AmtsgraphError as err:
        raise _fail(str(err)) from err
    if not (settings.store / "oxigraph").is_dir():
        raise _fail(
            f"{settings.store}: no store here; run `amtsgraph build` first or pass --store DIR"
        )
    run(settings, host, port, max(1, workers), max(1, threads), announce=click.echo)


class ServeError(click.ClickException):
    """Exit code 2, the project's convention for an error (1 means "does not conform")."""

    exit_code = 2


def _fail(message: str) -> click.ClickException:
    return ServeError(message)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: the project's group with `serve` added."""
    cli.main(args=argv, prog_name="amtsgraph")
