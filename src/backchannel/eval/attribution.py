"""Score the attribution stage on PolNeAR-style brat data.

Layout: ``DIR/text/STEM.txt`` and ``DIR/attributions/STEM_ANNOTATOR.ann``. When several
annotators marked one article, the first ``.ann`` in sorted order is the gold. ``T``
lines are spans (``Source``/``Cue``/``Content``, possibly discontinuous as
``start end;start end``); ``E`` lines join them into relations.

Spans are compared as sets of word tokens (``\\w+``), so punctuation and quote marks at
the edges do not decide a match. A span with no word at all (the ":" of a transcript's
"PENCE: Well, ..." or a headline's "Kerry: ...") is compared by its non-space characters
instead, so it is counted (found or missed) like any other: in relations and in the
``cue_all`` row; the ``cue`` row keeps to cues with a word. *exact*: the same word set.
*overlap*: the shared words are at least half of the longer of the two spans. Gold and
predicted spans are paired one-to-one, best overlap first. A relation matches when its
cue, source (or the absence of one) and content all match under the same criterion.
"""

from __future__ import annotations

import bisect
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ._common import prf

ROLES = ("source", "cue", "content")
_WORD = re.compile(r"\w+")

Frags = list[tuple[int, int]]


@dataclass(slots=True)
class GoldRelation:
    source: Frags = field(default_factory=list)
    cue: Frags = field(default_factory=list)
    content: Frags = field(default_factory=list)


@dataclass(slots=True)
class GoldDoc:
    stem: str
    text: str
    relations: list[GoldRelation]
    ann_path: str = ""


# --- reading --------------------------------------------------------------------


