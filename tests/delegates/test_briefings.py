import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress_office.models import Notification
from congress_office.notification_texts import notification_text
from delegates.briefing_reads import (
    briefing_for_delegate,
    briefing_readership,
    briefings_for_delegate,
)
from delegates.briefings import (
    briefing_audience_set,
    briefing_draft_save,
    briefing_mark_read,
    briefing_publish,
)
from delegates.models import Briefing, BriefingRead, Delegate
from delegates.selectors import duties_record
from tests.core.documents import DOCX, PDF, PNG
from tests.delegates.factories import DelegateFactory, DelegationFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(delegate):
    return delegate.delegate_records.get()


@pytest.fixture
def other(other_delegate):
    return other_delegate.delegate_records.get()


def draft(term, secretariat, *, delegations=(), attachment=None, title="2026年上半年工作通报"):
    briefing = Briefing(term=term, title=title, body="上半年全镇代表共开展接待日活动6次。")
    if attachment is not None:
        briefing.attachment = attachment
    briefing_draft_save(briefing=briefing, saved_by=secretariat, new_attachment=attachment)
    briefing_audience_set(briefing=briefing, delegations=delegations, set_by=secretariat)
    return briefing


def published(term, secretariat, **kwargs):
    return briefing_publish(briefing=draft(term, secretariat, **kwargs), published_by=secretariat)


def test_publishing_tells_the_audience_once(term, secretariat, delegate, other_delegate):
    briefing = draft(term, secretariat)
    briefing_publish(briefing=briefing, published_by=secretariat)
    briefing.refresh_from_db()
    assert briefing.published_at is not None and briefing.published_by == secretariat
    told = Notification.objects.filter(kind="briefing_published")
    assert set(told.values_list("user__username", flat=True)) == {"delegate", "other_delegate"}
    assert told.first().url == f"/delegates/me/briefings/{briefing.pk}/"
    with pytest.raises(ValidationError, match="already published"):
        briefing_publish(briefing=briefing, published_by=secretariat)
    assert told.count() == 2


def test_the_notification_is_written_in_the_readers_language(
    term, secretariat, delegate, client_for
):
    published(term, secretariat)
    note = Notification.objects.get(kind="briefing_published")
    assert notification_text(note, "en")[0] == "New briefing: 2026年上半年工作通报"
    assert notification_text(note, "zh-hans")[0] == "新通报：2026年上半年工作通报"


def test_only_the_office_publishes_and_a_published_briefing_is_fixed(term, secretariat, delegate):
    briefing = draft(term, secretariat)
    with pytest.raises(ValidationError):
        briefing_publish(briefing=briefing, published_by=delegate)
    briefing_publish(briefing=briefing, published_by=secretariat)
    briefing.title = "改"
    with pytest.raises(ValidationError, match="no longer be changed"):
        briefing_draft_save(briefing=briefing, saved_by=secretariat)


def test_chosen_delegations_only(term, secretariat, me, other):
    briefing = published(term, secretariat, delegations=[me.delegation])
    assert [b.pk for b in briefings_for_delegate(me)] == [briefing.pk]
    assert briefings_for_delegate(other) == []
    users = Notification.objects.filter(kind="briefing_published").values_list(
        "user__username", flat=True
    )
    assert list(users) == ["delegate"]
    with pytest.raises(ValidationError):
        briefing_mark_read(briefing=briefing, delegate=other)


def test_a_delegation_of_another_term_is_refused(term, secretariat):
    stranger = DelegationFactory(term=TermFactory())
    with pytest.raises(ValidationError, match="another term"):
        draft(term, secretariat, delegations=[stranger])


def test_inactive_delegates_are_not_briefed(term, secretariat, me, other):
    Delegate.objects.filter(pk=other.pk).update(status=Delegate.Status.SUSPENDED)
    briefing = published(term, secretariat)
    assert briefing_readership(briefing)["unread"] == 1
    assert briefings_for_delegate(other.__class__.objects.get(pk=other.pk)) == []


def test_a_briefing_to_nobody_is_refused(term, secretariat):
    with pytest.raises(ValidationError, match="no active delegate"):
        published(term, secretariat)


def test_reading_is_recorded_once(term, secretariat, me):
    briefing = published(term, secretariat)
    first = briefing_mark_read(briefing=briefing, delegate=me)
    again = briefing_mark_read(briefing=briefing, delegate=me)
    assert first.pk == again.pk and first.read_at == again.read_at
    assert BriefingRead.objects.count() == 1


def test_a_draft_cannot_be_read(term, secretariat, me):
    briefing = draft(term, secretariat)
    with pytest.raises(ValidationError):
        briefing_mark_read(briefing=briefing, delegate=me)


def test_unread_first(term, secretariat, me):
    older = published(term, secretariat, title="第一期")
    newer = published(term, secretariat, title="第二期")
    briefing_mark_read(briefing=newer, delegate=me)
    listed = briefings_for_delegate(me)
    assert [b.title for b in listed] == ["第一期", "第二期"]
    assert listed[0].read_at is None and listed[1].read_at is not None
    assert older.pk != newer.pk


