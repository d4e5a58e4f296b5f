"""A small SQLite store filled with invented ads and tagged by the real extractor."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Invented ads: (title, skills part). Each posting also gets its own invented "about us"
# paragraph, so the store's near-duplicate detection sees distinct ads. Junior Python ads
# and senior Go ads state pay in USD, Java ads in EUR; platform ads name no level and pay.
ADS = [
    ("Junior Backend Engineer (Python)",
     "Requirements:\n- Python and PostgreSQL\n- Docker\nNice to have:\n- Kafka\n"
     "Salary: $70,000 - $90,000 a year."),
    ("Senior Go Developer",
     "Requirements:\n- Strong Go programming experience\n- PostgreSQL\n- Kubernetes\n"
     "Bonus points:\n- Redis\nSalary: $150k-$180k"),
    ("Platform Engineer",
     "Our stack: Python, Redis and AWS.\nRequirements:\n- Kubernetes\n- Terraform\n"
     "Nice to have:\n- Go"),
    ("Java Backend Developer",
     "Requirements:\n- 5+ years with Java and Spring Boot\n- MySQL\nNice to have:\n"
     "- Docker\nSalary: EUR 60.000 - 75.000 per year"),
]  # fmt: skip
MONTHS = ["2026-08", "2026-09", "2026-10"]
WORDS = [
    "amber",
    "basalt",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "glacier",
    "harbor",
    "indigo",
    "juniper",
    "kestrel",
    "lagoon",
    "meadow",
    "nimbus",
    "orchid",
    "prairie",
    "quartz",
    "raven",
    "sierra",
    "tundra",
    "umber",
    "violet",
    "willow",
    "yarrow",
    "zephyr",
    "bakeries",
    "ferries",
    "orchards",
    "libraries",
    "vineyards",
    "theatres",
    "tramways",
    "bicycles",
    "lighthouses",
    "greenhouses",
    "observatories",
    "aquariums",
    "sawmills",
    "breweries",
    "quarries",
    "canals",
]


def about(n: int) -> str:
    """An invented company blurb, different for every n."""
    w = [WORDS[(n * k + k * k) % len(WORDS)] for k in range(1, 13)]
    return (
        f"Invented Co {n} builds {w[0]} {w[1]} tools for {w[2]} and {w[3]} across the "
        f"{w[4]} {w[5]} region. Our {w[6]} team loves {w[7]} {w[8]}, {w[9]} and {w[10]} "
        f"{w[11]}."
    )


def invented_postings(per_month: int = 8) -> list[dict[str, Any]]:
    """Postings in the contract's shape over three months and two sources, plus one
    posting that repeats the first ad word for word on the other source (a duplicate).

    Posting n uses ADS[n % 4]; it is on remoteok when n % 3 == 0, remote when n is even."""
    out = []
    for n in range(per_month * len(MONTHS)):
        month, day = MONTHS[n // per_month], 1 + n % per_month
        title, skills = ADS[n % len(ADS)]
        remoteok = n % 3 == 0
        out.append(
            {
                "source": "remoteok" if remoteok else "boards",
                "source_type": "remoteok" if remoteok else "greenhouse",
                "external_id": f"ad-{n}",
                "url": f"https://jobs.example.org/ads/{n}",
                "title": title,
                "company": f"Invented Co {n}",
                "location": None,
                "remote": n % 2 == 0,
                "posted_at": datetime.fromisoformat(f"{month}-{day:02d}").replace(tzinfo=UTC),
                "salary_min": None, "salary_max": None, "salary_currency": None,
                "salary_period": None,
                "description_html": None,
                "description_text": about(n) + "\n" + skills,
                "attribution": "Remote OK" if remoteok else None,
            }
        )  # fmt: skip
    copy = dict(out[0], source="boards", source_type="greenhouse", external_id="copy-0")
    copy.update(url="https://jobs.example.org/copies/0", remote=False, attribution=None)
    return [*out, copy]


def fill_store(path: Path, per_month: int = 8) -> str:
    """Create a SQLite store at `path` with the invented ads, tagged; returns its URL."""
    from skillgap.run.extract import extract_pending
    from skillgap.store import Store

    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        run = store.start_run(kind="crawl", sources=["remoteok", "boards"])
        store.upsert_many(invented_postings(per_month), run_id=run)
        store.finish_run(run, "ok", {})
        extract_pending(store, workers=1)  # the real extractor, in-process
    return url
