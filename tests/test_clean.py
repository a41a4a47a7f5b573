"""Cleaning: noise lines go, with line number and reason; real paragraphs stay."""

from __future__ import annotations

import pytest

from tidings.clean import Cleaned, cited_sources, clean, detect_language

TITLE = "Rival delegations agree to reopen border crossing"

# A wire story as a scraper might deliver it, without its first (headline) line.
BODY = """
Delegations from the two neighbouring republics agreed on Saturday to reopen a border crossing

Rival delegations agree to reopen border crossing
user

AFP

Delegations from the two neighbouring republics agreed on Saturday to reopen a border crossing \
that has been closed for six years, raising hopes for trade between the mountain towns.

The talks in the lakeside town were the first direct contact between the two governments since \
the crossing was shut after a dispute over customs fees.

"We have come a long way, and our farmers are waiting," one of the envoys told reporters, \
reports CNN.

The crossing will open to lorries first and to private cars a month later, said Efe news.

Both sides will meet again in the autumn.

Follow us on: Facebook, Twitter, Instagram

Join our official WhatsApp channel and get the latest news first
"""

PARAGRAPHS = [
    "Delegations from the two neighbouring republics agreed on Saturday to reopen a border "
    "crossing that has been closed for six years, raising hopes for trade between the "
    "mountain towns.",
    "The talks in the lakeside town were the first direct contact between the two governments "
    "since the crossing was shut after a dispute over customs fees.",
    '"We have come a long way, and our farmers are waiting," one of the envoys told reporters, '
    "reports CNN.",
    "The crossing will open to lorries first and to private cars a month later, said Efe news.",
    "Both sides will meet again in the autumn.",
]


@pytest.fixture(scope="module")
def cleaned() -> Cleaned:
    return clean(BODY, TITLE)


def test_noise_lines_dropped_with_reasons(cleaned: Cleaned) -> None:
    assert [(d.line_no, d.reason) for d in cleaned.dropped] == [
        (2, "teaser duplicated in body"),
        (4, "headline repeated"),
        (5, "stray byline"),
        (7, "wire agency line"),
        (19, "social footer"),
        (21, "social footer"),
    ]
    lines = BODY.splitlines()
    assert all(lines[d.line_no - 1] == d.text for d in cleaned.dropped)


def test_real_paragraphs_kept(cleaned: Cleaned) -> None:
    assert cleaned.text.split("\n\n") == PARAGRAPHS


def test_attribution(cleaned: Cleaned) -> None:
    assert cleaned.attribution.agency == "AFP"
    assert cleaned.attribution.cited_sources == ["CNN", "Efe"]


def test_idempotent(cleaned: Cleaned) -> None:
    again = clean(cleaned.text, TITLE)
    assert again.dropped == []
    assert again.text == cleaned.text


def test_hard_wrapped_lines_join_and_blank_lines_collapse() -> None:
    result = clean("  First line of a paragraph\ncontinues here.  \n\n\n\nSecond paragraph.\n")
    assert result.text == "First line of a paragraph continues here.\n\nSecond paragraph."
    assert result.dropped == []


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("SEOUL, April 25 (Yonhap) -- The two Koreas held talks at the border village.", "Yonhap"),
        ("MOSCOW (Reuters) - The central bank left its key rate unchanged.", "Reuters"),
        ("(AP) — Firefighters contained the blaze overnight.", "AP"),
        ("NEW DELHI, April 25 (IANS) The monsoon is expected to arrive early.", "IANS"),
        ("MADRID, 3 May (EFE) - Fishermen protested in the port.", "Efe"),
    ],
)
def test_dateline_agency_recorded_and_kept(line: str, agency: str) -> None:
    result = clean(line + "\n\nA second paragraph follows.")
    assert result.attribution.agency == agency
    assert result.text.startswith(line)
    assert result.attribution.cited_sources == []


def test_agency_cited_in_a_sentence_is_a_source() -> None:
    text = "LONDON (Reuters) - Prices rose.\n\nThe minister told Reuters that more would follow."
    result = clean(text)
    assert result.attribution.agency == "Reuters"
    assert result.attribution.cited_sources == ["Reuters"]


