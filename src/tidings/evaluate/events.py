"""`events`/`plover-gsr`, `events`/`petrarch-xml` and `quad`/`conflibert`: who did what to whom.

All three gold standards are single sentences, so each one is analysed on its own, without the
article cleaner (which drops short lines), and tidings' events in it are compared with the gold:

* PLOVER GSR (JSON records): one gold event per record. The tidings event scored is the one
  whose trigger shares a word with the record's `eventText`, else the first that has a PLOVER
  type; a record with no event is a miss. Type (micro and macro F1, confusion), source and target
  countries, and (source, type, target) triples.
* PETRARCH validation XML (`<Sentence>`, `<EventCoding sourcecode targetcode eventcode>`): every
  tidings event becomes codings (one per source x target), actor codes coming from the suite's
  own dictionaries (named in its `<Environment>`, read with `tidings.kb.petrarch`) or, when
  those do not know the actor, from tidings' country + sector. CAMEO root, full code, source,
  target and triple P/R/F1 over the codings of each sentence.
* ConfliBERT CAMEO classes (sentence TAB 0-4): the Phoenix PentaClass of the first event with
  an actor (else the first event); no event predicts 0 (neutral).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tidings.clean import Cleaned
from tidings.kb import petrarch
from tidings.model import ActorRef, Analysis, Event, RawArticle, TidingsError

# PLOVER 0.5 labels in the GSR file -> the current PLOVER type tidings codes (the 2021 manual
# merged or renamed them: demands are requests, disapproval and investigation are accusations,
# fighting is assault).
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
              "INVESTIGATE": "ACCUSE"}
NOT_EVENTS = {"DOCUMENT"}  # GSR records that document the file rather than code an event
# Actor sectors that stand in for a country code in PLOVER/CAMEO gold (the UN is `IGO`).
SECTOR_CODES = {"IGO", "NGO"}
NO_CODE = {"", "---"}  # PETRARCH's null actor code
BATCH_SIZE = 64
MAX_PROBLEMS = 50  # reported in details; the count says how many there were

# --- scoring (pure functions over gold and predicted lists) ----------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def label_scores(gold: Sequence[str], pred: Sequence[str | None]) -> dict[str, Any]:
    """Single-label scores where None means "no prediction" (a miss, not a wrong guess).

    Micro P = correct / predicted, R = correct / gold items; macro F1 averages per-label F1 over
    every label seen in gold or predictions.
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        if p == g:
            tp[g] += 1
            continue
        fn[g] += 1
        if p is not None:
            fp[p] += 1
    labels = sorted(set(gold) | {p for p in pred if p is not None})
    per = {label: prf(tp[label], fp[label], fn[label])[2] for label in labels}
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"micro_p": p, "micro_r": r, "micro_f1": f,
            "macro_f1": sum(per.values()) / len(per) if per else 0.0,
            "accuracy": sum(tp.values()) / len(gold) if gold else 0.0, "per_label": per}


def multiset_scores(gold: Sequence[Collection[Any]], pred: Sequence[Collection[Any]]
                    ) -> tuple[float, float, float]:
    """P/R/F1 of items matched within each record, duplicates counted (multiset overlap)."""
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        gc, pc = Counter(g), Counter(p)
        hit = sum((gc & pc).values())
        tp, fp, fn = tp + hit, fp + sum(pc.values()) - hit, fn + sum(gc.values()) - hit
    return prf(tp, fp, fn)


