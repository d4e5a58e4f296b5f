"""Scoring levels, years and salary: exact-set accuracy, per-level F1, exact years,
salary precision and recall on exact (min, max, currency, period)."""

from __future__ import annotations

from analyzer.evaluate_meta import score_meta
from analyzer.meta import PostingMeta, Salary

USD = {"min": 100000, "max": 120000, "currency": "USD", "period": "year"}


def test_score_meta() -> None:
    gold = [
        {"id": 1, "levels": ["junior", "mid"], "years_min": 2, "salary": USD},
        {"id": 2, "levels": ["senior"], "years_min": None, "salary": None},
        {"id": 3, "levels": [], "years_min": 5, "salary": USD},
        {"id": 4, "skills": []},  # carries no meta labels: not scored
    ]
    predicted = {
        1: PostingMeta(("junior", "mid"), 2, Salary(100000, 120000, "USD", "year")),
        2: PostingMeta(("senior", "lead"), None, Salary(90000, 90000, "USD", "year")),
        3: PostingMeta((), 4, Salary(100000, 120000, "EUR", "year")),
    }
    scores = score_meta(gold, predicted)
    assert scores.ads == 3
    assert scores.levels_accuracy == 2 / 3
    assert (scores.per_level["lead"].fp, scores.per_level["senior"].tp) == (1, 1)
    assert scores.years_accuracy == 2 / 3
    # a salary is right only when all four values are: 1 right of 3 said, of 2 stated
    assert (scores.salary.tp, scores.salary.fp, scores.salary.fn) == (1, 2, 1)
    assert scores.as_dict()["salary"]["precision"] == round(1 / 3, 4)
