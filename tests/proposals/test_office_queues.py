"""The office's work queues page: each queue's items in working order, the admin's bulk
actions run from it and coming back to it, office staff only, constant queries."""

import datetime

import pytest
from django.utils import timezone

from proposals.admin_queues import QUEUE_PAGE_SIZE
from proposals.models import Proposal, ProposalEvent
from proposals.selectors import OFFICE_QUEUES
from proposals.services import proposal_accept, proposal_draft_save, proposal_route, proposal_submit

pytestmark = pytest.mark.django_db

URL = "/admin/proposals/proposal/queues/"


@pytest.fixture
def make(author, delegate, secretariat, unit, education):
    """make(title, state, routed_on): an item submitted, accepted or routed (on that day)."""

    def make(title, state="submitted", routed_on=None):
        item = proposal_draft_save(
            author=author, kind="suggestion", title=title, situation="情况", recommendations="建议"
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        if state in ("accepted", "assigned"):
            proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        if state == "assigned":
            proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=routed_on)
        return Proposal.objects.get(pk=item.pk)

    return make


def shown(response) -> list[str]:
    return [item["title"] for item in response.context["page"].object_list]


def test_each_queue_holds_its_items_in_working_order(office, make):
    first, second = make("先提交"), make("后提交")
    make("已立案", "accepted")
    long_ago = make("超期很久", "assigned", datetime.date(2020, 1, 6))
    lately = make("刚超期", "assigned", datetime.date(2020, 6, 1))
    make("未到期", "assigned", timezone.localdate())

    assert shown(office.get(URL)) == [first.title, second.title]  # review, oldest first
    assert shown(office.get(URL, {"queue": "unassigned"})) == ["已立案"]
    overdue = office.get(URL, {"queue": "overdue"})
    assert shown(overdue) == [long_ago.title, lately.title]  # most overdue first
    page = overdue.content.decode()
    days = (timezone.localdate() - long_ago.lead_deadline).days
    assert f'<span class="chip chip-due-over">Overdue · {days} days overdue</span>' in page
    assert f'href="/admin/proposals/proposal/{long_ago.pk}/change/"' in page
    assert shown(office.get(URL, {"queue": "tracking"})) == []
    assert "Nothing in this queue." in office.get(URL, {"queue": "tracking"}).content.decode()


def test_an_unknown_queue_or_page_shows_something_sensible(office, make):
    make("甲")
    assert office.get(URL, {"queue": "<script>"}).context["queue"] == "review"
    assert shown(office.get(URL, {"page": "99"})) == ["甲"]  # the last page
    assert shown(office.get(URL, {"page": "x"})) == ["甲"]


def test_a_bulk_action_runs_from_the_queue_and_comes_back_to_it(office, make, unit_staff):
    overdue = [make(t, "assigned", datetime.date(2020, 1, 6)) for t in ("甲", "乙")]
    response = office.post(
        f"{URL}?queue=overdue",
        {"action": "remind", "_selected_action": [i.pk for i in overdue], "index": "0"},
    )
    # The action's own page, at the queue's address: applying it posts back here.
    assert response.status_code == 200
    assert response.templates[0].name == "admin/proposals/action_form.html"
    response = office.post(
        f"{URL}?queue=overdue",
        {"action": "remind", "_selected_action": [i.pk for i in overdue], "apply": "1"},
        follow=True,
    )
    assert response.redirect_chain == [(f"{URL}?queue=overdue", 302)]
    assert "2 items done" in response.content.decode()
    assert ProposalEvent.objects.filter(action="reminded").count() == 2


def test_a_deadline_set_from_the_queue_takes_the_item_out_of_it(office, make):
    item = make("甲", "assigned", datetime.date(2020, 1, 6))
    new = timezone.localdate() + datetime.timedelta(days=30)
    response = office.post(
        f"{URL}?queue=overdue",
        {
            "action": "set_deadline",
            "_selected_action": [item.pk],
            "apply": "1",
            "deadline": new.isoformat(),
            "reason": "县委督办",
        },
        follow=True,
    )
    assert shown(response) == []
    item.refresh_from_db()
    assert item.lead_deadline == new


