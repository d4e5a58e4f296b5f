"""The skill taxonomy: data in skills.yaml, loaded and validated here."""

from taxonomy.loader import DEFAULT_PATH, TaxonomyError, load_taxonomy, normalise_topic
from taxonomy.model import Alias, Category, Pattern, Skill, Taxonomy

__all__ = [
    "DEFAULT_PATH",
    "Alias",
    "Category",
    "Pattern",
    "Skill",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "normalise_topic",
]
