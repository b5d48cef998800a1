"""Removing a delegate's personal details once the retention period has run out (issue 16,
item 6; decisions 234 and 235): what goes, what stays, every count unchanged, nothing left
anywhere in the database, all or nothing, and the office's page that does it."""

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from congress_office.roles import Role, user_roles
from delegates.contacts import committee_member_set_delegates
from delegates.models import (
    ActivityParticipation,
    CommitteeMember,
    Delegate,
    PersonalDataRules,
    PersonalDetailsRemoval,
    RosterImport,
)
from delegates.personal_details import delegates_personal_details_remove, retention_ends
from delegates.selectors import delegation_members, duties_record
from delegates.services import delegate_link_user
from delegates.statistics import structure_statistics
from proposals.services import proposal_draft_save, proposal_submit
from sessions.models import Attendance
from tests.core.factories import UserFactory, office_user
from tests.delegates.factories import (
    ActivityFactory,
    DelegationFactory,
    ElectoralUnitFactory,
    TermFactory,
)
from tests.delegates.helpers import enter
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db

START, END = datetime.date(2016, 1, 1), datetime.date(2020, 12, 31)
TODAY = datetime.date(2026, 1, 1)  # five years and a day after the term's end
# The values removed, each written nowhere else in the data.
PHONE, EMAIL = "13912345678", "zhang.removed@example.org"
WORK_UNIT, POST = "斜桥镇农机服务站甲", "农机站副站长乙"
# Turns 46 on 23 August 2019: the structure report on 1 August 2019 tells the day from the
# month (it must not, once only the year and month are kept).
BIRTH = datetime.date(1973, 8, 23)


@pytest.fixture
def ended():
    """A term that ended in 2020, two delegations, the delegate whose details go (with an
    account, activities, a proposal, an attendance, a roster file), and the others."""
    term = TermFactory(start_date=START, end_date=END, name="第十二届斜桥镇党代会")
    unit = ElectoralUnitFactory(term=term, seats=10)
    rural, town = DelegationFactory(term=term), DelegationFactory(term=term)
    delegate = enter(
        term,
        unit,
        day=START,
        name="张removed",
        delegation=rural,
        birth_date=BIRTH,
        work_unit=WORK_UNIT,
        post=POST,
        phone=PHONE,
        email=EMAIL,
        gender="male",
        ethnicity="回族",
    )
    others = [
        enter(term, unit, day=START, delegation=rural, birth_date=datetime.date(1985, 8, 1)),
        enter(term, unit, day=START, delegation=town, birth_date=datetime.date(1961, 2, 28)),
    ]
    user = UserFactory(username="zhangremoved", email=EMAIL, first_name="张", role=Role.DELEGATE)
    delegate_link_user(delegate=delegate, user=user)
    activity = ActivityFactory(term=term, delegation=rural, date=datetime.date(2019, 5, 6))
    ActivityParticipation.objects.create(activity=activity, delegate=delegate)
    proposal = proposal_draft_save(
        author=delegate,
        kind="suggestion",
        title="关于农机补贴的建议",
        situation="补贴发放慢。",
        recommendations="建议加快。",
    )
    proposal_submit(proposal=proposal, submitted_by=user)
    sitting = SittingFactory(
        session=SessionFactory(
            term=term, start_date=datetime.date(2018, 3, 1), end_date=datetime.date(2018, 3, 1)
        )
    )
    Attendance.objects.create(sitting=sitting, delegate=delegate, status="present", method="list")
    RosterImport.objects.create(
        term=term,
        file=ContentFile(f"张removed,{PHONE}\n".encode(), name="roster.csv"),
        file_format="csv",
        status=RosterImport.Status.DONE,
        created_by=office_user(),
        preview=[
            [
                2,
                "张removed",
                "male",
                "回族",
                BIRTH.isoformat(),
                "undergraduate",
                "farmer",
                WORK_UNIT,
                POST,
                PHONE,
                EMAIL,
                "单位",
                "",
                "elected",
                START.isoformat(),
                "公告",
            ],
        ],
    )
    return delegate, others, user


def every_count(delegate):
    """The structure report on every first and last day of a month of the term (and the
    delegate's birthday each year), the delegate's duties record and duty counts each year,
    the delegation's activity counts and the attendance."""
    term = delegate.term
    days = [
        datetime.date(y, m, d) for y in range(2016, 2021) for m in range(1, 13) for d in (1, 28)
    ]
    days += [BIRTH.replace(year=y) for y in range(2016, 2021)]
    structure = [
        (total, [(dim.key, [(r.label, r.count) for r in dim.rows]) for dim in dims])
        for total, dims in (structure_statistics(term, day) for day in days)
    ]
    duties = []
    for year in range(2016, 2021):
        record = duties_record(delegate, year)
        duties.append([tuple(row) for row in record["by_kind"]])
        duties.append((record["attended"], record["contacted"], record["other_duties"]))
        duties.append(
            [(m.name, m.activities_attended) for m in delegation_members(delegate.delegation, year)]
        )
    attendance = Attendance.objects.filter(delegate=delegate).values_list("status", flat=True)
    return structure, duties, list(attendance), delegate.proposals.count()


