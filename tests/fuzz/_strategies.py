"""Hypothesis strategies for hostile inputs, built from pieces parsers care about."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Sentences of our own, so extractors have actors, cues and dates to work on.
NEWS_SENTENCES = (
    "Vladimir Putin told army commanders on Monday that the advance would go on.",
    "Ukraine's foreign ministry rejected the proposal, a spokesman said.",
    "NATO envoys met in Brussels on March 4, 2024 to discuss a ceasefire.",
    "Iran threatened to close the strait, according to two officials.",
    "The talks may resume next week, analysts think.",
)
ODD_CHARACTERS = (
    "\x00",
    "\ufeff",
    "\u202e",  # right-to-left override
    "\u200b",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\r",
    "\r\n",
    "\x1b[31m",
    "\ud800",  # lone surrogates: not valid Unicode
    "\udfff",
    "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307",  # stacked combining marks
    "\U0001f469\u200d\U0001f4bb",
    "\ufffd",
    "\U0010ffff",
)

odd_text = st.sampled_from(ODD_CHARACTERS)
any_text = st.text(max_size=40)  # any code point but surrogates
huge_token = st.builds(
    lambda ch, n: ch * n, st.sampled_from("aZ9-.'\u0436\u4e2d"), st.integers(1_000, 60_000)
)
repetition = st.builds(
    lambda s, n: s * n, st.sampled_from((*NEWS_SENTENCES, "ha", " ", "\n")), st.integers(2, 400)
)

# Text mixing news, odd characters, random code points, huge tokens and repetition.
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(NEWS_SENTENCES).map(lambda s: s + " "),
        odd_text,
        any_text,
        st.sampled_from(("\n", "\n\n", " ", "# ", "---\n")),
        huge_token,
        repetition,
    ),
    max_size=25,
).map("".join)
# Short hostile text, for the spaCy pipeline (a few thousand characters at most).
short_hostile_text = st.lists(
    st.one_of(
        st.sampled_from(NEWS_SENTENCES).map(lambda s: s + " "),
        odd_text,
        any_text,
        st.sampled_from(("\n", "\n\n", " ", "\u2028", "\r")),
        st.builds(lambda ch, n: ch * n, st.sampled_from("a.-'\u0436("), st.integers(50, 3_000)),
    ),
    min_size=1,
    max_size=15,
).map("".join)

# Values of the wrong type or shape for a date, a URL or a name.
odd_scalar = st.one_of(
    st.sampled_from(
        (
            "2024-02-30",
            "0000-00-00",
            "99999-01-01",
            "2024-01-01T99:99",
            "yesterday",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "../../etc/passwd",
            "",
            " ",
            "\x00",
            "\ud800",
        )
    ),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    any_text,
    huge_token,
)
json_value = st.recursive(
    st.one_of(odd_scalar, hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def json_line(value: object, ensure_ascii: bool) -> str:
    """``value`` as one JSON Lines record (NaN and surrogates allowed, as Python writes)."""
    return json.dumps(value, ensure_ascii=ensure_ascii)
