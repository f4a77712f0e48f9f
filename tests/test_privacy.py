"""Privacy: nothing leaves the machine, nothing is logged, everything is private on disk, the
screen can't be saved behind a person's back, and exports load nothing from anywhere."""

from __future__ import annotations

import ast
import asyncio
import os
import re
import socket
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from cyclemap import model, store
from cyclemap.export import FORMATS, render
from cyclemap.store import Library
from tests.conftest import EXAMPLES, NetworkUsed, map_data

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "cyclemap"
SECRET = "zebra-orchid-secret"
TYPED = "kq7zv"  # typed key by key in the app (short: each key costs a frame)
SECRET_MAP = map_data(
    title=f"{SECRET} title",
    notes=f"{SECRET} notes",
    partners=[
        {**map_data()["partners"][0], "name": "Orchid", "fear": f"{SECRET} fear"},
        map_data()["partners"][1],
    ],
)


def python_files() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


# --- the network -----------------------------------------------------------------------------


def test_the_network_guard_fails_a_deliberate_connection() -> None:
    for family, address in ((socket.AF_INET, ("127.0.0.1", 9)), (socket.AF_INET6, ("::1", 9))):
        with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(NetworkUsed):
            sock.connect(address)
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.com", 80))
    with pytest.raises(NetworkUsed):
        urllib.request.urlopen("http://example.com/", timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkUsed):
        sock.sendto(b"x", ("127.0.0.1", 9))  # a datagram needs no connection
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.com", 80)  # a name lookup alone tells a resolver


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_the_network_guard_lets_local_unix_sockets_be(tmp_path: Path) -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"


NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "requests",
    "httpx",
    "aiohttp",
    "smtplib",
    "ftplib",
    "telnetlib",
    "xmlrpc",
    "webbrowser",
    "asyncio.streams",
}


def test_no_module_of_cyclemap_imports_anything_that_talks_to_the_network() -> None:
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in NETWORK_MODULES, f"{path}: imports {name}"


SITECUSTOMIZE = """
import os, socket
_LOG = os.environ["CYCLEMAP_NET_LOG"]
def _refuse(what):
    def refuse(*args, **kwargs):
        with open(_LOG, "a") as log:
            log.write(f"{what} {args[1:] if what == 'connect' else args}\\n")
        raise OSError("network use refused by the privacy test")
    return refuse
_real_connect = socket.socket.connect
def _connect(self, address, *args):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        return _refuse("connect")(self, address)
    return _real_connect(self, address, *args)
socket.socket.connect = _connect
socket.socket.connect_ex = _connect
socket.socket.sendto = _refuse("sendto")
socket.getaddrinfo = _refuse("getaddrinfo")
socket.gethostbyname = _refuse("gethostbyname")
socket.create_connection = _refuse("create_connection")
"""


def test_no_command_touches_the_network_not_even_to_look_up_a_name(tmp_path: Path) -> None:
    """Every command, each in a real process whose sockets and name lookups are refused."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    net_log = tmp_path / "network.log"
    data = tmp_path / "library"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")]),
        "CYCLEMAP_NET_LOG": str(net_log),
        "CYCLEMAP_HOME": str(data),
        "HOME": str(tmp_path),
    }
    example = str(EXAMPLES[0])
    map_id = store.load_file(EXAMPLES[0]).id
    commands = [
        ["where"],
        ["check", example],
        ["import", example],
        ["list"],
        ["list", "--json"],
        ["show", map_id],
        ["show", map_id, "--ascii", "--width", "40"],
        *(["export", map_id, "--format", fmt] for fmt in FORMATS),
        ["export", map_id, "--format", "html", "-o", str(tmp_path / "out.html")],
        ["import", example, "--replace"],
        ["history", map_id],
        ["diff", map_id],
        ["log", map_id, "--add", "--what", "the dishes", "--caught", "yes"],
        ["log", map_id],
        ["log", map_id, "--summary"],
        ["worksheet"],
        ["purge", map_id, "--yes"],
        ["list"],
    ]
    # One fresh process runs them all (as `cyclemap ARGS` would, through main()).
    script = (
        "from cyclemap.cli import main\nfor argv in COMMANDS:\n    print('@@exit', main(argv))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script.replace("COMMANDS", repr(commands))],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    codes = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("@@exit")]
    assert len(codes) == len(commands) and set(codes) <= {"0", "1"}, result.stdout[-2000:]
    assert codes.count("0") >= len(commands) - 2 and "unexpected error" not in result.stderr
    assert not net_log.exists(), net_log.read_text()


def test_the_app_touches_no_network_not_even_a_name_lookup(tmp_path: Path, monkeypatch) -> None:
    looked_up = []

    def refuse(*args, **kwargs):
        looked_up.append(args)
        raise NetworkUsed(f"name lookup {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    asyncio.run(_tour(tmp_path))
    assert looked_up == []


# --- logs --------------------------------------------------------------------------------------


def test_the_code_logs_nothing() -> None:
    """No logging module, no Textual log calls, no print() outside the command line's own
    output, no warnings that could carry a partner's words."""
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert "logging" not in names and "warnings" not in names, path
                if isinstance(node, ast.ImportFrom) and node.module == "textual":
                    assert "log" not in [a.name for a in node.names], path
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "log":
                    pytest.fail(f"{path}:{node.lineno}: a .log() call")
                if (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "log"  # self.log.info(...)
                ):
                    pytest.fail(f"{path}:{node.lineno}: a .log.{func.attr}() call")
                if isinstance(func, ast.Name) and func.id == "print":
                    assert path.parent.name == "cli", f"{path}:{node.lineno}: print()"
                if isinstance(func, ast.Name) and func.id == "breakpoint":
                    pytest.fail(f"{path}:{node.lineno}: breakpoint()")