def test_the_retention_runs_from_the_end_of_the_term():
    assert retention_ends(END, 5) == datetime.date(2025, 12, 31)
    assert retention_ends(datetime.date(2024, 2, 29), 5) == datetime.date(2029, 2, 28)
    assert PersonalDataRules.current().retention_years == 5  # the default (decision 234)


def test_removal_keeps_every_count_and_removes_the_details(ended):
    delegate, others, user = ended
    before = every_count(delegate)
    office = office_user()

    assert (
        delegates_personal_details_remove(delegates=[delegate], removed_by=office, today=TODAY) == 1
    )

    delegate = Delegate.objects.get(pk=delegate.pk)
    assert (delegate.phone, delegate.email, delegate.work_unit, delegate.post) == ("", "", "", "")
    assert delegate.birth_date == datetime.date(1973, 8, 1)  # the year and month stay
    assert (delegate.name, delegate.gender, delegate.ethnicity) == ("张removed", "male", "回族")
    assert delegate.user is None
    assert every_count(delegate) == before
    removal = PersonalDetailsRemoval.objects.get(delegate=delegate)
    assert removal.actor == office and removal.account == "deactivated"
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert (user.email, user.first_name, user.username) == ("", "", f"removed-{user.pk}")
    assert user_roles(user) == []
    # The other delegates are untouched.
    for other in others:
        assert Delegate.objects.get(pk=other.pk).phone == other.phone


def test_no_removed_value_remains_anywhere_in_the_database(ended):
    delegate, _others, _user = ended
    delegates_personal_details_remove(delegates=[delegate], removed_by=office_user(), today=TODAY)
    removed = [PHONE, EMAIL, WORK_UNIT, POST, BIRTH.isoformat(), "zhangremoved"]
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                text = str(value)
                if value == BIRTH or any(word in text for word in removed):
                    found.append(f"{model._meta.label}.{name}: {text[:80]}")
    # The security trail cannot be altered: the entries written before the removal (the
    # account made, its groups changed) keep naming the account by its sign-in name of then,
    # until they expire with the trail's retention (decision 242); nothing else of the record.
    trail = "congress_office.SecurityEvent."
    assert [f for f in found if not f.startswith(trail)] == []
    assert {f.split(": ", 1)[1] for f in found} <= {"zhangremoved"}
    # The roster file that held the details is gone; its preview row keeps the rest.
    roster_import = RosterImport.objects.get(term=delegate.term)
    assert not roster_import.file
    assert roster_import.preview[0][1:4] == ["张removed", "male", "回族"]


def test_each_removal_is_in_the_security_trail_without_the_values(ended):
    from congress_office.audit_models import SecurityEvent

    delegate, others, _user = ended
    office = office_user()
    delegates_personal_details_remove(delegates=[delegate], removed_by=office, today=TODAY)
    (entry,) = SecurityEvent.objects.filter(kind="personal_details_removed")
    assert (entry.user, entry.target, entry.target_id) == (office, "张removed", str(delegate.pk))
    assert entry.details == {"account": "deactivated"}
    assert not SecurityEvent.objects.filter(
        kind="personal_details_removed", target_id__in=[str(other.pk) for other in others]
    ).exists()


def test_a_delegate_whose_retention_has_not_run_out_stops_the_whole_run(ended):
    delegate, _others, _user = ended
    running = TermFactory(name="第十三届斜桥镇党代会")  # ends at the end of 2026 or later
    recent = enter(running, ElectoralUnitFactory(term=running), phone="13700000000")
    with pytest.raises(ValidationError) as refused:
        delegates_personal_details_remove(
            delegates=[delegate, recent], removed_by=office_user(), today=TODAY
        )
    (message,) = refused.value.messages
    assert recent.name in message and "are kept until" in message
    assert Delegate.objects.get(pk=delegate.pk).phone == PHONE  # nothing half-done
    assert not PersonalDetailsRemoval.objects.exists()


def test_the_office_sets_the_retention_period(ended):
    delegate, _others, _user = ended
    PersonalDataRules.objects.update_or_create(singleton=True, defaults={"retention_years": 10})
    with pytest.raises(ValidationError, match="kept until"):
        delegates_personal_details_remove(
            delegates=[delegate], removed_by=office_user(), today=TODAY
        )


