"""Whether an event is told as having happened: asserted, negated, planned, threatened, hypothetical."""

from __future__ import annotations

from spacy.tokens import Token

from .parsed import text_of

THREAT_HEADS = frozenset({"threaten", "warn"})
PROMISE_HEADS = frozenset({"vow", "promise", "swear", "pledge"})  # force vowed is threatened, aid vowed planned
CONFLICT_TYPES = frozenset({"ACCUSE", "REJECT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
PLAN_HEADS = frozenset({
    "plan", "intend", "prepare", "schedule", "expect", "aim", "seek", "want", "hope", "agree", "decide",
    "propose", "consider", "set", "try", "attempt", "offer", "mean", "wish", "arrange", "call", "urge",
    "ask", "demand", "order", "need", "refuse", "fail", "reject", "decline", "commit", "undertake",
    "volunteer", "resolve", "determine",
    # adjectives: "is willing to withdraw", "ready to talk", "prepared to meet", "due to resume"
    "willing", "ready", "prepared", "eager", "keen", "determined", "due", "poised", "free", "likely", "supposed",
})
NEGATING_HEADS = frozenset({"refuse", "fail", "decline", "avoid", "stop", "cease", "unwilling"})  # "deny" is a stance
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can", "'d"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})


def _aux(token: Token) -> list[str]:
    return [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]


WANTING = PLAN_HEADS | {"call", "press", "push", "plead", "appeal", "move", "clamour"}


NO_ONE = frozenset({"nobody", "none", "noone", "nothing"})


def _in_condition(noun: Token) -> bool:
    """A noun inside a clause of condition: "if there is any firing or arrests", "in case of arrests"."""
    t = noun
    for _ in range(4):
        if t.head.i == t.i or t.dep_ not in ("conj", "attr", "nsubj", "nsubjpass", "dobj", "pobj", "prep"):
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in t.children)
        if t.lower_ == "case" and t.head.lower_ == "in":
            return True
    return False


def _wanted(noun: Token) -> bool:
    """A noun of an act that is the thing asked, ordered or planned: "demanded the arrest of X", "called for
    the arrest of X", "a demand for a ban and the arrest of its leaders"."""
    n = noun
    while n.dep_ == "conj" and n.head.i != n.i:
        n = n.head
    if n.dep_ in ("dobj", "nsubjpass") and n.head.lemma_.lower() in WANTING:
        return True
    if n.dep_ == "pobj" and n.head.lower_ == "for":
        asker = n.head.head
        return asker.lemma_.lower() in WANTING or asker.lemma_.lower() in ("demand", "call", "plea", "appeal", "order")
    return False


def find_modality(trigger: Token, *, event_type: str, reported: bool = False) -> str:
    """The modality of the event named by ``trigger`` (``reported``: told in someone's words).

    A THREATEN event is itself asserted ("X threatened to strike" is a real threat);
    the strike it names is "threatened".
    """
    t = trigger
    aux = _aux(t)
    if any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det")) for c in t.children):
        return "negated"
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
           for c in t.children):
        return "negated"  # "no civilians were hit", "struck no populated areas"
    if any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NO_ONE or any(
            d.dep_ in ("neg", "advmod", "preconj") and d.lower_ == "not" for d in c.subtree)) for c in t.children):
        return "negated"  # "nobody was arrested", "not a single activist has been arrested"
    if event_type != "REJECT" and any(d.dep_ == "det" and d.lower_ == "any" for c in (t, *(
            c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))) if c.pos_ == "NOUN" for d in c.children):
        # (a refusal of "any talks" is a refusal)
        return "hypothetical"  # "denied that any such arrest was made", "if there is any firing"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "should", "were") for c in t.children) and any(
            a.dep_ in ("aux", "auxpass") and s.dep_ in ("nsubj", "nsubjpass") and a.i < s.i
            and a.lower_ in ("had", "should", "were") for a in t.children for s in t.children) \
            and t.dep_ in ("advcl", "ccomp", "parataxis"):
        return "hypothetical"  # "had singhal been detained in lucknow, the problems would have been fewer"
    if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") and t.dep_ in ("dobj", "nsubj", "nsubjpass") \
            and not (t.dep_ == "nsubj" and t.head.lemma_.lower() == "be"):  # "the arrests were not valid"
        t = t.head  # "launched no strikes", "will hold talks": the light verb carries the modality
        aux = _aux(t)
        if any(c.dep_ == "neg" for c in t.children):
            return "negated"
    if trigger.pos_ == "NOUN" and _wanted(trigger):
        return "planned"  # "demanded the arrest of the leaders", "called for the arrest of…"
    if trigger.pos_ == "NOUN" and _in_condition(trigger):
        return "hypothetical"  # "if there are arrests on friday, we will launch a movement"
    sent = trigger.sent
    if sent is not None and text_of(sent).rstrip().endswith("?"):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in t.children):
        return "hypothetical"
    if t.head.lower_ == "case" and t.head.head.lower_ == "in" and t.dep_ in ("acl", "relcl", "ccomp"):
        return "hypothetical"  # "in case the government arrested religious leaders"
    if t.dep_ == "xcomp" or (t.dep_ in ("ccomp", "advcl") and t.head.pos_ == "VERB"):
        head = t.head
        lemma = head.lemma_.lower()
        if lemma in THREAT_HEADS and event_type != "THREATEN":
            return "threatened"
        if lemma in PROMISE_HEADS and event_type != "THREATEN":
            return "threatened" if event_type in CONFLICT_TYPES else "planned"  # "vowed to help" is a promise
        if lemma in NEGATING_HEADS and t.dep_ == "xcomp":
            return "negated"
        if lemma in PLAN_HEADS and t.dep_ == "xcomp":
            return "planned"
        if t.dep_ == "xcomp" and any(a in FUTURE_AUX for a in _aux(head)):
            return "planned"
    if any(a in FUTURE_AUX for a in aux) or "going" in aux and any(c.lower_ == "to" for c in t.children):
        return "planned"
    if reported and "would" in aux and not any(c.dep_ == "mark" and c.lower_ != "that" for c in t.children):
        return "planned"  # "NATO said (that) it would deploy…": the future seen from the past
    if any(a in HYPOTHETICAL_AUX for a in aux):
        return "hypothetical"
    if t.dep_ == "xcomp" and t.head.lower_ in ("is", "are", "was", "were") :  # "talks are to begin"
        return "planned"
    return "asserted"
