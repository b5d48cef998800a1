"""The session day's database, shared by the load run (bench/load_session_day.py) and the
in-process timing of its pages (bench/bench_session_day_pages.py): a county term with its
delegates in 25 delegations (accounts and signed-in web sessions written directly: no password
hashing, no login), a session in progress with its morning and afternoon sittings today, the
office's rules as shipped (10 co-signers for a proposal during a session), an open evaluation
of 15 subjects × 6 criteria with every delegate entitled, and staff users (secretariat) at the
desks. Call `populate` on an empty, migrated database once Django is set up."""

import datetime
import random
from types import SimpleNamespace

DELEGATIONS, MEMBERS = 25, 14
# The desks' delegation lists show 200 at most: larger rosters (the soak's) get more delegations.
PER_DELEGATION = 80
RATINGS = ["excellent", "competent", "basically_competent", "incompetent", ""]  # "": blank
WEIGHTS = [50, 30, 12, 4, 4]
FACTS = {"gender": "male", "ethnicity": "汉族", "birth_date": datetime.date(1970, 1, 1)}
FACTS |= {"education": "undergraduate", "occupation": "farmer", "work_unit": "某单位"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"


def populate(*, count: int, desks: int, minutes: float) -> SimpleNamespace:
    """The day's rows; signed-in web sessions for everyone. What the day needs to know of them:
    the session, its morning sitting, the evaluation, its (subject, criterion) pairs, the people
    (n, pk, name, delegation, session key, QR token for every third), the staff's session keys,
    the categories."""
    from django.conf import settings
    from django.contrib import auth
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as WebSession
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from congress_office.roles import Role, role_group, user_grant_role
    from delegates.models import Delegate, Delegation, ElectoralUnit, QualificationEvent, Term
    from evaluations.models import Evaluation, Subject
    from evaluations.services import criteria_from_template, entitlements_set, evaluation_open
    from proposals.models import ProposalCategory, ProposalRules
    from sessions.models import Session, Sitting
    from sessions.services import check_in_token, session_advance
    from tests.sign_in import verified_session_data

    User = auth.get_user_model()
    now, today = timezone.now(), timezone.localdate()
    office = User.objects.create(username="office", is_staff=True)
    user_grant_role(user=office, role=Role.SECRETARIAT)  # the office's steps are the office's
    term = Term.objects.create(
        name="基准县第十五次代表大会",
        ordinal=15,
        level="county",
        seats=count,
        start_date=datetime.date(2022, 1, 1),
        end_date=today + datetime.timedelta(days=900),
    )
    unit = ElectoralUnit.objects.create(term=term, name="全县", seats=count)
    delegations = Delegation.objects.bulk_create(
        Delegation(term=term, name=f"第{n + 1:02}代表团")
        for n in range(max(DELEGATIONS, -(-count // PER_DELEGATION)))
    )
    users = User.objects.bulk_create(
        User(username=f"d{n}", password=make_password(None)) for n in range(count)
    )
    staff = User.objects.bulk_create(
        User(username=f"staff{n}", password=make_password(None), is_staff=True)
        for n in range(desks)
    )
    for role, members in ((Role.DELEGATE, users), (Role.SECRETARIAT, staff)):
        group = role_group(role)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=group.pk) for u in members
        )
    delegates = Delegate.objects.bulk_create(
        Delegate(
            term=term,
            electoral_unit=unit,
            delegation=delegations[n % len(delegations)],
            user=u,
            name=f"{SURNAMES[n % 20]}{GIVEN[n // 20 % 20]}{GIVEN[n // 400 % 20]}",
            # 8,000 names: the soak's larger rosters repeat them, born on another day.
            **FACTS | {"birth_date": FACTS["birth_date"] + datetime.timedelta(days=n // 8000)},
        )
        for n, u in enumerate(users)
    )
    QualificationEvent.objects.bulk_create(
        QualificationEvent(
            delegate=d,
            kind="elected",
            effective_date=term.start_date,
            status_after="active",
            decision_reference="选举结果公告",
        )
        for d in delegates
    )
    session = Session.objects.create(
        term=term, ordinal=4, name="第四次会议", start_date=today, end_date=today, venue="县大会堂"
    )
    for _step in range(2):  # planned → preparatory meeting held → in progress
        session = session_advance(session=session, changed_by=office)
    morning = Sitting.objects.create(session=session, date=today, part="morning")
    Sitting.objects.create(session=session, date=today, part="afternoon")
    rules = ProposalRules.current()
    rules.cosigners_during_session = 10  # as shipped: a proposal needs 10, a suggestion none
    rules.save()
    categories = ProposalCategory.objects.bulk_create(
        ProposalCategory(name=name, order=n)
        for n, name in enumerate(["党的建设", "经济发展", "乡村振兴", "社会事业", "生态环境"])
    )
    hour = datetime.timedelta(hours=1)
    evaluation = Evaluation.objects.create(
        session=session,
        title="县委领导班子和成员民主测评",
        opens_at=now - hour,
        closes_at=now + datetime.timedelta(minutes=minutes) + 3 * hour,
    )
    Subject.objects.bulk_create(
        Subject(evaluation=evaluation, name=f"成员{n}" if n else "领导班子", is_team=not n, order=n)
        for n in range(MEMBERS + 1)
    )
    criteria_from_template(evaluation=evaluation, template="five_aspects")
    entitlements_set(evaluation=evaluation, delegates=delegates)  # explicitly: everyone
    evaluation = evaluation_open(evaluation=evaluation, opened_by=office)

    store, expires = SessionStore(), now + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    def signed_in(user):
        return {
            auth.SESSION_KEY: str(user.pk),
            auth.HASH_SESSION_KEY: user.get_session_auth_hash(),
            auth.BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            # The office's staff have given their two-factor code.
            **(verified_session_data(user) if user.is_staff else {}),
        }

    everyone = [*users, *staff]
    keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in everyone]
    WebSession.objects.bulk_create(
        WebSession(session_key=key, expire_date=expires, session_data=store.encode(signed_in(u)))
        for key, u in zip(keys, everyone, strict=True)
    )
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    people = [
        SimpleNamespace(
            n=n,
            pk=d.pk,
            name=d.name,
            delegation=d.delegation_id,
            key=keys[n],
            token=check_in_token(session=session, delegate=d) if n % 3 == 0 else None,
        )
        for n, d in enumerate(delegates)
    ]
    return SimpleNamespace(
        session=session,
        sitting=morning,
        evaluation=evaluation,
        pairs=pairs,
        people=people,
        staff_keys=keys[count:],
        category_ids=[c.pk for c in categories],
    )


def choices_for(n, pairs):
    """Delegate n's ballot: {(subject id, criterion id): rating or "" (blank)}, seeded."""
    rng = random.Random(n)
    return {pair: rng.choices(RATINGS, WEIGHTS)[0] for pair in pairs}