def test_short_real_sentences_are_not_dropped() -> None:
    lines = [
        "Voters went to the polls.",
        "Nobody was hurt.",
        "Talks resume Monday.",
        "By noon, the crowd had left the square and gone home to their families.",
        "Subscribers to the old plan keep their rates.",
        "Comments from the minister came later in the day.",
        "Photographs showed long queues outside the bank.",
    ]
    result = clean("\n\n".join(lines), "Election day passes quietly")
    assert result.dropped == []
    assert result.text.split("\n\n") == lines


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this article", "social footer"),
        ("Subscribe to our daily briefing", "social footer"),
        ("Sign up for our newsletter", "social footer"),
        ("Click here to read the full report", "social footer"),
        ("Read more: Floods hit the coast again", "social footer"),
        ("Also read: What the budget means for you", "social footer"),
        ("Download our app for breaking news alerts", "social footer"),
        ("We use cookies to improve your experience on this website.", "social footer"),
        ("© 2019 The Daily Example. All rights reserved.", "social footer"),
        ("(c) 2019 Example Media Group", "social footer"),
        ("Advertisement", "social footer"),
        ("Comments", "social footer"),
        ("Tags: border, trade, customs", "social footer"),
        ("Photo: A ferry waits at the quay", "photo credit"),
        ("Image credit: Harbour Authority", "photo credit"),
        ("File photo", "photo credit"),
        ("By Maria Okafor", "stray byline"),
        ("Staff", "stray byline"),
        ("admin", "stray byline"),
        ("Desk", "stray byline"),
        ("Reuters", "wire agency line"),
        ("Xinhua", "wire agency line"),
        ("dpa", "wire agency line"),
    ],
)
def test_noise_patterns(line: str, reason: str) -> None:
    result = clean(f"The harbour reopened on Tuesday.\n\n{line}\n\nShips queued outside.")
    assert [(d.line_no, d.reason) for d in result.dropped] == [(3, reason)]
    assert result.text == "The harbour reopened on Tuesday.\n\nShips queued outside."


def test_caption_that_is_a_sentence_stays() -> None:
    line = "Photo: Rescue workers searched the collapsed building through the night on Sunday."
    assert clean(line).dropped == []


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        ("The ministry confirmed the figures, the BBC reported.", ["BBC"]),
        ("The officer told CNN the road would stay closed.", ["CNN"]),
        ("CNN reported that talks had stalled.", ["CNN"]),
        ("In an interview with Reuters, the mayor denied it.", ["Reuters"]),
        ("State media KCNA said the launch succeeded.", ["KCNA"]),
        ("Troops withdrew, according to Yonhap news agency.", ["Yonhap"]),
        (
            "The New York Times reported it first, and Al Jazeera said so too.",
            [
                "The New York Times",
                "Al Jazeera",
            ],
        ),
        ("He watches CNN every morning and reads the BBC website.", []),
        ("Reuters photographers were at the scene.", []),
        ("Hill said the bill would pass.", []),
    ],
)
def test_cited_sources_need_a_reporting_construction(sentence: str, sources: list[str]) -> None:
    assert cited_sources(sentence) == sources


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government said on Monday that it would raise taxes on fuel next year.", "en"),
        ("El gobierno dijo el lunes que subirá los impuestos sobre el combustible.", "es"),
        (
            "Le gouvernement a annoncé lundi qu'il allait augmenter les taxes sur le carburant.",
            "fr",
        ),
        (
            "Die Regierung hat am Montag angekündigt, dass sie die Steuern auf Kraftstoff erhöht.",
            "de",
        ),
        ("Правительство в понедельник заявило, что повысит налоги на топливо.", "ru"),
        ("政府星期一表示明年将提高燃油税。", "zh"),
        ("政府は月曜日、来年から燃料税を引き上げると発表した。", "ja"),
        ("정부는 월요일 내년에 연료세를 인상하겠다고 밝혔다.", "ko"),
        ("12345 678", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
