"""Hand-built store frames for the gap tests: postings with dup_group, mentions with section."""

from __future__ import annotations

import pandas as pd


def frames(ads: list[tuple[int, str | None, dict[str, str]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """[(posting id, dup_group, {skill: section})] -> (postings, mentions) as the store gives."""
    postings = pd.DataFrame(
        {"id": [a[0] for a in ads], "dup_group": [a[1] for a in ads], "title": "Backend engineer"}
    )
    rows = [
        {"posting_id": pid, "skill": skill, "section": section, "start": 0, "end": 1, "text": "x"}
        for pid, _group, skills in ads
        for skill, section in skills.items()
    ]
    mentions = pd.DataFrame(
        rows, columns=["posting_id", "skill", "section", "start", "end", "text"]
    )
    return postings, mentions


# ten distinct ads; 9 and 10 are the same ad seen twice (one dup_group)
MARKET = [
    (1, None, {"python": "required", "django": "required", "postgresql": "required"}),
    (2, None, {"python": "required", "django": "preferred", "docker": "other"}),
    (3, None, {"python": "required", "fastapi": "required", "postgresql": "preferred"}),
    (4, None, {"go": "required", "kubernetes": "required", "docker": "required"}),
    (5, None, {"go": "required", "kafka": "preferred"}),
    (6, None, {"java": "required", "spring": "required", "kafka": "required"}),
    (7, None, {"python": "required", "aws": "preferred"}),
    (8, None, {"typescript": "required", "nodejs": "required"}),
    (9, "g1", {"python": "required", "django": "required"}),
    (10, "g1", {"python": "preferred", "django": "required", "perl": "other"}),
    (11, None, {}),  # an ad naming no known skill still counts in the denominator
]
