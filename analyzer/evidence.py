"""The sentences behind a skill's figures: for each skill, a few ads that ask for it, the
sentence where each does, the skill marked, with how the ad asks for it.

Choosing the ads is pure pandas over analyzer.aggregate.Ads; the mentions' offsets and
the ads' texts come from an EvidenceSource (the store, or frames in memory), read only for
the few postings chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from analyzer.aggregate import Ads, skill_codes
from analyzer.labels import LABEL_RANK, LABELS

SNIPPET_CHARS = 240  # at most this much of a sentence is shown around the skill
_SENTENCE_END = re.compile(r"\n|[.!?](?=\s)|•|;\s")
_SPACES = re.compile(r"\s+")

CANDIDATE_COLUMNS = ["skill", "posting_ids", "label"]
EVIDENCE_COLUMNS = ["skill", "posting_id", "label", "before", "match", "after"]


class EvidenceSource(Protocol):
    """Where the chosen postings' mentions and texts are read from."""

    def mentions(self, posting_ids: Sequence[int]) -> pd.DataFrame:
        """Mentions of these postings: posting_id, skill, section, start, end."""
        ...

    def texts(self, posting_ids: Sequence[int]) -> Mapping[int, str]:
        """Each posting's plain text, the one the mentions' offsets point into."""
        ...


