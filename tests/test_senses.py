"""Senses decided by arguments (sitreps/senses.py, coding/senses.py, data/lexicon/senses.tsv): the code a verb
has with its object, complement, particle or preposition. Every sentence here is made up."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitreps import api
from sitreps.coding.senses import sense_of
from sitreps.coding.triggers import TriggerFinder
from sitreps.lexicon import Lexicon
from sitreps.senses import SenseError, read_classes, read_senses

CLASSES = "class\twords\tnote\nTROOPS\ttroop soldier force\t\n"


def _codes(text: str) -> list[tuple[str, str]]:
    """(PLOVER type, CAMEO code) of each event coded from the text."""
    return [(e.event_type, e.cameo) for e in api.extract(text, published="2021-05-04")]


def _hits(finder: TriggerFinder, nlp: Language, text: str) -> dict[str, str]:
    """Trigger head word → CAMEO code, as the trigger finder gives them; a code with no PLOVER type (a 01x
    statement) is no event."""
    doc = nlp(text)
    return {doc[h.head].lower_: h.trigger.cameo for s in doc.sents for h in finder(s)
            if finder.lexicon.plover(h.trigger.cameo)}


# -- the file format ---------------------------------------------------------------------------------
def test_rows_are_read_with_their_conditions_and_ordered_by_weight() -> None:
    text = ("lemma\tpos\twhen\tcameo\tnote\n"
            "pull\tVERB\tprt=out\t0874\t\n"
            "pull\tVERB\tprt=out obj=TROOPS\t0874\ttroops\n"
            "seek\tVERB\tto=*\t-\tan aim\n")
    senses = read_senses(text, read_classes(CLASSES), ["08", "0874"])
    pull = senses.of("pull", "VERB")
    assert [str(c) for c in pull[0].when] == ["prt=out", "obj=TROOPS"]  # the heavier row first
    assert pull[0].weight == 4 and pull[1].weight == 2
    assert senses.of("seek", "VERB")[0].cameo == "-"
    assert senses.of("seek", "NOUN") == ()


@pytest.mark.parametrize("row, problem", [
    ("seek\tVERB\tto=*\t9999\t", "not in cameo.tsv"),
    ("seek\tVERB\tto=*\tabc\t", "not 2 to 4 digits"),
    ("seek\tADJ\tto=*\t-\t", "not VERB or NOUN"),
    ("seek\tVERB\t\t-\t", "no condition"),
    ("seek\tVERB\tobject=TROOPS\t-\t", "unknown slot"),
    ("seek\tVERB\tobj=ARMIES\t-\t", "class ARMIES is not defined"),
    ("seek\tVERB\tprep=*\t-\t", "write the preposition"),
    ("seek\tVERB\tpassive=*\t-\t", "takes no value"),
    ("seek\tVERB\tobj=\t-\t", "needs a value"),
    ("Seek\tVERB\tto=*\t-\t", "one lowercase word"),
    ("seek\tVERB\tto=*\t-\tnote\textra", "columns"),
])
def test_a_malformed_row_names_its_line_and_problem(row: str, problem: str) -> None:
    with pytest.raises(SenseError, match=problem) as caught:
        read_senses("lemma\tpos\twhen\tcameo\tnote\n# a comment\n" + row, read_classes(CLASSES), ["02"])
    assert caught.value.line == 3


@pytest.mark.parametrize("text, problem", [
    ("troops\tsoldier\t\n", "UPPERCASE"),
    ("TROOPS\tsoldier\t\nTROOPS\tarmy\t\n", "defined twice"),
    ("TROOPS\t\t\n", "no words"),
    ("TROOPS\tSoldier\t\n", "lowercase"),
])
def test_a_malformed_class_is_an_error(text: str, problem: str) -> None:
    with pytest.raises(SenseError, match=problem):
        read_classes(text)


def test_the_bundled_senses_load_and_name_known_codes() -> None:
    lexicon = Lexicon.load()
    assert len(lexicon.senses) > 50
    for rows in lexicon.senses.rows.values():
        for sense in rows:
            assert sense.cameo in ("-", "=") or lexicon.cameo(sense.cameo) is not None


def test_the_most_specific_row_wins(nlp: Language) -> None:
    classes = read_classes(CLASSES)
    senses = read_senses("fire\tVERB\tprep:at=*\t193\t\nfire\tVERB\tobj=rocket prep:at=*\t194\t\n", classes, None)
    doc = nlp("The militia fired rockets at the airport.")
    found = sense_of(doc[2], "VERB", senses)
    assert found is not None and found.sense.cameo == "194" and [doc[i].lower_ for i in found.objects] == ["rockets"]
    doc = nlp("The militia fired at the airport.")
    found = sense_of(doc[2], "VERB", senses)
    assert found is not None and found.sense.cameo == "193" and [doc[i].lower_ for i in found.words] == ["at"]


# -- the senses --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Lisbon and Accra are seeking to expand trade between the two ports.",  # an aim, not an appeal
    "Two brothers sought over the arson attack were seen in Tamale.",  # wanted
    "The driver, who is sought by police, crossed into Togo.",
    "Detectives are seeking a woman in connection with the fire.",
])
def test_seek_of_an_aim_or_a_wanted_person_is_no_request(text: str) -> None:
    assert not [c for c in _codes(text) if c[0] == "REQUEST"], text


def test_seek_of_aid_is_still_a_request() -> None:
    assert ("REQUEST", "023") in _codes("Malawi sought emergency aid from the World Bank on Monday.")


@pytest.mark.parametrize("text, code", [
    ("Mali withdrew its soldiers from the border town of Kidal.", "0874"),
    ("The guerrillas pulled out of the valley on Sunday.", "0874"),
    ("Ghana withdrew its ambassador from Lome on Monday.", "161"),
    ("The United States withdrew aid to the junta in Niamey.", "162"),
    ("Norway pulled out its envoy from Caracas.", "161"),
    ("Iran withdrew from the talks in Vienna on Friday.", "164"),
])
def test_what_is_withdrawn_decides_retreat_or_sanction(text: str, code: str) -> None:
    assert code in [c for _, c in _codes(text)], (text, _codes(text))


def test_engaging_in_a_gun_battle_is_an_assault() -> None:
    assert ("ASSAULT", "190") in _codes("Bandits engaged police officers in a gun battle near Gusau on Tuesday.")


def test_engaging_in_talks_is_the_talks() -> None:
    codes = _codes("Bolivia engaged Chile in talks over the border on Tuesday.")
    assert not [c for c in codes if c[0] == "ASSAULT"] and ("CONSULT", "040") in codes, codes


@pytest.mark.parametrize("text, code", [
    ("The coast guard fired warning shots at a trawler off Pemba.", "193"),
    ("Gunmen fired on a minibus near Kaduna on Friday.", "193"),
    ("Militants fired mortars at the airport in Mogadishu.", "194"),
    ("Police fired into the crowd in Harare.", "193"),
])
def test_firing_at_a_target_is_an_assault_whatever_the_weapon(text: str, code: str) -> None:
    assert ("ASSAULT", code) in _codes(text), (text, _codes(text))


# -- the common verbs whose sense turns on the argument -----------------------------------------------------
@pytest.mark.parametrize("text, head, code", [
    ("The rebels captured the town of Bunia on Sunday.", "captured", "192"),
    ("Police captured the suspect in a raid on Sunday.", "captured", "173"),
    ("The army captured forty rebel fighters near Goma.", "captured", "181"),
    ("The union struck a deal with the rail operator.", "struck", "030"),
    ("Teachers struck across Kenya on Monday.", "struck", "143"),
    ("The ministry met the strikers' demands on Friday.", "met", "083"),
    ("The junta released 40 detainees on Friday.", "released", "0841"),
    ("The donors released funds for the flood relief.", "released", "070"),
    ("The court rejected the peace agreement.", "rejected", "127"),
    ("Armed forces arrived in Beni on Sunday.", "arrived", "154"),
])
def test_the_argument_picks_the_code(finder: TriggerFinder, nlp: Language, text: str, head: str, code: str) -> None:
    assert _hits(finder, nlp, text).get(head) == code, (text, _hits(finder, nlp, text))


@pytest.mark.parametrize("text, head", [
    ("The ministry released a statement on Friday.", "released"),
    ("The agency released new figures on Friday.", "released"),
    ("The plan met with fierce criticism in parliament.", "met"),
    ("The company met its sales target.", "met"),
    ("The opposition raised concerns about the vote.", "raised"),
    ("The minister rejected the accusations.", "rejected"),
    ("He protested his innocence in court.", "protested"),
    ("The senator withdrew from the race on Monday.", "withdrew"),
])
def test_the_argument_says_no_event(finder: TriggerFinder, nlp: Language, text: str, head: str) -> None:
    assert head not in _hits(finder, nlp, text), (text, _hits(finder, nlp, text))


def test_a_trigger_pattern_that_names_as_much_keeps_its_code(finder: TriggerFinder, nlp: Language) -> None:
    # "cut funding" (1621) names its object as the cut obj=AID row (162) does: the finer lexicon row stays;
    # "meet with" names a preposition only, so meet prep:with=REACTIONS (no event) is finer than it
    assert _hits(finder, nlp, "The donors cut funding to the ministry.").get("cut") == "1621"
    assert _hits(finder, nlp, "The envoy met with the rebel leaders.").get("met") == "040"


@pytest.mark.parametrize("text, head, code", [
    ("The army halted its offensive on Sunday.", "halted", "087"),  # the object names the act: one event
    ("Canada lifted its embargo on the islands.", "lifted", "085"),
    ("The junta expelled three Dutch diplomats.", "expelled", "161"),
    ("Soldiers returned fire from the ridge.", "returned", "193"),
    ("Nairobi dispatched 200 police officers to the border.", "dispatched", "153"),
    ("The dockers ended their strike on Friday.", "ended", "082"),
])
def test_rows_by_class_read_the_object(finder: TriggerFinder, nlp: Language, text: str, head: str, code: str) -> None:
    hits = _hits(finder, nlp, text)
    assert hits.get(head) == code, (text, hits)


def test_an_object_that_names_an_act_is_not_a_second_event(finder: TriggerFinder, nlp: Language) -> None:
    hits = _hits(finder, nlp, "The army halted its offensive on Sunday.")
    assert "offensive" not in hits, hits


@pytest.mark.parametrize("text, head", [
    ("The governor returned to the capital on Sunday.", "returned"),  # going back, not property returned
    ("The president signed the bill into law.", "signed"),  # a domestic law, no agreement between actors
    ("The militia accepted responsibility for the blast.", "accepted"),  # a claim
    ("The minister called the plan reckless.", "called"),  # names, does not phone
    ("The bank moved to arrest the slide in the currency.", "arrest"),  # a thing, not a person
    ("Rebels entered talks with the government.", "entered"),  # a venture, not a place
])
def test_these_objects_and_complements_say_no_event(finder: TriggerFinder, nlp: Language, text: str,
                                                     head: str) -> None:
    assert head not in _hits(finder, nlp, text), (text, _hits(finder, nlp, text))


def test_a_sense_may_keep_the_trigger_rows_code(nlp: Language) -> None:
    classes = read_classes("class\twords\tnote\nPLACE\ttown city\t\n")
    senses = read_senses("enter\tVERB\tobj=PLACE\t=\t\nenter\tVERB\tactive\t-\t\n", classes, None)
    found = sense_of(nlp("The troops entered the town.")[2], "VERB", senses)
    assert found is not None and found.sense.cameo == "="
    found = sense_of(nlp("The troops entered talks.")[2], "VERB", senses)
    assert found is not None and found.sense.cameo == "-"


def test_a_force_promised_in_reported_speech_is_planned() -> None:
    events = [e for e in api.extract("Kenya said that it would send 500 police officers to Haiti.",
                                     published="2024-03-04") if e.event_type == "MOBILIZE"]
    assert events and events[0].cameo == "153" and events[0].modality == "planned", events


@pytest.mark.parametrize("text, head, code", [
    ("The senator attacked the new fuel policy on Monday.", "attacked", "111"),  # words aimed at an idea
    ("The premier hit out at his critics.", "hit", "111"),
    ("Rebels clashed with soldiers near the river.", "clashed", "190"),  # armed sides: a fight
    ("A mob stormed the district office.", "stormed", "145"),
    ("Police charged the crowd with batons.", "charged", "175"),
    ("The poet was condemned to death by a tribunal.", "condemned", "173"),
    ("The minister backed away from the plan.", "backed", "080"),
    ("The court targeted the bank with sanctions.", "targeted", "163"),
])
def test_force_and_protest_words_read_their_arguments(finder: TriggerFinder, nlp: Language, text: str, head: str,
                                                      code: str) -> None:
    hits = _hits(finder, nlp, text)
    assert hits.get(head) == code, (text, hits)


@pytest.mark.parametrize("text, head", [
    ("Officials vowed to fight corruption in the ports.", "fight"),
    ("The lawyers fought the charges in court.", "fought"),
    ("The campaign targeted young voters.", "targeted"),
    ("Fuel prices hit a record high.", "hit"),
    ("The speech struck a conciliatory tone.", "struck"),
    ("The party won by capturing 40 seats.", "capturing"),
    ("The firm seized the opportunity.", "seized"),
    ("The ministry demonstrated its resolve.", "demonstrated"),  # to show: protesting takes no object
    ("The crew shot a documentary in the hills.", "shot"),
])
def test_force_words_with_no_foe_are_no_event(finder: TriggerFinder, nlp: Language, text: str, head: str) -> None:
    assert head not in _hits(finder, nlp, text), (text, _hits(finder, nlp, text))


def test_a_reporting_verb_with_a_clause_reports(finder: TriggerFinder, nlp: Language) -> None:
    assert "insists" not in _hits(finder, nlp, "The ministry insists that no civilians were hit.")
    assert _hits(finder, nlp, "The union insisted on a pay rise.").get("insisted") == "100"  # a demand


@pytest.mark.parametrize("text, head, code", [
    ("The agency deployed a team of engineers to the dam.", "deployed", "070"),  # civilians sent: help
    ("The ministry deployed a team of commandos to the dam.", "deployed", "154"),  # soldiers, in a team
    ("Rescuers evacuated 200 villagers from the valley.", "evacuated", "073"),  # people taken to safety
    ("The garrison evacuated the fort at dawn.", "evacuated", "0874"),  # troops leaving: a retreat
    ("The charity provided blankets and food to the camp.", "provided", "073"),
    ("The governor mobilised funds for the flood victims.", "mobilised", "070"),  # money, not forces
])
def test_who_or_what_is_sent_decides_aid_or_force(finder: TriggerFinder, nlp: Language, text: str, head: str,
                                                  code: str) -> None:
    hits = _hits(finder, nlp, text)
    assert hits.get(head) == code, (text, hits)


def test_a_call_for_someone_to_act_is_still_a_request() -> None:
    codes = _codes("Traders protested in Meru, calling for the county to repair the market road.")
    assert ("REQUEST", "020") in codes, codes


def test_an_ambiguous_unit_sent_is_no_deployment(finder: TriggerFinder, nlp: Language) -> None:
    assert "dispatched" not in _hits(finder, nlp, "An internal affairs unit was dispatched to investigate.")
    assert _hits(finder, nlp, "The army dispatched two brigades to the border.").get("dispatched") == "154"


@pytest.mark.parametrize("text, code", [
    ("The nurses' strike closed three hospitals.", "143"),  # workers' strike: labour
    ("Doctors began a strike over unpaid wages.", "143"),
    ("Russian strikes on rebel positions killed 30 fighters.", "190"),
])
def test_a_strike_noun_reads_who_strikes_and_what_is_struck(text: str, code: str) -> None:
    assert code in [c for _, c in _codes(text)], (text, _codes(text))


def test_a_date_is_no_preposition_object(finder: TriggerFinder, nlp: Language) -> None:
    # "on Monday" names no target: the row fire prep:on=* does not read it
    assert "fired" not in _hits(finder, nlp, "The company fired on Monday its chief financial officer.")


@pytest.mark.parametrize("text, head, code", [
    ("The rebels handed over the hostages to the Red Cross.", "handed", "0841"),
    ("Villagers handed over the suspect to the police.", "handed", "063"),
    ("The militants handed over their rifles on Monday.", "handed", "0873"),
    ("The governor put the police on alert.", "put", "151"),
])
def test_what_is_handed_over_or_who_flees_decides(finder: TriggerFinder, nlp: Language, text: str, head: str,
                                                  code: str) -> None:
    hits = _hits(finder, nlp, text)
    assert hits.get(head) == code, (text, hits)


def test_residents_leaving_a_town_is_no_retreat(finder: TriggerFinder, nlp: Language) -> None:
    assert "abandoned" not in _hits(finder, nlp, "Residents abandoned the town on Sunday.")
    assert _hits(finder, nlp, "The rebels abandoned the town on Sunday.").get("abandoned") == "0874"


def test_a_user_sense_file_adds_rows_and_classes(tmp_path: Path, nlp: Language) -> None:
    classes = tmp_path / "mine.classes.tsv"
    classes.write_text("class\twords\tnote\nGOATS\tgoat sheep\tlivestock\n", encoding="utf-8")
    senses = tmp_path / "mine.senses.tsv"
    senses.write_text("lemma\tpos\twhen\tcameo\tnote\nseize\tVERB\tobj=GOATS\t171\traided herds: looting\n", encoding="utf-8")
    lexicon = Lexicon.load([str(classes), str(senses)])
    finder = TriggerFinder(nlp.make_doc, lexicon)
    assert _hits(finder, nlp, "Raiders seized 300 goats near the river.").get("seized") == "171"
    assert _hits(finder, nlp, "The rebels seized the airport on Sunday.").get("seized") == "192"  # bundled rows stay
    with pytest.raises(SenseError, match="NOPE"):
        bad = tmp_path / "bad.senses.tsv"
        bad.write_text("seize\tVERB\tobj=NOPE\t-\t\n", encoding="utf-8")
        Lexicon.load([str(bad)])
