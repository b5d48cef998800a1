"""A deletion's confirmation page names at most a hundred rows (decision 196): beyond, the
objects chosen and a count of each kind, in a number of queries that does not grow with the
rows; what protects an object, and the permission check, stay as Django has them."""

import pytest
from django.contrib.admin import site
from django.contrib.admin.utils import get_deleted_objects
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from congress_office import deletion_preview, deletion_siblings
from sessions.models import AgendaItem, Attendance
from tests.core.small_office import office_built
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import S, attendance_taken, session_in

pytestmark = pytest.mark.django_db

LISTED_AT_MOST = 10  # the page's bound, made small so that the rows are few


def _session_page(office, term, attendances, statements=None):
    session = session_in(S.IN_PROGRESS, term=term)
    sitting = session.sittings.create(date=session.start_date, part="morning")
    unit = ElectoralUnitFactory(term=term, seats=attendances)
    attendance_taken(sitting, [enter(term, unit) for _ in range(attendances)])
    url = f"/admin/congress_sessions/session/{session.pk}/delete/"
    office.get(url)  # the first page of a test also fills caches (permissions, ...)
    with CaptureQueriesContext(connection) as queries:
        page = office.get(url)
    assert page.status_code == 200
    if statements is not None:
        statements += [query["sql"] for query in queries]
    return page.content.decode(), len(queries)


def test_beyond_the_bound_the_rows_are_counted_not_named(office, term, monkeypatch):
    monkeypatch.setattr(deletion_preview, "LISTED_AT_MOST", LISTED_AT_MOST)
    few, few_queries = _session_page(office, term, 15)
    many, many_queries = _session_page(office, term, 30)

    assert many_queries == few_queries
    assert Attendance.objects.count() == 45
    assert str(Attendance.objects.last()) not in many  # no row is named ...
    assert "<li>Attendance: 30</li>" in many  # ... each kind is counted
    assert "33 more objects, counted by kind in the summary" in many  # the sitting, 2 changes
    assert "Annual session: <a href=" in many  # the object chosen is named


def test_the_keys_below_a_batchs_relations_are_read_together(office, term, monkeypatch):
    """A session's sittings', committees', agenda items', ... keys are read in one statement,
    each sitting's relations' in another (decision 414): the page's queries the same in number
    at 15 and 30 attendances, fewer than with each relation read alone."""
    monkeypatch.setattr(deletion_preview, "LISTED_AT_MOST", LISTED_AT_MOST)
    statements = []
    _few, few_queries = _session_page(office, term, 15)
    many, many_queries = _session_page(office, term, 30, statements)
    with monkeypatch.context() as patch:
        patch.setattr(deletion_siblings.Siblings, "of", staticmethod(lambda *args: None))
        alone, alone_queries = _session_page(office, term, 30)

    # PostgreSQL's statement writes each branch in parentheses, SQLite's not
    together = [sql for sql in statements if sql.lstrip("(").startswith('SELECT 0 AS "value1"')]
    assert [sql.count(" UNION ALL ") + 1 for sql in together] == [8, 2]
    assert few_queries == many_queries == 10
    assert alone_queries == many_queries + 7 + 1
    assert "<li>Attendance: 30</li>" in many and "<li>Attendance: 30</li>" in alone


def test_within_the_bound_every_row_is_named(office, term):
    page, _queries = _session_page(office, term, 5)

    for attendance in Attendance.objects.all():
        assert str(attendance) in page
    assert "counted by kind" not in page


@pytest.mark.parametrize("rows", [3, 8, 10])
def test_rows_checked_one_by_one_are_read_in_plain_slices(office, term, monkeypatch, rows):
    """A kind whose admin judges each row is read by key, its first row alone (most admins
    refuse at the first, decision 335), then CHECKED_AT_ONCE rows at a time, each slice one
    plain query (no cursor on the server: decision 276), every row once."""
    monkeypatch.setattr(deletion_preview, "CHECKED_AT_ONCE", 4)
    _session_page(office, term, rows)
    attendances = Attendance.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        read = list(deletion_preview._in_slices(Attendance.objects.all()))
    assert read == list(attendances)
    assert len(queries) == 1 + (rows - 1) // 4 + 1
    assert not any(q["sql"].lstrip().upper().startswith("DECLARE") for q in queries)
    with CaptureQueriesContext(connection) as queries:
        first = next(deletion_preview._in_slices(Attendance.objects.all()))
    assert first == attendances[0]
    assert len(queries) == 1 and "LIMIT 1" in queries[0]["sql"]


