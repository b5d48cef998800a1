"""The unit's inbox's lists read in plain statements (proposals/inbox_reads.py) and written in
Python (proposals/inbox_rows.py), decision 307: the same rows as the ORM's selectors read, the
unit's own only; written as the template's loops wrote them, every kind of row (an item being
handled by its colour of time left, one tracked, a co-handling unit's view sent, without a
category, with characters to escape), in both languages."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from delegates.models import Delegate
from proposals.inbox_reads import InboxRow
from proposals.inbox_rows import handled_rows_html, inbox_rows_html
from proposals.models import Assignment, HandlingUnit, Proposal, ProposalCategory

# The lists as proposals/unit_home.html wrote them before (decision 307).
TEMPLATE_INBOX = """{% load i18n deadlines wording %}{% for assignment in inbox %}{% with item=assignment.proposal %}
    <li><a href="{{ assignment.page_url }}"><strong>{{ item }}</strong></a>
      <div class="muted">{{ assignment.unit.name }} · {{ assignment.get_role_display }} · {{ item.author.name }}{% if item.category %} · {{ item.category.name }}{% endif %}</div>
      <div>{% translate "Deadline" %}{% label_suffix %}<strong>{{ assignment.deadline|date }}</strong> {% if item.status == item.Status.TRACKING %}<span class="chip chip-proposal-{{ item.status }}">{{ item.get_status_display }}</span>{% elif assignment.view_given %}<span class="chip">{% translate "View sent to the lead unit" %}</span>{% else %}{% time_left_chip assignment.deadline assignment.amber_on %}{% endif %}</div>
    </li>
    {% endwith %}{% endfor %}"""  # noqa: E501
TEMPLATE_HANDLED = """{% for assignment in handled %}{% with item=assignment.proposal %}
    <li><a href="{{ assignment.page_url }}">{{ item }}</a>
      <div class="muted">{{ assignment.unit.name }} · {{ assignment.get_role_display }} · <span class="chip chip-proposal-{{ item.status }}">{{ item.get_status_display }}</span></div></li>
    {% endwith %}{% endfor %}"""  # noqa: E501


def _assignments() -> list[Assignment]:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    unit = HandlingUnit(name='县<教育>局 "A&B"')
    author = Delegate(name="张<三>")
    category = ProposalCategory(name="教&育")
    rows = [
        # (number, title, status, category, role, deadline, amber_on, view_given)
        (
            "2026-0001",
            "建议一",
            "assigned",
            category,
            "lead",
            today + 30 * day,
            today + 20 * day,
            False,
        ),
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


def _row(assignment) -> InboxRow:
    """What the inbox's reads give of an assignment the ORM read."""
    item = assignment.proposal
    return InboxRow(
        assignment.pk,
        assignment.proposal_id,
        assignment.role,
        assignment.unit.name,
        item.number,
        item.title,
        item.status,
        deadline=assignment.deadline,
        amber_on=assignment.amber_on,
        view_given=getattr(assignment, "view_given", False),
        author_name=item.author.name,
        category_name=item.category.name if item.category else None,
        page_url=getattr(assignment, "page_url", ""),
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_inbox_rows_are_written_as_the_template_wrote_them(language):
    assignments = _assignments()
    rows = [_row(a) for a in assignments]
    with translation.override(language):
        inbox = Template(TEMPLATE_INBOX).render(Context({"inbox": assignments}))
        handled = Template(TEMPLATE_HANDLED).render(Context({"handled": assignments}))
        assert inbox_rows_html(rows) == inbox
        assert handled_rows_html(rows) == handled
    assert "chip-due-ok" in inbox and "chip-due-over" in inbox and "chip-proposal-tracking" in inbox
    assert "&lt;b&gt;" in inbox and "<b>" not in inbox
    assert inbox_rows_html([]) == handled_rows_html([]) == ""


def _handled_fields(row: InboxRow) -> tuple:
    return (row.pk, row.proposal_id, row.role, row.unit_name, row.number, row.title, row.status)


@pytest.mark.django_db
def test_the_plain_reads_give_the_selectors_rows_of_the_units_given_only(unit, other_unit, author):
    from django.core.paginator import Paginator

    from proposals.inbox_reads import UnitInbox, unit_handled_rows
    from proposals.models import Reply
    from proposals.selectors import unit_handled, unit_inbox

    today = timezone.localdate()
    category = ProposalCategory.objects.create(name="教育")
    for n in range(7):
        item = Proposal.objects.create(
            term=author.term,
            kind="suggestion",
            title=f"<{n}>",
            situation="情况",
            recommendations="建议",
            author=author,
            category=category if n % 2 else None,
            status="tracking" if n == 3 else "assigned",
            number=f"2026-{n:04d}" if n != 4 else "",
        )
        for k, owner in enumerate((unit, other_unit)):
            assignment = Assignment.objects.create(
                proposal=item,
                unit=owner,
                role="lead" if k == 0 else "co",
                round=1,
                assigned_on=today,
                send_back_until=today,
                deadline=today + datetime.timedelta(days=(n * 5) % 7),
                amber_on=today,
                is_open=n < 5,
            )
            if n in (2, 5, 6):  # answered: a view sent, or handled
                Reply.objects.create(assignment=assignment, text="答复")
    for units in ([unit], [other_unit], [unit, other_unit], []):
        ids = [u.pk for u in units]
        expected = [_row(a) for a in unit_inbox(units)]
        paginator = Paginator(UnitInbox(ids), 3)
        assert paginator.count == len(expected)
        for number in paginator.page_range:
            assert list(paginator.page(number)) == expected[(number - 1) * 3 : number * 3]
        assert [_handled_fields(r) for r in unit_handled_rows(ids)] == [
            _handled_fields(_row(a)) for a in unit_handled(units)
        ]
        assert {r.unit_name for r in UnitInbox(ids)[0:100]} == {u.name for u in units}
    assert len(UnitInbox([unit.pk])[0:100]) == 5 and len(unit_handled_rows([unit.pk])) == 2
