"""congress_office.plain_admin_reads: a change page's object and its inlines' rows read by
statements written once are what the ORM reads (the same rows, in the same order, the same
values and the same related rows read with them), and a queryset these statements are not
kept for goes to the ORM (decisions 299 and 324). On the small office, every object and inline
of the admins that use them; an item's replies as the office's page lists them."""

from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from congress_office import plain_admin_reads
from congress_office.plain_admin_reads import PlainObjectRead, PlainRowsFormSet, object_read
from delegates.models import Delegate, PersonalDetailsRemoval
from proposals.models import Proposal, Reply
from proposals.reply_reads import item_replies, with_views_said
from tests.core.small_office import office_built

pytestmark = pytest.mark.django_db


# What is not a row's value: its state, and a reply's views (prefetched by the ORM, named by
# item_replies), compared by what the page prints of them.
NOT_VALUES = {"_state", "_prefetched_objects_cache", "units_said"}


def _values(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k not in NOT_VALUES}


def _same(read, expected, relations):
    assert type(read) is type(expected)
    assert _values(read) == _values(expected)
    for name in relations:
        field = type(expected)._meta.get_field(name)
        assert field.is_cached(read), name
        got, want = field.get_cached_value(read), field.get_cached_value(expected)
        assert (None if got is None else _values(got)) == (
            None if want is None else _values(want)
        ), name


def _request():
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="office")
    return request


def _plain_admins():
    return [a for a in admin.site._registry.values() if isinstance(a, PlainObjectRead)]


def _plain_inlines(request, model_admin, obj):
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        if issubclass(formset, PlainRowsFormSet):
            yield formset, inline


def test_every_object_and_inline_row_is_what_the_orm_reads():
    with office_built():
        request = _request()
        admins = _plain_admins()
        assert {type(a).__name__ for a in admins} >= {
            "ProposalAdmin",
            "DelegateAdmin",
            "VoteAdmin",
            "ResolutionAdmin",
            "AgendaItemAdmin",
            "CommitteeMemberAdmin",
            "HandlingUnitAdmin",
            "EvaluationAdmin",
        }
        rows_compared = 0
        for model_admin in admins:
            model = model_admin.model
            related = model_admin.object_select_related
            for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:40]:
                obj = model_admin.get_object(request, str(pk))
                queryset = model_admin.object_queryset(request)
                if related:
                    queryset = queryset.select_related(*related)
                _same(obj, queryset.get(pk=pk), [r for r in related if obj is not None])
                for formset_class, inline in _plain_inlines(request, model_admin, obj):
                    source = inline.get_queryset(request)
                    formset = formset_class(instance=obj, queryset=source, prefix="x")
                    rows = formset.get_queryset()
                    assert rows._prefetch_done  # read by the statement written once
                    by_django = formset_class(instance=obj, queryset=source, prefix="x")
                    with mock.patch.object(plain_admin_reads, "ROWS_READ", False):
                        expected = list(by_django.get_queryset())  # Django's own reading
                    assert len(rows) == len(expected)
                    chosen = [n for n in source.query.select_related or () if n != formset.fk.name]
                    for row, want in zip(rows, expected, strict=True):
                        _same(row, want, chosen)
                        assert getattr(row, formset.fk.name) is obj
                        rows_compared += 1
        assert rows_compared > 100


def test_a_delegates_removal_of_personal_details_is_read_with_the_delegate():
    """The way back of a one-to-one key (the removal's record of a delegate, which decides the
    delegate page's fields): read with the delegate as select_related reads it, None when
    there is none."""
    with office_built():
        request = _request()
        delegates = admin.site._registry[Delegate]
        kept, removed = Delegate.objects.order_by("pk")[:2]
        PersonalDetailsRemoval.objects.create(
            delegate=removed, actor=request.user, account=PersonalDetailsRemoval.Account.NONE
        )
        with CaptureQueriesContext(connection) as ran:
            read = delegates.get_object(request, str(removed.pk))
            assert read.personal_details_removal.delegate is read
            other = delegates.get_object(request, str(kept.pk))
            assert getattr(other, "personal_details_removal", None) is None
        assert len(ran) == 2  # one statement each, the removal (or none) read with them
        expected = Delegate.objects.select_related(*delegates.object_select_related).get(
            pk=removed.pk
        )
        _same(read, expected, delegates.object_select_related)


