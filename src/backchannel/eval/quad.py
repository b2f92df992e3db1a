"""Score the event coder's QuadClass on sentences labelled with one of five classes.

Input: a TSV file, one ``sentence<TAB>label`` per line, label 0-4 in the order of
:data:`~backchannel.extract._events_lexicon.QUAD_CLASSES` (neutral, verbal
cooperation, material cooperation, verbal conflict, material conflict), as in
ConfliBERT's ``cameo_class`` set. Each sentence is coded on its own; its predicted
class is the QuadClass of the CAMEO code of its most confident event, and a sentence
with no event is neutral. Reported: accuracy, macro F1, per-class precision/recall/F1
and the confusion matrix (rows gold, columns predicted).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..extract._events_lexicon import QUAD_CLASSES, quad_class
from ._common import code_sentences, main_event, prf_table, print_json, read_lines

__all__ = ["evaluate", "load_sentences", "run"]


def load_sentences(path: str | Path) -> list[tuple[str, int]]:
    """``(sentence, label)`` pairs of a labelled TSV file; one clear error if malformed."""
    p = Path(path)
    lines = read_lines(p)
    out: list[tuple[str, int]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or not text.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
            raise EvalError(f"{p}:{number}: expected 'sentence<TAB>label' with a label 0-4")
        out.append((text.strip(), int(label)))
    if not out:
        raise EvalError(f"no labelled sentences in {p}")
    return out


def evaluate(path: str | Path) -> dict[str, Any]:
    """Code every sentence and compare classes; returns figures and per-sentence rows."""
    gold = load_sentences(path)
    n_classes = len(QUAD_CLASSES)
    confusion = [[0] * n_classes for _ in range(n_classes)]
    rows: list[dict[str, Any]] = []
    no_event = 0
    for (text, label), events in zip(gold, code_sentences([t for t, _ in gold]), strict=True):
        best = main_event(events)
        predicted = quad_class(best.cameo) if best is not None else 0
        no_event += best is None
        confusion[label][predicted] += 1
        rows.append(
            {
                "text": text,
                "gold": QUAD_CLASSES[label],
                "predicted": QUAD_CLASSES[predicted],
                "event": best.event if best is not None else None,
                "cameo": best.cameo if best is not None else None,
                "trigger": best.trigger.text if best is not None else None,
            }
        )
    per_class: dict[str, dict[str, float | int]] = {}
    for k, name in enumerate(QUAD_CLASSES):
        tp = confusion[k][k]
        n_pred = sum(confusion[g][k] for g in range(n_classes))
        n_gold = sum(confusion[k])
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[name] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                           "gold": n_gold, "pred": n_pred}  # fmt: skip
    present = [c for c in per_class.values() if c["gold"]]
    n = len(gold)
    return {
        "path": str(path),
        "sentences": n,
        "accuracy": round(sum(confusion[k][k] for k in range(n_classes)) / n, 4),
        "macro_f1": round(sum(float(c["f1"]) for c in present) / len(present), 4),
        "no_event_share": round(no_event / n, 4),
        "per_class": per_class,
        "classes": list(QUAD_CLASSES),
        "confusion": confusion,
        "rows": rows,
    }


def run(path: str | Path, fmt: str = "table", show_errors: bool = False) -> int:
    """Print the scores (Rich tables or JSON); returns the exit code."""
    result = evaluate(path)
    wrong = [r for r in result["rows"] if r["gold"] != r["predicted"]]
    if fmt == "json":
        print_json(result, wrong if show_errors else None)
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = f"QuadClass — {result['sentences']} sentences ({Path(path).name})"
    console.print(prf_table(title, "class", result["per_class"].items()))
    console.print(
        f"accuracy {result['accuracy']:.3f} · macro F1 {result['macro_f1']:.3f} · "
        f"sentences with no event {result['no_event_share']:.3f}"
    )
    matrix = Table(title="confusion (rows gold, columns predicted)")
    matrix.add_column("gold \\ predicted")
    short = ["neutral", "verb coop", "mat coop", "verb confl", "mat confl"]
    for name in short:
        matrix.add_column(name, justify="right")
    for name, row in zip(short, result["confusion"], strict=True):
        matrix.add_row(name, *(str(v) for v in row))
    console.print(matrix)
    if show_errors:
        err = Table(title="misclassified sentences")
        for col in ("gold", "predicted", "event", "trigger", "text"):
            err.add_column(col, overflow="fold")
        for r in wrong:
            event = f"{r['event']} {r['cameo']}" if r["event"] else "—"
            err.add_row(r["gold"], r["predicted"], event, str(r["trigger"] or ""), r["text"][:160])
        console.print(err)
    return 0
