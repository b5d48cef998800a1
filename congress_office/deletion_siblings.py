"""The keys below every relation of one batch of rows, read in one statement, for the
deletion page's collector (decision 414).

Django's `Collector.collect` reads the rows below each relation of a kind in turn, a query a
relation: a session's confirmation page read its sittings', committees', agenda items',
elections', resolutions', votes', items' and evaluations' keys in eight queries, each with a
round trip and a plan of its own, then two of each sitting's relations, two of each agenda
item's, and so on. Most of those reads are the rows' keys alone (`only(pk)`: nothing listens
to their deletion) by a key to the kind's primary key; those of one batch are read here at
once, `UNION ALL` of the ORM's own statements (the same conditions, each branch numbered),
when the first of them is asked for. Each relation's instances are then what the ORM's read
makes (`from_db` with the key alone, or `page_instances.plain_instances`). A relation read
otherwise (every field, a key of another type, one alone) is read by itself as before."""

from itertools import chain

from django.db import connection
from django.db.models import Value, signals
from django.db.models.deletion import DO_NOTHING, get_candidate_relations_to_delete

from . import keyed_reads
from .page_instances import plain_instances

_DELETION_SIGNALS = (signals.pre_delete, signals.post_delete)  # `_has_signal_listeners`
_kept_relations: dict = {}  # {(kind, receivers): [(model, field)]}


class Siblings:
    """The relations below one batch of rows (`keys`, of the relations' target kind) whose
    keys alone the collector will read, and their rows once read: {(model, field name):
    instances}. Made by `of`, one per batch a page."""

    def __init__(self, collector, target, keys: list):
        self.collector, self.keys = collector, keys
        self.relations = _relations_of(collector, target)  # [(model, field)], Django's order
        self._rows = None

    @staticmethod
    def of(collector, field, keys: list):
        """The batch's `Siblings` (kept in the collector's `siblings`), or None: fewer than
        two relations to read together, keys not whole numbers, another database."""
        if collector.using != connection.alias or not all(type(key) is int for key in keys):
            return None
        kept = collector.siblings
        target = field.remote_field.model
        at = (target, tuple(keys))
        if at not in kept:
            siblings = Siblings(collector, target, keys)
            kept[at] = siblings if len(siblings.relations) > 1 else None
        return kept[at]

    def rows(self, model, field, names) -> list | None:
        """The instances below `field` with `names` loaded, or None when they are not among
        those read here."""
        if names is None or set(names) != {model._meta.pk.attname}:
            return None
        if (model, field) not in self.relations:
            return None
        if self._rows is None:
            self._rows = self._read()
        return list(self._rows[model, field.name])

    def _read(self) -> dict:
        using = self.collector.using
        relations = self.relations

        def write(lists):
            branches = [
                model._base_manager.using(using)
                .filter(**{f"{field.name}__in": lists[0]})
                .order_by()
                .values_list(Value(number), model._meta.pk.attname)
                for number, (model, field) in enumerate(relations)
            ]
            query = branches[0].union(*branches[1:], all=True)
            sql, params = query.query.get_compiler(using).as_sql()
            return sql, params, None

        label = ",".join(f"{model._meta.label}.{field.name}" for model, field in relations)
        key = f"deletion siblings:{label}"
        sql, params, _other = keyed_reads.statement(key, write, [self.keys])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        values = [[] for _relation in relations]
        for number, pk in found:
            values[number].append((pk,))
        rows = {}
        for (model, field), keys in zip(relations, values, strict=True):
            names = [model._meta.pk.attname]
            made = plain_instances(model, names, keys, using)
            if made is None:
                made = [model.from_db(using, names, row) for row in keys]
            rows[model, field.name] = made
        return rows


def _relations_of(collector, target) -> list:
    """`_keys_only` kept per process for each kind and the deletion signals' receivers
    (what `can_fast_delete` and the collector's `only` depend on): the same walk of every
    relation below the kind on every page. Kept from another set of receivers of the same
    number, a relation is at worst read in vain or alone: each relation's rows are the
    ones read for its own field and fields loaded (`Siblings.rows`)."""
    receivers = tuple(len(signal.receivers) for signal in _DELETION_SIGNALS)
    kept_as = (target, receivers)
    relations = _kept_relations.get(kept_as)
    if relations is None:
        relations = _kept_relations[kept_as] = _keys_only(collector, target)
    return relations


def _keys_only(collector, target) -> list:
    """[(model, field)]: the relations below `target` that `Collector.collect` reads, one by
    one, with their keys alone (its `only(*referenced_fields)`) by the `_KeyedRows` of the
    page (`reads`), each a key to the target's whole-number primary key."""
    from .deletion_preview import _KeyedRows

    found = []
    for related in get_candidate_relations_to_delete(target._meta):
        field = related.field
        on_delete = field.remote_field.on_delete
        if on_delete == DO_NOTHING or getattr(on_delete, "lazy_sub_objs", False):
            continue  # not read (a lazy handler updates by a query)
        model = related.related_model
        if not _KeyedRows.reads(collector, model, field) or collector._has_signal_listeners(model):
            continue
        referenced = set(
            chain.from_iterable(
                (rf.attname for rf in rel.field.foreign_related_fields)
                for rel in get_candidate_relations_to_delete(model._meta)
            )
        )
        pk = model._meta.pk
        if referenced != {pk.attname} or pk.get_internal_type() not in _WHOLE_NUMBERS:
            continue
        found.append((model, field))
    return found


_WHOLE_NUMBERS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
