"""The roll-up's lines as the page writes them: every number formatted and
every address made once, in Python, so that the template only places strings
(a province's page has a hundred lines, each twice: a table for the desk and
a card for the phone)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .formatting import DASH
from .rollup import ChildFigures, Rollup, RollupRow


@dataclass
class Line:
    """One line of the roll-up (a child, or the totals), ready to print."""

    name: str
    url: str = ""
    plan: str = ""
    planned: bool = False
    percent: str = DASH
    done_due: str = ""
    done_due_sentence: str = ""
    done_width: str = "0"
    overdue_width: str = "0"
    bar_label: str = ""
    on_time: str = ""
    late: str = ""
    has_late: bool = False
    overdue: str = ""
    has_overdue: bool = False
    output: str = ""
    outputs: list[str] = field(default_factory=list)
    cost: str = ""
    budget: str = ""
    par: str = DASH
    par_max: str = ""
    # What the child did of the activities handed down to it, in a sentence.
    handed: str = ""
    has_handed_overdue: bool = False


Whole = Callable[[int | Decimal], str]
Points = Callable[[Decimal], str]


def _writers() -> tuple[Whole, Points]:
    """Whole numbers and points (two decimals) in the active language, its
    separators read once."""
    thousands = str(get_format("THOUSAND_SEPARATOR"))
    decimals = str(get_format("DECIMAL_SEPARATOR"))

    def whole(value: int | Decimal) -> str:
        return f"{int(value):,}".replace(",", thousands)

    def points(value: Decimal) -> str:
        return f"{value:.2f}".replace(".", decimals)

    return whole, points


def _figures_line(
    line: Line, figures: ChildFigures, whole: Whole, points: Points
) -> Line:
    progress = figures.progress
    line.planned = True
    line.percent = f"{progress.percent}%"
    line.done_due = f"{whole(progress.done_due)} / {whole(progress.due)}"
    line.done_due_sentence = _("%(done)s of %(due)s tasks due are done") % {
        "done": whole(progress.done_due),
        "due": whole(progress.due),
    }
    line.done_width = f"{progress.done_pct:.1f}"
    line.overdue_width = f"{progress.overdue_pct:.1f}"
    line.bar_label = _("%(done)s of %(total)s done, %(overdue)s overdue") % {
        "done": progress.done,
        "total": progress.total,
        "overdue": progress.overdue,
    }
    line.on_time = whole(figures.done_on_time)
    line.late = whole(figures.done_late)
    line.has_late = figures.done_late > 0
    line.overdue = whole(progress.overdue)
    line.has_overdue = progress.overdue > 0
    line.output = whole(figures.actual_output)
    line.outputs = [
        f"{output.label}: {whole(output.actual)} {output.output_unit}"
        for output in figures.outputs
    ]
    line.cost = whole(figures.actual_cost)
    line.budget = whole(figures.budget)
    if figures.par is not None:
        line.par = points(figures.par.total_points)
        line.par_max = points(figures.par.max_points)
    return line


def _child_line(row: RollupRow, year: int, whole: Whole, points: Points) -> Line:
    child = row.organisation
    line = Line(
        name=child.name,
        url=f"{reverse('reports:rollup_child', args=[child.pk])}?year={year}",
    )
    handed = row.handed
    if handed.received:
        line.handed = _(
            "Handed down: %(done)s of %(tasks)s done, %(overdue)s overdue, "
            "%(output)s outputs"
        ) % {
            "done": whole(handed.done),
            "tasks": whole(handed.tasks),
            "overdue": whole(handed.overdue),
            "output": whole(handed.output),
        }
        line.has_handed_overdue = handed.overdue > 0
    if row.plan is None:
        return line
    line.plan = row.plan.number or row.plan.title
    return _figures_line(line, row.figures, whole, points)


def rollup_lines(rollup: Rollup) -> tuple[list[Line], Line]:
    """The children's lines in the rollup's order, and the totals' line."""
    whole, points = _writers()
    lines = [_child_line(row, rollup.year, whole, points) for row in rollup.rows]
    total = _figures_line(
        Line(name=_("Total (%(n)s with a plan)") % {"n": rollup.with_plan}),
        rollup.total,
        whole,
        points,
    )
    total.par = points(rollup.par_average) if rollup.par_average is not None else DASH
    total.par_max = points(rollup.par_max) if rollup.par_max is not None else ""
    return lines, total
