"""Toponym recognition and resolution, scored as the geoparsing literature does.

Formats:

* `lgl-xml`: the XML of LGL (Lieberman et al. 2010), TR-News, GeoVirus and GeoWebNews as
  Gritta et al. redistribute them: `<articles><article><text>` with `<toponyms><toponym>`
  (`<phrase>`/`<extractedName>`, `<start>`, `<end>`, coordinates in `<gaztag geonameid>`
  `<lat><lon>` or `<latitude><longitude>`) or GeoVirus' `<locations><location>` (`<name>`,
  `<start>`, `<end>`, `<lat>`, `<lon>`). Toponyms without coordinates still count for
  recognition. GeoWebNews' `*Expression` types are common nouns ("the lot"), not toponyms,
  and are left out. Some published offsets are a few characters off their phrase (TR-News);
  such toponyms are moved to the nearest occurrence of the phrase and counted in `realigned`.
* `gritta-flat`: `*_gold.txt` as Gritta's `prepare_lgl` writes it: one line per article,
  toponyms `name,,phrase,,lat,,lon,,start,,end[,,area]` each followed by `||` (only those
  with coordinates). The texts are not in the file: they come from a folder named after the
  corpus holding one file per article numbered from 0 (`lgl/0`, `lgl/1`, ...), else from the
  corpus XML beside it (`lgl_gold.txt` → `lgl.xml`), article i for line i.

Each article's text goes through the pipeline without the cleaner (which may drop lines), so
offsets match the gold; the predictions are `Analysis.places`.

Metrics:

* recognition: precision/recall/F1 of toponym spans, `exact_*` (same offsets) and
  `overlap_*` (one-to-one pairs of overlapping spans, largest overlap first);
* resolution, over gold toponyms with coordinates that an overlapping prediction found:
  `acc_161km` (great-circle error ≤ 161 km, i.e. 100 miles), `mean_error_km`,
  `median_error_km` and `auc`, the area under the curve of sorted normalised log errors
  (Gritta et al. 2018, "What's missing in geographical parsing?"): the mean over toponyms of
  ln(1 + error_km) / ln(20039), 0 perfect, 1 every toponym on the far side of the Earth. (The
  authors' script integrates the same sorted curve with the trapezoid rule, which differs only
  in how the two end points are weighted.) A recognised place tidings could not put on the map
  counts as the maximum error.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.clean import Cleaned
from tidings.evaluate.scoring import match_spans, prf
from tidings.model import Place, RawArticle, TidingsError

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
MAX_ERROR_KM = 20039.0  # the literature's worst case, half the equator
ACCURACY_KM = 161.0
REALIGN_WINDOW = 16  # characters either side searched for a phrase whose offsets are off
MAX_REPORTED = 20  # problems and worst errors listed in the details



@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass
class Article:
    id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)
    published: str | None = None
    realigned: int = 0


# -- scoring helpers ---------------------------------------------------------------------------
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a spherical Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc(errors_km: Sequence[float]) -> float:
    """Mean of ln(1 + error) / ln(MAX_ERROR_KM): the normalised area under the error curve."""
    if not errors_km:
        return 0.0
    top = math.log(MAX_ERROR_KM)
    return sum(min(math.log1p(e), top) / top for e in errors_km) / len(errors_km)






# -- readers ------------------------------------------------------------------------------------
def _float(element: ET.Element, *names: str) -> float | None:
    for name in names:
        value = element.findtext(name)
        if value and value.strip():
            return float(value)
    return None


def _align(text: str, start: int, end: int, phrase: str) -> tuple[int, int, bool]:
    """Published offsets, or those of the nearest occurrence of the phrase when they are off."""
    if not phrase or text[start:end] == phrase:
        return start, end, False
    lo = max(0, start - REALIGN_WINDOW)
    hits = []
    at = text.find(phrase, lo, start + REALIGN_WINDOW + len(phrase))
    while at != -1:
        hits.append(at)
        at = text.find(phrase, at + 1, start + REALIGN_WINDOW + len(phrase))
    if not hits:
        return start, end, False
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(phrase), True


def _toponym(element: ET.Element, text: str) -> tuple[Toponym, bool] | None:
    """One `<toponym>`/`<location>`; None for GeoWebNews expressions (not toponyms)."""
    if "Expression" in (element.findtext("type") or ""):
        return None
    phrase = next((v for v in (element.findtext(n) for n in ("phrase", "extractedName", "name"))
                   if v), "")
    start, end = int(element.findtext("start") or ""), int(element.findtext("end") or "")
    start, end, moved = _align(text, start, end, phrase.strip())
    gaztag = element.find("gaztag")
    source = gaztag if gaztag is not None else element
    lat, lon = _float(source, "lat", "latitude"), _float(source, "lon", "longitude")
    gid = (gaztag.get("geonameid") if gaztag is not None else None) or element.findtext(
        "geonamesID")
    return Toponym(start, end, phrase, lat, lon,
                   int(gid) if gid and gid.strip().isdigit() else None), moved


def read_xml(path: Path, limit: int | None, problems: list[str], toponyms: bool = True
             ) -> Iterator[Article]:
    """Articles of an LGL-style XML file, streamed; a bad toponym or article is reported.

    `toponyms=False` reads the texts only (for a flat gold file that annotates them)."""
    count = 0
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag != "article":
                continue
            if limit is not None and count >= limit:
                return
            doc_id = element.get("docid") or str(count)
            text = element.findtext("text") or ""
            dltime = (element.findtext("dltime") or "").strip()
            article = Article(doc_id, text, published=dltime[:10] or None)
            items = [*element.iterfind("toponyms/toponym"),
                     *element.iterfind("locations/location")] if toponyms else []
            for item in items:
                try:
                    parsed = _toponym(item, text)
                except ValueError as exc:
                    problems.append(f"{path.name} article {doc_id}: bad toponym ({exc})")
                    continue
                if parsed:
                    article.toponyms.append(parsed[0])
                    article.realigned += parsed[1]
            element.clear()
            count += 1
            yield article
    except ET.ParseError as exc:
        problems.append(f"{path.name}: XML stops being readable ({exc}); scored what came before")


def _texts(path: Path, problems: list[str]) -> Iterator[tuple[str, str, str | None]]:
    """(id, text, published) per article of the corpus a flat gold file annotates."""
    corpus = path.name.removesuffix(".txt").removesuffix("_gold")
    folder = path.parent / corpus
    if folder.is_dir():
        i = 0
        while (folder / str(i)).is_file():
            yield str(i), (folder / str(i)).read_text(encoding="utf-8"), None
            i += 1
        return
    xml = next((p for p in sorted(path.parent.glob("*.xml"))
                if p.stem.lower() == corpus.lower()), None)
    if xml is None:
        raise TidingsError(f"{path}: no texts for it; expected the folder {folder} (files 0, 1, "
                           f"...) or {corpus}.xml beside it")
    for article in read_xml(xml, None, problems, toponyms=False):
        yield article.id, article.text, article.published


def read_flat(path: Path, limit: int | None, problems: list[str]) -> Iterator[Article]:
    """Articles of a Gritta flat gold file, line i annotating the corpus' article i."""
    texts = _texts(path, problems)
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            source = next(texts, None)
            if source is None:
                problems.append(f"{path.name}: {n} texts for more gold lines; stopped at line "
                                f"{n + 1}")
                return
            doc_id, text, published = source
            article = Article(doc_id, text, published=published)
            for record in line.rstrip("\n").split("||"):
                if not record.strip():
                    continue
                fields = record.split(",,")
                try:
                    lat, lon, start, end = (float(fields[2]), float(fields[3]), int(fields[4]),
                                            int(fields[5]))
                except (IndexError, ValueError):
                    problems.append(f"{path.name}:{n + 1}: bad record {record[:60]!r}")
                    continue
                article.toponyms.append(Toponym(start, end, fields[1], lat, lon))
            yield article


