"""The committee's contact with delegates (县委委员联系代表): the office assigns each member
their delegates (one member per delegate and term, held by the database), a member logs their
contacts on their phone and sees only their own delegates, the office sees who has not been
contacted this half year, on a page and on the desk, in a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from delegates.contact_reads import (
    half_year_start,
    member_delegates,
    not_contacted_by_member,
    not_contacted_since,
)
from delegates.contacts import (
    committee_member_save,
    committee_member_set_delegates,
    contact_log,
)
from delegates.models import CommitteeMember, Contact, ContactAssignment
from tests.core.factories import UserFactory
from tests.core.pickers import picker_offers
from tests.delegates.factories import ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db

D = datetime.date


def term_after(term):
    """The next five-year term, starting the day after `term` ends."""
    start = term.end_date + datetime.timedelta(days=1)
    return TermFactory(start_date=start, end_date=start.replace(year=start.year + 5))


@pytest.fixture
def me(delegate):
    return delegate.delegate_records.get()


@pytest.fixture
def other(other_delegate):
    return other_delegate.delegate_records.get()


@pytest.fixture
def member_user(db):
    return UserFactory(username="member", first_name="周委员")


@pytest.fixture
def member(term, member_user, secretariat, me):
    made = CommitteeMember.objects.create(
        term=term, name="周委员", post="县委常委、组织部部长", user=member_user
    )
    committee_member_set_delegates(member=made, delegates=[me], set_by=secretariat)
    return made


@pytest.fixture
def other_member(term, secretariat, other):
    made = CommitteeMember.objects.create(term=term, name="吴委员", post="县委委员")
    committee_member_set_delegates(member=made, delegates=[other], set_by=secretariat)
    return made


def logged(member, delegate, day, by, way="visit", raised=""):
    return contact_log(
        member=member, delegate=delegate, date=day, way=way, raised=raised, recorded_by=by
    )


# --- Assigning ---------------------------------------------------------------------------


def test_a_delegate_keeps_in_touch_with_one_member_a_term(member, other_member, me, secretariat):
    with pytest.raises(ValidationError) as refused:
        committee_member_set_delegates(member=other_member, delegates=[me], set_by=secretariat)
    assert refused.value.message_dict["delegates"] == ["张代表 is already assigned to 周委员."]
    assert ContactAssignment.objects.get(delegate=me).member == member
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactAssignment.objects.create(member=other_member, delegate=me)


def test_only_delegates_of_the_members_term_are_assigned(member, secretariat, term):
    later = term_after(term)
    stranger = enter(later, ElectoralUnitFactory(term=later), name="钱代表", day=later.start_date)
    with pytest.raises(ValidationError, match="钱代表 is a delegate of another term"):
        committee_member_set_delegates(member=member, delegates=[stranger], set_by=secretariat)


def test_assigning_is_the_offices_step_and_sets_exactly_the_chosen(
    member, me, other, member_user, secretariat
):
    with pytest.raises(ValidationError, match="Only the congress office"):
        committee_member_set_delegates(member=member, delegates=[other], set_by=member_user)
    committee_member_set_delegates(member=member, delegates=[other], set_by=secretariat)
    assert list(member.assignments.values_list("delegate__name", flat=True)) == ["王代表"]


def test_a_members_term_and_account_are_kept_consistent(member, member_user, secretariat, term):
    later = term_after(term)
    member.term = later
    with pytest.raises(ValidationError, match="unassign them first"):
        committee_member_save(member=member, saved_by=secretariat)
    twin = CommitteeMember(term=term, name="周委员（重复）", user=member_user)
    with pytest.raises(ValidationError, match="already a member's in this term"):
        committee_member_save(member=twin, saved_by=secretariat)
    twin.term = later
    committee_member_save(member=twin, saved_by=secretariat)  # another term: a record of its own
    assert CommitteeMember.objects.filter(user=member_user).count() == 2


# --- Logging -----------------------------------------------------------------------------


def test_a_member_logs_a_contact_with_their_own_delegate_only(
    member, other_member, me, other, member_user, delegate
):
    today = timezone.localdate()
    contact = logged(member, me, today, member_user, way="phone", raised=" 村道路灯坏了 ")
    assert (contact.raised, contact.recorded_by) == ("村道路灯坏了", member_user)
    with pytest.raises(ValidationError) as refused:
        logged(member, other, today, member_user)
    assert "王代表 is not among the delegates 周委员 keeps in touch with." in refused.value.messages
    with pytest.raises(ValidationError, match="Only the committee member or the congress office"):
        logged(other_member, other, today, member_user)
    with pytest.raises(ValidationError, match="Only the committee member"):
        logged(member, me, today, delegate)
    assert Contact.objects.count() == 1


def test_a_contact_is_logged_once_it_has_taken_place(member, me, member_user):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        logged(member, me, tomorrow, member_user, way="by pigeon")
    assert set(refused.value.message_dict) == {"date", "way"}
    assert not Contact.objects.exists()


# --- The half year -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, start",
    [
        (D(2026, 1, 1), D(2026, 1, 1)),
        (D(2026, 6, 30), D(2026, 1, 1)),
        (D(2026, 7, 1), D(2026, 7, 1)),
        (D(2026, 12, 31), D(2026, 7, 1)),
    ],
)
def test_half_years_run_january_to_june_and_july_to_december(today, start):
    assert half_year_start(today) == start


def test_a_contact_counts_for_its_own_half_year(member, other_member, me, other, secretariat):
    logged(member, me, D(2026, 6, 30), secretariat)
    logged(other_member, other, D(2026, 7, 1), secretariat)
    june, july = D(2026, 6, 30), D(2026, 7, 1)
    assert list(not_contacted_since(june).values_list("delegate__name", flat=True)) == ["王代表"]
    assert list(not_contacted_since(july).values_list("delegate__name", flat=True)) == ["张代表"]
    ((shown_member, (row,)),) = not_contacted_by_member(july)
    assert (shown_member, row.delegate, row.last_contacted) == (member, me, june)


def test_only_active_delegates_of_running_terms_are_expected(member, me, secretariat, term):
    me.status = "suspended"
    me.save(update_fields=["status"])
    assert not not_contacted_since(D(2026, 7, 1)).exists()
    me.status = "active"
    me.save(update_fields=["status"])
    assert not_contacted_since(D(2026, 7, 1)).exists()
    after_the_term = term.end_date + datetime.timedelta(days=1)
    assert not not_contacted_since(after_the_term).exists()


def test_the_members_list_puts_who_is_due_first(member, secretariat, member_user, term):
    more = [enter(term, ElectoralUnitFactory(term=term), name=n) for n in ("甲代表", "乙代表")]
    committee_member_set_delegates(
        member=member, delegates=[*more, member.assignments.get().delegate], set_by=secretariat
    )
    logged(member, more[0], D(2026, 7, 2), member_user)
    logged(member, more[1], D(2026, 3, 1), member_user)
    rows = member_delegates(member_user, D(2026, 8, 1))
    assert [(r.delegate.name, r.due, r.last_contacted) for r in rows] == [
        ("乙代表", True, D(2026, 3, 1)),
        ("张代表", True, None),
        ("甲代表", False, D(2026, 7, 2)),
    ]


# --- The member's pages ------------------------------------------------------------------


def test_the_member_sees_their_delegates_and_logs_a_contact(client_for, member, member_user, me):
    client = client_for(member_user)
    home = client.get("/")
    assert 'href="/delegates/contacts/"' in client.get("/notifications/").content.decode()
    assert home.status_code in (200, 302)
    page = client.get("/delegates/contacts/")
    text = page.content.decode()
    assert page.status_code == 200 and "张代表" in text and "Not contacted yet" in text
    assert f'href="/delegates/contacts/{me.pk}/new/"' in text
    today = timezone.localdate()
    refused = client.post(f"/delegates/contacts/{me.pk}/new/", {"date": "", "way": "visit"})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    done = client.post(
        f"/delegates/contacts/{me.pk}/new/",
        {"date": today.isoformat(), "way": "meeting", "raised": "希望修缮村文化礼堂"},
    )
    assert done.status_code == 302 and done.url == "/delegates/contacts/"
    contact = Contact.objects.get()
    assert (contact.member, contact.delegate, contact.recorded_by) == (member, me, member_user)
    page = client.get("/delegates/contacts/").content.decode()
    assert "Contacted" in page and "The contact with 张代表 is logged." in page
    history = client.get(f"/delegates/contacts/{me.pk}/new/").content.decode()
    assert "希望修缮村文化礼堂" in history


def test_a_member_reaches_only_their_own_delegates(
    client_for, member, other_member, member_user, other, delegate
):
    client = client_for(member_user)
    assert client.get(f"/delegates/contacts/{other.pk}/new/").status_code == 404
    posted = client.post(
        f"/delegates/contacts/{other.pk}/new/", {"date": "2026-07-01", "way": "phone"}
    )
    assert posted.status_code == 404 and not Contact.objects.exists()
    # A delegate who keeps in touch with no one has no such pages, nor the menu entry.
    client = client_for(delegate)
    assert client.get("/delegates/contacts/").status_code == 404
    assert 'href="/delegates/contacts/"' not in client.get("/delegates/me/").content.decode()


def test_the_delegate_sees_their_committee_contact(client_for, member, delegate, other_delegate):
    page = client_for(delegate).get("/delegates/me/").content.decode()
    assert "Your committee contact" in page and "周委员" in page and "县委常委、组织部部长" in page
    page = client_for(other_delegate).get("/delegates/me/").content.decode()
    assert "Your committee contact" not in page


def test_the_members_pages_in_chinese_on_a_phone(client_for, member, member_user, me):
    client = client_for(member_user)
    text = client.get("/delegates/contacts/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我联系的代表" in text and "记录联系" in text
    text = client.get(
        f"/delegates/contacts/{me.pk}/new/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "走访" in text and "反映的问题" in text


def _members_with_delegates(term, secretariat, n):
    """`n` members with three delegates each, one of them contacted; the last member's
    account, whose member keeps in touch with 3 × n delegates."""
    unit = ElectoralUnitFactory(term=term, seats=4 * n + 3 * n)
    for i in range(n):
        user = UserFactory(username=f"m{i}")
        member = CommitteeMember.objects.create(term=term, name=f"委员{i}", user=user)
        delegates = [enter(term, unit) for _ in range(3)]
        committee_member_set_delegates(member=member, delegates=delegates, set_by=secretariat)
        logged(member, delegates[0], timezone.localdate(), secretariat)
    more = [enter(term, unit) for _ in range(3 * (n - 1))]
    committee_member_set_delegates(member=member, delegates=delegates + more, set_by=secretariat)
    return user


@pytest.mark.parametrize("n", [1, 4])
def test_the_members_list_reads_in_a_fixed_number_of_queries(
    n, term, secretariat, client_for, django_assert_num_queries
):
    client = client_for(_members_with_delegates(term, secretariat, n))
    client.get("/delegates/contacts/")  # guardian's content types, cached
    # session, user, the delegates with when each was last contacted, the menu (roles,
    # duties, unread notifications: one statement)
    with django_assert_num_queries(4):
        page = client.get("/delegates/contacts/")
    assert page.content.decode().count('class="contact-delegate"') == 3 * n


# --- The office --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 4])
def test_the_office_sees_who_has_not_been_contacted_in_a_fixed_number_of_queries(
    n, term, secretariat, office, django_assert_num_queries
):
    _members_with_delegates(term, secretariat, n)
    office.get("/admin/delegates/contact/not-contacted/")  # guardian's content types, cached
    # session, user, the session's two-factor device, permissions (1), the delegates not
    # contacted by member, the duties' menu
    with django_assert_num_queries(6):
        page = office.get("/admin/delegates/contact/not-contacted/")
    assert page.status_code == 200
    not_contacted = 2 * n + 3 * (n - 1)
    assert sum(len(rows) for _m, rows in page.context["by_member"]) == not_contacted
    desk = office.get("/admin/")
    (part,) = [p for p in desk.context["parts"] if p["template"].endswith("contacts.html")]
    assert part["data"]["count"] == not_contacted
    assert 'href="/admin/delegates/contact/not-contacted/"' in desk.content.decode()


def test_the_office_assigns_delegates_by_name(office, term, me, other, secretariat):
    page = office.get("/admin/delegates/committeemember/add/")
    assert page.status_code == 200 and "张代表" not in page.content.decode()  # searched
    assert "张代表" in picker_offers(office, "delegates.committeemember.delegates", "张")[0]
    added = office.post(
        "/admin/delegates/committeemember/add/",
        {"term": term.pk, "name": "郑委员", "post": "县委委员", "delegates": [me.pk, other.pk]},
    )
    assert added.status_code == 302
    member = CommitteeMember.objects.get(name="郑委员")
    assert set(member.assignments.values_list("delegate", flat=True)) == {me.pk, other.pk}
    second = office.post(
        "/admin/delegates/committeemember/add/",
        {"term": term.pk, "name": "冯委员", "delegates": [me.pk]},
    )
    assert second.status_code == 200
    assert "张代表 is already assigned to 郑委员." in second.content.decode()
    assert not CommitteeMember.objects.filter(name="冯委员").exists()


def test_the_change_page_shows_the_members_delegates_chosen_a_suspended_one_too(
    office, member, me, other, secretariat, term
):
    """The form's delegates are the member's assignments, whatever their order or a
    delegate's duties (decision 345: read by key alone), and saving it unchanged keeps them."""
    third = enter(term, ElectoralUnitFactory(term=term), name="甲代表")
    committee_member_set_delegates(member=member, delegates=[third, me], set_by=secretariat)
    me.status = "suspended"
    me.save(update_fields=["status"])
    url = f"/admin/delegates/committeemember/{member.pk}/change/"
    page = office.get(url).content.decode()
    chosen = {f'<option value="{d.pk}" selected>{d.name}' for d in (me, third)}
    assert all(any(option in line for line in page.splitlines()) for option in chosen)
    assert f"{other.name}</option>" not in page  # another member's, not chosen: not listed
    kept = office.post(
        url,
        {
            "term": term.pk,
            "name": member.name,
            "post": member.post,
            "user": member.user_id,
            "delegates": [me.pk, third.pk],
        },
    )
    assert kept.status_code == 302
    assert set(member.assignments.values_list("delegate", flat=True)) == {me.pk, third.pk}


