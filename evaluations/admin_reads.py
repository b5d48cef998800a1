"""The rows the evaluation's change page shows in its inlines (subjects, criteria, paper
rounds, status changes), each read by a statement of plain SQL written once per process and
prepared (`congress_office/inline_rows.py`, decision 297): the same rows, in the inlines'
order (their models' ordering within one evaluation), with the accounts the inlines'
`select_related` read and, for a status change, the page's evaluation it is named after.
`tests/evaluations/test_admin_reads.py` compares each with the inline's queryset."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table, width

from .models import Criterion, EvaluationStatusChange, PaperRound, Subject


@cache
def _sql(model, order: str, account: str | None) -> str:
    """The evaluation's rows of `model` ordered by `order` (columns of `r`), with the account
    in the row's column `account` (LEFT JOIN: it may be empty)."""
    selected, joined = columns(model, "r"), ""
    if account is not None:
        user = get_user_model()
        selected += f", {columns(user, 'u')}"
        joined = f" LEFT JOIN {table(user)} u ON u.id = r.{connection.ops.quote_name(account)}"
    return (
        f"SELECT {selected} FROM {table(model)} r{joined}"
        f" WHERE r.evaluation_id = %s ORDER BY {order}"
    )


def _rows(evaluation, model, order: str, account: str | None = None) -> list:
    with connection.cursor() as cursor:
        execute(cursor, _sql(model, order, account), [evaluation.pk])
        rows = cursor.fetchall()
    read = []
    for row in rows:
        obj = instance(model, row)
        if account is not None:
            # The account's own columns follow the row's; all empty when it has none.
            user = get_user_model()
            first = width(model)
            field = model._meta.get_field(account.removesuffix("_id"))
            shown = instance(user, row, first) if row[first] is not None else None
            field.set_cached_value(obj, shown)
        read.append(obj)
    return read


def subjects(evaluation) -> list:
    return _rows(evaluation, Subject, 'r."order", r.id')


def criteria(evaluation) -> list:
    return _rows(evaluation, Criterion, 'r."order", r.id')


def paper_rounds(evaluation) -> list:
    # (evaluation, number) is unique: the id only makes the order the same everywhere.
    return _rows(evaluation, PaperRound, "r.number, r.id", "entered_by_id")


def status_changes(evaluation) -> list:
    """Each named after the page's evaluation (the `str()` the row shows)."""
    changes = _rows(evaluation, EvaluationStatusChange, "r.at, r.id", "actor_id")
    for change in changes:
        EvaluationStatusChange.evaluation.field.set_cached_value(change, evaluation)
    return changes
