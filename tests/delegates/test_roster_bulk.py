"""The roster import writes in bulk what entering the same delegates one by one through
`delegate_enter` writes, and refuses what it refuses, with the same messages for the same rows;
its queries do not grow with the file."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from congress_office.wording import written_date
from delegates.bulk_entry import RosterEntries, SeatBook
from delegates.models import Delegate, QualificationEvent, RosterImport
from delegates.roster_check import LABELS
from delegates.roster_files import roster_import_check, roster_import_run
from delegates.selectors import most_seats_held_from
from delegates.services import delegate_change_qualification, delegate_enter
from tests.core.factories import UserFactory, office_user
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.delegates.test_roster_files import HEADER_ZH, csv_file

pytestmark = pytest.mark.django_db

day = datetime.date
_people = itertools.count(1)


ELECTION_DAY = day(2022, 1, 1)


def person(unit, *, delegation=None, kind="elected", effective=ELECTION_DAY, **changes):
    """One delegate to enter, as delegate_enter takes them (and a roster file names them)."""
    n = next(_people)
    values = {
        "name": f"代表{n:03d}",
        "gender": "female" if n % 2 else "male",
        "ethnicity": "汉族" if n % 3 else "回族",
        "birth_date": day(1960 + n % 30, 1 + n % 12, 1 + n % 28),
        "education": "undergraduate",
        "occupation": "farmer" if n % 2 else "professional",
        "work_unit": f"第{n}村",
        "post": "村民小组长" if n % 2 else "",
        "phone": f"1390000{n:04d}" if n % 3 else "",
        "email": f"d{n}@example.org" if n % 4 else "",
        "electoral_unit": unit,
        "delegation": delegation,
        "kind": kind,
        "effective_date": effective,
        "decision_reference": f"公告第{n}号",
    }
    values.update(changes)
    return values


def file_of(people):
    cells = []
    for p in people:
        cells.append(
            [
                p["name"],
                p["gender"],
                p["ethnicity"],
                p["birth_date"].isoformat(),
                p["education"],
                p["occupation"],
                p["work_unit"],
                p["post"],
                p["phone"],
                p["email"],
                p["electoral_unit"].name,
                p["delegation"].name if p["delegation"] else "",
                p["kind"],
                p["effective_date"].isoformat(),
                p["decision_reference"],
            ]
        )
    return csv_file(cells, header=HEADER_ZH)


def tables(term) -> tuple[list, list]:
    """Every stored field of the term's delegates and of their qualification history, in the
    order written; ids and the time of writing left out, each entry naming its delegate."""
    delegate_fields = [f.attname for f in Delegate._meta.concrete_fields if f.name != "id"]
    event_fields = [
        f.attname
        for f in QualificationEvent._meta.concrete_fields
        if f.name not in ("id", "at", "delegate")
    ]
    delegates = list(Delegate.objects.filter(term=term).order_by("pk").values(*delegate_fields))
    events = list(
        QualificationEvent.objects.filter(delegate__term=term)
        .order_by("pk")
        .values("delegate__name", "delegate__birth_date", *event_fields)
    )
    return delegates, events


class _Undo(Exception):
    pass


def one_by_one(term, people, by):
    """What entering each person through delegate_enter leaves (then undone), and the
    refusals, each row's as the import reports one, the refused rows skipped."""
    errors = []
    try:
        with transaction.atomic():
            for number, values in enumerate(people, start=2):
                try:
                    with transaction.atomic():
                        delegate_enter(term=term, recorded_by=by, **values)
                except ValidationError as refusal:
                    for field, messages in refusal.message_dict.items():
                        column = str(LABELS[field]) if field in LABELS else ""
                        errors += [
                            {"row": number, "column": column, "message": m} for m in messages
                        ]
            written = tables(term)
            raise _Undo
    except _Undo:
        pass
    return written, errors


