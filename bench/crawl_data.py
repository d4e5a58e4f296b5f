"""Synthetic sample sources for bench/crawl.py: N postings in each source's real format."""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

LANGS = ["Python", "Go", "Java", "Kotlin", "Rust", "Ruby", "Elixir", "Scala", "C#", "TypeScript"]
FRAMEWORKS = [
    "Django",
    "FastAPI",
    "Flask",
    "Spring Boot",
    "Rails",
    "Phoenix",
    "ASP.NET Core",
    "NestJS",
    "Gin",
    "Axum",
]
DATA = [
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kafka",
    "RabbitMQ",
    "Elasticsearch",
    "MongoDB",
    "ClickHouse",
    "Cassandra",
    "DynamoDB",
]
OPS = [
    "Docker",
    "Kubernetes",
    "Terraform",
    "AWS",
    "GCP",
    "Azure",
    "Prometheus",
    "Grafana",
    "GitHub Actions",
    "Helm",
]
DOMAINS = [
    "payments",
    "logistics",
    "healthcare scheduling",
    "ad delivery",
    "search",
    "identity",
    "billing",
    "observability",
    "IoT telemetry",
    "marketplaces",
]
TITLES = [
    "Backend Engineer",
    "Senior Backend Engineer",
    "Platform Engineer",
    "Software Engineer, Backend",
    "Site Reliability Engineer",
    "Backend Developer",
]
# The share of each source type in a synthetic crawl (jsonld: one page per posting).
MIX = {
    "greenhouse": 0.2,
    "lever": 0.15,
    "ashby": 0.15,
    "remoteok": 0.1,
    "rss": 0.1,
    "hackernews": 0.2,
    "jsonld": 0.1,
}
PER_BOARD = 100


def ad_html(rng: random.Random, i: int) -> tuple[str, str, str]:
    """(title, company, html) for synthetic ad number i."""
    lang, fw = rng.choice(LANGS), rng.choice(FRAMEWORKS)
    data, ops = rng.sample(DATA, 3), rng.sample(OPS, 3)
    title = f"{rng.choice(TITLES)} ({lang})"
    company = f"Benchco {i // 7}"
    body = (
        f"<p>{company} builds {rng.choice(DOMAINS)} software for {rng.randint(2, 900)} customers "
        f"in {rng.randint(2, 40)} countries. Posting {i}.</p>"
        f"<h3>What you'll do</h3><ul><li>Build {lang} services with {fw}</li>"
        f"<li>Run {data[0]} and {data[1]} in production</li><li>Ship with {ops[0]}</li></ul>"
        f"<h3>Requirements</h3><ul><li>{rng.randint(2, 8)}+ years of {lang}</li>"
        f"<li>Experience with {data[0]}</li><li>REST or gRPC API design</li></ul>"
        f"<h3>Nice to have</h3><ul><li>{data[2]}</li><li>{ops[1]} and {ops[2]}</li></ul>"
    )
    return title, company, body


