"""The PETRARCH dictionary importer, on small dictionaries written for these tests."""

from pathlib import Path

import pytest

from tidings.kb import petrarch

ACTORS = """\
<!-- TEST ACTORS -->
<!-- a comment block
NOT_AN_ACTOR [XXX]
that spans lines -->
NUMENOR_ [NUM]  # island kingdom
+WESTERNESSE
+ELENNA

QUEEN_TAR_MIRIEL_
\t[NUMCVL <741231]
\t[NUMGOV 750101-791231]  # inclusive limits
\t[NUMELI >800101]
# COMMENTED_OUT [ZZZ]
LINDON ; legacy comment
\t[LIN]
HARBOUR_MASTER_CIRDAN_ [LINGOV 050101-20101231]
+BAD_DATE [LIN 20201301]
"""

AGENTS = """\
<!-- TEST AGENTS -->
!OFFICER! = OFFICER, OFFICERS, CHIEF
HARBOUR_!OFFICER! [~COP]  # substitution set
ENVOY [~GOV]
RELIEF_AGENCY [NGO~]
FERRY_CREW {} [ ~BUS]
COUNTY_DEPUTY {COUNTIES_DEPUTIES} [~GOV]
UNKNOWN_!MARKER! [~GOV]
NO_CODE_HERE
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_date_reads_both_lengths() -> None:
    assert petrarch.parse_date("19991231") == "1999-12-31"
    assert petrarch.parse_date("300101") == "2030-01-01"  # 00-30 is 20YY
    assert petrarch.parse_date("310101") == "1931-01-01"


def test_actors_become_one_record_per_code_period() -> None:
    problems: list[str] = []
    records = list(petrarch.read_actors(ACTORS.splitlines(), problems))
    by_name: dict[str, list[petrarch.Record]] = {}
    for r in records:
        by_name.setdefault(r.name, []).append(r)
    assert set(by_name) == {"NUMENOR", "QUEEN TAR MIRIEL", "LINDON", "HARBOUR MASTER CIRDAN"}
    (numenor,) = by_name["NUMENOR"]
    assert (numenor.aliases, numenor.code, numenor.start, numenor.end) == (
        ("WESTERNESSE", "ELENNA"), "NUM", None, None)
    assert [(r.code, r.start, r.end) for r in by_name["QUEEN TAR MIRIEL"]] == [
        ("NUMCVL", None, "1974-12-31"),
        ("NUMGOV", "1975-01-01", "1979-12-31"),
        ("NUMELI", "1980-01-01", None),
    ]
    assert [r.code for r in by_name["LINDON"]] == ["LIN"]
    (cirdan,) = by_name["HARBOUR MASTER CIRDAN"]
    assert (cirdan.start, cirdan.end, cirdan.aliases) == ("2005-01-01", "2010-12-31",
                                                          ("BAD DATE",))
    assert len(problems) == 1 and "20201301" in problems[0]


def test_agents_expand_plurals_and_substitution_sets() -> None:
    problems: list[str] = []
    records = {r.name: r for r in petrarch.read_agents(AGENTS.splitlines(), problems)}
    assert records["HARBOUR OFFICER"].aliases == ("HARBOUR OFFICERS", "HARBOUR CHIEF")
    assert records["HARBOUR OFFICER"].code == "~COP"
    assert records["ENVOY"].aliases == ("ENVOYS",)
    assert records["RELIEF AGENCY"].aliases == ("RELIEF AGENCIES",)
    assert records["RELIEF AGENCY"].code == "NGO~"
    assert records["FERRY CREW"].aliases == ()
    assert records["FERRY CREW"].code == "~BUS"
    assert records["COUNTY DEPUTY"].aliases == ("COUNTIES DEPUTIES",)
    assert len(records) == 5
    assert len(problems) == 2
    assert any("!MARKER!" in p for p in problems)
    assert any("NO_CODE_HERE" in p for p in problems)


def test_compose_places_agent_codes() -> None:
    assert petrarch.compose("NUM", "~GOV") == "NUMGOV"
    assert petrarch.compose("NUM", "NGO~") == "NGONUM"


def test_codebook_codes_texts_by_date_and_agent(tmp_path: Path) -> None:
    problems: list[str] = []
    book = petrarch.load([_write(tmp_path, "test.actors.txt", ACTORS)],
                         [_write(tmp_path, "test.agents.txt", AGENTS)], problems)
    assert book.code("Numenor") == "NUM"
    assert book.code("the Westernesse envoy") == "NUMGOV"
    assert book.code("Queen Tar-Miriel", "1977-06-01") == "NUMGOV"
    assert book.code("Queen Tar-Miriel", "1979-12-31") == "NUMGOV"
    assert book.code("Queen Tar-Miriel", "1970-01-01") == "NUMCVL"
    assert book.code("Queen Tar-Miriel", "1990-01-01") == "NUMELI"
    assert book.code("relief agencies", country="FRA") == "NGOFRA"
    assert book.code("an envoy") is None  # an agent alone needs a country
    assert book.code("Mordor") is None
    assert problems and problems[0].startswith("test.actors.txt: ")


def test_suite_dictionaries_import_cleanly(shared: Path) -> None:
    folder = shared / "evaldata/petrarch/petrarch2/data/dictionaries"
    actors, agents = folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"
    if not actors.is_file():
        pytest.skip("PETRARCH validation dictionaries not present")
    problems: list[str] = []
    assert len(list(petrarch.read_actors(actors, problems))) > 100
    assert len(list(petrarch.read_agents(agents, problems))) > 50
    assert problems == []
