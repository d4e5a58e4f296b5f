"""Map checklist items onto skill ids with the ad extractor and the taxonomy's topics table.

First the `topics` table (skills, a category, or "not a skill") for the item's label or
full text; when it does not list the topic, the extractor on the label and on the full
text ("Core: Python/JavaScript") gives skills (an item that is just a skill's id, label or
alias, in any case, gives that skill: "node" as "Node", "GOLANG"), and a label naming a
taxonomy category ("Message brokers") gives that category. A heading none of this maps but
with items under it ("## Practice") is a grouping, marked as such. Anything else stays
unmapped and is listed as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from analyzer.checklist.model import Checklist, ChecklistItem
from analyzer.extract import AdInput, Extractor
from taxonomy import Taxonomy, normalise_topic

GROUP_KINDS = ("heading", "roadmap-section")
GROUP_WHY = "a heading that groups the topics under it"


@dataclass(frozen=True)
class TopicMapping:
    skills: tuple[str, ...] = ()
    category: str | None = None
    not_skill: str | None = None
    mapped_by: str = ""  # topic | extractor | category | not-skill | group; "" if unmapped


def _variants(text: str) -> list[str]:
    """The topic key, plus its singular/plural twin ("Message Brokers" ~ "message broker")."""
    key = normalise_topic(text.replace("-", " "))
    out = [key]
    if key.endswith("s") and len(key) > 3:
        out.append(key[:-1])
    else:
        out.append(key + "s")
    return out


class ChecklistMapper:
    """Holds the extractor (slow to build) and maps any number of checklists."""

    def __init__(self, taxonomy: Taxonomy | None = None, extractor: Extractor | None = None):
        self.extractor = extractor or Extractor(taxonomy=taxonomy)
        self.taxonomy = taxonomy or self.extractor.taxonomy
        self.category_names: dict[str, str] = {}
        for cat in self.taxonomy.categories:
            for name in (cat.id, cat.label):
                for key in _variants(name):
                    self.category_names.setdefault(key, cat.id)
        self._cache: dict[str, tuple[str, ...]] = {}

    def _extract_all(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t and t not in self._cache})
        ads = (AdInput(id=t, text=t) for t in todo)
        for ad, mentions in self.extractor.extract_many(ads):
            self._cache[ad.id] = tuple(dict.fromkeys(m.skill for m in mentions))

    def skills_in(self, text: str) -> tuple[str, ...]:
        if text not in self._cache:
            self._extract_all([text])
        return self._cache[text]

    def _listed(self, text: str) -> TopicMapping | None:
        tax = self.taxonomy
        key = normalise_topic(text)
        if key in tax.topic_skills:
            return TopicMapping(skills=tax.topic_skills[key], mapped_by="topic")
        if key in tax.topic_categories:
            return TopicMapping(category=tax.topic_categories[key], mapped_by="topic")
        if key in tax.not_skills:
            return TopicMapping(not_skill=tax.not_skills[key].why, mapped_by="not-skill")
        return None

    def map_topic(self, label: str, text: str | None = None) -> TopicMapping:
        """Skills (and/or a category, or a not-a-skill reason) for one topic."""
        text = text or label
        for candidate in dict.fromkeys((label, text)):
            listed = self._listed(candidate)
            if listed is not None:
                return listed
        # "Python: Django or Flask" names skills in its detail too: take both parts
        skills = tuple(dict.fromkeys(self.skills_in(label) + self.skills_in(text)))
        if not skills:  # the item is just a skill's name, in any case ("node", "GOLANG")
            skills = self.taxonomy.named(label) or self.taxonomy.named(text)
        category = next(
            (self.category_names[k] for k in _variants(label) if k in self.category_names), None
        )
        if skills:
            return TopicMapping(skills=skills, category=category, mapped_by="extractor")
        if category:
            return TopicMapping(category=category, mapped_by="category")
        return TopicMapping()

    def map_item(self, item: ChecklistItem, has_children: bool = False) -> ChecklistItem:
        m = self.map_topic(item.label or item.text, item.text)
        if not m.mapped_by and has_children and item.kind in GROUP_KINDS:
            m = TopicMapping(not_skill=GROUP_WHY, mapped_by="group")
        return replace(
            item,
            skills=m.skills,
            category=m.category,
            not_skill=m.not_skill,
            mapped_by=m.mapped_by,
        )

    def map_checklist(self, checklist: Checklist) -> Checklist:
        """A copy of the checklist with every item mapped (texts extracted in one batch)."""
        self._extract_all(t for i in checklist.items for t in (i.label or i.text, i.text))
        parents = {i.parent for i in checklist.items if i.parent is not None}
        items = [self.map_item(item, n in parents) for n, item in enumerate(checklist.items)]
        return replace(checklist, items=items, warnings=list(checklist.warnings))
