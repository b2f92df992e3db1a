"""Fit the attribution stage's learned parts on a PolNeAR-style training split.

Run ``python -m backchannel.extract._attribution_train ../shared/data/polnear/train
--out DIR``; it writes into DIR (the shipped tables live in ``backchannel/data/attribution/``:
name that folder to replace them, on purpose — the cue tables retrained by today's code
score lower on dev than the shipped ones): ``cues.tsv`` (lemma/frame counts),
``cue_xcomp.tsv`` (verbs whose cue takes the infinitive), ``cue_nouns.tsv`` (objects
counted into the cue, "issued a statement"), ``cue_model.tsv`` (weights of the
logistic cue model), ``object_model.tsv`` (when a cue runs over its object to a
preposition, see ``_attribution_objects``), ``extent_model.tsv`` (when the
preposition after a cue is its own, see ``_attribution_extent``) and
``edge_model.tsv`` (weights of the model that ends a content, see
``_attribution_edges``). They hold counts and feature weights only, never text from
the corpus. Dev is for reporting: nothing here reads it. The nouns, edges and extents
are learnt through the shipped cue model (the one loaded when training starts).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._attribution_lexicon import log_odds

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..eval.attribution import GoldDoc

__all__ = [
    "Example",
    "cue_examples",
    "edge_examples",
    "extent_examples",
    "fit_logistic",
    "learn_cue_lexicon",
    "learn_cue_model",
    "learn_cue_nouns",
    "learn_edge_model",
    "learn_extent_model",
    "learn_object_model",
    "learn_xcomp_joins",
    "main",
    "object_examples",
    "write_cue_lexicon",
    "write_cue_nouns",
    "write_model",
    "write_xcomp_joins",
]

_MIN_FEATURE_COUNT = 2  # features seen once only memorise their one example


@dataclass(slots=True)
class Example:
    """One decision of a learned part: a cue candidate, or a phrase at a content's edge."""

    features: list[str]
    positive: bool  # a gold cue; a phrase inside the gold content
    doc_index: int  # which article, to hold some out by article


def _gold_marks(gd: GoldDoc, doc: Doc) -> tuple[set[int], set[int]]:
    """Token indices heading a gold cue, and tokens inside some gold content."""
    heads: set[int] = set()
    inside: set[int] = set()
    for rel in gd.relations:
        toks = [t for t in doc if any(t.idx < e and t.idx + len(t) > s for s, e in rel.cue)]
        ids = {t.i for t in toks}
        heads.update(t.i for t in toks if t.head.i not in ids or t.head.i == t.i)
        for s, e in rel.content:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                inside.update(range(span.start, span.end))
    return heads, inside


def _parse(golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None) -> Sequence[Doc]:
    if parsed is not None:
        return parsed
    from ..nlp import load_nlp

    return list(load_nlp().pipe([d.text for d in golds], batch_size=16))


def cue_examples(golds: Sequence[GoldDoc], parsed: Sequence[Doc]) -> list[Example]:
    """Every candidate the stage would weigh, labelled by whether it heads a gold cue.

    PolNeAR is univocal: a cue inside another relation's content is never marked, so
    such tokens say nothing about their lemma and are left out.
    """
    from .attribution import _Quotes, candidate_frame, cue_features

    out: list[Example] = []
    for k, (gd, doc) in enumerate(zip(golds, parsed, strict=True)):
        heads, inside = _gold_marks(gd, doc)
        quotes = _Quotes(doc)
        for tok in doc:
            if tok.i in inside and tok.i not in heads:
                continue
            frame = candidate_frame(tok, quotes)
            if frame is not None:
                feats = ["BIAS", *cue_features(tok, frame, quotes)]
                out.append(Example(feats, tok.i in heads, k))
    return out


def fit_logistic(
    examples: Sequence[Example], epochs: int = 12, rate: float = 0.2, l2: float = 1e-5
) -> dict[str, float]:
    """Logistic regression over binary features by SGD with a decaying step, averaged
    over epochs; the few epochs and the averaging are the regularisation (a model
    fit to convergence overfits PolNeAR's lemmas: it scored lower on held-out train
    articles). Seeded, so a retrain on the same data gives the same weights."""
    counts = Counter(f for ex in examples for f in ex.features)
    data = [
        ([f for f in ex.features if counts[f] >= _MIN_FEATURE_COUNT], float(ex.positive))
        for ex in examples
    ]
    weights: dict[str, float] = {}
    total: Counter[str] = Counter()  # sum of end-of-epoch weights, for averaging
    order = random.Random(13)
    for epoch in range(epochs):
        order.shuffle(data)
        step = rate / (1 + epoch)
        for feats, y in data:
            z = log_odds(weights, feats)
            g = 1 / (1 + math.exp(-max(min(z, 30), -30))) - y
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w - step * (g + l2 * w)
        for f, w in weights.items():
            total[f] += w
    return {f: w / epochs for f, w in total.items() if abs(w / epochs) >= 0.01}


