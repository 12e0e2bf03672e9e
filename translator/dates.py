"""Dates, times of day, centuries and weekdays, which a rule maps exactly and a subword model maps
poorly.

A subword model copies digits well and puts them in order badly. Taught English dates and their Spanish
forms, the general models still doubled or dropped a number in one date of nine ("on February 14th,
1896" → "el 14 de febrero 14, 1896") or wrote the wrong month ("July 1" → "1 de junio"); before that
they kept the English order ("en mayo 20, 2002") and garbled centuries ("in the 19th century" → "en el
siglo de 19th"). Which date or century a source names is a fact a rule reads, and how the target
language writes it a fact a rule writes:

- `repair_dates(source, translation, src_lang, tgt_lang)`: the dates of the source (English "May 20,
  2002", "20 May 2002", "16th August 1960", "September 12", "December 1963"; Spanish "20 de mayo de
  2002", "1.º de mayo", "diciembre de 1963"), found in the translation as its runs of a month name
  (either language's) with the numbers next to it, are written as the target language writes them
  ("20 de mayo de 2002", "May 20, 2002") where the translation got one wrong. A run that names the
  date rightly stays as the model wrote it (English "20 May 2002" as well as "May 20, 2002"). A day's
  date after "en" or "sobre" takes "el"; after "in" or "the", "on".
- `repair_centuries`: likewise the centuries (English "the 19th century", "19th-century"; Spanish "el
  siglo 19"), found in the translation as "siglo" or "century" with a number by it ("siglo de 19th",
  "19th siglo", "century XIX"), written "siglo 19" (in digits, as the corpus's translators write
  them) or "19th century". A qualifier the model garbled with the number ("mid-18th") goes with it.
- `repair_times`: the times of day of the source ("at 3 pm", "a las 3 de la tarde"), found in the
  translation by their digits with the preposition and the part of the day the model wrote about them
  ("en 3 pm"), written as the target language writes them ("a las 3 p. m.", "at 3 pm").
- `repair_weekdays`: a day of the week the source names and the model copied untranslated ("movida a
  Thursday") is written in the target language ("movida a jueves"; CLDR names, Spanish in lower case).
  `weekday_entries` gives the same names to the lexicon's fallback, which replaces a day's name the
  model made up ("El saturnes es ..." -> "El sábado es ...").
- Dates and centuries change a translation only where it has as many such runs as the source has
  dates (centuries): the i-th run is the i-th one. Any other count is left as it is, since which run
  stands for which would be a guess.
- `read_centuries(text, lang)`: Spanish centuries in Roman numerals ("el siglo XIX", "los siglos XV y
  XVI") read in digits ("el siglo 19"), before the model reads them: the model learned the digits.

Month names are the CLDR's (Babel); Roman numerals are read by the `roman` library. Languages other
than English and Spanish are left alone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import roman
from babel.dates import get_day_names, get_month_names

LANGUAGES = ("en", "es")
MONTHS = {lang: [str(get_month_names("wide", locale=lang)[m]) for m in range(1, 13)] for lang in LANGUAGES}

_ORDINAL = r"(?:st|nd|rd|th)"
_DAY = r"(?P<{}>[0-3]?\d)"
_YEAR = r"(?P<{}>[1-9]\d{{2,3}})(?![\d.,]\d)"
_EN_MONTH = "(?P<{}>" + "|".join(MONTHS["en"]) + ")"  # capitalised only: "may" and "march" are words
_ES_MONTH = "(?P<{}>(?i:" + "|".join(MONTHS["es"]) + "))"

# Each alternative names its day, month and year groups by its letter; a day or a year must be there.
_SOURCE = {
    "en": re.compile(
        r"\b(?:"
        # May 20, 2002 / May 20th / September 12
        + _EN_MONTH.format("ma")
        + r"\s+"
        + _DAY.format("da")
        + _ORDINAL
        + r"?(?!\w)(?:,?\s+"
        + _YEAR.format("ya")
        + r")?"
        # 20 May 2002 / 16th August 1960 / 4th of July
        + "|"
        + _DAY.format("db")
        + _ORDINAL
        + r"?\s+(?:of\s+)?"
        + _EN_MONTH.format("mb")
        + r"(?:,?\s+"
        + _YEAR.format("yb")
        + r")?"
        # December 1963
        + "|"
        + _EN_MONTH.format("mc")
        + r",?\s+"
        + _YEAR.format("yc")
        + r")(?!\w)"
    ),
    "es": re.compile(
        r"\b(?:"
        # 20 de mayo de 2002 / 1.º de mayo
        + _DAY.format("da")
        + r"(?:\.?[ºo°])?\s+de\s+"
        + _ES_MONTH.format("ma")
        + r"(?:,?\s+del?\s+"
        + _YEAR.format("ya")
        + r")?"
        # diciembre de 1963
        + "|"
        + _ES_MONTH.format("mc")
        + r"\s+del?\s+"
        + _YEAR.format("yc")
        + r")(?!\w)"
    ),
}

# A month name of either language with the numbers, "de", "of" and commas about it, in a translation: a
# date as the model wrote it, right or garbled ("14 de febrero 14, 1896", "mayo 20, 2002").
_ANY_MONTH = "(?i:" + "|".join(MONTHS["en"] + MONTHS["es"]) + ")"
DATE_RUN = re.compile(
    r"(?<![\w.,])(?:\d{1,2},\s+de\s+)?"  # a day written twice: "el 1, de 1 de julio"
    r"(?:\d{1,4}(?:" + _ORDINAL + r"|\.?º)?\s+(?:(?:de|of)\s+(?:the\s+)?)?)?"
    r"\b" + _ANY_MONTH + r"\b"
    r"(?:\s+\d{1,2}" + _ORDINAL + r"?(?![\w]))?"
    r"(?:,?\s+(?:(?:del?|of)\s+)?\d{3,4}(?![\w]))?"
    r"(?:,\s+\d{3,4}(?![\w]))?"
    r"(?:\s+de\s+\d{1,2},\s+\d{3,4}(?![\w]))?"  # the date again, English order: "... de 18, 1891"
)

# The words before a day's date, as a model wrote them before a month's ("en mayo", "in May") or
# word for word ("sobre" for "on", "the" for "el"), and as the language writes them before a day's:
# Spanish "el 20 de mayo", English "on May 20".
_DAY_PREPOSITION = {"es": (r"en|sobre", "el"), "en": (r"(?:on\s+)?the|in", "on")}


@dataclass(frozen=True)
class Date:
    month: int  # 1 to 12
    day: int | None = None
    year: int | None = None

    def written(self, lang: str) -> str:
        """The date as `lang` writes it: "20 de mayo de 2002", "May 20, 2002"."""
        month = MONTHS[lang][self.month - 1]
        if lang == "es":
            parts = ([f"{self.day} de"] if self.day else []) + [month]
            return " ".join(parts + ([f"de {self.year}"] if self.year else []))
        if self.day is None:
            return f"{month} {self.year}" if self.year else month
        return f"{month} {self.day}, {self.year}" if self.year else f"{month} {self.day}"

    def named_by(self, run: str, lang: str) -> bool:
        """Whether `run` (a date as a translation wrote it) is this date as `lang` writes it: its month in
        `lang`, its numbers and no other; Spanish in its own order ("1.º de mayo", "del 2002" too)."""
        if lang == "es":
            day = rf"{self.day}(?:\.?º)? de " if self.day else ""
            year = rf" del? {self.year}" if self.year else ""
            return re.fullmatch(day + MONTHS["es"][self.month - 1] + year, run, re.IGNORECASE) is not None
        words = re.findall(r"[^\W\d]+", run.lower())
        numbers = [int(n) for n in re.findall(r"\d+", run)]
        wanted = [n for n in (self.day, self.year) if n is not None]
        month = MONTHS["en"][self.month - 1].lower()
        suffixes = ("st", "nd", "rd", "th")
        allowed = (month, *suffixes) + (
            ("of",) if any(w in suffixes for w in words) else ()
        )  # "the 3rd of May"
        return sorted(numbers) == sorted(wanted) and month in words and all(w in allowed for w in words)


def find_dates(text: str, lang: str) -> list[Date]:
    """The dates `text` names, left to right (none for a language other than English and Spanish, nor for
    a day a month has not, such as "February 30")."""
    if lang not in _SOURCE:
        return []
    found = []
    for match in _SOURCE[lang].finditer(text):
        groups = {name[0]: value for name, value in match.groupdict().items() if value is not None}
        month = next(i for i, name in enumerate(MONTHS[lang], 1) if name.lower() == groups["m"].lower())
        day = int(groups["d"]) if "d" in groups else None
        year = int(groups["y"]) if "y" in groups else None
        try:
            datetime.date(year or 2000, month, day or 1)  # 2000: a leap year, where a date has no year
        except ValueError:
            continue
        if day == 0:
            continue
        found.append(Date(month, day, year))
    return found


def repair_dates(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`translation` with the dates of `source` it got wrong written as `tgt_lang` writes them (see the
    module's notes): only where it has as many dates as the source, each in its place."""
    if tgt_lang not in MONTHS:
        return translation
    dates = find_dates(source, src_lang)
    if not dates:
        return translation
    runs = [m for m in DATE_RUN.finditer(translation) if re.search(r"\d", m.group())]
    if len(runs) != len(dates):
        return translation
    for date, run in reversed(list(zip(dates, runs, strict=True))):
        if date.named_by(run.group(), tgt_lang):
            continue
        before = translation[: run.start()]
        if date.day is not None:
            before = _day_preposition(before, tgt_lang)
        translation = before + date.written(tgt_lang) + translation[run.end() :]
    return translation


