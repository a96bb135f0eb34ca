"""Who says so: the claimant and stance of an event told in reported speech.

"SANA said joint Syrian-Russian airstrikes hit 27 targets" is an assault by
Syria and Russia that SANA reports, not an event of SANA's. The claimant is
found by walking up from the event's trigger to a verb of saying, or by an
"according to X" anywhere in the sentence. A hedge ("believed to be", "suspected") is no verb of saying.
``disputed`` tells a figure its teller disputes ("denied that 300 died"), which is no one's count, and
``denial_negates`` whether a denial negates the act itself. Speakers across sentences: speakers.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Actor, Claim
from .syntax import agent, children, is_passive, subject

SPEECH_VERBS = frozenset({
    "say", "tell", "report", "claim", "announce", "state", "add", "confirm", "allege", "deny", "insist",
    "note", "write", "tweet", "post", "declare", "assert", "contend", "acknowledge", "admit", "reveal",
    "disclose", "indicate", "quote", "explain", "estimate", "show", "suggest", "maintain", "argue",
    "accuse", "blame", "dismiss", "reject", "refute", "charge", "warn", "publish", "broadcast",
    "testify", "recount", "describe", "recall", "stress", "believe", "think", "fear", "suspect",
    "conclude", "respond", "reply", "observe", "concede", "complain", "boast", "joke", "quip", "emphasize",
    "emphasise", "answer", "predict", "remark", "assure", "lament",
})
HEDGE_VERBS = frozenset({"believe", "think", "suspect", "fear", "presume", "suppose", "understand", "thought",
                         "believed", "suspected", "feared"})
DENY_VERBS = frozenset({"deny", "dismiss", "refute", "reject"})
CLAIM_VERBS = frozenset({"claim", "admit", "acknowledge"})
ACCUSE_VERBS = frozenset({"accuse", "blame", "charge", "allege", "suspect"})
# CAMEO 01 comments that tell of an act without being one: "expressed condolences over the attack",
# "voiced concern about the fighting", "paid his respects to a soldier killed", "hoped for more talks".
STATEMENT_VERBS = frozenset({"express", "offer", "send", "extend", "convey", "voice", "pay"})
STATEMENT_NOUNS = frozenset({"condolence", "condolences", "sympathy", "concern", "concerns", "pessimism",
                             "optimism", "respect", "respects", "regret", "regrets"})
HOPE_VERBS = frozenset({"hope", "comment", "consider"})  # 013 hope; 010 "declined to comment on"; 014 weighing
# links by which a clause or phrase hangs on a verb of saying without being what is said: its speaker, a
# circumstance ("when asked", "during a visit"), or another act of the speaker ("said … and attacked")
AROUND_SPEECH = frozenset({"nsubj", "nsubjpass", "advcl", "conj", "relcl", "acl", "npadvmod", "compound", "amod"})
SAYING_NOUNS = frozenset({"statement", "interview", "letter", "tweet", "post", "speech", "message", "release",
                          "remark", "briefing", "conference", "video", "broadcast", "email", "note", "communique"})
CONTENT_PREPS = frozenset({"of", "about", "on", "over", "that", "against", "for"})
# links through which an event sits inside what a speech verb says
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis", "pcomp", "pobj", "prep", "dobj",
                          "nsubj", "nsubjpass", "acl", "relcl", "compound", "amod", "attr", "oprd"})


@dataclass(frozen=True, slots=True)
class Speech:
    """A verb of saying that governs an event, and who speaks."""

    verb: Token
    speaker: list[Token]  # the tokens that head the claimant phrase (may be empty)
    stance: str  # "reported", "claimed" or "denied"
    accused: list[Token]  # the implied doer: X in "accused X of attacking"; the speaker who claims responsibility
    via: str  # "speech-verb", "according-to", "parataxis", "statement"
    about: Token | None = None  # the comment a statement verb makes: "condolences" in "expressed condolences"


def hedge(verb: Token) -> bool:
    """A verb of belief that hedges rather than tells who says so: "gunmen believed to be members of X",
    "is thought to have fled", "the suspected militants", "it is feared that" (a passive or a participle with
    no one named as believing)."""
    if verb.lemma_.lower() not in HEDGE_VERBS and verb.lower_ not in HEDGE_VERBS:
        return False
    if agent(verb):
        return False  # "it is believed by the police that…": the police say so
    raising = any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children)
    bare = verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    return raising or passive or bare and verb.dep_ in ("acl", "amod", "relcl")


def stance_of(verb: Token) -> str:
    """The stance a verb of saying takes to what it tells: denied, claimed or reported."""
    lemma = verb.lemma_.lower()
    if lemma in DENY_VERBS or any(c.dep_ == "neg" for c in verb.children) and lemma in ("confirm",):
        return "denied"
    if lemma in CLAIM_VERBS or (lemma in ("take", "claim") and any(c.lemma_ == "responsibility" for c in verb.children)):
        return "claimed"
    return "reported"


def speaker_of(verb: Token) -> list[Token]:
    """Who speaks: the subject of a verb of saying, or the agent of a passive one."""
    if is_passive(verb):
        return agent(verb)
    # "the ministry said and added that…", "an official rejected the figures, telling reporters that…"
    return subject(verb)


def _according_to(sent: Span) -> list[Token]:
    for t in sent:
        if t.lower_ == "according":
            for to in t.children:
                if to.lower_ == "to":
                    return [c for c in to.children if c.dep_ == "pobj"]
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                return [c for c in nxt.children if c.dep_ == "pobj"]
    return []


def _comment(verb: Token) -> Token | None:
    """The CAMEO 01 comment a verb makes, if it makes one: "expressed (deep) concern", "sent a condolence
    message", "paid his respects", "hoped"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in HOPE_VERBS or verb.lower_ in ("hope", "hopes", "hoped", "hoping"):
        return verb  # the parser's lemma of "hoped" can be "hop"
    if verb.lemma_.lower() not in STATEMENT_VERBS:
        return None
    for obj in children(verb, "dobj"):
        if obj.lower_ in STATEMENT_NOUNS or any(c.dep_ == "compound" and c.lower_ in STATEMENT_NOUNS
                                                for c in obj.children):
            return obj
    return None