def learn_cue_model(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None
) -> dict[str, float]:
    """Weights of the cue model, ``BIAS`` included; the stage accepts log-odds > 0.

    Moving the cut was checked on held-out training articles (fit on four fifths,
    score the whole stage on the rest): ±0.4 lost relation F1 both ways.
    """
    return fit_logistic(cue_examples(golds, _parse(golds, parsed)))


def _ratio(a: frozenset[int], b: frozenset[int]) -> float:
    """The scorer's overlap of two word sets (shared words over the larger set)."""
    from ..eval.attribution import _ratio as overlap

    return overlap(a, b)


def _word_sets(gd: GoldDoc) -> tuple[Any, list[tuple[frozenset[int], frozenset[int]]]]:
    """The article's word index and each gold relation's (cue, content) word sets."""
    from ..eval.attribution import _Words

    words = _Words(gd.text)
    return words, [(words.of(r.cue), words.of(r.content)) for r in gd.relations]


def _token_words(words: Any, doc: Doc, a: int, b: int) -> frozenset[int]:
    if b <= a:
        return frozenset()
    return words.of([(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))])  # type: ignore[no-any-return]


def edge_examples(golds: Sequence[GoldDoc], parsed: Sequence[Doc]) -> list[Example]:
    """The phrases at the edges of the stage's contents, each labelled by whether most
    of its words are in the gold content of the relation whose cue the stage found.

    A content sharing no word with the gold one is left out: there the clause is
    wrong, not its edge.
    """
    from .attribution import _accept, _draft_for, _Quotes, candidate_frame

    out: list[Example] = []
    for k, (gd, doc) in enumerate(zip(golds, parsed, strict=True)):
        words, gold = _word_sets(gd)
        quotes = _Quotes(doc)
        for tok in doc:
            frame = candidate_frame(tok, quotes) if tok.pos_ in ("VERB", "NOUN", "AUX") else None
            if frame is None or not _accept(tok, frame, quotes):
                continue
            draft = _draft_for(tok, frame, quotes, edge_weights={})
            if draft is None:
                continue
            cue = _token_words(words, doc, *draft.cue)
            match = max(gold, key=lambda g: len(g[0] & cue), default=None)
            if match is None or 2 * len(match[0] & cue) < max(len(match[0]), len(cue)):
                continue
            gold_content = match[1]
            content = frozenset().union(*(_token_words(words, doc, a, b) for a, b in draft.content))
            if not gold_content & content:
                continue
            for edge in draft.edges:
                phrase = _token_words(words, doc, edge.token.left_edge.i, edge.end)
                if phrase:
                    inside = 2 * len(phrase & gold_content) >= len(phrase)
                    out.append(Example(edge.features, inside, k))
    return out


def learn_edge_model(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None
) -> dict[str, float]:
    """Weights of the edge model; a phrase is kept when its log-odds are > 0."""
    return fit_logistic(edge_examples(golds, _parse(golds, parsed)))


def extent_examples(golds: Sequence[GoldDoc], parsed: Sequence[Doc]) -> list[Example]:
    """The preposition right after each accepted cue, labelled by whether it is in the
    gold cue that overlaps the stage's (cues that match no gold cue are left out)."""
    from ._attribution_extent import extension, extension_features
    from .attribution import _accept, _cue_range, _Quotes, candidate_frame

    out: list[Example] = []
    for k, (gd, doc) in enumerate(zip(golds, parsed, strict=True)):
        words, gold = _word_sets(gd)
        quotes = _Quotes(doc)
        for tok in doc:
            frame = candidate_frame(tok, quotes)
            if frame is None or frame == "prep" or not _accept(tok, frame, quotes):
                continue
            a, b = _cue_range(tok, [], frame, extend=False)
            prep = extension(tok, b)
            if prep is None:
                continue
            cue = _token_words(words, doc, a, b)
            match = max((c for c, _ in gold), key=lambda c: len(c & cue), default=None)
            if match is None or _ratio(match, cue) < 0.5:
                continue
            inside = bool(_token_words(words, doc, prep.i, prep.i + 1) & match)
            out.append(Example(extension_features(tok, prep, frame), inside, k))
    return out


