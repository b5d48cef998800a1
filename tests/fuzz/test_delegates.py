"""Fuzzing the roster's forms and imports: every admin page of the app, the qualification
change, moving delegates between delegations, the structure page, scheduling reception days,
the delegates' own pages, and the roster import (upload, check, import) with generated CSV and
XLSX files."""

import pytest
from django import forms
from django.contrib import admin
from hypothesis import event, given, settings
from hypothesis import strategies as st

from delegates.admin.activities import ReceptionScheduleForm
from delegates.forms import QualificationChangeForm
from delegates.models import (
    Activity,
    Assessment,
    Award,
    Delegate,
    Delegation,
    DelegationUserObjectPermission,
    ElectoralUnit,
    NonVotingAttendee,
    QualificationEvent,
    ReceptionRule,
    RosterImport,
    Term,
)
from delegates.selectors import SEAT_HOLDING
from delegates.workflow import ENTRY_KINDS

from .helpers import (
    Snapshot,
    admin_action,
    admin_post,
    assert_unchanged,
    assert_valid_rows,
    checked,
    isolated,
    per_page,
    post_admin_form,
    row,
    signed_in,
)
from .strategies import date_text, field_value, form_data, number_text, roster_file, text


def assert_roster_consistent():
    """What the services promise of the roster, whatever was posted. Six queries."""
    events = {}
    for entry in QualificationEvent.objects.order_by("effective_date", "pk"):
        events.setdefault(entry.delegate_id, []).append(entry)
    delegates = list(Delegate.objects.select_related("term", "electoral_unit", "delegation"))
    for delegate in delegates:
        history = events.get(delegate.pk, [])
        assert [e.kind in ENTRY_KINDS for e in history][:1] == [True], delegate
        assert sum(e.kind in ENTRY_KINDS for e in history) == 1, delegate
        assert history[-1].status_after == delegate.status, delegate
        term = delegate.term
        assert all(term.start_date <= e.effective_date <= term.end_date for e in history)
        assert delegate.term_id == delegate.electoral_unit.term_id
        assert delegate.delegation is None or delegate.delegation.term_id == delegate.term_id
    for unit in ElectoralUnit.objects.all():
        held = [d for d in delegates if d.electoral_unit_id == unit.pk and d.status in SEAT_HOLDING]
        assert len(held) <= unit.seats, unit
    holders = {}
    for delegation_id, user_id in DelegationUserObjectPermission.objects.filter(
        permission__codename="lead_delegation"
    ).values_list("content_object", "user"):
        holders.setdefault(delegation_id, set()).add(user_id)
    by_pk = {d.pk: d for d in delegates}
    for delegation in Delegation.objects.all():
        leader = by_pk.get(delegation.leader_id)
        if leader is not None:
            assert leader.delegation_id == delegation.pk and leader.status == "active"
        expected = {leader.user_id} if leader and leader.user_id else set()
        assert holders.get(delegation.pk, set()) == expected, delegation


# --- Every admin page of the app --------------------------------------------------------

ADMIN_PAGES = [
    (Term, None),
    (Term, "term"),
    (ElectoralUnit, None),
    (ElectoralUnit, "village"),
    (Delegation, None),
    (Delegation, "rural"),
    (Delegate, None),
    (Delegate, "author"),
    (Delegate, "left"),
    (NonVotingAttendee, None),
    (NonVotingAttendee, "attendee"),
    (Activity, None),
    (Activity, "activity"),
    (Assessment, None),
    (Assessment, "assessment"),
    (Award, None),
    (Award, "award"),
    (ReceptionRule, "reception_rule"),
]


def _add_seeds(office) -> dict:
    """Right values for the add pages whose forms random values hardly ever pass."""
    return {
        Term: {
            "name": "第十六届测试镇党代会",
            "ordinal": "16",
            "level": "town",
            "start_date": "2027-01-01",
            "end_date": "2031-12-31",
            "seats": "120",
        },
        Delegation: {"term": str(office.term.pk), "name": "新代表团"},
        Delegate: {
            "term": str(office.term.pk),
            "name": "新代表",
            "gender": "female",
            "ethnicity": "汉族",
            "birth_date": "1985-03-03",
            "entry_kind": "by_elected",
            "effective_date": "2024-05-06",
            "decision_reference": "补选结果公告",
            "education": "undergraduate",
            "occupation": "farmer",
            "work_unit": "庆云村村委会",
            "electoral_unit": str(office.village.pk),
            "delegation": str(office.rural.pk),
        },
        Award: {
            "term": str(office.term.pk),
            "year": "2025",
            "kind": "advanced_delegation",
            "delegation": str(office.rural.pk),
        },
    }