def find_speech(trigger: Token, sent: Span) -> Speech | None:
    """The speech verb governing the trigger, if the event is told as someone's words."""
    t = trigger
    steps = 0
    while t.head.i != t.i and steps < 8:
        dep = t.dep_
        head = t.head
        steps += 1
        if dep not in CONTENT_DEPS:
            break
        lemma = head.lemma_.lower()
        comment = _comment(head)
        if comment is not None:
            return Speech(head, speaker_of(head), "reported", [], "statement", comment)
        if lemma in SPEECH_VERBS and head.pos_ in ("VERB", "AUX") and not hedge(head):
            said_in = dep == "prep" and any(c.dep_ == "pobj" and c.lemma_.lower() in SAYING_NOUNS for c in t.children)
            if dep in AROUND_SPEECH or dep == "prep" and t.lower_ not in CONTENT_PREPS and not said_in:
                break  # the speaker, or when and how it was said: "Jo, who won, said"; "said when asked"
            if lemma == "claim" and any(c.lemma_ == "responsibility" for c in head.children):
                speaker = speaker_of(head)  # who claims responsibility says it did it
                return Speech(head, speaker, "claimed", speaker, "speech-verb")
            accused = children(head, "dobj") if lemma in ACCUSE_VERBS else []
            return Speech(head, speaker_of(head), stance_of(head), accused, "speech-verb")
        if head.lemma_.lower() == "responsibility":  # "claimed responsibility for the attack"
            verb = head.head
            if verb.lemma_.lower() in ("claim", "take", "accept"):
                speaker = speaker_of(verb)
                return Speech(verb, speaker, "claimed", speaker, "speech-verb")
        t = head
    # "Rebels shelled the town, the army said": the speech verb hangs off the event's clause
    root = trigger.sent.root if trigger.sent is not None else trigger
    for anchor in (trigger, root):
        for c in anchor.children:
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in SPEECH_VERBS and c.i > trigger.i \
                    and not (c.dep_ == "advcl" and c.tag_ == "VBG") and not hedge(c):
                # (not "rallied supporters, saying…": the participle tells what they said, not who tells the act)
                return Speech(c, speaker_of(c), stance_of(c), [], "parataxis")
    speaker = _according_to(sent)
    if speaker and trigger not in speaker[0].head.head.subtree:  # not "according to those who spoke"
        return Speech(speaker[0].head.head, speaker, "reported", [], "according-to")
    return None


