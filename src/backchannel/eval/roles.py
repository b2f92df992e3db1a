"""Score who-did-what-to-whom: the event coder's actor and recipient spans.

Input: CoNLL-style BIO file (one ``token tag`` per line, a blank line between
sentences) with tags ``S`` (source), ``T`` (target) and ``R`` (reciprocal: both sides
of a symmetric event such as a meeting), as in ConfliBERT's ``cameo_ner`` set. The
sentence is the tokens joined by single spaces. The most confident event of each
sentence is the prediction: its actor mentions are sources, its recipient mentions
targets. Gold spans are whole noun phrases while mentions are names, so a predicted
mention matches a gold span when they share characters (pairs one-to-one, largest
overlap first); an ``R`` span is matched by a mention on either side.

Reported: precision/recall/F1 for sources and targets (a mention matched to an ``R``
span counts as right on its side), recall for reciprocal spans, all roles together,
and span detection whatever the role (separates finding the actor from placing it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ._common import code_sentences, main_event, prf, prf_table, print_json, read_lines

__all__ = ["evaluate", "load_sentences", "run"]

ROLES = ("S", "T", "R")
_TAGS = frozenset({"O"} | {f"{p}-{r}" for p in "BI" for r in ROLES})

Spans = list[tuple[int, int]]


@dataclass(slots=True)
class GoldSentence:
    text: str
    spans: dict[str, Spans] = field(default_factory=lambda: {r: [] for r in ROLES})


def load_sentences(path: str | Path) -> list[GoldSentence]:
    """Sentences with their gold role spans as character offsets."""
    p = Path(path)
    lines = read_lines(p)
    out: list[GoldSentence] = []
    tokens: list[tuple[str, str]] = []
    for number, line in enumerate([*lines, ""], 1):
        parts = line.split()
        if parts:
            if len(parts) != 2 or parts[1] not in _TAGS:
                raise EvalError(f"{p}:{number}: expected 'token TAG' with TAG O, B-/I-S, T or R")
            tokens.append((parts[0], parts[1]))
            continue
        if tokens:
            out.append(_sentence(tokens))
            tokens = []
    if not out:
        raise EvalError(f"no sentences in {p}")
    return out


def _sentence(tokens: list[tuple[str, str]]) -> GoldSentence:
    sent = GoldSentence(" ".join(t for t, _ in tokens))
    offset = 0
    open_role: str | None = None
    for token, tag in tokens:
        start, end = offset, offset + len(token)
        offset = end + 1
        role = tag[2:] if tag != "O" else None
        if role is not None and (tag.startswith("B-") or role != open_role):
            sent.spans[role].append((start, end))  # an I- without its B- starts a span
        elif role is not None:
            s, _ = sent.spans[role][-1]
            sent.spans[role][-1] = (s, end)
        open_role = role
    return sent


def _pair(gold: Spans, pred: Spans) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, largest first."""
    cands = sorted(
        ((min(g[1], q[1]) - max(g[0], q[0]), gi, pi)
         for gi, g in enumerate(gold) for pi, q in enumerate(pred)),
        key=lambda c: (-c[0], c[1], c[2]),
    )  # fmt: skip
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for overlap, gi, pi in cands:
        if overlap > 0 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _unique(mentions: list[Any]) -> Spans:
    return list(dict.fromkeys((m.start, m.end) for m in mentions))


def evaluate(path: str | Path) -> dict[str, Any]:
    """Code every sentence and compare its main event's participants with the gold roles."""
    gold = load_sentences(path)
    tally = {k: 0 for k in ("S.tp", "S.pred", "S.gold", "T.tp", "T.pred", "T.gold",
                            "R.tp", "R.gold", "any.tp", "any.pred", "any.gold")}  # fmt: skip
    rows: list[dict[str, Any]] = []
    for sent, events in zip(gold, code_sentences([s.text for s in gold]), strict=True):
        before = tally["S.tp"] + tally["T.tp"]
        best = main_event(events)
        pred = {
            "S": _unique(best.actor) if best else [],
            "T": _unique(best.recipient) if best else [],
        }
        left: dict[str, Spans] = {}
        for role in ("S", "T"):
            pairs = _pair(sent.spans[role], pred[role])
            tally[f"{role}.tp"] += len(pairs)
            tally[f"{role}.pred"] += len(pred[role])
            tally[f"{role}.gold"] += len(sent.spans[role])
            used = {pi for _, pi in pairs}
            left[role] = [q for pi, q in enumerate(pred[role]) if pi not in used]
        # A reciprocal span is right on either side; the mention that matched it is too.
        r_pairs = _pair(sent.spans["R"], left["S"] + left["T"])
        n_left_s = len(left["S"])
        for _, pi in r_pairs:
            tally["S.tp" if pi < n_left_s else "T.tp"] += 1
        tally["R.tp"] += len(r_pairs)
        tally["R.gold"] += len(sent.spans["R"])
        all_gold = [s for r in ROLES for s in sent.spans[r]]
        all_pred = list(dict.fromkeys(pred["S"] + pred["T"]))
        right = tally["S.tp"] + tally["T.tp"] - before
        tally["any.tp"] += len(_pair(all_gold, all_pred))
        tally["any.pred"] += len(all_pred)
        tally["any.gold"] += len(all_gold)
        rows.append(
            {
                "text": sent.text,
                "gold": {r: [sent.text[a:b] for a, b in sent.spans[r]] for r in ROLES},
                "predicted": {r: [sent.text[a:b] for a, b in pred[r]] for r in ("S", "T")},
                "event": f"{best.event} {best.cameo}" if best else None,
                "ok": right == len(all_gold) == len(pred["S"]) + len(pred["T"]),
            }
        )
    roles_tp = tally["S.tp"] + tally["T.tp"]
    return {
        "path": str(path),
        "sentences": len(gold),
        "source": prf(tally["S.tp"], tally["S.pred"], tally["S.gold"]),
        "target": prf(tally["T.tp"], tally["T.pred"], tally["T.gold"]),
        "reciprocal_recall": round(tally["R.tp"] / tally["R.gold"], 4) if tally["R.gold"] else 0.0,
        "roles": prf(
            roles_tp,
            tally["S.pred"] + tally["T.pred"],
            tally["S.gold"] + tally["T.gold"] + tally["R.gold"],
        ),
        "spans": prf(tally["any.tp"], tally["any.pred"], tally["any.gold"]),
        "rows": rows,
    }


def run(path: str | Path, fmt: str = "table", show_errors: bool = False) -> int:
    """Print the scores (a Rich table or JSON); returns the exit code."""
    result = evaluate(path)
    errors = [r for r in result["rows"] if not r["ok"]]
    if fmt == "json":
        print_json(result, errors if show_errors else None)
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = f"Event roles — {result['sentences']} sentences ({Path(path).name})"
    labels = {"source": "source", "target": "target", "roles": "all roles",
              "spans": "spans, any role"}  # fmt: skip
    console.print(prf_table(title, "role", ((labels[k], result[k]) for k in labels)))
    console.print(f"reciprocal spans found on either side: {result['reciprocal_recall']:.3f}")
    if show_errors:
        err = Table(title="sentences with a role missed or a participant too many (first 200)")
        for col in ("event", "gold S / T / R", "predicted S / T", "text"):
            err.add_column(col, overflow="fold")
        for r in errors[:200]:
            g, p = r["gold"], r["predicted"]
            err.add_row(
                str(r["event"] or "—"),
                f"{g['S']} / {g['T']} / {g['R']}",
                f"{p['S']} / {p['T']}",
                r["text"][:160],
            )
        console.print(err)
    return 0