def set_accuracy(gold: Sequence[Collection[str]], pred: Sequence[Collection[str]]) -> float:
    """Share of records with gold items whose predicted set equals the gold set."""
    pairs = [(set(g), set(p)) for g, p in zip(gold, pred, strict=True) if g]
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def confusion(gold: Sequence[Any], pred: Sequence[Any], none: str = "(none)"
              ) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count, with JSON-friendly string keys."""
    table: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        row = table.setdefault(str(g), {})
        key = none if p is None else str(p)
        row[key] = row.get(key, 0) + 1
    return {g: dict(sorted(row.items())) for g, row in sorted(table.items())}


@dataclass(frozen=True)
class Coded:
    """A PLOVER event reduced to what is scored: type and the countries on each side."""

    type: str | None
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()

    def triples(self) -> set[tuple[str, str, str]]:
        if self.type is None:
            return set()
        return {(s, self.type, t) for s in self.sources or ("",) for t in self.targets or ("",)}


def score_plover(gold: Sequence[Coded], pred: Sequence[Coded]
                 ) -> tuple[dict[str, float], dict[str, Any]]:
    """Type, source, target and triple scores of PLOVER records, with the type confusion."""
    types = label_scores([g.type or "" for g in gold], [p.type for p in pred])
    metrics = {f"type_{k}": v for k, v in types.items() if k != "per_label"}
    for side in ("sources", "targets"):
        g_side = [getattr(g, side) for g in gold]
        p_side = [getattr(p, side) for p in pred]
        name = side[:-1]
        metrics[f"{name}_accuracy"] = set_accuracy(g_side, p_side)
        metrics[f"{name}_p"], metrics[f"{name}_r"], metrics[f"{name}_f1"] = multiset_scores(
            [set(x) for x in g_side], [set(x) for x in p_side])
    metrics["triple_p"], metrics["triple_r"], metrics["triple_f1"] = multiset_scores(
        [g.triples() for g in gold], [p.triples() for p in pred])
    details = {"type_f1": types["per_label"],
               "type_confusion": confusion([g.type for g in gold], [p.type for p in pred])}
    return metrics, details


Coding = tuple[str, str, str]  # (source code, target code, CAMEO event code)


def score_codings(gold: Sequence[Collection[Coding]], pred: Sequence[Collection[Coding]]
                  ) -> dict[str, float]:
    """CAMEO root, full code, source, target and triple P/R/F1 over each sentence's codings."""
    metrics: dict[str, float] = {}
    views = {
        "root": lambda c: [x[2][:2] for x in c],
        "code": lambda c: [x[2] for x in c],
        "source": lambda c: [x[0] for x in c if x[0] not in NO_CODE],
        "target": lambda c: [x[1] for x in c if x[1] not in NO_CODE],
        "triple": lambda c: list(c),
    }
    for name, view in views.items():
        p, r, f = multiset_scores([view(g) for g in gold], [view(x) for x in pred])
        metrics.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f})
    return metrics


# Phoenix PentaClass of each CAMEO root, as the Phoenix pipeline assigns it: investigating (09) and
# reducing relations (16) are verbal conflict, protest (14) is material conflict.
PENTA_BY_ROOT = {**dict.fromkeys(("01", "02"), 0), **dict.fromkeys(("03", "04", "05"), 1),
                 **dict.fromkeys(("06", "07", "08"), 2),
                 **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
                 **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4)}


def penta_class(cameo: str | None) -> int:
    """Phoenix PentaClass of a CAMEO code (`PENTA_BY_ROOT`); no event is 0 (neutral)."""
    return PENTA_BY_ROOT[cameo[:2]] if cameo else 0