def test_only_items_still_in_the_queue_are_acted_on(office, make):
    # Being handled, so the units could be reminded of it, but not overdue.
    on_time = make("未到期", "assigned", timezone.localdate())
    office.post(
        f"{URL}?queue=overdue",
        {"action": "remind", "_selected_action": [on_time.pk, 10**12], "apply": "1"},
    )
    assert not ProposalEvent.objects.filter(action="reminded").exists()
    office.post(
        f"{URL}?queue=review",  # not in that queue either: the check is the queue's
        {"action": "remind", "_selected_action": [on_time.pk], "apply": "1"},
    )
    assert not ProposalEvent.objects.filter(action="reminded").exists()


def test_no_action_or_no_item_chosen_says_so_and_changes_nothing(office, make):
    item = make("甲", "assigned", datetime.date(2020, 1, 6))
    before = ProposalEvent.objects.count()
    response = office.post(f"{URL}?queue=overdue", {"_selected_action": [item.pk]}, follow=True)
    assert "No action selected." in response.content.decode()
    response = office.post(f"{URL}?queue=overdue", {"action": "remind"}, follow=True)
    assert "Items must be selected" in response.content.decode()
    assert ProposalEvent.objects.count() == before


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_only_the_office_sees_or_works_the_queues(client_for, request, make, who):
    item = make("甲", "assigned", datetime.date(2020, 1, 6))
    client = client_for(request.getfixturevalue(who))
    for response in (
        client.get(f"{URL}?queue=overdue"),
        client.post(
            f"{URL}?queue=overdue",
            {"action": "remind", "_selected_action": [item.pk], "apply": "1"},
        ),
    ):
        assert response.status_code == 302 and "/admin/login/" in response.url
    assert not ProposalEvent.objects.filter(action="reminded").exists()


def test_the_admin_home_and_the_change_list_lead_to_the_queues(office):
    for page in ("/admin/", "/admin/proposals/proposal/"):
        assert f'href="{URL}' in office.get(page).content.decode()


def test_the_queues_read_in_chinese(office, make):
    make("甲")
    page = office.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "工作队列" in page and "待审查" in page


@pytest.mark.parametrize("queue", ["review", "unassigned", "overdue", "to_release", "tracking"])
def test_each_queue_in_the_same_queries_for_2_and_a_full_page_of_items(
    office, make, queue, django_assert_num_queries
):
    state = {"review": "submitted", "unassigned": "accepted"}.get(queue, "assigned")

    def fill(n):
        for k in range(n):
            make(f"建议{k}", state, datetime.date(2020, 1, 6))
        if queue in ("tracking", "to_release"):
            Proposal.objects.update(status=OFFICE_QUEUES[queue].status)

    # session, user, the session's two-factor device, the user's permissions (1), the count,
    # one page of items, the user's
    # groups (the roles in the page's header)
    fill(2)
    with django_assert_num_queries(7):
        office.get(URL, {"queue": queue})
    fill(QUEUE_PAGE_SIZE)
    with django_assert_num_queries(7):
        response = office.get(URL, {"queue": queue})
    assert len(response.context["page"].object_list) == QUEUE_PAGE_SIZE


def test_a_long_queue_is_counted_up_to_the_cap_and_says_there_are_more(office, make, monkeypatch):
    monkeypatch.setattr("proposals.admin_queues.QUEUE_COUNT_CAP", 3)
    for title in "甲乙丙丁":
        make(title, "assigned", datetime.date(2020, 1, 6))
    response = office.get(URL, {"queue": "overdue"})
    assert response.context["page"].paginator.count == 3
    assert shown(response) == ["甲", "乙", "丙"]
    assert "more than 3 items" in response.content.decode()
    monkeypatch.setattr("proposals.admin_queues.QUEUE_COUNT_CAP", 4)
    response = office.get(URL, {"queue": "overdue"})
    assert "4 items" in response.content.decode()
    assert "more than" not in response.content.decode()


