"""The bundled CAMEO table and trigger list, and the Lexicon that reads them."""

from __future__ import annotations

import pickle
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from sitreps.lexicon import CameoCode, Lexicon, LexiconError, Trigger, read_cameo, read_triggers, word_matches
from sitreps.model import PLOVER_TYPES


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def _bundled(name: str) -> str:
    return resources.files("sitreps").joinpath("data", "lexicon", name).read_text(encoding="utf-8")


# -- cameo.tsv ------------------------------------------------------------------------------------------
def test_lexicon_cameo_codes_parse_and_nest(lexicon: Lexicon) -> None:
    codes = {c.code: c for c in lexicon.codes}
    assert len(codes) > 280
    for code, row in codes.items():
        assert re.fullmatch(r"\d{2,4}", code)
        assert row.label
        if row.parent is not None:
            assert row.parent in codes, f"{code} has no parent row"
    assert {f"{n:02d}" for n in range(1, 21)} <= set(codes)


def test_lexicon_plover_values_are_the_sixteen_or_empty(lexicon: Lexicon) -> None:
    seen = {c.plover for c in lexicon.codes}
    assert seen - {None} == set(PLOVER_TYPES)
    assert all(c.plover is None for c in lexicon.codes if c.code.startswith("01"))
    assert {c.plover for c in lexicon.codes if c.code.startswith("02")} == {"REQUEST"}


def test_lexicon_acled_pairs_are_complete(lexicon: Lexicon) -> None:
    for code in lexicon.codes:
        if code.acled is not None:
            assert all(code.acled), code
    # ACLED types only ride along with material events.
    verbal = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
    assert not [c.code for c in lexicon.codes if c.acled and c.plover in verbal]