def _read_utf8(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read as UTF-8 ({exc})", code="BC402") from None


def _parse_ann(path: Path) -> list[GoldRelation]:
    spans: dict[str, tuple[str, Frags]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in _read_utf8(path).splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue  # continuation of a multi-line span text
        if parts[0].startswith("T"):
            label, _, ranges = parts[1].partition(" ")
            try:
                frags = [(int(a), int(b)) for a, b in (r.split() for r in ranges.split(";"))]
            except ValueError as exc:
                raise EvalError(f"{path}: bad span line {line[:80]!r}", code="BC402") from exc
            spans[parts[0]] = (label, frags)
        elif parts[0].startswith("E"):
            events.append([tuple(a.split(":", 1)) for a in parts[1].split() if ":" in a])  # type: ignore[misc]
    rels: list[GoldRelation] = []
    for args in events:
        rel = GoldRelation()
        for role, tid in args:
            if tid not in spans:
                continue
            key = role.rstrip("0123456789").lower()
            if key in ROLES:
                getattr(rel, key).extend(spans[tid][1])
        if rel.cue or rel.content:
            rels.append(rel)
    return rels


def read_gold(path: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """Load the articles under ``path`` that have both text and annotations."""
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not root.is_dir() or not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalError(
            f"{root}: expected a directory with text/ and attributions/ (PolNeAR brat layout)",
            code="BC401",
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)  # first annotator in sorted order
    docs: list[GoldDoc] = []
    for stem, ann in sorted(chosen.items()):
        txt = text_dir / f"{stem}.txt"
        if not txt.is_file():
            continue
        docs.append(GoldDoc(stem, _read_utf8(txt), _parse_ann(ann), str(ann)))
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise EvalError(f"{root}: no article has both text and annotations", code="BC403")
    return docs


# --- matching -------------------------------------------------------------------


class _Words:
    """Word tokens of a text, for turning character spans into token sets.

    Ids ``>= 0`` are word indexes; a span without a word is the set of its non-space
    characters, character ``k`` as id ``-1 - k`` (never equal to a word's id).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _WORD.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def of(self, frags: Iterable[tuple[int, int]]) -> frozenset[int]:
        frags = list(frags)
        out: set[int] = set()
        for s, e in frags:
            i = bisect.bisect_right(self.ends, s)  # first word ending after s
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        if not out:
            last = len(self.text)
            out = {
                -1 - k
                for s, e in frags
                for k in range(s, min(e, last))
                if not self.text[k].isspace()
            }
        return frozenset(out)

    def bounds(self, ids: frozenset[int]) -> tuple[int, int]:
        """The character range from the first to the last token of ``ids``."""
        starts = [self.starts[i] if i >= 0 else -1 - i for i in ids]
        ends = [self.ends[i] if i >= 0 else -i for i in ids]
        return min(starts), max(ends)


def _ratio(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def _pair(
    gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]], exact: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best first."""
    cands: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact:
                if g == p and g:
                    cands.append((1.0, gi, pi))
            else:
                r = _ratio(g, p)
                if r >= 0.5:
                    cands.append((r, gi, pi))
    cands.sort(key=lambda c: -c[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _ok(g: frozenset[int] | None, p: frozenset[int] | None, exact: bool) -> bool:
    if not g and not p:
        return True
    if not g or not p:
        return False
    return g == p if exact else _ratio(g, p) >= 0.5


RelSets = tuple[frozenset[int] | None, frozenset[int], frozenset[int] | None]


def score_doc(
    text: str,
    gold: list[GoldRelation],
    pred: list[RelSets] | list[Any],
    counts: Counter[str],
    errors: list[dict[str, Any]] | None = None,
    stem: str = "",
) -> None:
    """Add one article's true positives and totals to ``counts``.

    ``pred`` holds ``AttributionRelation`` objects (or ready token-set triples).
    """
    words = _Words(text)
    g_rels: list[RelSets] = [
        (words.of(g.source) or None, words.of(g.cue), words.of(g.content) or None) for g in gold
    ]
    p_rels: list[RelSets] = [r if isinstance(r, tuple) else _pred_sets(r, words) for r in pred]
    for k, role in enumerate(ROLES):
        gs = list(dict.fromkeys(x[k] for x in g_rels if x[k]))
        ps = list(dict.fromkeys(x[k] for x in p_rels if x[k]))
        if role == "cue":
            # "cue_all" counts word-less cues ("PENCE: ...") too; "cue" keeps to cues
            # with a word, the measure its floor has tracked since the first scorer
            _count_spans("cue_all", gs, ps, counts)
            gs, ps = [g for g in gs if _has_word(g)], [p for p in ps if _has_word(p)]
        _count_spans(role, gs, ps, counts)
    for mode in ("exact", "overlap"):
        exact = mode == "exact"
        cands: list[tuple[int, int]] = []
        for gi, g in enumerate(g_rels):
            for pi, p in enumerate(p_rels):
                if all(_ok(g[k], p[k], exact) for k in range(3)):
                    cands.append((gi, pi))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for gi, pi in cands:
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
        counts[f"relation.{mode}.tp"] += len(used_g)
        counts[f"relation.{mode}.pred"] += len(p_rels)
        counts[f"relation.{mode}.gold"] += len(g_rels)
        if errors is not None and not exact:
            for gi, g in enumerate(g_rels):
                if gi not in used_g:
                    errors.append({"doc": stem, "type": "miss", **_show(text, words, g)})
            for pi, p in enumerate(p_rels):
                if pi not in used_p:
                    errors.append({"doc": stem, "type": "spurious", **_show(text, words, p)})


def _has_word(ids: frozenset[int]) -> bool:
    return any(i >= 0 for i in ids)


def _count_spans(
    role: str, gs: list[frozenset[int]], ps: list[frozenset[int]], counts: Counter[str]
) -> None:
    for mode in ("exact", "overlap"):
        pairs = _pair(gs, ps, exact=mode == "exact")
        counts[f"{role}.{mode}.tp"] += len(pairs)
        counts[f"{role}.{mode}.pred"] += len(ps)
        counts[f"{role}.{mode}.gold"] += len(gs)


def _pred_sets(rel: Any, words: _Words) -> RelSets:
    parts = rel.content_parts or ([rel.content] if rel.content is not None else [])
    return (
        words.of([(rel.source.start, rel.source.end)]) or None if rel.source else None,
        words.of([(rel.cue.start, rel.cue.end)]),
        words.of([(p.start, p.end) for p in parts]) or None,
    )


def _show(text: str, words: _Words, rel: RelSets) -> dict[str, str | None]:
    def render(ids: frozenset[int] | None) -> str | None:
        if not ids:
            return None
        s = text[slice(*words.bounds(ids))]
        return s if len(s) < 160 else s[:75] + " … " + s[-75:]

    return {"source": render(rel[0]), "cue": render(rel[1]), "content": render(rel[2])}


def top_level(rels: Sequence[Any], text: str | None = None) -> list[Any]:
    """Relations whose cue is not inside another relation's content, nor (given the
    text) inside quotation marks, unless its source opens them ('"PENCE: Well, ...').

    PolNeAR is univocal (a token belongs to one attribution at most), so an
    attribution inside a quote or inside another's content is never gold; scoring
    the stage's chains as spurious would measure the annotation scheme, not the stage.
    """
    from ..extract.attribution import quote_spans

    quotes = quote_spans(text) if text is not None else []

    def inside(r: Any, p: Any) -> bool:
        parts = p.content_parts or ([p.content] if p.content is not None else [])
        return any(c.start <= r.cue.start and r.cue.end <= c.end for c in parts)

    def opens(r: Any, a: int) -> bool:
        # '"WALLACE: Let's start ...': a speaker label that opens the quotation is the
        # quotation's own attribution, not one quoted inside it.
        labelled = r.source is not None and r.source.start == a + 1
        return labelled and _WORD.search(r.cue.text) is None

    def quoted(r: Any) -> bool:
        return any(a < r.cue.start and r.cue.end < b and not opens(r, a) for a, b in quotes)

    return [r for r in rels if not quoted(r) and not any(p is not r and inside(r, p) for p in rels)]


# --- running --------------------------------------------------------------------


def evaluate(
    path: str | Path, limit: int | None = None, with_errors: bool = False
) -> dict[str, Any]:
    """Parse the articles under ``path``, run the stage and return the scores as a dict."""
    from ..extract.attribution import find_attributions
    from ..nlp import load_nlp

    docs = read_gold(path, limit)
    nlp = load_nlp()
    counts: Counter[str] = Counter()
    errors: list[dict[str, Any]] | None = [] if with_errors else None
    t_spacy = t_attr = 0.0
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    t_spacy = time.perf_counter() - t0
    n_pred = 0
    for gd, doc in zip(docs, parsed, strict=True):
        t1 = time.perf_counter()
        rels = find_attributions(doc)
        t_attr += time.perf_counter() - t1
        rels = top_level(rels, gd.text)
        n_pred += len(rels)
        score_doc(gd.text, gd.relations, rels, counts, errors, gd.stem)
    out: dict[str, Any] = {
        "path": str(path),
        "articles": len(docs),
        "gold_relations": sum(len(d.relations) for d in docs),
        "predicted_relations": n_pred,
        "scores": _scores(counts),
        "seconds": {"spacy": round(t_spacy, 3), "attribution": round(t_attr, 3)},
        "overhead": round(t_attr / t_spacy, 4) if t_spacy else None,
        "agreement": agreement(path),
    }
    if errors is not None:
        out["errors"] = errors
    return out


def _scores(counts: Counter[str]) -> dict[str, dict[str, dict[str, float | int]]]:
    return {
        role: {
            mode: prf(
                counts[f"{role}.{mode}.tp"],
                counts[f"{role}.{mode}.pred"],
                counts[f"{role}.{mode}.gold"],
            )
            for mode in ("exact", "overlap")
        }
        for role in (*ROLES, "cue_all", "relation")
    }


def agreement(path: str | Path) -> dict[str, Any] | None:
    """How far two annotators of one article agree, scored exactly as the stage is
    (the second annotator's file against the first): the ceiling a score can be read
    against. None when no article under ``path`` has two annotators."""
    root = Path(path)
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        by_stem.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    counts: Counter[str] = Counter()
    articles = 0
    for stem, anns in sorted(by_stem.items()):
        txt = root / "text" / f"{stem}.txt"
        if len(anns) < 2 or not txt.is_file():
            continue
        text = _read_utf8(txt)
        words = _Words(text)
        second: list[RelSets] = [
            (words.of(g.source) or None, words.of(g.cue), words.of(g.content) or None)
            for g in _parse_ann(anns[1])
        ]
        score_doc(text, _parse_ann(anns[0]), second, counts)
        articles += 1
    return {"articles": articles, "scores": _scores(counts)} if articles else None


def run(path: str, fmt: str = "table", show_errors: bool = False) -> int:
    """CLI entry: print the scores as a Rich table or JSON; returns the exit code."""
    result = evaluate(path, with_errors=show_errors)
    if fmt == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"attribution on {result['path']} ({result['articles']} articles, "
                  f"{result['gold_relations']} gold relations)")  # fmt: skip
    table.add_column("span")
    for mode in ("exact", "overlap"):
        for m in ("P", "R", "F1"):
            table.add_column(f"{mode} {m}", justify="right")
    for role, modes in result["scores"].items():
        row = [role]
        for mode in ("exact", "overlap"):
            s = modes[mode]
            row += [f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f1']:.3f}"]
        table.add_row(*row)
    console.print(table)
    sec = result["seconds"]
    console.print(f"spaCy {sec['spacy']:.2f}s, attribution {sec['attribution']:.2f}s "
                  f"(overhead {result['overhead']:.1%})")  # fmt: skip
    human = result.get("agreement")
    if human:
        f1 = {r: human["scores"][r]["overlap"]["f1"] for r in ("source", "cue", "content")}
        console.print(
            f"two annotators of the same article agree ({human['articles']} articles, overlap "
            f"F1): source {f1['source']:.3f}, cue {f1['cue']:.3f}, content {f1['content']:.3f}"
        )
    if show_errors:
        for e in result.get("errors", []):
            console.print(f"[bold]{e['type']}[/] {e['doc']}: source={e['source']!r} "
                          f"cue={e['cue']!r} content={e['content']!r}", markup=True,
                          highlight=False)  # fmt: skip
    return 0


def bench_overhead(texts: Sequence[str]) -> float:
    """Time of ``find_attributions`` over ``texts`` as a fraction of spaCy's own time."""
    from ..extract.attribution import find_attributions
    from ..nlp import load_nlp

    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t_spacy = time.perf_counter() - t0
    t1 = time.perf_counter()
    for doc in docs:
        find_attributions(doc)
    t_attr = time.perf_counter() - t1
    return t_attr / t_spacy if t_spacy else 0.0
