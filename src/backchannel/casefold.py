"""Lowercasing that agrees with case-insensitive regexes.

``re.I`` lets four non-ASCII letters match ASCII ones (dotted and dotless i, long s, the
Kelvin sign), which ``str.lower()`` keeps (or turns "İ" into two characters). Code that
looks up, in a table of ASCII words, what such a regex found must fold the same way.
"""

from __future__ import annotations

__all__ = ["ASCII_LOOKALIKES", "fold"]

# The only non-ASCII characters a case-insensitive regex lets match an ASCII letter
# (checked by the tests against ``re``).
ASCII_LOOKALIKES = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


def fold(text: str) -> str:
    """``text`` lowercased so that an ASCII word a re.I regex finds is a substring of it."""
    return text.lower() if text.isascii() else text.translate(ASCII_LOOKALIKES).lower()
