"""The PAR scoring rule (from settings) and the unit ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports.figures import TaskCounts, UnitRow, rank_units, score_completion


@pytest.mark.parametrize(
    ("rate", "points"),
    [
        (1.0, "1"),
        (0.95, "0.95"),
        (0.9, "0.90"),
        (0.899, "0"),
        (0.0, "0"),
        (None, "0"),
    ],
)
def test_completion_scores_full_at_100_pro_rata_from_90_and_nothing_below(
    rate, points
) -> None:
    assert score_completion(rate) == Decimal(points)


def test_completion_score_follows_the_settings(settings) -> None:
    settings.PAR_COMPLETION_POINTS = Decimal("2")
    settings.PAR_COMPLETION_THRESHOLD = Decimal("80")

    assert score_completion(0.85) == Decimal("1.70")
    assert score_completion(0.79) == Decimal("0")
    assert score_completion(1.0) == Decimal("2")


def _unit(name: str, **counts: int) -> UnitRow:
    return UnitRow(key=len(name), label=name, tasks=TaskCounts(**counts))


def test_units_with_equal_figures_share_a_rank() -> None:
    ranked = rank_units(
        [
            _unit("C", done_on_time=1, overdue=1),
            _unit("A", done_on_time=2),
            _unit("B", done_on_time=1, overdue=1),
            _unit("D", cancelled=2),
        ]
    )

    assert [(row.label, row.rank) for row in ranked] == [
        ("A", 1),
        ("B", 2),
        ("C", 2),
        ("D", 4),
    ]


def test_fewer_late_tasks_break_a_tie_in_completion() -> None:
    ranked = rank_units(
        [_unit("X", done_late=2, in_term=2), _unit("Y", done_on_time=2, in_term=2)]
    )

    assert [(row.label, row.rank) for row in ranked] == [("Y", 1), ("X", 2)]