def score_penta(gold: Sequence[int], pred: Sequence[int]) -> tuple[dict[str, float],
                                                                   dict[str, Any]]:
    """Accuracy and macro F1 over the five classes (all five, present or not)."""
    per = {}
    for c in range(5):
        tp = sum(g == p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(p == c != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c != p for g, p in zip(gold, pred, strict=True))
        per[str(c)] = prf(tp, fp, fn)[2]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return ({"accuracy": accuracy, "macro_f1": sum(per.values()) / 5},
            {"class_f1": per, "confusion": confusion(gold, pred)})


def salient(events: Sequence[Event], hint: str = "", typed: bool = False) -> Event | None:
    """The event a one-event gold record most likely describes.

    With `hint` (gold trigger words), the first event whose trigger shares a word with it; else
    the first event with an actor (with a PLOVER type when `typed`), else the first event.
    """
    pool = sorted(events, key=lambda e: e.trigger.start)
    if typed:
        pool = [e for e in pool if e.plover] or pool
    for e in pool:
        if _shares_word(e.trigger.text, hint):
            return e
    return next((e for e in pool if e.source or e.target), pool[0] if pool else None)


def _shares_word(a: str, b: str) -> bool:
    return bool(set(re.findall(r"\w+", a.lower())) & set(re.findall(r"\w+", b.lower())))


# --- running the pipeline on sentences -------------------------------------------------------


def analyse(items: Iterable[tuple[Any, str, str | None]], problems: list[str]
            ) -> Iterator[tuple[Any, Analysis | None]]:
    """(item, analysis) for (item, sentence, ISO date) triples, parsed in batches; a sentence
    that fails is reported (by the item's `id`, else the item) and yields None."""
    from tidings import pipeline

    p = pipeline.default()
    it = iter(items)
    while batch := list(islice(it, BATCH_SIZE)):
        docs = p.nlp.pipe([text for _, text, _ in batch])
        for (item, text, day), doc in zip(batch, docs, strict=True):
            origin = str(getattr(item, "id", item))
            raw = RawArticle(text=text, published=day, origin=origin)
            try:
                yield item, p.analyse(raw, Cleaned(text), doc)
            except Exception as exc:  # noqa: BLE001 - one sentence must not stop the run
                problems.append(f"{origin}: analysis failed: {exc!r}")
                yield item, None


def _report(problems: list[str], details: dict[str, Any]) -> dict[str, Any]:
    details["problems"] = len(problems)
    if problems:
        details["problem_examples"] = problems[:MAX_PROBLEMS]
    return details


# --- PLOVER GSR ------------------------------------------------------------------------------


@dataclass
class PloverRecord:
    id: str
    text: str
    event_text: str
    date: str | None
    gold: Coded


def _codes(actors: Any) -> tuple[str, ...]:
    """Codes of a GSR `source`/`target` value: a list of {actorText, code}, or empty/absent."""
    if not isinstance(actors, list):
        return ()
    codes = (str(a.get("code") or "").strip().upper() for a in actors if isinstance(a, dict))
    return tuple(dict.fromkeys(c for c in codes if c))


def _json_records(path: Path) -> Iterator[Any]:
    """The objects of a JSON array file (as the GSR is published; small, so read whole), or
    of a JSON Lines file, streamed; a bad line is yielded as its error message."""
    with open(path, encoding="utf-8") as fh:
        head = fh.read(1024).lstrip()
        fh.seek(0)
        if head.startswith("["):
            try:
                records = json.load(fh)
            except json.JSONDecodeError as exc:
                raise TidingsError(f"{path}: not valid JSON: {exc}") from None
            yield from records
            return
        for no, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    yield f"line {no}: {exc}"


def read_plover(path: Path, problems: list[str]) -> Iterator[PloverRecord]:
    """PLOVER gold-standard records; documentation records are skipped, bad ones reported."""
    for i, rec in enumerate(_json_records(path)):
        if isinstance(rec, str) or not isinstance(rec, dict):
            problems.append(f"record {i}: not a JSON object: {str(rec)[:80]}")
            continue
        rid = str(rec.get("id", f"record {i}"))
        event, text = rec.get("event"), rec.get("text")
        if event in NOT_EVENTS:
            continue
        if not isinstance(event, str) or not event or not isinstance(text, str) or not text.strip():
            problems.append(f"{rid}: no event label or no text")
            continue
        label = OLD_PLOVER.get(event.upper(), event.upper())
        yield PloverRecord(rid, text.strip(), str(rec.get("eventText") or ""),
                           rec.get("date") if isinstance(rec.get("date"), str) else None,
                           Coded(label, _codes(rec.get("source")), _codes(rec.get("target"))))


def country_code(ref: ActorRef) -> str | None:
    """An actor as PLOVER gold codes it: its country, or IGO/NGO for such organisations."""
    if ref.country:
        return ref.country
    return ref.sector if ref.sector in SECTOR_CODES else None


def predict_plover(event: Event | None) -> Coded:
    if event is None:
        return Coded(None)

    def side(refs: list[ActorRef]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for c in map(country_code, refs) if c))

    return Coded(event.plover, side(event.source), side(event.target))


def run_plover(path: Path, limit: int | None) -> tuple[int, dict[str, float], dict[str, Any]]:
    problems: list[str] = []
    records = islice(read_plover(path, problems), limit)
    gold: list[Coded] = []
    pred: list[Coded] = []
    found = Counter()
    for rec, analysis in analyse(((r, r.text, r.date) for r in records), problems):
        gold.append(rec.gold)
        event = salient(analysis.events, rec.event_text, typed=True) if analysis else None
        found["no event" if event is None else "event without PLOVER type" if not event.plover
              else "trigger matches eventText" if _shares_word(event.trigger.text, rec.event_text)
              else "other event"] += 1
        pred.append(predict_plover(event))
    metrics, details = score_plover(gold, pred)
    details["label_map"] = OLD_PLOVER
    details["events_scored"] = dict(found)
    return len(gold), metrics, _report(problems, details)


# --- PETRARCH validation XML -----------------------------------------------------------------


@dataclass
class PetrarchSentence:
    id: str
    text: str
    date: str | None  # ISO
    codings: list[Coding] = field(default_factory=list)
    noevents: bool = False
    expects_error: bool = False  # unit tests that check the coder reports an error
    evaluate: bool = True
    line: int = 0
    parse: list[str] = field(default_factory=list, repr=False)  # lines of <Parse>


def conllu_text(lines: Iterable[str]) -> str:
    """The sentence of a CoNLL-U parse (PETRARCH-2 records), for records with an empty <Text>."""
    out: list[str] = []
    for line in lines:
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue  # Penn trees, comments, multiword-token ranges
        out.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(out).strip()


