"""cyclemap: map the negative cycle of Emotionally Focused Therapy, together."""

__version__ = "0.1.0"