def claim_span(speech: Speech) -> tuple[int, int]:
    """Character offsets of the words that make the claim: "The Russian defence ministry said"."""
    tokens = [speech.verb] + ([speech.about] if speech.about is not None else [])
    for s in speech.speaker:
        tokens.extend([s.left_edge, s.right_edge])
    if speech.via == "according-to":
        tokens.append(speech.speaker[0].head.head)
    start = min(t.idx for t in tokens)
    end_tok = max(tokens, key=lambda t: t.idx + len(t))
    return start, end_tok.idx + len(end_tok)


DISPUTE_VERBS = frozenset({"deny", "dispute", "reject", "refute", "contest"})
DOUBT_NOUNS = frozenset({"evidence", "proof", "sign", "indication", "basis"})
CLAIM_NOUNS = frozenset({"report", "claim", "figure", "allegation", "toll", "number", "estimate", "count", "tally"})
# links through which a number belongs to what a clause or a claim says (not a relative clause about someone)
_ASSERTED_DEPS = frozenset({"nummod", "quantmod", "compound", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "ccomp",
                            "conj", "appos", "acl", "attr", "npadvmod", "advmod", "amod", "mark"})


def disputed(doc: Doc, start: int, end: int) -> bool:
    """A figure its teller disputes: "denied that 300 died", "rejected the figure of 300 deaths", "there is no
    evidence of 300 deaths". Not the teller's count. (Not "denied bail to 12 accused": the number must sit in
    what is denied, a clause or a claim.)"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    t = span.root
    claim = False  # passed through a clause or a claim noun
    for _ in range(8):
        if t.lemma_.lower() in DOUBT_NOUNS and any(c.lower_ in ("no", "not", "little") for c in t.subtree
                                                  if c.i < t.i and c.dep_ in ("det", "neg", "amod", "advmod")):
            return True
        claim = claim or t.lemma_.lower() in CLAIM_NOUNS or t.dep_ == "ccomp"
        if t.dep_ not in _ASSERTED_DEPS or t.head.i == t.i:
            return False
        if t.head.lemma_.lower() in DISPUTE_VERBS and t.head.pos_ == "VERB":
            return claim and t.dep_ in ("ccomp", "dobj")
        t = t.head
    return False


def denial_negates(trigger: Token, verb: Token) -> bool:
    """Whether a denial denies the act itself ("denied that its police had beaten…", "denied the attack",
    "denied attacking"), not something said of those it names ("denied reports about the two men arrested
    in X as being involved"): no description (a participle or relative clause) on the way to the verb."""
    t = trigger
    for _ in range(10):
        if t.i == verb.i or t.head.i == t.i:
            return True
        if t.dep_ in ("acl", "relcl", "amod") and not _content_clause(t):
            return False
        t = t.head
    return True


def _content_clause(clause: Token) -> bool:
    """A "that" clause that says what a noun tells: "denied the reports that its forces had shelled X" denies
    the shelling itself (a description, "the men arrested in X", is not one)."""
    return clause.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def claim_of(speech: Speech | None, claimant: Sequence[Actor], source: Sequence[Actor], doc: Doc,
             modality: str) -> Claim:
    """Who says so, and how: the outlet's own voice (no speech), the speaker's report, its claim of its own
    act, or its denial ("the ministry said its jets had not struck…")."""
    if speech is None:
        return Claim(None, "asserted")
    who = claimant[0] if claimant else None
    stance = speech.stance
    if modality == "negated" and who is not None and (not source or any(same_side(who, s) for s in source)):
        stance = "denied"  # "the ministry said its jets had not struck…" is a denial
    if stance == "reported" and who is not None and any(same_side(who, s) for s in source):
        stance = "claimed"  # the actor tells of its own act
    start, end = claim_span(speech)
    words = doc.char_span(start, end, alignment_mode="expand")  # not doc.text: it joins every token
    return Claim(who, stance, words.text if words is not None else "", start, end)


STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "MED", "JUD", "LEG", "SPY"})


def same_side(claimant: Actor, actor: Actor) -> bool:
    """Whether the claimant speaks for the actor: the same country's state, or the same group."""
    if claimant.name == actor.name:
        return True
    if not claimant.code or claimant.code != actor.code:
        return False
    sides = {claimant.sector, actor.sector}
    return sides <= STATE_SECTORS | {None} or len(sides) == 1
