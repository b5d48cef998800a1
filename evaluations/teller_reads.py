"""The evaluation's page's tellers picker: its chosen accounts read among the candidates in one
prepared statement of plain SQL (decision 297).

The picker shows only the chosen accounts that `selectors.teller_candidates` offers (decision
193's check). Read through that queryset, the ORM wrote a statement of four subqueries on every
opening of the page, a tenth of the page's time, for a handful of rows. Here the same rows, with
the same `person_name` and `person_where`, in the same order, from a statement written once per
process and number of accounts; `tests/evaluations/test_teller_reads.py` compares it with the
queryset's answer."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table, width
from delegates.models import Delegate, Delegation, QualificationEvent

from .models import Evaluation


@cache
def _sql(count: int) -> str:
    """The chosen accounts (`count` ids, a power of two: a few statements a process whatever
    a form posts) that may be made tellers, by name. The conditions are
    `teller_candidates`': an active account with no record in the term whose latest
    qualification on the voting day (by date, then id) is other than active, or missing; the
    name and place from the account's record in the term (one at most: a constraint), else the
    account's own name, else its login."""
    user = get_user_model()
    delegates, marks = table(Delegate), ", ".join(["%s"] * count)
    status_then = (
        f"SELECT q.status_after FROM {table(QualificationEvent)} q"
        " WHERE q.delegate_id = x.id AND q.effective_date <= %s"
        " ORDER BY q.effective_date DESC, q.id DESC LIMIT 1"
    )
    account_name = "NULLIF(TRIM(COALESCE(u.last_name, '') || COALESCE(u.first_name, '')), '')"
    return (
        f"SELECT {columns(user, 'u')},"
        f" COALESCE(d.name, {account_name}, u.username) AS person_name,"
        " COALESCE(g.name, d.work_unit, '') AS person_where"
        f" FROM {table(user)} u"
        f" LEFT JOIN {delegates} d ON d.user_id = u.id AND d.term_id = %s"
        f" LEFT JOIN {table(Delegation)} g ON g.id = d.delegation_id"
        f" WHERE u.is_active AND u.id IN ({marks}) AND NOT EXISTS ("
        f"SELECT 1 FROM {delegates} x WHERE x.user_id = u.id AND x.term_id = %s"
        f" AND COALESCE(({status_then}), '') <> %s)"
        " ORDER BY person_name, u.username"
    )


def _storable(ids) -> list[int]:
    """The ids an id column can hold (a forged one out of range names no row)."""
    pk = get_user_model()._meta.pk
    low, high = connection.ops.integer_field_range(pk.get_internal_type())
    return sorted({i for i in ids if (low is None or i >= low) and (high is None or i <= high)})


def chosen_tellers(evaluation: Evaluation, ids) -> list:
    """The accounts of `ids` that `teller_candidates(evaluation)` offers, each with
    `person_name` and `person_where`, in that queryset's order. One prepared statement."""
    ids = _storable(ids)
    if not ids:
        return []
    term, count = evaluation.session.term_id, 1 << (len(ids) - 1).bit_length()
    ids += [ids[-1]] * (count - len(ids))  # the same rows: `in` with an id repeated
    params = [term, *ids, term, evaluation.voting_day, Delegate.Status.ACTIVE.value]
    with connection.cursor() as cursor:
        execute(cursor, _sql(count), params)
        rows = cursor.fetchall()
    user, shown = get_user_model(), width(get_user_model())
    chosen = []
    for row in rows:
        account = instance(user, row)
        account.person_name, account.person_where = row[shown], row[shown + 1]
        chosen.append(account)
    return chosen
