"""Joining the extractors' output into ledger entries for one document.

The extractors each see one aspect of the text: time expressions, actor mentions,
attribution relations, PLOVER-coded clauses. This module decides, for every coded
event, *which* date, *whose* word and *how sure*, and records how it decided.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from .actors import ActorDictionary, resolve_mentions
from .anaphora import refers_back
from .divergence import find_divergences, link_challenges
from .extract.attribution import (
    AttributionRelation,
    assess_certainty,
    find_attributions,
    relations_covering,
    status_of,
)
from .extract.events import CodedEvent, code_events
from .extract.timex import TimeExpression, find_timexes
from .model import (
    Actor,
    AttributionLink,
    DateInfo,
    Document,
    Event,
    Evidence,
    Ledger,
    Mention,
    Quote,
    SourceInfo,
    Span,
    Status,
)

# PLOVER types that are things said: their trigger can be the speech act itself.
VERBAL_TYPES = frozenset(
    {"AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE", "CONSULT"}
)
# Quote marks that open a direct quote; used to trim them from quote text.
_QUOTE_CHARS = "\"'“”‘’«»„‚"
_FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
_THIRD_PLURAL = {"they", "them", "their"}
# Granularities from coarse to fine: a finer absolute date is preferred.
_GRANULARITY_RANK = {
    "century": 0,
    "decade": 1,
    "year": 2,
    "half": 3,
    "quarter": 4,
    "season": 5,
    "month": 6,
    "week": 7,
    "day": 8,
    "time": 9,
}


def event_id(doc_id: str, start: int, end: int, event: str) -> str:
    """Stable across runs: the same text always yields the same ids."""
    digest = hashlib.sha1(f"{doc_id}:{start}:{end}:{event}".encode()).hexdigest()
    return f"ev-{digest[:16]}"


def publication_date(document: Document) -> dt.date | None:
    return dt.date.fromisoformat(document.published) if document.published else None


def build_ledger(
    document: Document,
    doc: Doc,
    *,
    actors: ActorDictionary,
) -> Ledger:
    """Everything backchannel knows about one parsed document."""
    dct = publication_date(document)
    timexes = find_timexes(document.body, dct)
    mentions = resolve_mentions(doc, actors, dct)
    relations = find_attributions(doc)
    coded = code_events(doc, mentions, actors)
    builder = _EventBuilder(document, doc, timexes, mentions, relations, coded, actors)
    events = builder.build()
    link_challenges(events, doc)
    return Ledger(
        document=document,
        mentions=mentions,
        events=events,
        divergences=find_divergences(events, document.id),
    )


class _EventBuilder:
    def __init__(
        self,
        document: Document,
        doc: Doc,
        timexes: Sequence[TimeExpression],
        mentions: Sequence[Mention],
        relations: Sequence[AttributionRelation],
        coded: Sequence[CodedEvent],
        actors: ActorDictionary,
    ) -> None:
        self.document = document
        self.doc = doc
        self.timexes = [t for t in timexes if t.type in ("DATE", "TIME")]
        self.mentions = list(mentions)
        self.relations = list(relations)
        self.coded = list(coded)
        self.sentences = [(s.start_char, s.end_char) for s in doc.sents]
        self.actors = actors
        # Tokens of every trigger, cue and date, found once: looked up per event,
        # they made dating quadratic in the number of events.
        self._trigger_tokens = [
            {t.i for t in _tokens(doc, c.trigger.start, c.trigger.end)} for c in self.coded
        ]
        self._cue_owner = {
            t.i: relation
            for relation in self.relations
            for t in _tokens(doc, relation.cue.start, relation.cue.end)
        }
        self._timex_tokens = [_tokens(doc, t.start, t.end) for t in self.timexes]
        # A date reaches an event only up its own dependency tree: each event looks
        # at the dates of its tree alone (scanning every date and token per event made
        # dating quadratic on long texts).
        self._tree_of = _tree_roots(doc)
        self._tree_tokens: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(self._tree_of):
            self._tree_tokens[root].append(i)
        self._tree_timexes: dict[int, list[int]] = defaultdict(list)
        for k, tokens in enumerate(self._timex_tokens):
            if tokens:
                self._tree_timexes[self._tree_of[_span_head(tokens).i]].append(k)
        self._trigger_count = Counter(i for tokens in self._trigger_tokens for i in tokens)
        self._copies = Counter(id(c) for c in self.coded)

    # -- the whole document -------------------------------------------------
    def build(self) -> list[Event]:
        ids = [
            event_id(self.document.id, c.trigger.start, c.trigger.end, c.event) for c in self.coded
        ]
        return [self._event(coded, ids[i], ids) for i, coded in enumerate(self.coded)]

    # -- one event ------------------------------------------------------------
    def _event(self, coded: CodedEvent, own_id: str, ids: list[str]) -> Event:
        trigger = coded.trigger
        chain_relations = relations_covering(self.relations, trigger.start, trigger.end)
        attribution = self._chain(trigger, chain_relations, coded.event)
        quote = self._quote(chain_relations)
        actor = [self._requote(m, chain_relations) for m in coded.actor]
        if not actor:
            actor = self._quoted_subject(coded, chain_relations)
        recipient = [self._requote(m, chain_relations) for m in coded.recipient]
        certainty = assess_certainty(self.doc, coded.clause.start, coded.clause.end, self.relations)
        attributed = any(link.role != "outlet" and not link.own for link in attribution)
        status = status_of(certainty, attributed)
        if status == "denied" and self._is_own_denial(trigger):
            # "Peskov denied that ...": the denial happened; what it denies is denied.
            # Only the cue's own denial is undone: "did not dismiss him", "would have
            # denied" still take their modes below.
            status = "reported" if attributed else "asserted"
        status = _modal_status(status, coded.aux_modes)
        date = self._date(coded, chain_relations)
        if not date.from_publication:
            actor = self._as_of(actor, date)
            recipient = self._as_of(recipient, date)
        sent_start, sent_end = _trimmed(self.document.body, *self._sentence_of(trigger.start))
        sentence = self.document.body[sent_start:sent_end]
        event = Event(
            id=own_id,
            doc_id=self.document.id,
            event=coded.event,
            mode=coded.mode,
            context=list(coded.context),
            cameo=coded.cameo,
            cameo_name=coded.cameo_name,
            actor=actor,
            recipient=recipient,
            trigger=trigger,
            evidence=Evidence(
                doc=self.document.id,
                start=coded.clause.start,
                end=coded.clause.end,
                sentence=sentence,
                sentence_start=sent_start,
                sentence_end=sent_end,
            ),
            date=date,
            status=status,
            certainty=certainty,
            attribution=attribution,
            quote=quote,
            aux_modes=list(coded.aux_modes),
            parent=ids[coded.parent] if coded.parent is not None else None,
        )
        event.summary = _summary(event)
        return event

    def _sentence_of(self, char: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= char < end:
                return start, end
        return self.sentences[-1] if self.sentences else (0, len(self.document.body))

    def _as_of(self, mentions: list[Mention], date: DateInfo) -> list[Mention]:
        """Code people by the event's date, not the article's: a president is GOV
        only during his term."""
        day = date.start or date.end
        if day is None:
            return mentions
        on = dt.date.fromisoformat(day)
        recoded = []
        for mention in mentions:
            if mention.actor.id and mention.actor.id in self.actors.entries:
                mention = replace(mention, actor=self.actors.actor(mention.actor.id, on))
            recoded.append(mention)
        return recoded

    # -- attribution ----------------------------------------------------------
    def _chain(
        self, trigger: Span, covering: Sequence[AttributionRelation], event_type: str
    ) -> list[AttributionLink]:
        links: list[AttributionLink] = []
        if self.document.outlet:
            links.append(AttributionLink(role="outlet", text=self.document.outlet, named=True))
        explicit_outlet = any(r.is_outlet for r in covering)
        hedged_here = bool(covering) or self._has_evidential(trigger)
        if not explicit_outlet and hedged_here:
            # A re-report names its source outlet once and then relays it: claims
            # after "according to The Japan Times" still come through that outlet.
            cited = self._outlet_in_scope(trigger.start)
            if cited is not None:
                links.append(_link(cited, "cited_outlet", inherited=True))
        speaker_seen = False
        for relation in covering:
            if relation.is_outlet:
                links.append(_link(relation, "cited_outlet"))
                continue
            if relation.source is None:
                continue  # "reportedly": a hedge, recorded in the certainty
            role = "speaker" if speaker_seen else "source"
            speaker_seen = True
            links.append(_link(relation, role))
        # A speech act ("officials suggest that ...") is made by its own source.
        for relation in self.relations if event_type in VERBAL_TYPES else ():
            if (
                relation.source is not None
                and not relation.is_outlet
                and relation.cue.start < trigger.end
                and trigger.start < relation.cue.end
                and relation not in covering
            ):
                links.append(_link(relation, "speaker" if speaker_seen else "source", own=True))
        # The parse read the text with wire datelines blanked: spans that run over one
        # take their words from the body, so that their offsets slice it to their text.
        body = self.document.body
        return [
            replace(
                link,
                cue_span=_from_body(link.cue_span, body),
                source_span=_from_body(link.source_span, body),
            )
            for link in links
        ]

    def _is_own_denial(self, trigger: Span) -> bool:
        return any(
            r.cue_class == "deny" and r.cue.start < trigger.end and trigger.start < r.cue.end
            for r in self.relations
        )

    def _outlet_in_scope(self, char: int) -> AttributionRelation | None:
        before = [r for r in self.relations if r.is_outlet and r.cue.start < char]
        return max(before, key=lambda r: r.cue.start) if before else None

    def _has_evidential(self, trigger: Span) -> bool:
        start, end = self._sentence_of(trigger.start)
        return any(r.kind == "evidential" and start <= r.cue.start < end for r in self.relations)

    def _quote(self, covering: Sequence[AttributionRelation]) -> Quote | None:
        direct = [r for r in covering if r.kind in ("direct", "mixed") and r.content]
        if not direct:
            return None
        outer, inner = direct[0], direct[-1]
        assert inner.content is not None
        text = inner.content.text.strip().strip(_QUOTE_CHARS + ",. ").strip()
        offset = inner.content.text.find(text)
        start = inner.content.start + max(offset, 0)
        speaker = outer.source_info
        relays = self._relayed(outer, inner)
        return Quote(
            text=text,
            start=start,
            end=start + len(text),
            speaker=speaker.text if speaker else None,
            speaker_code=speaker.affiliation if speaker else None,
            relays=relays.name if relays else None,
            relays_code=relays.country if relays else None,
        )

    def _relayed(self, outer: AttributionRelation, inner: AttributionRelation) -> Actor | None:
        """Whom a speaker relays in "They say, '...'": the named party of the inner quote."""
        if inner is outer or inner.source is None:
            return None
        words = inner.source.text.lower().split()
        if words and words[0] in _THIRD_PLURAL:
            group = self._group_met_by(outer)
            if group is not None:
                return replace(group.actor, name=group.text)
        mention = self._mention_at(inner.source.start, inner.source.end)
        return mention.actor if mention else None

    def _access_span(self, relation: AttributionRelation) -> tuple[int, int] | None:
        """Where a source's stated access ("who met with ... this fall") lies in the body."""
        info = relation.source_info
        if info is None or not info.access or relation.source is None:
            return None
        start = self.document.body.find(info.access, relation.source.start)
        return (start, start + len(info.access)) if start >= 0 else None

    def _group_met_by(self, relation: AttributionRelation) -> Mention | None:
        """The group a source met ("who met with high-ranking Russian officials")."""
        access = self._access_span(relation)
        if access is None:
            return None
        inside = [m for m in self.mentions if access[0] <= m.start < access[1]]
        return inside[0] if inside else None

    def _mention_at(self, start: int, end: int) -> Mention | None:
        for mention in self.mentions:
            if mention.start < end and start < mention.end:
                return mention
        return None

    def _requote(self, mention: Mention, covering: Sequence[AttributionRelation]) -> Mention:
        """Pronouns inside a relayed quote refer to the quoted party, not the narrative."""
        word = mention.text.lower()
        direct = [r for r in covering if r.kind in ("direct", "mixed")]
        if not direct or (word not in _FIRST_PERSON and word not in _THIRD_PLURAL):
            return mention
        outer, inner = direct[0], direct[-1]
        party = self._relayed(outer, inner)
        if party is None and word in _FIRST_PERSON and inner.source_info is not None:
            party = inner.source_info.actor
        if party is None:
            return mention
        return replace(mention, actor=party, via="quote_speaker")

    def _quoted_subject(
        self, coded: CodedEvent, covering: Sequence[AttributionRelation]
    ) -> list[Mention]:
        """ "We are ready", inside a quote: the subject is whoever the quote speaks for."""
        if not any(r.kind in ("direct", "mixed") for r in covering):
            return []
        for token in _tokens(self.doc, coded.trigger.start, coded.trigger.end):
            heads = [token, token.head]
            for head in heads:
                for child in head.children:
                    if (
                        child.dep_ in ("nsubj", "nsubjpass")
                        and child.lower_ in _FIRST_PERSON | _THIRD_PLURAL
                    ):
                        pronoun = Mention(
                            child.idx,
                            child.idx + len(child.text),
                            child.text,
                            Actor(id=None, name=child.text, code=None, country=None, sector=None),
                            via="unresolved",
                        )
                        resolved = self._requote(pronoun, covering)
                        return [resolved] if resolved is not pronoun else []
        return []

    # -- dates ------------------------------------------------------------------
    def _date(self, coded: CodedEvent, covering: Sequence[AttributionRelation]) -> DateInfo:
        own = [t for t in self._attached_timexes(coded) if self._dated(t)]
        if not own:
            own = [t for t in self._contact_timexes(covering) if self._dated(t)]
        if not own:
            own = self._antecedent_timexes(coded)
            if own:
                info = _merge_dates(own, self.document.body)
                return replace(info, anchor="antecedent")
        if own:
            info = _merge_dates(own, self.document.body)
            if info.start is None and info.end is None and info.timex == "PRESENT_REF":
                day = self.document.published
                info = replace(info, start=day, end=day, granularity="day", anchor="publication")
            return info
        return self._fallback()

    def _dated(self, timex: TimeExpression) -> bool:
        """Usable as an event date: an interval, or "now" when the publication day is known."""
        if timex.interval_start or timex.interval_end:
            return True
        if timex.value != "PRESENT_REF" or self.document.published is None:
            return False
        # "currently", "now", "at present" date a clause; "the current front line"
        # only describes a noun.
        tokens = _tokens(self.doc, timex.start, timex.end)
        return bool(tokens) and _span_head(tokens).pos_ in ("ADV", "ADP")

    def _attached_timexes(self, coded: CodedEvent) -> list[TimeExpression]:
        """Time expressions whose syntactic head path reaches this event first.

        The event's governing chain runs from its trigger up through verbs that
        report it in the actor's own voice ("Putin has been signaling ... that he is
        open to"): a date on "signaling" dates the signal. It stops at another event
        or at a third party's report ("officials have stated"), whose dates are the
        report's, not the event's.
        """
        trigger_tokens = _tokens(self.doc, coded.trigger.start, coded.trigger.end)
        if not trigger_tokens:
            return []
        own_actors = {key for m in coded.actor for key in _actor_keys(m.actor)}
        own_tokens = {t.i for t in trigger_tokens}
        copies = self._copies[id(coded)]

        def other_trigger(i: int) -> bool:
            """Part of the trigger of another event than this one."""
            return self._trigger_count[i] > (copies if i in own_tokens else 0)

        cue_owner = self._cue_owner
        chain = {t.i for t in trigger_tokens}
        token = _span_head(trigger_tokens)
        for _ in range(32):
            if token.head.i == token.i:
                break
            token = token.head
            if token.i in chain:
                continue
            if token.i in cue_owner and not (own_actors & self._source_actors(cue_owner[token.i])):
                break
            if other_trigger(token.i) and token.i not in cue_owner:
                break
            chain.add(token.i)
            if token.i in cue_owner:  # the whole cue ("said on") belongs to the chain
                cue = cue_owner[token.i].cue
                chain.update(t.i for t in _tokens(self.doc, cue.start, cue.end))
        trees = {self._tree_of[i] for i in chain}
        blockers = {
            i
            for tree in trees
            for i in self._tree_tokens[tree]
            if (other_trigger(i) or i in cue_owner) and i not in chain
        }
        found = []
        for k in sorted(k for tree in trees for k in self._tree_timexes[tree]):
            timex, tokens = self.timexes[k], self._timex_tokens[k]
            reached = _reaches(_span_head(tokens), chain, blockers)
            if reached and not _comparison_baseline(tokens):
                found.append(timex)
        return found

    def _antecedent_timexes(self, coded: CodedEvent) -> list[TimeExpression]:
        """ "A year earlier, in the fall of 2022, he sent out similar feelers. That
        overture came after ...": an event told about a thing named only by reference
        back takes the absolute date of the sentence that named it."""
        start, _ = self._sentence_of(coded.trigger.start)
        if not refers_back(self.document.body[start : coded.trigger.start]):
            return []
        index = next(
            (i for i, (a, b) in enumerate(self.sentences) if a <= coded.trigger.start < b), None
        )
        for back in range(1, 3) if index is not None else ():
            if index - back < 0:
                break
            a, b = self.sentences[index - back]
            found = [
                t
                for t in self.timexes
                if a <= t.start < b and t.anchor == "absolute" and self._dated(t)
            ]
            if found:
                return found
        return []

    def _source_actors(self, relation: AttributionRelation) -> set[str]:
        if relation.source is None:
            return set()
        return {
            key
            for m in self.mentions
            if m.start < relation.source.end and relation.source.start < m.end
            for key in _actor_keys(m.actor)
        }

    def _contact_timexes(self, covering: Sequence[AttributionRelation]) -> list[TimeExpression]:
        """A relayed quote is dated by the contact its source describes ("met ... this fall")."""
        for relation in covering:
            access = self._access_span(relation)
            if access is None:
                continue
            inside = [t for t in self.timexes if access[0] <= t.start and t.end <= access[1]]
            if inside:
                return inside
        return []

    def _fallback(self) -> DateInfo:
        day = self.document.published
        return DateInfo(
            text=None,
            start=day,
            end=day,
            granularity="day",
            timex=day,
            from_publication=True,
            anchor="publication",
        )


