"""Score the time-expression stage on TimeML gold (TempEval-3 measures).

Extents are matched strictly (same offsets) and relaxed (any overlap, one-to-one).
Attribute F1 for ``type`` and ``value`` is the relaxed-match F1 times the attribute's
accuracy over the relaxed matches, as the TempEval-3 scorer computes it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from backchannel.errors import EvalError
from backchannel.extract.timex import TimeExpression, find_timexes

__all__ = ["bench_sentences_per_second", "benchmark", "evaluate", "load_tml", "run"]

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class GoldDoc:
    path: str
    text: str
    dct: dt.date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def _parse_dct(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def load_tml(path: Path) -> GoldDoc:
    """Raw TEXT content of one TimeML file with its TIMEX3s as character offsets."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError, LookupError) as exc:  # LookupError: encoding="rot13"
        raise EvalError(f"cannot read TimeML file {path}: {exc}") from exc
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(t.get("value"))
            break
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise EvalError(f"no TEXT element in {path}")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el.get("functionInDocument") != "CREATION_TIME":
            gold.append(GoldTimex(start, pos, "", el.get("type", ""), el.get("value", "")))

    walk(text_el)
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start : g.end]
    gold.sort(key=lambda g: g.start)
    return GoldDoc(str(path), text, dct, gold)


GoldPath = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def _tml_files(path: GoldPath) -> list[Path]:
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    files: list[Path] = []
    for one in paths:
        p = Path(one)
        if not p.exists():
            raise EvalError(f"gold path not found: {one}")
        found = [p] if p.is_file() else sorted(p.rglob("*.tml"))
        if not found:
            raise EvalError(f"no .tml files under {one}")
        files.extend(found)
    return files


def _match(gold: list[GoldTimex], sys: list[TimeExpression], strict: bool) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, system index); for relaxed, largest overlap first."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(sys):
            if strict:
                if g.start == s.start and g.end == s.end:
                    pairs.append((g.end - g.start, gi, si))
            else:
                ov = min(g.end, s.end) - max(g.start, s.start)
                if ov > 0:
                    pairs.append((ov, gi, si))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gi, si))
    return out


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    sys: int = 0
    strict: int = 0  # matched gold expressions (recall side)
    relaxed: int = 0
    strict_sys: int = 0  # matched system expressions (precision side)
    relaxed_sys: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def scores(self) -> dict[str, Any]:
        strict = _prf(self.strict_sys, self.sys, self.strict, self.gold)
        relaxed = _prf(self.relaxed_sys, self.sys, self.relaxed, self.gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.sys,
            "strict": strict,
            "relaxed": relaxed,
            "type_accuracy": round(type_acc, 4),
            "value_accuracy": round(value_acc, 4),
            "type_f1": round(relaxed["f1"] * type_acc, 4),
            "value_f1": round(relaxed["f1"] * value_acc, 4),
        }


