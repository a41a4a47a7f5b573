"""Import PETRARCH/TABARI actor and agent dictionaries, and code actor texts with them.

Event-data shops hold years of curated dictionaries in this format; reading them lets those
codes (including their own actors, such as the validation suite's fictional countries) carry
over to tidings. The formats, as PETRARCH documents them:

* comments: `# ...` and legacy `; ...` to the end of the line, `<!-- ... -->` (possibly over
  several lines), and any line that starts with `<`;
* actors: a primary phrase (words joined by `_` or blanks, an optional final `_`), an optional
  `[CODE]` default, `+SYNONYM` lines, then date-restricted codes on their own lines:
  `[CODE <date]` (up to), `[CODE >date]` (from), `[CODE date-date]`; dates are YYYYMMDD or
  YYMMDD (00-30 read as 20YY, as KEDS/TABARI/PETRARCH do); limits are inclusive;
* agents: `PHRASE {PLURALS} [~CODE]`; `~CODE` is appended to the actor's code, `CODE~` put
  before it; regular plurals are generated unless `{}` (none) or `{...}` (given) follows;
  `!MARKER! = A, B, C` defines a substitution set used inside later phrases.

Every entry becomes plain `Record`s, one per code period, so they can be stored or compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tidings.kb import norm


@dataclass(frozen=True)
class Record:
    """One name (with its synonyms) and the code it has between `start` and `end`."""

    name: str
    aliases: tuple[str, ...]
    code: str  # agents keep their `~`, which says where the code goes
    start: str | None = None  # ISO date, inclusive; None: open
    end: str | None = None  # ISO date, inclusive; None: open
    line: int = 0  # where the entry starts, for messages

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


_CODE = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(r"^([^\s<>]+)(?:\s*(<|>)\s*(\d+)|\s+(\d+)\s*-\s*(\d+))?$")
_MARKER_DEF = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$", re.IGNORECASE)
_MARKER = re.compile(r"![A-Z0-9_]+!", re.IGNORECASE)
_PLURALS = re.compile(r"\{([^}]*)\}")


def _lines(source: str | Path | Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, text without comments) of a file or of given lines; blank lines kept."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8", errors="replace") as fh:
            yield from _strip_comments(fh)
    else:
        yield from _strip_comments(source)


def _strip_comments(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    in_comment = False
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        line = re.sub(r"<!\s*--.*?-->", "", line)
        if re.search(r"<!\s*--", line):
            line = re.split(r"<!\s*--", line, maxsplit=1)[0]
            in_comment = True
        if line.lstrip().startswith("<"):
            line = ""
        line = re.split(r"[#;]", line, maxsplit=1)[0]
        yield no, line.rstrip()


def parse_date(text: str) -> str:
    """YYYYMMDD or YYMMDD (00-30 → 20YY, else 19YY) as an ISO date; ValueError if invalid."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    return date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()


def _phrase(text: str) -> str:
    """A dictionary phrase as plain words: `ARNOR_` → `ARNOR`, `NEW_ZEALAND` → `NEW ZEALAND`."""
    return " ".join(text.replace("_", " ").split())


def _restriction(body: str) -> tuple[str, str | None, str | None]:
    """`CODE`, `CODE <date`, `CODE >date`, `CODE date-date` → (code, start, end)."""
    m = _RESTRICTION.match(" ".join(body.split()))
    if not m:
        raise ValueError(f"bad code block [{body}]")
    code, op, day, first, last = m.groups()
    if op == "<":
        return code, None, parse_date(day)
    if op == ">":
        return code, parse_date(day), None
    if first:
        return code, parse_date(first), parse_date(last)
    return code, None, None


def read_actors(source: str | Path | Iterable[str],
                problems: list[str] | None = None) -> Iterator[Record]:
    """Records of an actors dictionary; malformed lines go to `problems`, not exceptions."""
    name: str | None = None
    aliases: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    start_line = 0

    def flush() -> Iterator[Record]:
        if name is None:
            return
        if not codes and problems is not None:
            problems.append(f"line {start_line}: {name}: no code")
        for code, start, end in codes:
            yield Record(name, tuple(aliases), code, start, end, start_line)

    def add_codes(no: int, text: str) -> str:
        for body in _CODE.findall(text):
            try:
                codes.append(_restriction(body))
            except ValueError as exc:
                if problems is not None:
                    problems.append(f"line {no}: {exc}")
        return _CODE.sub(" ", text)

    for no, line in _lines(source):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("+"):
            if name is None:
                if problems is not None:
                    problems.append(f"line {no}: synonym {stripped!r} before any actor")
                continue
            alias = _phrase(add_codes(no, stripped[1:]))
            if alias:
                aliases.append(alias)
        elif stripped.startswith("["):
            if name is None:
                if problems is not None:
                    problems.append(f"line {no}: code {stripped!r} before any actor")
                continue
            add_codes(no, stripped)
        else:
            yield from flush()
            name, aliases, codes, start_line = None, [], [], no
            rest = add_codes(no, stripped)
            name = _phrase(rest) or None
            if name is None and problems is not None:
                problems.append(f"line {no}: code without a phrase: {stripped!r}")
    yield from flush()


def plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word (PETRARCH generates these)."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"[^AEIOU]Y$", last, re.IGNORECASE):
        last = last[:-1] + "IES"
    elif re.search(r"(S|X|Z|CH|SH)$", last, re.IGNORECASE):
        last += "ES"
    else:
        last += "S"
    return f"{head} {last}".strip()


def read_agents(source: str | Path | Iterable[str],
                problems: list[str] | None = None) -> Iterator[Record]:
    """Records of an agents dictionary: aliases hold plurals and substitution-set variants."""
    markers: dict[str, list[str]] = {}
    for no, line in _lines(source):
        stripped = line.strip()
        if not stripped:
            continue
        m = _MARKER_DEF.match(stripped)
        if m:
            markers[m.group(1).upper()] = [_phrase(v) for v in m.group(2).split(",") if v.strip()]
            continue
        codes = [" ".join(c.split()) for c in _CODE.findall(stripped)]
        if len(codes) != 1 or not codes[0]:
            if problems is not None:
                problems.append(f"line {no}: expected one [code] in {stripped!r}")
            continue
        head = _CODE.sub(" ", stripped)
        given = _PLURALS.search(head)
        raw_name = _PLURALS.sub(" ", head).strip()
        variants = [raw_name]
        for marker in _MARKER.findall(raw_name):
            values = markers.get(marker.upper())
            if values is None:
                if problems is not None:
                    problems.append(f"line {no}: undefined substitution set {marker}")
                variants = []
                break
            variants = [v.replace(marker, value) for v in variants for value in values]
        names = [_phrase(v) for v in variants if _phrase(v)]
        if not names:
            continue
        if _MARKER.search(raw_name):
            forms = names  # substitutions are taken as they are, with no plurals
        elif given is None:
            forms = [names[0]] if raw_name.endswith("_") else [names[0], plural(names[0])]
        else:
            parts = given.group(1).split("," if "," in given.group(1) else None)
            forms = [names[0], *(_phrase(p) for p in parts if _phrase(p))]
        yield Record(forms[0], tuple(dict.fromkeys(forms[1:])), codes[0], line=no)


def compose(actor: str, agent: str) -> str:
    """Attach an agent code to an actor code: `~GOV` after it, `NGO~` before it."""
    if agent.endswith("~"):
        return agent[:-1] + actor
    return actor + agent.lstrip("~")


def _key(text: str) -> tuple[str, ...]:
    return tuple(norm(_phrase(text)).split())


class Codebook:
    """Codes an actor's text with imported dictionaries: longest actor phrase plus agent."""

    def __init__(self, actors: Iterable[Record], agents: Iterable[Record] = ()):
        self.actors = self._index(actors)
        self.agents = self._index(agents)
        self.longest = max((len(k) for k in [*self.actors, *self.agents]), default=0)

    @staticmethod
    def _index(records: Iterable[Record]) -> dict[tuple[str, ...], list[Record]]:
        index: dict[tuple[str, ...], list[Record]] = {}
        for r in records:
            for name in (r.name, *r.aliases):
                key = _key(name)
                if key:
                    index.setdefault(key, []).append(r)
        return index

    def __len__(self) -> int:
        return len(self.actors) + len(self.agents)

    def _find(self, words: tuple[str, ...], index: dict[tuple[str, ...], list[Record]]
              ) -> tuple[list[Record], int, int]:
        """The records of the longest (then leftmost) phrase in `words`, and where it is."""
        for size in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                found = index.get(words[i:i + size])
                if found:
                    return found, i, size
        return [], 0, 0

    @staticmethod
    def _on(records: list[Record], day: str | None) -> str | None:
        """The code in force on `day`: the first dated record covering it, else the default."""
        if day:
            for r in records:
                if r.dated and r.holds_on(day):
                    return r.code
        for r in records:
            if not r.dated:
                return r.code
        return None if day else (records[0].code if records else None)

    def code(self, text: str, day: str | None = None, country: str | None = None
             ) -> str | None:
        """The code of `text` on `day`; `country` stands in when only an agent matches."""
        words = _key(text)
        found, i, size = self._find(words, self.actors)
        actor = self._on(found, day)
        # agents are sought outside the actor's phrase: ISRAELI TROOPS is ISRMIL, not ISRMILMIL
        agents = (self._find(words[:i], self.agents)[0]
                  or self._find(words[i + size:], self.agents)[0])
        agent = self._on(agents, day)
        if actor and agent:
            return compose(actor, agent)
        if agent and country:
            return compose(country, agent)
        return actor


def load(actor_files: Iterable[str | Path], agent_files: Iterable[str | Path] = (),
         problems: list[str] | None = None) -> Codebook:
    """A codebook from dictionary files, problems prefixed with the file they are in."""
    def collect(files: Iterable[str | Path], reader) -> list[Record]:
        out: list[Record] = []
        for path in files:
            local: list[str] = []
            out.extend(reader(path, local))
            if problems is not None:
                problems.extend(f"{Path(path).name}: {p}" for p in local)
        return out

    return Codebook(collect(actor_files, read_actors), collect(agent_files, read_agents))
