"""Queries written once per process and run with the id in the stand-in's places (decision
303) read what the ORM reads: the same rows in the same order, the same field values, the same
relations read with them (a missing one as None) and the same deferred fields; a query that
depends on more than the id is written each time; and the reads of the item and duties pages
that use it answer as their ORM queries do."""

import datetime
from unittest import mock

import pytest
from django.db.models import Model
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from congress_office import written_once
from congress_office.written_once import instances
from delegates.access import _delegate_read, _delegation_read
from delegates.models import (
    Activity,
    ActivityParticipation,
    Assessment,
    Award,
    Delegate,
    Delegation,
)
from delegates.selectors import _current_read, duties_record
from proposals.access import _proposal_read
from proposals.models import CoSignature, Proposal, ProposalAttachment
from proposals.reply_reads import (
    _consultations_read,
    _replies_with_units,
    _timeline_read,
    replies_of_item,
)
from proposals.selectors import (
    _assignments,
    _attachments_read,
    _cosignatures_read,
    _item_consultations,
    _replies_read,
)
from tests.proposals.kit import S, cosigned, proposal_in

pytestmark = pytest.mark.django_db


def _fields(row: Model | None):
    if row is None:
        return None
    loaded = row.get_deferred_fields()
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in loaded
    } | {"deferred": loaded}


def _related(row: Model, path: str):
    for name in path.split("__"):
        if row is None:
            return None
        if not row._meta.get_field(name).is_cached(row):
            return "not read"
        row = getattr(row, name)
    return _fields(row)


def _same(key, build, pk, related=()):
    """`instances` answers as the ORM does, the first time (written) and the next (reused)."""
    expected = list(build(pk))
    for _time in range(2):
        read = instances(key, build, pk)
        assert [_fields(r) for r in read] == [_fields(e) for e in expected]
        for path in related:
            assert [_related(r, path) for r in read] == [_related(e, path) for e in expected]
    return read


@pytest.fixture
def replied(author, unit, colleagues):
    item, lead = proposal_in(S.REPLIED, author=author, unit=unit, kind="proposal")
    return item, lead


def test_the_item_pages_reads_answer_as_the_orm(replied, author, colleagues, unit, other_unit):
    item, lead = replied
    co_item, _co_lead = proposal_in(S.REPLIED, author=author, unit=other_unit, co_units=[unit])
    draft, _lead = proposal_in(S.DRAFT, author=author)
    cosigned(draft, colleagues[:2], confirmed=1)
    ProposalAttachment.objects.create(
        proposal=item,
        title="照片",
        file="proposal-attachments/a.pdf",
        content_type="application/pdf",
        size=1,
    )
    for pk in (item.pk, draft.pk, co_item.pk, 0):
        _same("t proposal", _proposal_read, pk, ("author", "category", "session"))
        _same("t cosignatures", _cosignatures_read, pk, ("delegate",))
        _same("t replies", _replies_read, pk, ("assignment", "assignment__unit"))
        _same("t consultations", _consultations_read, pk, ("assignment__unit",))
        _same("t timeline", _timeline_read, pk)
        _same("t attachments", _attachments_read, pk)
        _same("t assignments", _assignments, pk, ("unit",))
        _same("t item replies", replies_of_item, pk)
        _same("t item replies with units", _replies_with_units, pk, ("assignment__unit",))
        _same("t item consultations", _item_consultations, pk)
    # the item without a category, its session none: relations read as None
    Proposal.objects.filter(pk=item.pk).update(category=None)
    assert _same("t proposal", _proposal_read, item.pk, ("category",))[0].category is None
    assert written_once._written[("t proposal", timezone.get_current_timezone_name())]


def test_the_delegates_reads_answer_as_the_orm(delegate, author, term, colleagues):
    delegation = Delegation.objects.create(term=term, name="城关代表小组", leader=author)
    Delegate.objects.filter(pk__in=[author.pk, colleagues[0].pk]).update(delegation=delegation)
    user = author.user
    for user_id in (user.pk, colleagues[1].user_id or 0, 0):
        _same("t current", _current_read, user_id, ("term", "delegation__leader"))
    for pk in (author.pk, colleagues[0].pk, 0):
        read = _same("t delegate", _delegate_read, pk, ("term", "delegation__leader"))
        assert not read or read[0].get_deferred_fields() == set(Delegate.CONTACT_DETAILS)
    for pk in (delegation.pk, 0):
        _same("t delegation", _delegation_read, pk, ("term", "leader"))