@pytest.mark.parametrize(
    ("code", "plover", "acled"),
    [
        ("195", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike")),
        ("194", "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("193", "ASSAULT", ("Battles", "Armed clash")),
        ("1831", "ASSAULT", ("Explosions/Remote violence", "Suicide bomb")),
        ("1833", "ASSAULT", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("181", "ASSAULT", ("Violence against civilians", "Abduction/forced disappearance")),
        ("1821", "ASSAULT", ("Violence against civilians", "Sexual violence")),
        ("141", "PROTEST", ("Protests", "Peaceful protest")),
        ("145", "PROTEST", ("Riots", "Violent demonstration")),
        ("173", "COERCE", ("Strategic developments", "Arrests")),
        ("1712", "ASSAULT", ("Strategic developments", "Looting/property destruction")),
        ("057", "SUPPORT", None),
        ("163", "SANCTION", None),
        ("0871", "RETREAT", ("Strategic developments", "Agreement")),
    ],
)
def test_lexicon_cameo_rows(lexicon: Lexicon, code: str, plover: str, acled: tuple[str, str] | None) -> None:
    row = lexicon.cameo(code)
    assert row is not None and row.code == code
    assert row.plover == plover
    assert row.acled == acled


def test_lexicon_cameo_falls_back_to_parent(lexicon: Lexicon) -> None:
    assert lexicon.cameo("1829").code == "182"  # type: ignore[union-attr]
    assert lexicon.cameo("1999").code == "19"  # type: ignore[union-attr]
    assert lexicon.cameo("99") is None
    assert lexicon.cameo("") is None
    assert lexicon.plover("1831") == "ASSAULT"
    assert lexicon.plover("011") is None  # a comment, not an event
    assert lexicon.cameo("195").mode == "aerial"  # type: ignore[union-attr]
    assert lexicon.cameo("1952").mode == "drone"  # type: ignore[union-attr]


# -- triggers.tsv -------------------------------------------------------------------------------------
def test_lexicon_every_trigger_code_is_in_the_table(lexicon: Lexicon) -> None:
    codes = {c.code for c in lexicon.codes}
    missing = [(t.text, t.cameo) for t in lexicon if t.cameo not in codes]
    assert not missing


def test_lexicon_every_plover_type_has_ten_triggers(lexicon: Lexicon) -> None:
    counts = Counter(lexicon.plover(t.cameo) for t in lexicon)
    assert len(lexicon) >= 500
    for plover in PLOVER_TYPES:
        assert counts[plover] >= 10, plover


def test_lexicon_triggers_are_well_formed(lexicon: Lexicon) -> None:
    keys = Counter((t.words, t.pos, t.cameo) for t in lexicon)
    assert not [k for k, n in keys.items() if n > 1], "duplicate rows"
    for trig in lexicon:
        assert trig.pos in ("VERB", "NOUN")
        assert all(w == w.lower() and w and "*" not in w for w in trig.words)
        assert not trig.compound or trig.pos == "NOUN"


def test_lexicon_verb_lookup_longest_first(lexicon: Lexicon) -> None:
    calls = lexicon.verb_triggers("call")
    texts = [t.text for t in calls]
    assert "call for" in texts and "call" in texts
    assert texts.index("call for") < texts.index("call")
    call_for = calls[texts.index("call for")]
    assert lexicon.plover(call_for.cameo) == "REQUEST"
    for lemma in {t.words[0] for t in lexicon if t.pos == "VERB"}:
        lengths = [len(t.words) for t in lexicon.verb_triggers(lemma)]
        assert lengths == sorted(lengths, reverse=True), lemma


@pytest.mark.parametrize(
    ("lemma", "longer", "shorter", "longer_plover"),
    [
        ("strike", "strike deal", "strike", "AGREE"),
        ("offer", "offer condolence", "offer", None),
        ("meet", "meet demand", "meet", "CONCEDE"),
        ("release", "release statement", "release", None),
        ("open", "open fire", None, "ASSAULT"),
        ("impose", "impose sanction", None, "SANCTION"),
    ],
)
def test_lexicon_idioms_win_over_single_words(lexicon: Lexicon, lemma: str, longer: str, shorter: str | None,
                                               longer_plover: str | None) -> None:
    texts = [t.text for t in lexicon.verb_triggers(lemma)]
    assert longer in texts
    if shorter is not None:
        assert texts.index(longer) < texts.index(shorter)
    found = lexicon.verb_triggers(lemma)[texts.index(longer)]
    assert lexicon.plover(found.cameo) == longer_plover


def test_lexicon_noun_lookup_finds_compounds_by_head(lexicon: Lexicon) -> None:
    strikes = lexicon.noun_triggers("strike")
    texts = [t.text for t in strikes]
    assert {"air strike", "drone strike", "hunger strike", "strike"} <= set(texts)
    assert texts[-1] == "strike"
    plovers = {t.text: lexicon.plover(t.cameo) for t in strikes}
    assert plovers["air strike"] == "ASSAULT" and plovers["hunger strike"] == "PROTEST"
    assert lexicon.cameo(strikes[texts.index("air strike")].cameo).acled == (  # type: ignore[union-attr]
        "Explosions/Remote violence", "Air/drone strike")
    assert [t.text for t in lexicon.noun_triggers("airstrike")] == ["airstrike"]
    assert lexicon.noun_triggers("banana") == []


def test_lexicon_compounds_are_nouns_for_a_phrase_matcher(lexicon: Lexicon) -> None:
    compounds = lexicon.compounds()
    assert compounds and all(t.compound and t.pos == "NOUN" for t in compounds)
    assert {"car bomb", "suicide bombing", "sit-in", "state of emergency"} <= {t.text for t in compounds}


def test_lexicon_weak_flag_and_word_matching(lexicon: Lexicon) -> None:
    hit = next(t for t in lexicon.verb_triggers("hit") if t.words == ("hit",))
    assert hit.weak
    assert not next(t for t in lexicon.verb_triggers("shell") if t.words == ("shell",)).weak
    assert word_matches("tie", "ties", "tie")
    assert word_matches("improvised", "improvised", "improvise")
    assert not word_matches("tie", "ties", "ties")


def test_lexicon_every_type_reachable_from_some_verb(lexicon: Lexicon) -> None:
    verbs = {lexicon.plover(t.cameo) for t in lexicon if t.pos == "VERB"}
    assert set(PLOVER_TYPES) <= verbs


# -- user files ---------------------------------------------------------------------------------------
def test_lexicon_loads_a_users_trigger_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "pattern\tpos\tcameo\tnote\n"
        "# our own words\n"
        "*drone swarm\tNOUN\t1952\tnew\n"
        "torch\tVERB\t145\tcrowds torching cars\n"
        "hit\tVERB\t-\ttoo noisy\n"
        "shellacking\tNOUN\t1955\tunknown 4-digit code: its parent 195 fits\n",
        encoding="utf-8")
    base = Lexicon.load()
    mine = Lexicon.load([extra])
    assert Lexicon.load([str(extra)]) is mine  # cached by path
    assert base is Lexicon.load()
    swarm = mine.noun_triggers("swarm")
    assert [t.text for t in swarm] == ["drone swarm"] and swarm[0].compound
    assert mine.plover(swarm[0].cameo) == "ASSAULT"
    assert [(t.text, t.cameo) for t in mine.verb_triggers("torch")] == [("torch", "145")]
    assert [t.text for t in mine.verb_triggers("hit")] == ["hit out at"]
    assert mine.cameo("1955").code == "195"  # type: ignore[union-attr]
    # the bundled lexicon is untouched
    assert [t.cameo for t in base.verb_triggers("torch")] == ["1712"]
    assert "hit" in [t.text for t in base.verb_triggers("hit")]
    assert len(mine) == len(base) + 2 - 1  # two added, "hit" removed, "torch" replaced


def test_lexicon_user_file_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("pattern\tpos\tcameo\tnote\nbombard\tVERB\t194\t\nzap\tVERB\t99\t\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        Lexicon.load([bad])
    assert caught.value.line == 3 and caught.value.path == str(bad)
    assert "99" in str(caught.value)
    with pytest.raises(LexiconError):
        Lexicon.load([tmp_path / "missing.tsv"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("zap\tADJ\t190\t\n", "VERB or NOUN"),
        ("*zap zap\tVERB\t190\t\n", "NOUN"),
        ("zap\tVERB\t19a\t\n", "digits"),
        ("zap\tVERB\t190\tnote\textra\n", "columns"),
    ],
)
def test_lexicon_read_triggers_rejects_bad_rows(text: str, problem: str) -> None:
    with pytest.raises(LexiconError, match=problem):
        read_triggers(text, "t.tsv")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("190\tFight\tFIGHT\t\t\t\t\n", "PLOVER"),
        ("190\tFight\tASSAULT\t\t\tBattles\t\n", "ACLED"),
        ("1\tOne\t\t\t\t\t\n", "digits"),
        ("190\tA\tASSAULT\n190\tB\tASSAULT\n", "twice"),
    ],
)
def test_lexicon_read_cameo_rejects_bad_rows(text: str, problem: str) -> None:
    with pytest.raises(LexiconError, match=problem):
        read_cameo(text, "c.tsv")


def test_lexicon_read_cameo_parses_a_row() -> None:
    (row,) = read_cameo("cameo\tlabel\tplover\tmode\tcontext\tacled_event_type\tacled_sub_event_type\n"
                        "094\tLook into war crimes\tACCUSE\tinvestigate\tmilitary; legal\t\t\n")
    assert row == CameoCode("094", "Look into war crimes", "ACCUSE", "investigate", ("military", "legal"), None)


def test_lexicon_values_and_errors_pickle(lexicon: Lexicon) -> None:
    trig = Trigger(("cut", "tie"), "VERB", "161", False, "")
    assert pickle.loads(pickle.dumps(trig)) == trig
    code = lexicon.cameo("195")
    assert pickle.loads(pickle.dumps(code)) == code
    error = pickle.loads(pickle.dumps(LexiconError("x.tsv", 4, "bad")))
    assert str(error) == "x.tsv:4: bad"


def test_lexicon_bundled_files_have_headers() -> None:
    assert _bundled("cameo.tsv").splitlines()[0].split("\t")[:3] == ["cameo", "label", "plover"]
    assert _bundled("triggers.tsv").splitlines()[0].split("\t") == ["pattern", "pos", "cameo", "note"]
