"""Attributions whose cue is punctuation, found by the layout of the text.

- Speaker labels: a line opening with a speaker and a colon, as in transcripts ("PENCE:
  Well, look, ...") and headlines ("Pence: Flowers Won't Fix It", "Pence to Voters: ...").
  Source: the label; cue: the colon; content: the rest of the line. An interview's "Q:"
  and "A:" are left alone: PolNeAR marks either the turns or the attributions inside the
  answers, and on train the turns cost more than they gain.
- Digest items: "WHY THE POLLS MISSED - Jane Roe: “...”", the name after the dash speaks the
  quotation after the colon.
- Signed quotations: a paragraph that is a quotation, then a paragraph "- Jane Roe." The
  dash is the cue, the quotation the content.

A label must look like a speaker, not a kicker ("BREAKING:", "Update:", "BOOM:"): it names
someone the article mentions elsewhere, or its last word is a source noun ("Poll:", "Clinton
camp:"). Offsets here are character offsets into ``doc.text``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._attribution_lexicon import outlet_heads, words
from ._attribution_source import PERSON_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc

CharRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PunctuationCue:
    source: CharRange
    cue: CharRange
    content: CharRange


_NAME_WORD = r"[A-Z][A-Za-z.'’\-]*"
# "Rep. Jane Roe (D-Ohio)": a party and state tag may follow a name.
_PARTY_TAG = r"(?: \([A-Z][A-Za-z.\-]{0,12}\))?"
# A headline may name whom or what the speaker addresses: "Clinton to Planned Parenthood:".
_ADDRESSEE = r"(?P<addressee> (?:to|on|at|To|On|At) [^\n:]{1,60}?)"
_LABEL = re.compile(
    rf"^[ \t]*[\"“‘']?(?P<label>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}"
    rf"(?: [a-z]+)?{_PARTY_TAG}){_ADDRESSEE}?(?P<colon>):[ \t\xa0]+(?=\S)",
    re.MULTILINE,
)
_DIGEST = re.compile(
    rf" [-–—] ?(?:More from |From )?(?P<label>(?:{_NAME_WORD}|the|and|of)"
    rf"(?: (?:{_NAME_WORD}|the|and|of)){{0,5}}):[ \t\xa0]*(?=[“\"])"
)
_SIGNATURE = re.compile(
    r"^[ \t]*(?P<dash>[-–—―])[ \t]*(?P<label>[A-Z][^\n,]{0,60}?)(?:,[^\n]*?)?\.?[ \t]*$",
    re.MULTILINE,
)
_OPENING = "\"“‘'"
# A capitals label before speech in the first or second person is someone's turn ("PETROV:
# We will not ..."), not a kicker ("BOOM: Trump Just Fired ...").
_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|we|We|my|My|our|Our|you|You)\b")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_QUOTATION = re.compile(r"^[ \t]*[\"“].*[\"”]\.?[ \t]*$")
_TRAILING_CREDIT = re.compile(r"\s*\[[^\]\n]*\]\.?\s*$")  # "... .” [HuffPost.]"

_NOT_LABELS = words(
    "note update updated related correction editor's watch read photo photos video source "
    "sources via by from re fw fwd subject caption credit image q a "
    # Bylines and kickers: "Contributing: Jane Roe", "The Latest: ...", "Breaking: ..."
    "contributing byline latest breaking revealed look wow "
    # Form fields: "Name: Jane Roe Age: 27"
    "name"
)
# Nouns that make a label a source by themselves: "Poll: ...", "Clinton camp: ...".
_SOURCE_NOUNS = PERSON_NOUNS | words(
    "poll polls survey study report editorial camp campaign historians pollster"
)


def punctuation_cues(doc: Doc) -> list[PunctuationCue]:
    """Speaker labels, digest items and signed quotations in ``doc``, in text order."""
    text = doc.text
    found = _labels(doc, text) + _digest_items(text) + _signed_quotations(text)
    return sorted(found, key=lambda f: f.cue)


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _labels(doc: Doc, text: str) -> list[PunctuationCue]:
    # "Clinton: 2,316." is a tally, not a turn: the speech must have words.
    matches = [
        m for m in _LABEL.finditer(text) if _WORDS.search(text, m.end(), _line_end(text, m.end()))
    ]
    if not matches:
        return []
    turns = Counter(_surname(m.group("label")) for m in matches)
    # A speaker who takes the floor twice ("MATTHEWS: ...", "LOPEZ: ...", "MATTHEWS: ...").
    transcript = any(n >= 2 for n in turns.values())
    named = _names_outside(doc, text, matches)
    headline_end = _line_end(text, 0)
    out: list[PunctuationCue] = []
    for m in matches:
        label = m.group("label")
        content = (m.end(), _line_end(text, m.end()))
        speaker = not _kicker(label) and (
            _speaker_like(label, named)
            or (transcript and not label.split()[-1].islower())
            or (label.isupper() and _FIRST_PERSON.search(text, *content) is not None)
        )
        if m.start() > headline_end:
            # In the body, "Sanders: Win in a walk." heads a section: a label speaks in a
            # transcript, in capitals, or before a quotation.
            speaker = speaker and (transcript or label.isupper() or text[m.end()] in _OPENING)
            speaker = speaker and m.group("addressee") is None
        if speaker:
            colon = m.start("colon")
            out.append(PunctuationCue(m.span("label"), (colon, colon + 1), content))
    return out


def _surname(label: str) -> str:
    return label.split()[-1].lower()


def _names_outside(doc: Doc, text: str, labels: list[re.Match[str]]) -> frozenset[str]:
    """Proper names the article uses outside its label lines, lower-cased."""
    starts = [m.start() for m in labels]  # in text order, one line each
    ends = [_line_end(text, m.end()) for m in labels]

    def on_label_line(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < ends[k]

    return frozenset(
        t.lower_ for t in doc if t.pos_ == "PROPN" and not t.is_stop and not on_label_line(t.idx)
    )


def _kicker(label: str) -> bool:
    """ "Update:", "Editor's note:", "2:45 p.m.": not a speaker."""
    first = label.split()[0].lower()
    return (
        label.lower().removeprefix("the ") in _NOT_LABELS
        or first in _NOT_LABELS
        or any(ch.isdigit() for ch in label)
    )


def _speaker_like(label: str, named: frozenset[str]) -> bool:
    """A label names someone the article mentions elsewhere, or ends in a source noun."""
    tokens = re.sub(r"\([^)]*\)", " ", label).split()
    lowered = [w.lower().strip(".'’") for w in tokens]
    last = lowered[-1]
    if last in _SOURCE_NOUNS or last.removesuffix("s") in _SOURCE_NOUNS or last in outlet_heads():
        return True
    if tokens[-1].islower():
        return False  # "The bottom line:", "Trump's position on trade:"
    return any(w in named for w in lowered if len(w) > 1)


def _digest_items(text: str) -> list[PunctuationCue]:
    out: list[PunctuationCue] = []
    for m in _DIGEST.finditer(text):
        end = _line_end(text, m.end())
        credit = _TRAILING_CREDIT.search(text, m.end(), end)
        start = m.end() if not text[m.end()].isspace() else m.end() + 1
        colon = m.end("label")
        out.append(PunctuationCue(m.span("label"), (colon, colon + 1),
                                  (start, credit.start() if credit else end)))  # fmt: skip
    return out


def _signed_quotations(text: str) -> list[PunctuationCue]:
    out: list[PunctuationCue] = []
    for m in _SIGNATURE.finditer(text):
        label = m.group("label").rstrip()
        if label.endswith(("-", "–", "—")) or not any(c.islower() for c in label):
            continue  # a section header "– Old hands –" or a rule "----"
        end = m.start()  # of the paragraph before
        while end > 0 and text[end - 1].isspace():
            end -= 1
        start = text.rfind("\n", 0, end) + 1
        if end == 0 or not _QUOTATION.match(text[start:end]):
            continue
        source = (m.start("label"), m.start("label") + len(label))
        out.append(PunctuationCue(source, m.span("dash"), (start, end)))
    return out
