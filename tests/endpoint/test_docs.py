"""docs/endpoint.md stays honest: every setting and server option is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from endpoint.cli import SERVER_OPTIONS
from endpoint.settings import describe_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "endpoint.md"


@pytest.mark.parametrize("name", [n for n, _, _ in describe_settings()])
def test_every_setting_is_documented(name: str) -> None:
    assert f"`--{name.replace('_', '-')}" in DOC.read_text()


@pytest.mark.parametrize("option", [o for o, _, _ in SERVER_OPTIONS])
def test_every_server_option_is_documented(option: str) -> None:
    assert f"`{option}`" in DOC.read_text()