def _newest_postings(ads: Ads) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Per ad (index 0..n-1): its newest posting's date as int64 nanoseconds (oldest
    possible when unknown) and company lower-cased; and every posting id, newest first,
    with where each ad's run of them starts in it."""
    posts = ads.postings
    dates = pd.to_datetime(posts["date"], utc=True)
    nanos = dates.to_numpy(dtype="datetime64[ns]").view("int64")  # NaT is the smallest
    ids = posts["id"].to_numpy()
    order = np.lexsort((-ids, -nanos, posts["ad"].to_numpy()))
    ad = posts["ad"].to_numpy()[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ad[1:] != ad[:-1]
    pick = order[first]
    company = posts["company"] if "company" in posts else pd.Series("", index=posts.index)
    newest = pd.DataFrame(
        {
            "date": nanos[pick],
            "company": company.fillna("").astype(str).str.lower().to_numpy()[pick],
        },
        index=ad[first],
    ).sort_index()
    starts = np.append(np.flatnonzero(first), len(order))
    return newest, ids[order], starts


def candidate_depth(per_skill: int) -> int:
    """How many of a skill's best ads `evidence` may look at for `per_skill` sentences
    (a few spare ones, and a choice of companies among them)."""
    return (per_skill + 2) * 20


def candidates(ads: Ads, skills: Iterable[str], per_skill: int = 3) -> pd.DataFrame:
    """For each skill, up to `per_skill` ads naming it: asked as required first, then as
    nice to have, then mentioned; newest first; a company once when there is a choice.
    Columns: skill, posting_ids (the ad's postings, newest first), label (the ad's label
    for the skill)."""
    wanted = list(dict.fromkeys(skills))
    codes, names = skill_codes(ads)
    code_of = {str(name): i for i, name in enumerate(names)}
    chosen = np.isin(codes, [code_of[s] for s in wanted if s in code_of])
    if not chosen.any():
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    newest, ids, starts = _newest_postings(ads)
    ad = ads.skills["ad"].to_numpy()[chosen]
    pairs = pd.DataFrame(
        {
            "code": codes[chosen],
            "rank": ads.skills["rank"].to_numpy()[chosen],
            "date": newest["date"].to_numpy()[ad],
            "company": newest["company"].to_numpy()[ad],
            "ad": ad,
        }
    )
    pairs = pairs.sort_values(["code", "rank", "date", "ad"], ascending=[True, True, False, True])
    # only the best few per skill can be picked: the rest need not be compared
    pairs = pairs.groupby("code", sort=False).head(per_skill * 20)  # candidate_depth
    # a company's first ad for a skill before any company's second
    pairs["repeat"] = pairs.groupby(["code", "company"], sort=False).cumcount()
    pairs = pairs.sort_values(["code", "repeat", "rank", "date"],
                              ascending=[True, True, True, False], kind="stable")  # fmt: skip
    picked = pairs.groupby("code", sort=False).head(per_skill)
    picked = picked.sort_values(["code", "rank", "date"], ascending=[True, True, False])
    out = pd.DataFrame(
        {
            "skill": names[picked["code"].to_numpy()].astype(str),
            # any posting of the ad may hold the mention: the newest that does is used
            "posting_ids": [
                tuple(int(x) for x in ids[starts[a] : starts[a + 1]]) for a in picked["ad"]
            ],
            "label": [LABELS[int(r)] for r in picked["rank"]],
        }
    )
    order = {s: i for i, s in enumerate(wanted)}
    out["order"] = out["skill"].map(order)
    return out.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


@dataclass(frozen=True)
class Snippet:
    """A sentence cut around a mention: text before it, the mention, text after it."""

    before: str
    match: str
    after: str


def snippet(text: str, start: int, end: int, width: int = SNIPPET_CHARS) -> Snippet:
    """The sentence holding text[start:end], at most about `width` characters of it, cut
    at words, with "…" where it was cut; spaces squeezed."""
    line_start = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start)), default=0
    )
    after_end = _SENTENCE_END.search(text, end)
    stop = after_end.end() if after_end is not None else len(text)
    if after_end is not None and text[after_end.start()] in "\n•;":
        stop = after_end.start()
    before = _SPACES.sub(" ", text[line_start:start]).lstrip(" -*•")
    match = _SPACES.sub(" ", text[start:end])
    after = _SPACES.sub(" ", text[end:stop]).rstrip()
    room = max(width - len(match), 40)
    if len(before) + len(after) > room:
        keep_before = min(len(before), room // 2 if len(after) > room // 2 else room - len(after))
        keep_after = room - keep_before
        if len(before) > keep_before:
            cut = before[-keep_before:]
            before = "…" + (cut.split(" ", 1)[1] if " " in cut[1:] else cut)
        if len(after) > keep_after:
            cut = after[:keep_after]
            after = (cut.rsplit(" ", 1)[0] if " " in cut[:-1] else cut) + "…"
    return Snippet(before, match, after)


def build_evidence(
    chosen: pd.DataFrame, mentions: pd.DataFrame, texts: Mapping[int, str], per_skill: int = 3
) -> pd.DataFrame:
    """The sentence of each chosen (skill, ad), at most `per_skill` a skill: in the newest
    of the ad's postings that names the skill, its first mention with the strongest label
    there. Columns: EVIDENCE_COLUMNS; an ad whose text or mention is missing (retagged
    meanwhile) is left out."""
    if chosen.empty or mentions.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    found = mentions.copy()
    found["rank"] = found["section"].map(LABEL_RANK).fillna(len(LABELS) - 1)
    found = found.sort_values(["posting_id", "skill", "rank", "start"])
    first = found.drop_duplicates(["posting_id", "skill"]).set_index(["posting_id", "skill"])
    rows: list[tuple[object, ...]] = []
    kept: dict[str, int] = {}
    for skill, pids, label in chosen[CANDIDATE_COLUMNS].itertuples(index=False):
        if kept.get(skill, 0) >= per_skill:
            continue
        for pid in pids:
            key, text = (int(pid), str(skill)), texts.get(int(pid))
            if text is None or key not in first.index:
                continue
            start, end = int(first.loc[key, "start"]), int(first.loc[key, "end"])
            if not 0 <= start < end <= len(text):
                continue
            cut = snippet(text, start, end)
            rows.append((skill, int(pid), label, cut.before, cut.match, cut.after))
            kept[skill] = kept.get(skill, 0) + 1
            break
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def evidence(
    ads: Ads, skills: Iterable[str], source: EvidenceSource, per_skill: int = 3
) -> pd.DataFrame:
    """Evidence for each skill: choose the ads (a few spare ones, in case a text no longer
    holds its mention), read just their postings' mentions and texts."""
    chosen = candidates(ads, skills, per_skill + 2)
    if chosen.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    ids = sorted({int(x) for pids in chosen["posting_ids"] for x in pids})
    mentions = source.mentions(ids)
    if not mentions.empty:
        mentions = mentions[mentions["skill"].isin(set(chosen["skill"]))]
    return build_evidence(chosen, mentions, source.texts(ids), per_skill)


class FrameEvidence:
    """An EvidenceSource over frames in memory: a mentions frame with offsets, and texts."""

    def __init__(self, mentions: pd.DataFrame, texts: Mapping[int, str]) -> None:
        self._mentions = mentions
        self._texts = texts

    def mentions(self, posting_ids: Sequence[int]) -> pd.DataFrame:
        return self._mentions[self._mentions["posting_id"].isin(list(posting_ids))]

    def texts(self, posting_ids: Sequence[int]) -> Mapping[int, str]:
        return {i: self._texts[i] for i in posting_ids if i in self._texts}
