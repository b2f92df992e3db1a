"""Fit the small cue tagger (``_cue_tagger``) on a PolNeAR-style training split.

Run ``python -m backchannel.extract._cue_tagger_train ../shared/data/polnear/train``.
Four fifths of the articles (drawn with ``--seed``) are learnt from; the other fifth
picks the epoch, and its article names go to ``--heldout-list`` when asked, so the
whole stage can be scored on it. The model lands in ``data/attribution/cue_tagger/``
(weights and the spaCy config only, no corpus text). Dev is never read.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._cue_tagger import BEGIN, COMPONENT, INSIDE, LABELS, OUTSIDE, decode, model_dir

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..eval.attribution import GoldDoc

__all__ = ["cue_labels", "main", "split_articles", "tagger_config"]

_WIDTH = 64
_DEPTH = 3
# Attributes the tagger reads; LEMMA/TAG/DEP come from the parse spaCy already made.
_ATTRS = ("NORM", "PREFIX", "SUFFIX", "SHAPE", "LEMMA", "TAG", "DEP")
_ROWS = (4000, 1000, 1500, 1500, 3000, 300, 300)


def tagger_config(width: int = _WIDTH, depth: int = _DEPTH) -> dict[str, Any]:
    """The spaCy ``tagger`` component's settings: its own narrow tok2vec, softmax out."""
    return {
        "model": {
            "@architectures": "spacy.Tagger.v2",
            "nO": None,
            "normalize": True,  # probabilities at prediction time, for a threshold
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": width,
                    "attrs": list(_ATTRS),
                    "rows": list(_ROWS),
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": width,
                    "depth": depth,
                    "window_size": 1,
                    "maxout_pieces": 3,
                },
            },
        }
    }


def split_articles(n: int, seed: int) -> tuple[list[int], list[int]]:
    """Article indices to learn from and the held-out fifth, drawn by ``seed``."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    held = sorted(order[: n // 5])
    return sorted(order[n // 5 :]), held


def cue_labels(gd: GoldDoc, doc: Doc) -> list[str]:
    """B/I/O per token: each fragment of a gold cue is one tagged run."""
    labels = [OUTSIDE] * len(doc)
    for rel in gd.relations:
        for s, e in rel.cue:
            toks = [t.i for t in doc if t.idx < e and t.idx + len(t) > s and not t.is_space]
            for k, i in enumerate(toks):
                if labels[i] == OUTSIDE or k == 0:
                    labels[i] = BEGIN if k == 0 else INSIDE
    return labels


def _examples(golds: Sequence[GoldDoc], parsed: Sequence[Doc], ids: Sequence[int]) -> list[Any]:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.training import Example

    out = []
    for i in ids:
        doc = parsed[i]
        words = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        gold = SpacyDoc(doc.vocab, words=words, spaces=spaces, tags=cue_labels(golds[i], doc))
        out.append(Example(doc, gold))
    return out


def _span_f1(model: Any, labels: tuple[str, ...], examples: Sequence[Any]) -> float:
    """Cue F1 on held-out articles, a predicted cue matching a gold one it overlaps."""
    from ._cue_tagger import TaggedCue

    tp_p = tp_g = n_pred = n_gold = 0
    for eg in examples:
        (scores,) = model.predict([eg.predicted])
        pred = decode(model.ops.to_numpy(scores), labels, 0.5)
        gold = decode(_one_hot([t.tag_ for t in eg.reference], labels), labels, 0.5)
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)

        def hits(a: TaggedCue, others: list[TaggedCue]) -> bool:
            return any(a.start < b.end and b.start < a.end for b in others)

        tp_p += sum(hits(p, gold) for p in pred)
        tp_g += sum(hits(g, pred) for g in gold)
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_g / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _one_hot(tags: Sequence[str], labels: tuple[str, ...]) -> list[list[float]]:
    return [[1.0 if lab == tag else 0.0 for lab in labels] for tag in tags]


def train(
    golds: Sequence[GoldDoc],
    parsed: Sequence[Doc],
    seed: int,
    epochs: int,
    dropout: float = 0.1,
    depth: int = _DEPTH,
    log: Any = sys.stdout,
) -> tuple[Language, float, int]:
    """Fit on four fifths; return the pipeline at its best held-out epoch."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    learn_ids, held_ids = split_articles(len(golds), seed)
    learn, held = _examples(golds, parsed, learn_ids), _examples(golds, parsed, held_ids)
    nlp = spacy.blank("en", vocab=parsed[0].vocab)
    pipe = nlp.add_pipe("tagger", name=COMPONENT, config=tagger_config(depth=depth))
    for label in LABELS:
        pipe.add_label(label)
    optimizer = nlp.initialize(lambda: learn)
    labels = tuple(pipe.labels)
    rng = random.Random(seed)
    best_f1, best_epoch, best_bytes = -1.0, 0, b""
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        rng.shuffle(learn)
        losses: dict[str, float] = {}
        for batch in minibatch(learn, size=4):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        with nlp.use_params(optimizer.averages):
            f1 = _span_f1(pipe.model, labels, held)
            if f1 > best_f1:
                best_f1, best_epoch, best_bytes = f1, epoch, nlp.to_bytes()
        print(f"epoch {epoch:2d}  loss {losses[COMPONENT]:9.1f}  held-out cue F1 {f1:.4f}  "
              f"{time.perf_counter() - t0:5.1f}s", file=log, flush=True)  # fmt: skip
    nlp.from_bytes(best_bytes)
    return _without_corpus_strings(nlp, depth), best_f1, best_epoch