def test_titles_and_names_are_escaped_in_the_rows(office, make, client_for, unit_staff):
    make("<script>alert(1)</script>", "assigned", datetime.date(2020, 1, 6))
    queue = office.get(f"{URL}?queue=overdue").content.decode()
    inbox = client_for(unit_staff).get("/proposals/unit/").content.decode()  # same client
    for page in (queue, inbox):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page


def test_an_unnumbered_items_checkbox_is_named_by_its_title(office, make):
    """Review: the checkbox of an item not numbered yet was read out as "None 村口路灯损坏"."""
    make("村口路灯损坏")
    page = office.get(URL + "?queue=review").content.decode()
    assert 'class="action-select" aria-label="村口路灯损坏"' in page


# The rows as the page's template wrote them before `queue_rows_html` (decision 307).
TEMPLATE_ROWS = (
    "{% load l10n deadlines %}"
    + "<tbody>{% localize off %}{# ids and counts as they are; dates keep their format #}\n"
    + """    {% for item in page.object_list %}
    <tr>
      {% if actions %}<td class="action-checkbox"><input type="checkbox" name="{{ action_checkbox_name }}" value="{{ item.pk }}" class="action-select" aria-label="{% if item.number %}{{ item.number }} {% endif %}{{ item.title }}"></td>{% endif %}
      <td>{{ item.number|default:"—" }}</td>
      <th scope="row"><a href="{% url 'admin:proposals_proposal_change' item.pk %}">{{ item.title }}</a></th>
      <td>{{ item.kind_label }}</td>
      <td>{{ item.author__name|default:"—" }}</td>
      <td>{{ item.category__name|default:"—" }}</td>
      {% if shows_deadline %}
      <td>{{ item.lead_unit__name|default:"—" }}</td>
      <td>{{ item.lead_deadline|date|default:"—" }}</td>
      <td>{% time_left_chip item.lead_deadline item.lead_amber_on %}</td>
      {% else %}
      <td>{{ item.submitted_at|date|default:"—" }}</td>
      {% endif %}
    </tr>
    {% endfor %}
    {% endlocalize %}</tbody>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_rows_are_written_as_the_template_wrote_them(language):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.template import Context, Template
    from django.utils import translation

    from proposals.queue_rows import queue_rows_html

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    late = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))  # another day in UTC
    rows = [
        {
            "pk": 1000 + n,
            "number": number,
            "title": title,
            "kind_label": label,
            "author__name": author,
            "category__name": category,
            "lead_unit__name": unit,
            "lead_deadline": deadline,
            "lead_amber_on": amber,
            "submitted_at": submitted,
        }
        for n, (number, title, label, author, category, unit, deadline, amber, submitted) in (
            enumerate(
                [
                    (
                        "2026-0001",
                        "建议一",
                        "建议",
                        "张三",
                        "教育",
                        "县教育局",
                        today - day,
                        today - 9 * day,
                        late,
                    ),
                    ("", '<b>A&B</b> "x"', "Inquiry", "<i>", None, None, None, None, None),
                    (None, "甲", "建议", None, "", "", today, today, late),
                    (
                        "2026-0002",
                        "乙",
                        "建议",
                        "李四",
                        "卫生",
                        "县卫生局",
                        today + 9 * day,
                        today + 3 * day,
                        late,
                    ),
                    (
                        "2026-0003",
                        "丙",
                        "建议",
                        "李四",
                        "卫生",
                        "县卫生局",
                        today + 9 * day,
                        today + 3 * day,
                        late,
                    ),
                ]
            )
        )
    ]
    with translation.override(language):
        for actions in (True, False):
            for shows_deadline in (True, False):
                context = {
                    "page": {"object_list": rows},
                    "actions": actions,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                    "shows_deadline": shows_deadline,
                }
                expected = Template(TEMPLATE_ROWS).render(Context(context))
                written = queue_rows_html(rows, actions=actions, shows_deadline=shows_deadline)
                assert f"<tbody>\n    {written}\n    </tbody>" == expected
