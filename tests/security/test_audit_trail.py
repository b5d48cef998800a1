"""The security audit trail (issue 16 item 3; decisions 228 and 229): what is recorded, with
who, when, from where and what; that no application path changes or removes an entry younger
than the retention floor; the purge; the auditor's search and export."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from congress_office.audit_models import AppendOnly
from congress_office.audit_trail import retention_check, security_event_record
from congress_office.audit_wording import event_about, event_details
from congress_office.models import Letterhead, SecurityEvent
from congress_office.roles import Role
from proposals.models import ProposalRules
from proposals.units import unit_add_staff, unit_remove_staff
from tests.core.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


def _last(kind):
    return SecurityEvent.objects.filter(kind=kind).order_by("-pk").first()


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.SECURITY_AUDITOR)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# --- What is recorded -------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_the_account_and_the_address(client, secretariat):
    response = client.post(
        reverse("login"), {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.2.3.4"
    )
    assert response.status_code == 302
    event = _last(Kind.SIGN_IN)
    assert (event.user, event.username, event.address) == (secretariat, "office", "10.2.3.4")
    assert timezone.now() - event.at < datetime.timedelta(minutes=1)


def test_a_refused_sign_in_is_recorded_with_the_name_tried(client, secretariat):
    client.post(
        reverse("login"), {"username": "office", "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
    )
    event = _last(Kind.SIGN_IN_FAILED)
    assert (event.user, event.username, event.address) == (None, "office", "10.9.9.9")
    assert "wrong" not in str(event.details)  # never the password tried


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_trusted_proxy_the_address_is_the_one_it_saw(client, secretariat):
    client.post(
        reverse("login"),
        {"username": "office", "password": "wrong"},
        REMOTE_ADDR="172.18.0.2",
        HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7",  # the first is the client's own claim
    )
    assert _last(Kind.SIGN_IN_FAILED).address == "203.0.113.7"


def test_a_sign_out_is_recorded(client_for, secretariat):
    client = client_for(secretariat)
    client.post(reverse("logout"), REMOTE_ADDR="10.2.3.5")
    event = _last(Kind.SIGN_OUT)
    assert (event.user, event.address) == (secretariat, "10.2.3.5")


def test_group_changes_are_recorded_from_either_side(secretariat, delegate):
    staff = Group.objects.get(name=Role.SECRETARIAT.value)
    delegate.groups.add(staff)
    assert _last(Kind.GROUPS_CHANGED).details == {"added": ["secretariat"]}
    assert _last(Kind.GROUPS_CHANGED).target_id == str(delegate.pk)
    staff.user_set.remove(delegate)  # from the group's side
    event = _last(Kind.GROUPS_CHANGED)
    assert (event.target_id, event.details) == (str(delegate.pk), {"removed": ["secretariat"]})
    delegate.groups.clear()
    assert _last(Kind.GROUPS_CHANGED).details == {"removed": ["delegate"]}


def test_permission_changes_are_recorded(delegate):
    perm = Permission.objects.get(codename="view_proposal")
    delegate.user_permissions.add(perm)
    assert _last(Kind.USER_PERMISSIONS_CHANGED).details == {"added": ["proposals.view_proposal"]}
    group = Group.objects.create(name="读者")
    group.permissions.set([perm])
    event = _last(Kind.GROUP_PERMISSIONS_CHANGED)
    assert (event.target, event.details) == ("读者", {"added": ["proposals.view_proposal"]})


def test_an_account_made_superuser_is_recorded(delegate):
    delegate.is_superuser = True
    delegate.save()
    event = _last(Kind.ACCOUNT_CHANGED)
    assert event.details == {"changes": [{"field": "is_superuser", "old": False, "new": True}]}


def test_a_unit_staff_grant_and_withdrawal_are_recorded(unit):
    user = UserFactory(username="clerk")
    unit_add_staff(unit=unit, user=user)
    granted = _last(Kind.OBJECT_PERMISSION_GRANTED)
    assert granted.target == unit.name and granted.target_id == str(unit.pk)
    assert granted.details == {"permission": "proposals.work_for_unit", "holder": "clerk"}
    unit_remove_staff(unit=unit, user=user)
    withdrawn = _last(Kind.OBJECT_PERMISSION_WITHDRAWN)
    assert withdrawn.details == granted.details


def test_a_rules_change_in_the_admin_is_recorded_with_old_and_new(client_for, secretariat):
    letterhead = Letterhead.current()
    client = client_for(secretariat)
    url = reverse("admin:congress_office_letterhead_change", args=[letterhead.pk])
    response = client.post(
        url,
        {
            "issuing_body": "中共测试镇代表大会常任制联络办公室",
            "issuing_body_english": "",
            "reply_number_pattern": letterhead.reply_number_pattern,
            "contact_person": "",
            "telephone": "",
            "copy_to": "",
        },
        REMOTE_ADDR="10.4.4.4",
    )
    assert response.status_code == 302
    event = _last(Kind.RULES_CHANGED)
    assert (event.user, event.address) == (secretariat, "10.4.4.4")
    with translation.override("zh-hans"):
        assert event_about(event) == "公文版头与版记"
        assert event_details(event) == ["发文机关：（空） → 中共测试镇代表大会常任制联络办公室"]
    assert event.details == {
        "changes": [
            {"field": "issuing_body", "old": "", "new": "中共测试镇代表大会常任制联络办公室"}
        ]
    }


def test_rules_saved_unchanged_or_created_by_a_read_record_nothing():
    rules = ProposalRules.current()  # created with its defaults: nobody changed a rule
    rules.save()
    assert not SecurityEvent.objects.filter(kind=Kind.RULES_CHANGED).exists()
    rules.reply_months += 1
    rules.save()
    event = _last(Kind.RULES_CHANGED)
    assert event.details["changes"][0]["field"] == "reply_months"


def test_a_roster_export_is_recorded(client_for, secretariat, delegate, other_delegate):
    from delegates.models import Delegate

    client = client_for(secretariat)
    ids = list(Delegate.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:delegates_delegate_changelist"),
        {"action": "export_xlsx", "_selected_action": ids},
        REMOTE_ADDR="10.5.5.5",
    )
    assert response["Content-Disposition"].startswith("attachment")
    event = _last(Kind.PERSONAL_DATA_EXPORTED)
    assert (event.user, event.address) == (secretariat, "10.5.5.5")
    assert event.details == {"what": "roster", "format": "xlsx", "rows": 2}
    with translation.override("zh-hans"):
        assert (event_about(event), event_details(event)) == ("代表名册", ["XLSX格式", "行数：2"])


def test_the_ledger_export_is_recorded_with_its_filters(client_for, secretariat):
    client = client_for(secretariat)
    response = client.get(reverse("admin:proposals_proposal_ledger") + "?status__exact=accepted")
    assert response.status_code == 200
    event = _last(Kind.PERSONAL_DATA_EXPORTED)
    assert event.details == {
        "what": "ledger",
        "format": "xlsx",
        "filters": {"status__exact": "accepted"},
        "filters_worded": {
            "en": ["Status: Accepted, awaiting assignment"],
            "zh-hans": ["状态：已立案，待交办"],
        },
    }


def test_an_export_asked_with_any_characters_is_recorded_as_far_as_they_can_be(rf, secretariat):
    # Found by the fuzz tests: a NUL character in the address failed the export (PostgreSQL's
    # JSON takes none); a long value is kept to its start.
    from congress_office.audit_trail import record_export

    request = rf.get("/export/", {"format": "csv", "_": "a\x00b", "x": "关" * 500})
    request.user = secretariat
    record_export(request, what="statistics", file_format="csv")
    filters = _last(Kind.PERSONAL_DATA_EXPORTED).details["filters"]
    assert filters == {"_": "ab", "x": "关" * 200}


def test_two_factor_events_are_recorded_through_the_service(rf, superuser, delegate):
    """What the two-factor branch's record_two_factor_event calls: a reset of a delegate's
    device by a superuser names both."""
    request = rf.post("/", REMOTE_ADDR="10.6.6.6")
    request.user = superuser
    event = security_event_record(
        kind=Kind.TWO_FACTOR_RESET, request=request, user=superuser, target=delegate
    )
    assert (event.username, event.target, event.address) == ("root", "delegate", "10.6.6.6")
    assert {k.value for k in Kind if k.value.startswith("two_factor")} == {
        "two_factor_enrolled",
        "two_factor_verified",
        "two_factor_refused",
        "two_factor_throttled",
        "two_factor_recovery_used",
        "two_factor_recovery_renewed",
        "two_factor_reset",
        "two_factor_on",
        "two_factor_off",
    }


# --- Append-only --------------------------------------------------------------------------------


@pytest.fixture
def entry(db):
    return security_event_record(kind=Kind.SIGN_IN, username="someone", target_text="someone")


def test_the_model_and_its_queryset_refuse_every_change_and_removal(entry):
    entry.target = "something else"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.filter(pk=entry.pk).update(target="x")
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.all().delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.bulk_update([entry], ["target"])
    fresh = SecurityEvent.objects.get(pk=entry.pk)
    with pytest.raises(AppendOnly):
        fresh.save(update_fields=["target"])
    assert SecurityEvent.objects.get(pk=entry.pk).target == "someone"


def test_deleting_an_account_leaves_its_entries(entry):
    user = UserFactory(username="leaver")
    user.delete()
    assert SecurityEvent.objects.filter(pk=entry.pk).exists()
    assert _last(Kind.ACCOUNT_DELETED).target == "leaver"


@pytest.mark.parametrize("who", ["superuser", "auditor", "secretariat"])
def test_no_one_adds_changes_or_deletes_an_entry_in_the_admin(client_for, entry, who, request):
    client = client_for(request.getfixturevalue(who))
    change = reverse("admin:congress_office_securityevent_change", args=[entry.pk])
    delete = reverse("admin:congress_office_securityevent_delete", args=[entry.pk])
    add = reverse("admin:congress_office_securityevent_add")
    changelist = reverse("admin:congress_office_securityevent_changelist")
    assert client.post(add, {"kind": "sign_in", "username": "forged"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    posted = client.post(change, {"username": "changed", "target": "changed"})
    assert posted.status_code == 403
    # No bulk deletion either: the list offers no action at all.
    bulk = client.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert bulk.status_code in (200, 302, 403)
    entry_now = SecurityEvent.objects.get(pk=entry.pk)
    assert (entry_now.username, entry_now.target) == ("someone", "someone")
    assert not SecurityEvent.objects.filter(username="forged").exists()


@on_postgresql
def test_postgresql_refuses_a_raw_update_always_and_a_raw_delete_of_a_young_entry(entry):
    old = SecurityEvent.objects.create(
        kind=Kind.SIGN_IN, username="long ago", at=timezone.now() - datetime.timedelta(days=181)
    )
    table = SecurityEvent._meta.db_table
    for sql, params in (
        (f"UPDATE {table} SET target = 'x' WHERE id = %s", [entry.pk]),  # noqa: S608
        (f"UPDATE {table} SET target = 'x' WHERE id = %s", [old.pk]),  # noqa: S608
        (f"DELETE FROM {table} WHERE id = %s", [entry.pk]),  # noqa: S608
    ):
        with (
            pytest.raises(DatabaseError, match="security audit trail"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert SecurityEvent.objects.get(pk=entry.pk).target == "someone"
    # Past the floor the database lets the purge remove it.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [old.pk])  # noqa: S608
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


# --- Retention and the purge ---------------------------------------------------------------------


def _aged(days, name):
    return SecurityEvent.objects.create(
        kind=Kind.SIGN_IN, username=name, at=timezone.now() - datetime.timedelta(days=days)
    )


def test_the_purge_removes_only_entries_past_the_retention_and_records_its_run(settings):
    young, floor_edge, old = _aged(10, "young"), _aged(179, "edge"), _aged(200, "old")
    call_command("purge_security_events", stdout=io.StringIO())
    left = set(SecurityEvent.objects.values_list("username", flat=True))
    assert {"young", "edge"} <= left and "old" not in left
    run = _last(Kind.TRAIL_PURGED)
    assert run.details["removed_count"] == 1 and run.details["retention_days"] == 180
    # A longer retention keeps more.
    settings.SECURITY_AUDIT_RETENTION_DAYS = 365
    _aged(200, "kept")
    from congress_office.tasks import purge_expired_security_events

    assert purge_expired_security_events() == 0
    assert SecurityEvent.objects.filter(username="kept").exists()
    assert young.pk and floor_edge.pk and old.pk


@pytest.mark.parametrize(("days", "errors"), [(180, 0), (400, 0), (179, 1), (0, 1)])
def test_a_retention_under_180_days_is_refused_by_a_system_check(settings, days, errors):
    settings.SECURITY_AUDIT_RETENTION_DAYS = days
    assert len(retention_check()) == errors


def test_the_purge_is_in_the_beat_schedule():
    from congress_office.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "congress_office.tasks.purge_expired_security_events" in tasks


# --- The auditor's search and export -------------------------------------------------------------


@pytest.fixture
def trail(db):
    now = timezone.now()
    rows = [
        ("alice", "10.0.0.1", Kind.SIGN_IN, "alice", now - datetime.timedelta(days=3)),
        ("bob", "10.0.0.2", Kind.SIGN_IN_FAILED, "bob", now - datetime.timedelta(days=2)),
        ("alice", "10.0.0.1", Kind.RULES_CHANGED, "办理规则", now - datetime.timedelta(days=1)),
    ]
    for username, address, kind, target, at in rows:
        SecurityEvent.objects.create(
            username=username, address=address, kind=kind, target=target, at=at
        )


def _listed(client, query=""):
    page = client.get(reverse("admin:congress_office_securityevent_changelist") + query)
    assert page.status_code == 200
    return page.context["cl"].result_list


def test_the_auditor_searches_by_user_kind_dates_address_and_text(client_for, auditor, trail):
    client = client_for(auditor)
    assert {e.username for e in _listed(client, "?username__exact=alice")} == {"alice"}
    assert [e.username for e in _listed(client, "?kind__exact=sign_in_failed")] == ["bob"]
    day = timezone.localdate() - datetime.timedelta(days=2)
    dated = _listed(client, f"?at__date__gte={day}&at__date__lte={day}")
    assert [e.username for e in dated] == ["bob"]
    assert [e.username for e in _listed(client, "?q=10.0.0.2")] == ["bob"]
    assert [e.kind for e in _listed(client, "?q=办理")] == [Kind.RULES_CHANGED]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_auditor_exports_the_filtered_trail_and_the_export_is_recorded(
    client_for, auditor, trail, language
):
    client = client_for(auditor)
    client.cookies["django_language"] = language
    url = reverse("admin:congress_office_securityevent_export", args=["csv"])
    response = client.get(url + "?username__exact=alice", HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    heading = {"en": "event", "zh-hans": "事件"}[language]
    assert heading in rows[0]
    assert [row[2] for row in rows[1:]] == ["alice", "alice"]
    assert {"en": "Office rules changed", "zh-hans": "办公室规则已修改"}[language] == rows[1][1]
    event = _last(Kind.TRAIL_EXPORTED)
    assert event.user == auditor
    assert event.details["rows"] == 2 and event.details["filters"] == {"username__exact": "alice"}
    workbook = client.get(
        reverse("admin:congress_office_securityevent_export", args=["xlsx"])
        + "?kind__exact=trail_exported"
    ).content
    sheet = load_workbook(io.BytesIO(workbook), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 1 and rows[1][2] == "auditor"  # the CSV export, by the auditor


@pytest.mark.parametrize("size", [5, 60])
def test_the_trails_list_costs_the_same_queries_at_any_size(
    client_for, auditor, size, django_assert_num_queries
):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(kind=Kind.SIGN_IN, username=f"user{n}", address="10.0.0.9", target="t")
        for n in range(size)
    )
    client = client_for(auditor)
    url = reverse("admin:congress_office_securityevent_changelist")
    client.get(url)  # the content types and the session, once
    # The session, the user, the session's two-factor device, the user's own and group
    # permissions (one statement, decision 295), the count for the pages, the page's rows,
    # and the menu's duties (one query for all).
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


@on_postgresql
def test_postgresql_refuses_to_truncate_the_trail(entry):
    """A statement-level trigger refuses TRUNCATE (decision 258), outside the test suite's
    own flush: a connection without the test settings' option is refused, and so is one in
    a database whose name does not start with test_ (checked on the trigger's condition)."""
    table = SecurityEvent._meta.db_table
    with (
        pytest.raises(DatabaseError, match="cannot be truncated"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL congress_office.trail_truncate = ''")
        cursor.execute(f"TRUNCATE {table}")
    assert SecurityEvent.objects.filter(pk=entry.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), current_setting('congress_office.trail_truncate')"
        )
        name, allowed = cursor.fetchone()
        cursor.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s",
            ["congress_office_securityevent_refuse_truncate"],
        )
        source = cursor.fetchone()[0]
    assert name.startswith("test_") and allowed == "allowed"  # what the suite's flush relies on
    assert "current_database() LIKE 'test\\_%'" in source


@pytest.mark.django_db(transaction=True)
def test_the_suites_own_flush_still_empties_the_trail_after_a_transactional_test():
    """Django's flush (TRUNCATE of every table) runs after this test; the next test finds the
    trail empty, which test_the_trail_is_empty_after_the_flush checks."""
    SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="flushed")


@pytest.mark.django_db(transaction=True)
def test_the_trail_is_empty_after_the_flush():
    assert not SecurityEvent.objects.filter(username="flushed").exists()