def imported(term, people, by):
    job = RosterImport.objects.create(
        term=term, file=file_of(people), file_format="csv", created_by=by, status="importing"
    )
    roster_import_run(roster_import_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def by(db):
    return office_user()


@pytest.fixture
def county(term, by):
    """Two units, one delegation, and a history: in the first unit (2 seats) one delegate
    terminated in 2024, another in 2023; in the second (8 seats) two active delegates."""
    first = ElectoralUnitFactory(term=term, name="城关镇", seats=2)
    second = ElectoralUnitFactory(term=term, name="河西乡", seats=8)
    delegation = DelegationFactory(term=term, name="农村代表团")
    for name, until in (("老甲", day(2024, 1, 1)), ("老乙", day(2023, 1, 1))):
        leaving = enter(term, first, name=name)
        delegate_change_qualification(
            delegate=leaving,
            kind="terminated",
            effective_date=until,
            decision_reference="决定",
            recorded_by=by,
            reason="调离",
        )
    enter(term, second, name="老丙")
    enter(term, second, name="老丁", delegation=delegation)
    return first, second, delegation


def assert_as_one_by_one(term, people, by):
    before = tables(term)
    expected, refusals = one_by_one(term, people, by)
    job = imported(term, people, by)
    if refusals:
        assert (job.status, job.errors) == ("invalid", refusals)
        assert tables(term) == before  # nothing saved
    else:
        assert (job.status, job.errors, job.imported_rows) == ("done", [], len(people))
        assert tables(term) == expected
    return job


def test_the_import_writes_exactly_what_entering_one_by_one_writes(term, county, by):
    first, second, delegation = county
    people = [
        person(second, delegation=delegation),
        person(second),
        person(first, kind="by_elected", effective=day(2024, 3, 1)),
        person(second, delegation=delegation, kind="by_elected", effective=day(2023, 5, 4)),
        person(first, kind="by_elected", effective=day(2024, 2, 1), post="", email=""),
        person(second, effective=day(2022, 1, 1)),
    ]
    assert_as_one_by_one(term, people, by)
    assert Delegate.objects.filter(term=term).count() == 4 + 6


def test_vacancies_on_every_later_day_are_checked_across_the_rows_of_the_file(term, county, by):
    """The first unit has 2 seats: 老甲 holds one until 2024, 老乙 one until 2023. A row
    by-elected in mid-2023 takes the free seat; the rows after it find the unit full on their
    own date, or from that row's date on, as they would entering one by one."""
    first, _second, _delegation = county
    people = [
        person(first, kind="by_elected", effective=day(2023, 6, 1)),
        person(first, kind="by_elected", effective=day(2023, 9, 1)),  # full on its date
        person(first, kind="by_elected", effective=day(2023, 2, 1)),  # full from 2023-06-01
        person(first, kind="by_elected", effective=day(2024, 2, 1)),  # 老甲's seat: free
    ]
    job = assert_as_one_by_one(term, people, by)
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "Electoral unit"),
        (4, "Electoral unit"),
    ]
    assert "no vacant seat on 2023-09-01" in job.errors[0]["message"]
    assert "no vacant seat from 2023-06-01 on" in job.errors[1]["message"]


@pytest.mark.parametrize("where", [0, 4, 9])
def test_a_bad_row_anywhere_saves_nothing_and_is_reported_as_delegate_enter_refuses_it(
    term, county, by, where
):
    _first, second, _delegation = county
    people = [person(second, effective=day(2022, 1, 1 + n)) for n in range(3)]
    people += [person(ElectoralUnitFactory(term=term, seats=3)) for _n in range(7)]
    people[where]["effective_date"] = term.end_date + datetime.timedelta(days=1)
    job = assert_as_one_by_one(term, people, by)
    within = f"({written_date(term.start_date)} to {written_date(term.end_date)})"
    assert job.errors == [
        {
            "row": where + 2,
            "column": "Effective date",
            "message": f"The date must fall within the term {within}.",
        }
    ]