@pytest.mark.parametrize(("model", "which"), ADMIN_PAGES)
@settings(max_examples=per_page())
@given(data=st.data())
def test_admin_pages(office, data, model, which):
    """Every add and change page of the app's admin."""
    obj = getattr(office, which) if which else None
    client = signed_in(office.secretariat)
    with isolated():
        seed = None if obj else _add_seeds(office).get(model)
        model_admin = admin.site._registry[model]
        payload = data.draw(admin_post(model_admin, office.secretariat, obj, seed=seed))
        before = Snapshot()
        response = post_admin_form(client, model, obj, payload)
        if model is Delegate and obj is None and response.status_code == 302:
            # Entered through the service: the record and its entry, into a free seat.
            created = before.created(Snapshot())
            assert len(created["delegates.QualificationEvent"]) == 1
            event = QualificationEvent.objects.get(pk=created["delegates.QualificationEvent"].pop())
            assert event.kind in ENTRY_KINDS and event.delegate.status == "active"
        assert_roster_consistent()


# --- Qualification changes --------------------------------------------------------------


@given(
    who=st.sampled_from(["author", "other", "suspended", "left", "old"]),
    data=form_data(QualificationChangeForm.base_fields),
)
def test_qualification_change(office, who, data):
    delegate = getattr(office, who)
    client = signed_in(office.secretariat)
    with isolated():
        before, values = Snapshot(), row(delegate)
        url = f"/admin/delegates/delegate/{delegate.pk}/qualification/"
        response = checked(client.post(url, data))
        if response.status_code == 302:
            changes = assert_valid_rows(before, delegate)
            (event_pk,) = changes["created"]["delegates.QualificationEvent"]
            event = QualificationEvent.objects.get(pk=event_pk)
            assert event.delegate_id == delegate.pk
            stored = Delegate.objects.get(pk=delegate.pk)
            assert (event.status_before, event.status_after) == (values["status"], stored.status)
        else:
            assert_unchanged(before, {delegate: values})
        assert_roster_consistent()


@given(data=st.data(), apply=st.booleans())
def test_move_to_delegation(office, data, apply):
    client = signed_in(office.secretariat)
    with isolated():
        pks = list(Delegate.objects.values_list("pk", flat=True))
        selected = data.draw(
            st.lists(st.one_of(st.sampled_from(pks).map(str), number_text), max_size=5)
        )
        delegation = data.draw(
            field_value(forms.ModelChoiceField(queryset=Delegation.objects.all()))
        )
        extra = {"delegation": delegation, **({"apply": "1"} if apply else {})}
        delegates = {d: row(d) for d in Delegate.objects.all()}
        admin_action(client, Delegate, "move_to_delegation", selected, extra)
        moved = {d for d, values in delegates.items() if row(d) != values}
        # All or nothing: either every selected delegate is now in one delegation, or none moved.
        if moved:
            chosen = Delegate.objects.filter(pk__in=[d.pk for d in moved])
            assert len(set(chosen.values_list("delegation", flat=True))) == 1
            target = chosen.first().delegation_id
            wanted = Delegate.objects.filter(pk__in=[p for p in selected if str(p).isdigit()])
            assert all(d.delegation_id == target for d in wanted)
        assert_roster_consistent()


# --- Pages that read a form from the query string ---------------------------------------


@given(date=date_text, file_format=st.sampled_from(["", "csv", "xlsx", "pdf", "CSV", "../x"]))
def test_structure_page(office, date, file_format):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        url = f"/admin/delegates/term/{office.term.pk}/structure/"
        checked(client.get(url, {"date": date, "format": file_format}))
        assert_unchanged(before)


@given(year=st.one_of(number_text, date_text), page=st.sampled_from(["duties", "record", "team"]))
def test_delegates_pages(office, year, page):
    client = signed_in(office.delegate_user)
    url = {
        "duties": "/delegates/me/duties/",
        "record": f"/delegates/{office.other.pk}/",
        "team": f"/delegates/delegations/{office.rural.pk}/",
    }[page]
    with isolated():
        before = Snapshot()
        checked(client.get(url, {"year": year}))
        assert_unchanged(before)