def _day_preposition(before: str, lang: str) -> str:
    """`before` (the text before a day's date) with its last words made the day's preposition
    (`_DAY_PREPOSITION`: "en" → "el", "in the" → "on"), the first letter's case kept."""
    month_words, day_word = _DAY_PREPOSITION[lang]
    match = re.search(rf"\b({month_words})\s+$", before, re.IGNORECASE)
    if match is None:
        return before
    word = match.group(1)
    replacement = day_word.capitalize() if word[0].isupper() else day_word
    if replacement.lower() == word.lower():
        return before
    return before[: match.start(1)] + replacement + before[match.end(1) :]


# Centuries: an ordinal number and "century" in English ("the 19th century", "19th-century"), "siglo"
# and a number in Spanish ("el siglo 19", as `read_centuries` leaves Roman numerals).
_SOURCE_CENTURY = {
    "en": re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"),
    "es": re.compile(r"\b[Ss]iglo\s+(\d{1,2})\b"),
}
# A century as a translation wrote it, right or garbled: Spanish "siglo 19", "siglo de 19th", "19th
# siglo", "siglo mil18", "centuria de 14th", "(Siglo de12)"; English "19th century", "century 19",
# "century XIX", "21 century".
_NUMBER = r"(?:\d{1,2}(?:st|nd|rd|th)?|[IVXL]+)"
_CENTURY_RUN = {
    "es": re.compile(
        r"\b(?:(?:siglo|centuria)(?:\s+de(?:\s+la)?)?\s*(?:mil|mid-)?" + _NUMBER + r"(?:\s+siglo)?"
        r"|\d{1,2}(?:st|nd|rd|th)?\s+siglo)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+century|century\s+(?:of\s+(?:the\s+)?)?" + _NUMBER + r")\b",
        re.IGNORECASE,
    ),
}