def evaluate(path: GoldPath) -> dict[str, Any]:
    """Score ``find_timexes`` on every .tml file under ``path`` (or several paths).

    Returns a JSON-friendly dict: ``documents``, ``overall`` and ``per_type`` scores, and
    ``errors`` (missed, spurious, wrong attribute, extent mismatch) for ``--errors``.
    """
    files = _tml_files(path)
    overall = _Tally()
    per_type = {t: _Tally() for t in TYPES}
    errors: list[dict[str, Any]] = []
    for f in files:
        doc = load_tml(f)
        sys = find_timexes(doc.text, doc.dct)
        overall.gold += len(doc.timexes)
        overall.sys += len(sys)
        strict = _match(doc.timexes, sys, strict=True)
        relaxed = _match(doc.timexes, sys, strict=False)
        overall.strict += len(strict)
        overall.relaxed += len(relaxed)
        overall.strict_sys += len(strict)
        overall.relaxed_sys += len(relaxed)
        for g in doc.timexes:
            if g.type in per_type:
                per_type[g.type].gold += 1
        for s in sys:
            if s.type in per_type:
                per_type[s.type].sys += 1
        strict_g = {gi for gi, _ in strict}
        for gi, si in relaxed:
            g, s = doc.timexes[gi], sys[si]
            type_ok, value_ok = g.type == s.type, g.value == s.value
            overall.type_ok += type_ok
            overall.value_ok += value_ok
            # Per type: recall and attribute accuracy by the gold type, precision by the
            # type the system gave.
            if g.type in per_type:
                t = per_type[g.type]
                t.relaxed += 1
                t.strict += gi in strict_g
                t.type_ok += type_ok
                t.value_ok += value_ok
            if s.type in per_type:
                per_type[s.type].relaxed_sys += 1
                per_type[s.type].strict_sys += gi in strict_g
            if not value_ok or not type_ok or gi not in strict_g:
                errors.append({"kind": "mismatch" if value_ok and type_ok else "wrong",
                               "file": f.name, "gold": g.text, "gold_type": g.type,
                               "gold_value": g.value, "system": s.text, "system_type": s.type,
                               "system_value": s.value, "dct": str(doc.dct),
                               "context": _context(doc.text, g.start, g.end)})  # fmt: skip
        mg = {gi for gi, _ in relaxed}
        ms = {si for _, si in relaxed}
        for gi, g in enumerate(doc.timexes):
            if gi not in mg:
                errors.append({"kind": "missed", "file": f.name, "gold": g.text,
                               "gold_type": g.type, "gold_value": g.value, "dct": str(doc.dct),
                               "context": _context(doc.text, g.start, g.end)})  # fmt: skip
        for si, s in enumerate(sys):
            if si not in ms:
                errors.append({"kind": "spurious", "file": f.name, "system": s.text,
                               "system_type": s.type, "system_value": s.value,
                               "dct": str(doc.dct),
                               "context": _context(doc.text, s.start, s.end)})  # fmt: skip
    # Per-type precision uses system expressions of that type that matched some gold.
    result = {
        "documents": len(files),
        "overall": overall.scores(),
        "per_type": {t: v.scores() for t, v in per_type.items()},
        "errors": errors,
    }
    return result


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def run(path: GoldPath, fmt: str = "table", show_errors: bool = False) -> int:
    """CLI entry: print the scores (Rich table or JSON); returns the exit code."""
    if fmt not in ("table", "json"):
        raise EvalError(f"unknown format {fmt!r}; use 'table' or 'json'")
    result = evaluate(path)
    if not show_errors:
        result.pop("errors")
    if fmt == "json":
        print(json.dumps(result, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if console.width < 120:
        console = Console(width=120)  # keep the eleven columns readable when piped
    table = Table(title=f"TIMEX3 (TempEval-3 measures), {result['documents']} documents")
    for col in ("", "gold", "sys", "strict P", "strict R", "strict F1", "relax P",
                "relax R", "relax F1", "type F1", "value F1"):  # fmt: skip
        table.add_column(col, justify="right" if col else "left", no_wrap=True)
    rows = [("overall", result["overall"]), *result["per_type"].items()]
    for name, sc in rows:
        table.add_row(
            name,
            str(sc["gold"]),
            str(sc["system"]),
            *(
                f"{sc[k][m]:.3f}"
                for k in ("strict", "relaxed")
                for m in ("precision", "recall", "f1")
            ),
            f"{sc['type_f1']:.3f}",
            f"{sc['value_f1']:.3f}",
        )
    console.print(table)
    if show_errors:
        for e in result["errors"]:
            if e["kind"] == "missed":
                console.print(f"[red]missed[/] {e['gold_type']} {e['gold_value']}  {e['context']}",
                              highlight=False, markup=True, soft_wrap=True)  # fmt: skip
            elif e["kind"] == "spurious":
                console.print(f"[yellow]spurious[/] {e['system_type']} {e['system_value']}  "
                              f"{e['context']}", highlight=False, soft_wrap=True)  # fmt: skip
            else:
                console.print(f"[magenta]{e['kind']}[/] gold {e['gold_type']} {e['gold_value']} "
                              f"{e['gold']!r} / sys {e['system_type']} {e['system_value']} "
                              f"{e['system']!r} (dct {e['dct']})  {e['context']}",
                              highlight=False, soft_wrap=True)  # fmt: skip
    return 0


# --------------------------------------------------------------------------- speed

_SAMPLE = (
    "The defence minister toured the eastern front on Monday (March 4, 2024), aides said.",
    "Mediators have carried messages between the capitals since at least October.",
    "A similar proposal was floated two years earlier, in the spring of 2021.",
    "Diplomats expect a second round of talks next week in Istanbul.",
    "The three-month-long blockade of the port ended without a deal.",
    "Foreign ministers will meet in Geneva on March 3 to discuss the prisoner swap.",
    "Shelling continued overnight, and the governor said three people were killed.",
    "The accord, signed in 1994, expires at the end of the year unless renewed.",
)


def bench_sentences_per_second(texts: Iterable[str], dct: dt.date | None = None) -> float:
    """Sentences per second of ``find_timexes`` over ``texts`` (one sentence each), one core."""
    items = list(texts)
    if not items:
        return 0.0
    dct = dct or dt.date(2023, 12, 25)
    t0 = time.perf_counter()
    for t in items:
        find_timexes(t, dct)
    elapsed = time.perf_counter() - t0
    return len(items) / elapsed if elapsed > 0 else float("inf")


def benchmark(n: int = 20000) -> float:
    """What ``make bench`` prints: sentences/s on built-in news-like sentences."""
    texts = [_SAMPLE[i % len(_SAMPLE)] for i in range(n)]
    rate = bench_sentences_per_second(texts)
    print(f"timex: {rate:,.0f} sentences/s ({n} sentences, one core)")
    return rate


if __name__ == "__main__":  # pragma: no cover
    benchmark()
