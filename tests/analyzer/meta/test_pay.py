"""Pay stated in an ad: structured fields first, then the text; never equity, a bonus,
funding or a stipend (ANNOTATION.md, "salary"). Every ad here is invented."""

from __future__ import annotations

import pytest

from analyzer.meta import Salary, StructuredPay, read_meta


def pay(text: str, title: str = "Backend Engineer", location: str | None = None) -> tuple:
    salary = read_meta(title, text, location=location).salary
    return (salary.min, salary.max, salary.currency, salary.period) if salary else ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Acme | Senior Engineer | Remote (US) | $150k-$200k + equity",
            (150000, 200000, "USD", "year"),
        ),
        ("Salary: EUR 60.000 - 75.000 per year", (60000, 75000, "EUR", "year")),
        ("Acme | Backend Engineer | London | £80k", (80000, 80000, "GBP", "year")),
        (
            "The base salary range for this role is $141,300 - $226,000.",
            (141300, 226000, "USD", "year"),
        ),
        ("Pay rate: $45-60/hr on a 6-month contract", (45, 60, "USD", "hour")),
        ("Monthly salary of ₹85,000 per month", (85000, 85000, "INR", "month")),
        ("Acme | Java Developer | Remote (India) | 6–10 LPA", (600000, 1000000, "INR", "year")),
        ("Compensation: up to $120k depending on experience", (None, 120000, "USD", "year")),
        ("Acme | Platform Engineer | NYC | $110k+", (110000, None, "USD", "year")),
        ("Acme | Senior Engineer | $180-220k+ | 401k match", (180000, 220000, "USD", "year")),
        (
            "The range is USD$198,000 per year - USD$220,000 per year.",
            (198000, 220000, "USD", "year"),
        ),
        ("Acme | SWE | Colorado, USA | 90K - 150K", (90000, 150000, "USD", "year")),
        ("Competitive salary up to 115K- Award winning benefits", (None, 115000, "USD", "year")),
    ],
)
def test_pay_in_the_text(text: str, expected: tuple) -> None:
    assert pay(text) == expected


def test_several_roles_give_the_lowest_min_and_the_highest_max() -> None:
    text = (
        "Acme | Several roles | Remote\n"
        "- Senior Engineer | $150K-$220K\n- Staff Engineer | $200K-$250K\n"
        "Salaries for our Berlin office are €90k-€110k."
    )
    assert pay(text) == (150000, 250000, "USD", "year")  # the main currency only


def test_total_compensation_counts_only_when_nothing_else_is_stated() -> None:
    both = "Acme | Senior Engineer | NYC | $200k Salary - $400k Total Compensation"
    assert pay(both) == (200000, 200000, "USD", "year")
    only = "Acme | Senior Engineers | Menlo Park | $280K-307K total comp + equity"
    assert pay(only) == (280000, 307000, "USD", "year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The US base pay for this role is $98.5K–$176K annually, plus equity and benefits.",
            (98500, 176000, "USD", "year"),
        ),
        ("Comp: $131k–$162k base, equity and health cover.", (131000, 162000, "USD", "year")),
        ("Salary: $104k - $127k, plus bonus", (104000, 127000, "USD", "year")),
        ("Salary $88k-$97k with equity", (88000, 97000, "USD", "year")),
        ("Salary: $121k base and a $15k signing bonus", (121000, 121000, "USD", "year")),
        ("Salary: $143k base, $230k OTE", (143000, 143000, "USD", "year")),
        ("Acme | Engineers | Remote | $151k - $187k (+ equity)", (151000, 187000, "USD", "year")),
        ("Acme | Engineers | Remote | $151k - $187k / equity", (151000, 187000, "USD", "year")),
        (
            "Acme | Engineers | Remote | $151k - $187k | $9k (signing bonus)",
            (151000, 187000, "USD", "year"),
        ),
    ],
)
def test_equity_or_a_bonus_listed_after_the_pay_leaves_it_pay(text: str, expected: tuple) -> None:
    """A joiner (",", "plus", "and", "with") after a figure starts another item: "equity"
    there says nothing about the figure before it; a figure the word follows directly
    ("$15k signing bonus") stays not pay."""
    assert pay(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CTC: ₹14,50,000 - ₹21,00,000 per annum", (1450000, 2100000, "INR", "year")),
        ("Salary: CHF 115'000 - 135'000 per year", (115000, 135000, "CHF", "year")),
        ("Salary: CHF 115’000–135’000", (115000, 135000, "CHF", "year")),
        ("Gehalt: 4.200 - 5.300 € brutto/Monat", (4200, 5300, "EUR", "month")),
        ("Salary: 52.000 € - 61.000 € gross per year", (52000, 61000, "EUR", "year")),
        ("Salaire : 48 000 € - 56 000 € par an", (48000, 56000, "EUR", "year")),
    ],
)
def test_pay_written_in_other_number_and_period_styles(text: str, expected: tuple) -> None:
    assert pay(text) == expected


