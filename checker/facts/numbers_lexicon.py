"""Word tables read by :mod:`checker.facts.numbers`.

Kept apart from the parsing code so that a lexicon can grow without touching the logic. Every table is
general English news vocabulary; none is fitted to one article. Words are lower case.
"""

from __future__ import annotations

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Suffixes written straight after digits ("1.5m", "2bn", "10k") or, for the longer ones, after a space.
SCALE_SUFFIXES: dict[str, float] = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

# Denominators of fractions; singular and plural ("a third", "two-thirds").
DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTION_WORDS: dict[float, str] = {
    1 / 2: "half", 1 / 3: "one-third", 2 / 3: "two-thirds", 1 / 4: "one-quarter", 3 / 4: "three-quarters",
    1 / 5: "one-fifth", 2 / 5: "two-fifths", 3 / 5: "three-fifths", 4 / 5: "four-fifths",
    1 / 10: "one-tenth",
}  # fmt: skip

# Vague amounts as closed intervals. A plain plural means at least two of the unit ("hundreds" >= 200,
# "millions" >= 2 million); "tens of"/"hundreds of" name an order of magnitude, so "hundreds of thousands"
# is 100,000..999,999. Upper bounds stop one below the next order of magnitude, so "hundreds of thousands"
# and "between 1 and 2 million" are disjoint, while "millions" touches "1-2 million" at 2 million.
# "thousands" runs to 99,999 because writers use it for tens of thousands too.
VAGUE_PLURALS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 99_999),
    "millions": (2e6, 1e9 - 1),
    "billions": (2e9, 1e12 - 1),
}
VAGUE_MULTIPLIERS: dict[str, float] = {"tens": 10, "dozens": 12, "hundreds": 100}
# "a few hundred", "several thousand": two to nine of the unit.
FEW_WORDS = ("a few", "several", "a couple of", "a couple")

# Hedges before a number. "point": the value is approximate; "lower": the value is a lower bound;
# "upper": an upper bound. Longest first so "just over" wins over "over".
HEDGES: dict[str, str] = {
    "about": "point", "around": "point", "roughly": "point", "approximately": "point", "approx.": "point",
    "some": "point", "an estimated": "point", "estimated": "point", "close to": "point", "nearly": "point",
    "almost": "point", "an approximate": "point", "circa": "point", "c.": "point", "up to": "upper",
    "more than": "lower", "over": "lower", "at least": "lower", "upwards of": "lower", "in excess of": "lower",
    "no fewer than": "lower", "no less than": "lower", "just over": "lower", "well over": "lower",
    "just under": "upper", "fewer than": "upper", "less than": "upper", "under": "upper",
    "as many as": "upper", "at most": "upper", "no more than": "upper", "not more than": "upper",
}  # fmt: skip
TRAILING_HEDGES: dict[str, str] = {
    "or so": "point",
    "or more": "lower",
    "plus": "lower",
    "or fewer": "upper",
    "or less": "upper",
}

CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₽": "RUB", "₴": "UAH",
}  # fmt: skip
CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "CHF", "CAD", "AUD", "INR")
CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH", "hryvnia": "UAH",
    "francs": "CHF", "rupees": "INR",
}  # fmt: skip
PERCENT_WORDS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "percentage points": "pp",
    "percentage point": "pp",
    "points": "pp",
}

TIME_UNITS: dict[str, str] = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
    "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "decade": "decades", "decades": "decades",
    "century": "centuries", "centuries": "centuries",
}  # fmt: skip
DISTANCE_UNITS: dict[str, str] = {
    "miles": "mi", "mile": "mi", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "km": "km", "metres": "m", "meters": "m", "metre": "m", "meter": "m", "feet": "ft", "foot": "ft",
}  # fmt: skip