def write_sources(root: Path, total: int, only: str | None = None, seed: int = 7) -> dict[str, int]:
    """Write fixtures for `total` postings (all of type `only` if given); counts per type."""
    rng = random.Random(seed)
    mix = {only: 1.0} if only else MIX
    counts = {t: int(total * share) for t, share in mix.items()}
    counts[next(iter(counts))] += total - sum(counts.values())
    i = 0

    def next_ad() -> tuple[int, str, str, str]:
        nonlocal i
        i += 1
        return (i, *ad_html(rng, i))

    def boards(n: int) -> list[list[tuple[int, str, str, str]]]:
        ads = [next_ad() for _ in range(n)]
        return [ads[k : k + PER_BOARD] for k in range(0, n, PER_BOARD)]

    names: dict[str, list[str]] = {}
    for kind in ("greenhouse", "lever", "ashby"):
        names[kind] = []
        for b, chunk in enumerate(boards(counts.get(kind, 0))):
            name = f"{kind[:2]}board{b}"
            names[kind].append(name)
            if kind == "greenhouse":
                jobs = [
                    {
                        "id": n,
                        "title": t,
                        "company_name": c,
                        "absolute_url": f"https://x.test/{n}",
                        "location": {"name": "Remote"},
                        "first_published": "2026-11-01T10:00:00-05:00",
                        "content": html.escape(h),
                    }
                    for n, t, c, h in chunk
                ]
                data: object = {"jobs": jobs, "meta": {"total": len(jobs)}}
                path = root / "greenhouse" / f"{name}.json"
            elif kind == "lever":
                data = [
                    {
                        "id": f"lv-{n}",
                        "text": t,
                        "hostedUrl": f"https://x.test/{n}",
                        "categories": {"location": "Remote"},
                        "workplaceType": "remote",
                        "createdAt": 1792700000000,
                        "description": h,
                        "lists": [],
                    }
                    for n, t, c, h in chunk
                ]
                path = root / "lever" / f"{name}.json"
            else:
                data = {
                    "jobs": [
                        {
                            "id": f"ab-{n}",
                            "title": t,
                            "location": "Remote",
                            "isRemote": True,
                            "isListed": True,
                            "publishedAt": "2026-11-01T08:00:00.000+00:00",
                            "jobUrl": f"https://x.test/{n}",
                            "descriptionHtml": h,
                        }
                        for n, t, c, h in chunk
                    ],
                    "apiVersion": "1",
                }
                path = root / "ashby" / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data))
    if counts.get("remoteok"):
        ro: list[object] = [{"legal": "bench"}]
        for _ in range(counts["remoteok"]):
            n, t, c, h = next_ad()
            ro.append(
                {
                    "id": str(n),
                    "position": t,
                    "company": c,
                    "description": h,
                    "url": f"https://x.test/{n}",
                    "date": "2026-11-18T09:00:00+00:00",
                    "salary_min": 0,
                    "salary_max": 0,
                }
            )
        (root / "remoteok").mkdir(parents=True, exist_ok=True)
        (root / "remoteok" / "api.json").write_text(json.dumps(ro))
    if counts.get("rss"):
        items = []
        for _ in range(counts["rss"]):
            n, t, c, h = next_ad()
            items.append(
                f"<item><title>{html.escape(c + ': ' + t)}</title><description>"
                f"{html.escape(h)}</description><pubDate>Mon, 16 Nov 2026 10:05:00 +0000"
                f"</pubDate><guid>https://x.test/{n}</guid><link>https://x.test/{n}</link>"
                "</item>"
            )
        (root / "rss").mkdir(parents=True, exist_ok=True)
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            + "".join(items)
            + "</channel></rss>"
        )
        (root / "rss" / "bench.rss").write_text(feed)
    if counts.get("hackernews"):
        per_thread = max(1, counts["hackernews"] // 3 + 1)
        hits, left, tid = [], counts["hackernews"], 900000
        (root / "hackernews" / "items").mkdir(parents=True, exist_ok=True)
        while left > 0:
            tid += 1
            kids = []
            for _ in range(min(per_thread, left)):
                n, t, c, h = next_ad()
                kids.append(
                    {
                        "id": tid * 10000 + n,
                        "author": "b",
                        "text": f"{c} | {t} | Remote<p>{h}",
                        "created_at_i": 1793635200,
                        "parent_id": tid,
                        "children": [],
                    }
                )
            left -= len(kids)
            hits.append(
                {
                    "title": f"Ask HN: Who is hiring? (Month {tid})",
                    "objectID": str(tid),
                    "created_at_i": 1793635200 + tid,
                }
            )
            (root / "hackernews" / "items" / f"{tid}.json").write_text(
                json.dumps({"id": tid, "children": kids})
            )
        (root / "hackernews" / "search_by_date.json").write_text(json.dumps({"hits": hits}))
        names["hackernews_months"] = [str(len(hits))]
    if counts.get("jsonld"):
        locs = []
        (root / "jsonld" / "careers" / "bench").mkdir(parents=True, exist_ok=True)
        for _ in range(counts["jsonld"]):
            n, t, c, h = next_ad()
            node = {
                "@context": "https://schema.org",
                "@type": "JobPosting",
                "title": t,
                "description": h,
                "identifier": n,
                "datePosted": "2026-11-03",
                "hiringOrganization": {"@type": "Organization", "name": c},
                "jobLocationType": "TELECOMMUTE",
            }
            page = (
                f"<!DOCTYPE html><html><head><title>{html.escape(t)}</title>"
                f'<script type="application/ld+json">{json.dumps(node)}</script></head>'
                f"<body><h1>{html.escape(t)}</h1></body></html>"
            )
            (root / "jsonld" / "careers" / "bench" / f"{n}.html").write_text(page)
            locs.append(f"<url><loc>{{{{BASE}}}}/careers/bench/{n}.html</loc></url>")
        sitemap = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(locs)
            + "</urlset>"
        )
        (root / "jsonld" / "sitemap.xml").write_text(sitemap)
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (root / "names.json").write_text(json.dumps(names))
    return counts


