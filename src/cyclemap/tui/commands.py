"""The command palette offers the same actions as the keys: read from the declared bindings."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cyclemap.tui.keys import DeclaredBinding, screen_and_app_bindings


class CycleMapCommands(Provider):
    """The bindings of the screen the palette was opened from, and the app's."""

    def _commands(self) -> list[DeclaredBinding]:
        screen_keys, app_keys = screen_and_app_bindings(self.screen)
        # The palette itself is not a command worth offering inside the palette.
        return [
            declared
            for declared in [*screen_keys, *app_keys]
            if declared.enabled and declared.binding.action != "command_palette"
        ]

    def _run(self, declared: DeclaredBinding) -> partial:
        return partial(self.app.run_action, declared.binding.action, declared.node)

    async def discover(self) -> Hits:
        for declared in self._commands():
            yield DiscoveryHit(
                f"{declared.description} ({declared.keys})",
                self._run(declared),
                help=declared.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for declared in self._commands():
            name = f"{declared.description} ({declared.keys})"
            score = max(matcher.match(declared.description), matcher.match(declared.help))
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(declared), help=declared.help)
