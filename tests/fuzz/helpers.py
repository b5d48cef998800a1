"""What every fuzz test checks, and how each example is kept apart from the next.

Hypothesis runs many examples inside one test function, so function-scoped fixtures are set
up once for all of them. Each example therefore runs in `isolated()`: a savepoint inside the
test's transaction (itself inside the module's, where the office was built), rolled back when
the example ends, so that every example starts from the same office whatever the previous one
saved.

"Nothing half-saved" is checked on every table of the office (and of auth, guardian and the
admin log) before and after a request: a request that was refused must leave every table as
it was, and the rows it aimed at unchanged; one that succeeded must leave rows that pass their
model's full validation. Each module adds what its services promise (a timeline that ends in
the item's status, tallies that add up to the ballots cast, ...)."""

from contextlib import contextmanager

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.fields import AutoFieldMixin
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import event, settings
from hypothesis import strategies as st

from tests.sign_in import sign_in_as

from .strategies import form_data, number_text, posted


def per_page() -> int:
    """Examples for each admin page (each is a test of its own): a share of the profile's."""
    return max(5, settings.default.max_examples // 4)


OFFICE_APPS = ("congress_office", "delegates", "congress_sessions", "proposals", "evaluations")
WATCHED_APPS = (*OFFICE_APPS, "auth", "guardian", "admin")


UNWATCHED = {"congress_office.SecurityEvent", "congress_office.RowCountDelta"}


def watched_models():
    """The tables bad input must leave as they were. Not the security audit trail: it records
    what was tried (a refused sign-in, an export asked for), whatever the answer (decision
    228), and its own tests say what it records. Nor the kept row counts' deltas: PostgreSQL's
    triggers append one whenever a counted table gains or loses rows, whatever wrote them
    (decision 263), and tests/core/test_row_counts.py holds them exact."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in WATCHED_APPS and model._meta.label not in UNWATCHED
    ]


@contextmanager
def isolated():
    """Run one example in a savepoint that is rolled back at its end."""
    cache.clear()  # progress counters of background work live in the cache
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def signed_in(user) -> Client:
    """A test client for the user that re-raises any exception a view lets out (a 500)."""
    client = Client(raise_request_exception=True)
    sign_in_as(client, user)
    return client


def checked(response):
    assert response.status_code < 500, response
    return response


class Snapshot:
    """How many rows each watched table holds and its highest id, read in one query; rows
    created since are those with a higher id (ids only grow within an example). Tables keyed
    otherwise (ballot receipts) keep the set of their keys."""

    def __init__(self):
        self.models = {model._meta.label: model for model in watched_models()}
        numbered = {
            label: model
            for label, model in self.models.items()
            if isinstance(model._meta.pk, AutoFieldMixin)
        }
        quote = connection.ops.quote_name
        sql = " UNION ALL ".join(
            f"SELECT %s, COUNT(*), MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)}"
            for m in numbered.values()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(numbered))
            self.rows = {label: (count, top or 0) for label, count, top in cursor.fetchall()}
        self.keys = {
            label: set(model._base_manager.values_list("pk", flat=True))
            for label, model in self.models.items()
            if label not in numbered
        }

    def created(self, later: "Snapshot") -> dict[str, set]:
        new = {}
        for label, (count, top) in self.rows.items():
            if later.rows[label] != (count, top):
                pks = self.models[label]._base_manager.filter(pk__gt=top)
                new[label] = set(pks.values_list("pk", flat=True))
        for label, keys in self.keys.items():
            new[label] = later.keys[label] - keys
        return {label: pks for label, pks in new.items() if pks}

    def deleted(self, later: "Snapshot") -> dict[str, int]:
        """How many rows of each table were deleted."""
        created = self.created(later)
        gone = {
            label: count + len(created.get(label, ())) - later.rows[label][0]
            for label, (count, _top) in self.rows.items()
        }
        for label, keys in self.keys.items():
            gone[label] = len(keys - later.keys[label])
        return {label: n for label, n in gone.items() if n}

    def changes(self, later: "Snapshot") -> dict:
        return {"created": self.created(later), "deleted": self.deleted(later)}


def row(obj) -> dict:
    """The stored values of a row, to compare before and after."""
    model = type(obj)
    fresh = model._base_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return {}
    return {field.name: getattr(fresh, field.attname) for field in model._meta.concrete_fields}


def assert_unchanged(before: Snapshot, rows: dict | None = None):
    """Nothing was written: every table holds the same rows, and the given rows the same
    values ({obj: row(obj) taken before})."""
    after = Snapshot()
    assert before.changes(after) == {"created": {}, "deleted": {}}
    for obj, values in (rows or {}).items():
        assert row(obj) == values, obj


def assert_valid_rows(before: Snapshot, *also):
    """Every row created since `before` (and the given objects) passes its model's full
    validation: the change that was saved is a whole, valid one."""
    after = Snapshot()
    for label, pks in before.created(after).items():
        model = apps.get_model(label)
        if model._meta.app_label not in OFFICE_APPS or model._meta.auto_created:
            continue
        for obj in model._base_manager.filter(pk__in=pks):
            obj.full_clean()
    for obj in also:  # a fresh copy: the caller's object may be shared with other tests
        type(obj)._base_manager.get(pk=obj.pk).full_clean()
    return before.changes(after)


# --- The admin's own forms ---------------------------------------------------------------


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


_admin_forms = {}


def forget_admin_forms():
    """Forget the admin forms worked out so far (a new office has other rows)."""
    _admin_forms.clear()


def admin_forms(model_admin, user, obj=None):
    """The form fields of an admin's add (obj None) or change page, and its inline formsets
    as (prefix, form fields, existing objects, can delete). Worked out once per page."""
    key = (type(model_admin), user.pk, obj and obj.pk)
    if key not in _admin_forms:
        _admin_forms[key] = _work_out_admin_forms(model_admin, user, obj)
    return _admin_forms[key]


def _work_out_admin_forms(model_admin, user, obj):
    request = admin_request(user)
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=obj is not None, fields=flatten_fieldsets(fieldsets)
    )
    form = form_class(instance=obj) if obj is not None else None
    base = _initial(form) if form is not None else {}
    inlines = []
    prefixes = {}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1:
            prefix = f"{prefix}-{prefixes[prefix]}"
        formset = formset_class(
            instance=obj or model_admin.model(),
            prefix=prefix,
            queryset=inline.get_queryset(request),
        )
        existing = list(formset.get_queryset()) if obj is not None else []
        fields = {
            name: field
            for name, field in formset.empty_form.fields.items()
            if name not in ("id", "DELETE", formset.fk.name)
        }
        rows = [_initial(row_form, fields) for row_form in formset.forms[: len(existing)]]
        inlines.append((prefix, fields, existing, formset.can_delete, rows))
    return form_class.base_fields, inlines, base


def _initial(form, fields=None) -> dict:
    """The values an unbound form shows, as they would be posted back."""
    return {
        name: posted(field, form[name].value())
        for name, field in (fields or form.fields).items()
        if not isinstance(field, forms.FileField)
    }


@st.composite
def admin_post(draw, model_admin, user, obj=None, seed=None):
    """POST data for an admin add or change page: the main form and every inline formset.
    Careful posts start from the page's values (or `seed`, for an add page) and keep the
    existing inline rows; the others change or delete rows and add up to two."""
    fields, inlines, base = admin_forms(model_admin, user, obj)
    careful = draw(st.booleans())
    base = {**base, **(seed or {})}
    data = draw(form_data(fields, base=base or None, careful=careful))
    for prefix, inline_fields, existing, can_delete, rows in inlines:
        new = draw(st.integers(min_value=0, max_value=1 if careful else 2))
        total = len(existing) + new
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index in range(total):
            form_prefix = f"{prefix}-{index}"
            fixed, row_base = {}, None
            if index < len(existing):
                fixed[f"{form_prefix}-id"] = str(existing[index].pk)
                row_base = rows[index]
                if not careful and can_delete and draw(st.booleans()):
                    fixed[f"{form_prefix}-DELETE"] = "on"
            row = form_data(
                inline_fields, prefix=form_prefix, fixed=fixed, base=row_base, careful=careful
            )
            data.update(draw(row))
    return data


# Models added through their service on a page of their own, not on the admin's add page.
SERVICE_ADD_PAGES = {
    "delegates.delegate": "enter",
    "congress_sessions.vote": "record",
    "congress_sessions.agendadocument": "upload",
}


def admin_url(model, obj=None) -> str:
    opts = model._meta
    if obj is None:
        page = SERVICE_ADD_PAGES.get(opts.label_lower, "add")
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}")
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_admin_form(client, model, obj, data):
    """Post an admin add or change page: saved (a redirect) means one whole valid change
    (for an add, exactly one new row of the model); anything else means nothing changed."""
    before = Snapshot()
    values = {obj: row(obj)} if obj is not None else {}
    response = checked(client.post(admin_url(model, obj), data))
    event(f"{model._meta.label} {'change' if obj else 'add'}: {response.status_code}")
    if response.status_code == 302:
        changes = assert_valid_rows(before, *values)
        if obj is None:
            assert len(changes["created"].get(model._meta.label, ())) == 1, changes
    else:
        assert_unchanged(before, values)
    return response


def admin_action(client, model, action: str, selected, extra: dict | None = None):
    """Run an admin action on the selected primary keys, as the change list posts it."""
    data = {"action": action, "_selected_action": selected, "index": "0", **(extra or {})}
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return checked(client.post(url, data))


def fuzz_admin_page(data, office, model, which: str | None, add_seeds: dict):
    """Post a drawn add page of `model` (which=None) or change page of the office's `which`,
    as office staff, checked as `post_admin_form` checks it."""
    obj = getattr(office, which) if which else None
    seed = None if obj else add_seeds.get(model)
    model_admin = admin.site._registry[model]
    payload = data.draw(admin_post(model_admin, office.secretariat, obj, seed=seed))
    return post_admin_form(signed_in(office.secretariat), model, obj, payload)


def fuzz_admin_action(data, client, model, action: str, action_forms: dict, *, apply, most):
    """Run `action` on up to `most` drawn rows (real and forged keys) with its form's drawn
    values: whatever happens, every row left behind is valid."""
    pks = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
    selected = data.draw(st.lists(st.one_of(st.sampled_from(pks), number_text), max_size=most))
    form = action_forms.get(action)
    extra = data.draw(form_data(form.base_fields)) if form else {}
    if apply:
        extra["apply"] = "1"
    before = Snapshot()
    admin_action(client, model, action, selected, extra)
    assert_valid_rows(before)