# -- running ------------------------------------------------------------------------------------
def _places(articles: Iterable[Article], problems: list[str]
            ) -> Iterator[tuple[Article, list[Place]]]:
    """Each article with the places the pipeline finds in its uncleaned text."""
    from tidings.pipeline import default

    pipeline = default()
    for doc, article in pipeline.nlp.pipe(((a.text, a) for a in articles), as_tuples=True,
                                          batch_size=16):
        raw = RawArticle(text=article.text, published=article.published, id=article.id,
                         origin=f"article {article.id}")
        try:
            places = pipeline.analyse(raw, Cleaned(article.text), doc).places
        except Exception as exc:  # noqa: BLE001 - one article must not stop the run
            problems.append(f"article {article.id}: analysis failed ({exc!r}); scored as no "
                            "places found")
            places = []
        yield article, places


@dataclass
class Tally:
    """Counts and errors accumulated over articles."""

    gold: int = 0
    gold_with_coords: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    unplaced: int = 0  # recognised, but tidings gave no coordinates
    realigned: int = 0
    errors: list[float] = field(default_factory=list)
    misses: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # > 161 km

    def worst(self) -> list[dict[str, Any]]:
        """The resolutions off by more than 161 km that cost most, each name pair once."""
        return sorted(self.misses.values(), key=lambda m: -m["error_km"] * m["count"]
                      )[:MAX_REPORTED]

    def add(self, article: Article, places: Sequence[Place]) -> None:
        gold = [(t.start, t.end) for t in article.toponyms]
        pred = [(p.start, p.end) for p in places]
        self.gold += len(gold)
        self.gold_with_coords += sum(t.lat is not None and t.lon is not None
                                     for t in article.toponyms)
        self.predicted += len(pred)
        self.realigned += article.realigned
        self.exact += len(match_spans(gold, pred, exact=True))
        pairs = match_spans(gold, pred, exact=False)
        self.overlap += len(pairs)
        for i, j in pairs:
            g, p = article.toponyms[i], places[j]
            if g.lat is None or g.lon is None:
                continue
            if p.lat is None or p.lon is None:
                self.unplaced += 1
                error = MAX_ERROR_KM
            else:
                error = haversine_km(g.lat, g.lon, p.lat, p.lon)
            self.errors.append(error)
            if error > ACCURACY_KM:
                miss = self.misses.setdefault((p.text, p.name), {
                    "text": p.text, "gold": [g.lat, g.lon], "tidings": p.name,
                    "at": [p.lat, p.lon], "error_km": round(error, 1), "count": 0})
                miss["count"] += 1

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, tp in (("exact", self.exact), ("overlap", self.overlap)):
            p, r, f = prf(tp, self.predicted, self.gold)
            out.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
        e = self.errors
        out["acc_161km"] = sum(x <= ACCURACY_KM for x in e) / len(e) if e else 0.0
        out["mean_error_km"] = statistics.fmean(e) if e else 0.0
        out["median_error_km"] = statistics.median(e) if e else 0.0
        out["auc"] = auc(e)
        return out


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Geoparse every article and score recognition and resolution against the gold."""
    problems: list[str] = []
    if fmt == "lgl-xml":
        articles = read_xml(path, limit, problems)
    elif fmt == "gritta-flat":
        articles = read_flat(path, limit, problems)
    else:
        raise TidingsError(f"geo: unknown format {fmt!r} (lgl-xml, gritta-flat)")
    tally = Tally()
    n = 0
    for article, places in _places(articles, problems):
        tally.add(article, places)
        n += 1
    details = {
        "articles": n, "gold_toponyms": tally.gold, "gold_with_coordinates":
        tally.gold_with_coords, "predicted": tally.predicted, "exact_matches": tally.exact,
        "overlap_matches": tally.overlap, "resolved_scored": len(tally.errors),
        "recognised_without_coordinates": tally.unplaced, "realigned_gold_offsets":
        tally.realigned, "worst_errors": tally.worst(), "problem_count": len(problems),
        "problems": problems[:MAX_REPORTED],
    }
    return n, tally.metrics(), details
