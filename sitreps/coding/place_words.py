"""The words and numbers that decide what is a place name: cues, heads, labels, thresholds, reasons."""

from __future__ import annotations

import re

PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside", "into", "on", "from",
                         "to", "towards", "toward", "throughout", "over", "off", "within"})

# An agreement named after the place it was signed in ("the Minsk truce", "the Dayton accords", "the Oslo
# agreements"): the place names the agreement, not where what the sentence tells happened.
AGREEMENT_NOUNS = frozenset({"agreement", "accord", "truce", "ceasefire", "cease-fire", "armistice", "treaty",
                             "protocol", "pact", "deal", "memorandum", "roadmap", "formula"})
# "Moscow-backed fighters", "Tehran-funded militias": the place stands for its government, who backs them
AGENCY_PARTICIPLES = frozenset({"backed", "led", "supported", "sponsored", "funded", "armed", "allied", "aligned",
                                "controlled", "dominated", "run", "financed", "trained", "installed"})
PLACE_CUES = frozenset({"village", "town", "city", "district", "province", "governorate", "region",
                        "neighbourhood", "neighborhood", "suburb", "camp", "state", "county", "area",
                        "localities", "locality", "villages", "towns", "municipality", "oblast", "countryside",
                        "outskirts", "border", "coast", "frontier", "suburbs", "mountains", "hills", "valley",
                        "desert", "airport", "port", "front", "frontline", "streets", "centre", "center", "commune",
                        "township", "colony", "zone", "subdistrict", "sub-district", "prefecture",
                        "parish", "hamlet", "mountain", "hill", "river"})

# Nouns whose "of" introduces a place ("the hometown of Quetta", "the southern sector of Aleppo").
OF_CUES = PLACE_CUES | frozenset({"hometown", "sector", "capital", "birthplace", "stronghold", "enclave",
                                  "part", "parts", "heart", "edge", "entrance", "environs", "vicinity",
                                  "quarter", "island", "islands", "peninsula", "countryside", "south", "north",
                                  "east", "west", "outskirt", "city-state", "desert-city", "settlement", "hamlet",
                                  "community", "troublespot", "northeast", "northwest", "southeast", "southwest",
                                  "north-east", "north-west", "south-east", "south-west"})

# Common nouns whose "of" names the place their people live in or run: "residents of X", "the local council of X".
OF_PEOPLE = frozenset({"resident", "inhabitant", "villager", "native", "mayor", "governor", "council"})

# Nouns for the people of a place that a place name before them marks as theirs: "Nyeri residents".
LOCAL_NOUNS = frozenset({"resident", "residents", "inhabitant", "inhabitants", "villager", "villagers", "native",
                         "natives", "locals"})

# Words for the divisions below a county that follow a name, as Kenyan and Ugandan reports write them
# ("Kasarani sub-county", "Mathare constituency", "Kangemi ward"); spaCy splits "sub-county" in three.
SUBDIVISION_WORDS = frozenset({"sub-county", "subcounty", "constituency", "ward", "sub-location", "estate"})

# Capitalised words that are never taken as an untagged place: month and weekday abbreviations.
NOT_PLACES = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
                       "sun".split())

# Heads that make a place name a description of people: "a U.S. official", "Russian troops".
PEOPLE_NOUNS = frozenset("""
    official officials minister ministry forces force troops soldiers army military government president
    spokesman spokeswoman spokesperson diplomat diplomats envoy ambassador leader leaders authorities police
    officer officers lawmakers media newspaper agency company firm jets warplanes aircraft navy warships
    people citizens nationals national delegation team side counterpart counterparts fighters rebels
    militants separatists opposition regime administration cabinet parliament embassy consulate soldier
    fighter rebel militant separatist warplane jet warship citizen marine marines commander commanders
    journalist journalists worker workers contractor contractors""".split())

PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4, "unknown": 5}

KIND_PRECISION = {"city": "city", "admin1": "admin1", "country": "country", "region": "region"}

APOSTROPHES = re.compile(r"[’'‘`ʼ]")

ENTITY_LABELS = ("ORG", "PERSON", "NORP", "LANGUAGE")

DATELINE_MARKS = frozenset({",", "(", "—", "–", "-", "--", ":"})  # what follows the place of a dateline

NAME_LABELS = ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW")  # names spaCy mislabels; places where a cue marks them

NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})

# Last words that make a name a place even where spaCy calls it an organisation: "Heart Hospital",
# "Al-Rasoul Checkpoint", "Jazal Mountains", "Royal Street".
PLACE_HEADS = frozenset("""
    street road avenue boulevard lane square highway hospital airport airbase base camp district suburb
    quarter neighbourhood neighborhood mountains mountain hill hills heights river valley farms farm checkpoint
    prison jail plant bridge market mosque church cathedral basilica temple shrine school university college
    stadium station junction crossing village town city province county governorate region island islands
    lake beach park port harbour harbor dam field fields forest forests desert palace hotel tower compound
    complex gate canal plaza roundabout theater theatre zone township commune colony auditorium""".split())

