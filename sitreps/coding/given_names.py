"""Common English given names that almost always name a man or almost always a woman.

A prior for a person's gender where the article gives no cue of its own (no "Mr." or "Mrs.", no gendered
role word, no pronoun bound to the name): "Margaret Hale … he said" does not make Hale the speaker. Written
from general knowledge of the most frequent given names of the last century in English-speaking countries,
not from any annotated data; names given to both men and women often (Jordan, Taylor, Alex, Chris, Pat,
Robin, Leslie, Jamie, Kim, Dana, Jean, Terry, Lee, Morgan, Casey) are left out on purpose.
"""

from __future__ import annotations

MALE_NAMES = frozenset("""
aaron adam alan albert alexander alfred andrew anthony arthur barry benjamin bernard bradley brandon brian
bruce bryan carl charles christopher clarence craig daniel darren david dennis derek donald douglas duncan
edward eric ernest eugene frank frederick gary gavin geoffrey george gerald gordon graham gregory harold
harry henry howard ian jack jacob james jason jeffrey jeremy jerry jesse joe john jonathan joseph joshua
keith kenneth kevin larry lawrence leonard louis malcolm mark martin matthew michael mohammed muhammad
nathan neil nicholas nigel oliver patrick paul peter philip ralph raymond richard robert roger ronald
russell ryan samuel scott sean stephen steven stuart thomas timothy todd victor walter wayne william
""".split())

FEMALE_NAMES = frozenset("""
abigail alice alison amanda amy andrea angela ann anna anne barbara betty beverly brenda carol caroline
catherine charlotte cheryl christina christine claire cynthia deborah debra denise diana diane donna doris
dorothy elaine eleanor elizabeth emily emma evelyn fiona frances gloria grace hannah heather helen irene
jacqueline janet janice jennifer jessica joan joanne josephine joyce judith judy julia julie karen
kathleen kathryn katherine laura linda lisa lois louise lucy margaret maria marie marilyn martha mary
megan melissa michelle monica nancy natalie nicole olivia pamela patricia rachel rebecca rose ruth sandra
sarah sharon shirley sophie stephanie susan teresa theresa victoria virginia wendy
""".split())


def gender_of(given: str) -> str | None:
    """"m" or "f" for a common given name that is nearly always one or the other, else None."""
    name = given.lower().strip(".")
    return "m" if name in MALE_NAMES else "f" if name in FEMALE_NAMES else None
