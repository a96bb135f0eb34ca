"""Small readers of spaCy's dependency parse, shared by the extractors.

These are the only helpers that know spaCy's dependency labels; everything
else asks them questions ("who is the subject of this verb?").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Verbs that always take an object: with none, a headline's "4 policemen killed" is passive even when
# the tagger reads "killed" as a past tense.
TRANSITIVE_ONLY = frozenset({"kill", "injure", "wound", "murder", "slay", "behead", "lynch", "arrest", "detain",
                             "nab", "apprehend", "jail", "abduct", "kidnap"})


def is_passive(verb: Token) -> bool:
    """Passive voice, also a participle on a noun: "six people killed in police firing"."""
    if reduced_participle(verb):
        return True
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children) or headline_passive(verb)


def reduced_participle(verb: Token) -> bool:
    """A participle on a noun with no subject or auxiliary of its own: "six people killed in police firing"."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") \
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)


def headline_passive(verb: Token) -> bool:
    """A participle with a subject, no auxiliary and no object: "4 policemen also killed", "militant shot dead"."""
    if verb.dep_ not in ("ROOT", "conj") or verb.tag_ != "VBN" and not (
            verb.tag_ == "VBD" and verb.lemma_.lower() in TRANSITIVE_ONLY):
        return False
    kids = {c.dep_ for c in verb.children}
    return "nsubj" in kids and not kids & {"aux", "auxpass", "dobj", "dative", "ccomp", "xcomp"}


