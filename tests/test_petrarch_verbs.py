"""PETRARCH verb dictionaries read as event triggers: parsing, conversion, the lexicon and the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitreps import api
from sitreps.dictionaries.petrarch_verbs import (
    NO_EVENT,
    convert,
    expand,
    parse_verbs,
    plain_analyzer,
    plain_lemma,
    plain_verb_lemmas,
    strip_comment,
    tokens,
)
from sitreps.evaluate import predict
from sitreps.evaluate.petrarch import read_petrarch
from sitreps.lexicon import Lexicon, LexiconError
from sitreps.model import Article, Coded

# An invented dictionary: knitting is not an event, except knitting friendship bracelets (057: signing a
# formal agreement, as far as this test is concerned).
VERBS = """<!-- A TEST VERB DICTIONARY -->
&TRINKET
+FRIENDSHIP_BRACELETS
+PEACE SCARVES
+&SHINY

&SHINY
+MEDALS_

--- KNIT  [---]  ---
KNIT {KNITS KNITTED KNITTING}   # pas 1 Apr 2024
- * &TRINKET  [057]   # the invented pattern
- * {WOOLLY HATS}  [0571]
- SAID * [043]
- * GLOVES  [345]
- * MITTENS  [###]  # a code with a hash inside
- % *  [036]

--- TROUBLED  [---] # NOUN ---
TROUBLED

--- SCOLD [111:112] ---
SCOLD
+TELL_OFF {+TOLD_OFF +TELLS_OFF}
- * (FOR LATENESS) [112]
- * (FOR LATENESS) [113]
"""

RECORDS = """<Sentences>
<Sentence date="20240401" id="KNIT-01" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="057">
<Text>Arnor knitted friendship bracelets for Gondor on Monday.</Text>
</Sentence>
</Sentences>
"""


def lexicon_codes() -> Lexicon:
    return Lexicon.load()


def plain(dictionary_text: str = VERBS):  # type: ignore[no-untyped-def]
    return convert(parse_verbs(dictionary_text), lexicon_codes(), analyzer=plain_analyzer,
                   lemmatize=plain_verb_lemmas, origin="test.txt")


# ---------------------------------------------------------------- reading


def test_comments_end_at_hash_outside_brackets() -> None:
    assert strip_comment("- * MITTENS  [###]  # note") == "- * MITTENS  [###]"
    assert strip_comment("KNIT   # pas") == "KNIT"


def test_tokens_split_connectors_brackets_and_contractions() -> None:
    assert tokens("* {NEW &TIETYPES_RELATIONS} (WITH $)") == ("*", "NEW", "&TIETYPES", "RELATIONS", "WITH", "$")
    assert tokens("DID N'T * CEASE-FIRE") == ("DID", "N'T", "*", "CEASE", "FIRE")
    assert tokens("DON'T *") == ("DO", "N'T", "*")


def test_parse_blocks_verbs_and_patterns() -> None:
    d = parse_verbs(VERBS)
    assert [b.name for b in d.blocks] == ["KNIT", "TROUBLED", "SCOLD"]
    knit, _, scold = d.blocks
    assert knit.code == "---" and knit.verbs[0].forms == ("knits", "knitted", "knitting")
    assert [p.code for p in knit.patterns] == ["057", "0571", "043", "345", "###", "036"]
    assert knit.patterns[2].before == ("SAID",) and knit.patterns[1].after == ("WOOLLY", "HATS")
    tell_off = scold.verbs[1]
    assert tell_off.words == ("tell", "off") and tell_off.head == 0 and scold.code == "111:112"


def test_synonym_sets_expand_nested() -> None:
    d = parse_verbs(VERBS)
    assert set(d.synsets) == {"TRINKET", "SHINY"}
    assert expand(["*", "&TRINKET"], d.synsets) == [
        ("*", "FRIENDSHIP", "BRACELETS"), ("*", "PEACE", "SCARVES"), ("*", "MEDALS")]


# ---------------------------------------------------------------- converting (rules, no model)


def test_convert_with_rules() -> None:
    result = plain()
    rows = {t.words: t for t in result.triggers}
    assert rows[("knit",)].cameo == NO_EVENT  # [---]: matched, no event
    assert rows[("knit", "friendship", "bracelet")].cameo == "057"
    assert rows[("knit", "medal")].cameo == "057"
    assert rows[("knit", "woolly", "hat")].cameo == "0571"
    assert rows[("scold",)].cameo == "111"  # the first of [111:112]
    assert rows[("tell", "off", "for", "lateness")].cameo == "112"
    assert all(t.pos == "VERB" and not t.compound and t.note.startswith("petrarch test.txt:")
               for t in result.triggers)
    skipped = result.skipped
    assert skipped["CAMEO code with no parent in sitreps' table"] == 1  # 345
    assert skipped["not a CAMEO code (letters or symbols)"] == 1  # ###
    assert skipped["only actor markers ($ + % ^): the verb alone"] == 1  # % *
    assert skipped["a word that governs the verb (the matcher reads only the verb's dependents)"] == 1  # SAID *
    assert skipped["same words as an earlier pattern"] >= 1  # the second (FOR LATENESS)
    assert not any(w in ("said", "gloves", "mitten") for t in result.triggers for w in t.words)


def test_plain_lemmas() -> None:
    assert [plain_lemma(w) for w in ("TIES", "HOSTAGES", "PARTIES", "TALKS", "PRESS")] == [
        "tie", "hostage", "party", "talk", "press"]
    assert plain_verb_lemmas("KILLED") == ("kill",)


# ---------------------------------------------------------------- the lexicon and the pipeline (spaCy)


@pytest.fixture
def verbs_file(tmp_path: Path) -> Path:
    path = tmp_path / "Test.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return path


@pytest.mark.slow
def test_lexicon_load_sniffs_a_verb_dictionary(verbs_file: Path) -> None:
    lexicon = Lexicon.load([verbs_file])
    rows = {t.words: t.cameo for t in lexicon.verb_triggers("knit")}
    assert rows[("knit", "friendship", "bracelet")] == "057"
    assert rows[("knit",)] == NO_EVENT
    assert ("tell", "off") in {t.words for t in lexicon.verb_triggers("tell")}
    assert len(lexicon) > len(Lexicon.load())  # the bundled rows stay


def test_a_txt_that_is_not_a_verb_dictionary_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="PETRARCH verb dictionary"):
        Lexicon.load([path])


@pytest.mark.slow
def test_pipeline_codes_the_dictionarys_pattern(verbs_file: Path) -> None:
    text = "Arnor has knitted friendship bracelets for Gondor."
    with_dictionary = [e for c in api.code_articles([Article(text)], triggers=[str(verbs_file)], geocode=False)
                       for e in c.events]
    assert [(e.event_type, e.cameo) for e in with_dictionary] == [("SUPPORT", "057")]
    assert "knitted" in with_dictionary[0].trigger and "bracelets" in with_dictionary[0].trigger
    without = [e for c in api.code_articles([Article(text)], geocode=False) for e in c.events]
    assert all(e.cameo != "057" for e in without)
    plain_knitting = "Arnor has knitted woollen socks for Gondor."
    assert not [e for c in api.code_articles([Article(plain_knitting)], triggers=[str(verbs_file)],
                                             geocode=False) for e in c.events]


def test_evaluation_passes_the_suites_verb_dictionary(tmp_path: Path, verbs_file: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Test.records.xml").write_text(RECORDS, encoding="utf-8")
    records = list(read_petrarch(tmp_path))
    assert records[0].meta["triggers"] == [str(verbs_file)]
    seen: list[list[str]] = []

    def fake(articles, **options):  # type: ignore[no-untyped-def]
        seen.append(list(options["triggers"]))
        return iter([Coded(a) for a in articles])

    monkeypatch.setattr(api, "code_articles", fake)
    predict(records, triggers=["mine.tsv"])
    assert seen == [["mine.tsv", str(verbs_file)]]