def test_an_id_that_names_nothing_or_is_no_id_reads_nothing():
    with office_built():
        request = _request()
        proposals = admin.site._registry[Proposal]
        assert proposals.get_object(request, "0") is None
        assert proposals.get_object(request, "abc") is None


def test_a_filtered_or_prefetching_queryset_is_left_to_the_orm():
    """Its statement is not decided by the model, the relations and the ordering alone; a
    nested relation is (the ORM writes it once, as it would each time)."""
    with office_built():
        some = Proposal.objects.filter(author__isnull=False).order_by("pk").first()
        assert object_read(Proposal.objects.filter(status="nonesuch"), some.pk) is NotImplemented
        assert object_read(Proposal.objects.prefetch_related("cosignatures"), some.pk) is (
            NotImplemented
        )
        assert object_read(Proposal.objects.defer("title"), some.pk) is NotImplemented
        nested = Proposal.objects.select_related("author__term")
        _same(object_read(nested, some.pk), nested.get(pk=some.pk), ["author"])
        assert object_read(nested, some.pk).author.term == some.author.term
        assert object_read(Proposal.objects.all(), some.pk).title == some.title


def _item_inlines():
    """(the admin's queryset, the formset class, the item) of each inline of an item's page."""
    request = _request()
    proposals = admin.site._registry[Proposal]
    obj = Proposal.objects.filter(events__isnull=False).first()
    for formset_class, inline in _plain_inlines(request, proposals, obj):
        yield inline.get_queryset(request), formset_class, obj


def test_an_inline_the_user_may_not_view_shows_no_rows():
    """The admin's `none()` (an inline the user may not view) is Django's formset: no rows."""
    with office_built():
        for source, formset_class, obj in _item_inlines():
            formset = formset_class(instance=obj, queryset=source.none())
            with CaptureQueriesContext(connection) as ran:
                assert list(formset.get_queryset()) == []
            assert not formset.get_queryset()._prefetch_done  # not read by a statement of ours
            assert all("EXECUTE" not in q["sql"] for q in ran.captured_queries)


def test_a_posted_inline_is_read_by_djangos_formset():
    """What a POST saves and checks is read as Django reads it."""
    with office_built():
        for source, formset_class, obj in _item_inlines():
            shown = formset_class(instance=obj, queryset=source, prefix="x")
            posted = formset_class({}, instance=obj, queryset=source, prefix="x")
            assert shown.get_queryset()._prefetch_done
            assert not posted.get_queryset()._prefetch_done
            assert list(posted.get_queryset()) == list(shown.get_queryset())


def test_an_items_replies_are_those_the_orm_reads_with_their_views():
    """The office's page of an item lists its replies (proposals.reply_reads.item_replies) as
    the ORM's read with the prefetched views gave them: the same replies in the same order,
    each with its assignment and unit, and the same co-handling units named."""
    with office_built():
        items = Proposal.objects.filter(assignments__replies__isnull=False).distinct()
        compared = 0
        for item in list(items.order_by("pk")[:60]) + [Proposal.objects.order_by("pk").first()]:
            expected = list(
                with_views_said(
                    Reply.objects.filter(assignment__proposal=item).select_related(
                        "assignment__unit"
                    )
                )
            )
            read = item_replies(item.pk)
            assert len(read) == len(expected)
            for reply, want in zip(read, expected, strict=True):
                _same(reply, want, ["assignment"])
                assert _values(reply.assignment.unit) == _values(want.assignment.unit)
                assert reply.units_taken_in() == want.units_taken_in()
                assert reply.units_missing() == want.units_missing()
                compared += 1
        assert compared > 20
