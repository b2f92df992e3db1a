"""Score the PLOVER event coder on the PLOVER gold-standard records (GSR).

``evaluate(path)`` returns the figures as a dict; ``run(path, fmt, show_errors)``
prints them (a Rich table, or JSON with ``fmt="json"``) and returns an exit code.

Scoring, per record (the first record of the file is a header and is skipped):

* the sentence is parsed, actor mentions resolved, events coded; the *predicted
  main event* is, among the predicted events whose trigger overlaps a gold ``EVT``
  markup span, the most confident one; with no overlap, the most confident overall;
* PLOVER 0.5 labels are mapped to 2.0: DEMAND->REQUEST, DISAPPROVE->ACCUSE,
  FIGHT->ASSAULT, INVESTIGATE->ACCUSE;
* country codes are compared as sets; codes of international bodies (the gold
  file writes them "IGO") all count as "IGO". A side is right when the predicted
  set is non-empty and every predicted country is in the gold set (a compound
  gold actor is not required in full);
* target accuracy is over records with a gold target only. Records whose gold
  target is empty are reported apart (``empty_target_ok``: the share where the
  prediction has no recipient outside the gold source countries), and for the
  "fully right" figure an empty gold target counts as right under that rule;
* sector accuracy is over gold actors that carry a sector, in records where the
  predicted side found that country;
* spurious events per sentence = predicted events beyond the main one, averaged;
* role attachment (a diagnostic that separates the coder from the actor dictionary):
  over gold SRC/TAR markup phrases that the actor resolver *did* resolve to a
  country, the share whose mention (or a mention of the same actor, e.g. a resolved
  pronoun, or a mention the coder made inside the phrase with the same country) the
  coder put in the actor/recipient list.
  ``*_country_accuracy_resolved`` repeat the country accuracies over the records where
  the resolver found the gold side at all, so dictionary gaps and coder errors show apart.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ._common import print_json

LABEL_MAP = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
}
IGO_COUNTRIES = frozenset(
    {
        "IGO",
        "UNO",
        "UN",
        "NATO",
        "EU",
        "AU",
        "ASEAN",
        "OSCE",
        "ICC",
        "WHO",
        "IAEA",
        "NGO",
        "OPEC",
        "ARL",
        "CEM",
        "WFP",
        "ICRC",
        "IMF",
        "WBK",
        "WTO",
        "EEC",
        "ECOWAS",
    }
)
# CAMEO's transnational codes that the gold file keeps as they are: militarized groups
# ("IMGMUSALQ", al-Qaeda), multinationals, unidentified states
NON_STATE_CODES = frozenset({"IMG", "MNC", "UIS"})
# The gold file predates some ISO-3166 corrections; compare on the modern codes.
GOLD_FIXES = {"VTN": "VNM", "JAP": "JPN", "ITL": "ITA"}
_EVT = re.compile(r"\(EVT:\s*([^()]*?)\s*\)")
_ROLE = re.compile(r"\((SRC|TAR|SRC/TAR):\s*([^()]*?)\s*\)")


def _country(code: str | None) -> str | None:
    if not code:
        return None
    c = code.strip().split()[0][:3].upper() if code.strip() else ""
    if not c:
        return None
    c = GOLD_FIXES.get(c, c)
    return "IGO" if c in IGO_COUNTRIES else c


def _pred_country(actor: Any, states: frozenset[str] = frozenset()) -> str | None:
    """The predicted side's country; any body that is not a state ("NATO", "OAS", "MSF",
    whatever its sector) counts as "IGO", as the gold file writes them."""
    if actor is None:
        return None
    if actor.sector == "IGO":
        return "IGO"
    c = (actor.country or "").upper()
    if not c:
        return None
    if c in IGO_COUNTRIES or len(c) != 3 or (states and c not in states | NON_STATE_CODES):
        return "IGO"
    return c


def _gold_side(side: Any) -> list[dict[str, Any]]:
    return side if isinstance(side, list) else []


def load_records(path: str) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise EvalError(f"PLOVER gold file not found: {path}", code="BC401")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    # ValueError: a 5,000-digit number (JSONDecodeError is one too); RecursionError: "[[[[".
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise EvalError(f"cannot read PLOVER gold file {path}: {exc}", code="BC402") from exc
    if not isinstance(data, list) or len(data) < 2:
        raise EvalError(f"{path}: expected a JSON list with a header record", code="BC403")
    records = [r for r in data[1:] if _well_formed(r)]
    if not records:
        raise EvalError(f"{path}: no records with text and event", code="BC403")
    return records


def _well_formed(record: Any) -> bool:
    """A gold record with the fields :func:`evaluate` reads, each of the right type."""
    if not isinstance(record, dict):
        return False
    text, event, info = record.get("text"), record.get("event"), record.get("textInfo", {})
    if not (isinstance(text, str) and text.strip() and isinstance(event, str) and event):
        return False
    if not isinstance(info, dict) or not isinstance(info.get("markup", ""), str):
        return False
    sides = [record.get("source"), record.get("target")]
    actors = [a for side in sides if isinstance(side, list) for a in side]
    return all(isinstance(a, dict) and isinstance(a.get("code", ""), str | None) for a in actors)


def _evt_spans(text: str, markup: str) -> list[tuple[int, int]]:
    spans = []
    for m in _EVT.finditer(markup or ""):
        phrase = m.group(1).strip(" {}()")
        for word in phrase.split():
            word = word.strip("{}(),.")
            if len(word) < 2:
                continue
            i = text.find(word)
            if i >= 0:
                spans.append((i, i + len(word)))
    return spans


def _f1_macro(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({g for g, _ in pairs})
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def _side_ok(pred: set[str], gold: set[str]) -> bool:
    return bool(pred) and pred <= gold


def evaluate(path: str) -> dict[str, Any]:
    """Code every gold sentence and compare; returns figures and the per-record rows."""
    from ..actors import ActorDictionary, resolve_mentions
    from ..extract.events import code_events
    from ..nlp import load_nlp

    records = load_records(path)
    nlp = load_nlp()
    book = ActorDictionary.load()
    states = frozenset(e.country or e.id for e in book.countries())

    def pred_country(actor: Any) -> str | None:
        return _pred_country(actor, states)

    texts = [r["text"].strip().strip("{}") for r in records]
    rows: list[dict[str, Any]] = []
    for rec, text, doc in zip(records, texts, nlp.pipe(texts), strict=True):
        mentions = resolve_mentions(doc, book, None)
        events = code_events(doc, mentions, book)
        gold_event = LABEL_MAP.get(rec["event"], rec["event"])
        spans = _evt_spans(text, rec.get("textInfo", {}).get("markup", ""))

        def overlaps(ev: Any, spans: list[tuple[int, int]] = spans) -> bool:
            return any(ev.trigger.start < e and s < ev.trigger.end for s, e in spans)

        best = None
        if events:
            hit = [e for e in events if overlaps(e)]
            best = max(hit or events, key=lambda e: e.confidence)
        src = _gold_side(rec.get("source"))
        tgt = _gold_side(rec.get("target"))
        g_src = {c for c in (_country(a.get("code")) for a in src) if c}
        g_tgt = {c for c in (_country(a.get("code")) for a in tgt) if c}
        p_src = {c for c in (pred_country(m.actor) for m in (best.actor if best else [])) if c}
        p_tgt = {c for c in (pred_country(m.actor) for m in (best.recipient if best else [])) if c}
        g_sec = {
            (_country(a.get("code")), str(a["sector"])[:3])
            for a in src + tgt
            if a.get("sector") and str(a["sector"])[:3] != "***"
        }
        p_sec = {
            (pred_country(m.actor), m.actor.sector)
            for m in ((best.actor + best.recipient) if best else [])
            if m.actor.sector
        }
        sec_checked = [(c, s) for c, s in g_sec if c in {pc for pc, _ in p_sec}]
        attach = {"src": [0, 0], "tar": [0, 0]}
        for role, phrase in _ROLE.findall(rec.get("textInfo", {}).get("markup", "")):
            i = text.find(phrase)
            if i < 0 or not phrase:
                continue
            j = i + len(phrase)
            cov = [m for m in mentions if m.start < j and i < m.end and m.actor.country]
            if not cov:
                continue
            side = "tar" if role == "TAR" else "src"
            got = (best.actor if side == "src" else best.recipient) if best else []
            attach[side][0] += 1
            ids = {m.actor.id for m in cov if m.actor.id}
            countries = {m.actor.country for m in cov}
            attach[side][1] += any(
                g in cov
                or (g.actor.id is not None and g.actor.id in ids)
                # the coder's own mention inside the phrase, coded from it ("refugees
                # fleeing the war in Liberia" -> the refugees, LBR via context)
                or (g.start < j and i < g.end and g.actor.country in countries)
                for g in got
            )
        rows.append(
            {
                "id": rec.get("id"),
                "text": text,
                "gold_event": gold_event,
                "pred_event": best.event if best else None,
                "pred_cameo": best.cameo if best else None,
                "trigger": best.trigger.text if best else None,
                "gold_source": sorted(g_src),
                "pred_source": sorted(p_src),
                "gold_target": sorted(g_tgt),
                "pred_target": sorted(p_tgt),
                "type_ok": best is not None and best.event == gold_event,
                "source_ok": _side_ok(p_src, g_src),
                "target_ok": _side_ok(p_tgt, g_tgt) if g_tgt else None,
                "empty_target_ok": (not (p_tgt - g_src)) if not g_tgt else None,
                "sector_total": len(sec_checked),
                "sector_ok": sum(1 for cs in sec_checked if cs in p_sec),
                "n_events": len(events),
                "attach": attach,
            }
        )
    n = len(rows)
    resolved = [r for r in rows if r["attach"]["src"][0]]
    t_resolved = [r for r in rows if r["attach"]["tar"][0] and r["target_ok"] is not None]
    with_tgt = [r for r in rows if r["target_ok"] is not None]
    empty_tgt = [r for r in rows if r["empty_target_ok"] is not None]
    sec_total = sum(r["sector_total"] for r in rows)

    def full(r: dict[str, Any]) -> bool:
        tgt_ok = r["target_ok"] if r["target_ok"] is not None else r["empty_target_ok"]
        return bool(r["type_ok"] and r["source_ok"] and tgt_ok)

    pairs = [(r["gold_event"], r["pred_event"] or "NONE") for r in rows]
    att = {
        k: [sum(r["attach"][k][0] for r in rows), sum(r["attach"][k][1] for r in rows)]
        for k in ("src", "tar")
    }
    confusion = Counter((g, p) for g, p in pairs if g != p)
    return {
        "file": str(path),
        "records": n,
        "event_accuracy": sum(r["type_ok"] for r in rows) / n,
        "event_macro_f1": _f1_macro(pairs),
        "source_country_accuracy": sum(r["source_ok"] for r in rows) / n,
        "target_country_accuracy": (
            sum(bool(r["target_ok"]) for r in with_tgt) / len(with_tgt) if with_tgt else 0.0
        ),
        "target_records": len(with_tgt),
        "empty_target_records": len(empty_tgt),
        "empty_target_ok": (
            sum(bool(r["empty_target_ok"]) for r in empty_tgt) / len(empty_tgt)
            if empty_tgt
            else 0.0
        ),
        "sector_accuracy": (sum(r["sector_ok"] for r in rows) / sec_total) if sec_total else 0.0,
        "sector_checked": sec_total,
        "fully_right": sum(full(r) for r in rows) / n,
        "spurious_per_sentence": sum(max(0, r["n_events"] - 1) for r in rows) / n,
        "no_event": sum(1 for r in rows if r["pred_event"] is None) / n,
        "source_attachment": att["src"][1] / att["src"][0] if att["src"][0] else 0.0,
        "source_attachment_n": att["src"][0],
        "target_attachment": att["tar"][1] / att["tar"][0] if att["tar"][0] else 0.0,
        "target_attachment_n": att["tar"][0],
        # source accuracy where the actor dictionary resolved a gold source at all
        "source_country_accuracy_resolved": (
            sum(r["source_ok"] for r in resolved) / len(resolved) if resolved else 0.0
        ),
        "source_resolved_records": len(resolved),
        "target_country_accuracy_resolved": (
            sum(bool(r["target_ok"]) for r in t_resolved) / len(t_resolved) if t_resolved else 0.0
        ),
        "target_resolved_records": len(t_resolved),
        "confusions": [f"{g}->{p}: {k}" for (g, p), k in confusion.most_common(12)],
        "rows": rows,
    }


_FIGURES = (
    ("event_accuracy", "event-type accuracy"),
    ("event_macro_f1", "event-type macro F1"),
    ("source_country_accuracy", "source-country accuracy"),
    ("target_country_accuracy", "target-country accuracy (gold target only)"),
    ("empty_target_ok", "empty gold target kept empty"),
    ("sector_accuracy", "sector accuracy (gold sector, country found)"),
    ("fully_right", "fully right (type + source + target)"),
    ("spurious_per_sentence", "spurious events per sentence"),
    ("no_event", "sentences with no event"),
    ("source_attachment", "actor attachment (resolved gold source)"),
    ("target_attachment", "recipient attachment (resolved gold target)"),
    ("source_country_accuracy_resolved", "source-country accuracy (gold source resolved)"),
    ("target_country_accuracy_resolved", "target-country accuracy (gold target resolved)"),
)


def run(path: str, fmt: str = "table", show_errors: bool = False) -> int:
    """Print the scores; 0 on success (errors surface as :class:`EvalError`)."""
    result = evaluate(path)
    if fmt == "json":
        errors = [r for r in result["rows"] if not _row_ok(r)]
        print_json(result, errors if show_errors else None)
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"PLOVER events — {result['records']} records ({Path(path).name})")
    table.add_column("measure")
    table.add_column("score", justify="right")
    for key, label in _FIGURES:
        v = result[key]
        table.add_row(label, f"{v:.3f}")
    table.add_row(
        "records with gold target / empty",
        f"{result['target_records']} / {result['empty_target_records']}",
    )
    console.print(table)
    if result["confusions"]:
        console.print("most frequent confusions: " + "; ".join(result["confusions"]))
    if show_errors:
        err = Table(title="mismatches")
        for col in ("id", "gold", "pred", "trigger", "source g/p", "target g/p", "text"):
            err.add_column(col, overflow="fold")
        for r in result["rows"]:
            if _row_ok(r):
                continue
            err.add_row(
                str(r["id"]),
                r["gold_event"],
                f"{r['pred_event']} {r['pred_cameo'] or ''}",
                str(r["trigger"]),
                f"{','.join(r['gold_source'])} / {','.join(r['pred_source'])}",
                f"{','.join(r['gold_target'])} / {','.join(r['pred_target'])}",
                r["text"][:160],
            )
        console.print(err)
    return 0


def _row_ok(r: dict[str, Any]) -> bool:
    tgt = r["target_ok"] if r["target_ok"] is not None else r["empty_target_ok"]
    return bool(r["type_ok"] and r["source_ok"] and tgt)
