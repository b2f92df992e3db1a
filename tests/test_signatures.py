"""Document signatures: computed once per document, kept in the store, same copies found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

import backchannel.consolidate as consolidation
from backchannel.consolidate import find_copies, signature_scheme, text_signature
from backchannel.documents import make_document
from backchannel.model import Ledger
from backchannel.store import Store
from backchannel.store import _schema as t

BODY = (
    "Negotiators from both capitals met on a ferry in the harbour late on Tuesday, three "
    "people familiar with the talks said, and agreed to exchange written proposals on a "
    "prisoner swap before the end of the month. Neither government has confirmed the "
    "meeting, and a spokesman for the foreign ministry said only that contacts at many "
    "levels were normal between neighbours who still trade grain and gas."
)
# The same report as another outlet ran it: a new first sentence, a trimmed ending.
SYNDICATED = "A quiet round of talks took place this week. " + BODY.replace(
    ", and a spokesman for the foreign ministry said only that", ". Officials said"
)
UNRELATED = (
    "The city council voted to rebuild the old tram depot as a covered market, ending a "
    "dispute that had lasted most of the decade and had twice reached the regional court."
)


def _document(title: str, body: str, published: str, outlet: str) -> dict[str, Any]:
    doc = make_document(title, body, outlet=outlet, published=published)
    return {"id": doc.id, "title": doc.title, "body": doc.body, "published": doc.published}


def _documents() -> list[dict[str, Any]]:
    return [
        _document("Harbour talks on prisoners", BODY, "2024-05-02", "Harbor Times"),
        _document("Harbour talks on prisoners", SYNDICATED, "2024-05-03", "Wire Desk"),
        _document("Tram depot to become a market", UNRELATED, "2024-05-02", "Daily Planet"),
        {"id": "empty", "title": "", "body": "", "published": None},
    ]


def test_a_signature_depends_on_the_text_alone() -> None:
    first = _document("Harbour talks", BODY, "2024-05-02", "Harbor Times")
    again = {**first, "id": "other", "published": "2025-01-01", "outlet": "Wire Desk"}
    changed = {**first, "body": BODY.replace("Tuesday", "Wednesday")}
    signature = text_signature(first)
    assert isinstance(signature, bytes) and len(signature) > 0
    assert text_signature(again) == signature
    assert text_signature(changed) not in (None, signature)
    assert text_signature({"id": "x", "title": " ", "body": "..."}) is None


@pytest.mark.parametrize("known", ["all", "some", "none"])
def test_copies_from_stored_signatures_equal_copies_hashed_anew(known: str) -> None:
    documents = _documents()
    hashed = find_copies(documents)
    assert [(c.doc, c.original) for c in hashed] == [(documents[1]["id"], documents[0]["id"])]
    everything = {d["id"]: text_signature(d) for d in documents}
    given = {
        "all": everything,
        "some": {k: v for i, (k, v) in enumerate(everything.items()) if i % 2},
        "none": {},
    }[known]
    assert find_copies(documents, signatures=given) == hashed


def test_a_signature_of_the_wrong_size_is_refused() -> None:
    documents = _documents()[:1]
    short = {documents[0]["id"]: text_signature(documents[0])[:-4]}  # type: ignore[index]
    with pytest.raises(ValueError, match="hash values"):
        find_copies(documents, signatures=short)


def _hash_counter(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    hashed: list[str] = []
    original: Callable[..., bytes | None] = consolidation.text_signature

    def counting(document: dict[str, Any], **options: Any) -> bytes | None:
        hashed.append(document["id"])
        return original(document, **options)

    monkeypatch.setattr(consolidation, "text_signature", counting)
    return hashed


def _stored_signatures(url: str) -> dict[str, tuple[str, bytes | None]]:
    s = t.doc_signatures
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(s.c.doc_id, s.c.scheme, s.c.minhash)).all()
    engine.dispose()
    return {row.doc_id: (row.scheme, row.minhash) for row in rows}


def test_consolidation_hashes_each_document_once(
    tmp_db: str, make_db, sample_ledger: Ledger, other_ledger: Ledger, monkeypatch
) -> None:
    hashed = _hash_counter(monkeypatch)
    first, second = sample_ledger.document, other_ledger.document
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.consolidate()
        assert hashed == [first.id]
        store.save_ledger(other_ledger)
        store.consolidate()
        assert hashed == [first.id, second.id]  # only the new one
        store.consolidate()
        assert hashed == [first.id, second.id]  # nothing new, nothing hashed
        result = store.export_records()
    stored = _stored_signatures(tmp_db)
    assert set(stored) == {first.id, second.id}
    assert {scheme for scheme, _ in stored.values()} == {signature_scheme()}

    # The same store consolidated from scratch in one go finds the same.
    fresh = make_db("fresh")
    with Store(fresh) as store:
        store.save_ledger(sample_ledger)
        store.save_ledger(other_ledger)
        store.consolidate()
        assert store.export_records() == result
    assert _stored_signatures(fresh) == stored


def test_a_signature_of_another_scheme_is_computed_again(
    tmp_db: str, sample_ledger: Ledger, monkeypatch
) -> None:
    doc_id = sample_ledger.document.id
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.consolidate()
        right = _stored_signatures(tmp_db)[doc_id]
        with store.engine.begin() as conn:
            conn.execute(t.doc_signatures.update().values(scheme="minhash of an older version"))
        hashed = _hash_counter(monkeypatch)
        store.consolidate()
    assert hashed == [doc_id]
    assert _stored_signatures(tmp_db) == {doc_id: right}


def test_a_chain_of_edits_is_one_group_under_its_earliest_document() -> None:
    # Each version edits the one before; the last shares little with the first, but
    # all are one group whose original is the earliest, in whatever order they come.
    words = f"{BODY} {UNRELATED}".split()
    versions = []
    for step in range(6):
        edited = list(words)
        for position in (step * 17 + 3, step * 17 + 11):  # two words, further on each time
            edited[position % len(words)] = f"edit{step}"
        versions.append(" ".join(edited))
        words = edited
    documents = [
        _document("Ferry talks", text, f"2024-06-{10 + step:02d}", "Wire Desk")
        for step, text in enumerate(versions)
    ]
    found = find_copies(documents)
    assert find_copies([documents[0], documents[-1]]) == []  # too far apart on their own
    assert {c.original for c in found} == {documents[0]["id"]}
    assert {c.doc for c in found} == {d["id"] for d in documents[1:]}
    assert find_copies(documents[::-1]) == found
