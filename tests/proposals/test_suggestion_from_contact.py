"""What a delegate raised to their committee member becomes a suggestion in the delegate's
name: made by the office from the contact's admin (an action, then a page with the text),
submitted, once per contact, shown both ways, the delegate and the member told."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress_office.models import Notification
from congress_office.notification_texts import notification_text
from delegates.contacts import committee_member_set_delegates, contact_log
from delegates.models import CommitteeMember, Contact
from proposals.contact_suggestions import proposal_from_contact
from proposals.models import Proposal
from proposals.services import proposal_accept

pytestmark = pytest.mark.django_db

RAISED = "村里老年人多，希望在村文化礼堂设立老年食堂。"


@pytest.fixture
def contact(term, author, secretariat):
    member = CommitteeMember.objects.create(term=term, name="周委员", post="县委委员")
    committee_member_set_delegates(member=member, delegates=[author], set_by=secretariat)
    return contact_log(
        member=member,
        delegate=author,
        date=timezone.localdate(),
        way="visit",
        raised=RAISED,
        recorded_by=secretariat,
    )


def made(contact, by, title="关于设立村老年食堂的建议"):
    return proposal_from_contact(
        contact=contact,
        title=title,
        situation=contact.raised,
        recommendations="由镇民政办统筹，村委会具体实施。",
        logged_by=by,
    )


def test_a_contact_becomes_a_submitted_suggestion_once(contact, author, secretariat, education):
    item = made(contact, secretariat)
    assert (item.kind, item.source, item.status) == ("suggestion", "contact", "submitted")
    assert (item.author, item.contact, contact.suggestion) == (author, contact, item)
    event = item.events.get()
    assert (event.action, event.actor) == ("contact logged", secretariat)
    with pytest.raises(ValidationError, match="already been made of this contact"):
        made(contact, secretariat, title="再来一次")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            term=item.term, author=author, kind="suggestion", title="x", situation="x",
            recommendations="x", contact=contact,
        )  # fmt: skip
    # It goes on through the loop like any submitted item.
    accepted = proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert accepted.status == "accepted" and accepted.number


def test_only_the_office_makes_one_and_a_refusal_leaves_nothing(contact, delegate, secretariat):
    with pytest.raises(ValidationError, match="Only the congress office"):
        made(contact, delegate)
    with pytest.raises(ValidationError) as refused:
        made(contact, secretariat, title="  ")
    assert "title" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_the_delegate_is_told_in_their_language(contact, delegate, secretariat):
    item = made(contact, secretariat)
    notice = Notification.objects.get(user=delegate, kind="proposal_contact_logged")
    assert notice.url == f"/proposals/{item.pk}/"
    title, body = notification_text(notice, "en")
    assert title == "Filed in your name: 关于设立村老年食堂的建议"
    assert "What you raised to 周委员 on" in body
    title, body = notification_text(notice, "zh-hans")
    assert "关于设立村老年食堂的建议" in title and "周委员" in body and "raised" not in body


def test_the_member_who_logged_it_is_told(contact, secretariat, django_user_model):
    contact.member.user = django_user_model.objects.create(username="zhou")
    contact.member.save()
    made(contact, secretariat)
    notice = Notification.objects.get(user=contact.member.user)
    assert (notice.kind, notice.url) == ("contact_taken_up", "/delegates/contacts/")
    title, body = notification_text(notice, "en")
    assert title == "Your contact is now a suggestion: 关于设立村老年食堂的建议"
    assert body.startswith(f"What {contact.delegate.name} raised to you on ")
    title, body = notification_text(notice, "zh-hans")
    assert "关于设立村老年食堂的建议" in title and contact.delegate.name in body
    assert "raised" not in body


def test_a_member_without_an_account_hears_nothing(contact, secretariat):
    made(contact, secretariat)
    assert not Notification.objects.filter(kind="contact_taken_up").exists()


def test_the_office_makes_it_from_the_contacts_admin(office, contact, author):
    listing = office.get("/admin/delegates/contact/")
    assert "Make a suggestion of it" in listing.content.decode()
    chosen = office.post(
        "/admin/delegates/contact/",
        {"action": "make_suggestion", "_selected_action": [contact.pk]},
    )
    page_url = f"/admin/delegates/contact/{contact.pk}/suggestion/"
    assert chosen.status_code == 302 and chosen.url == page_url
    page = office.get(page_url)
    assert page.status_code == 200 and RAISED in page.content.decode()
    refused = office.post(page_url, {"title": "", "situation": RAISED, "recommendations": ""})
    assert refused.status_code == 200 and not Proposal.objects.exists()
    done = office.post(
        page_url,
        {"title": "关于设立村老年食堂的建议", "situation": RAISED, "recommendations": "请研究。"},
    )
    assert done.status_code == 302 and done.url == f"/admin/delegates/contact/{contact.pk}/change/"
    item = Proposal.objects.get()
    contact_page = office.get(done.url).content.decode()
    assert f'href="/admin/proposals/proposal/{item.pk}/change/"' in contact_page
    item_page = office.get(f"/admin/proposals/proposal/{item.pk}/change/").content.decode()
    assert f'href="/admin/delegates/contact/{contact.pk}/change/"' in item_page
    assert "Raised to a committee member" in item_page
    again = office.post(
        page_url, {"title": "又一条", "situation": RAISED, "recommendations": "请研究。"}
    )
    assert "already been made of this contact" in again.content.decode()
    assert Proposal.objects.count() == 1


def test_the_action_takes_one_contact_at_a_time(office, contact, author, secretariat):
    second = Contact.objects.create(
        member=contact.member,
        delegate=author,
        date=contact.date,
        way="phone",
        raised="另一件事",
        recorded_by=secretariat,
    )
    response = office.post(
        "/admin/delegates/contact/",
        {"action": "make_suggestion", "_selected_action": [contact.pk, second.pk]},
        follow=True,
    )
    assert "Choose one contact" in response.content.decode()
    assert not Proposal.objects.exists()
