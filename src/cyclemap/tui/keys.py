"""The declared bindings, read once for the help screen and the command palette.

A binding belongs to cyclemap when it has an `id` and a description: Textual's own bindings
(Input's cursor keys, the screen's tab) have neither, so they stay out of help and the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

_NAMES = {"escape": "esc", "enter": "enter", "delete": "del", "space": "space"}


def key_label(keys: str) -> str:
    """'f1,question_mark' -> 'F1 / ?' (the way help and the palette show it)."""
    labels = []
    for key in keys.split(","):
        key = key.strip()
        *modifiers, last = key.split("+")
        if last.startswith("f") and last[1:].isdigit():
            name = last.upper()
        else:
            name = _NAMES.get(last) or format_key(last)
        labels.append("+".join([*modifiers, name]))
    return " / ".join(labels)


@dataclass(frozen=True)
class DeclaredBinding:
    node: DOMNode
    binding: Binding
    all_keys: tuple[str, ...]
    enabled: bool

    @property
    def keys(self) -> str:
        return key_label(",".join(self.all_keys))

    @property
    def description(self) -> str:
        return self.binding.description

    @property
    def help(self) -> str:
        return self.binding.tooltip or self.binding.description


def is_text_key(key: str) -> bool:
    """A key that is a character a person types ("question_mark" is "?"): text on a list."""
    from textual.keys import _character_to_key

    name = format_key(key)
    return len(name) == 1 and _character_to_key(name) == key


def without_text_keys(found: list[DeclaredBinding]) -> list[DeclaredBinding]:
    """The bindings as a list screen has them: a key that is a character (help's "?") is text
    there, so only its other keys are said (a binding with no other key is left out)."""
    kept = []
    for declared in found:
        keys = tuple(key for key in declared.all_keys if not is_text_key(key))
        if keys:
            kept.append(DeclaredBinding(declared.node, declared.binding, keys, declared.enabled))
    return kept


def declared_bindings(node: DOMNode) -> list[DeclaredBinding]:
    """cyclemap's bindings of one node (a screen or the app), in declared order, one per id.

    Actions a node hides with `check_action` (returns False) are left out; disabled ones
    (returns None) are kept with enabled=False.
    """
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    # Textual splits "f1,question_mark" into one Binding per key; join them again by id.
    for key, binding in node._bindings:  # noqa: SLF001 - Textual has no public accessor
        if binding.id is None or not binding.description:
            continue
        first.setdefault(binding.id, binding)
        keys.setdefault(binding.id, []).append(key)
    # In the order the class declares them (Textual's merge puts inherited keys first).
    declared = [b.id for b in getattr(type(node), "BINDINGS", []) if isinstance(b, Binding)]
    order = sorted(first, key=lambda i: declared.index(i) if i in declared else len(declared))
    found = []
    for binding_id in order:
        binding = first[binding_id]
        action = binding.action.partition("(")[0].rpartition(".")[2]
        state = node.check_action(action, ())
        if state is False:
            continue
        found.append(DeclaredBinding(node, binding, tuple(keys[binding_id]), state is not None))
    return found


def screen_and_app_bindings(screen: Screen) -> tuple[list[DeclaredBinding], list[DeclaredBinding]]:
    """(this screen's, the app's) declared bindings. On a list (a screen with a TYPING_NOTE)
    letters are text, so the app's keys that are characters are not offered there."""
    app_keys = declared_bindings(screen.app)
    if getattr(screen, "TYPING_NOTE", None):
        app_keys = without_text_keys(app_keys)
    return declared_bindings(screen), app_keys