def patients(verb: Token) -> list[Token]:
    """Who a passive verb was done to: its passive subject, the noun a participle qualifies ("six people
    killed"), or the subject shared with the verb it is coordinated with ("they left and were arrested")."""
    direct = children(verb, *PASSIVE_SUBJECT_DEPS) or (children(verb, "nsubj") if headline_passive(verb) else [])
    if direct:
        return direct
    if reduced_participle(verb):
        return [verb.head]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not children(verb, *SUBJECT_DEPS):
        return patients(verb.head) if is_passive(verb.head) else subject(verb.head)
    return []


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated with it: "Russia and Syria" → [Russia, Syria]."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            out.extend(with_conjuncts(c))
    return out


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions named: pobjs(attack, "on", "against"). A date is no one's
    object: "imposed sanctions on Pyongyang on Saturday"."""
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in preps:
            out.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in ("DATE", "TIME"))
    return out


ANSWERABLE = frozenset({"guilty", "responsible", "culpable", "accountable"})


def answerable(prep: Token) -> bool:
    """The "of"/"for" of "(was) guilty of", "(is) responsible for" on a copula, whose subject did the act."""
    adjective = prep.head
    return prep.lower_ in ("of", "for") and adjective.lower_ in ANSWERABLE and adjective.dep_ == "acomp" \
        and adjective.head.pos_ in ("VERB", "AUX")


def subject(verb: Token) -> list[Token]:
    """The grammatical subject, inherited through coordination, control and relative clauses."""
    direct = children(verb, *SUBJECT_DEPS)
    if direct:
        return direct
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        # "the militants arrived … but police sentries posted there killed one": the nearest subject before it
        nearer = [c for c in head.children if c.dep_ == "conj" and c.i < verb.i and children(c, *SUBJECT_DEPS)]
        return children(nearer[-1], *SUBJECT_DEPS) if nearer else subject(head)
    if verb.dep_ == "xcomp":  # "X threatened to strike": X strikes; "X urged Y to talk": Y talks
        obj = children(head, "dobj")
        return obj or subject(head) or children(head, *PASSIVE_SUBJECT_DEPS)  # "police were forced to fire"
    if verb.dep_ in ("acomp", "advmod") and head.pos_ in ("VERB", "AUX"):  # "X is about to restore"
        return subject(head)
    if verb.dep_ == "pcomp" and answerable(head):  # "the army was guilty of violating the ceasefire"
        return subject(head.head.head)
    if reduced_participle(verb):  # "six people killed in…": the noun is what it was done to
        return []
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        return [head]
    if verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBN") and head.pos_ in ("VERB", "AUX") and verb.i > head.i \
            and not any(c.dep_ in ("mark", "advmod", "agent", "auxpass") and c.i < verb.i or c.dep_ == "agent"
                        for c in verb.children):
        return subject(head)  # "police arrived at the spot, fired in the air and…": a coordination misread
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":  # "…, killing 12 people": the main clause's subject
        return subject(head) or _taking_part(head)
    if verb.dep_ == "ccomp" and verb.i > head.i and head.lemma_.lower() in HEDGES and head.tag_ in ("VBD", "VBN") \
            and any(c.dep_ == "xcomp" and c.lemma_ == "be" for c in head.children):
        return subject(head)  # "gunmen believed to be members of X killed…": a hedge misread as the main verb
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and head.pos_ in ("VERB", "AUX"):  # "police fired rounds to disperse the mob": police disperse it
        return subject(head)
    return []


# Verbs of a hedge on who someone is: "gunmen believed to be members of X", "men suspected to be rebels".
HEDGES = frozenset({"believe", "suspect", "think", "thought", "say", "allege", "report", "presume", "understand"})
# Passives that tell what their subject does, not what is done to it: "Britain has been involved in the
# campaign, launching its first raid" (Britain launched it); "troops were deployed, opening fire".
TAKING_PART = frozenset({"involve", "engage", "commit", "deploy", "station", "mobilize", "mobilise", "poise",
                         "determine", "prepare", "embroil", "entrench"})


def _taking_part(verb: Token) -> list[Token]:
    """The passive subject of a verb of taking part ("Britain has been involved"), who is the doer of the
    participle clause that hangs off it; none for a passive of harm ("the village was shelled, killing 12")."""
    if verb.lemma_.lower() not in TAKING_PART or not is_passive(verb):
        return []
    return children(verb, *PASSIVE_SUBJECT_DEPS)


def noun_modifiers(noun: Token) -> list[Token]:
    """The words before a noun that qualify it ("police firing", "army shelling"), with the parser's slips
    on gerunds mended: "police" read as the subject of "firing", or "firing" as a clause on "police"."""
    out = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod")
           or c.dep_ == "nsubj" and noun.pos_ == "VERB" and noun.lower_.endswith("ing")]
    out += [g for c in out if c.dep_ == "compound" for g in c.lefts if g.dep_ == "compound"]  # "police-vhp clash"
    before = noun.doc[noun.i - 1] if noun.i > 0 else noun
    if noun.dep_ == "acl" and before.pos_ in ("NOUN", "PROPN") and before.dep_ != "compound":
        out.append(before)
    elif noun.dep_ == "conj" and before.dep_ == "conj" and before.head == noun.head and before.i == noun.i - 1 \
            and before.pos_ in ("NOUN", "PROPN"):
        out.append(before)  # "arson, looting and police firing" read as four things, "police" one of them
    return out


# Heads whose infinitive is as real as they are: "had to fire", "was forced to lathi-charge", "managed to arrest".
IMPLICATIVE = frozenset({"have", "manage", "force", "compel", "oblige", "begin", "start", "continue", "proceed",
                         "go", "get", "resort", "dare", "able", "rush", "move", "use", "come", "fail",
                         "prompt", "provoke"})  # "clashes prompting the police to open fire": they fired
MODALS = {"will": "planned", "shall": "planned", "'ll": "planned", "wo": "planned", "would": "hypothetical",
          "could": "hypothetical", "might": "hypothetical", "may": "hypothetical", "should": "hypothetical",
          "must": "hypothetical", "can": "hypothetical", "'d": "hypothetical"}


def unrealised(verb: Token) -> str | None:
    """Whether the clause a verb heads is told as not (yet) done, judged from the clauses above it:
    "planned" for an infinitive of purpose or wish ("sent teams to apprehend him", "orders to arrest
    anyone", "demanded he be arrested") and for a gerund under a future ("will not hesitate in arresting");
    "hypothetical" under a modal ("should be directed to … detain them"); None when nothing says so."""
    t = verb
    for _ in range(5):
        head = t.head
        if head.i == t.i:
            return None
        kids = list(t.children)
        if t.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in kids):
            t = head  # "to restrain them and detain them": the first verb's status
            if _aux_modality(t):
                return _aux_modality(t)  # "should dismiss the government and arrest its members"
            continue
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
            if t.dep_ == "xcomp" and head.lemma_.lower() in IMPLICATIVE:
                verb = head.head if head.dep_ == "acomp" else head
                if any(c.dep_ == "neg" for c in (*head.children, *verb.children)):
                    return "negated"  # "have not been able to arrest", "did not manage to"
                if head.lemma_.lower() == "have" and head.tag_ in ("VB", "VBP", "VBZ") \
                        and not _aux_modality(head) and not any(c.dep_ == "aux" for c in head.children):
                    return "planned"  # "we have to arrest the guilty": a duty, not (yet) done; "had to" was
                t = head  # "had to fire": as real as "had"
                continue
            return _aux_modality(head) or "planned"
        if t.dep_ == "ccomp" and head.pos_ == "VERB" and any(
                c.dep_ in ("aux", "auxpass") and c.tag_ == "VB" for c in kids) and not _aux_modality(t):
            return "planned"  # "demanded (that) kodnani be arrested": a wish
        if t.tag_ == "VBG" and t.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            t = head.head  # "will not hesitate in arresting"; "booked for killing" stays as it is
        elif t.dep_ in ("xcomp", "advcl") and t.tag_ == "VBG" and head.pos_ in ("VERB", "AUX"):
            t = head
        else:
            return None
        if _aux_modality(t):
            return _aux_modality(t)
    return None


def _aux_modality(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            return MODALS[c.lower_]
    return None


def agent(verb: Token) -> list[Token]:
    """The doer of a passive verb: its "by" phrase, also where the parser hung it on the noun of a phrase
    before it ("were shot dead in their home by special forces")."""
    direct = pobjs(verb, "by")
    if direct:
        return direct
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.i > verb.i:
            for noun in prep.children:
                if noun.dep_ == "pobj":
                    found = pobjs(noun, "by")
                    if found:
                        return found
    return []


HARMED = frozenset({"dead", "injured", "wounded", "hurt"})


def left_harmed(token: Token) -> list[Token]:
    """Whom an act left dead or hurt: "attacked a checkpoint, leaving three soldiers dead", "the massacre,
    which left 89 people dead", "leaving at least 20 people dead"."""
    out: list[Token] = []
    for leave in token.children:
        if leave.lemma_.lower() != "leave" or leave.dep_ not in ("advcl", "relcl", "conj"):
            continue
        for c in leave.children:
            if c.dep_ == "dobj" and any(g.dep_ in ("oprd", "amod", "acomp") and g.lower_ in HARMED
                                        for g in (*leave.children, *c.children)):
                out.append(c)
            elif c.dep_ in ("ccomp", "xcomp", "oprd") and c.lower_ in HARMED:
                out.extend(children(c, "nsubj"))
    return out


def noun_phrase(token: Token) -> Span:
    """The words left of and including the noun: its determiners, modifiers and compounds."""
    doc = token.doc
    start = token.i
    for c in token.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod", "punct", "case"):
            start = min(start, c.left_edge.i)
    end = token.i + 1
    for c in token.rights:  # flat names: "Nusra Front", "Hayat Tahrir al-Sham"
        if c.dep_ == "compound" and c.pos_ == "PROPN" and token.pos_ == "PROPN":
            end = max(end, c.i + 1)
    while start < token.i and doc[start].dep_ in ("punct", "cc"):
        start += 1
    return doc[start:end]