def test_a_small_pay_range_without_a_period_is_an_hourly_wage() -> None:
    assert pay("The pay range for this role is $22.50 to $27.00.") == (22, 27, "USD", "hour")
    assert pay("Salary: €31 - €38") == (31, 38, "EUR", "hour")
    # a lone small figure is too often something else: a referral reward, a price
    assert pay("Tell a friend and earn $300 when we hire them.") == ()
    assert pay("Compensation: $500 - $700") == ()  # too much for an hour, too little a month


def test_a_lone_dollar_in_canada_is_canadian() -> None:
    assert pay("Salary: $95,000 - $120,000", location="Toronto, Canada")[2] == "CAD"
    assert pay("Salary: $95,000 - $120,000", location="Remote (US, Canada)")[2] == "USD"


@pytest.mark.parametrize(
    "text",
    [
        "We recently raised $51M Series C from great investors.",
        "Revenue grew from $0 to ~$300M in four years.",
        "Perks: Fertility HRA (up to $5,000 per year), WFH stipend",
        "Benefits: $1,500 learning budget and a $500 home office allowance.",
        "Compensation will be salary plus meaningful equity.",
        "Competitive salary, stock options and a 401k.",
        "Our members pay $7/month for a pair of tickets.",
        "We process $257B annually for 10,000 customers.",
        "Perks: anniversary gift ($200/year), monthly music subscription.",
        "0.5%-1% equity and a $10k signing bonus",
    ],
)
def test_money_that_is_not_pay(text: str) -> None:
    assert pay(text) == ()


def test_structured_pay_wins_over_the_text() -> None:
    structured = StructuredPay(min=130000, max=160000, currency="usd", period="year")
    meta = read_meta("Engineer", "Salary: $90k-$100k", structured=structured)
    assert meta.salary == Salary(130000, 160000, "USD", "year")
    # structured fields without a currency or a period say too little: the text decides
    half = StructuredPay(min=130000, max=160000, currency=None, period="year")
    assert read_meta("Engineer", "Salary: $90k-$100k", structured=half).salary == Salary(
        90000, 100000, "USD", "year"
    )


def test_the_meta_of_an_html_ad_is_read_from_its_text() -> None:
    html = "<h2>Compensation</h2><p>The annual base salary is <b>$120,000 - $140,000</b>.</p>"
    assert pay(html) == (120000, 140000, "USD", "year")
    assert read_meta("Engineer", "<p>We ship</p>").as_dict() == {
        "levels": [],
        "years_min": None,
        "salary": None,
    }


def test_pay_in_the_title_counts_when_the_text_states_none() -> None:
    assert pay("Acme builds farm robots.", title="Senior Engineer ($152k-$181k)") == (
        152000, 181000, "USD", "year",
    )  # fmt: skip
    assert pay("Salary: $120k-$130k", title="Senior Engineer ($152k-$181k)")[:2] == (
        120000, 130000,
    )  # fmt: skip
