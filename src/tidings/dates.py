"""Temporal expressions → dates with a precision, resolved against the publication date.

News dates are mostly relative ("on Thursday", "in February", "last week"): without
a publication date they stay unresolved, and say why.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from tidings.data import load_tsv, split
from tidings.model import TimeExpr

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
# "a year ago", "the year-earlier period": in a story about a quarter, that quarter a year before
YEAR_BEFORE = re.compile(r"\b(?:a\s+year\s+(?:ago|earlier|before)|year[- ](?:ago|earlier))\b")
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|2[01]\d\d)"
_ORDINAL = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}
SEASON_MONTH = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
QUARTER_SHIFT = {"year-ago": -5, "year-earlier": -5, "latest": -1, "last": -1, "previous": -1,
                 "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")),
    ("quarter", re.compile(r"(?:" + _YEAR + r"\s+)?" + _ORDINAL + r"[\s-]+quarter"
                           r"(?:\s+of\s+(?P<year2>1[89]\d\d|2[01]\d\d))?")),
    ("relquarter", re.compile(r"^(?P<rel>year-ago|year-earlier|latest|last|previous|past|this|"
                              r"current|next|coming)?\s*quarter$")),
    ("season", re.compile(r"^(?:(?P<rel>last|next|this|early|late|the)\s+)?"
                          r"(?P<season>spring|summer|fall|autumn|winter)"
                          r"(?:\s+of\s+" + _YEAR + r")?$")),
    ("decade", re.compile(r"^(?:(?:early|mid|late)[\s-]*)?(?:(?P<century>1[89]|20)|')?"
                          r"(?:(?P<decade>\d)0'?s|(?P<word>" + "|".join(DECADE_WORDS) + r"))$")),
    ("mdy", re.compile(_MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("dmy", re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("my", re.compile(_MONTH + r",?\s+(?:of\s+)?" + _YEAR)),
    ("weekday", re.compile(r"(?P<rel>last|next|this|past)?\s*(?P<weekday>"
                           + "|".join(WEEKDAYS) + r")")),
    ("weekend", re.compile(r"^(?:(?P<rel>last|next|this|past|coming)\s+)?weekend$")),
    ("relday", re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow|this morning|"
                          r"this afternoon|this evening|last night)\b")),
    ("relunit", re.compile(r"\b(?P<rel>last|next|this|past|previous|coming)\s+"
                           r"(?P<unit>week|month|year)\b")),
    ("ago", re.compile(r"\b(?P<n>\d+|one|a|an|two|three|four|five|six|seven|eight|nine|ten)\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b")),
    ("month", re.compile(r"^(?:(?P<rel>last|next|this|early|late|mid|earlier|later)\s*-?\s*)?"
                         + _MONTH + r"$")),
    ("year", re.compile(r"^(?:(?:the\s+)?(?:year|early|late|mid|end of|start of|fiscal|"
                        r"fiscal year)\s*-?\s*)?" + _YEAR + r"$")),
    ("yearbefore", re.compile(r"^(?:the\s+)?" + YEAR_BEFORE.pattern
                              + r"(?:\s+(?:period|quarter|level|results?))?$")),
    ("thisyear", re.compile(r"^(?:current\s+|full\s+|calendar\s+)?(?:fiscal\s+)?year$")),
]


@cache
def _references() -> dict[str, str]:
    """Phrases that only point to the present, past or future (timerefs.tsv) → which."""
    out: dict[str, str] = {}
    for row in load_tsv("timerefs.tsv"):
        for words in split(row["words"]):
            for unit in split(row.get("units", "")) or [""]:
                out[f"{words} {unit}".strip()] = row["ref"]
    return out


@cache
def _loose_pattern() -> re.Pattern[str]:
    """What tidings takes for a date where the parser saw none: the reference phrases, the
    days next to today, and a capitalised month with a day ("Sept. 30")."""
    phrases = sorted(_references(), key=len, reverse=True)
    months = "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))
    return re.compile(r"\b(?:(?i:" + "|".join(map(re.escape, phrases))
                      + r"|today|tonight|yesterday|tomorrow)|(?:" + months
                      + r")\.?\s+\d{1,2}\b(?:,\s+" + _YEAR + r")?)(?!\w)")


def reference(expr: str) -> str | None:
    """"past", "present" or "future" for "recently", "now", "in the coming years"."""
    text = re.sub(r"\s+", " ", expr.lower().strip(" ,."))
    table = _references()
    bare = re.sub(r"^(?:in|during|over|for|of|until|by)\s+", "", text)
    return table.get(text) or table.get(bare)


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month_start(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _nearest_month(month: int, ref: date, tense: str | None) -> date:
    """The `month` in the direction the tense points, else the one nearest the reference."""
    if tense is None:
        ahead = (month - ref.month) % 12
        tense = "future" if 0 < ahead < 6 else "past"
    year = ref.year
    if tense == "future" and month < ref.month:
        year += 1
    elif tense == "past" and month > ref.month:
        year -= 1
    return date(year, month, 1)


def resolve(expr: str, ref: date | None, tense: str | None = None
            ) -> tuple[str | None, str, str]:
    """(ISO date of the period's first day, precision, note) for one expression.

    `tense` ("past", "future" or None) of the clause decides which "April" or "Friday"
    is meant; without one, a month is the nearest and a weekday the last.
    """
    try:
        return _resolve(expr, ref, tense)
    except (ValueError, OverflowError):  # "last year" written in the year 1
        return None, "unknown", "outside the calendar (years 1 to 9999)"


def _resolve(expr: str, ref: date | None, tense: str | None) -> tuple[str | None, str, str]:
    ref_kind = reference(expr)
    if ref_kind is not None:  # "now" is the publication date; "recently" no date at all
        day = ref.isoformat() if ref is not None and ref_kind == "present" else None
        return day, f"{ref_kind}_ref", f"the {ref_kind}, no period named"
    text = re.sub(r"\s+", " ", expr.lower().strip(" ,."))
    text = re.sub(r"^(?:(?:in|on|at|during|by|of|early|late)\s+)?(?:the\s+)?", "", text)
    for kind, pattern in PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        if kind == "iso":
            try:
                return date(int(g["year"]), int(g["month"]), int(g["day"])).isoformat(), "day", ""
            except ValueError:
                continue
        if kind in ("mdy", "dmy"):
            month, day = MONTHS[g["month"]], int(g["day"])
            if g.get("year"):
                year = int(g["year"])
            elif ref is not None:
                year = _nearest_month(month, ref, tense).year
                if date(year, month, 1) == date(ref.year, ref.month, 1):
                    year = ref.year
            else:
                return None, "unknown", "day and month without a year, no publication date"
            try:
                return date(year, month, day).isoformat(), "day", ""
            except ValueError:
                continue
        if kind == "quarter":
            year = g.get("year") or g.get("year2")
            q = ORDINALS[g["ord"]]
            if year:
                return date(int(year), 3 * q - 2, 1).isoformat(), "quarter", ""
            if ref is None:
                return None, "unknown", "quarter without a year, no publication date"
            current = (ref.month - 1) // 3 + 1
            year_of = ref.year if q <= current or tense == "future" else ref.year - 1
            year_of -= bool(YEAR_BEFORE.search(text))  # "the year-earlier third quarter"
            return date(year_of, 3 * q - 2, 1).isoformat(), "quarter", ""
        if kind == "season":
            month = SEASON_MONTH[g["season"]]
            if g.get("year"):
                return date(int(g["year"]), month, 1).isoformat(), "season", ""
            if ref is None:
                return None, "unknown", "season without a year, no publication date"
            rel = g.get("rel")
            if rel in ("next", "last"):
                tense = "future" if rel == "next" else "past"
            start = _nearest_month(month, ref, tense if rel != "this" else None)
            return start.isoformat(), "season", ""
        if kind == "decade":
            decade = (DECADE_WORDS[g["word"]] if g.get("word") else int(g["decade"])) * 10
            if g.get("word") and not g.get("century"):  # "the nineties"
                return date(1900 + decade, 1, 1).isoformat(), "decade", ""
            if g.get("century"):
                start = int(g["century"]) * 100 + decade
            else:  # "the '80s": the last such decade
                century = ref.year // 100 if ref else 19
                if ref and decade > ref.year % 100:
                    century -= 1
                start = century * 100 + decade
            return date(start, 1, 1).isoformat(), "decade", ""
        if kind == "my":
            return date(int(g["year"]), MONTHS[g["month"]], 1).isoformat(), "month", ""
        if kind == "year":
            return date(int(g["year"]), 1, 1).isoformat(), "year", ""
        if ref is None:
            return None, "unknown", "relative date, no publication date known"
        if kind == "weekday":
            return _weekday(WEEKDAYS[g["weekday"]], g.get("rel"), ref, tense), "day", ""
        if kind == "weekend":
            rel = g.get("rel")
            ahead = tense == "future" or rel in ("next", "coming")
            if rel == "this" and ref.weekday() < 5:
                ahead = True
            saturday = _weekday(5, "next" if rel == "next" else None, ref,
                                "future" if ahead else "past")
            return saturday, "weekend", ""
        if kind == "yearbefore":
            return date(ref.year - 1, 1, 1).isoformat(), "year", ""
        if kind == "thisyear":
            return date(ref.year, 1, 1).isoformat(), "year", ""
        if kind == "relday":
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(g["word"], 0)
            return (ref + timedelta(days=shift)).isoformat(), "day", ""
        if kind == "relquarter":
            index = ref.year * 4 + (ref.month - 1) // 3 + QUARTER_SHIFT.get(g["rel"] or "last", -1)
            return date(index // 4, 3 * (index % 4) + 1, 1).isoformat(), "quarter", ""
        if kind == "relunit":
            step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(
                g["rel"], 0)
            return _unit_start(g["unit"], step, ref), g["unit"], ""
        if kind == "ago":
            n = NUMBER_WORDS.get(g["n"]) or int(g["n"])
            if g["unit"] == "day":
                return (ref - timedelta(days=n)).isoformat(), "day", ""
            return _unit_start(g["unit"], -n, ref), g["unit"], ""
        if kind == "month":
            month = MONTHS[g["month"]]
            rel = g.get("rel")
            if rel in ("next", "last"):
                tense = "future" if rel == "next" else "past"
            if rel == "this":  # "this September": of the year of publication
                return date(ref.year, month, 1).isoformat(), "month", ""
            start = _nearest_month(month, ref, tense)
            if rel == "last" and start == date(ref.year, ref.month, 1):
                start = date(ref.year - 1, month, 1)
            return start.isoformat(), "month", ""
    return None, "unknown", "not a date tidings can resolve"


def _weekday(weekday: int, rel: str | None, ref: date, tense: str | None) -> str:
    """The weekday the tense points to; with none, the nearer of last and next (a news
    "Tuesday" written on a Monday is tomorrow)."""
    if tense is None and rel is None:
        ahead = (weekday - ref.weekday()) % 7
        tense = "future" if 0 < ahead <= 2 else "past"
    if tense == "future" or rel == "next":
        delta = (weekday - ref.weekday()) % 7 or (7 if rel == "next" else 0)
        return (ref + timedelta(days=delta)).isoformat()
    delta = (ref.weekday() - weekday) % 7
    if rel in ("last", "past") and delta == 0:
        delta = 7
    return (ref - timedelta(days=delta)).isoformat()


def _unit_start(unit: str, step: int, ref: date) -> str:
    if unit == "day":
        return (ref + timedelta(days=step)).isoformat()
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday())
        return (monday + timedelta(weeks=step)).isoformat()
    if unit == "month":
        return _month_start(ref, step).isoformat()
    return date(ref.year + step, 1, 1).isoformat()


def _tense(tok) -> str | None:  # noqa: ANN001 - spaCy Token
    """Past or future, from the verbs governing a time expression."""
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX"):
            aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            if aux & {"will", "shall", "'ll"}:
                return "future"
            if verb.tag_ == "VBD" or aux & {"had", "did", "was", "were"}:
                return "past"
            if aux & {"has", "have"}:
                return "past"
            if verb.lemma_ in ("plan", "schedule", "expect") or verb.dep_ not in (
                    "xcomp", "ccomp", "conj", "advcl", "pcomp"):
                return "future" if verb.lemma_ in ("plan", "schedule", "expect") else None
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def tag(doc, published: date | None) -> list[TimeExpr]:  # noqa: ANN001 - spaCy Doc
    """Time expressions among the parser's DATE entities, resolved."""
    out: list[TimeExpr] = []
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    quarter: date | None = None  # the last quarter the story spoke of
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        value, precision, note = resolve(ent.text, published, tense=_tense(ent.root))
        if precision == "quarter" and not YEAR_BEFORE.search(ent.text.lower()):
            quarter = parse_iso(value)
        elif quarter and precision == "year" and YEAR_BEFORE.search(ent.text.lower()):
            value, precision = quarter.replace(year=quarter.year - 1).isoformat(), "quarter"
            note = "the quarter the story speaks of, a year before"
        out.append(TimeExpr(ent.text, ent.start_char, ent.end_char, value, precision, note,
                            sent_index[ent.sent.start]))
    # "now", "recently", "Sept. 30": the parser does not always call them dates
    taken = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    for m in _loose_pattern().finditer(doc.text):
        span = doc.char_span(m.start(), m.end())
        if span is None or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value, precision, note = resolve(m.group(), published)
        out.append(TimeExpr(m.group(), m.start(), m.end(), value, precision, note,
                            sent_index[span.sent.start]))
    return sorted(out, key=lambda t: t.start)