def test_details_are_removed_once(ended):
    delegate, _others, _user = ended
    delegates_personal_details_remove(delegates=[delegate], removed_by=office_user(), today=TODAY)
    with pytest.raises(ValidationError, match="already removed"):
        delegates_personal_details_remove(
            delegates=[delegate], removed_by=office_user(), today=TODAY
        )


def test_only_the_office_removes_details(ended):
    delegate, _others, user = ended
    with pytest.raises(ValidationError, match="Only the congress office"):
        delegates_personal_details_remove(delegates=[delegate], removed_by=user, today=TODAY)
    assert Delegate.objects.get(pk=delegate.pk).phone == PHONE


def test_an_account_another_term_or_role_needs_is_kept(ended):
    delegate, others, user = ended
    later = TermFactory(name="第十三届斜桥镇党代会")
    again = enter(later, ElectoralUnitFactory(term=later), name="张removed")
    delegate_link_user(delegate=again, user=user)
    member_account = UserFactory(username="member", role=Role.DELEGATE)
    delegate_link_user(delegate=others[0], user=member_account)
    member = CommitteeMember.objects.create(term=delegate.term, name="李委员", user=member_account)
    committee_member_set_delegates(member=member, delegates=[others[1]], set_by=office_user())

    delegates_personal_details_remove(
        delegates=[delegate, others[0]], removed_by=office_user(), today=TODAY
    )

    accounts = dict(PersonalDetailsRemoval.objects.values_list("delegate_id", "account"))
    assert accounts == {delegate.pk: "unlinked", others[0].pk: "role_removed"}
    user.refresh_from_db()
    member_account.refresh_from_db()
    assert user.is_active and user.email == EMAIL and user_roles(user) == [Role.DELEGATE]
    assert member_account.is_active and user_roles(member_account) == []
    assert get_user_model().objects.get(pk=member_account.pk).committee_member_records.exists()


# --- The office's page -------------------------------------------------------------------


def _action(client, delegates, **extra):
    return client.post(
        "/admin/delegates/delegate/",
        {
            "action": "remove_personal_details",
            ACTION_CHECKBOX_NAME: [d.pk for d in delegates],
            **extra,
        },
        follow=True,
    )


def test_the_page_says_what_goes_and_what_stays_before_removing(client, secretariat, ended):
    delegate, _others, _user = ended
    sign_in_as(client, secretariat)
    page = _action(client, [delegate]).content.decode()
    assert "张removed" in page and "第十二届斜桥镇党代会" in page
    for said in ("What is removed", "Phone", "Work unit", "What is kept", "Ethnicity"):
        assert said in page
    assert "This cannot be undone." in page
    assert 'value="Remove the personal details"' in page
    assert Delegate.objects.get(pk=delegate.pk).phone == PHONE  # asked, not done

    done = _action(client, [delegate], apply="1")
    assert "The personal details of 1 delegate are removed." in done.content.decode()
    assert Delegate.objects.get(pk=delegate.pk).phone == ""
    removal = PersonalDetailsRemoval.objects.get(delegate=delegate)
    assert removal.actor == secretariat

    change = client.get(f"/admin/delegates/delegate/{delegate.pk}/change/").content.decode()
    assert "day of birth removed on" in change and "李秘书" in change
    assert 'name="work_unit"' not in change and 'name="phone"' not in change
    assert "August 1973" in change and "Aug. 1, 1973" not in change  # no made-up birthday


def test_the_page_refuses_delegates_still_kept_and_says_until_when(client, secretariat, ended):
    delegate, _others, _user = ended
    running = TermFactory(name="第十三届斜桥镇党代会")
    recent = enter(running, ElectoralUnitFactory(term=running), phone="13700000000")
    sign_in_as(client, secretariat)
    page = _action(client, [delegate, recent]).content.decode()
    until = retention_ends(running.end_date, 5)
    assert f"{recent.name} are kept until" in page and str(until.year) in page
    assert 'value="Remove the personal details"' not in page
    refused = _action(client, [delegate, recent], apply="1").content.decode()  # a forged POST
    assert "are kept until" in refused
    assert Delegate.objects.get(pk=delegate.pk).phone == PHONE


def test_the_page_in_chinese(client, secretariat, ended):
    delegate, _others, _user = ended
    sign_in_as(client, secretariat)
    page = client.post(
        "/admin/delegates/delegate/",
        {"action": "remove_personal_details", ACTION_CHECKBOX_NAME: [delegate.pk]},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "删除的内容" in page and "保留的内容" in page and "此操作无法撤销" in page
