"""An inline's media and management form, worked out without Django's repeated work
(congress_office/inline_frames.py, decision 317), are Django's own: compared on the pages that
use them, with rows, with none, and posted back with errors."""

import datetime

import pytest
from django.contrib.admin.helpers import Fieldset, InlineAdminFormSet
from django.forms import Form
from django.forms.formsets import BaseFormSet, ManagementForm

from congress_office.inline_frames import _FormsMedia, _WrittenManagementForm
from congress_office.value_rows import ValueRowsAdminFormSet
from sessions.models import Committee
from tests.delegates.factories import (
    ActivityFactory,
    ActivityParticipationFactory,
    DelegateFactory,
)
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory
from tests.sessions.factories import AgendaItemFactory, SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db


def test_a_fieldsets_media_is_empty():
    """What `_FormsMedia` leaves out of each row's media: Django's fieldsets add none."""
    assert str(Fieldset(Form(), fields=()).media) == ""


def _inlines_as_django_has_them(page):
    inline_formsets = page.context["inline_admin_formsets"]
    assert inline_formsets
    for inline_formset in inline_formsets:
        # Rows nobody may change are written from values (decision 359), their media too.
        assert type(inline_formset) in (_FormsMedia, ValueRowsAdminFormSet)
        management = inline_formset.formset.management_form
        # Django's media (every row's InlineAdminForm built) and its template's markup.
        assert str(inline_formset.media) == str(InlineAdminFormSet.media.fget(inline_formset))
        if type(inline_formset) is ValueRowsAdminFormSet:
            # Its counts written from values: Django's management form, rendered by Django.
            djangos = BaseFormSet.management_form.func(inline_formset.formset)
            assert str(management) == ManagementForm.render(djangos)
            assert str(management).count('type="hidden"') == 4
            continue
        assert type(management) is _WrittenManagementForm
        assert str(management) == ManagementForm.render(management)
        assert str(management).count('type="hidden"') == 4
    return inline_formsets


def test_the_session_pages_inlines(term, office):
    session = SessionFactory(term=term)
    SittingFactory(session=session, date=session.start_date + datetime.timedelta(days=1))
    SittingFactory(session=session, date=session.start_date)
    AgendaItemFactory(session=session, order=1, title="<议程>")
    chair = DelegateFactory(term=term)
    Committee.objects.create(session=session, kind=Committee.Kind.OTHER, chair=chair)
    change = office.get(f"/admin/congress_sessions/session/{session.pk}/change/")
    shown = _inlines_as_django_has_them(change)
    assert [len(f.formset.initial_forms) for f in shown] == [2, 1, 1]
    _inlines_as_django_has_them(office.get("/admin/congress_sessions/session/add/"))
    _inlines_as_django_has_them(office.get("/admin/congress_sessions/election/add/"))


def test_a_management_form_posted_wrong_is_djangos(term, office):
    session = SessionFactory(term=term)
    posted = office.post(
        f"/admin/congress_sessions/session/{session.pk}/change/",
        {"name": "", "sittings-TOTAL_FORMS": "x"},
    )
    assert posted.status_code == 200
    management = posted.context["inline_admin_formsets"][0].formset.management_form
    assert management.errors
    assert str(management) == ManagementForm.render(management)


def test_every_office_pages_inlines(term, office):
    """OfficeModelAdmin's own for every admin, not only the session's and election's
    (decision 332): an activity's, an evaluation's, a solicitation's and a body's pages."""
    activity = ActivityFactory(term=term)
    ActivityParticipationFactory(activity=activity)
    evaluation = EvaluationFactory(session=SessionFactory(term=term))
    SubjectFactory(evaluation=evaluation)
    CriterionFactory(evaluation=evaluation)
    for url in (
        f"/admin/delegates/activity/{activity.pk}/change/",
        "/admin/delegates/activity/add/",
        f"/admin/evaluations/evaluation/{evaluation.pk}/change/",
        "/admin/delegates/solicitation/add/",
        "/admin/congress_sessions/body/add/",
    ):
        page = office.get(url)
        assert page.status_code == 200, url
        _inlines_as_django_has_them(page)


def _counts(client, url) -> list[str]:
    """The page's management forms' markup, each as Django renders the same form."""
    page = client.get(url)
    written = []
    for inline_formset in page.context["inline_admin_formsets"]:
        management = inline_formset.formset.management_form
        assert str(management) == ManagementForm.render(management)
        written.append(str(management))
    return written


def test_a_management_form_is_kept_by_its_prefix_and_counts(term, office, monkeypatch):
    """Kept (decision 507): opened again, after a row is added, for another session; a key
    without the counts shows the old count and fails."""
    from congress_office import inline_frames

    inline_frames._management.clear()
    session = SessionFactory(term=term)
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    first = _counts(office, url)
    assert _counts(office, url) == first
    SittingFactory(session=session, date=session.start_date)
    added = _counts(office, url)
    assert added != first and 'name="sittings-TOTAL_FORMS" value="1"' in added[0]
    other = SessionFactory(term=term, ordinal=2)
    _counts(office, f"/admin/congress_sessions/session/{other.pk}/change/")
    kept_by = inline_frames._WrittenManagementForm._kept_by

    def without_counts(form):
        key = kept_by(form)
        return key and tuple(part for part in key if part != tuple(form.initial.items()))

    monkeypatch.setattr(inline_frames._WrittenManagementForm, "_kept_by", without_counts)
    inline_frames._management.clear()
    _counts(office, f"/admin/congress_sessions/session/{other.pk}/change/")
    with pytest.raises(AssertionError):
        _counts(office, url)  # the other session's counts: no sitting


def test_a_kept_management_form_copies_no_fields(term, office):
    """Decision 576: not posted, a management form is made without copying its class's four
    fields, which its kept markup never reads; asked for, they are Django's."""
    session = SessionFactory(term=term)
    SittingFactory(session=session, date=session.start_date)
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    office.get(url)
    page = office.get(url)  # the markup kept from the first opening
    for inline_formset in page.context["inline_admin_formsets"]:
        management = inline_formset.formset.management_form
        assert type(management) is _WrittenManagementForm
        assert "fields" not in management.__dict__  # written, never copied
        written = str(management)
        assert "fields" not in management.__dict__
        djangos = BaseFormSet.management_form.func(inline_formset.formset)
        assert type(djangos) is ManagementForm
        assert written == ManagementForm.render(djangos)
        assert {name: type(field) for name, field in management.fields.items()} == {
            name: type(field) for name, field in djangos.fields.items()
        }
        assert management.fields is not ManagementForm.base_fields
