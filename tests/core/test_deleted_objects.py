"""An admin deletion page lists what goes with the object in the reader's words: the rows of
Django's automatic many-to-many tables ("Session-nonvotingattendee relationship:
Session_invited_attendees object (3)", class names in English in every language) are left out,
since they are only the object's links (found by the crawl, issue 12 §4)."""

import pytest

from delegates.models import NonVotingAttendee
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_links_of_a_many_to_many_field_are_not_listed_for_deletion(office, term):
    attendee = NonVotingAttendee.objects.create(
        term=term, name="列席人", work_unit="镇政府", category="government"
    )
    SessionFactory(term=term).invited_attendees.add(attendee)

    page = office.get(f"/admin/delegates/nonvotingattendee/{attendee.pk}/delete/")

    html = page.content.decode()
    assert page.status_code == 200 and "列席人" in html
    assert "relationship" not in html and "object (" not in html
