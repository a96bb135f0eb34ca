import json
import pickle
import time

import pytest
import spacy

from sitreps.kb import Entry, KBFormatError, KnowledgeBase, normalize
from sitreps.nlp.kbmatch import KBMatch, KBMatcher


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def nlp_blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher(nlp_blank, kb):
    return KBMatcher(nlp_blank.vocab, kb)


def found(matcher, nlp_blank, text):
    return [(m.text, m.entry.id, m.form) for m in matcher(nlp_blank(text))]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russian Federation", "RUS"),
        ("USA", "USA"),
        ("U.S.", "USA"),
        ("United States of America", "USA"),
        ("the UK", "GBR"),
        ("Great Britain", "GBR"),
        ("Syrian Arab Republic", "SYR"),
        ("Islamic Republic of Iran", "IRN"),
        ("Republic of Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("North Korea", "PRK"),
        ("UAE", "ARE"),
        ("DR Congo", "COD"),
        ("Côte d’Ivoire", "CIV"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("State of Palestine", "PSE"),
        ("Russia's", "RUS"),
    ],
)
def test_kb_lookup_country_forms(kb, text, code):
    entry = kb.lookup(text)
    assert entry is not None and entry.kind == "country" and entry.code == code


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("North Atlantic Treaty Organisation", "igo:nato"),
        ("North Atlantic Treaty Organization", "igo:nato"),
        ("Daesh", "group:islamic-state"),
        ("ISIL", "group:islamic-state"),
        ("Ahrar al-Shaam", "group:ahrar-al-sham"),  # a misspelling: found by the fuzzy step
        ("Ahrar ash-Sham", "group:ahrar-al-sham"),
        ("Hizballah", "group:hezbollah"),
        ("the Kremlin", "seat:kremlin"),
        ("Kiev", "capital:kyiv"),
        ("Doctors Without Borders", "ngo:msf"),
        ("Agence France-Presse", "media:afp"),
    ],
)
def test_kb_lookup_organisations_and_groups(kb, text, entry_id):
    entry = kb.lookup(text)
    assert entry is not None and entry.id == entry_id


def test_kb_lookup_codes_and_sectors(kb):
    assert (kb.lookup("Daesh").code, kb.lookup("Daesh").sector) == ("TNA", "REB")
    assert (kb.lookup("the Pentagon").code, kb.lookup("the Pentagon").sector) == ("USA", "MIL")
    assert (kb.lookup("SANA").code, kb.lookup("SANA").sector) == ("SYR", "MED")
    assert kb.lookup("Nato").code == "IGO"


@pytest.mark.parametrize("text", ["us", "is", "it is", "nato", "Isreal", "", "   "])
def test_kb_lookup_rejects_words_and_far_misspellings(kb, text):
    assert kb.lookup(text) is None


def test_kb_demonyms(kb):
    assert kb.lookup("Syrian").code == "SYR"
    assert kb.country_of_demonym("Syrians").code == "SYR"
    assert kb.country_of_demonym("British").code == "GBR"
    assert kb.country_of_demonym("Syria") is None


def test_kb_countries_are_complete(kb):
    countries = [e for e in kb if e.kind == "country"]
    assert len(countries) >= 249
    assert all(e.code and len(e.code) == 3 for e in countries)
    assert kb.get("country:RUS").capital == "Moscow"
    assert "Russians" in kb.get("country:RUS").demonyms


@pytest.mark.parametrize(
    ("words", "sector"),
    [
        ("regime troops", "MIL"),
        ("the defence secretary", "GOV"),
        ("rebel forces", "REB"),
        ("anti-Assad rebels", "REB"),
        ("riot police", "COP"),
        ("the spokesman", None),
    ],
)
def test_kb_sector_of(kb, words, sector):
    assert kb.sector_of(words) == sector


def test_kb_extra_file_adds_and_overrides(tmp_path):
    extra = tmp_path / "mine.jsonl"
    lines = [
        {"id": "group:northern-lions", "name": "Northern Lions Brigade", "code": "SYR", "sector": "REB",
         "kind": "group", "aliases": ["NLB"], "country": "SYR"},
        {"id": "group:taliban", "name": "Taliban", "code": "AFG", "sector": "REB", "kind": "group",
         "aliases": ["Taleban"], "country": "AFG"},
    ]
    extra.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    base = KnowledgeBase.load()
    mine = KnowledgeBase.load(extra=[extra])
    assert base.lookup("Northern Lions Brigade") is None
    assert mine.lookup("NLB").id == "group:northern-lions"
    assert base.get("group:taliban").sector == "GOV"
    assert mine.get("group:taliban").sector == "REB"
    assert mine.lookup("Taleban").sector == "REB"
    assert len(mine) == len(base) + 1