_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(text)}


def _iso(day: str | None) -> str | None:
    if day and re.fullmatch(r"\d{8}", day.strip()):
        d = day.strip()
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return None


def _xml_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Lines with `<!-- -->` comments (also multi-line) removed; PETRARCH files are not XML."""
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as fh:
        for no, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if in_comment:
                if "-->" not in line:
                    continue
                line, in_comment = line.split("-->", 1)[1], False
            line = re.sub(r"<!--.*?-->", "", line)
            if "<!--" in line:
                line, in_comment = line.split("<!--", 1)[0], True
            yield no, line


def read_environment(path: Path) -> dict[str, str]:
    """The `<Environment>` settings of a validation file (dictionary names, ...)."""
    env: dict[str, str] = {}
    for _, line in _xml_lines(path):
        for m in re.finditer(r"<(\w+)>([^<]*)</\1>", line):
            env.setdefault(m.group(1), m.group(2).strip())
        if "<Sentences>" in line or "<Sentence " in line:
            break
    return env


def read_petrarch(path: Path, problems: list[str]) -> Iterator[PetrarchSentence]:
    """The `<Sentence>` records of a PETRARCH validation file, streamed line by line."""
    current: PetrarchSentence | None = None
    text: list[str] | None = None  # lines of an open <Text>
    in_parse = False

    def finish() -> Iterator[PetrarchSentence]:
        if current is None:
            return
        current.text = current.text or conllu_text(current.parse)
        if not current.text:
            problems.append(f"line {current.line}: sentence {current.id}: no <Text>")
        elif not (current.codings or current.noevents or current.expects_error):
            problems.append(f"line {current.line}: sentence {current.id}: no <EventCoding>")
        else:
            yield current

    for no, line in _xml_lines(path):
        rest = line
        while rest:
            if text is not None:
                body, sep, rest = rest.partition("</Text>")
                text.append(body)
                if sep and current is not None:
                    current.text, text = " ".join(" ".join(text).split()), None
                    continue
                break
            if in_parse:
                body, sep, rest = rest.partition("</Parse>")
                if current is not None:
                    current.parse.append(body)
                if not sep:
                    break
                in_parse = False
                continue
            m = re.search(r"<(/?)(Sentences?|EventCoding|Text|Parse)\b([^>]*)>", rest)
            if not m:
                break
            rest = rest[m.end():]
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if tag == "Sentence" and not closing:
                yield from finish()
                a = _attrs(attrs)
                current = PetrarchSentence(a.get("id", f"line {no}"), "", _iso(a.get("date")),
                                           evaluate=a.get("evaluate", "true").lower() != "false",
                                           line=no)
            elif tag in ("Sentence", "Sentences") and closing:
                yield from finish()
                current = None
            elif current is None:
                continue
            elif tag == "Text" and not closing:
                text = []
            elif tag == "Parse" and not closing:
                in_parse = True
            elif tag == "EventCoding" and not closing:
                a = _attrs(attrs)
                if "noevents" in a:
                    current.noevents = True
                elif "error" in a:
                    current.expects_error = True
                elif {"sourcecode", "targetcode", "eventcode"} <= a.keys():
                    current.codings.append((a["sourcecode"].strip(), a["targetcode"].strip(),
                                            a["eventcode"].strip()))
                else:
                    problems.append(f"line {no}: sentence {current.id}: bad <EventCoding "
                                    f"{attrs.strip()}>")
    yield from finish()


def _dictionary_files(path: Path, names: str) -> list[Path]:
    """Dictionary files named in the environment, looked for beside the file or in a sibling
    `dictionaries/` folder (the layout of the PETRARCH repositories)."""
    found = []
    for name in filter(None, (n.strip() for n in names.split(","))):
        for folder in (path.parent, path.parent / "dictionaries",
                       path.parent.parent / "dictionaries"):
            if (folder / name).is_file():
                found.append(folder / name)
                break
    return found


def load_codebook(path: Path, problems: list[str]
                  ) -> tuple[petrarch.Codebook | None, dict[str, Any]]:
    """The validation file's own actor and agent dictionaries, when they can be found."""
    env = read_environment(path)
    actors = _dictionary_files(path, env.get("Actorfile", ""))
    agents = _dictionary_files(path, env.get("Agentfile", ""))
    info = {"actor_files": [p.name for p in actors], "agent_files": [p.name for p in agents],
            "named": {k: env.get(k, "") for k in ("Actorfile", "Agentfile")}}
    if not actors and not agents:
        return None, info
    book = petrarch.load(actors, agents, problems)
    info["phrases"] = len(book)
    return book, info


