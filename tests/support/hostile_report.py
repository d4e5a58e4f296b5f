"""A small report whose postings carry hostile markup and URLs (all invented)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from analyzer.aggregate import Filters
from analyzer.evidence import FrameEvidence
from reports.build import ReportOptions, build_report
from reports.model import Report
from taxonomy import load_taxonomy
from tests.support.report_frames import frames, posting

HOSTILE_TITLES = [
    "<script>alert('title')</script>Backend Engineer",
    '<img src=x onerror="alert(1)">Platform Engineer',
    "Go Developer <iframe src=//evil.example></iframe>",
]
HOSTILE_COMPANIES = ['"><svg onload=alert(2)>', "<style>body{display:none}</style>Corp"]
HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    " JaVaScRiPt:alert(3)",
    "java\nscript:alert(4)",
    "data:text/html,<script>alert(5)</script>",
    "//evil.example/protocol-relative",
    "vbscript:msgbox(6)",
]


def hostile_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """10 ads (11 postings, one duplicate pair); Python in 6, Kafka in 3, Docker in 1."""
    posts = []
    for i in range(1, 11):
        posts.append(
            posting(
                i,
                title=HOSTILE_TITLES[i % len(HOSTILE_TITLES)],
                company=HOSTILE_COMPANIES[i % len(HOSTILE_COMPANIES)],
                url=HOSTILE_URLS[i % len(HOSTILE_URLS)]
                if i % 3
                else f"https://jobs.example.org/{i}",
                source="remoteok" if i % 2 else "<b>board</b>",
                source_type="remoteok" if i % 2 else "greenhouse",
                attribution="Remote OK" if i % 2 else '<img src="https://evil.example/t.png">',
                dup_group="g1" if i == 1 else None,
                posted_at=datetime(2026, 10, i, tzinfo=UTC),
            )
        )
    posts.append(posting(11, dup_group="g1", url='https://jobs.example.org/11?a=1&b="2"'))
    mentions = [
        (1, "python", "preferred"), (11, "python", "required"), (2, "python", "required"),
        (3, "python", "required"), (4, "python", "preferred"), (5, "python", "other"),
        (6, "python", "other"), (1, "kafka", "preferred"), (2, "kafka", "preferred"),
        (3, "kafka", "preferred"), (7, "docker", "required"),
        (8, '"><img src=x onerror=alert(7)>', "required"),
    ]  # fmt: skip
    return frames(posts, mentions)


# ad text around each mention, as an attacker would write it
HOSTILE_SENTENCE = "<script>alert('ad')</script> you need <img src=x onerror=alert(8)> {skill} "


def hostile_evidence(mentions: pd.DataFrame) -> FrameEvidence:
    """Texts whose sentences around each mention carry markup, and the mentions' offsets."""
    texts: dict[int, str] = {}
    rows = []
    for pid, group in mentions.groupby("posting_id"):
        text = ""
        for skill, section in zip(group.skill, group.section, strict=True):
            piece = HOSTILE_SENTENCE.format(skill=skill)
            start = len(text) + piece.index(skill)
            rows.append((pid, skill, section, start, start + len(skill)))
            text += piece + "and more.\n"
        texts[int(pid)] = text
    frame = pd.DataFrame(rows, columns=["posting_id", "skill", "section", "start", "end"])
    return FrameEvidence(frame, texts)


def hostile_report() -> Report:
    p, m = hostile_frames()
    p["levels"] = ["junior" if i % 2 else "senior" for i in p["id"]]
    p["pay_min"] = [100_000.0 + 1000 * i for i in p["id"]]
    p["pay_max"] = p["pay_min"] + 10_000
    p["pay_currency"], p["pay_period"] = "USD", "year"
    options = ReportOptions(min_pair_ads=2)
    now = datetime(2026, 11, 21, tzinfo=UTC)
    return build_report(
        p, m, load_taxonomy(), Filters(remote=True), options, now=now, evidence=hostile_evidence(m)
    )
