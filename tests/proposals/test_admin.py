import datetime

import pytest

from proposals.models import Assignment, Proposal
from proposals.services import proposal_accept, proposal_draft_save, proposal_route, proposal_submit
from tests.proposals.kit import admin_action as act

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(author, delegate):
    made = []
    for n in range(3):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        made.append(proposal_submit(proposal=item, submitted_by=delegate))
    return made


def test_accept_then_route_in_bulk(office, items, education, unit, other_unit):
    act(office, "accept", items[:2], category=education.pk)
    assert set(Proposal.objects.filter(status="accepted").values_list("pk", flat=True)) == {
        items[0].pk,
        items[1].pk,
    }
    act(
        office,
        "route",
        items[:2],
        lead=unit.pk,
        co_units=[other_unit.pk],
        responsible_person="王科长",
    )
    assert Assignment.objects.filter(role="lead", unit=unit).count() == 2
    assert Assignment.objects.filter(role="co", unit=other_unit).count() == 2


def test_an_action_on_items_in_the_wrong_state_reports_each_refusal(office, items, unit):
    response = act(office, "route", items[:1], lead=unit.pk)
    assert "cannot be routed now" in response.content.decode()
    assert not Assignment.objects.exists()


def test_decline_needs_a_reason_and_merge_needs_an_accepted_item(
    office, items, education, secretariat
):
    page = office.post(
        "/admin/proposals/proposal/",
        {"action": "decline", "_selected_action": [items[0].pk], "apply": "1", "reason": ""},
    )
    assert "This field is required." in page.content.decode()
    proposal_accept(proposal=items[1], category=education, accepted_by=secretariat)
    act(office, "merge", [items[2]], into=items[1].pk)
    items[2].refresh_from_db()
    assert (items[2].status, items[2].merged_into_id) == ("merged", items[1].pk)


def test_queues(office, items, education, secretariat, unit):
    proposal_accept(proposal=items[0], category=education, accepted_by=secretariat)
    proposal_accept(proposal=items[1], category=education, accepted_by=secretariat)
    proposal_route(
        proposal=items[1], lead=unit, routed_by=secretariat, on=datetime.date(2020, 1, 6)
    )  # long overdue

    def queue(name):
        return set(office.get(f"/admin/proposals/proposal/?queue={name}").context["cl"].result_list)

    assert queue("review") == {items[2]}
    assert queue("unassigned") == {items[0]}
    assert queue("overdue") == {items[1]}


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_only_the_office_reviews(client_for, request, items, education, who):
    response = client_for(request.getfixturevalue(who)).post(
        "/admin/proposals/proposal/",
        {
            "action": "accept",
            "_selected_action": [items[0].pk],
            "apply": "1",
            "category": education.pk,
        },
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    items[0].refresh_from_db()
    assert items[0].status == "submitted"


@pytest.mark.parametrize("cosigners", [1, 6])
def test_an_items_page_in_constant_queries(
    office, author, colleagues, cosigners, django_assert_max_num_queries
):
    from proposals.services import cosigners_invite

    item = proposal_draft_save(
        author=author, kind="proposal", title="提案", situation="情况", recommendations="建议"
    )
    cosigners_invite(proposal=item, delegates=colleagues[:cosigners], invited_by=item.author.user)
    with django_assert_max_num_queries(16):
        response = office.get(f"/admin/proposals/proposal/{item.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("queue", ["review", "unassigned", "overdue", "tracking"])
def test_the_queues_in_constant_queries(
    office,
    author,
    delegate,
    secretariat,
    unit,
    education,
    queue,
    size,
    django_assert_max_num_queries,
):
    for n in range(size):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        if queue != "review":
            proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        if queue in ("overdue", "tracking"):
            proposal_route(
                proposal=item, lead=unit, routed_by=secretariat, on=datetime.date(2020, 1, 6)
            )
    if queue == "tracking":
        Proposal.objects.update(status="tracking")
    # session, user, permissions (1), the rules' rows (2), filters' terms, categories,
    # sessions and lead units now, the count, one page of items, the user's groups
    with django_assert_max_num_queries(13):
        response = office.get(f"/admin/proposals/proposal/?queue={queue}")
    assert response.context["cl"].result_count == size


@pytest.mark.parametrize("size", [2, 30])
def test_the_statistics_page_in_constant_queries(
    office,
    author,
    delegate,
    secretariat,
    unit,
    other_unit,
    education,
    size,
    django_assert_max_num_queries,
):
    for n in range(size):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        proposal_route(proposal=item, lead=[unit, other_unit][n % 2], routed_by=secretariat)
    term = author.term
    with django_assert_max_num_queries(12):
        response = office.get(f"/admin/proposals/proposal/statistics/?term={term.pk}&group_by=unit")
    assert response.context["total"].items == size
    assert len(response.context["groups"]) == 2


def test_an_add_page_never_shows_another_units_staff(office, unit, unit_staff):
    """The change page sets the staff it shows; the next add page must not inherit them."""
    office.get(f"/admin/proposals/handlingunit/{unit.pk}/change/")
    form = office.get("/admin/proposals/handlingunit/add/").context["adminform"].form
    assert form["staff"].value() in (None, [])
    assert f'<option value="{unit_staff.pk}" selected>' not in str(form["staff"])
