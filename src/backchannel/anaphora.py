"""A noun phrase that names an overture only by pointing back to an earlier sentence
("That overture", "a comparable offer", "the same approach", "such feelers").

The ledger dates such an event by the sentence that named the overture; topic
matching reads that sentence too.
"""

from __future__ import annotations

import re

__all__ = ["refers_back"]

_REFERENCE = re.compile(
    r"\b(?:comparable|similar|same|such|that|this|these|those|earlier|previous)\s+(?:\w+\s+)?"
    r"(?:overtures?|offers?|proposals?|approach(?:es)?|feelers?|signals?|messages?|"
    r"initiatives?|ideas?|plans?|moves?)\b",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """Whether ``text`` names an overture by reference to one told before."""
    return _REFERENCE.search(text) is not None
