"""Acts a sentence talks about without telling them: the grammar facts behind decide.py's rules of that kind.

News copy names many acts it does not report as happening: an act described by a linking verb ("the talks
remain a priority"), commented on or followed by its effects ("condemned the attack", "the arrest sparked
protests"), one with no particular act meant ("any attack on the embassy"), one on a condition or in an open
question ("if the talks fail", "whether the army attacked", "did police arrest him?"), one that does not take
place ("without American backing"), one told as a kind of thing ("an arrest warrant"), one whose doer is no
one ("floods killed 20", "died of cholera", "prices hit a record") and one a speaker only thinks possible of
someone else ("officials fear the militants could attack"). ``told_about`` returns these facts for one
candidate, by name; decide.py rules every one of them out.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .parsed import sentence_memo, text_of

# Linking verbs: what they say of a noun describes the act, it does not tell it ("the talks remain a priority").
LINKING = frozenset({"be", "remain", "become", "seem", "appear", "stay", "prove", "constitute", "represent"})
# Verbs of comment, judgement or inquiry: their object is an act talked about ("condemned the attack",
# "discussed the ceasefire", "investigating the killing").
REGARDING = frozenset({
    "condemn", "denounce", "deplore", "decry", "criticise", "criticize", "slam", "welcome", "praise", "hail",
    "applaud", "commend", "mourn", "regret", "lament", "discuss", "debate", "investigate", "probe", "examine",
    "review", "study", "question", "commemorate", "remember", "recall", "dominate", "overshadow", "comment",
})
# Nouns of comment or inquiry: what they are of, on or into is an act talked about ("an investigation into
# the killing", "condemnation of the attack", "no details of the arrests"; not "reports of clashes").
REGARDING_NOUNS = frozenset({
    "investigation", "inquiry", "enquiry", "probe", "condemnation", "criticism", "debate", "discussion",
    "comment", "detail", "question", "review", "study", "reaction", "response",
})
# Prepositions of a time reference: an act named to date another ("two days after the bombing", "since the
# coup", "ahead of the talks").
TIME_PREPS = frozenset({"after", "before", "since", "following", "ahead", "prior", "until", "till"})
# Verbs of consequence or attention: their subject is an act told earlier, now told by its effects ("the
# arrest sparked protests", "the attack dominated headlines", "the talks come amid tensions").
# ("the arrests followed the visit", "the talks come amid tensions" tell the act, with its time.)
FOLLOWING = frozenset({
    "spark", "prompt", "trigger", "provoke", "fuel", "draw", "raise", "dominate", "overshadow", "highlight",
    "underscore", "underline", "reflect", "signal", "mark",
})
# Determiners that name no particular act: "any attack on the embassy", "every attack on civilians".
ANY = frozenset({"any", "every", "each", "whatever", "whichever"})
# Marks of a clause of condition or an open question: "if the talks fail", "whether the army attacked".
OPEN = frozenset({"if", "unless", "whether", "lest"})
# Prepositions and nouns of an act that does not take place: "without American backing", "for lack of aid".
ABSENT = frozenset({"without", "lack", "absence", "instead", "rather"})
# What an act by force is fired or thrown in: "tear-gas shells", "rubber bullets".
MUNITIONS = frozenset({"shell", "canister", "grenade", "round", "cartridge", "bullet", "pellet", "cannon", "gun",
                       "bomb", "spray", "launcher"})
# Doers that are no one: natural forces, illness, accidents, markets ("floods killed 20", "an earthquake
# destroyed homes", "killed in a road accident", "died of cholera", "prices hit a record").
NO_ONE = frozenset({
    "flood", "floods", "flooding", "storm", "rain", "rains", "rainfall", "earthquake", "quake", "tremor",
    "aftershock", "cyclone", "hurricane", "typhoon", "tornado", "landslide", "landslip", "mudslide",
    "avalanche", "drought", "heatwave", "lightning", "tsunami", "eruption", "volcano", "disease", "virus",
    "epidemic", "pandemic", "outbreak", "cholera", "measles", "malaria", "ebola", "covid", "covid-19",
    "coronavirus", "flu", "influenza", "illness", "infection", "cancer", "famine", "hunger", "starvation",
    "malnutrition", "accident", "crash", "collision", "derailment", "stampede",
})
# Markets and measures: doers of no one only as subjects ("prices hit a record"; "a blast in a market" is not).
# ("economies" are countries: "the biggest economies agreed to share information".)
MARKETS = frozenset({"market", "markets", "price", "prices", "inflation", "recession", "stock", "stocks",
                     "shares", "currency", "index"})
# Modal verbs of possibility, and verbs of thinking or saying whose object may be only thought possible.
POSSIBLE = frozenset({"could", "might", "may"})
THINKING = frozenset({"fear", "worry", "believe", "think", "expect", "predict", "suspect", "doubt", "speculate",
                      "warn", "say", "caution", "estimate", "suggest", "argue", "reckon", "assess", "note"})
SUBJECTS = ("nsubj", "nsubjpass")
PREDICATES = ("attr", "acomp", "oprd")  # what a linking verb says of its subject
TOLD_ABOUT = ("predicated", "regarded", "time_reference", "unspecific", "conditional", "question", "absent", "kind_of",
              "no_agent", "speculation")


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _predicated(tok: Token, clause: Token) -> bool:
    """A noun of an act that a linking verb describes: its subject or inside what is said of it ("the talks
    remain a priority", "it was the latest in a series of attacks", "every attack is a war crime"); not the
    act told as existing ("there were clashes") nor a state of taking part in it ("workers are on strike",
    "is under arrest", "are in talks")."""
    lemma = clause.lemma_.lower()
    if lemma not in LINKING or any(c.dep_ == "expl" for c in clause.children):
        return False
    if lemma != "be" and not any(c.dep_ in PREDICATES for c in clause.children):
        return False  # "troops that remain in Afghanistan", "clashes appeared to signal…": not linking
    t = tok
    while t.head.i != clause.i and t.head.i != t.i:
        t = t.head
    if t.i == tok.i and tok.dep_ in SUBJECTS and _definite(tok) and _judged(clause):
        return False  # "the police firing was unprovoked": a judgement of a known act presupposes it took place
    return t.dep_ in (*SUBJECTS, "csubj", *PREDICATES)


def _judged(clause: Token) -> bool:
    """"Be" with an adjective or participle of judgement ("was unprovoked", "were illegal"), not a noun ("is a
    priority") nor another linking verb ("remains unsolved": what still holds of it, not a judgement)."""
    return clause.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.tag_ in ("JJ", "VBN")
                                                 for c in clause.children)


def _regarded(tok: Token, clause: Token) -> bool:
    """A noun of an act that is what another verb is about: the object of a verb of comment, judgement or
    inquiry ("condemned the attack on the convoy", "discussed the ceasefire", "blamed … for the bombing" is
    not one: an accusation tells who did it), or the subject of a verb of consequence or attention ("the
    arrest sparked protests", "the attack dominated headlines")."""
    lemma = clause.lemma_.lower()
    if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "about", "over", "into", "of"):
        owner = tok.head.head  # "declined to comment on the arrests", "an investigation into the killing"
        if owner.pos_ in ("VERB", "AUX") and tok.head.lower_ != "of":  # "opened an investigation into…"
            owner = next((c for c in owner.children if c.dep_ == "dobj" and c.lemma_.lower() in REGARDING_NOUNS),
                         owner)
        return (owner.pos_ == "VERB" and owner.lemma_.lower() in REGARDING and tok.head.lower_ != "of"
                or owner.pos_ == "NOUN" and owner.lemma_.lower() in REGARDING_NOUNS)
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.i == clause.i:
        return lemma in REGARDING
    if tok.dep_ == "nsubj" and tok.head.i == clause.i:
        return lemma in FOLLOWING
    return False


