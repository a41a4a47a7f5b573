from datetime import date

import pytest

from tidings.dates import resolve

PUB = date(2019, 4, 25)  # a Thursday


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("Thursday", ("2019-04-25", "day")),
        ("on Wednesday", ("2019-04-24", "day")),
        ("last Thursday", ("2019-04-18", "day")),
        ("Friday", ("2019-04-26", "day")),  # no tense: the nearer one, tomorrow
        ("Monday", ("2019-04-22", "day")),
        ("February", ("2019-02-01", "month")),
        ("in May", ("2019-05-01", "month")),
        ("in November", ("2018-11-01", "month")),
        ("2011", ("2011-01-01", "year")),
        ("last week", ("2019-04-15", "week")),
        ("next week", ("2019-04-29", "week")),
        ("last month", ("2019-03-01", "month")),
        ("last year", ("2018-01-01", "year")),
        ("yesterday", ("2019-04-24", "day")),
        ("three days ago", ("2019-04-22", "day")),
        ("April 27", ("2019-04-27", "day")),
        ("June 12, 2018", ("2018-06-12", "day")),
        ("12 June 2018", ("2018-06-12", "day")),
        ("February 2019", ("2019-02-01", "month")),
        ("2018-06-12", ("2018-06-12", "day")),
    ],
)
def test_resolves_against_publication_date(expr, expected):
    value, precision, _ = resolve(expr, PUB)
    assert (value, precision) == expected


def test_tense_picks_the_direction():
    assert resolve("Friday", PUB, tense="future")[:2] == ("2019-04-26", "day")
    assert resolve("June", PUB, tense="future")[:2] == ("2019-06-01", "month")
    assert resolve("in May", PUB, tense="past")[:2] == ("2018-05-01", "month")
    assert resolve("March 12", PUB, tense="past")[:2] == ("2019-03-12", "day")


def test_relative_dates_without_publication_date_stay_unresolved():
    value, precision, note = resolve("Thursday", None)
    assert value is None and precision == "unknown"
    assert "no publication date" in note
    assert resolve("in 2011", None)[:2] == ("2011-01-01", "year")


def test_nonsense_is_unknown_not_a_crash():
    assert resolve("the Cold War era", PUB)[:2] == (None, "unknown")
    assert resolve("February 30, 2019", PUB)[1] == "unknown"


def test_quarters_seasons_and_decades():
    ref = date(1989, 10, 26)  # in the fourth quarter
    assert resolve("the third quarter", ref)[:2] == ("1989-07-01", "quarter")
    assert resolve("the fourth quarter", ref)[:2] == ("1989-10-01", "quarter")
    assert resolve("the quarter", ref)[:2] == ("1989-07-01", "quarter")  # the last one reported
    assert resolve("the year-ago quarter", ref)[:2] == ("1988-07-01", "quarter")
    assert resolve("the first quarter of 1990", ref)[:2] == ("1990-01-01", "quarter")
    assert resolve("the '80s", ref)[:2] == ("1980-01-01", "decade")
    assert resolve("the '90s", date(2019, 1, 1))[:2] == ("1990-01-01", "decade")
    assert resolve("the winter of 1994", ref)[:2] == ("1994-12-01", "season")
    assert resolve("next spring", ref)[:2] == ("1990-03-01", "season")


def test_weekends_and_the_nearest_weekday():
    monday = date(1998, 8, 17)
    assert resolve("the weekend", monday)[:2] == ("1998-08-15", "weekend")
    assert resolve("this weekend", monday)[:2] == ("1998-08-22", "weekend")
    assert resolve("Tuesday", monday)[:2] == ("1998-08-18", "day")  # tomorrow, with no tense
    assert resolve("Tuesday", monday, tense="past")[:2] == ("1998-08-11", "day")
    assert resolve("Friday", monday)[:2] == ("1998-08-14", "day")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("now", ("2019-04-25", "present_ref")),
        ("these days", ("2019-04-25", "present_ref")),
        ("recently", (None, "past_ref")),
        ("in recent years", (None, "past_ref")),
        ("over the past several months", (None, "past_ref")),
        ("the near future", (None, "future_ref")),
        ("in the coming weeks", (None, "future_ref")),
        ("the past year", ("2018-01-01", "year")),  # a period: not a mere reference
    ],
)
def test_the_present_past_and_future_without_a_period(expr, expected):
    value, precision, _ = resolve(expr, PUB)
    assert (value, precision) == expected


def test_reference_words_are_found_outside_the_parsers_dates(pipeline):
    from tidings.dates import tag

    doc = pipeline.nlp("Prices are now falling. Officials recently said they would act.")
    found = {(t.text, t.precision) for t in tag(doc, PUB)}
    assert {("now", "present_ref"), ("recently", "past_ref")} <= found


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("the mid-1990s", ("1990-01-01", "decade")),
        ("the late 1970s", ("1970-01-01", "decade")),
        ("the nineties", ("1990-01-01", "decade")),
        ("fiscal 2017", ("2017-01-01", "year")),
        ("fiscal year 2020", ("2020-01-01", "year")),
        ("the full year", ("2019-01-01", "year")),
        ("the fiscal year", ("2019-01-01", "year")),
        ("a year earlier", ("2018-01-01", "year")),
        ("the year-ago period", ("2018-01-01", "year")),
        ("the year-earlier first quarter", ("2018-01-01", "quarter")),
    ],
)
def test_decades_fiscal_years_and_a_year_before(expr, expected):
    value, precision, _ = resolve(expr, PUB)
    assert (value, precision) == expected


def test_a_year_before_in_a_story_about_a_quarter_is_that_quarter(pipeline):
    from tidings.dates import tag

    doc = pipeline.nlp("Profit rose 8% in the first quarter of 2019, from $3 million a year "
                       "earlier.")
    found = {t.text: (t.date, t.precision) for t in tag(doc, PUB)}
    assert found["a year earlier"] == ("2018-01-01", "quarter")


def test_days_and_month_days_are_found_where_the_parser_saw_no_date(pipeline):
    from tidings.dates import tag

    doc = pipeline.nlp("Sales to Sept. 30 were flat, and today the shares rose. "
                       "Talks resume May 5.")
    doc.ents = []  # as if the parser had missed them all
    found = {t.text: (t.date, t.precision) for t in tag(doc, PUB)}
    assert found == {"Sept. 30": ("2019-09-30", "day"), "today": ("2019-04-25", "day"),
                     "May 5": ("2019-05-05", "day")}


def test_this_month_is_of_the_year_of_publication():
    assert resolve("this September", PUB)[:2] == ("2019-09-01", "month")
    assert resolve("this February", PUB, tense="future")[:2] == ("2019-02-01", "month")
