"""What a deletion takes with it, as the admin's confirmation page lists it, bounded.

Django's `get_deleted_objects` writes a line for every row that goes with the object, each
row's name (`str()`) often a query of its own: a session's confirmation page named each
attendance and vote, about 2,900 queries at 20,000 proposals and over 9,000 at 100,000, and
hundreds of times the time of a trivial page (docs/performance.md, "Forms, third pass").
Here, up to `LISTED_AT_MOST` rows, the page lists them as Django does; beyond, it names the
objects chosen and leaves the rest to the page's summary, the count of each kind (Django's
own). What protects an object from deletion is always listed, and the permission to delete
every row is checked as Django checks it. Decision 196.

The rows are first counted as the deletion itself would find them (Django's `Collector`,
decision 218): the kinds with nothing below them are counted in SQL, not loaded, so that a
session with 145,000 attendances is not read into memory to learn that it has them."""

from collections import defaultdict
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.utils import NestedObjects, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, router
from django.db.models import ProtectedError, Q, QuerySet, RestrictedError, prefetch_related_objects
from django.db.models.deletion import DO_NOTHING, Collector, get_candidate_relations_to_delete
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import ngettext

from . import keyed_reads
from .deletion_siblings import Siblings
from .desk import count_each, counts_statement
from .keyed_reads import instances_in

# Enough to read through on one page; beyond it a list is a scroll no one reads.
LISTED_AT_MOST = 100
# Rows read at a time for an admin that judges each row: most refuse at the first, which is
# read alone (a hundred rows read in full to check one were a quarter of a session's
# deletion page, decision 335).
FIRST_CHECKED = 1
CHECKED_AT_ONCE = 100
# A key no row has, written into a change page's address to find where a row's key goes.
ANY_KEY = 730_201_730_201


class _Lines:
    """Django's line for an object (a link to its page when the admin has one), and the
    permission check it does on the way."""

    def __init__(self, request, admin_site):
        self.request = request
        self.admin_site = admin_site
        self.perms_needed = set()
        self._kinds = {}  # {model: (its capitalized name, its change page's address halves)}

    def refused(self) -> list:
        """The kinds refused, by name: Django's page lists its set in whatever order the
        process hashes them, which changed between two openings of the same page."""
        return sorted(self.perms_needed, key=str)

    def check(self, obj):
        model, opts = obj.__class__, obj._meta
        if not self.admin_site.is_registered(model) or opts.verbose_name in self.perms_needed:
            return  # one refusal per kind is all the page says
        if not self.admin_site.get_model_admin(model).has_delete_permission(self.request, obj):
            self.perms_needed.add(opts.verbose_name)

    def check_kind(self, model, rows):
        """The check of `check` on every row of a kind, `rows()` (its rows, every field
        loaded, read as they are checked) asked for only when the kind's admin judges each
        row: an admin that keeps Django's `has_delete_permission` answers the same for every
        row of its model."""
        opts = model._meta
        if not self.admin_site.is_registered(model) or opts.verbose_name in self.perms_needed:
            return
        model_admin = self.admin_site.get_model_admin(model)
        if type(model_admin).has_delete_permission is BaseModelAdmin.has_delete_permission:
            if not model_admin.has_delete_permission(self.request):
                self.perms_needed.add(opts.verbose_name)
            return
        for obj in rows():
            self.check(obj)
            if opts.verbose_name in self.perms_needed:
                return

    def line(self, obj, checked=False):
        """`checked`: the row's kind has been through `check_kind` (every row checked, or
        one refused): not asked again. Django's text, each kind's name and change page's
        address worked out once a page, not once a row (a hundred rows a page, decision
        316)."""
        if not checked:
            self.check(obj)
        model = obj.__class__
        kind = self._kinds.get(model)
        if kind is None:
            kind = self._kinds[model] = self._kind(model)
        name, halves = kind
        plain = f"{name}: {obj}"
        if not self.admin_site.is_registered(model):
            return plain
        pk = obj.pk
        if halves is not None and type(pk) is int:
            url = f"{halves[0]}{pk}{halves[1]}"
        else:
            try:
                url = reverse(self._route(model), None, (quote(pk),))
            except NoReverseMatch:
                return plain
        return format_html('{}: <a href="{}">{}</a>', name, url, obj)

    def _route(self, model) -> str:
        opts = model._meta
        return f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change"

    def _kind(self, model):
        """The kind's name as Django's line begins, and its change page's address for a
        stand-in key split around it (None when it cannot be: then reversed for each row, as
        Django does). A whole number is its own text in the address: the admin's `quote`
        leaves it alone and the route's `path` converter writes its digits."""
        name = str(capfirst(model._meta.verbose_name))  # the page is in one language
        if not self.admin_site.is_registered(model):
            return name, None
        try:
            address = reverse(self._route(model), None, (ANY_KEY,))
        except NoReverseMatch:
            return name, None
        halves = address.split(str(ANY_KEY))
        return name, (halves if len(halves) == 2 else None)


