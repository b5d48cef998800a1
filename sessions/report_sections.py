"""Sections that higher apps add to the session report (proposals, evaluations) without this
app importing them: each registers a template and a context function in its AppConfig.ready."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportSection:
    order: int
    template: str
    context: Callable  # (session) -> dict


_sections: list[ReportSection] = []


def register_report_section(*, order: int, template: str, context: Callable) -> None:
    if all(section.template != template for section in _sections):
        _sections.append(ReportSection(order, template, context))


def report_sections(session) -> list[tuple[str, dict]]:
    return [
        (section.template, section.context(session))
        for section in sorted(_sections, key=lambda s: s.order)
    ]