def _compared_with_djangos() -> dict:
    """{object: (the office's answer, Django's)} for the first and last rows of every model
    the office may delete, on the large office built and undone (a transaction rolled back):
    sessions protected by their items, units, delegates, drafts, links."""
    with office_built():
        answers = {}
        # The office, refused some kinds; an account refused none, the protecting rows named.
        office = get_user_model().objects.get(username="office")
        every_right = get_user_model().objects.create_superuser("every-right", password="x")
        for user in (office, every_right):
            request = RequestFactory().get("/")
            request.user = user
            for model, model_admin in site._registry.items():
                rows = model._default_manager.order_by("pk")
                for obj in {rows.first(), rows.last()} - {None}:
                    objs = [obj]
                    answers[f"{user} {model._meta.label} {obj.pk}"] = (
                        deletion_preview.deleted_objects(objs, request, site),
                        get_deleted_objects(objs, request, model_admin.admin_site),
                    )
    return answers


def test_counts_permissions_and_protection_are_djangos_on_every_model(db, monkeypatch):
    """The rows are counted as the deletion finds them (decision 218), not as Django's page
    loads them: the same counts by kind, the same kinds refused, the same protecting rows;
    within the bound the same lines."""
    monkeypatch.setattr(deletion_preview, "LISTED_AT_MOST", LISTED_AT_MOST)
    answers = _compared_with_djangos()
    assert len(answers) > 30
    differ, refused_protected, named = [], 0, 0
    for name, (ours, djangos) in answers.items():
        deleted, counts, refused, protected = ours
        same = counts == djangos[1] and set(refused) == djangos[2]
        assert refused == sorted(refused, key=str), name  # the same order on every opening
        if refused:
            # The page then names only the kinds refused (Django's template): the protecting
            # rows are counted, not named, but protect as Django's do (decision 316).
            same = same and bool(protected) == bool(djangos[3])
            refused_protected += bool(protected)
        elif len(djangos[3]) <= LISTED_AT_MOST:
            same = same and sorted(map(str, protected)) == sorted(map(str, djangos[3]))
        else:
            same = same and len(protected) == LISTED_AT_MOST + 1
        if not protected and sum(counts.values()) <= LISTED_AT_MOST:
            same = same and deleted == djangos[0]  # each line's text and address
            named += len(deleted) > 1
        if not same:
            differ.append(name)
    assert differ == [], differ[:10]
    # A session protected by more items than are named, which no account here may delete
    # (the items' admin refuses even a superuser some), and rows named with their addresses.
    assert refused_protected
    assert named


@pytest.mark.parametrize("delegates", [2, 6])
def test_the_rows_each_name_reads_are_read_once_for_their_kind(
    office, term, secretariat, delegates
):
    """A committee member's page names each delegate assigned (`str()` of an assignment reads
    its delegate): the first assignment's delegate is read as Django reads it, the others'
    in one query (decision 403), whatever their number; every line as Django's."""
    from delegates.contacts import committee_member_set_delegates
    from delegates.models import CommitteeMember

    unit = ElectoralUnitFactory(term=term, seats=delegates)
    records = [enter(term, unit) for _ in range(delegates)]
    member = CommitteeMember.objects.create(term=term, name="周委员", post="县委委员")
    committee_member_set_delegates(member=member, delegates=records, set_by=secretariat)
    url = f"/admin/delegates/committeemember/{member.pk}/delete/"
    office.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = office.get(url).content.decode()
    read_delegates = [q for q in queries if q["sql"].startswith('SELECT "delegates_delegate"')]
    assert len(read_delegates) == 2
    for assignment in member.assignments.all():
        assert f": {assignment}</li>" in page  # the kind has no admin: no link

    request = RequestFactory().get(url)
    request.user = secretariat
    deleted, counts, refused, protected = deletion_preview.deleted_objects([member], request, site)
    assert (deleted, counts, set(refused), protected) == get_deleted_objects(
        [member], request, site
    )
    assert len(deleted[1]) == delegates