PLACE_NOUNS = PLACE_CUES | PLACE_HEADS  # every noun that marks the name beside it as a place

# Words for a kind of place that begin a place's name, in English and in the Arabic names news transliterates
# (kafr: village, jabal: mountain, deir: monastery, khirbet: ruin, wadi: valley, tell: mound, beit: house).
PLACE_GENERICS = frozenset("""
    mount lake fort cape kafr kfar jabal jebel jbel deir khirbet khirbat wadi tell beit""".split())

# Words that are the whole name of some division or town but, capitalised alone in a longer name or in
# running text, rarely mean it: "the Centre" (India's government), "the Western Trust", "Capital One".
GENERIC_NAMES = PLACE_NOUNS | frozenset("""
    north south east west northern southern eastern western central upper lower greater new old great
    national federal royal general grand united international independent independence union liberty
    capital metropolitan republic kingdom""".split())

# Those of them that name a building or a way, not a locality: an event is put at the town named with them
# ("at Ershad Mosque in north Tehran") rather than at the building, and at the building rather than its province.
FACILITY_HEADS = frozenset("""
    street road avenue boulevard lane square highway hospital airport airbase base checkpoint prison jail plant
    bridge market mosque church cathedral basilica temple shrine school university college stadium station
    junction crossing park port harbour harbor dam palace hotel tower compound complex gate canal plaza
    roundabout theater theatre""".split())

# Places people live in: "his Moscow home", "Baghdad's main bridges", "their suburban Charlotte home".
HOME_NOUNS = frozenset({"home", "house", "residence", "apartment", "flat", "streets", "courtyard", "building",
                        "neighbourhood", "neighborhood", "restaurant", "cafe", "shop", "farm"})

# Faiths and sects, which spaCy calls NORP like the villages it does not know: "a mostly Shia neighbourhood".
FAITHS = frozenset("""shia shiite shi'ite sunni alawite druze christian christians muslim muslims jewish catholic
    protestant orthodox hindu buddhist sikh coptic yazidi""".split())

# Nouns of attack whose "on" or "against" names the place attacked: "the assault on Kulbus".
ATTACK_NOUNS = frozenset({"attack", "assault", "raid", "strike", "airstrike", "offensive", "bombardment",
                          "bombing", "shelling", "push", "advance", "march", "incursion", "siege"})

# Words that make a name an organisation's, not a place's, unless a place word ends it.
ORG_WORDS = frozenset("""
    army forces force party front brigade brigades division battalion regiment corps council ministry agency
    news committee group organization organisation union movement police court bank company inc ltd corp
    association federation commission institute foundation network times post press radio tv television
    league club team authority office department government state-run tribe tribes clan clans convention
    parliament assembly congress senate""".split())

# Particles that cannot end a name: "Jabal Al" is the start of one ("Jabal Al-Akrad") cut short.
NAME_PARTICLES = frozenset("al el ad as ash ar an bin ibn abu umm de la del di da van von".split())

# Prepositions that put what follows somewhere ("in", "at", "near"), unlike "to", "from", "on".
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout", "within",
                            "into", "towards", "toward", "between", "beyond", "along"})

UNRESOLVED = "not in the gazetteer"  # how the reason of a place name the gazetteer lacks begins

# … and how it goes on where the point comes from the article at large, not from the name's own sentence
# (or only from a country), or where the gazetteer has small namesakes abroad: `sitreps places` leaves these out
MAIN_PLACE, ABROAD = "the place the article names most", "small namesakes abroad"

ARTICLE_WIDE = (MAIN_PLACE, "the article's country", "no place to put it in", "the country named in its sentence",
                ABROAD)

DEMONYM = "is a demonym of"  # how the reason of a place found through its demonym reads

TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "gen", "general", "col", "colonel", "president",
                    "minister", "sheikh", "imam", "judge", "prof", "professor", "rev", "father", "brother", "sister"})

# Verbs whose object is ground entered, held or struck: a place, not the people in it (not "capture", "seize" or
# "encircle": people are captured and encircled as often as towns).
GROUND_VERBS = frozenset("""
    enter storm overrun besiege occupy shell bombard patrol invade""".split())

FOREIGN_TOWN = 100_000  # below this, a town outside the article's countries is not taken …

CUED_FOREIGN_TOWN = 10_000  # … unless a cue marks it ("in Tikrit") and it dwarfs its namesakes

DOMINANT = 5  # how many times larger than every namesake a town must be to be the one meant abroad

ENTITY_TOWN = 100_000  # a name spaCy labels ORG or PERSON is taken as a town only when it is this large

ENTITY_CITY = 1_000_000  # … and under a name that is not its own only when it is this large

DIVISION_SUFFIX = re.compile(r"\s+(province|governorate|region|oblast|district|state|county|city|town)$", re.IGNORECASE)

WEAK_TOWN = 50_000  # below this, a proper noun spaCy did not tag and no cue marks is not taken as a place

DIVISION_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "state", "county"})