def _without_corpus_strings(nlp: Language, depth: int) -> Language:
    """The same weights in a blank pipeline: the trained one's vocabulary holds every
    word of the corpus, which the model (hashing token attributes) does not need."""
    import spacy

    fresh = spacy.blank("en")
    pipe = fresh.add_pipe("tagger", name=COMPONENT, config=tagger_config(depth=depth))
    pipe.from_bytes(nlp.get_pipe(COMPONENT).to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return fresh


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backchannel.extract._cue_tagger_train",
        description="Fit the small cue tagger on a PolNeAR training split.",
    )
    parser.add_argument("train", help="directory with text/ and attributions/ (brat)")
    parser.add_argument("--out", type=Path, default=None, help="model folder to write")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--epochs", type=int, default=4, help="the best on held-out is kept")
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--depth", type=int, default=_DEPTH, help="encoder layers")
    parser.add_argument(
        "--docbin", type=Path, default=None, help="the split parsed (spaCy DocBin, read order)"
    )
    parser.add_argument("--heldout-list", type=Path, default=None,
                        help="write the held-out articles' names here")  # fmt: skip
    args = parser.parse_args(argv)
    from ..errors import BackchannelError
    from ..eval.attribution import read_gold
    from ..nlp import load_nlp

    try:
        golds = read_gold(args.train)
        nlp = load_nlp()
    except BackchannelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.docbin is not None:
        from spacy.tokens import DocBin

        try:
            parsed = list(DocBin().from_disk(args.docbin).get_docs(nlp.vocab))
        except (OSError, ValueError) as exc:
            print(f"error: {args.docbin}: not a spaCy DocBin ({exc})", file=sys.stderr)
            return 2
        if [d.text for d in parsed] != [g.text for g in golds]:
            print(f"error: {args.docbin} does not hold the split's articles in read order",
                  file=sys.stderr)  # fmt: skip
            return 2
    else:
        parsed = list(nlp.pipe([g.text for g in golds], batch_size=16))
    if args.heldout_list is not None:
        _, held_ids = split_articles(len(golds), args.seed)
        args.heldout_list.write_text("".join(golds[i].stem + "\n" for i in held_ids))
    t0 = time.perf_counter()
    tagger, f1, epoch = train(golds, parsed, args.seed, args.epochs, args.dropout, args.depth)
    out = args.out or model_dir()
    tagger.to_disk(out)
    print(f"best held-out cue F1 {f1:.4f} at epoch {epoch}; "
          f"{time.perf_counter() - t0:.0f}s -> {out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