class _Counter(Collector):
    """The rows a deletion of the objects takes, found as the deletion finds them: a kind
    with nothing below it (no cascade further, no deletion signal) is left as a query, the
    others are loaded with their keys only. What protects or restricts the objects is kept
    as Django's `NestedObjects` keeps it, instead of raised."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.protected = set()
        self.siblings = {}  # {(kind, its batch's keys): Siblings or None}, decision 414

    def related_objects(self, related_model, related_fields, objs):
        # Only counted or keyed here: without the model's ordering, which for a session's
        # sittings, votes and items joined the session to sort them (decision 276).
        if len(related_fields) == 1 and _KeyedRows.reads(self, related_model, related_fields[0]):
            keys = [obj.pk for obj in objs]
            siblings = Siblings.of(self, related_fields[0], keys)
            return _KeyedRows(related_model, related_fields[0], keys, self.using, None, siblings)
        if _LeftRows.counts(self, related_model, related_fields):
            keys = [obj.pk for obj in objs]
            return _LeftRows(related_model, related_fields, keys, self.using)
        return super().related_objects(related_model, related_fields, objs).order_by()

    def collect(self, objs, *args, **kwargs):
        try:
            return super().collect(objs, *args, **kwargs)
        except ProtectedError as error:
            self.protected.update(error.protected_objects)
            self._leaves_of(objs)
        except RestrictedError as error:
            self.protected.update(error.restricted_objects)

    def _leaves_of(self, objs):
        """The kinds left as queries below `objs`: Django's collector raises what protects
        them before it notes those (`NestedObjects`, which leaves none, has them all by
        then), and the page still counts them and checks their permission."""
        objs = list(objs)
        if not objs:
            return
        leaves = defaultdict(list)
        for related in get_candidate_relations_to_delete(objs[0]._meta):
            field = related.field
            if field.remote_field.on_delete == DO_NOTHING:
                continue
            if self.can_fast_delete(related.related_model, from_field=field):
                leaves[related.related_model].append(field)
        for model, fields in leaves.items():
            for batch in self.get_del_batches(objs, fields):
                self.fast_deletes.append(self.related_objects(model, fields, batch))

    def queries(self) -> dict:
        """{model: the queries (`_LeftRows` or querysets) for the rows of that kind left as
        queries}: `_query_of` makes them one."""
        by_kind = defaultdict(list)
        for query in self.fast_deletes:
            by_kind[query.model].append(query)
        return dict(by_kind)

    def counts(self, queries: dict) -> dict:
        """{model: rows} of every kind with rows, in the order they were found: the loaded
        ones counted in memory, the queries in SQL, every kind's count in one statement
        (`count_each`'s: a scalar subquery a kind; it was a query a kind, decision 276),
        written once per process for the kinds and relations counted, the keys widened
        (decision 344)."""
        counted = {model: len(loaded) for model, loaded in self.data.items() if loaded}
        # [(model, its queries, the keys of its rows loaded or None)]: a row reached both
        # ways is counted among the loaded.
        kinds = [
            (model, parts, [obj.pk for obj in self.data[model]] if self.data.get(model) else None)
            for model, parts in queries.items()
        ]

        def write(lists):
            lists = iter(lists)
            querysets = {}
            for model, parts, loaded in kinds:
                query = reduce(or_, (part.queryset(next(lists)) for part in parts))
                if loaded is not None:
                    query = query.exclude(pk__in=next(lists))
                querysets[model._meta.label] = query.order_by()
            return counts_statement(querysets)

        if not kinds:
            found = {}
        elif all(type(part) is _LeftRows for _model, parts, _loaded in kinds for part in parts):
            shape, lists = [], []
            for model, parts, loaded in kinds:
                shape.append(
                    (model._meta.label, [part.names for part in parts], loaded is not None)
                )
                lists += [part.keys for part in parts] + ([loaded] if loaded else [])
            sql, params, names = keyed_reads.statement(f"deletion counts:{shape}", write, lists)
            with connections[self.using].cursor() as cursor:
                cursor.execute(sql, params)
                found = dict(zip(names, cursor.fetchone(), strict=True))
        else:
            found = count_each(
                {
                    model._meta.label: _query_of(parts)
                    if loaded is None
                    else _query_of(parts).exclude(pk__in=loaded).order_by()
                    for model, parts, loaded in kinds
                }
            )
        for model, _parts, _loaded in kinds:
            if found[model._meta.label]:
                counted[model] = counted.get(model, 0) + found[model._meta.label]
        return counted


def _query_of(parts) -> QuerySet:
    """One query for a kind's rows left as queries: a row reached by two relations (or two
    batches of keys) is one row."""
    return reduce(or_, (part.queryset() if type(part) is _LeftRows else part for part in parts))


class _LeftRows:
    """The rows below relations that the collector leaves as a query (a fast deletion:
    nothing below them), for `collect` to note and the page to count (decision 344):
    Django's `related_objects(...)` queryset, built only when asked for (`queryset`,
    `filter`), and counted by a statement written once (`_Counter.counts`). For keys to the
    other model's primary key; others are Django's querysets."""

    def __init__(self, model, fields, keys, using):
        self.model, self.fields, self.keys, self.using = model, fields, keys, using
        self.names = tuple(field.name for field in fields)

    @staticmethod
    def counts(collector, model, fields) -> bool:
        return all(
            collector.can_fast_delete(model, from_field=field)
            and field.target_field.primary_key
            and len(field.foreign_related_fields) == 1
            for field in fields
        )

    def queryset(self, keys=None) -> QuerySet:
        """Django's `Collector.related_objects`, for the objects' keys (the same text as
        for the objects) or for `keys`."""
        keys = self.keys if keys is None else keys
        predicate = Q.create([(f"{name}__in", keys) for name in self.names], connector=Q.OR)
        return self.model._base_manager.using(self.using).filter(predicate).order_by()

    def filter(self, *args, **kwargs) -> QuerySet:
        """`Collector.collect` asks for the rows restricted among them."""
        return self.queryset().filter(*args, **kwargs)


class _KeyedRows:
    """The rows below a relation that the collector loads (decision 344): Django's
    `related_objects(...)` queryset, optionally `.only(...)`, read by the statement the ORM
    writes for it, written once per process (`keyed_reads`): the same text, the same
    values, the same instances. What the collector asks of that queryset before it loads it
    (`query.select_related`, `only`) and after (truth, length, items, iteration) is here.
    Not for the kinds it leaves as queries (fast deletions: counted, combined, excluded
    from), nor for a relation whose rows the ORM reads otherwise (a parent's row, a key other
    than the primary key): those are Django's querysets."""

    query = SimpleNamespace(select_related=False)  # `collect` defers fields unless it is set

    def __init__(self, model, field, keys, using, names=None, siblings=None):
        self.model, self.field, self.keys, self.using = model, field, keys, using
        self.names = names  # None: every field
        self.siblings = siblings  # the batch's other relations, read with it (decision 414)
        self._rows = None

    @staticmethod
    def reads(collector, model, field) -> bool:
        """Whether the collector loads the rows of `model` below `field` (not left as a
        query) and they can be read here: a key to the other model's primary key, a model
        without parents."""
        return (
            not collector.can_fast_delete(model, from_field=field)
            and not model._meta.parents
            and field.target_field.primary_key
            and len(field.foreign_related_fields) == 1
        )

    def only(self, *names):
        names = frozenset(names)
        return _KeyedRows(self.model, self.field, self.keys, self.using, names, self.siblings)

    def rows(self) -> list:
        if self._rows is None and self.siblings is not None:
            self._rows = self.siblings.rows(self.model, self.field, self.names)
        if self._rows is None:
            model, name, names = self.model, self.field.name, self.names
            loaded = "*" if names is None else ",".join(sorted(names))
            label = f"{model._meta.label}.{name}:{loaded}"

            def build(keys):
                rows = model._base_manager.using(self.using).filter(**{f"{name}__in": keys})
                rows = rows.order_by()
                return rows if names is None else rows.only(*names)

            self._rows = instances_in(f"deletion:{label}", build, self.keys, self.using)
        return self._rows

    def __bool__(self):
        return bool(self.rows())

    def __len__(self):
        return len(self.rows())

    def __iter__(self):
        return iter(self.rows())

    def __getitem__(self, index):
        return self.rows()[index]


