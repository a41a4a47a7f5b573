"""Time expressions against TimeML gold (TempEval-3 `.tml`), with the creation time as reference.

Format: a TimeML document (`<TimeML>`) whose `<TEXT>` holds the article with inline
`<TIMEX3 tid type value>…</TIMEX3>` (and `<EVENT>`, `<SIGNAL>` tags, ignored). The document
creation time is the TIMEX3 with `functionInDocument="CREATION_TIME"` (usually in `<DCT>`); its
day is the publication date tidings resolves relative expressions against. The path is one
`.tml` file or a folder searched recursively.

The tags are stripped to plain text with offsets and the text goes through the parser and
`tidings.dates.tag`, as the pipeline's time stage does. tidings only tags date-like
expressions (the parser's DATE entities) and normalises them to a day, week, month or year, so
the headline scores are against TIMEX3 of type DATE; `all_*` repeat the span scores against
every type (DATE, TIME, DURATION, SET), and `details["types"]` gives the relaxed recall per type.

Metrics (TempEval-3's span measures):

* `date_strict_*` / `all_strict_*`: precision/recall/F1 of exact spans;
* `date_relaxed_*` / `all_relaxed_*`: one-to-one pairs of overlapping spans, largest overlap
  first. Every tidings expression counts as a prediction, also against DATE-only gold, so
  durations tidings tags are false positives there (`details["fp_on_other_types"]`);
* `value_accuracy_matched`: among DATE timexes a prediction overlaps, the share whose TimeML
  value equals tidings' date written at its precision (day `YYYY-MM-DD`, month `YYYY-MM`, year
  `YYYY`, week `YYYY-Www`); `value_accuracy`: the same correct values over all gold DATEs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tidings.dates import parse_iso
from tidings.evaluate.scoring import match_spans, prf
from tidings.model import TidingsError, TimeExpr

MAX_REPORTED = 20  # problems and value mistakes listed in the details
TYPES = ("DATE", "TIME", "DURATION", "SET")
# TimeML's values for expressions that name no period (TimeML 1.2.1, TIMEX3 `value`)
REFERENCES = {"past_ref": "PAST_REF", "present_ref": "PRESENT_REF", "future_ref": "FUTURE_REF"}



@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeDoc:
    id: str
    text: str
    dct: date | None
    timexes: list[Timex] = field(default_factory=list)


# -- scoring helpers ---------------------------------------------------------------------------




def timeml_value(expr: TimeExpr) -> str | None:
    """tidings' (date, precision) in TimeML's value format; None when it has no date."""
    if expr.precision in REFERENCES:  # "now", "recently": a reference, with or without a day
        return REFERENCES[expr.precision]
    day = parse_iso(expr.date)
    if day is None:
        return None
    if expr.precision == "day":
        return day.isoformat()
    if expr.precision == "month":
        return day.isoformat()[:7]
    if expr.precision == "year":
        return f"{day.year:04d}"
    if expr.precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if expr.precision == "weekend":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}-WE"
    if expr.precision == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if expr.precision == "season":
        return f"{day.year:04d}-" + {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[day.month]
    if expr.precision == "decade":
        return f"{day.year // 10:03d}"
    return None


def iso_week(value: str) -> str:
    """A TimeML value with its week number in two digits, as ISO 8601 writes it: some gold
    files have "2000-W7" for the week tidings (and the standard) writes "2000-W07"."""
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)


# -- reader -------------------------------------------------------------------------------------
def _flatten(element: ET.Element) -> tuple[str, list[Timex]]:
    """The element's text without tags, and its TIMEX3 with offsets into that text."""
    parts: list[str] = []
    timexes: list[Timex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            start = length
            walk(child)
            if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
                timexes.append(Timex(start, length, "".join(child.itertext()),
                                     child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(element)
    return "".join(parts), timexes


def parse(source: str | bytes, name: str) -> TimeDoc:
    """One TimeML document; TidingsError names what is missing."""
    try:
        root = ET.fromstring(source)
    except ET.ParseError as exc:
        raise TidingsError(f"{name}: not readable XML ({exc})") from exc
    body = root.find(".//TEXT")
    if body is None:
        raise TidingsError(f"{name}: no <TEXT>")
    text, timexes = _flatten(body)
    creation = next((t for t in root.iter("TIMEX3")
                     if t.get("functionInDocument") == "CREATION_TIME"), None)
    dct = parse_iso(creation.get("value")) if creation is not None else None
    return TimeDoc(root.findtext(".//DOCID") or name, text, dct, timexes)


def read(path: Path, limit: int | None, problems: list[str]) -> Iterator[TimeDoc]:
    """TimeML documents of a file or folder, in name order; a bad file is reported."""
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    for count, file in enumerate(files):
        if limit is not None and count >= limit:
            return
        try:
            doc = parse(file.read_bytes(), file.name)
        except (OSError, TidingsError) as exc:
            problems.append(str(exc))
            continue
        if doc.dct is None:
            problems.append(f"{file.name}: no creation time; relative dates left unresolved")
        yield doc


# -- running ------------------------------------------------------------------------------------
def _tag(docs: Iterable[TimeDoc]) -> Iterator[tuple[TimeDoc, list[TimeExpr]]]:
    """Each document with tidings' time expressions, resolved against its creation time."""
    from tidings import dates
    from tidings.pipeline import default

    nlp = default().nlp
    for parsed, doc in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=16):
        yield doc, dates.tag(parsed, doc.dct)


@dataclass
class Tally:
    """Counts accumulated over documents."""

    predicted: int = 0
    gold: Counter[str] = field(default_factory=Counter)  # per TIMEX3 type
    found: Counter[str] = field(default_factory=Counter)  # relaxed matches per type
    tp: Counter[str] = field(default_factory=Counter)  # "date_strict", "all_relaxed", ...
    fp_on_other_types: int = 0
    values_right: int = 0
    values_unspecified: int = 0  # gold says the same with unknown parts: "1968-XX" for "1968"
    value_misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, doc: TimeDoc, times: Sequence[TimeExpr]) -> None:
        pred = [(t.start, t.end) for t in times]
        self.predicted += len(pred)
        self.gold.update(t.type for t in doc.timexes)
        dates_only = [t for t in doc.timexes if t.type == "DATE"]
        date_spans = [(t.start, t.end) for t in dates_only]
        all_spans = [(t.start, t.end) for t in doc.timexes]
        date_pairs = match_spans(date_spans, pred, exact=False)
        every = match_spans(all_spans, pred, exact=False)
        self.tp["date_strict"] += len(match_spans(date_spans, pred, exact=True))
        self.tp["all_strict"] += len(match_spans(all_spans, pred, exact=True))
        self.tp["date_relaxed"] += len(date_pairs)
        self.tp["all_relaxed"] += len(every)
        self.found.update(doc.timexes[i].type for i, _ in every)
        self.fp_on_other_types += sum(doc.timexes[i].type != "DATE" for i, _ in every)
        for i, j in date_pairs:
            gold, value = iso_week(dates_only[i].value), timeml_value(times[j])
            if value == gold:
                self.values_right += 1
                continue
            if value and gold.startswith(value + "-X"):
                self.values_unspecified += 1
            if len(self.value_misses) < MAX_REPORTED:
                self.value_misses.append({
                    "doc": doc.id, "text": times[j].text, "gold": gold, "tidings": value,
                    "precision": times[j].precision,
                    "dct": doc.dct.isoformat() if doc.dct else None})

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        totals = {"date": self.gold["DATE"], "all": sum(self.gold.values())}
        for scope in ("date", "all"):
            for match in ("strict", "relaxed"):
                p, r, f = prf(self.tp[f"{scope}_{match}"], self.predicted, totals[scope])
                out.update({f"{scope}_{match}_precision": p, f"{scope}_{match}_recall": r,
                            f"{scope}_{match}_f1": f})
        matched = self.tp["date_relaxed"]
        out["value_accuracy_matched"] = self.values_right / matched if matched else 0.0
        out["value_accuracy"] = self.values_right / totals["date"] if totals["date"] else 0.0
        return out


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Tag every document's time expressions and score spans and values against TIMEX3."""
    if fmt != "timeml":
        raise TidingsError(f"time: unknown format {fmt!r} (timeml)")
    problems: list[str] = []
    tally = Tally()
    n = 0
    for doc, times in _tag(read(path, limit, problems)):
        tally.add(doc, times)
        n += 1
    details = {
        "documents": n, "predicted": tally.predicted, "gold": dict(tally.gold),
        "types": {t: {"gold": tally.gold[t], "relaxed_recall":
                      round(tally.found[t] / tally.gold[t], 4) if tally.gold[t] else 0.0}
                  for t in TYPES},
        "fp_on_other_types": tally.fp_on_other_types, "value_correct": tally.values_right,
        "value_equal_but_for_unspecified_parts": tally.values_unspecified,
        "value_misses": tally.value_misses, "problem_count": len(problems),
        "problems": problems[:MAX_REPORTED],
    }
    return n, tally.metrics(), details