def ordinal(number: int) -> str:
    """English's ordinal in digits: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def century_written(number: int, lang: str) -> str:
    """A century as `lang` writes it: "siglo 19" (digits, as the corpus's translators write it), "19th
    century"."""
    return f"siglo {number}" if lang == "es" else f"{ordinal(number)} century"


def find_centuries(text: str, lang: str) -> list[int]:
    """The numbers of the centuries `text` names, left to right (1 to 99; none for another language)."""
    pattern = _SOURCE_CENTURY.get(lang)
    return [n for n in (int(m.group(1)) for m in pattern.finditer(text)) if n > 0] if pattern else []


def repair_centuries(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`translation` with the centuries of `source` it wrote wrong or garbled written as `tgt_lang` writes
    them ("el siglo de 19th" → "el siglo 19"): only where it has as many as the source, each in its
    place, as `repair_dates` does. A century written as `century_written` has it stays as it is."""
    if tgt_lang not in _CENTURY_RUN:
        return translation
    centuries = find_centuries(source, src_lang)
    runs = list(_CENTURY_RUN[tgt_lang].finditer(translation)) if centuries else []
    if not centuries or len(runs) != len(centuries):
        return translation
    for number, run in reversed(list(zip(centuries, runs, strict=True))):
        wanted = century_written(number, tgt_lang)
        if run.group().lower() == wanted.lower():
            continue
        if run.group()[0].isupper():
            wanted = wanted[0].upper() + wanted[1:]
        translation = translation[: run.start()] + wanted + translation[run.end() :]
    return translation


def written_right(source: str, translation: str, src_lang: str, tgt_lang: str) -> tuple[int, int]:
    """How many of the dates and centuries `source` names `translation` writes as `tgt_lang` writes them,
    and how many it names (`python -m bench numerals` counts them; ("", ...) gives how many a line names)."""
    dates = find_dates(source, src_lang)
    runs = [m.group() for m in DATE_RUN.finditer(translation)]
    right = sum(any(d.named_by(run, tgt_lang) for run in runs) for d in dates)
    centuries = find_centuries(read_centuries(source, src_lang), src_lang)
    right += sum(
        re.search(rf"\b{re.escape(century_written(n, tgt_lang))}\b", translation, re.IGNORECASE) is not None
        for n in centuries
    )
    return right, len(dates) + len(centuries)


WEEKDAYS = {lang: [str(get_day_names("wide", locale=lang)[d]) for d in range(7)] for lang in LANGUAGES}
# Each day's name as a word, any case: compiled once, searched in every output.
_WEEKDAY_WORDS = {
    lang: [re.compile(rf"\b{name}\b", re.IGNORECASE) for name in names] for lang, names in WEEKDAYS.items()
}


def weekday_entries(src_lang: str, tgt_lang: str) -> dict[str, str]:
    """Lexicon entries for the days of the week (CLDR names): each day's lower-case name in `src_lang`, and
    its plural, -> the day in `tgt_lang` ({"saturday": "sábado", "saturdays": "sábados", "lunes":
    "Monday"}), for the fallback that replaces the words a model copied or made up
    (`translator.lexicon`): the models garble a day's name beside a date or another rare word ("Saturday
    is ..." -> "El saturnes es ..."). Spanish "lunes" to "viernes" are their own plurals (read as the
    singular); {} for a pair of languages other than English and Spanish."""
    if src_lang not in WEEKDAYS or tgt_lang not in WEEKDAYS or src_lang == tgt_lang:
        return {}
    entries = {}
    for source, target in zip(WEEKDAYS[src_lang], WEEKDAYS[tgt_lang], strict=True):
        entries[source.lower()] = target
        entries.setdefault(_plural(source, src_lang).lower(), _plural(target, tgt_lang))
    return entries


def _plural(day: str, lang: str) -> str:
    """A day's name in the plural: English adds "s"; Spanish adds it but to "lunes" ... "viernes"."""
    return day if lang == "es" and day.endswith("s") else day + "s"


def repair_weekdays(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`translation` with the days of the week of `source` that the model copied untranslated ("a
    Thursday" for "to Thursday") written in `tgt_lang` ("a jueves"): a day the source names, which the
    translation has in the source's language and not in its own. Spanish writes them in lower case (but
    to start a sentence), English with a capital."""
    if src_lang not in WEEKDAYS or tgt_lang not in WEEKDAYS or src_lang == tgt_lang:
        return translation
    for day, copied in enumerate(_WEEKDAY_WORDS[src_lang]):
        wanted = WEEKDAYS[tgt_lang][day]
        if (
            not copied.search(source)
            or not copied.search(translation)
            or _WEEKDAY_WORDS[tgt_lang][day].search(translation)
        ):
            continue

        def written(match: re.Match[str], wanted: str = wanted) -> str:
            before = match.string[: match.start()].rstrip()
            return wanted[0].upper() + wanted[1:] if not before or before[-1] in ".!?¿¡" else wanted

        translation = copied.sub(written, translation)
    return _weekday_preposition(source, translation, src_lang, tgt_lang)


# A day of the week as the source names it for when something happens ("on Monday", "el lunes", "los
# domingos"), and as a translation may have garbled its preposition ("en lunes", "en el jueves"; "the
# Monday", "on the Monday", "in Monday"): one pattern per language and day, compiled once.
_SOURCE_ON_DAY = {"en": r"\bon\s+{day}\b", "es": r"(?<=\w)\s+(?:el|los)\s+{day}\b"}
_GARBLED_ON_DAY = {
    "es": r"\b(?P<prep>en|sobre)\s+(?:(?:el|los)\s+)?(?P<day>{day})\b",
    "en": r"(?<=\w)(?P<prep>(?:\s+on)?\s+the|\s+in)\s+(?P<day>{day})\b",
}


def _day_patterns(templates: dict[str, str]) -> dict[str, list[re.Pattern[str]]]:
    """Per language, per day: `templates[lang]` with {day} the day's name or its plural (`_plural`)."""
    return {
        lang: [
            re.compile(
                template.format(day=f"(?:{re.escape(_plural(name, lang))}|{re.escape(name)})"), re.IGNORECASE
            )
            for name in WEEKDAYS[lang]
        ]
        for lang, template in templates.items()
    }


_SOURCE_ON_DAYS = _day_patterns(_SOURCE_ON_DAY)
_GARBLED_ON_DAYS = _day_patterns(_GARBLED_ON_DAY)


def _weekday_preposition(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`translation` with the preposition of each day the source names for when something happens
    written as the target language writes it: English "on Monday" is Spanish "el lunes" ("en lunes", "en
    el lunes" → "el lunes"; "on Sundays" → "los domingos"), and Spanish "el lunes" inside a sentence is
    English "on Monday" ("the Monday" → "on Monday"; a sentence's subject, "El lunes es ...", is left)."""
    for day, (said, garbled) in enumerate(
        zip(_SOURCE_ON_DAYS[src_lang], _GARBLED_ON_DAYS[tgt_lang], strict=True)
    ):
        found = said.search(source)
        if found is None:
            continue
        singular = WEEKDAYS[src_lang][day].lower()
        plural = not found.group().lower().endswith(singular)  # "on Mondays"; Spanish "lunes" reads singular

        def written(
            match: re.Match[str], plural: bool = plural, singular: str = WEEKDAYS[tgt_lang][day]
        ) -> str:
            name = match.group("day")
            if tgt_lang == "en":
                return " on " + name
            article = "los" if plural or name.lower() != singular.lower() else "el"
            return (article.capitalize() if match.group("prep")[0].isupper() else article) + " " + name

        translation = garbled.sub(written, translation)
    return translation


# Times of day. English "at 3 pm", "at 5:30 p.m.", "at 10 o'clock", "at 9:00" (a bare "at 7" may be
# anything); Spanish "a las 3 de la tarde", "a la 1:30", "a las 17:30", "a las 10 en punto".
_CLOCK = r"(?P<hour>[01]?\d|2[0-4])(?::(?P<minutes>[0-5]\d))?"
_SOURCE_TIME = {
    "en": re.compile(
        r"\b(?P<at>at\s+)?" + _CLOCK + r"(?:\s*(?P<part>[ap]\.?\s?m\b\.?|o[’']clock\b))?(?![\w:])",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?P<at>a\s+las?\s+)?"
        + _CLOCK
        + r"(?![\w:])(?:\s+y\s+(?P<quarter>media|cuarto)\b)?"
        + r"(?:\s+(?P<part>de\s+la\s+(?:mañana|tarde|noche)|en\s+punto)\b)?",
        re.IGNORECASE,
    ),
}
# The part of the day as the target writes it, by the source's words.
_PART = {
    "es": {"a": "a. m.", "p": "p. m.", "o": "en punto"},
    "en": {"mañana": "am", "tarde": "pm", "noche": "pm", "en punto": "o'clock"},
}
# The words a model wrote about a copied time: a preposition before it ("en 3", "to 3", "a las 3") and
# the part of the day after it, in either language ("p.m.", "de la tarde", "at the evening").
_TIME_BEFORE = r"(?i:\b(?:en|a|sobre|at|to|in|on)\s+(?:las?\s+|the\s+)?)?"
# What may follow a bare Spanish "a las 10" that is a time ("a las 3 niñas" is not).
_AFTER_BARE_HOUR = re.compile(
    r"\s*(?:$|[.,;:!?)]|(?:y|o|hasta|horas?|h|del?|en|para|cuando)\b)", re.IGNORECASE
)
_TIME_AFTER = (
    r"(?:\s+and\s+(?:a\s+)?(?:half|quarter)\b)?"
    r"(?:\s*(?:[ap]\.?\s?m\b\.?|o[’']clock\b|en\s+punto\b"
    r"|(?:de|at|in|of)\s+the\s+(?:morning|afternoon|evening|night)\b|de\s+la\s+(?:mañana|tarde|noche)\b))?"
)


@dataclass(frozen=True)
class Time:
    clock: str  # "3", "5:30": as the source writes it, "las 8 y media" as "8:30"
    part: str  # the target's words for the part of the day ("p. m.", "pm", "en punto") or ""
    at: bool  # the source says "at" / "a las": the target says "a las" / "at"
    digits: str = ""  # the source's digits, where they are not `clock` ("8" of "las 8 y media")

    def written(self, lang: str) -> str:
        """The time as `lang` writes it: "a las 5:30 p. m.", "a la 1", "at 3 pm"."""
        words = [self.clock] + ([self.part] if self.part else [])
        if self.at:
            hour = int(self.clock.split(":")[0])
            words.insert(0, "at" if lang == "en" else "a la" if hour == 1 else "a las")
        return " ".join(words)


def find_times(text: str, lang: str) -> list[Time]:
    """The times of day `text` names with their part of the day ("at 3 pm", "a las 3 de la tarde") or in
    hours and minutes ("at 9:00", "a las 17:30"), or after "a las" in Spanish ("a las 10"), left to right."""
    pattern = _SOURCE_TIME.get(lang)
    found = []
    for match in pattern.finditer(text) if pattern else ():
        at, minutes, part = match.group("at"), match.group("minutes"), match.group("part")
        quarter = match.groupdict().get("quarter")  # Spanish only: "y media", "y cuarto"
        bare = at and lang == "es" and _AFTER_BARE_HOUR.match(text, match.end()) is not None
        if not (part or minutes or bare or quarter):
            continue  # "at 7", "7", "a las 3 niñas": a number
        words = ""
        if part:
            key = part.lower()
            key = key[0] if lang == "en" else "en punto" if "punto" in key else key.split()[-1]
            words = _PART["es" if lang == "en" else "en"][key]
        hour = match.group("hour")
        if quarter and not minutes:  # "las 8 y media": 8:30
            found.append(Time(f"{hour}:{30 if quarter.lower() == 'media' else 15}", words, bool(at), hour))
        else:
            found.append(Time(hour + (f":{minutes}" if minutes else ""), words, bool(at)))
    return found


def repair_times(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`translation` with the times of day of `source` (`find_times`) written as `tgt_lang` writes them
    ("La reunión está en 3 pm." → "La reunión está a las 3 p. m."): each where the translation has the
    source's digits once, with the preposition and the part of the day the model wrote about them."""
    if tgt_lang not in _PART or src_lang == tgt_lang:
        return translation
    for time in reversed(find_times(source, src_lang)):
        clock = re.escape(time.digits or time.clock)
        runs = list(re.finditer(_TIME_BEFORE + rf"(?<![\d:.,]){clock}(?![\d:])" + _TIME_AFTER, translation))
        if len(runs) != 1:
            continue
        run = runs[0]
        wanted = time.written(tgt_lang)
        if not time.at:  # no preposition to write: the model's stays
            digits = re.search(rf"(?<![\d:.,]){clock}", run.group())
            assert digits is not None
            wanted = run.group()[: digits.start()] + wanted
        if run.group()[:1].isupper():
            wanted = wanted[0].upper() + wanted[1:]
        translation = translation[: run.start()] + wanted + translation[run.end() :]
    return translation


def repair_numerals(source: str, translation: str, src_lang: str, tgt_lang: str) -> str:
    """`repair_dates`, `repair_centuries`, `repair_times` and `repair_weekdays`."""
    translation = repair_dates(source, translation, src_lang, tgt_lang)
    translation = repair_centuries(source, translation, src_lang, tgt_lang)
    translation = repair_times(source, translation, src_lang, tgt_lang)
    return repair_weekdays(source, translation, src_lang, tgt_lang)


_ROMAN_CENTURY = re.compile(
    r"\b(?P<word>[Ss]iglos?)\s+(?P<first>[IVXL]+)\b(?P<rest>(?:(?:\s*,\s*|\s+(?:y|e|al|a|o)\s+|\s*-\s*)[IVXL]+\b)*)"
)
_ROMAN = re.compile(r"[IVXL]+")


def read_centuries(text: str, lang: str) -> str:
    """`text` with Spanish centuries in Roman numerals written in digits ("el siglo XIX" → "el siglo 19",
    "los siglos XV y XVI" → "los siglos 15 y 16"); a numeral that is not one ("siglo XIIII") stays as it
    is. English text, and any language other than Spanish, is returned as it is."""
    if lang != "es":
        return text

    def digits(match: re.Match[str]) -> str:
        numerals = [match.group("first")] + _ROMAN.findall(match.group("rest"))
        try:
            values = [roman.fromRoman(n) for n in numerals]
        except roman.InvalidRomanNumeralError:
            return match.group()
        out = f"{match.group('word')} {values[0]}"
        return out + _ROMAN.sub(lambda m: str(values.pop(1)), match.group("rest"))

    return _ROMAN_CENTURY.sub(digits, text)