def test_kb_extra_sector_table(tmp_path):
    table = tmp_path / "roles.tsv"
    table.write_text("# mine\nwarlords\tREB\n", encoding="utf-8")
    assert KnowledgeBase.load().sector_of("warlords") is None
    assert KnowledgeBase.load(extra=[table]).sector_of("the warlords") == "REB"


def test_kb_bad_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "name": "X", "kind": "planet", "aliases": []}\n', encoding="utf-8")
    with pytest.raises(KBFormatError) as raised:
        KnowledgeBase.load(extra=[bad])
    assert raised.value.line == 1 and "planet" in str(raised.value)
    assert pickle.loads(pickle.dumps(raised.value)).line == 1


def test_kb_load_is_fast_and_cached():
    start = time.perf_counter()
    first = KnowledgeBase.load()
    second = KnowledgeBase.load()
    assert first is second
    assert time.perf_counter() - start < 1.0


def test_kb_normalize():
    assert normalize("The U.S.") == normalize("US") == "us"
    assert normalize("Hay'at Tahrir al-Sham") == normalize("Hayat Tahrir al Sham")
    assert normalize("Élysée") == "elysee"


def test_kb_surface_forms_resolve_to_their_entry(kb):
    forms = list(kb.surface_forms())
    assert ("Islamic State", kb.get("group:islamic-state"), "name") in forms
    assert ("Syrian", kb.get("country:SYR"), "demonym") in forms
    assert all(isinstance(entry, Entry) and form in ("name", "demonym") for _, entry, form in forms)


def test_kbmatch_finds_names_and_skips_pronouns(matcher, nlp_blank):
    text = ("The Russian Federation said the Kremlin told us it is ready to strike Islamic State, "
            "which is active in Syria.")
    matches = found(matcher, nlp_blank, text)
    assert ("Russian Federation", "country:RUS", "name") in matches
    assert ("the Kremlin", "seat:kremlin", "name") in matches
    assert ("Islamic State", "group:islamic-state", "name") in matches
    assert ("Syria", "country:SYR", "name") in matches
    assert all(m[0] not in ("us", "is") for m in matches)


def test_kbmatch_offsets_point_into_the_text(matcher, nlp_blank):
    text = "Russia's jets and US drones hit IS positions, the U.S. military said."
    doc = nlp_blank(text)
    matches = matcher(doc)
    assert all(isinstance(m, KBMatch) and text[m.start_char:m.end_char] == m.text for m in matches)
    assert [(m.text, m.entry.code) for m in matches] == [("Russia", "RUS"), ("US", "USA"), ("IS", "TNA"),
                                                         ("U.S.", "USA")]


def test_kbmatch_longest_match_wins(matcher, nlp_blank):
    matches = found(matcher, nlp_blank, "Syrian Arab Army troops fought the Syrian Democratic Forces.")
    assert [m[1] for m in matches] == ["force:saa", "group:sdf"]


def test_kbmatch_demonym_form(matcher, nlp_blank):
    assert found(matcher, nlp_blank, "Iranian drones")[0] == ("Iranian", "country:IRN", "demonym")


def test_kbmatch_ignores_lower_case_words_and_shouted_acronyms(matcher, nlp_blank):
    assert found(matcher, nlp_blank, "a turkey farm and a china shop") == []
    assert found(matcher, nlp_blank, "He asked who was there.") == []
    shouted = found(matcher, nlp_blank, "US STRIKES IS TARGETS IN SYRIA")
    assert [m[1] for m in shouted] == ["country:SYR"]


def test_kbmatch_not_actor_phrases(matcher, nlp_blank):
    assert found(matcher, nlp_blank, "Voters in New Mexico and Latin America") == []


def test_kbmatch_is_rebuilt_cheaply(nlp_blank, kb):
    KBMatcher(nlp_blank.vocab, kb)
    start = time.perf_counter()
    KBMatcher(nlp_blank.vocab, kb)
    assert time.perf_counter() - start < 0.05


SECTORS = {"GOV", "MIL", "REB", "OPP", "CVL", "COP", "SPY", "JUD", "LEG", "MED", "JRN", "REF", "IGO", "NGO",
           "BUS", "REL", "EDU", "HLH", "LAB", "AGR", "CRM"}


def test_kb_bundled_data_uses_known_codes(kb):
    iso3 = {e.code for e in kb if e.kind == "country"}
    for entry in kb:
        assert entry.code in iso3 | {"IGO", "NGO", "TNA"}, entry.id
        assert entry.country is None or entry.country in iso3, entry.id
        assert entry.sector is None or entry.sector in SECTORS, entry.id
    assert set(kb.sectors.values()) <= SECTORS
    assert len(kb.sectors) >= 150