def store_and_crawl(db_url: str, extra: str = "") -> str:
    """The [store] and [crawl] tables of a bench config: no delays, 32 requests at once."""
    return (
        f'[store]\nurl = "{db_url}"\n\n'
        "[crawl]\ndownload_delay = 0\nautothrottle = false\nconcurrency = 32\n"
        f'concurrency_per_domain = 32\nlog_level = "WARNING"\n{extra}'
    )


def bench_config(root: Path, base: str, db_url: str) -> str:
    """A config TOML for the synthetic sources under `root`, served at `base`."""
    names = json.loads((root / "names.json").read_text())
    lines = [store_and_crawl(db_url)]
    for kind, key in (("greenhouse", "boards"), ("lever", "companies"), ("ashby", "boards")):
        if names.get(kind):
            lines.append(
                f'[[sources]]\ntype = "{kind}"\nbase_url = "{base}"\n'
                f"{key} = {json.dumps(names[kind])}\n"
            )
    if (root / "remoteok" / "api.json").exists():
        lines.append(f'[[sources]]\ntype = "remoteok"\nbase_url = "{base}"\n')
    if (root / "rss" / "bench.rss").exists():
        lines.append(f'[[sources]]\ntype = "rss"\nurls = ["{base}/categories/bench.rss"]\n')
    if names.get("hackernews_months"):
        months = names["hackernews_months"][0]
        lines.append(
            f'[[sources]]\ntype = "hackernews"\nbase_url = "{base}/api/v1"\nmonths = {months}\n'
        )
    if (root / "jsonld" / "sitemap.xml").exists():
        lines.append(f'[[sources]]\ntype = "jsonld"\nsitemaps = ["{base}/sitemap.xml"]\n')
    return "\n".join(lines)


# ---------------------------------------------------------------- the market preset's shape
BOARD_TYPES = ("greenhouse", "lever", "ashby", "workable", "recruitee", "personio", "teamtailor")
BOARD_PATHS = {
    "greenhouse": "greenhouse/{b}.json", "lever": "lever/{b}.json", "ashby": "ashby/{b}.json",
    "workable": "workable/{b}.json", "recruitee": "recruitee/{b}.json",
    "personio": "personio/{b}.xml", "teamtailor": "teamtailor/{b}.rss",
}  # fmt: skip
BOARD_BASES = {"recruitee": "/recruitee/{board}", "personio": "/personio/{board}",
               "teamtailor": "/teamtailor/{board}"}  # fmt: skip