async def _tour(tmp_path: Path) -> Path:
    """The app on a map holding SECRET: the map, the review (typing into a field), the
    library with a filter typed, an export. Returns the library folder."""
    from textual.widgets import Input

    from cyclemap.tui.app import CycleMapApp
    from cyclemap.tui.screens.confirm import ConfirmScreen
    from cyclemap.tui.screens.welcome import MARKER

    root = tmp_path / "library"
    Library(root).save(model.validate_map(SECRET_MAP))
    (root / MARKER).touch()
    app = CycleMapApp(root, start="open", map_ref="sunday-nights")
    app.export_dir = tmp_path / "exports"
    app.export_dir.mkdir()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#rv-cycle-name", Input).focus()
        await pilot.press(*TYPED)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(pilot.app.screen, ConfirmScreen):  # leave without saving, if asked
            await pilot.click("#yes")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        while app.screen.__class__.__name__ != "LibraryScreen":
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("slash", *TYPED[::-1])
        await pilot.pause()
    return root


LOG_RUN = """
import asyncio, sys
from pathlib import Path
sys.path[:0] = [{root!r}, {src!r}]
from tests.test_privacy import _tour
asyncio.run(_tour(Path({folder!r})))
"""


def test_textual_log_gets_no_user_text(tmp_path: Path) -> None:
    """TEXTUAL_LOG makes Textual copy every message (typed values, option prompts) to a file:
    the app must switch that off unless CYCLEMAP_DEBUG is set."""
    log = tmp_path / "textual.log"
    code = LOG_RUN.format(root=str(ROOT), src=str(ROOT / "src"), folder=str(tmp_path))
    env = {**os.environ, "TEXTUAL_LOG": str(log), "HOME": str(tmp_path)}
    env.pop("CYCLEMAP_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    written = log.read_text(encoding="utf-8") if log.exists() else ""
    for words in (SECRET, "Orchid", TYPED, TYPED[::-1]):
        assert words not in written, words


def test_user_text_stays_inside_the_library(tmp_path: Path) -> None:
    """After a tour of the app, the only files holding a partner's words are the library's."""
    home = tmp_path / "home"
    home.mkdir()
    root = asyncio.run(_tour(home))
    holding = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert holding and all(path.is_relative_to(root) for path in holding), holding


def test_an_unexpected_error_prints_no_user_text(monkeypatch, capsys, tmp_path: Path) -> None:
    from cyclemap import cli, export

    Library(tmp_path / "lib").save(model.validate_map(SECRET_MAP))

    def broken(*args, **kwargs):
        raise RuntimeError(f"failed on {SECRET}")

    monkeypatch.setattr(export, "render", broken)
    monkeypatch.delenv("CYCLEMAP_DEBUG", raising=False)
    code = cli.main(["--data-dir", str(tmp_path / "lib"), "export", "sunday-nights"])
    out, err = capsys.readouterr()
    assert code == 1 and SECRET not in out + err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- files and folders -------------------------------------------------------------------------


PRIVATE_RUN = """
import os
os.umask(0)
from cyclemap.cli import main
for argv in COMMANDS:
    assert main(argv) == 0, argv
from cyclemap.store import Library
Library(os.environ["CYCLEMAP_HOME"]).save_draft({"partners": [{"name": "A"}]})
"""


def test_every_file_and_folder_cyclemap_makes_is_private(tmp_path: Path) -> None:
    """Under a permissive umask, through the real commands: folders 0700, files 0600."""
    data = tmp_path / "library"
    out = tmp_path / "exports"
    out.mkdir()
    env = {**os.environ, "CYCLEMAP_HOME": str(data), "HOME": str(tmp_path)}
    example = str(EXAMPLES[0])
    map_id = store.load_file(EXAMPLES[0]).id
    commands = [
        ["import", example],
        ["import", example, "--replace"],
        ["log", map_id, "--add", "--what", "x", "--caught", "no"],
        ["export", map_id, "--format", "svg", "-o", str(out)],
        ["export", map_id, "--format", "card", "-o", str(out / "card.txt")],
        ["worksheet", "-o", str(out / "sheet.txt")],
        ["restore", map_id, "1"],
    ]
    script = PRIVATE_RUN.replace("COMMANDS", repr(commands))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    made = [data, *data.rglob("*"), *out.iterdir()]
    assert len(made) > 8
    for path in made:
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path}: {oct(mode)}"


