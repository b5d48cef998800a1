"""The items' list's small reads (the permissions', its filters' rows) sent as one statement
(`reads_at_once`, decision 525): the same pages as read one by one, four queries fewer at
every size, and every change to a read row or a permission shown at once (nothing is kept
from one request to the next but the statements)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import model_permissions, reads_at_once
from congress_office.admin_filters import _column_types, _rows_sql
from delegates.models import Term
from proposals.admin import ProposalAdmin
from proposals.models import HandlingUnit, Proposal, ProposalCategory
from sessions.models import Session
from tests.proposals.kit import S, proposal_in
from tests.sessions.factories import SessionFactory

LIST = "/admin/proposals/proposal/"
SHAPES = [
    "",
    "?handled_by={unit}&time_left=ok",
    "?time_left=soon",
    "?q=修路",
    "?kind__exact=opinion",
    "?session__isnull=True",
]


def _page(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return len(queries), re.sub(r'nonce="[^"]*"', "", page)


@pytest.mark.django_db
def test_the_lists_read_four_queries_fewer_at_both_sizes_and_show_the_same_pages(
    office, author, unit, term, monkeypatch
):
    SessionFactory(term=term)
    counts = {}
    for size in (3, 12):
        while Proposal.objects.count() < size:
            proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
        for shape in SHAPES:
            url = LIST + shape.format(unit=unit.pk)
            office.get(url)  # the first opening learns the reads
            together, page = _page(office, url)
            with monkeypatch.context() as patched:
                patched.setattr(ProposalAdmin, "small_reads_at_once", False)
                office.get(url)
                alone, alone_page = _page(office, url)
            assert together == alone - 4, url  # the permissions' and the four filters' in one
            assert page == alone_page, url
            counts.setdefault(shape, set()).add(together)
    assert all(len(made) == 1 for made in counts.values()), counts


@pytest.mark.django_db
def test_a_row_changed_through_the_orm_or_plain_sql_shows_on_the_next_page(
    office, author, unit, term
):
    session = SessionFactory(term=term, name="第一次会议")
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    office.get(LIST)
    _made, page = _page(office, LIST)
    assert unit.name in page and "第一次会议" in page

    HandlingUnit.objects.filter(pk=unit.pk).update(name="镇水利站")
    Session.objects.filter(pk=session.pk).update(name="第二次会议")
    ProposalCategory.objects.create(name="党的建设新类", order=99)
    _made, page = _page(office, LIST)
    assert "镇水利站" in page and "第二次会议" in page and "党的建设新类" in page

    with connection.cursor() as cursor:  # as another process writes: no signal, no cache
        cursor.execute(
            f"UPDATE {ProposalCategory._meta.db_table} SET name = %s WHERE name = %s",
            ["党的建设", "党的建设新类"],
        )
        cursor.execute(
            f"UPDATE {HandlingUnit._meta.db_table} SET name = %s WHERE id = %s",
            ["镇卫生院", unit.pk],
        )
    _made, page = _page(office, LIST)
    assert "镇卫生院" in page and "镇水利站" not in page
    assert "党的建设" in page and "党的建设新类" not in page


@pytest.mark.django_db
def test_a_permission_taken_away_and_given_back_shows_on_the_next_page(office, secretariat):
    office.get(LIST)
    assert office.get(LIST).status_code == 200
    groups = Group.objects.filter(user=secretariat)
    names = ["view_proposal", "change_proposal"]
    taken = {
        group: list(group.permissions.filter(codename__in=names, content_type__model="proposal"))
        for group in groups
    }
    own = list(secretariat.user_permissions.filter(codename__in=names))
    for group, permissions in taken.items():
        group.permissions.remove(*permissions)
    secretariat.user_permissions.remove(*own)
    assert office.get(LIST).status_code == 403
    for group, permissions in taken.items():
        group.permissions.add(*permissions)
    secretariat.user_permissions.add(*own)
    assert office.get(LIST).status_code == 200


@pytest.mark.django_db
def test_reads_together_give_each_read_its_own_rows_in_its_order(term, unit, secretariat):
    """Each read's rows as its own statement gives them (the same values and types, in the
    same order when it orders them), an empty read's none, and a read asked again run alone."""
    SessionFactory(term=term, name="甲")
    SessionFactory(term=term, name="乙")
    ProposalCategory.objects.all().delete()
    reads = [
        (_rows_sql(model, (), limited), (11,) if limited else (), _column_types(model))
        for model, limited in [(HandlingUnit, True), (Term, False), (Session, True)]
    ]
    reads.append((_rows_sql(ProposalCategory, (), False), (), _column_types(ProposalCategory)))
    alone = [reads_at_once.rows(sql, params, types) for sql, params, types in reads]
    assert alone[-1] == [] and all(alone[:-1])
    permissions = model_permissions._read(secretariat.pk)  # unordered: compared as a set
    permissions_alone = reads_at_once.rows(*permissions)
    assert len(permissions_alone) > 20
    together_at_once = reads_at_once.reads_at_once(("test", "together"), *reads, permissions)
    with CaptureQueriesContext(connection) as queries, together_at_once:
        together = [reads_at_once.rows(sql, params, types) for sql, params, types in reads]
        permissions_together = reads_at_once.rows(*permissions)
        again = reads_at_once.rows(*reads[0])  # asked twice: the second runs alone
    assert together == alone
    assert [[tuple(map(type, row)) for row in rows] for rows in together] == [
        [tuple(map(type, row)) for row in rows] for rows in alone
    ]
    assert sorted(permissions_together) == sorted(permissions_alone)
    assert again == alone[0]
    assert len(queries) == 2


@pytest.mark.django_db
def test_a_page_learns_its_reads_once_and_no_more_than_its_limit(unit):
    key = ("test", "learning")
    sql, types = _rows_sql(HandlingUnit, (), True), _column_types(HandlingUnit)
    with reads_at_once.reads_at_once(key):
        for limit in range(1, reads_at_once.MOST_READS + 3):
            reads_at_once.rows(sql, (limit,), types)
    assert len(reads_at_once._learned[key]) == reads_at_once.MOST_READS
    with CaptureQueriesContext(connection) as queries, reads_at_once.reads_at_once(key):
        for limit in range(1, reads_at_once.MOST_READS + 1):
            assert reads_at_once.rows(sql, (limit,), types) == [(unit.pk, unit.name)][:limit]
    assert len(queries) == 1