def test_the_duties_record_counts_as_before(author, term):
    """The figures by kind, now counted from the participations read, against a count of
    the rows; the assessment and awards of the year alone."""
    year = 2026
    kinds = list(Activity.Kind)
    people = [(kinds[0], "present", 3), (kinds[0], "present", 4), (kinds[1], "present", 0)]
    people += [(kinds[0], "absent", 9), (kinds[1], "present", 2)]
    for n, (kind, attendance, contacted) in enumerate(people):
        activity = Activity.objects.create(
            term=term, kind=kind, place="镇", topic=f"活动{n}", date=datetime.date(year, 3, n + 1)
        )
        ActivityParticipation.objects.create(
            activity=activity, delegate=author, attendance=attendance, people_contacted=contacted
        )
    other_year = Activity.objects.create(
        term=term, kind=kinds[0], place="镇", topic="去年", date=datetime.date(year - 1, 5, 1)
    )
    ActivityParticipation.objects.create(
        activity=other_year, delegate=author, attendance="present", people_contacted=50
    )
    Assessment.objects.create(delegate=author, year=year, rating="excellent")
    Assessment.objects.create(delegate=author, year=year - 1, rating="competent")
    Award.objects.create(term=term, year=year, kind="excellent_delegate", delegate=author)
    record = duties_record(author, year)
    by_kind = {label: (attended, contacted) for label, attended, contacted in record["by_kind"]}
    assert by_kind[kinds[0].label] == (2, 7)
    assert by_kind[kinds[1].label] == (2, 2)
    assert all(by_kind[kind.label] == (0, 0) for kind in kinds[2:])
    assert (record["attended"], record["contacted"]) == (4, 9)
    assert len(record["participations"]) == 5
    assert record["assessment"].rating == "excellent"
    assert [award.kind for award in record["awards"]] == ["excellent_delegate"]
    last_year = duties_record(author, year - 1)
    assert (last_year["attended"], last_year["contacted"]) == (1, 50)
    assert last_year["assessment"].rating == "competent" and last_year["awards"] == []


def test_a_query_depending_on_more_than_the_id_is_written_each_time(replied):
    item, _lead = replied

    def build(pk):  # the clock in its values: the two writings differ
        return Proposal.objects.filter(pk=pk, created_at__lte=timezone.now())

    assert [p.pk for p in instances("t clock", build, item.pk)] == [item.pk]
    assert written_once._written[("t clock", timezone.get_current_timezone_name())] is None
    assert [p.pk for p in instances("t clock", build, item.pk)] == [item.pk]


def test_only_model_instances_are_read_this_way(replied):
    with pytest.raises(ValueError):
        instances("t values", lambda pk: CoSignature.objects.filter(pk=pk).values("pk"), 1)


def test_a_query_of_no_id_is_written_once_and_reads_what_the_orm_reads(replied):
    """`fixed_instances` (decision 343): every row of a table in an order, written once."""

    def build():
        return Delegate.objects.order_by("-pk")

    expected = [_fields(p) for p in build()]
    assert len(expected) >= 2
    assert [_fields(p) for p in written_once.fixed_instances("t every", build)] == expected
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("written")):
        read = written_once.fixed_instances("t every", build)
    assert [_fields(p) for p in read] == expected

    def dated():  # the clock in its values: the two writings differ, written each time
        return Proposal.objects.filter(created_at__lte=timezone.now()).order_by("pk")

    assert len(written_once.fixed_instances("t every dated", dated)) == Proposal.objects.count()
    key = (("fixed", "t every dated"), timezone.get_current_timezone_name())
    assert written_once._written[key] is None


def test_plain_rows_are_made_without_model_init_and_the_rest_the_orms_way(replied):
    """Decision 575: a model `from_db` would only fill is made without `Model.__init__`'s walk,
    its one-level related rows too, the same fields, relations and state as the ORM's; a model
    with an init signal's receiver is made by `from_db`, which sends it."""
    from django.db.models import signals

    item, _lead = replied
    related = ("author", "category", "session")
    _same("t plain made", _proposal_read, item.pk, related)  # written, compared
    expected = list(_proposal_read(item.pk))
    with mock.patch.object(Model, "__init__", side_effect=AssertionError("made by __init__")):
        read = instances("t plain made", _proposal_read, item.pk)
    assert [_fields(r) for r in read] == [_fields(e) for e in expected]
    for path in related:
        assert [_related(r, path) for r in read] == [_related(e, path) for e in expected]
    for made, orm in zip(read, expected, strict=True):
        assert (made._state.adding, made._state.db) == (orm._state.adding, orm._state.db)
        assert made.author._state.db == orm.author._state.db and not made.author._state.adding
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(sender)

    signals.post_init.connect(receiver, sender=Proposal)
    try:
        _same("t plain made", _proposal_read, item.pk, related)
    finally:
        signals.post_init.disconnect(receiver, sender=Proposal)
    assert Proposal in seen
