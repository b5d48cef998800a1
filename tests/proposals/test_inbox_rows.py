"""The unit's inbox's lists written in Python (proposals/inbox_rows.py) as its template's loops
wrote them (decision 307): every kind of row (an item being handled by its colour of time left,
one tracked, a co-handling unit's view sent, without a category, with characters to escape),
in both languages."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from delegates.models import Delegate
from proposals.inbox_rows import handled_rows_html, inbox_rows_html
from proposals.models import Assignment, HandlingUnit, Proposal, ProposalCategory

# The lists as proposals/unit_home.html wrote them before (decision 307).
TEMPLATE_INBOX = """{% load i18n deadlines wording %}{% for assignment in inbox %}{% with item=assignment.proposal %}
    <li><a href="{{ assignment.page_url }}"><strong>{{ item }}</strong></a>
      <div class="muted">{{ assignment.unit.name }} · {{ assignment.get_role_display }} · {{ item.author.name }}{% if item.category %} · {{ item.category.name }}{% endif %}</div>
      <div>{% translate "Deadline" %}{% label_suffix %}<strong>{{ assignment.deadline|date }}</strong> {% if item.status == item.Status.TRACKING %}<span class="chip chip-proposal-{{ item.status }}">{{ item.get_status_display }}</span>{% elif assignment.view_given %}<span class="chip">{% translate "View sent to the lead unit" %}</span>{% else %}{% time_left_chip assignment.deadline assignment.amber_on %}{% endif %}</div>
    </li>
    {% endwith %}{% endfor %}"""
TEMPLATE_HANDLED = """{% for assignment in handled %}{% with item=assignment.proposal %}
    <li><a href="{{ assignment.page_url }}">{{ item }}</a>
      <div class="muted">{{ assignment.unit.name }} · {{ assignment.get_role_display }} · <span class="chip chip-proposal-{{ item.status }}">{{ item.get_status_display }}</span></div></li>
    {% endwith %}{% endfor %}"""


def _assignments() -> list[Assignment]:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    unit = HandlingUnit(name='县<教育>局 "A&B"')
    author = Delegate(name="张<三>")
    category = ProposalCategory(name="教&育")
    rows = [
        # (number, title, status, category, role, deadline, amber_on, view_given)
        ("2026-0001", "建议一", "assigned", category, "lead", today + 30 * day, today + 20 * day, False),
        ("2026-0002", "<b>二</b>", "assigned", None, "co", today + 3 * day, today, False),
        ("2026-0003", "三", "assigned", category, "lead", today - 2 * day, today - 9 * day, False),
        ("2026-0004", "四", "tracking", category, "lead", today - 2 * day, today - 9 * day, False),
        ("", "五", "assigned", None, "co", today + 3 * day, today, True),
        ("2026-0006", "六", "replied", category, "co", today, today, False),
    ]
    assignments = []
    for n, (number, title, status, cat, role, deadline, amber_on, view_given) in enumerate(rows):
        item = Proposal(number=number, title=title, status=status, author=author, category=cat)
        assignment = Assignment(
            pk=n + 1, proposal=item, unit=unit, role=role, deadline=deadline, amber_on=amber_on
        )
        assignment.view_given = view_given
        assignment.page_url = f"/proposals/unit/items/{n + 1}/?a=1&b=2"
        assignments.append(assignment)
    return assignments


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_inbox_rows_are_written_as_the_template_wrote_them(language):
    assignments = _assignments()
    with translation.override(language):
        inbox = Template(TEMPLATE_INBOX).render(Context({"inbox": assignments}))
        handled = Template(TEMPLATE_HANDLED).render(Context({"handled": assignments}))
        assert inbox_rows_html(assignments) == inbox
        assert handled_rows_html(assignments) == handled
    assert "chip-due-ok" in inbox and "chip-due-over" in inbox and "chip-proposal-tracking" in inbox
    assert "&lt;b&gt;" in inbox and "<b>" not in inbox
    assert inbox_rows_html([]) == handled_rows_html([]) == ""