# What is counted: noun (one or two words) -> family. Casualty words are handled separately below.
COUNTED_NOUNS: dict[str, str] = {
    **{word: "people" for word in (
        "people", "persons", "person", "residents", "civilians", "children", "child", "kids", "adults", "men",
        "man", "women", "woman", "boys", "boy", "girls", "girl", "teens", "teenagers", "teenager", "students",
        "others", "individuals", "bystanders", "passengers", "workers", "employees", "protesters",
        "demonstrators", "refugees", "migrants", "hostages", "prisoners", "detainees", "patients", "victims",
        "officers", "police officers", "suspects", "inmates", "voters", "journalists", "americans",
        "ukrainians", "russians", "israelis", "palestinians", "family members", "relatives", "infants", "survivors",
    )},
    **{word: "troops" for word in (
        "troops", "soldiers", "fighters", "service members", "servicemen", "marines", "militants", "combatants",
        "personnel", "sailors", "reservists", "conscripts", "mercenaries",
    )},
    **{word: "countries" for word in (
        "countries", "nations", "member states", "member countries", "member nations", "states", "allies",
    )},
    **{word: "shots" for word in ("shots", "rounds", "bullets", "shell casings", "casings", "gunshots")},
    **{word: "drones" for word in ("drones", "missiles", "rockets")},
    **{word: "homes" for word in ("homes", "houses", "buildings")},
    **{word: "vehicles" for word in ("vehicles", "cars", "tanks")},
    **{word: "weapons" for word in ("guns", "firearms", "weapons", "rifles", "handguns", "pistols")},
    **{word: "arrests" for word in ("arrests",)},
    "times": "times",  # "shot three times": a count of shots, not of casualties
}  # fmt: skip

# Casualty vocabulary. Each entry: word -> (aspect, counted form). The aspect keeps killed and injured
# counts apart (see numbers.comparable); the form is what an editor reads when no head noun is given.
DEATH_WORDS: dict[str, str] = {
    "killed": "killed", "dead": "dead", "died": "killed", "die": "killed", "dies": "killed", "slain": "killed",
    "murdered": "killed", "fatally": "killed", "deaths": "deaths", "death": "deaths", "death toll": "deaths",
    "fatalities": "fatalities", "fatality": "fatalities", "killings": "killed", "homicides": "killed",
    "lives": "killed", "bodies": "dead", "deceased": "dead", "perished": "killed",
}  # fmt: skip
INJURY_WORDS: dict[str, str] = {
    "injured": "injured", "wounded": "wounded", "hurt": "injured", "injuries": "injuries",
    "hospitalized": "injured", "hospitalised": "injured",
}  # fmt: skip
SHOT_WORDS: dict[str, str] = {"shot": "shot", "struck": "shot", "gunshot victims": "shot"}
GENERIC_CASUALTY_WORDS: dict[str, str] = {"casualties": "casualties", "casualty": "casualties"}
# Verbs that take the count as object: "killing two", "wounded 5", "claimed the lives of 12".
CASUALTY_VERBS: dict[str, str] = {
    "killed": "death", "killing": "death", "kill": "death", "kills": "death", "murdered": "death",
    "murdering": "death", "claimed the lives of": "death", "claiming the lives of": "death",
    "took the lives of": "death", "taking the lives of": "death", "the lives of": "death",
    "the deaths of": "death", "the death of": "death", "wounded": "injury", "wounding": "injury",
    "injured": "injury", "injuring": "injury", "injures": "injury", "hurt": "injury", "hurting": "injury",
    "hospitalized": "injury", "wounds": "injury", "shot": "shot", "shooting": "shot",
    "fatally shot": "death", "fatally shooting": "death", "shot and killed": "death", "shooting and killing": "death",
}  # fmt: skip
# Words that may stand between the count (or its noun) and a casualty word: "12 people were killed",
# "three of them have been critically injured".
AUXILIARIES = frozenset(
    "were was are is have has had been being be got get who that which reportedly also all later critically "
    "seriously fatally badly slightly both each allegedly apparently initially confirmed believed later "
    "left reported found pronounced declared".split()
)
# Words that cannot be modifiers between a number and its noun: stop the search for a head noun.
STOPS = frozenset(
    "in on at by for from with to into onto over under after before during since until of and or but "
    "the a an this that these those his her its their our my your was were is are be been has have had "
    "who which when where while as than said says".split()
)
# Words that, just before a number, make it an identifier rather than a quantity ("Route 66", "No. 5").
IDENTIFIER_WORDS = frozenset(
    "no no. nos. number route highway interstate article articles chapter section room apartment apt apt. "
    "suite unit flight page pages line gate exit district precinct ward channel episode season volume vol. "
    "case file lot box code zip level grade phase stage item resolution platform bus train pier tower "
    "block floor terminal model version ch. p. pp. sec. rule amendment act bill".split()
)
# Capitalized words after which a number is still a plain quantity (sentence openers, prepositions).
PLAIN_BEFORE = frozenset(
    "in on at by for from with to of and or but the a an about around nearly almost some over under "
    "only just all killed killing wounded injured".split()
)
STREET_WORDS = (
    "St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Boulevard", "Dr", "Drive", "Ln", "Lane", "Way",
    "Ct", "Court", "Pl", "Place", "Pkwy", "Parkway", "Hwy", "Highway", "Terrace", "Circle", "Cir", "Trail",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