def _time_reference(tok: Token) -> bool:
    """A noun of an act named to date another: "two days after the bombing", "since the coup in February",
    "ahead of the talks", "prior to the arrests"."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in ("to", "of") and prep.head.lower_ in ("prior", "ahead"):
        prep = prep.head
    return prep.lower_ in TIME_PREPS


def _unspecific(tok: Token) -> bool:
    """A noun of an act with a determiner that means no particular one: "any attack", "every attack"."""
    return any(c.dep_ in ("det", "predet") and c.lower_ in ANY for c in tok.children)


def _definite(tok: Token) -> bool:
    """A noun with a definite determiner or a possessor: the act is taken as known ("the arrests", "its raid")."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") or c.dep_ == "poss"
               for c in tok.children)


def _conditional(clause: Token, sent: Span) -> bool:
    """The act's clause, or one it stands in, is a condition or an open question: "if the talks fail",
    "unless the army withdraws", "it was not clear whether the army had attacked"."""
    t = clause
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in OPEN for c in t.children):
            return True
        if t.head.i == t.i or t.i == sent.root.i:
            return False
        t = t.head
    return False


def _question(sent: Span) -> bool:
    """A sentence that asks: it ends in a question mark (closing quotes aside)."""
    memo = sentence_memo(sent, "question")
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = text_of(sent).rstrip().rstrip("\"'\u201d\u2019").endswith("?")
    return memo[key]  # type: ignore[no-any-return]


