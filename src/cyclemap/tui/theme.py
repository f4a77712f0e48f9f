"""The calm theme: muted, low-contrast-but-readable colours; errors in a soft rose, not alarm red."""

from __future__ import annotations

from textual.theme import Theme

CALM_THEME = Theme(
    name="cyclemap-calm",
    primary="#7FA7B5",  # a quiet blue-teal
    secondary="#9DB39A",  # sage
    accent="#D8B48A",  # warm sand
    warning="#D8B48A",
    error="#C98F8F",
    success="#9DB39A",
    foreground="#E4DFD6",
    background="#1F2427",
    surface="#262C30",
    panel="#2F373C",
    dark=True,
)
