"""Notifications, their emails and timeline notes in the reader's language, not the actor's
(issue 12, 1.9): an office clerk working in English writes to a delegate who reads Chinese."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from congress_office.models import Notification, NotificationSettings
from congress_office.notifications import notifications_email, notify, user_language
from proposals.services import (
    deadline_set,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
)

pytestmark = pytest.mark.django_db


def _reads(user, language):
    NotificationSettings.objects.update_or_create(user=user, defaults={"language": language})


@pytest.fixture
def routed(author, delegate, secretariat, unit, unit_staff, education):
    """An item the office, working in English, accepted and routed to the unit, with a
    deadline of 5 March 2027; the delegate and the unit's staff read Chinese."""
    _reads(delegate, "zh-hans")
    _reads(unit_staff, "zh-hans")
    item = proposal_draft_save(
        author=author,
        kind="suggestion",
        title="建设卫生院",
        situation="情况",
        recommendations="建议",
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    with translation.override("en"):
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat)
        deadline_set(
            proposal=item, deadline=datetime.date(2027, 3, 5), reason="县委督办", set_by=secretariat
        )
    return item, lead


def test_an_english_clerk_writes_and_the_chinese_delegate_reads_chinese(
    routed, delegate, client_for
):
    client = client_for(delegate)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/notifications/").content.decode()
    assert "建设卫生院" in page
    assert "Assigned:" not in page and "Accepted:" not in page and "New deadline" not in page
    notifications_email()
    subjects = [m.subject for m in mail.outbox if m.to == [delegate.email]]
    assert len(subjects) == 2, subjects
    assert all("Assigned" not in s and "Accepted" not in s for s in subjects)


def test_a_chinese_clerk_writes_and_the_english_reader_reads_english(
    author, delegate, secretariat, unit, unit_staff, education
):
    _reads(unit_staff, "en")
    item = proposal_draft_save(
        author=author,
        kind="suggestion",
        title="建设卫生院",
        situation="情况",
        recommendations="建议",
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    with translation.override("zh-hans"):
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        proposal_route(proposal=item, lead=unit, routed_by=secretariat)
        deadline_set(
            proposal=item, deadline=datetime.date(2027, 3, 5), reason="县委督办", set_by=secretariat
        )
    notifications_email()
    to_unit = [m for m in mail.outbox if m.to == [unit_staff.email]]
    subjects = [m.subject for m in to_unit]
    assert "New deadline March 5, 2027: 建设卫生院" in subjects
    assert any(s.startswith("New item for ") for s in subjects)
    assert not any("截止" in s or "期限" in s for s in subjects)
    deadline_mail = next(m for m in to_unit if m.subject.startswith("New deadline"))
    assert deadline_mail.body.startswith("县委督办")  # typed text stays as typed


def test_dates_in_a_notification_are_written_as_the_reader_writes_them(routed, unit_staff):
    (deadline,) = Notification.objects.filter(user=unit_staff, kind="deadline_set")
    with translation.override("zh-hans"):
        title, body = deadline.text
    assert "2027年3月5日" in title and "2027-03-05" not in title
    deadline = Notification.objects.get(pk=deadline.pk)
    with translation.override("en"):
        title, _body = deadline.text
    assert "March 5, 2027" in title


def test_the_language_is_kept_from_the_switcher_and_from_signing_in(delegate, client, password):
    client.cookies["django_language"] = "zh-hans"
    client.post("/accounts/login/", {"username": delegate.username, "password": password})
    assert user_language(delegate) == "zh-hans"  # the language the pages were in
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    delegate.refresh_from_db()
    assert user_language(delegate) == "en"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language of ours
    assert user_language(delegate) == "en"
    client.logout()
    client.cookies["django_language"] = "zh-hans"  # a venue computer's browser
    client.post("/accounts/login/", {"username": delegate.username, "password": password})
    assert user_language(delegate) == "en"  # signing in elsewhere does not change the choice


def test_rows_from_before_keep_their_stored_words(delegate, client_for):
    Notification.objects.create(user=delegate, kind="proposal_assigned", title="旧的通知", body="")
    page = client_for(delegate).get("/notifications/").content.decode()
    assert "旧的通知" in page


@pytest.mark.parametrize("extra", [0, 45])
def test_the_notifications_page_reads_in_a_fixed_number_of_queries(
    delegate, client_for, django_assert_num_queries, extra
):
    for n in range(5 + extra):
        notify(users=[delegate], kind="test", params={"title": f"通知{n}"})
    client = client_for(delegate)
    client.get("/notifications/")  # marks them read: the next visit writes nothing
    with django_assert_num_queries(QUERIES):
        client.get("/notifications/")


QUERIES = 5


@pytest.fixture
def counted_texts():
    """A kind whose words say the language they were written in, counting each writing."""
    from congress_office.notification_texts import register_notification_texts

    written = []

    def texts(params):
        written.append(translation.get_language())
        return f"{params['title']} ({translation.get_language()})", "正文"

    register_notification_texts({"counted": texts})
    return written


def test_an_email_in_the_sites_language_is_the_text_the_row_keeps(
    delegate, settings, counted_texts
):
    """The row's text is written in the site's language when it is recorded; an email to a
    reader of that language takes it rather than writing it again (a deadline sweep's digests
    run to hundreds of lines), and says the same."""
    _reads(delegate, settings.LANGUAGE_CODE)
    (row,) = notify(users=[delegate], kind="counted", params={"title": "督办"})
    assert counted_texts == [settings.LANGUAGE_CODE]
    notifications_email()
    assert counted_texts == [settings.LANGUAGE_CODE]  # not written a second time
    assert [m.subject for m in mail.outbox] == [row.title] == [f"督办 ({settings.LANGUAGE_CODE})"]


def test_an_email_in_another_language_is_written_in_it(delegate, settings, counted_texts):
    other = "zh-hans" if settings.LANGUAGE_CODE == "en" else "en"
    _reads(delegate, other)
    notify(users=[delegate], kind="counted", params={"title": "督办"})
    notifications_email()
    assert counted_texts == [settings.LANGUAGE_CODE, other]
    assert [m.subject for m in mail.outbox] == [f"督办 ({other})"]


def test_a_title_cut_to_fit_the_row_is_emailed_whole(delegate, settings, counted_texts):
    _reads(delegate, settings.LANGUAGE_CODE)
    (row,) = notify(users=[delegate], kind="counted", params={"title": "长" * 400})
    assert len(row.title) == 300
    notifications_email()
    assert mail.outbox[0].subject == f"{'长' * 400} ({settings.LANGUAGE_CODE})"
