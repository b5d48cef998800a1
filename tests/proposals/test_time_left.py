"""The state at a glance: an item's time left reads on time (green), due soon (amber, in the
last share of the time given: a rules setting) or overdue (red, after the deadline), by one
rule on every page, in words as well as colour; the office's desk counts the items with the
units by colour for each lead unit, each count linking to the change list filtered to exactly
those items."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.utils import timezone

from congress_office import workdays
from congress_office.models import CalendarDay
from proposals.admin_desk import unit_rows_html
from proposals.deadlines import amber_from, assignment_deadlines, time_left
from proposals.models import Assignment, Proposal, ProposalRules
from proposals.services import deadline_set, extension_decide, extension_request
from proposals.time_left import due_soon_share_apply, time_left_by_unit
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import S, proposal_in, staff_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TONE_WORDS = {
    "en": {"ok": "On time · ", "soon": "Due soon · ", "over": "Overdue · "},
    "zh-hans": {"ok": "正常 · ", "soon": "临期 · ", "over": "超期 · "},
}


def tone_on(assignment, day: datetime.date) -> str:
    return time_left(assignment.deadline, assignment.amber_on, day).tone


# --- The rule ------------------------------------------------------------------------------


def test_due_soon_exactly_at_the_share_overdue_the_day_after_the_last_day():
    given_from = datetime.date(2026, 3, 2)
    deadline = given_from + 100 * DAY  # 25 % of 100 days: the last 25 are due soon
    amber_on = amber_from(given_from, deadline, 25)
    assert amber_on == deadline - 25 * DAY
    assert time_left(deadline, amber_on, deadline - 26 * DAY) == ("ok", 26)
    assert time_left(deadline, amber_on, deadline - 25 * DAY) == ("soon", 25)  # at the share
    assert time_left(deadline, amber_on, deadline) == ("soon", 0)  # the last day
    assert time_left(deadline, amber_on, deadline + DAY) == ("over", -1)  # the day after
    # a share of a short time rounds down: the last day is always due soon, never overdue
    assert amber_from(deadline - 3 * DAY, deadline, 25) == deadline


def test_an_urgent_item_counts_its_working_days_and_is_overdue_only_after_them(author, unit):
    friday = timezone.localdate() - datetime.timedelta(days=10)
    friday -= datetime.timedelta(days=(friday.weekday() - 4) % 7)
    CalendarDay.objects.create(date=friday + 3 * DAY, kind="holiday", name="节日")  # Monday
    _item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=friday, urgent=True)
    rules = ProposalRules.current()
    deadline, _back = assignment_deadlines(rules, role="lead", urgent=True, on=friday)
    assert lead.deadline == deadline == workdays.add_working_days(friday, 15)
    given = (deadline - friday).days
    assert lead.time_given_from == friday
    assert lead.amber_on == deadline - datetime.timedelta(days=given * 25 // 100)
    assert tone_on(lead, lead.amber_on - DAY) == "ok"
    assert tone_on(lead, lead.amber_on) == "soon"
    assert tone_on(lead, deadline) == "soon"
    assert tone_on(lead, deadline + DAY) == "over"


def test_a_deadline_moved_past_the_weekend_is_not_overdue_on_the_weekend(author, unit):
    routed = timezone.localdate() - datetime.timedelta(days=200)
    _item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=routed)
    in_three_months = workdays.add_months(routed, 3)
    assert lead.deadline == workdays.next_working_day(in_three_months)
    for day in range((lead.deadline - in_three_months).days + 1):
        assert tone_on(lead, in_three_months + day * DAY) == "soon"
    assert tone_on(lead, lead.deadline + DAY) == "over"


def test_an_extension_gives_its_own_time_from_the_day_it_is_granted(author, unit, secretariat):
    today = timezone.localdate()
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=today - 80 * DAY)
    assert tone_on(lead, today) == "soon"
    until = lead.deadline + 40 * DAY
    extension_request(assignment=lead, until=until, reason="需要立项", asked_by=staff_of(unit))
    lead = extension_decide(assignment=lead, grant=True, decided_by=secretariat)
    given = (until - today).days
    assert lead.time_given_from == today
    assert lead.amber_on == until - datetime.timedelta(days=given * 25 // 100)
    assert tone_on(lead, today) == "ok"
    item.refresh_from_db()
    assert (item.lead_deadline, item.lead_amber_on) == (until, lead.amber_on)


def test_the_office_moving_a_deadline_keeps_the_time_from_routing(author, unit, secretariat):
    today = timezone.localdate()
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=today - 30 * DAY)
    lead = deadline_set(proposal=item, deadline=today + 2 * DAY, reason="急事", set_by=secretariat)
    assert lead.time_given_from == today - 30 * DAY  # 32 days given: the last 8 due soon
    assert tone_on(lead, today) == "soon"


def test_changing_the_share_recolours_the_items_being_handled(author, unit):
    today = timezone.localdate()
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=today - 50 * DAY)
    closed, old = proposal_in(S.CLOSED, author=author, unit=unit, on=today - 50 * DAY)
    assert tone_on(lead, today) == "ok"
    rules = ProposalRules.current()
    rules.due_soon_share_percent = 60
    rules.save()
    assert due_soon_share_apply() == 1  # the open assignment; a closed item's stays
    lead.refresh_from_db()
    item.refresh_from_db()
    given = (lead.deadline - lead.assigned_on).days
    assert lead.amber_on == lead.deadline - datetime.timedelta(days=given * 60 // 100)
    assert tone_on(lead, today) == "soon"
    assert item.lead_amber_on == lead.amber_on
    assert Assignment.objects.get(pk=old.pk).amber_on == old.amber_on


def test_the_office_changes_the_share_in_the_admin(office, author, unit):
    today = timezone.localdate()
    item, _lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=today - 50 * DAY)
    rules = ProposalRules.current()
    form = office.get(f"/admin/proposals/proposalrules/{rules.pk}/change/").context["adminform"]
    data = {name: value for name, value in form.form.initial.items() if value is not None}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data["due_soon_share_percent"] = 60
    response = office.post(f"/admin/proposals/proposalrules/{rules.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ProposalRules.current().due_soon_share_percent == 60
    item.refresh_from_db()
    assert time_left(item.lead_deadline, item.lead_amber_on, today).tone == "soon"
    data["due_soon_share_percent"] = 0  # out of range: refused in words
    refused = office.post(f"/admin/proposals/proposalrules/{rules.pk}/change/", data)
    assert (
        refused.status_code == 200
        and "due_soon_share_percent" in refused.context["adminform"].form.errors
    )


# --- The desk and the change list -----------------------------------------------------------


def colours_at(author, units, n: int) -> dict:
    """`n` items of each colour led by each unit: {(unit pk, tone): {item pks}}."""
    today = timezone.localdate()
    routed = {"ok": today, "soon": today - 80 * DAY, "over": today - 120 * DAY}
    made = {}
    for unit in units:
        for tone, on in routed.items():
            for _ in range(n):
                item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=on)
                assert tone_on(lead, today) == tone
                made.setdefault((unit.pk, tone), set()).add(item.pk)
    proposal_in(S.REPLIED, author=author, unit=units[0], on=routed["over"])  # not with them
    return made


def desk_colours(response) -> dict:
    (part,) = [p for p in response.context["parts"] if p["template"].endswith("proposals.html")]
    return part["data"]["by_colour"]


def listed(office, url) -> set[int]:
    return {item.pk for item in office.get(url).context["cl"].result_list}


@pytest.mark.parametrize("n", [1, 3])
def test_the_desk_counts_each_units_items_by_colour_linking_to_them(
    n, office, author, unit, other_unit, django_assert_num_queries
):
    made = colours_at(author, [unit, other_unit], n)
    # session, user, the session's two-factor device, permissions (1), the items' counts, the
    # colours for each unit, the next session (none here), the open evaluations (none), the
    # calendar's years, the delegates not contacted this half year, the user's groups:
    # tests/core/test_desk.py's count without a session's and evaluations' figures
    with django_assert_num_queries(11):
        response = office.get("/admin/")
    colours = desk_colours(response)
    assert [row["unit__name"] for row in colours["units"]] == sorted([unit.name, other_unit.name])
    page = response.content.decode()
    for row in colours["units"]:
        for tone in ("ok", "soon", "over"):
            assert row[tone] == n
            url = f"{colours['links'][tone]}&handled_by={row['unit_id']}"
            expected = made[(row["unit_id"], tone)]
            assert listed(office, url) == expected  # the count and the list agree
            assert f'href="{url}"'.replace("&", "&amp;") in page
    for cell in colours["totals"]:
        assert cell["count"] == 2 * n
        assert len(listed(office, cell["url"])) == 2 * n


@pytest.mark.parametrize("units", [1, 4])
def test_the_desk_takes_the_same_queries_whatever_the_units_leading_items(
    units, office, author, django_assert_num_queries
):
    colours_at(author, [HandlingUnitFactory() for _ in range(units)], 1)
    with django_assert_num_queries(11):  # as above
        response = office.get("/admin/")
    assert len(desk_colours(response)["units"]) == units
    assert response.content.decode().count('<td class="desk-count desk-over">') == units + 1


# The unit rows as the desk's template wrote them before `unit_rows_html` (decision 259).
TEMPLATE_ROWS = (
    "{% for unit in units %}"
    '<tr><th scope="row">{{ unit.name }}</th>{% for cell in unit.cells %}'
    '<td class="desk-count desk-{{ cell.tone }}">{% if cell.count %}'
    '<a href="{{ cell.url }}">{{ cell.count }}</a>{% else %}0{% endif %}</td>{% endfor %}</tr>'
    "{% if not forloop.last %}\n{% endif %}{% endfor %}"
)


def test_the_desk_writes_the_units_rows_as_its_template_did():
    names = ["镇教育办公室", '<b>A&B</b> "所"', "县财政局"]
    tones = ("ok", "soon", "over")
    links = {tone: f"/admin/?a=<{tone}>&time_left={tone}" for tone in tones}
    units = [
        {"unit_id": n + 1, "unit__name": name, **dict(zip(tones, (n, 0, 10 * n), strict=True))}
        for n, name in enumerate(names)
    ]
    # The rows as the template was given them before (decision 259).
    rows = [
        {
            "name": unit["unit__name"],
            "cells": [
                {
                    "tone": tone,
                    "count": unit[tone],
                    "url": f"{links[tone]}&handled_by={unit['unit_id']}",
                }
                for tone in tones
            ],
        }
        for unit in units
    ]
    expected = Template(TEMPLATE_ROWS).render(Context({"units": rows}))
    assert unit_rows_html(units, links) == expected
    assert "&lt;b&gt;A&amp;B&lt;/b&gt; &quot;所&quot;" in expected
    assert "&amp;handled_by=2" in expected and "a=&lt;ok&gt;&amp;time_left=ok" in expected
    assert unit_rows_html([], links) == ""


def test_the_time_left_filter_lists_what_the_chips_show(office, author, unit):
    colours_at(author, [unit], 1)
    today = timezone.localdate()
    seen = set()
    for tone in ("ok", "soon", "over"):
        items = Proposal.objects.filter(
            pk__in=listed(office, f"/admin/proposals/proposal/?time_left={tone}")
        )
        assert {time_left(i.lead_deadline, i.lead_amber_on, today).tone for i in items} == {tone}
        seen |= {i.pk for i in items}
    assert seen == set(Proposal.objects.filter(status=S.ASSIGNED).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "tone, index",
    [
        ("ok", "proposal_lead_amber_on"),
        ("soon", "proposal_lead_amber_on"),
        ("over", "proposal_lead_deadline"),
    ],
)
def test_the_time_left_filter_reads_an_index(office, author, unit, tone, index):
    if connection.vendor != "sqlite":
        pytest.skip("the plan's words are SQLite's")
    colours_at(author, [unit], 1)
    changelist = office.get(f"/admin/proposals/proposal/?time_left={tone}").context["cl"]
    plan = changelist.queryset.explain()
    assert f"SEARCH proposals_proposal USING INDEX {index}" in plan, plan


def test_the_desk_in_chinese_names_the_colours(office, author, unit):
    colours_at(author, [unit], 1)
    desk = office.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="desk-time-left"' in desk
    for tone, word in TONE_WORDS["zh-hans"].items():
        assert f'<span class="chip chip-due-{tone}">{word.split()[0]}</span>' in desk


# --- Every inbox and queue -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_with_a_deadline_says_the_time_left_in_words(
    language, client_for, secretariat, author, delegate, unit, other_unit, unit_staff
):
    today = timezone.localdate()
    words = TONE_WORDS[language]
    leads = {}
    for tone, on in {"ok": today, "soon": today - 80 * DAY, "over": today - 120 * DAY}.items():
        _item, leads[tone] = proposal_in(
            S.ASSIGNED, author=author, unit=unit, co_units=[other_unit], on=on
        )
    lang = {"HTTP_ACCEPT_LANGUAGE": language}

    def chip(tone):
        return f'<span class="chip chip-due-{tone}">{words[tone]}'

    # one client signed in as each reader in turn
    inbox = client_for(unit_staff).get("/proposals/unit/", **lang).content.decode()
    detail = client_for(unit_staff).get(f"/proposals/unit/items/{leads['soon'].pk}/", **lang)
    detail = detail.content.decode()
    assert detail.count(chip("soon")) == 2  # its own, and the lead's in the units' list
    assert detail.count(chip("over")) == 1  # the co-handling unit's month has passed
    mine = client_for(delegate).get("/proposals/mine/", **lang).content.decode()
    office = client_for(secretariat)
    items = office.get("/admin/proposals/proposal/", **lang).content.decode()
    assignments = office.get("/admin/proposals/assignment/", **lang).content.decode()
    for page in (inbox, mine, items, assignments):
        for tone in words:
            assert chip(tone) in page
    overdue = office.get("/admin/proposals/proposal/queues/?queue=overdue", **lang)
    assert chip("over") in overdue.content.decode()
    # an extension request lists the time left of the assignment asking for it
    extension_request(
        assignment=leads["soon"],
        until=leads["soon"].deadline + 20 * DAY,
        reason="需要立项",
        asked_by=unit_staff,
    )
    asked = office.get("/admin/proposals/assignment/?extension=asked", **lang).content.decode()
    assert chip("soon") in asked and chip("ok") not in asked


def test_the_demo_shows_every_colour_on_the_desk(capsys):
    call_command("demo_data", "--allow-without-debug")
    colours = time_left_by_unit(timezone.localdate())
    for tone in ("ok", "soon", "over"):
        assert sum(unit[tone] for unit in colours) >= 1, tone
    education = next(unit for unit in colours if unit["unit__name"] == "镇教育办公室")
    assert education["soon"] and education["over"]  # the demo unit account's own inbox


def test_a_tracked_item_shows_its_status_not_a_colour(
    client_for, secretariat, author, unit, unit_staff
):
    proposal_in(
        S.TRACKING, author=author, unit=unit, result="B", on=timezone.localdate() - 200 * DAY
    )
    inbox = client_for(unit_staff).get("/proposals/unit/").content.decode()
    assert "chip-proposal-tracking" in inbox and "chip-due-" not in inbox
    assignments = client_for(secretariat).get("/admin/proposals/assignment/").content.decode()
    assert "chip-due-" not in assignments