def learn_extent_model(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None
) -> dict[str, float]:
    """Weights of the extent model; a preposition joins the cue when log-odds > 0."""
    return fit_logistic(extent_examples(golds, _parse(golds, parsed)))


def object_examples(golds: Sequence[GoldDoc], parsed: Sequence[Doc]) -> list[Example]:
    """Each "VERB OBJ PREP" in a cue's object frame whose gold cue is either the verb
    alone or the verb through the preposition, labelled by whether it is the latter."""
    from ._attribution_objects import object_features, object_preposition
    from .attribution import _cue_range, _Quotes, candidate_frame

    out: list[Example] = []
    for k, (gd, doc) in enumerate(zip(golds, parsed, strict=True)):
        words, gold = _word_sets(gd)
        quotes = _Quotes(doc)
        for tok in doc:
            if tok.pos_ != "VERB" or candidate_frame(tok, quotes) != "dobj":
                continue
            obj = next(c for c in tok.children if c.dep_ == "dobj")
            prep = object_preposition(tok, obj)
            if prep is None:
                continue
            a, b = _cue_range(tok, [], "dobj", extend=False)
            verb = _token_words(words, doc, a, b)
            through = _token_words(words, doc, a, prep.i + 1)
            cue = max((c for c, _ in gold), key=lambda c: len(c & through), default=None)
            if cue is None:
                continue
            longer = _ratio(cue, through)
            if longer >= 0.5 and longer > _ratio(cue, verb):
                out.append(Example(object_features(tok, obj, prep), True, k))
            elif _ratio(cue, verb) >= 0.5:
                out.append(Example(object_features(tok, obj, prep), False, k))
    return out


def learn_object_model(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None
) -> dict[str, float]:
    """Weights of the object model (the stage asks for more than even odds; see
    ``_attribution_objects``)."""
    return fit_logistic(object_examples(golds, _parse(golds, parsed)))


def learn_cue_lexicon(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None
) -> list[tuple[str, str, str, int, int]]:
    """(lemma, POS, frame, gold cue heads, occurrences) for lemmas heading ≥ 2 cues."""
    from .attribution import _Quotes, candidate_frame

    parsed = _parse(golds, parsed)
    hits: Counter[tuple[str, str, str]] = Counter()
    total: Counter[tuple[str, str, str]] = Counter()
    for gd, doc in zip(golds, parsed, strict=True):
        heads, inside = _gold_marks(gd, doc)
        quotes = _Quotes(doc)
        for tok in doc:
            if tok.i in inside and tok.i not in heads:
                continue
            frame = candidate_frame(tok, quotes)
            if frame is None:
                continue
            key = (tok.lemma_.lower(), tok.pos_, frame)
            total[key] += 1
            hits[key] += tok.i in heads
    return sorted(
        ((k[0], k[1], k[2], hits[k], total[k]) for k in hits if hits[k] >= 2),
        key=lambda r: (-r[3], r[0]),
    )


def learn_cue_nouns(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None, min_total: int = 3
) -> list[tuple[str, int, int]]:
    """(object lemma, times inside the gold cue, times after a gold cue verb) for the
    objects of accepted cue verbs in the ``dobj`` frame ("issued a statement")."""
    from .attribution import _accept, _Quotes, candidate_frame

    parsed = _parse(golds, parsed)
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for gd, doc in zip(golds, parsed, strict=True):
        words, gold = _word_sets(gd)
        cue_words = frozenset().union(*(cue for cue, _ in gold))
        quotes = _Quotes(doc)
        for tok in doc:
            if tok.pos_ != "VERB" or not _token_words(words, doc, tok.i, tok.i + 1) & cue_words:
                continue
            frame = candidate_frame(tok, quotes)
            if frame != "dobj" or not _accept(tok, frame, quotes):
                continue
            obj = next(c for c in tok.children if c.dep_ == "dobj")
            if obj.pos_ != "NOUN":
                continue
            lemma = obj.lemma_.lower()
            total[lemma] += 1
            inside[lemma] += bool(_token_words(words, doc, obj.i, obj.i + 1) & cue_words)
    return sorted(
        ((lemma, inside[lemma], n) for lemma, n in total.items() if n >= min_total),
        key=lambda r: (-r[1], r[0]),
    )


