"""Word lists for the attribution stage, read once from ``backchannel/data/attribution``."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

_PKG = "backchannel.data.attribution"


def words(text: str) -> frozenset[str]:
    """A word set from a space-separated literal (keeps long lists readable)."""
    return frozenset(text.split())


def _lines(name: str) -> list[str]:
    text = resources.files(_PKG).joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True, slots=True)
class CueStats:
    """How often a lemma in a syntactic frame was a gold attribution cue (PolNeAR train)."""

    hits: int
    total: int

    @property
    def rate(self) -> float:
        # Add-one smoothing so a lemma seen once is not a certain cue.
        return self.hits / (self.total + 1)


@functools.cache
def cue_stats() -> dict[tuple[str, str, str], CueStats]:
    """(lemma, coarse POS, frame) -> counts; see ``cues.tsv``."""
    out: dict[tuple[str, str, str], CueStats] = {}
    for ln in _lines("cues.tsv"):
        lemma, pos, frame, hits, total = ln.split("\t")
        out[(lemma, pos, frame)] = CueStats(int(hits), int(total))
    return out


def model_weights(name: str) -> dict[str, float]:
    """Weights of a shipped linear model (feature -> log-odds); empty when absent."""
    try:
        rows = _lines(name)
    except FileNotFoundError:
        return {}
    return {f: float(w) for f, w in (ln.rsplit("\t", 1) for ln in rows)}


def log_odds(weights: Mapping[str, float], features: Iterable[str]) -> float:
    """A linear model's score: the sum of the weights of the features present."""
    return sum(weights.get(f, 0.0) for f in features)


@functools.cache
def cue_model() -> dict[str, float]:
    """Weights of the linear cue model (feature -> log-odds); empty when not shipped."""
    return model_weights("cue_model.tsv")


@functools.cache
def xcomp_joins() -> frozenset[str]:
    """Verbs whose infinitive PolNeAR puts in the cue ("tried to convince"); see
    ``cue_xcomp.tsv`` (lemma, cues taking the infinitive, cues followed by one)."""
    try:
        rows = [ln.split("\t") for ln in _lines("cue_xcomp.tsv")]
    except FileNotFoundError:
        return frozenset()
    return frozenset(lemma for lemma, joined, total in rows if 2 * int(joined) > int(total))


@functools.cache
def cue_nouns() -> frozenset[str]:
    """Object nouns PolNeAR counts into the cue ("issued a statement that ..."): most
    of their ≥ 3 occurrences after a cue verb; see ``cue_nouns.tsv``."""
    try:
        rows = [ln.split("\t") for ln in _lines("cue_nouns.tsv")]
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        lemma for lemma, inside, total in rows if int(inside) >= 3 and 2 * int(inside) > int(total)
    )


@functools.cache
def cue_classes() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in _lines("cue_classes.tsv"))


@functools.cache
def outlets() -> frozenset[str]:
    return frozenset(_lines("outlets.txt"))


@functools.cache
def outlet_heads() -> frozenset[str]:
    return frozenset(_lines("outlet_heads.txt"))


@functools.cache
def affiliations() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], int]:
    """Two phrase tables keyed by word tuples: case-sensitive (acronyms) and lower-cased.

    Returns ``(exact, folded, longest_phrase_length)``.
    """
    exact: dict[tuple[str, ...], str] = {}
    folded: dict[tuple[str, ...], str] = {}
    longest = 1
    for ln in _lines("affiliations.tsv"):
        code, names = ln.split("\t")
        for name in names.split("|"):
            words = tuple(name.split())
            longest = max(longest, len(words))
            if name.lower() != name:
                exact[words] = code
            else:
                folded[words] = code
    return exact, folded, longest