def _evaluations_page(office, session) -> tuple[str, list[str]]:
    url = f"/admin/congress_sessions/session/{session.pk}/delete/"
    office.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = office.get(url)
    assert page.status_code == 200
    return page.content.decode(), [q["sql"] for q in queries]


def _reads(statements, table) -> list[str]:
    return [sql for sql in statements if sql.startswith(f'SELECT "{table}"."id", ')]


def _judged_session(term, rows: int):
    """A session with `rows` agenda items and `rows` closed evaluations (which protect it)."""
    from evaluations.models import Evaluation
    from tests.evaluations.factories import EvaluationFactory
    from tests.sessions.factories import AgendaItemFactory, SessionFactory

    session = SessionFactory(term=term)
    for order in range(rows):
        AgendaItemFactory(session=session, order=order + 1, title=f"议程{order}")
    made = EvaluationFactory.create_batch(rows, session=session)
    Evaluation.objects.filter(session=session).update(status=Evaluation.Status.CLOSED)
    return session, made


def test_the_first_row_of_a_kind_judged_row_by_row_is_checked_by_its_key(office, term, monkeypatch):
    """A kind whose admin judges each row is checked on its first row as an object with its
    key alone (decision 516): an admin that refuses without reading the row (as the items'
    and votes' do; here the agenda items') reads nothing, one that reads a field (only a
    draft evaluation may be deleted) reads the row as it stands, on every opening; the
    queries as many at 2 and 5 rows of each kind."""
    from evaluations.models import Evaluation

    items_admin = type(site.get_model_admin(AgendaItem))
    monkeypatch.setattr(items_admin, "has_delete_permission", lambda *args: False)
    _few, few_made = _judged_session(term, 2)
    session, made = _judged_session(term, 5)
    few_page, few_statements = _evaluations_page(office, _few)

    page, statements = _evaluations_page(office, session)
    assert len(statements) == len(few_statements)
    for shown in (few_page, page):
        assert "<li>agenda item</li>" in shown and "<li>evaluation</li>" in shown
    assert _reads(statements, "congress_sessions_agendaitem") == []  # its keys only
    # the first evaluation alone, read when its admin reads its status
    [evaluation_read] = _reads(statements, "evaluations_evaluation")
    assert f'WHERE "evaluations_evaluation"."id" IN ({made[0].pk})' in evaluation_read

    # The first a draft: allowed as it stands now, the others then read, the second refused.
    Evaluation.objects.filter(pk=made[0].pk).update(status=Evaluation.Status.DRAFT)
    page, more = _evaluations_page(office, session)
    assert "<li>evaluation</li>" in page and len(more) == len(statements) + 1
    Evaluation.objects.filter(session=session).update(status=Evaluation.Status.DRAFT)
    page, _statements = _evaluations_page(office, session)
    assert "<li>evaluation</li>" not in page and "<li>agenda item</li>" in page


def test_a_row_by_its_key_alone_reads_its_every_field_once_when_first_read(term):
    from evaluations.models import Evaluation
    from tests.evaluations.factories import EvaluationFactory

    made = EvaluationFactory()
    row = deletion_preview._with_key_alone(Evaluation, made.pk, "default")
    assert row.get_deferred_fields() == {f.attname for f in Evaluation._meta.concrete_fields} - {
        "id"
    }
    with CaptureQueriesContext(connection) as queries:
        assert (row.status, row.title, row.session_id) == (made.status, made.title, made.session_id)
    assert len(queries) == 1 and row.get_deferred_fields() == set()
    gone = deletion_preview._with_key_alone(Evaluation, made.pk, "default")
    Evaluation.objects.filter(pk=made.pk).delete()
    with pytest.raises(Evaluation.DoesNotExist):
        gone.status  # noqa: B018