def deleted_objects(objs, request, admin_site):
    """Django's (deleted lines, count per kind, kinds the user may not delete, protected
    lines) for the objects `objs`, with at most LISTED_AT_MOST rows named."""
    objs = list(objs)
    if not objs:
        return [], {}, set(), []
    using = router.db_for_write(objs[0]._meta.model)
    counter = _Counter(using=using, origin=objs)
    counter.collect(objs)
    queries = counter.queries()
    counts = counter.counts(queries)
    # What protects the objects is all the page shows when there is any (Django's template):
    # the rows that would go are counted, never named, then.
    if not counter.protected and sum(counts.values()) <= LISTED_AT_MOST:
        return _listed(objs, request, admin_site, using)
    lines = _Lines(request, admin_site)
    for model in counts:
        lines.check_kind(model, _rows_of(model, counter.data.get(model), queries.get(model), using))
    # Rows of Django's automatic many-to-many tables are links, not objects (the page leaves
    # them out: OfficeModelAdmin.get_deleted_objects).
    objects = sum(rows for model, rows in counts.items() if not model._meta.auto_created)
    others = objects - len(objs)
    deleted = [lines.line(obj) for obj in objs] + [
        ngettext(
            "%(count)s more object, counted by kind in the summary",
            "%(count)s more objects, counted by kind in the summary",
            others,
        )
        % {"count": others}
    ]
    protected = _protecting(counter.protected, lines, using)
    model_count = {model._meta.verbose_name_plural: rows for model, rows in counts.items()}
    return deleted, model_count, lines.refused(), protected


