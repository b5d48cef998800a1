"""The unit's plain read of its assignment (decision 288) answers what the ORM's read through
the unit's permission answered: the same row and relations for the unit's staff, nothing for
anyone else; and the labels of the busiest choice fields (decision 289) are Django's own."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from proposals.assignment_reads import assignment_of_staff
from proposals.models import Assignment, Consultation, Proposal, ProposalEvent, Reply
from proposals.units import unit_add_staff, units_of
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import S, proposal_in, staff_of

pytestmark = pytest.mark.django_db


def _orm_read(user, pk):
    """The ORM read the plain one replaced."""
    return (
        Assignment.objects.select_related("proposal__author", "proposal__category", "unit")
        .filter(pk=pk, unit__in=units_of(user))
        .first()
    )


def _fields(row: Model) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


@pytest.fixture
def routed(author):
    lead_unit, co_unit = HandlingUnitFactory(name="镇教育办"), HandlingUnitFactory(name="镇财政所")
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=lead_unit, co_units=[co_unit])
    co = item.assignments.get(role=Assignment.Role.CO)
    return item, lead, co


def test_the_units_staff_read_the_same_row_and_relations(routed):
    item, lead, co = routed
    for assignment in (lead, co):
        staff = staff_of(assignment.unit)
        expected, read = (
            _orm_read(staff, assignment.pk),
            assignment_of_staff(staff.pk, assignment.pk),
        )
        assert read is not None and _fields(read) == _fields(expected)
        for relation in ("proposal", "unit"):
            assert _fields(getattr(read, relation)) == _fields(getattr(expected, relation))
        for relation in ("author", "category"):
            assert _fields(getattr(read.proposal, relation)) == _fields(
                getattr(expected.proposal, relation)
            )


def test_an_item_without_a_category_reads_none(routed):
    item, lead, _co = routed
    Proposal.objects.filter(pk=item.pk).update(category=None)
    read = assignment_of_staff(staff_of(lead.unit).pk, lead.pk)
    assert read.proposal.category is None and read.proposal.category_id is None


def test_nobody_else_reads_it(routed, secretariat, delegate):
    _item, lead, co = routed
    other_unit_staff = staff_of(HandlingUnitFactory(name="镇卫生院"))
    co_staff = staff_of(co.unit)
    for user in (other_unit_staff, secretariat, delegate):
        assert _orm_read(user, lead.pk) is None
        assert assignment_of_staff(user.pk, lead.pk) is None
    assert assignment_of_staff(co_staff.pk, lead.pk) is None  # the co-handling unit: its own only
    assert assignment_of_staff(co_staff.pk, co.pk) is not None
    assert assignment_of_staff(co_staff.pk, lead.pk + co.pk + 1000) is None


def test_staff_of_two_units_read_both(routed):
    _item, lead, co = routed
    both = get_user_model().objects.create_user(username="both-units")
    for unit in (lead.unit, co.unit):
        unit_add_staff(unit=unit, user=both)
    assert {assignment_of_staff(both.pk, a.pk).pk for a in (lead, co)} == {lead.pk, co.pk}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_choice_labels_are_djangos(language):
    with translation.override(language):
        for model, field, values in (
            (Assignment, "role", [*Assignment.Role.values, Assignment.Role.CO, "gone"]),
            (Proposal, "status", [*Proposal.Status.values, Proposal.Status.TRACKING, "gone"]),
            (ProposalEvent, "action", [*ProposalEvent.Action.values, "gone"]),
            (Proposal, "kind", [*Proposal.Kind.values, "gone"]),
            (Reply, "result", [*Reply.Result.values, "gone"]),
            (Reply, "review", [*Reply.Review.values, "", "gone"]),
            (Consultation, "way", [*Consultation.Way.values, "gone"]),
            (ProposalEvent, "status_after", [*Proposal.Status.values, "gone"]),
        ):
            django_own = model._meta.get_field(field)
            for value in values:
                row = model(**{field: value})
                expected = model._get_FIELD_display(row, django_own)
                assert getattr(row, f"get_{field}_display")() == expected
                assert type(getattr(row, f"get_{field}_display")()) is str
    with translation.override("zh-hans"):
        assert Assignment(role="lead").get_role_display() != "Lead unit"


def test_the_inbox_links_each_item_to_its_page(routed, client):
    """The addresses written once for the list (decision 289) are `{% url %}`'s."""
    _item, lead, co = routed
    for assignment in (lead, co):
        client.force_login(staff_of(assignment.unit))
        html = client.get(reverse("proposals:unit_home")).content.decode()
        url = reverse("proposals:assignment_detail", args=[assignment.pk])
        assert html.count(f'<a href="{url}">') == 1
        other = lead if assignment is co else co
        assert reverse("proposals:assignment_detail", args=[other.pk]) not in html