def test_the_check_reports_delegate_enters_refusals_before_the_office_confirms(term, county):
    _first, second, _delegation = county
    people = [person(second), person(second, effective_date=day(2021, 12, 31))]
    job = RosterImport.objects.create(
        term=term, file=file_of(people), file_format="csv", created_by=office_user()
    )
    roster_import_check(roster_import_id=job.pk)
    job.refresh_from_db()
    assert job.status == "invalid"
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Effective date")]


def test_the_seats_counted_in_memory_are_those_the_database_gives_on_every_day(term, county, by):
    first, second, _delegation = county
    book = SeatBook(term, [first, second])
    for unit in (first, second):
        for offset in range(0, 5 * 366, 61):
            on = day(2022, 1, 1) + datetime.timedelta(days=offset)
            assert book.most_held_from(unit.pk, on) == most_seats_held_from(unit, on), (unit, on)
    # And after entries taken in memory and in the database alike.
    for on in (day(2023, 6, 1), day(2024, 6, 1)):
        book.take(first.pk, on)
        enter(term, first, kind="by_elected", day=on)
    for offset in range(0, 5 * 366, 61):
        on = day(2022, 1, 1) + datetime.timedelta(days=offset)
        assert book.most_held_from(first.pk, on) == most_seats_held_from(first, on), on


@pytest.mark.parametrize("step", ["check", "import"])
def test_the_import_reads_and_writes_in_a_fixed_number_of_queries(term, by, step):
    units = [ElectoralUnitFactory(term=term, seats=50) for _n in range(3)]
    delegation = DelegationFactory(term=term)
    counted = []
    for size in (10, 50):
        people = [person(units[n % 3], delegation=delegation) for n in range(size)]
        job = RosterImport.objects.create(
            term=term, file=file_of(people), file_format="csv", created_by=by
        )
        with CaptureQueriesContext(connection) as queries:
            roster_import_check(roster_import_id=job.pk)
            if step == "import":
                RosterImport.objects.filter(pk=job.pk).update(status="importing")
                queries.initial_queries = len(connection.queries)  # the import alone
                roster_import_run(roster_import_id=job.pk)
        job.refresh_from_db()
        assert job.status == ("done" if step == "import" else "ready"), job.errors
        counted.append(len(queries))
    # The check: the job, what rows are checked against (5), the result. The import: its
    # savepoint (inside the test's transaction), the job locked, the same 5 with the units
    # locked, the importer's role, two inserts (on SQLite in batches of 66 delegates, Django's
    # limit of parameters a query there), the job, the savepoint released.
    assert counted == [QUERIES[step]] * 2


QUERIES = {"check": 7, "import": 12}


def test_an_importer_no_longer_of_the_office_is_refused_on_the_first_row(term, county):
    _first, second, _delegation = county
    job = imported(term, [person(second), person(second)], UserFactory(username="left"))
    assert (job.status, [(e["row"], e["column"]) for e in job.errors]) == ("invalid", [(2, "")])
    assert "Only the congress office" in job.errors[0]["message"]
    assert Delegate.objects.filter(term=term).count() == 4


def test_an_account_is_refused_in_bulk_as_one_by_one(term, county, by):
    """The import has no account column; the bulk entry still keeps delegate_enter's rule
    of one record per account and term, against the roster and within the batch."""
    _first, second, _delegation = county
    taken, free = UserFactory(username="taken"), UserFactory(username="free")
    enter(term, second, user=taken)
    with pytest.raises(ValidationError) as one_by_one_refusal:
        delegate_enter(term=term, recorded_by=by, **person(second, user=taken))
    entries = RosterEntries(term=term)
    with pytest.raises(ValidationError) as bulk_refusal:
        entries.add(**person(second, user=taken))
    assert bulk_refusal.value.message_dict == one_by_one_refusal.value.message_dict
    entries.add(**person(second, user=free))
    with pytest.raises(ValidationError) as again:
        entries.add(**person(second, user=free))
    assert again.value.message_dict == one_by_one_refusal.value.message_dict
    assert len(entries.save(recorded_by=by)) == 1
    assert Delegate.objects.get(user=free).qualification_events.get().actor == by