def _absent(tok: Token) -> bool:
    """A noun of an act that does not take place: "without American backing", "for lack of aid", "in the
    absence of talks", "instead of talks"."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in ABSENT or prep.lower_ == "of" and prep.head.lemma_.lower() in ABSENT


def _kind_of(tok: Token, verb_trigger: bool) -> bool:
    """A noun of an act that modifies another noun, naming a kind of thing: "an arrest warrant was issued",
    "attack helicopters fired", "ceasefire talks resumed", "the aid convoy was hit"; not where the thing is
    what a verb uses or does ("lobbed tear gas shells", "fired rounds and teargas shells"), nor a munition
    of the act ("tear-gas shells were lobbed")."""
    if verb_trigger or tok.dep_ != "compound" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    thing = tok.head
    if thing.lemma_.lower() in MUNITIONS:
        return False  # "tear-gas shells were lobbed": the shells are the act's own means
    while thing.dep_ == "conj" and thing.head.i != thing.i:
        thing = thing.head
    return thing.dep_ != "dobj"


def _no_agent(tok: Token, clause: Token) -> bool:
    """The act is done by no one: its subject, "by" agent, or the "in"/"of"/"from" phrase it happened in is a
    natural force, an illness, an accident or a market ("floods killed 20", "killed in a road accident",
    "died of cholera", "the economy suffered a blow", "prices hit a record")."""
    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    causes = [p for c in clause.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    causes += [p for c in clause.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
               for p in c.children if p.dep_ == "pobj"]
    if tok.i != clause.i and not (tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.i == clause.i):
        subjects, causes = [], []  # "prices soared ahead of the talks": the talks are not what prices did
    if tok.pos_ == "NOUN" and tok.i != clause.i:
        causes += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                   for p in c.children if p.dep_ == "pobj"]
    return any({d.lower_, d.lemma_.lower()} & (NO_ONE | MARKETS) for d in subjects) \
        or any({d.lower_, d.lemma_.lower()} & NO_ONE for d in causes)


def _speculation(clause: Token) -> bool:
    """An act a speaker only thinks possible of someone else: "officials fear the militants could attack",
    "analysts warned that Russia might invade"; not the speaker's own ("Iran warned it could close the
    strait", "the EU said it may impose sanctions": a threat or a plan)."""
    if not any(c.dep_ == "aux" and c.lower_ in POSSIBLE for c in clause.children):
        return False
    head = clause
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ != "ccomp" or head.head.lemma_.lower() not in THINKING:
        return False
    doer, teller = _subject(clause), _subject(head.head)
    if doer is None or doer.pos_ == "PRON":
        return False  # "it could", "we may": the speaker's own
    return teller is None or doer.lemma_.lower() != teller.lemma_.lower()


def existential(tok: Token) -> bool:
    """A noun of an act told as existing: "there were clashes in the capital", "there were arrests and
    beatings"."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.dep_ == "attr" and t.head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in t.head.children)


def _done(tok: Token) -> bool:
    """A noun of an act with its own participle of doing, which tells it was done: "the arrests made under the
    act", "the raid carried out on Monday", "the talks held in Geneva"."""
    return any(c.dep_ == "acl" and c.tag_ == "VBN" for c in tok.children)


def told_about(tok: Token, clause: Token, sent: Span, *, verb_trigger: bool, light: bool) -> dict[str, float]:
    """The facts of ``TOLD_ABOUT`` for a candidate whose trigger is ``tok``, told in ``clause`` (its verb, or
    the verb governing a noun trigger); ``light``: a light verb carries the act ("carried out raids")."""
    noun = not verb_trigger and not light
    named = noun and not _done(tok)  # "the arrests made under the act were not valid" tells the arrests
    return {
        "predicated": float(named and _predicated(tok, clause)),
        "regarded": float(named and _regarded(tok, clause)),
        "time_reference": float(noun and _time_reference(tok)),
        "unspecific": float(not verb_trigger and _unspecific(tok)),
        # a known act is no condition: "it was unclear whether the arrested were members of the party"
        "conditional": float(_conditional(clause, sent) and not (noun and _definite(tok))),
        "question": float(_question(sent) and not (noun and _definite(tok))),
        "absent": float(not verb_trigger and _absent(tok)),
        "kind_of": float(_kind_of(tok, verb_trigger)),
        "no_agent": float(_no_agent(tok, clause)),
        "speculation": float(_speculation(clause)),
    }
