"""`amtsgraph serve` as a user runs it: a subprocess with several server processes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from click.testing import CliRunner
from endpoint_support import http

from endpoint.cli import cli
from endpoint.settings import describe_settings

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_every_setting() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for name, _default, _help in describe_settings():
        assert "--" + name.replace("_", "-") in result.output
    for option in ("--host", "--port", "--workers", "--threads"):
        assert option in result.output


def test_missing_store_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "amtsgraph build" in result.output


def test_serve_runs_several_processes(fresh_store: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from endpoint.cli import main; main()",
            "serve",
            "--store",
            str(fresh_store),
            "--port",
            "0",
            "--workers",
            "2",
            "--threads",
            "4",
            "--query-timeout",
            "5",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline() + process.stdout.readline()
        match = re.search(r"query page: (http://127\.0\.0\.1:\d+)/sparql", banner)
        assert match, banner
        url = match.group(1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if http("GET", url + "/id/agency/polizei-sachsen").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        for _ in range(20):  # spread over both processes
            reply = http("GET", f"{url}/sparql?{query}")
            assert reply.status == 200
            assert int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"]) > 50
        page = http("GET", url + "/sparql", headers={"Accept": "text/html"})
        assert "yasgui.min.js" in page.text
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=20)
    assert process.returncode in (0, -signal.SIGTERM), err
    assert "Traceback" not in err
    assert _wait_until_no_workers(fresh_store), "query workers outlived the server"


def _wait_until_no_workers(store: Path, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("endpoint.worker" in cmd and str(store) in cmd for cmd in _command_lines()):
            return True
        time.sleep(0.1)
    return False


def _command_lines() -> list[str]:
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return lines
