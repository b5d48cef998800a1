"""Reply letters sent at the same moment never share a number (PostgreSQL, real threads)."""

import pytest
from django.db import connection

from proposals.models import HandlingUnit, Reply
from proposals.services import reply_submit
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.evaluations.test_concurrency import _together
from tests.proposals.kit import S as P
from tests.proposals.kit import proposal_in, staff_of

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no real concurrency",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_replies_sent_at_once_take_consecutive_numbers(term):
    author = enter(term, ElectoralUnitFactory(term=term, seats=1), name="张三")
    calls = []
    for n in range(6):
        unit = HandlingUnit.objects.create(name=f"承办单位{n}")
        _item, lead = proposal_in(P.ASSIGNED, author=author, unit=unit, title=f"建议{n}")
        staff = staff_of(unit)
        calls.append(
            lambda lead=lead, staff=staff: reply_submit(
                assignment=lead, result="A", text="已办理。", replied_by=staff
            )
        )
    outcomes = _together(calls)
    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    numbers = sorted(Reply.objects.values_list("letter_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