class ActorCoder:
    """Codes tidings' actors as PETRARCH does: dictionaries first, tidings' own codes second."""

    def __init__(self, book: petrarch.Codebook | None):
        from tidings import pipeline

        self.book = book
        self.kb = pipeline.default().kb
        self.by_dictionary = self.by_tidings = 0

    def __call__(self, ref: ActorRef, day: str | None) -> str:
        if self.book is not None:
            for text in dict.fromkeys((ref.text, ref.name)):
                code = self.book.code(text, day, ref.country)
                if code:
                    self.by_dictionary += 1
                    return code
        self.by_tidings += 1
        org = self.kb.orgs.get(ref.kb_id or "")
        if org:
            return org.code
        return (ref.country or "") + (ref.sector or "")


def predict_codings(events: Iterable[Event], code: Callable[[ActorRef, str | None], str],
                    day: str | None) -> list[Coding]:
    """One (source, target, CAMEO) coding per source x target of every event."""
    out: list[Coding] = []
    for e in events:
        sources = [code(r, day) for r in e.source] or [""]
        targets = [code(r, day) for r in e.target] or [""]
        out.extend((s, t, e.cameo) for s in dict.fromkeys(sources) for t in dict.fromkeys(targets))
    return out


def run_petrarch(path: Path, limit: int | None) -> tuple[int, dict[str, float], dict[str, Any]]:
    problems: list[str] = []
    book, info = load_codebook(path, problems)
    code = ActorCoder(book)
    skipped = Counter()

    def scored() -> Iterator[PetrarchSentence]:
        for s in read_petrarch(path, problems):
            if s.expects_error or not s.evaluate:
                skipped["expects error" if s.expects_error else "evaluate=false"] += 1
                continue
            yield s

    gold: list[list[Coding]] = []
    pred: list[list[Coding]] = []
    for s, analysis in analyse(((s, s.text, s.date) for s in islice(scored(), limit)),
                               problems):
        gold.append(s.codings)
        pred.append(predict_codings(analysis.events, code, s.date) if analysis else [])
    metrics = score_codings(gold, pred)
    metrics["noevent_accuracy"] = _noevent_accuracy(gold, pred)
    details = {"dictionaries": info, "skipped": dict(skipped),
               "actors_coded_by": {"dictionary": code.by_dictionary, "tidings": code.by_tidings},
               "root_confusion": confusion(
                   [_first_root(g) for g in gold], [_first_root(p) for p in pred])}
    return len(gold), metrics, _report(problems, details)


def _noevent_accuracy(gold: Sequence[Collection[Coding]], pred: Sequence[Collection[Coding]]
                      ) -> float:
    """Share of gold "no event" sentences where tidings codes nothing either."""
    pairs = [not p for g, p in zip(gold, pred, strict=True) if not g]
    return sum(pairs) / len(pairs) if pairs else 0.0


def _first_root(codings: Sequence[Coding]) -> str | None:
    return codings[0][2][:2] if codings else None


# --- ConfliBERT CAMEO classes ----------------------------------------------------------------


def read_conflibert(path: Path, problems: list[str]) -> Iterator[tuple[int, str, int]]:
    """(line number, sentence, class) from `sentence TAB label` lines."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            sentence, sep, label = line.rpartition("\t")
            if not sep or not sentence.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
                problems.append(f"line {no}: expected `sentence TAB 0-4`: {line[:80]!r}")
                continue
            yield no, sentence.strip(), int(label)


def run_conflibert(path: Path, limit: int | None
                   ) -> tuple[int, dict[str, float], dict[str, Any]]:
    problems: list[str] = []
    rows = islice(read_conflibert(path, problems), limit)
    gold: list[int] = []
    pred: list[int] = []
    no_event = 0
    for label, analysis in analyse(((lab, s, None) for _, s, lab in rows), problems):
        event = salient(analysis.events) if analysis else None
        no_event += event is None
        gold.append(label)
        pred.append(penta_class(event.cameo if event else None))
    metrics, details = score_penta(gold, pred)
    details["no_event"] = no_event
    return len(gold), metrics, _report(problems, details)


RUNNERS = {"plover-gsr": run_plover, "petrarch-xml": run_petrarch, "conflibert": run_conflibert}


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Score tidings' events on one gold file in format `fmt`."""
    if fmt not in RUNNERS:
        raise TidingsError(f"events: unknown format {fmt!r}; known: {', '.join(RUNNERS)}")
    return RUNNERS[fmt](Path(path), limit)