def _link(
    relation: AttributionRelation, role: str, *, inherited: bool = False, own: bool = False
) -> AttributionLink:
    info = relation.source_info or SourceInfo(text=relation.source.text if relation.source else "")
    return AttributionLink(
        role=role,
        text=info.text,
        named=info.named,
        count=info.count,
        plural=info.plural,
        affiliation=info.affiliation,
        former=info.former,
        access=info.access,
        cue=relation.cue.text,
        cue_span=relation.cue,
        source_span=relation.source,
        actor_code=info.actor.code if info.actor else None,
        inherited=inherited,
        own=own,
    )


def _from_body(span: Span | None, body: str) -> Span | None:
    if span is None or body[span.start : span.end] == span.text:
        return span
    return Span(span.start, span.end, body[span.start : span.end])


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's offsets without the whitespace spaCy leaves at its edges (a double
    space, a blank line), so that they slice the body to exactly the evidence text."""
    piece = body[start:end]
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


def _modal_status(status: Status, aux_modes: Sequence[str]) -> Status:
    """An event said not to happen, or only might or will, is never a plain fact."""
    if status not in ("asserted", "reported"):
        return status  # an explicit hedge, denial or speculation already says more
    if "negated" in aux_modes:
        return "denied"
    if "hypothetical" in aux_modes or "future" in aux_modes:
        return "speculative"
    return status


def _actor_keys(actor: Actor) -> set[str]:
    """An actor and the body it speaks for: a spokesman's word is his government's."""
    keys = {actor.id} if actor.id else set()
    if actor.code and actor.sector:
        keys.add(actor.code)
    return keys


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _span_head(tokens: Sequence[Token]) -> Token:
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return tokens[0]


def _comparison_baseline(tokens: Sequence[Token]) -> bool:
    """ "their first talks since the spring of 2022", "the worst attack since 2014": the
    date is the baseline of a comparison, not when the event happened."""
    before = tokens[0].i - 1
    if before < 0 or tokens[0].doc[before].lower_ != "since":
        return False
    sent_start = tokens[0].sent.start
    doc = tokens[0].doc
    for token in doc[max(sent_start, before - 8) : before]:
        if token.i > 0 and doc[token.i - 1].lower_ == "at":
            continue  # "at least since September" bounds the date, it compares nothing
        if token.lower_ in ("first", "last") or token.tag_ in ("JJS", "RBS"):
            return True
    return False


def _tree_roots(doc: Doc) -> list[int]:
    """The root of each token's dependency tree (a sentence's, when parsed)."""
    heads = [t.head.i for t in doc]
    roots = [-1] * len(heads)
    for i in range(len(heads)):
        path = []
        node = i
        while roots[node] < 0 and heads[node] != node and len(path) <= len(heads):
            path.append(node)
            node = heads[node]
        root = roots[node] if roots[node] >= 0 else node
        for visited in [*path, node]:
            roots[visited] = root
    return roots


def _reaches(token: Token, targets: set[int], blockers: set[int]) -> bool:
    """Walk up the dependency tree: do we meet the event before another event or cue?"""
    seen = 0
    while seen < 64:
        if token.i in targets:
            return True
        if token.i in blockers:
            return False
        if token.head.i == token.i:
            return False
        token = token.head
        seen += 1
    return False


def _merge_dates(timexes: Sequence[TimeExpression], body: str) -> DateInfo:
    """Several phrases for one event ("a year earlier, in the fall of 2022"): the
    most specific absolute one gives the interval, the phrase keeps them all."""

    def rank(t: TimeExpression) -> tuple[int, int, int]:
        absolute = 1 if t.anchor == "absolute" else 0
        has_interval = 1 if (t.interval_start or t.interval_end) else 0
        return (has_interval, absolute, _GRANULARITY_RANK.get(t.granularity or "", -1))

    best = max(timexes, key=rank)
    info = best.to_date_info()
    ordered = sorted(timexes, key=lambda t: t.start)
    first, last = ordered[0], ordered[-1]
    gap = body[first.end : last.start] if len(ordered) > 1 else ""
    if len(ordered) > 1 and len(gap) <= 8 and re.fullmatch(r"[\s,;]*(?:in|on|at|of)?[\s,]*", gap):
        text = body[first.start : last.end]
        info = replace(info, text=text, span=Span(first.start, last.end, text))
    return info


def _summary(event: Event) -> str:
    who = ", ".join(m.actor.code or m.text for m in event.actor) or "?"
    whom = ", ".join(m.actor.code or m.text for m in event.recipient)
    arrow = f" → {whom}" if whom else ""
    return f"{who}{arrow}: {event.event} ({event.trigger.text})"