def board_body(kind: str, ads: list[tuple[int, str, str, str]]) -> str:
    """One board's list answer in its ATS's real shape."""
    if kind == "greenhouse":
        return json.dumps({"jobs": [{"id": n, "title": t, "absolute_url": f"https://x.test/{n}",
                                     "location": {"name": "Remote"}, "content": html.escape(h),
                                     "first_published": "2026-11-01T10:00:00-05:00"}
                                    for n, t, c, h in ads]})  # fmt: skip
    if kind == "lever":
        return json.dumps([{"id": f"lv-{n}", "text": t, "hostedUrl": f"https://x.test/{n}",
                            "categories": {"location": "Remote"}, "description": h,
                            "createdAt": 1792700000000} for n, t, c, h in ads])  # fmt: skip
    if kind == "ashby":
        return json.dumps({"jobs": [{"id": f"ab-{n}", "title": t, "jobUrl": f"https://x.test/{n}",
                                     "location": "Remote", "descriptionHtml": h}
                                    for n, t, c, h in ads]})  # fmt: skip
    if kind == "workable":
        jobs = [{"shortcode": f"W{n}", "title": t, "url": f"https://x.test/{n}",
                 "description": h, "telecommuting": True, "published_on": "2026-11-01"}
                for n, t, c, h in ads]  # fmt: skip
        return json.dumps({"name": ads[0][2], "jobs": jobs})
    if kind == "recruitee":
        return json.dumps({"offers": [{"id": n, "title": t, "careers_url": f"https://x.test/{n}",
                                       "description": h, "status": "published",
                                       "published_at": "2026-11-01 10:00:00 UTC"}
                                      for n, t, c, h in ads]})  # fmt: skip
    if kind == "personio":
        positions = "".join(
            f"<position><id>{n}</id><name>{html.escape(t)}</name><office>Berlin</office>"
            f"<jobDescriptions><jobDescription><name>Role</name><value><![CDATA[{h}]]></value>"
            "</jobDescription></jobDescriptions><createdAt>2026-11-01T10:00:00+00:00</createdAt>"
            "</position>"
            for n, t, c, h in ads
        )
        return f'<?xml version="1.0"?><workzag-jobs>{positions}</workzag-jobs>'
    items = "".join(
        f"<item><title>{html.escape(t)}</title><description>{html.escape(h)}</description>"
        f"<link>https://x.test/{n}</link><guid>tt-{n}</guid><remoteStatus>fully</remoteStatus>"
        "<pubDate>Mon, 16 Nov 2026 10:05:00 +0000</pubDate></item>"
        for n, t, c, h in ads
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{ads[0][2]}</title>{items}</channel></rss>'  # noqa: E501


def write_boards(root: Path, boards: int, per_board: int, gone: int = 0, seed: int = 7) -> int:
    """Fixtures for `boards` boards spread over the ATS types (`per_board` ads each), plus
    `gone` listed boards without a fixture (the server answers 404); the postings written."""
    rng = random.Random(seed)
    names: dict[str, list[str]] = {k: [] for k in BOARD_TYPES}
    n = 0
    for b in range(boards):
        kind = BOARD_TYPES[b % len(BOARD_TYPES)]
        name = f"{kind[:2]}co{b}"
        ads = []
        for _ in range(per_board):
            n += 1
            ads.append((n, *ad_html(rng, n)))
        path = root / BOARD_PATHS[kind].format(b=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(board_body(kind, ads))
        names[kind].append(name)
    for g in range(gone):
        names[BOARD_TYPES[g % len(BOARD_TYPES)]].append(f"goneco{g}")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (root / "boards.json").write_text(json.dumps(names))
    return n


def boards_config(root: Path, base: str, db_url: str) -> str:
    """A config TOML with one source per ATS listing the boards under `root`."""
    names = json.loads((root / "boards.json").read_text())
    lines = [store_and_crawl(db_url, "retries = 0\n")]
    for kind in BOARD_TYPES:
        key = "companies" if kind == "lever" else "boards"
        url = base + BOARD_BASES.get(kind, "")
        lines.append(f'[[sources]]\ntype = "{kind}"\nname = "market-{kind}"\n'
                     f'base_url = "{url}"\n{key} = {json.dumps(names[kind])}\n')  # fmt: skip
    return "\n".join(lines)
