"""User layers: people, groups and organisations the shipped knowledge base lacks.

A layer is a YAML or CSV file (schema in docs/kb.md). Entries with a shipped id extend
it (more aliases, more terms, fields the user filled in win); new ids are added.
Everything is checked against the tables it is layered on, and every error names the
file and the entry, because a silently ignored row is a wrong event later.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any

from tidings.data import split
from tidings.model import TidingsError

ENTITY_TABLES = {"person": "people", "group": "groups", "igo": "igos"}
COLUMNS = {
    "people": ("id", "name", "aliases", "gender", "country", "born", "wikidata"),
    "groups": ("id", "name", "aliases", "sector", "country", "wikidata"),
    "igos": ("id", "code", "name", "aliases", "sector", "hq_country", "wikidata"),
    "terms": ("person_id", "country", "office", "kind", "start", "end", "note"),
}
CSV_COLUMNS = ("type", "id", "name", "aliases", "country", "gender", "sector", "code",
               "office", "start", "end", "note", "wikidata")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
QID = re.compile(r"Q\d+")
Tables = dict[str, list[dict[str, str]]]


def slug(name: str) -> str:
    """ASCII, lower-case, hyphenated: the id part the shipped tables use."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_layer(path: str | Path, base: Tables) -> Tables:
    """Rows to merge into `base`, read from a YAML (.yaml/.yml) or CSV (.csv) file."""
    path = Path(path)
    if not path.is_file():
        raise TidingsError(f"{path}: no such knowledge-base file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = _yaml_entries(path)
    elif suffix == ".csv":
        entries = _csv_entries(path)
    else:
        raise TidingsError(f"{path}: a knowledge-base layer is a .yaml, .yml or .csv file")
    return _Checker(path, base).tables(entries)


def merge(tables: Tables, layer: Tables) -> None:
    """Layer `layer` over `tables` in place."""
    for name, rows in layer.items():
        if name == "terms":
            seen = {tuple(r.values()) for r in tables["terms"]}
            tables["terms"].extend(r for r in rows if tuple(r.values()) not in seen)
            continue
        by_id = {r["id"]: r for r in tables[name]}
        for row in rows:
            old = by_id.get(row["id"])
            if old is None:
                tables[name].append(row)
                by_id[row["id"]] = row
                continue
            aliases = split(old.get("aliases", "")) + split(row.get("aliases", ""))
            old.update({k: v for k, v in row.items() if v})
            old["aliases"] = "|".join(dict.fromkeys(aliases))


def _yaml_entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TidingsError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise TidingsError(f"{path}: expected a mapping with people/groups/igos lists")
    unknown = set(doc) - set(ENTITY_TABLES.values())
    if unknown:
        raise TidingsError(f"{path}: unknown section(s) {sorted(unknown)}; "
                           "expected people, groups, igos")
    kinds = {table: kind for kind, table in ENTITY_TABLES.items()}
    entries = []
    for table, items in doc.items():
        if items is not None and not isinstance(items, list):
            raise TidingsError(f"{path}: {table} must be a list of entries")
        for i, item in enumerate(items or [], 1):
            if not isinstance(item, dict):
                raise TidingsError(f"{path}: {table} entry {i} is not a mapping")
            entries.append((kinds[table], item))
    return entries


def _csv_entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """One row per actor or per (actor, term); rows with the same id are one actor."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except UnicodeDecodeError as exc:
        raise TidingsError(f"{path}: not UTF-8 text: {exc}") from None
    if rows and ("type" not in rows[0] or "name" not in rows[0]):
        raise TidingsError(f"{path}: the header must include type and name; "
                           f"columns are {', '.join(CSV_COLUMNS)}")
    by_id: dict[str, dict[str, Any]] = {}
    entries = []
    for row in rows:
        row = {k: (v or "").strip() for k, v in row.items() if k}
        key = row.get("id") or f"{row['type']}:{slug(row['name'])}"
        term = {k: row.pop(k, "") for k in ("office", "start", "end", "note")}
        term["country"] = row.get("country", "")
        if key not in by_id:
            row["aliases"] = split(row.get("aliases", ""))
            row["terms"] = []
            by_id[key] = row
            entries.append((row.pop("type"), row))
        if term["office"]:
            by_id[key]["terms"].append(term)
    return entries


class _Checker:
    """Turns entries into table rows, refusing anything the base tables cannot place."""

    def __init__(self, path: Path, base: Tables):
        self.path = path
        self.countries = {r["iso3"] for r in base["countries"]}
        self.igos = {r["id"] for r in base["igos"]}
        self.office_kinds = {r["office"]: r["kind"] for r in base["offices"]}
        self.known = {r["id"] for table in ENTITY_TABLES.values() for r in base[table]}

    def fail(self, what: str, message: str) -> TidingsError:
        return TidingsError(f"{self.path}: {what}: {message}")

    def tables(self, entries: list[tuple[str, dict[str, Any]]]) -> Tables:
        out: Tables = {"people": [], "groups": [], "igos": [], "terms": []}
        for kind, entry in entries:
            if kind not in ENTITY_TABLES:
                raise self.fail(str(entry.get("name", "?")),
                                f"unknown type {kind!r}; expected person, group or igo")
            name = _text(entry.get("name"))
            if not name and entry.get("id") not in self.known:  # extending needs no name
                raise self.fail(f"{kind} {entry.get('id', '?')}", "has no name")
            row = self.row(kind, name, entry)
            name = name or row["id"]
            out[ENTITY_TABLES[kind]].append(row)
            terms = entry.get("terms") or []
            if not isinstance(terms, list):
                raise self.fail(name, "terms must be a list")
            for term in terms:
                if kind != "person":
                    raise self.fail(name, "only people hold offices")
                out["terms"].append(self.term(row["id"], name, term))
        return out

    def row(self, kind: str, name: str, entry: dict[str, Any]) -> dict[str, str]:
        table = ENTITY_TABLES[kind]
        values = {k: _text(v) for k, v in entry.items() if k != "terms"}
        values["name"] = name
        values["id"] = values.get("id") or f"{kind}:{slug(name)}"
        if not values["id"].startswith(f"{kind}:"):
            raise self.fail(name, f"id {values['id']!r} must start with '{kind}:'")
        try:
            values["aliases"] = "|".join(_list(entry.get("aliases")))
        except TidingsError as exc:
            raise self.fail(name, f"aliases: {exc}") from None
        if kind == "igo":
            values.setdefault("hq_country", values.pop("country", ""))
            values["sector"] = values.get("sector") or "IGO"
        country = values.get("hq_country" if kind == "igo" else "country", "")
        if country and country not in self.countries:
            raise self.fail(name, f"unknown country {country!r} (use ISO 3166-1 alpha-3)")
        if values.get("gender", "") not in ("", "m", "f"):
            raise self.fail(name, "gender is m, f or empty")
        if values.get("wikidata") and not QID.fullmatch(values["wikidata"]):
            raise self.fail(name, f"wikidata {values['wikidata']!r} is not a QID like Q7747")
        return {col: values.get(col, "") for col in COLUMNS[table]}

    def term(self, person_id: str, name: str, term: Any) -> dict[str, str]:
        if not isinstance(term, dict):
            raise self.fail(name, "each term is a mapping with office, country, start, end")
        values = {k: _text(v) for k, v in term.items()}
        office = values.get("office", "")
        if office not in self.office_kinds:
            raise self.fail(name, f"unknown office {office!r}; known offices: "
                            f"{', '.join(sorted(self.office_kinds))}")
        where = values.get("country", "")
        if where not in self.countries and where not in self.igos:
            raise self.fail(name, f"term country {where!r} is neither an ISO 3166-1 alpha-3 "
                            "code nor a known igo id")
        for key in ("start", "end"):
            if values.get(key) and not DATE.fullmatch(values[key]):
                raise self.fail(name, f"{key} {values[key]!r} is not YYYY, YYYY-MM or "
                                "YYYY-MM-DD")
        if values.get("start") and values.get("end") and values["end"] < values["start"]:
            raise self.fail(name, f"term as {office} ends before it starts")
        return {"person_id": person_id, "country": where, "office": office,
                "kind": "igo_head" if where in self.igos and self.office_kinds[office] in (
                    "head_of_state", "head_of_government") else self.office_kinds[office],
                "start": values.get("start", ""),
                "end": values.get("end", ""), "note": values.get("note", "")}


def _text(value: Any) -> str:
    """YAML reads 2019-04-25 as a date and Q42 stays a string; everything becomes text."""
    return "" if value is None else str(value).strip()


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return split(value)
    if not isinstance(value, list):
        raise TidingsError(f"expected a list or a |-separated string, not {value!r}")
    return [_text(v) for v in value if _text(v)]
