"""Wire datelines ("MOSCOW/LONDON, May 24 (Reuters) -"): where a story was filed.

The places in a dateline are not actors, and a parser reading "ISTANBUL, March 30 -
Russia said ..." takes the city for the subject. Before parsing, the places are
blanked with spaces of the same length, so every character offset into the article
still holds; the dateline's date stays for the time stage.
"""

from __future__ import annotations

import re

__all__ = ["mask_datelines"]

# At the start of a line: places in capitals ("MOSCOW", "RIYADH/KYIV", "WASHINGTON, D.C."),
# then an optional date and agency, then a dash.
_DATELINE = re.compile(
    r"(?m)^(?P<places>[ \t]*[A-Z][A-Z.'\-]+(?:[ /][A-Z][A-Z.'\-]+)*)"
    r"(?=(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?(?:[ \t]*\([A-Za-z]+\))?[ \t]*[-–—]+[ \t])"
)


def mask_datelines(text: str) -> str:
    """``text`` with the places of each dateline replaced by spaces (same length)."""
    return _DATELINE.sub(lambda m: " " * len(m.group("places")), text)
