"""Change lists' pages made model instances without `Model.__init__` (decisions 356, 364, 388):
first the roster's (delegates/roster_list.py), now any list whose page is read by a statement
written once (kept_pages.py).

Fifty delegates with their term, delegation and electoral unit were 200 instances made by
Django's `from_db`: its `__init__` walks every field of the model (the deferred ones too) and
sends the init signals, 1.6 ms of the page's CPU against 0.24 for running the statement and
fetching the rows. A model with no receiver of `pre_init` or `post_init` is made here as
`__init__` leaves it (its state loaded from the database, the values read in its `__dict__`,
the others deferred), and the page's rows share one instance of each related row (five terms,
a few delegations: they are only shown). Anything else (a receiver, a related row through a
parent or read in turn with its own related rows, an annotation) is made by the ORM's way."""

from django.db import connection

from congress_office.written_once import made_plain as _instance
from congress_office.written_once import plain_model as _plain
from congress_office.written_once import rows_of


def page_instances(written, params: list, prepared: bool = True) -> list | None:
    """The instances of `written` (`written_once.statement_of`) run with `params`, or None
    when they must be made the ORM's way (`written_once.instances_of`). `prepared`: run as the
    connection's prepared statement (`plain_sql.execute`); otherwise sent with its values,
    planned for them each time as the ORM's statements are (decision 364)."""
    model = written.compiler.query.model
    populators = written.populators
    if written.annotations or not _plain(model) or not all(map(_one_level, populators)):
        return None
    rows = rows_of(written, params, prepared)
    shared = [{} for _populator in populators]  # {pk: instance} of each related model
    # The connection's alias read once: each read through `django.db.connection` asks
    # asgiref's Local for it, 4 µs an instance (a third of making one; decision 364).
    alias = connection.alias
    made = []
    for row in rows:
        obj = _instance(model, written.init_list, row[written.start : written.end], alias)
        for populator, seen in zip(populators, shared, strict=True):
            values = row[populator.cols_start : populator.cols_end]
            pk = values[populator.pk_idx]
            related = None
            if pk is not None:
                related = seen.get(pk)
                if related is None:
                    related = seen[pk] = _instance(
                        populator.model_cls, populator.init_list, values, alias
                    )
            populator.local_setter(obj, related)
            if related is not None:
                populator.remote_setter(related, obj)
        made.append(obj)
    return made


def plain_instances(model, names, rows, alias: str) -> list | None:
    """What `model.from_db(alias, names, row)` makes of each row (each the values of `names`
    alone), or None when the model must be made the ORM's way (`_plain`). For the deletion
    page's collector (keyed_reads.instances_in, decision 402): a session's confirmation made
    about 190 instances by `from_db`, a fifth of the page's CPU."""
    if not _plain(model):
        return None
    return [_instance(model, names, row, alias) for row in rows]


def _one_level(populator) -> bool:
    return (
        populator.reorder_for_init is None
        and not populator.related_populators
        and _plain(populator.model_cls)
    )
