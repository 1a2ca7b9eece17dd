"""Section I (1-6) of the document: the overall results, the results by
content, form, audience group and unit, and the PAR self-assessment."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from ...figures import TaskCounts, YearReport
from ...formatting import fmt_number, fmt_percent, fmt_points
from .layout import SMALL_PT, figure_table, para, section_heading
from .numbering import UNITS, appendix_number


def _counts(tasks: TaskCounts) -> list[str]:
    return [
        fmt_number(tasks.total),
        fmt_number(tasks.done),
        fmt_number(tasks.overdue),
        fmt_percent(tasks.completion_rate),
    ]


def _and(parts: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {
        "first": ", ".join(parts[:-1]),
        "last": parts[-1],
    }


def _tasks_sentence(report: YearReport) -> str:
    """Where the tasks stand, naming only the figures that are not zero."""
    tasks = report.tasks
    date = report.as_of.strftime("%d/%m/%Y")
    if tasks.done:
        text = _("As of %(date)s, %(done)s tasks are done (%(rate)s)") % {
            "date": date,
            "done": fmt_number(tasks.done),
            "rate": fmt_percent(tasks.completion_rate),
        }
        if tasks.done_on_time and tasks.done_late:
            text += _(", %(on_time)s of them on time and %(late)s late") % {
                "on_time": fmt_number(tasks.done_on_time),
                "late": fmt_number(tasks.done_late),
            }
        elif tasks.done_on_time:
            text += _(", all on time")
        else:
            text += _(", all after their due date")
    else:
        text = _("As of %(date)s, no task is done yet") % {"date": date}
    open_parts = []
    if tasks.awaiting_review:
        open_parts.append(
            _("%(count)s tasks are waiting for review")
            % {"count": fmt_number(tasks.awaiting_review)}
        )
    if tasks.in_term:
        open_parts.append(
            _("%(count)s tasks are not yet due") % {"count": fmt_number(tasks.in_term)}
        )
    if tasks.overdue:
        open_parts.append(
            _("%(count)s tasks are overdue") % {"count": fmt_number(tasks.overdue)}
        )
    if open_parts:
        text += "; " + _and(open_parts)
    text += "."
    if tasks.cancelled:
        text += " " + _("Besides, %(count)s tasks were cancelled.") % {
            "count": fmt_number(tasks.cancelled)
        }
    return text


def _activities_sentence(report: YearReport) -> str:
    """The activities' state, budget, reach and spend, zero figures left out."""
    acts, output = report.activities, report.output
    parts = [
        phrase % {"count": fmt_number(count)}
        for phrase, count in (
            (_("%(count)s activities are completed"), acts.completed),
            (_("%(count)s activities are under way"), acts.in_progress),
            (_("%(count)s activities have overdue tasks"), acts.with_overdue),
        )
        if count
    ]
    sentences = []
    if parts:
        sentences.append(_("Of the activities: %(parts)s.") % {"parts": _and(parts)})
    if acts.cancelled:
        sentences.append(
            _("%(count)s activities were cancelled.")
            % {"count": fmt_number(acts.cancelled)}
        )
    sentences.append(
        _("Budget planned: %(budget)s VND.") % {"budget": fmt_number(acts.budget)}
    )
    reached = [
        phrase % {"count": fmt_number(count)}
        for phrase, count in (
            (_("%(count)s participants"), output.participants),
            (_("%(count)s views, listeners or readers"), output.reach),
        )
        if count
    ]
    if reached:
        sentences.append(
            _("The activities reached %(reached)s.") % {"reached": _and(reached)}
        )
    sentences.append(
        _("Spent: %(spent)s VND.") % {"spent": fmt_number(output.actual_cost)}
    )
    return " ".join(sentences)


def _overall(doc: DocumentObject, report: YearReport) -> None:
    """1: the activities and tasks in two paragraphs and a table."""
    tasks, acts = report.tasks, report.activities
    section_heading(doc, _("1. Overall results"))
    plan_sentence = _(
        "The plan has %(activities)s activities, carried out as %(tasks)s tasks "
        "by %(units)s agencies and units."
    ) % {
        "activities": fmt_number(acts.planned),
        "tasks": fmt_number(tasks.total),
        "units": fmt_number(len(report.by_unit)),
    }
    para(doc, f"{plan_sentence} {_tasks_sentence(report)}")
    para(doc, _activities_sentence(report))
    total = tasks.total
    figure_table(
        doc,
        [_("Figure"), _("Tasks"), _("Share")],
        [9.5, 3.0, 3.0],
        [
            [label, fmt_number(value), fmt_percent(value / total if total else None)]
            for label, value in (
                (_("Done on time"), tasks.done_on_time),
                (_("Done late"), tasks.done_late),
                (_("Done, awaiting review"), tasks.awaiting_review),
                (_("Not done, still in term"), tasks.in_term),
                (_("Overdue"), tasks.overdue),
            )
            # Awaiting review only when a task waits: with review off, never.
            if value or label != _("Done, awaiting review")
        ],
        total=[
            _("Tasks to carry out"),
            fmt_number(total),
            fmt_percent(1 if total else None),
        ],
        left_columns=(0,),
    )


