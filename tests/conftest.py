"""Shared fixtures. Every test runs with the network closed: cyclemap must never reach out.

The suite runs in parallel (`make test`: pytest-xdist, one process per worker), so every test
gets its own folders: $CYCLEMAP_HOME and $HOME point into the test's own temporary folder, and
a test writes only under `tmp_path`. A test that needs a module-wide fixture that is costly to
build (several processes, a large corpus) marks its module with `xdist_group` so the module
runs in one worker and the fixture is built once.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests import textual_idle

# The fuzz examples' count, added up across workers (a plugin: the controller prints it).
pytest_plugins = ("tests.fuzz.counting",)

# Pilot's waits for an idle app, without most of the time asleep (see tests/textual_idle.py).
textual_idle.install()

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that uses the network: a connection, a datagram or even a name lookup
    (local Unix sockets, which asyncio uses inside the process, stay allowed)."""

    def guard(real, what: str):
        def guarded(self: socket.socket, *args, **kwargs):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                raise NetworkUsed(f"cyclemap tried to {what} {args[-1] if args else ''!r}")
            return real(self, *args, **kwargs)

        return guarded

    def refuse(what: str):
        def refused(*args, **kwargs):
            raise NetworkUsed(f"cyclemap tried to {what} {args[0] if args else ''!r}")

        return refused

    for method in ("connect", "connect_ex", "sendto", "sendmsg"):
        if not hasattr(socket.socket, method):
            continue  # sendmsg is POSIX-only
        monkeypatch.setattr(socket.socket, method, guard(getattr(socket.socket, method), method))
    monkeypatch.setattr(socket, "create_connection", refuse("connect to"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("look up"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("look up"))


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real library or the real home folder (exports default to it):
    CYCLEMAP_HOME and HOME point at fresh folders, never shared with another test or worker."""
    home = tmp_path_factory.mktemp("cyclemap-home")
    monkeypatch.setenv("CYCLEMAP_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
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