def test_the_office_logs_a_contact_for_a_member(office, member, me, secretariat):
    today = timezone.localdate()
    response = office.post(
        "/admin/delegates/contact/add/",
        {"member": member.pk, "delegate": me.pk, "date": today.isoformat(), "way": "letter"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.recorded_by == secretariat
    page = office.get(f"/admin/delegates/contact/{contact.pk}/change/")
    assert page.status_code == 200 and "李秘书" in page.content.decode()
    listing = office.get("/admin/delegates/contact/").content.decode()
    assert 'href="/admin/delegates/contact/not-contacted/"' in listing


def test_contacts_count_in_the_delegates_duties_record_by_year(
    client_for, member, other_member, me, other, delegate, secretariat, term
):
    """Each contact with the committee (by any member) is a figure of the delegate's duties
    record for the year it took place in, as the briefings read and solicitations answered
    are; the public the delegate reached is the table's "people contacted", not this."""
    from delegates.selectors import duties_record

    today = timezone.localdate()
    earlier = max(term.start_date, D(today.year - 1, 12, 31))
    logged(member, me, today, secretariat)
    logged(member, me, today, secretariat, way="phone")
    logged(other_member, other, today, secretariat)
    if earlier.year < today.year:
        logged(member, me, earlier, secretariat)
    label, one = "contacts with their committee member", "contact with their committee member"
    assert (label, 2) in duties_record(me, today.year)["other_duties"]
    assert (one, 1) in duties_record(other, today.year)["other_duties"]
    assert ((one, 1) if earlier.year < today.year else (label, 2)) in duties_record(
        me, earlier.year
    )["other_duties"]
    client_for(delegate).cookies["django_language"] = "zh-hans"
    page = client_for(delegate).get("/delegates/me/duties/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "<strong>2</strong> 次与联系委员联系交流" in page.content.decode()
