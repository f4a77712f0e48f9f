"""The `cyclemap` program: the entry point of the installed command ([project.scripts]) and
of `python -m cyclemap`.

A command runs with Python's cyclic garbage collector off. Starting a command allocates tens of
thousands of objects (modules, classes, functions) that live until it exits, and the collector
would walk them dozens of times (about 3 ms of every start when this was written, and more in
a long run such as a history of thousands of versions). What a command frees, reference
counting frees: the objects left in cycles are a few hundred, mostly from imports, as many
after reading 10,000 maps as after one, and go at exit. The app, which runs for hours, turns the collector
back on before it starts (cli.app_commands.run_app). Importing this module changes nothing.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from cyclemap.cli import main as run

    return run()