def test_the_pages(client_for, term, secretariat, delegate, me):
    briefing = published(term, secretariat)
    page = client_for(delegate).get("/delegates/me/briefings/")
    assert page.status_code == 200 and "2026年上半年工作通报" in page.text
    assert not BriefingRead.objects.exists()
    assert client_for(delegate).get(f"/delegates/me/briefings/{briefing.pk}/").status_code == 200
    assert BriefingRead.objects.get().delegate == me


def test_404_for_drafts_other_terms_and_other_delegations(
    client_for, term, secretariat, delegate, other_delegate, me
):
    a_draft = draft(term, secretariat)
    others = DelegationFactory(term=term)
    DelegateFactory(term=term, delegation=others)
    for_others = published(term, secretariat, delegations=[others])
    elsewhere_term = TermFactory()
    DelegateFactory(term=elsewhere_term)
    elsewhere = published(elsewhere_term, secretariat)
    for briefing in (a_draft, for_others, elsewhere):
        for url in (f"/delegates/me/briefings/{briefing.pk}/", f"/delegates/me/briefings/{briefing.pk}/file/"):  # noqa: E501  # fmt: skip
            assert client_for(delegate).get(url).status_code == 404
    assert not BriefingRead.objects.exists()


def test_the_attachment_downloads_only_for_its_audience(
    client_for, settings, tmp_path, term, secretariat, me, delegate, other
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("通报.pdf", PDF)
    briefing = published(term, secretariat, delegations=[me.delegation], attachment=upload)
    url = f"/delegates/me/briefings/{briefing.pk}/file/"
    response = client_for(delegate).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(other.user).get(url).status_code == 404
    assert client_for(secretariat).get(url).status_code == 200


def test_a_word_document_is_accepted_and_an_image_is_not(settings, tmp_path, term, secretariat):
    settings.MEDIA_ROOT = tmp_path
    briefing = draft(term, secretariat, attachment=SimpleUploadedFile("通讯.docx", DOCX))
    assert briefing.attachment_type.endswith("wordprocessingml.document")
    with pytest.raises(ValidationError, match="PDF or a Word"):
        draft(term, secretariat, attachment=SimpleUploadedFile("照片.png", PNG))
    with pytest.raises(ValidationError):
        draft(term, secretariat, attachment=SimpleUploadedFile("假.pdf", b"<html><script>"))


def test_who_has_read_it(term, secretariat, me, other):
    briefing = published(term, secretariat)
    briefing_mark_read(briefing=briefing, delegate=me)
    readership = briefing_readership(briefing)
    assert (readership["read"], readership["unread"]) == (1, 1)
    rows = {d.name: ([r.name for r in readers], [n.name for n in others])
            for d, readers, others in readership["by_delegation"]}  # fmt: skip
    assert rows == {me.delegation.name: (["张代表"], []), other.delegation.name: ([], ["王代表"])}


def test_reading_counts_in_the_duties_record(term, secretariat, me):
    briefing = published(term, secretariat)
    briefing_mark_read(briefing=briefing, delegate=me)
    year = timezone.localdate().year
    assert ("briefing read", 1) in duties_record(me, year)["other_duties"]
    assert ("briefings read", 0) in duties_record(me, year - 1)["other_duties"]


def test_the_admin_shows_who_has_read_it(client_for, term, secretariat, me, other):
    briefing = published(term, secretariat)
    briefing_mark_read(briefing=briefing, delegate=me)
    page = client_for(secretariat).get(f"/admin/delegates/briefing/{briefing.pk}/change/")
    assert page.status_code == 200
    assert "Read: 1; not read yet: 1" in page.text
    assert 'class="reader">张代表' in page.text and 'class="non-reader">王代表' in page.text


def test_the_admin_publish_action(client_for, term, secretariat, me):
    briefing = draft(term, secretariat)
    client_for(secretariat).post(
        "/admin/delegates/briefing/",
        {"action": "publish", "_selected_action": [briefing.pk]},
    )
    briefing.refresh_from_db()
    assert briefing.is_published


@pytest.mark.parametrize("size", [3, 30])
def test_constant_queries(term, secretariat, size, django_assert_num_queries):
    delegations = [DelegationFactory(term=term) for _ in range(3)]
    delegates = [DelegateFactory(term=term, delegation=delegations[n % 3]) for n in range(size)]
    briefings = [published(term, secretariat) for _ in range(size // 3)]
    for briefing in briefings:
        for delegate in delegates[::2]:
            briefing_mark_read(briefing=briefing, delegate=delegate)
    with django_assert_num_queries(1):
        briefing_readership(briefings[0])
    with django_assert_num_queries(1):
        briefings_for_delegate(delegates[0])


def test_finding_a_briefing_for_a_delegate_is_two_queries(
    term, secretariat, delegate, django_assert_num_queries
):
    briefing = published(term, secretariat)
    with django_assert_num_queries(2):
        found, _record = briefing_for_delegate(delegate, briefing.pk)
    assert found == briefing
