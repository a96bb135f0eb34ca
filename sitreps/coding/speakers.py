"""Who is speaking, across one article: quotations and their speakers, and speakers by pronoun or role.

``find_speech`` (claims.py) finds the verb of saying that governs an event within its sentence. This module
adds what a sentence alone cannot tell:

- **quotations that run on.** Every quotation in the article ("…" “…” ''…'') is found in the text; one left
  open at a paragraph's end runs on into the next paragraph's quotation. Its speaker is the verb of saying
  outside the quotation in a sentence the quotation shares ("…," he said; He said: "…"), or the name before
  a colon ("Smith: …"). An event inside the quotation is told by that speaker, in every sentence of it, and
  an "I" or "we" who speaks inside it is that speaker too.
- **speakers by pronoun or role.** "he said", "she told reporters", "the spokesman said": the person meant
  (referents.py: the article's people, their genders and roles); "it": the latest organisation; "they":
  the latest group. The claimant keeps the words of the sentence (its span) and carries the name.
- **a speaker the knowledge base does not know** ("the congressional report", "FEC filings") is kept as
  the words that name it; bare "reports" or "sources" name no one ("according to reports").
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ..model import Actor
from .actors import ActorResolver
from .claims import SPEECH_VERBS, Speech, find_speech, hedge, speaker_of, stance_of
from .parsed import doc_text
from .quotes import Quote, find_quotes
from .referents import PERSON_PRONOUNS, People, Person
from .syntax import noun_phrase

FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
# Bare nouns that name no one: "according to reports", "sources said".
ANONYMOUS = frozenset({"report", "source", "rumour", "rumor", "account", "claim", "witness", "resident"})


class Speakers:
    """The speakers of one article. ``speech`` finds who tells an event, ``claimant`` names them."""

    def __init__(self, doc: Doc, resolver: ActorResolver, skip_before: int = 0) -> None:
        self.doc, self.resolver, self.skip_before = doc, resolver, skip_before
        self.text = doc_text(doc)
        self.quotes = find_quotes(self.text)
        self._quote_starts = [q.start for q in self.quotes]
        self.people = People(doc, resolver, skip_before, self.quote_at)
        self._run_speech: dict[int, Speech | None] = {}

    # -- quotations ---------------------------------------------------------------------------
    def quote_at(self, offset: int) -> Quote | None:
        i = bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def _quoted(self, token: Token) -> bool:
        return self.quote_at(token.idx) is not None

    def run_speech(self, run: int) -> Speech | None:
        """The verb of saying that a run of quotations is told by."""
        if run not in self._run_speech:
            self._run_speech[run] = None  # no recursion through "I said" inside it
            self._run_speech[run] = self._find_run_speech(run)
        return self._run_speech[run]

    def _find_run_speech(self, run: int) -> Speech | None:
        members = [q for q in self.quotes if q.run == run]
        for q in members:
            best: tuple[int, Speech] | None = None
            for sent in self._sentences_over(q.start, q.end):
                for t in sent:
                    if _speaking(t, quoting=True) and not self._quoted(t):
                        speaker = speaker_of(t)
                        if speaker and not any(self._quoted(s) for s in speaker):
                            distance = min(abs(t.idx - q.start), abs(t.idx - q.end))
                            if best is None or distance < best[0]:
                                best = (distance, Speech(t, speaker, stance_of(t), [], "quote"))
            if best is not None:
                return best[1]
            colon = self._colon_speaker(q.start)
            if colon is not None:
                return colon
        if members:  # '… New York. "One, …"', '"…," Jo added. "We …"': the latest speaker in its paragraph
            q = members[0]
            paragraph = self.text.rfind("\n", 0, q.start) + 1
            for t in reversed(self.doc[:self._token_at(q.start)]):
                if t.idx < max(paragraph, self.skip_before):
                    break
                if _speaking(t) and not self._quoted(t):
                    speaker = speaker_of(t)
                    if speaker and not any(self._quoted(s) for s in speaker):
                        return Speech(t, speaker, stance_of(t), [], "quote")
        return None

    def _token_at(self, offset: int) -> int:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span.start if span is not None else len(self.doc)

    def _sentences_over(self, start: int, end: int) -> list[Span]:
        first = self.doc.char_span(start, start + 1, alignment_mode="expand")
        last = self.doc.char_span(max(start, end - 1), end, alignment_mode="expand")
        if first is None or last is None:
            return []
        out: list[Span] = []
        i = first.start
        while i < last.end:
            sent = self.doc[i].sent
            out.append(sent)
            i = max(sent.end, i + 1)
        return out

    def _colon_speaker(self, start: int) -> Speech | None:
        """"Smith said in a statement: '…'", "Smith: '…'": the verb of saying, or else the name, before a colon
        that opens the quotation."""
        before = self.text[:start].rstrip()
        if not before.endswith(":"):
            return None
        colon = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None or colon.start == 0:
            return None
        for t in reversed(self.doc[colon.start - 1].sent[:colon.start - self.doc[colon.start - 1].sent.start]):
            if _speaking(t) and not self._quoted(t) and t.idx >= self.skip_before:
                speaker = speaker_of(t)
                if speaker and not any(self._quoted(s) for s in speaker):
                    return Speech(t, speaker, stance_of(t), [], "quote")
        word = self.doc[colon.start - 1]
        if word.pos_ in ("PROPN", "NOUN") and word.idx >= self.skip_before:
            return Speech(self.doc[colon.start], [word], "reported", [], "quote")
        return None

    # -- who tells an event --------------------------------------------------------------------
    def speech(self, trigger: Token, sent: Span) -> Speech | None:
        """The verb of saying an event is told by: in its sentence (``find_speech``), else that of the
        quotation it stands in. A speech verb inside the quotation whose speaker is "I" or "we" is the
        quotation's speaker speaking."""
        found = find_speech(trigger, sent) or self._content_of(trigger, sent)
        quote = self.quote_at(trigger.idx)
        if quote is None:
            return found or self._transcript(trigger)
        if found is not None and self.quote_at(found.verb.idx) != quote:
            return found  # '"…," he said': the sentence's own verb tells the quotation
        if found is not None and not (found.speaker and found.speaker[0].lower_ in FIRST_PERSON):
            return found  # someone else's words, quoted: "Obama said we would win," she said
        outer = self.run_speech(quote.run)
        if outer is None:
            return found
        if found is not None:  # "I said that…": the stance of the inner verb, the quotation's speaker
            return Speech(found.verb, outer.speaker, found.stance, found.accused, found.via, found.about)
        return outer

    def _content_of(self, trigger: Token, sent: Span) -> Speech | None:
        """A verb of saying whose content holds the trigger however deep ("said … that the state is wrong to
        have a law banning X"; "found that Y would beat Z"), or whose clause hangs off the clause that holds
        it ("X happened, the reports show")."""
        best: tuple[int, Speech] | None = None
        for v in sent:
            if not (_speaking(v) or v.lemma_.lower() in FINDING and any(c.dep_ == "ccomp" for c in v.children)):
                continue
            if self._quoted(v) != self._quoted(trigger) or v.i == trigger.i or hedge(v):
                continue
            speaker = speaker_of(v)
            inside = any(trigger in c.subtree for c in v.children if c.dep_ in ("ccomp", "parataxis", "dobj"))
            beside = v.dep_ in ("parataxis", "ccomp") and (v.i > trigger.i or _parenthetical(v)) \
                and trigger in v.head.subtree and trigger not in v.subtree
            if (inside or beside) and not any(trigger in s.subtree for s in speaker):
                size = len(list(v.subtree)) if inside else len(list(v.head.subtree))
                if best is None or size < best[0]:
                    best = (size, Speech(v, speaker, stance_of(v), [], "speech-verb"))
        return best[1] if best else None

    def _transcript(self, trigger: Token) -> Speech | None:
        """"SMITH: We will win." A paragraph (or headline) that opens with a name and a colon is that
        person's words."""
        text = self.text
        paragraph = text.rfind("\n", 0, trigger.idx) + 1
        colon = text.find(":", paragraph, trigger.idx)
        if colon < 0 or colon - paragraph > 40 or paragraph < self.skip_before:
            return None
        start, end = self._token_at(paragraph), self._token_at(colon)
        words = self.doc[start:end]
        if not words or not all(t.pos_ == "PROPN" or t.is_title or t.is_upper for t in words) \
                or not any(t.ent_type_ == "PERSON" for t in words) \
                or any(t.ent_type_ in ("GPE", "LOC", "DATE", "FAC") for t in words):  # "NEW DELHI:" is a dateline
            return None
        return Speech(self.doc[end], [words[-1]], "reported", [], "quote")

    # -- naming the speaker --------------------------------------------------------------------
    def claimant(self, speech: Speech) -> list[Actor]:
        """The actor a speech's speaker is: a name for a pronoun or a role, the words for an unknown one."""
        if not speech.speaker:
            return []
        token = speech.speaker[0]
        span = noun_phrase(token)
        lower = token.lower_
        if lower in FIRST_PERSON:
            quote = self.quote_at(token.idx)
            outer = self.run_speech(quote.run) if quote is not None else None
            if outer is not None and outer.speaker and outer.speaker[0].lower_ not in FIRST_PERSON:
                return self.claimant(outer)
            return []
        outer = _reporting(speech, token)
        if outer is not None:  # "Jo said she feared…", "the activists said they fear…": the reporter
            return [replace_span(a, token, span) for a in self.claimant(outer)]
        if lower in PERSON_PRONOUNS:
            person = self.people.person_before(token, PERSON_PRONOUNS[lower])
            return [self._as_person(token, span, person)] if person is not None else []
        found = self.resolver.resolve(token)
        if lower in GROUP_PRONOUNS | THING_PRONOUNS:  # a body or a group, never one person
            return [replace_span(a, token, span) for a in found if not self._a_person(a)]
        role = self.people.role(token, span)
        if role is not None:
            person = self.people.person_with_role(token, role)
            if person is not None:
                return [self._as_person(token, span, person, found[0] if found else None)]
        if found:
            return [self._full_name(a) for a in found]
        if token.pos_ in ("NOUN", "PROPN") and not _anonymous(token, span):
            words = " ".join(t.text for t in span if t.pos_ != "DET") or span.text
            return [Actor(span.text, words, None, None, span.start_char, span.end_char)]
        return []

    def _a_person(self, actor: Actor) -> bool:
        person = self.people.get(actor.name.split()[-1].lower()) if actor.name else None
        return person is not None and person.name.endswith(actor.name.split()[-1])

    def _as_person(self, token: Token, span: Span, person: Person, known: Actor | None = None) -> Actor:
        code, sector = (known.code, known.sector) if known is not None else (None, None)
        entry = self.resolver.state.kb.lookup(person.name)
        if entry is not None and entry.kind == "person":
            code, sector = entry.code, sector or entry.sector
        return Actor(span.text, person.name, code, sector, span.start_char, span.end_char)

    def _full_name(self, actor: Actor) -> Actor:
        """A person named by the last name alone carries the fullest form the article gave it."""
        if actor.code is not None or not actor.name:
            return actor
        person = self.people.get(actor.name.split()[-1].lower())
        if person is not None and len(person.name) > len(actor.name) and person.name.endswith(actor.name):
            return Actor(actor.text, person.name, actor.code, actor.sector, actor.start, actor.end)
        return actor