def _protecting(protected, lines, using):
    """Lines for the rows that protect the objects, by kind and key: the first LISTED_AT_MOST
    named (read in full: the collector read their keys only), the others counted (a session
    is protected by each of its items, thousands of them at a large office). Once the user
    may not delete some kind, none is named: the page shows only the kinds refused."""
    by_kind = defaultdict(list)
    for obj in protected:
        by_kind[type(obj)].append(obj.pk)
    named, others = [], 0
    for model, keys in sorted(by_kind.items(), key=lambda kind: kind[0]._meta.label):
        keys.sort()
        if lines.perms_needed:
            # A kind is refused already: the page says only which (Django's template shows
            # the protecting rows only when nothing is refused), so the rows are counted, and
            # read only if the kind's admin judges each one (decision 316).
            lines.check_kind(model, lambda model=model, keys=keys: _by_keys(model, keys, using))
            others += len(keys)
            continue
        shown = keys[: LISTED_AT_MOST - len(named)]
        # The rows named are the kind's first by key, which its check reads first: read once.
        shown_rows = _read_by_keys(model, shown, using)
        rest = keys[len(shown) :]

        def to_check(shown_rows=shown_rows, model=model, rest=rest):
            yield from shown_rows
            yield from _by_keys(model, rest, using)

        lines.check_kind(model, to_check)
        named += [lines.line(obj, checked=True) for obj in shown_rows]
        others += len(keys) - len(shown)
    if others:
        named.append(
            ngettext(
                "%(count)s more protected object",
                "%(count)s more protected objects",
                others,
            )
            % {"count": others}
        )
    return named


def _rows_of(model, loaded, parts, using):
    """The rows of a kind with every field (the deletion loads keys only), for a check."""

    def rows():
        keys = [obj.pk for obj in loaded or ()]
        yield from _by_keys(model, sorted(keys), using)
        if parts:
            yield from _in_slices(_query_of(parts).exclude(pk__in=keys))

    return rows


def _by_keys(model, keys: list, using):
    """The rows of `model` with the keys `keys` (in their order, by key), for a check: the
    first with its key alone (`_with_key_alone`), then CHECKED_AT_ONCE keys at a time, read
    in full. The keys are known: each slice is the rows of its keys, by a statement written
    once (decision 344); a list of all the keys, hundreds of a session's items or votes, was
    written into each slice's statement, which most checks end after one row."""
    if not keys:
        return
    yield _with_key_alone(model, keys[0], using)
    start, size = FIRST_CHECKED, CHECKED_AT_ONCE
    while start < len(keys):
        yield from _read_by_keys(model, keys[start : start + size], using)
        start, size = start + size, CHECKED_AT_ONCE