# --- the screen --------------------------------------------------------------------------------


def test_the_screenshot_command_is_gone_and_does_nothing(tmp_path: Path, monkeypatch) -> None:
    from cyclemap.tui.app import CycleMapApp

    async def scenario() -> None:
        app = CycleMapApp(tmp_path / "library")
        async with app.run_test() as pilot:
            await pilot.pause()
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert titles and not any("screenshot" in t.casefold() for t in titles), titles
            app.action_screenshot()
            app.deliver_screenshot()
            await pilot.press("ctrl+s")  # no key saves the screen either
            await pilot.pause()
            bound = [active.binding.action for active in app.active_bindings.values()]
            assert not any("screenshot" in action for action in bound), bound

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = sorted(tmp_path.rglob("*"))
    asyncio.run(scenario())
    after = [p for p in sorted(tmp_path.rglob("*")) if p not in before]
    assert not [p for p in after if p.suffix in {".svg", ".png", ".txt"}], after


def test_no_screen_declares_a_screenshot_binding() -> None:
    """No Binding(...) anywhere in the app names the screenshot action."""
    for path in (SOURCE / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Binding":
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                assert not any("screenshot" in str(text) for text in texts), (path, texts)


# --- exports -----------------------------------------------------------------------------------

REMOTE = re.compile(
    r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|"
    r"url\((?!#)|<link\b|<script\b|\bsrc\s*=|\bhref\s*=|<iframe|<object|<embed",
    re.IGNORECASE,
)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_pictures_reference_nothing_remote(example: Path, fmt: str) -> None:
    cycle_map = store.load_file(example)
    for ascii_only in (False, True):
        output = render(cycle_map, fmt, ascii=ascii_only, width=80)
        # The SVG namespace is a name, never fetched.
        output = output.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not REMOTE.search(output), REMOTE.search(output)


def test_links_typed_by_partners_stay_words_in_pictures() -> None:
    hostile = "[link=https://evil.example/x]click[/link] <a href='https://e.example'>x</a>"
    cycle_map = model.validate_map(map_data(notes=hostile, title="[link=https://e.example]t"))
    for fmt in ("svg", "html"):
        output = render(cycle_map, fmt)
        assert "<a " not in output and "href=" not in output.replace("href=&#x27;", "")
        # The words are there, escaped, as text.
        assert "evil.example" in output
    html = render(cycle_map, "html")
    assert "default-src &#x27;none&#x27;" in html or "default-src 'none'" in html


def test_exports_end_as_plain_private_files(tmp_path: Path) -> None:
    from cyclemap import export

    cycle_map = model.validate_map(SECRET_MAP)
    previous = os.umask(0)
    try:
        for fmt in FORMATS:
            path = export.write(cycle_map, fmt, tmp_path)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, fmt
    finally:
        os.umask(previous)


def test_the_security_notes_say_what_is_and_is_not_protected() -> None:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for words in (
        "full-disk encryption",
        "history",
        "purge",
        "scrollback",
        "backup",
        "export",
        "TEXTUAL_LOG",
        "clipboard",
    ):
        assert words.casefold() in text.casefold(), words


# The helper `_tour` is imported by the subprocess in test_textual_log_gets_no_user_text.
__all__ = ["_tour"]