FINDING = frozenset({"find", "show", "indicate", "conclude", "suggest", "reveal"})


def _parenthetical(verb: Token) -> bool:
    """A verb of saying set off by commas inside what it tells: "The goal, he said, is to…"."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    opened = doc[left].text == "," or left > 0 and doc[left - 1].text == ","
    closed = doc[right].text == "," or right + 1 < len(doc) and doc[right + 1].text == ","
    return opened and closed and left > verb.sent.start


# Verbs that tell a quotation though they are not verbs of saying elsewhere: 'He continued, "…"'.
QUOTING_VERBS = frozenset({"continue", "ask", "begin", "finish", "conclude", "go", "reply", "shout", "write"})


def _speaking(verb: Token, quoting: bool = False) -> bool:
    """A verb of saying (not a hedge of belief) that can tell a quotation; ``quoting``: also a verb that
    tells one only beside it ("continued", "asked")."""
    lemma = verb.lemma_.lower()
    return (lemma in SPEECH_VERBS or quoting and lemma in QUOTING_VERBS) and verb.pos_ in ("VERB", "AUX") \
        and not hedge(verb) and not verb.lower_.startswith(("believ", "think", "thought", "fear", "suspect"))


def _anonymous(token: Token, span: Span) -> bool:
    """Bare "reports", "sources", "witnesses": words that name no teller."""
    if token.lemma_.lower() not in ANONYMOUS:
        return False
    return not any(t.pos_ in ("DET", "PROPN") or t.dep_ == "poss" for t in span if t.i != token.i)


def replace_span(actor: Actor, token: Token, span: Span) -> Actor:
    """The actor, told by these words: a pronoun keeps its own place in the text and carries the name."""
    return Actor(span.text, actor.name, actor.code, actor.sector, span.start_char, span.end_char)


def _reporting(speech: Speech, pronoun: Token) -> Speech | None:
    """The verb of saying whose content holds a pronoun speaker's own saying, where the pronoun is that
    verb's speaker reported in the third person: "Jo said she feared …", "activists said they fear …"."""
    verb = speech.verb
    if pronoun.lower_ not in PERSON_PRONOUNS and pronoun.lower_ not in GROUP_PRONOUNS or pronoun.dep_ != "nsubj" \
            or verb.dep_ != "ccomp" or not _speaking(verb.head):
        return None
    outer = speaker_of(verb.head)
    if not outer or outer[0].lower_ in FIRST_PERSON:
        return None
    plural = outer[0].tag_ in ("NNS", "NNPS") or outer[0].lower_ in GROUP_PRONOUNS
    if (pronoun.lower_ in GROUP_PRONOUNS) != plural or outer[0].lower_ in PERSON_PRONOUNS \
            and PERSON_PRONOUNS[outer[0].lower_] != PERSON_PRONOUNS.get(pronoun.lower_):
        return None
    return Speech(verb.head, outer, stance_of(verb.head), [], "speech-verb")
