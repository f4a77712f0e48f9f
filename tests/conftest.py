"""Shared fixtures. Every test runs with the network closed: cyclemap must never reach out."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a network connection (local Unix sockets stay allowed)."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkUsed(f"cyclemap tried to connect to {address!r}")
        return real_connect(self, address, *args, **kwargs)

    def guarded_create_connection(address, *args, **kwargs):
        raise NetworkUsed(f"cyclemap tried to connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real library: CYCLEMAP_HOME points at a fresh folder."""
    home = tmp_path_factory.mktemp("cyclemap-home")
    monkeypatch.setenv("CYCLEMAP_HOME", str(home))
    return home


def partner(**overrides) -> dict:
    data = {
        "name": "Alex",
        "position": "pursue",
        "trigger": "Sam goes quiet when I bring something up",
        "protective_move": "I criticize and push harder",
        "underlying_feeling": "alone, scared I don't matter",
    }
    data.update(overrides)
    return data


def map_data(**overrides) -> dict:
    data = {
        "schema_version": 1,
        "id": "sunday-nights",
        "title": "Sunday nights",
        "partners": [
            partner(),
            partner(
                name="Sam",
                position="withdraw",
                trigger="Alex raises her voice",
                protective_move="I shut down and leave the room",
                underlying_feeling="like a failure",
            ),
        ],
    }
    data.update(overrides)
    return data