@given(data=st.data())
def test_reception_days(office, data):
    client = signed_in(office.secretariat)
    with isolated():
        payload = data.draw(form_data(ReceptionScheduleForm.base_fields))
        before = Snapshot()
        response = checked(client.post("/admin/delegates/activity/reception-days/", payload))
        created = assert_valid_rows(before)["created"]
        if response.status_code != 302:
            assert not created
        for activity in Activity.objects.filter(pk__in=created.get("delegates.Activity", ())):
            assert activity.kind == "reception_day"
            assert activity.term.start_date <= activity.date <= activity.term.end_date
        days = Activity.objects.filter(kind="reception_day").values_list("term", "date")
        assert len(days) == len(set(days))


# --- The roster import ------------------------------------------------------------------

PLACES = {
    "units": ["庆云村党委", "机关党委", " 庆云村党委 ", "不存在的选举单位", ""],
    "delegations": ["农村代表团", "机关代表团", "外地代表团"],
}


def _upload(client, term, file, capture):
    with capture(execute=True):
        return checked(
            client.post("/admin/delegates/rosterimport/add/", {"term": term, "file": file})
        )


def _check_job(job: RosterImport):
    """A checked job has a verdict, and a verdict the page can show."""
    assert job.status in (RosterImport.Status.INVALID, RosterImport.Status.READY), job.status
    if job.status == RosterImport.Status.INVALID:
        assert job.errors
        for error in job.errors:
            assert isinstance(error["row"], int) and error["message"]
    else:
        assert not job.errors and job.total_rows >= 0


def _import(client, office, file, capture):
    """Upload, check and (when the check passes) import a file; the import is all or
    nothing."""
    before = Snapshot()
    response = _upload(client, office.term.pk, file, capture)
    created = before.created(Snapshot())
    if response.status_code != 302:
        event("upload refused")
        assert not created
        return None
    assert set(created) == {"delegates.RosterImport"}  # checking writes nothing else
    job = RosterImport.objects.get()
    _check_job(job)
    checked(client.get(f"/admin/delegates/rosterimport/{job.pk}/status/"))
    checked(client.get(f"/admin/delegates/rosterimport/{job.pk}/progress/"))
    with capture(execute=True):
        checked(client.post(f"/admin/delegates/rosterimport/{job.pk}/status/"))
    job.refresh_from_db()
    event(f"import: {job.status}")
    created = before.created(Snapshot())
    if job.status == RosterImport.Status.DONE:
        assert job.imported_rows == job.total_rows
        assert len(created.get("delegates.Delegate", ())) == job.total_rows
        assert len(created.get("delegates.QualificationEvent", ())) == job.total_rows
        assert_valid_rows(before)
    else:
        assert job.status == RosterImport.Status.INVALID and job.errors
        assert set(created) == {"delegates.RosterImport"}
    checked(client.get(f"/admin/delegates/rosterimport/{job.pk}/status/"))
    assert_roster_consistent()
    return job


@given(file=roster_file(PLACES, junk=False))
def test_roster_import_of_plausible_files(office, file, django_capture_on_commit_callbacks):
    client = signed_in(office.secretariat)
    with isolated():
        _import(client, office, file, django_capture_on_commit_callbacks)


@given(file=roster_file(PLACES, junk=True))
def test_roster_import_of_broken_files(office, file, django_capture_on_commit_callbacks):
    client = signed_in(office.secretariat)
    with isolated():
        _import(client, office, file, django_capture_on_commit_callbacks)


@given(
    data=form_data(
        {
            "term": forms.ModelChoiceField(queryset=Term.objects.all()),
            "file": forms.FileField(),
        }
    )
)
def test_roster_upload_form(office, data, django_capture_on_commit_callbacks):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        with django_capture_on_commit_callbacks(execute=True):
            response = checked(client.post("/admin/delegates/rosterimport/add/", data))
        created = before.created(Snapshot())
        if response.status_code == 302:
            assert set(created) == {"delegates.RosterImport"}
            _check_job(RosterImport.objects.get())
        else:
            assert not created


@given(pk=st.one_of(number_text, text), confirm=st.booleans())
def test_roster_status_pages_with_any_id(office, pk, confirm):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        url = f"/admin/delegates/rosterimport/{pk}/status/"
        checked(client.post(url) if confirm else client.get(url))
        assert_unchanged(before)