def _by_content(doc: DocumentObject, report: YearReport) -> None:
    section_heading(doc, _("2. Results by content"))
    figure_table(
        doc,
        [
            _("No."),
            _("Content theme"),
            _("Activities"),
            _("Tasks"),
            _("Done"),
            _("Overdue"),
            _("Completion"),
        ],
        [1.3, 6.4, 1.9, 1.7, 1.7, 1.5, 2.0],
        [
            [str(index), row.label, fmt_number(row.activities), *_counts(row.tasks)]
            for index, row in enumerate(report.by_theme, start=1)
        ],
    )


def _by_form(doc: DocumentObject, report: YearReport) -> None:
    section_heading(doc, _("3. Results by form"))
    figure_table(
        doc,
        [
            _("No."),
            _("Channel"),
            _("Output unit"),
            _("Planned"),
            _("Actual"),
            _("Tasks done / to do"),
            _("Completion"),
        ],
        [1.3, 4.5, 2.5, 1.8, 1.8, 2.6, 2.0],
        [
            [
                str(index),
                f"{row.label} ({row.form_label})",
                row.output_unit,
                fmt_number(row.tasks.planned_output),
                fmt_number(row.output.actual_output),
                f"{fmt_number(row.tasks.done)}/{fmt_number(row.tasks.total)}",
                fmt_percent(row.tasks.completion_rate),
            ]
            for index, row in enumerate(report.by_channel, start=1)
        ],
    )


def _by_audience(doc: DocumentObject, report: YearReport) -> None:
    section_heading(doc, _("4. Results by audience group"))
    figure_table(
        doc,
        [
            _("No."),
            _("Audience group"),
            _("Activities"),
            _("Tasks done / to do"),
            _("Participants"),
            _("Reach"),
        ],
        [1.3, 5.4, 2.0, 2.6, 2.5, 2.7],
        [
            [
                str(index),
                row.label,
                fmt_number(row.activities),
                f"{fmt_number(row.tasks.done)}/{fmt_number(row.tasks.total)}",
                fmt_number(row.output.participants),
                fmt_number(row.output.reach),
            ]
            for index, row in enumerate(report.by_audience, start=1)
        ],
    )
    para(
        doc,
        _("An activity addressing several groups counts in each of them."),
        size=SMALL_PT,
        italic=True,
    )


def _by_unit(doc: DocumentObject, report: YearReport) -> None:
    """5: the units in one paragraph; their table is an appendix."""
    section_heading(doc, _("5. Results of each agency and unit"))
    rows = report.by_unit
    if not rows:
        para(doc, _("No agency or unit has tasks in the period."))
        return
    complete = [row for row in rows if row.tasks.total and not row.tasks.not_done]
    sentences = []
    if complete:
        sentences.append(
            _("%(count)s of %(units)s agencies and units have done every task.")
            % {"count": fmt_number(len(complete)), "units": fmt_number(len(rows))}
        )
    best = [row for row in rows if row.rank == 1 and row.tasks.done]
    if best and not complete:
        sentences.append(
            _("Best completion: %(units)s (%(rate)s).")
            % {
                "units": "; ".join(row.label for row in best[:5]),
                "rate": fmt_percent(best[0].tasks.completion_rate),
            }
        )
    overdue = report.units_with_overdue
    if overdue:
        sentences.append(
            _("%(count)s agencies and units still have overdue tasks.")
            % {"count": fmt_number(len(overdue))}
        )
    sentences.append(
        _("The results of each agency and unit are in Appendix %(number)s.")
        % {"number": appendix_number(report, UNITS)}
    )
    para(doc, " ".join(sentences))


def _par_criterion(doc: DocumentObject, report: YearReport) -> None:
    """6: the scoring rule, then the points claimed for each criterion."""
    par = report.par
    section_heading(
        doc, _("6. Self-assessment of the communication criterion (PAR index)")
    )
    para(
        doc,
        _(
            "Scoring rule: %(max)s point(s) when 100%% of the plan is carried out, "
            "points in proportion to the rate from %(threshold)s%% up, none below; "
            "%(each)s point(s) for each form (online, traditional) that has evidence."
        )
        % {
            "max": fmt_points(par.completion_max),
            "threshold": fmt_number(par.threshold),
            "each": fmt_points(par.form_points_each),
        },
    )
    rows = [
        [
            _("Plan carried out"),
            fmt_percent(par.completion_rate),
            fmt_points(par.completion_max),
            fmt_points(par.completion_points),
        ]
    ]
    for form in par.forms:
        rows.append(
            [
                capfirst(
                    _("%(form)s forms with evidence") % {"form": form.label_lower}
                ),
                _("%(with)s of %(done)s done tasks")
                % {
                    "with": fmt_number(form.with_evidence),
                    "done": fmt_number(form.done),
                },
                fmt_points(par.form_points_each),
                fmt_points(form.points),
            ]
        )
    figure_table(
        doc,
        [_("Criterion"), _("Result"), _("Maximum"), _("Self-assessed")],
        [6.5, 4.4, 2.6, 3.0],
        rows,
        total=[
            _("Total"),
            "",
            fmt_points(par.max_points),
            fmt_points(par.total_points),
        ],
        left_columns=(0,),
    )


def write_results(doc: DocumentObject, report: YearReport) -> None:
    """Section I, 1 to 6 (7 is :func:`.spend.write_spend`)."""
    section_heading(doc, _("I. RESULTS"), before=6)
    for subsection in (
        _overall,
        _by_content,
        _by_form,
        _by_audience,
        _by_unit,
        _par_criterion,
    ):
        subsection(doc, report)
