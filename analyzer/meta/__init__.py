"""Seniority, experience and pay of a job ad (policy: ANNOTATION.md, "Seniority,
experience and pay"): pure functions over its title and text, cue words in YAML."""

from analyzer.meta.model import LEVELS, PERIODS, PostingMeta, Salary, sort_levels
from analyzer.meta.read import StructuredPay, read_meta
from analyzer.meta.rules import meta_fingerprint

__all__ = [
    "LEVELS",
    "PERIODS",
    "PostingMeta",
    "Salary",
    "StructuredPay",
    "meta_fingerprint",
    "read_meta",
    "sort_levels",
]