def write_table(header: str, rows: Sequence[Sequence[object]], out: Path) -> None:
    """A learned count table: one ``# header`` line, then tab-separated rows."""
    lines = [f"# {header}", *("\t".join(map(str, r)) for r in rows)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_cue_nouns(rows: Sequence[tuple[str, int, int]], out: Path) -> None:
    write_table(
        "object lemma\tinside the gold cue\tafter a gold cue verb (PolNeAR train)", rows, out
    )


def learn_xcomp_joins(
    golds: Sequence[GoldDoc], parsed: Sequence[Doc] | None = None, min_cues: int = 3
) -> list[tuple[str, int, int]]:
    """(lemma, gold cues running on to the infinitive, gold cues followed by one)."""
    from .attribution import infinitive_after

    parsed = _parse(golds, parsed)
    joined: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for gd, doc in zip(golds, parsed, strict=True):
        cue_tokens: set[int] = set()
        for rel in gd.relations:
            for s, e in rel.cue:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    cue_tokens.update(range(span.start, span.end))
        for tok in doc:
            x = infinitive_after(tok) if tok.i in cue_tokens else None
            if x is None or (tok.head.i in cue_tokens and tok.head.i != tok.i):
                continue
            lemma = tok.lemma_.lower()
            total[lemma] += 1
            joined[lemma] += x.i in cue_tokens
    return sorted(
        ((lemma, joined[lemma], n) for lemma, n in total.items() if n >= min_cues),
        key=lambda r: (-r[2], r[0]),
    )


def write_xcomp_joins(rows: Sequence[tuple[str, int, int]], out: Path) -> None:
    header = "lemma\tgold cues taking the infinitive\tgold cues before one (PolNeAR train)"
    write_table(header, rows, out)


def write_cue_lexicon(rows: Sequence[tuple[str, str, str, int, int]], out: Path) -> None:
    header = "lemma\tpos\tframe\tgold cue heads\toccurrences (PolNeAR train; counts only)"
    write_table(header, rows, out)


def write_model(weights: dict[str, float], out: Path) -> None:
    rows = [(f, f"{w:.3f}") for f, w in sorted(weights.items())]
    write_table(
        "feature\tlog-odds weight (logistic model fit on PolNeAR train; no text)", rows, out
    )


def _data_dir() -> Path:
    # The source tree's data folder (the package is installed editable for training).
    return Path(__file__).resolve().parents[1] / "data" / "attribution"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backchannel.extract._attribution_train",
        description="Fit the attribution cue model and lexicon on a PolNeAR training split.",
    )
    parser.add_argument("train", help="directory with text/ and attributions/ (brat)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the .tsv files (required; the shipped ones are in "
        "src/backchannel/data/attribution)",
    )
    parser.add_argument(
        "--docbin", type=Path, default=None, help="the split parsed (spaCy DocBin, read order)"
    )
    args = parser.parse_args(argv)
    from ..errors import BackchannelError
    from ..eval.attribution import read_gold

    try:
        golds = read_gold(args.train)
    except BackchannelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    parsed: Any = None
    if args.docbin is not None:
        from spacy.tokens import DocBin

        from ..nlp import load_nlp

        try:
            parsed = list(DocBin().from_disk(args.docbin).get_docs(load_nlp().vocab))
        except (OSError, ValueError) as exc:
            print(f"error: {args.docbin}: not a spaCy DocBin ({exc})", file=sys.stderr)
            return 2
        if len(parsed) != len(golds):
            print(f"error: {args.docbin} holds {len(parsed)} articles, the split {len(golds)}",
                  file=sys.stderr)  # fmt: skip
            return 2
    if args.out is None:
        print(f"error: pass --out DIR (to replace the shipped tables: --out {_data_dir()})",
              file=sys.stderr)  # fmt: skip
        return 2
    parsed = _parse(golds, parsed)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    rows = learn_cue_lexicon(golds, parsed)
    write_cue_lexicon(rows, out / "cues.tsv")
    write_xcomp_joins(learn_xcomp_joins(golds, parsed), out / "cue_xcomp.tsv")
    write_cue_nouns(learn_cue_nouns(golds, parsed), out / "cue_nouns.tsv")
    weights = learn_cue_model(golds, parsed)
    write_model(weights, out / "cue_model.tsv")
    write_model(learn_object_model(golds, parsed), out / "object_model.tsv")
    write_model(learn_extent_model(golds, parsed), out / "extent_model.tsv")
    edge_weights = learn_edge_model(golds, parsed)
    write_model(edge_weights, out / "edge_model.tsv")
    print(f"{len(rows)} lexicon rows, {len(weights)} cue and {len(edge_weights)} edge "
          f"weights -> {out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
