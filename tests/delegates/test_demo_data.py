from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from congress_office.demo import DEMO_PASSWORD
from congress_office.roles import Role, user_roles
from delegates.models import (
    Activity,
    ActivityParticipation,
    Assessment,
    Award,
    Briefing,
    BriefingRead,
    Delegate,
    Delegation,
    ElectoralUnit,
    NonVotingAttendee,
    QualificationEvent,
    QuestionAnswer,
    Solicitation,
    SolicitationResponse,
    Term,
)
from proposals.models import HandlingUnit, Proposal

pytestmark = pytest.mark.django_db


def build_demo(capsys):
    call_command("demo_data", "--allow-without-debug")
    return capsys.readouterr().out


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Term,
            ElectoralUnit,
            Delegation,
            Delegate,
            QualificationEvent,
            HandlingUnit,
            get_user_model(),
            Activity,
            ActivityParticipation,
            Assessment,
            Award,
            NonVotingAttendee,
            Briefing,
            BriefingRead,
            Solicitation,
            SolicitationResponse,
            QuestionAnswer,
            Proposal,
        )
    }


def test_demo_office_is_realistic_and_prints_a_login_per_role(capsys):
    output = build_demo(capsys)
    term = Term.objects.get()
    assert "斜桥镇" in term.name
    assert term.seats == 120
    by_status = Counter(Delegate.objects.values_list("status", flat=True))
    # The seed figures: 9 terminated or suspended, 8 by-elected in 3 electoral units.
    assert by_status == {"active": 119, "terminated": 7, "recalled": 1, "suspended": 1}
    by_elected = QualificationEvent.objects.filter(kind="by_elected")
    assert by_elected.count() == 8
    assert len(set(by_elected.values_list("delegate__electoral_unit", flat=True))) == 3
    assert QualificationEvent.objects.filter(kind="confirmed").count() == 8
    assert Delegation.objects.filter(leader__isnull=False).count() == Delegation.objects.count()
    assert all(d.leader.delegation_id == d.pk for d in Delegation.objects.select_related("leader"))
    assert Delegate.objects.exclude(name__regex=r"^[\u4e00-\u9fff]{2,3}$").count() == 0
    users = {user.username: user for user in get_user_model().objects.all()}
    assert user_roles(users["office"]) == [Role.SECRETARIAT] and users["office"].is_staff
    assert user_roles(users["delegate"]) == [Role.DELEGATE]
    assert user_roles(users["leader"]) == [Role.DELEGATE]
    led = Delegation.objects.get(leader__user=users["leader"])
    assert users["leader"].has_perm("delegates.lead_delegation", led)
    assert not users["delegate"].has_perm("delegates.lead_delegation", led)
    assert Delegate.objects.get(user=users["delegate"]).delegation == led
    assert user_roles(users["unit"]) == [Role.UNIT_STAFF]
    assert Delegate.objects.filter(user=users["delegate"]).count() == 1
    assert users["unit"].has_perm(
        "proposals.work_for_unit", HandlingUnit.objects.get(name="镇教育办公室")
    )
    # A year between sessions: twelve reception days and three other activities, attended;
    # the year's assessment of every active delegate; awards; invited attendees.
    assert Activity.objects.filter(kind="reception_day").count() == 12
    assert ActivityParticipation.objects.filter(attendance="present").count() > 100
    assert Assessment.objects.count() == 119
    assert Award.objects.filter(kind="advanced_delegation").count() == 1
    assert NonVotingAttendee.objects.count() == 5
    # Two briefings to the whole term: the demo delegate has read the first, not the second.
    me = Delegate.objects.get(user=users["delegate"])
    first, second = Briefing.objects.filter(published_at__isnull=False).order_by("published_at")
    assert BriefingRead.objects.filter(briefing=first).count() > 70
    assert first.reads.filter(delegate=me).exists() and not second.reads.filter(delegate=me)
    for username in ("office", "delegate", "leader", "unit"):
        assert users[username].check_password(DEMO_PASSWORD)
        assert f"{username}" in output
    assert DEMO_PASSWORD in output


def test_running_it_twice_changes_nothing(capsys):
    build_demo(capsys)
    first = counts()
    linked = Delegate.objects.get(user__username="delegate").pk
    build_demo(capsys)
    assert counts() == first
    assert Delegate.objects.get(user__username="delegate").pk == linked


def test_a_demo_user_lands_on_their_page(client, capsys):
    build_demo(capsys)
    assert client.login(request=HttpRequest(), username="delegate", password=DEMO_PASSWORD)
    page = client.get("/delegates/me/").content.decode()
    assert Delegate.objects.get(user__username="delegate").name in page


def test_refuses_without_debug_unless_told():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data")
    assert Delegate.objects.count() == 0


def test_the_demo_publishes_its_closed_items(client, capsys):
    call_command("demo_data", "--allow-without-debug")
    page = client.get("/proposals/public/").content.decode()
    assert "幼儿园" in page  # the seed's kindergarten item, solved after a B reply


def test_the_demo_holds_a_finished_by_election_and_a_prepared_one(capsys):
    from sessions.bodies import members_on
    from sessions.election_rounds import round_decided
    from sessions.models import Body, Election

    build_demo(capsys)
    held = Election.objects.get(session__ordinal=3)
    (election_round,) = held.rounds.all()
    decided = round_decided(election_round)
    assert [t.name for t in decided.elected] == ["吴婷"] and decided.next_step is None
    committee = Body.objects.get(kind="committee")
    assert "吴婷" in [m.name for m in members_on(committee, held.session.start_date)]
    prepared = Election.objects.get(session__ordinal=5)
    assert prepared.status == "preparing" and prepared.candidates.filter(formal=True).count() == 2


def test_the_demo_asks_opinions_and_takes_one_answer_up(capsys):
    build_demo(capsys)
    opened, closed = Solicitation.objects.order_by("-deadline")
    me = Delegate.objects.get(user__username="delegate")
    sent = SolicitationResponse.objects.filter(sent_at__isnull=False)
    assert sent.filter(solicitation=opened).count() > 40
    assert SolicitationResponse.objects.filter(solicitation=opened, sent_at=None).count() == 4
    assert not SolicitationResponse.objects.filter(solicitation=opened, delegate=me).exists()
    assert sent.filter(solicitation=closed).exists() and closed.delegations.count() == 3
    made = Proposal.objects.get(source=Proposal.Source.SOLICITATION)
    assert made.solicitation_response.solicitation == opened and made.status == "submitted"


def test_the_demo_committee_members_keep_in_touch(client, capsys):
    from django.utils import timezone

    from delegates.contact_reads import not_contacted_since
    from delegates.models import CommitteeMember, Contact

    output = build_demo(capsys)
    assert "member" in output
    members = CommitteeMember.objects.all()
    assert members.count() == 5 and members.filter(user__username="member").count() == 1
    me = Delegate.objects.get(user__username="delegate")
    assert me.committee_contact.member.user.username == "member"
    waiting = not_contacted_since(timezone.localdate()).count()
    assert 0 < waiting < 30 and Contact.objects.count() > 10
    (made,) = Proposal.objects.filter(source="contact")
    assert made.author == me and made.contact.delegate == me
    build_demo(capsys)  # again: nothing added
    assert (
        CommitteeMember.objects.count() == 5
        and Proposal.objects.filter(source="contact").count() == 1
    )
    assert client.login(request=HttpRequest(), username="member", password=DEMO_PASSWORD)
    page = client.get("/delegates/contacts/").content.decode()
    assert me.name in page