def _with_key_alone(model, key, using):
    """The row of `model` with the key `key`, for its admin's check: its other fields read
    when the check first reads one, the whole row then by the statement written once that
    read it before (`_read_by_keys`), instead of Django's read of that field alone (its
    statement written anew). Most admins that judge each row refuse every row without
    reading one (the items' and votes' admins: two of decision 416's three first rows, read
    in full for nothing, a query each); one that reads a field (an evaluation's status)
    reads the row as before (decision 516)."""
    row = model.from_db(using, [model._meta.pk.attname], [key])

    def read_in_full(using=None, fields=None, from_queryset=None):
        # Django's deferred field asks the instance to read it: the row's every field.
        del row.refresh_from_db  # read once: any later read is Django's
        found = _read_by_keys(model, [key], row._state.db)
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} {key} is gone")
        for field in model._meta.concrete_fields:
            row.__dict__.setdefault(field.attname, found[0].__dict__[field.attname])

    row.refresh_from_db = read_in_full
    return row


def _read_by_keys(model, keys: list, using) -> list:
    """The rows of `model` with the keys `keys`, every field, by key."""

    def build(keys):
        return model._base_manager.using(using).filter(pk__in=keys).order_by("pk")

    return instances_in(f"deletion rows:{model._meta.label}", build, keys, using)


def _in_slices(rows):
    """The rows by key, the first alone (FIRST_CHECKED), then CHECKED_AT_ONCE at a time, each
    slice one plain query: `iterator()` opens a cursor on the server on PostgreSQL (DECLARE,
    FETCH, CLOSE: three round trips for the one slice a refusal at the first row reads,
    decision 276)."""
    rows = rows.order_by("pk")
    after, size = None, FIRST_CHECKED
    while True:
        batch = list((rows if after is None else rows.filter(pk__gt=after))[:size])
        yield from batch
        if len(batch) < size:
            return
        after, size = batch[-1].pk, CHECKED_AT_ONCE


def _listed(objs, request, admin_site, using):
    """Django's page: every row named, nested under what brings it."""
    collector = NestedObjects(using=using, origin=objs)
    collector.collect(objs)
    lines = _Lines(request, admin_site)
    kinds = defaultdict(list)  # {model: its rows named on the page}
    for model, rows in collector.model_objs.items():
        kinds[model] += rows
    for obj in collector.protected:
        kinds[type(obj)].append(obj)
    named = _NamedWithWhatTheyRead(lines.line, kinds)
    deleted = collector.nested(named)
    protected = [named(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(kind) for model, kind in collector.model_objs.items()
    }
    return deleted, model_count, lines.refused(), protected


class _NamedWithWhatTheyRead:
    """`line(obj)` for each row, the related rows its name reads (`str()`) read once for its
    kind (decision 403): a row's name often reads another row (a contact assignment's, its
    delegate), a query a row named, a hundred at most. The first row of a kind is named as
    Django names it, noting the related rows it read (the relations its cache gained); those
    are then read for the kind's other rows at once (`prefetch_related_objects`: the same
    rows, by the relation's own manager, a query a relation), and their names read them from
    the cache. Only relations to one row (keys, one-to-one) are read so; a name that reads
    nothing, or reads otherwise, is Django's query for query."""

    # Relations followed from a row named: its own, and theirs (a delegate's term).
    DEPTH = 3

    def __init__(self, line, kinds: dict):
        self.line, self.kinds, self.learnt = line, kinds, set()

    def __call__(self, obj):
        model = type(obj)
        if model in self.learnt:
            return self.line(obj)
        self.learnt.add(model)
        before = _cached_paths(obj, self.DEPTH)
        line = self.line(obj)
        read = sorted(_cached_paths(obj, self.DEPTH) - before)
        others = [row for row in self.kinds.get(model, ()) if row is not obj]
        if read and others:
            prefetch_related_objects(others, *("__".join(path) for path in read))
        return line


def _cached_paths(obj, depth: int, path=()) -> set:
    """The paths (relation names) to the related rows held in `obj`'s cache, and in theirs,
    `depth` relations deep: relations to one row only."""
    paths = set()
    cache = obj._state.__dict__.get("fields_cache", {})
    for name, related in cache.items():
        try:
            field = type(obj)._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a reverse one-to-one's cache is named by its accessor
        if not (field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        paths.add((*path, name))
        if related is not None and depth > 1:
            paths |= _cached_paths(related, depth - 1, (*path, name))
    return paths
