"""Helpers for the admin pages: actions and pages whose work is done by a service, and the base
of every admin page of the office."""

import html

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import Promise, cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from congress_office.wording import label_suffix, labelled

from . import (
    admin_filters,  # noqa: F401 - every list's filter by a related field
    kept_empty_forms,
)
from .admin_autocomplete import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    name_the_object,
    picker_for,
    read_chosen_at_once,
)
from .deletion_preview import deleted_objects
from .field_names import KeptFieldNames
from .forms import apply_service, show_refusal
from .inline_frames import with_forms_media, with_written_management
from .kept_widgets import KeptWidgets, with_kept_addresses, with_kept_select
from .list_links import OfficeChangeList
from .select_rows import with_rows_at_once


def admin_page_context(admin_site, request) -> dict:
    """What the admin's base template needs, without the navigation sidebar's list of every
    model (the office's site leaves it out of `each_context`: congress_office/admin_site.py)."""
    return admin_site.each_context(request)


def model_field_names(model) -> list[str]:
    """The names of a model's fields, for a page that shows them all read-only; the id Django
    adds by itself is left out (its label, "ID", is the one field name Django never
    translates, and the office never needs the number)."""
    return [f.name for f in model._meta.fields if not (f.primary_key and f.auto_created)]


def user_name_field(model, field_name: str):
    """A read-only field or column, for a model admin or an inline, that shows the user in
    `field_name` by their name. The admin would link a read-only user to the user's admin page,
    which office staff may not open (a 403 page): the name is all they need (decision 92).
    Assign it to an attribute named as the page's field: `actor_name = user_name_field(...)`."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name, ordering=field_name)
    def show(model_admin, obj):
        user = getattr(obj, field_name)
        if user is None:
            return model_admin.get_empty_value_display()
        return user.get_full_name() or user.get_username()

    return show


def apply_to_each(model_admin, request, objects, call) -> list:
    """A bulk action's counterpart of `apply_service`: `call(obj)` (a service) for each selected
    object, each refusal reported as an error message that names the object refused (one
    message for many objects would not say which). Returns what the calls that were done
    returned."""
    from django.contrib import messages

    done = []
    for obj in objects:
        try:
            done.append(call(obj))
        except ValidationError as error:
            model_admin.message_user(
                request, labelled(obj, " ".join(error.messages)), messages.ERROR
            )
    return done


def action_with_form(*, name, description, form_class, apply, template, done):
    """An admin action called `name` that asks on an intermediate page (`template`) for what it
    needs (`form_class`), then applies it to each selected object through a service
    (`apply(obj, cleaned_data, user)`), reporting each refusal and, with `done(n)`, how many
    were done."""
    from django.contrib import messages

    def action(model_admin, request, queryset):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = len(
                apply_to_each(
                    model_admin,
                    request,
                    queryset,
                    lambda obj: apply(obj, form.cleaned_data, request.user),
                )
            )
            if count:
                model_admin.message_user(request, done(count), messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            template,
            {
                **model_admin.admin_site.each_context(request),
                "title": description,
                "form": form,
                "items": queryset,
                "action": name,
                "opts": model_admin.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = name  # the admin knows an action by its function's name
    return admin.action(description=description, permissions=["change"])(action)


class SafeAutocomplete:
    """For ModelAdmin and inline classes with `autocomplete_fields`: the same widgets, but a
    form re-shown with a forged id among its values shows its errors instead of failing."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ConstraintsChecked:
    """For admin forms: the model's constraints are checked with the stored values of the
    fields the page does not edit (read-only ones, such as a record's term) as well. Django
    leaves a constraint out as soon as one of its fields is not on the form, so a duplicate
    would otherwise reach the database and fail there."""

    def validate_unique(self):
        super().validate_unique()
        with_errors = {name for name in self.fields if name in self.errors}
        try:
            self.instance.validate_constraints(exclude=with_errors)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                shown = self.errors.get(target or NON_FIELD_ERRORS, [])
                for message in messages:
                    if message not in shown:  # some constraints were checked already
                        self.add_error(target, message)


class _Pickers:
    """An admin form whose `search_pickers` are searched as one types, and whose pickers ask
    for the options of the form's object (congress_office/admin_autocomplete.py)."""

    search_pickers: tuple[str, ...] = ()
    admin_site = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.search_pickers:
            if name in self.fields:
                picker_for(self, name, self.admin_site)
        name_the_object(self)


REFUSAL_ATTRIBUTE = "_office_save_refusal"


# Off: Django's formsets, a new empty form each time (tests/core/test_office_form.py compares).
ONE_EMPTY_FORM = True


class _OneEmptyForm:
    """An inline's formset whose empty form (the hidden row "Add another" copies) is built once
    a page: Django builds a new one each time it is asked for (four times an inline on a change
    page: the header's labels, the rows, the media, the multipart test), each with its fields
    deep-copied and its pickers named; the same form, read or rendered (decision 268). A
    formset class kept per process keeps its empty form too (kept_empty_forms.py, decision
    370)."""

    @cached_property
    def empty_form(self):
        return kept_empty_forms.empty_form(self, lambda: super(_OneEmptyForm, self).empty_form)


def _shown_formset(formset):
    """The formset class a page uses for Django's `formset`: its empty form built once, its
    management form written. Made once per class and kept in the class's own namespace (a
    class kept per process, decision 357, is not wrapped again on every opening: two new
    classes an inline; decision 373), with the switch it was made under."""
    made = formset.__dict__.get("_office_shown")
    if made is None or made[0] != ONE_EMPTY_FORM:
        shown = formset
        if ONE_EMPTY_FORM:
            shown = type(formset.__name__, (_OneEmptyForm, formset), {})
        made = (ONE_EMPTY_FORM, with_written_management(shown))
        formset._office_shown = made
    return made[1]


class _RefusalShown:
    """A change page's form posted again after a service refused to save it: the refusal is
    one of its errors, so the admin shows the page again and saves nothing."""

    refusal: ValidationError

    def clean(self):
        cleaned = super().clean()
        show_refusal(self, self.refusal)
        return cleaned


def _suffixed(lines):
    """Django's "Verbose name: object" lines (nested lists of them), with the reader's label
    suffix in place of the first ": " (a model's verbose name holds none)."""
    if isinstance(lines, list | tuple):
        return [_suffixed(line) for line in lines]
    return mark_safe(conditional_escape(lines).replace(": ", conditional_escape(label_suffix()), 1))


def _auto_through_models():
    """The tables Django makes for many-to-many fields without a model of their own."""
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.auto_created
    ]


def _sign_in_credential_models():
    """An account's two-factor devices and recovery codes (django-otp): they go with the
    account, and django-otp names them in English only ("TOTP devices", "Static tokens")."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return [TOTPDevice, StaticDevice, StaticToken]


def _without_auto_through_rows(lines, prefixes):
    """Django's nested list of what a deletion takes, less the rows of automatic many-to-many
    tables (and their sub-lists): Django names them by class names, in English in every
    language ("Session-nonvotingattendee relationship: Session_invited_attendees object (3)"),
    and they are only the object's links, which go with it."""
    kept, dropping = [], False
    for line in lines:
        if isinstance(line, list | tuple):
            if not dropping:
                kept.append(_without_auto_through_rows(line, prefixes))
            continue
        dropping = str(line).startswith(prefixes)
        if not dropping:
            kept.append(line)
    return kept


# Django's own words (its catalog translates them), kept out of the office's catalog.
SELECT_ONE_LABEL = "Select this object for an action - {}"
_NOT_SET = object()  # an attribute not set (`get_empty_value_display`)


def escaped(value) -> str:
    """`conditional_escape`, without its check for lazy arguments on every call (a third of
    a change list's rows' time): the same steps, Django's `escape` being `html.escape` of the
    text."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def row_checkbox(pk, label) -> str:
    """A change list row's checkbox as `format_html` writes it (the id and the row's name
    escaped into Django's words), in plain steps: `format_html`'s two calls a row were a
    twentieth of a list's time (decision 282)."""
    return row_checkboxes()(pk, label)


def row_checkboxes():
    """`row_checkbox` for the rows of one page: Django's words translated once, not for each
    of fifty rows (a third of the checkbox's time, decision 301)."""
    words = gettext(SELECT_ONE_LABEL)

    def checkbox(pk, label) -> str:
        named = words.format(escaped(label))
        return mark_safe(
            f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
            f'value="{escaped(pk)}" class="action-select" aria-label="{named}">'
        )

    return checkbox


class OfficeModelAdmin(KeptFieldNames, SafeAutocomplete, admin.ModelAdmin):
    """The base of every admin page of the office: autocomplete fields that hold up against
    forged ids, forms that check every constraint, and its fields' names learnt once
    (field_names.py, decision 362). (An action's selection naming an item
    by something that is no id selects nothing: see congress_office/lookups.py.)"""

    # Fifty rows a page, not Django's hundred: each row costs its cells' generic machinery
    # (a change list's time grew with its page, not its table: decision 175).
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        """Django's change list, its links written with each parameter encoded once a page
        (decision 322)."""
        return OfficeChangeList

    def get_empty_value_display(self):
        """Django's, without raising and catching an AttributeError on every call: no admin
        of the office but one sets `empty_value_display`, and a list asks for it in each
        empty cell of its callables (about 4 µs a call against 1; decision 354)."""
        value = getattr(self, "empty_value_display", _NOT_SET)
        if value is _NOT_SET:
            value = self.admin_site.empty_value_display
        return mark_safe(value)

    def action_checkbox(self, obj):
        """Each row's checkbox, the markup Django's CheckboxInput writes, without rendering
        that widget's three templates per row: a fifth of a change list's time (decision
        173)."""
        return row_checkbox(obj.pk, str(obj))

    # Fields the page's form declares itself (not model fields) that pick among rows that
    # grow with the office (accounts, delegates): searched as one types, not listed (decision
    # 193). Model fields go in `autocomplete_fields`, as in Django.
    search_pickers: tuple[str, ...] = ()

    # The related rows a change page prints as read-only values (each one's `str()`), read
    # with the object: otherwise each is a query of its own when the page prints it (decision
    # 236). Only relations the page shows: a join the page does not print costs for nothing.
    object_select_related: tuple[str, ...] = ()

    def get_object(self, request, object_id, from_field=None):
        """Django's look-up of the page's object (the same queryset, field and answer to an id
        that names nothing), with `object_select_related`."""
        if not self.object_select_related:  # select_related() alone would join every relation
            return super().get_object(request, object_id, from_field)
        queryset = self.get_queryset(request).select_related(*self.object_select_related)
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            object_id = field.to_python(object_id)
            return queryset.get(**{field.name: object_id})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_formsets_with_inlines(self, request, obj=None):
        """Django's, each formset's empty form built once and its management form written
        (congress_office/inline_frames.py, decision 332)."""
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield _shown_formset(formset), inline

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        """Django's, each one's media added up without building its rows twice
        (congress_office/inline_frames.py, decision 332)."""
        return with_forms_media(
            super().get_inline_formsets(request, formsets, inline_instances, obj)
        )

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        """Django's, a fixed choices' select kept (congress_office/kept_widgets.py, decision
        332; every inline of the office has KeptWidgets for the same)."""
        kwargs = with_kept_select(self, db_field, kwargs)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Django's, a relation's wrapper keeping its addresses (as above), its select's rows
        read at once (select_rows.py, decision 363)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return with_rows_at_once(with_kept_addresses(formfield))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Django's, the chosen rows of the page's pickers read together (decision 268)."""
        forms = [context["adminform"].form]
        for inline in context.get("inline_admin_formsets", ()):
            # Rows written from values (congress_office/value_rows.py) have no picker.
            if not getattr(inline.formset, "rows_from_values", False):
                forms.extend(inline.formset.forms)
        read_chosen_at_once(forms)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, **kwargs):
        """Django's form, with pickers searched as one types and every constraint checked.
        Those bases go under the form Django makes (kept per admin and form class), not
        around it: a class made around a model form builds its fields again, every page
        (decision 341). A form declaring a field the page shows read-only is Django's to
        strip (it sets it to None around the form given), then ours around it, as before."""
        base = kwargs.get("form", self.form)
        readonly = self.get_readonly_fields(request, obj)
        if any(name in base.declared_fields for name in readonly):
            form = super().get_form(request, obj, **kwargs)
            form = type(form.__name__, (_Pickers, ConstraintsChecked, form), self._form_attrs())
        else:
            form = super().get_form(request, obj, **{**kwargs, "form": self._office_form(base)})
        refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
        if refusal is not None:
            return type(form.__name__, (_RefusalShown, form), {"refusal": refusal})
        return form

    def _form_attrs(self) -> dict:
        return {"search_pickers": self.search_pickers, "admin_site": self.admin_site}

    def _office_form(self, base):
        """`base` with the office's bases, made once per admin (one per process) and form."""
        made = self.__dict__.setdefault("_office_forms", {})
        if base not in made:
            made[base] = type(
                base.__name__, (_Pickers, ConstraintsChecked, base), self._form_attrs()
            )
        return made[base]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A change or add page whose saving calls services (`save_model`, `save_related`):
        the services write, and when one refuses, Django's transaction around the page undoes
        everything written since the form was posted, and the page is shown again as for an
        invalid form, the refusal next to its field and what was typed kept. No check is
        copied into the form's `clean()`: the service is the one judge."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            # Only the saving raises one here (a posted form that did not validate is shown
            # with its errors, not raised); shown, the form is invalid and nothing is saved.
            if request.method != "POST" or getattr(request, REFUSAL_ATTRIBUTE, None):
                raise
            setattr(request, REFUSAL_ATTRIBUTE, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes with it, each line "Verbose name: object"
        with a half-width colon whatever the language (admin.utils.get_deleted_objects writes
        it): the colon made the reader's ("党代表：张代表"). Beyond a hundred rows, only the objects
        chosen are named, the rest counted by kind (congress_office/deletion_preview.py)."""
        deleted, model_count, perms_needed, protected = deleted_objects(
            objs, request, self.admin_site
        )
        through = _auto_through_models() + _sign_in_credential_models()
        prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in through)
        plurals = {str(model._meta.verbose_name_plural) for model in through}
        deleted = _without_auto_through_rows(deleted, prefixes)
        model_count = {name: n for name, n in model_count.items() if str(name) not in plurals}
        return _suffixed(deleted), model_count, perms_needed, _suffixed(protected)

    def has_permission_to(self, request, action: str) -> bool:
        """Whether the user holds the model's `action` permission ("add", "change", ...): for
        the pages that do a step of their own instead of the admin's add page, whose
        `has_add_permission` is then False so that the generic page is not offered."""
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")

    def service_form_view(
        self,
        request,
        *,
        title,
        call,
        success,
        form_class=None,
        initial=None,
        permission="add",
        intro="",
    ):
        """A page of its own, in the admin's look, for a step a service takes instead of the
        admin's add page: the admin's form for the page's fieldsets (its widgets, autocomplete
        included, and constraint checks), then, once valid, `call(cleaned_data)`, the service,
        which returns the object made. A refusal is shown next to its field with what was typed
        kept; on success the user reads `success(cleaned_data)` on the object's page.

        A step on an object that exists (correcting a record) passes its own `form_class`
        (with `initial` values), the model `permission` it needs, and an `intro` saying which
        object the step is on."""
        if not self.has_permission_to(request, permission):
            raise PermissionDenied
        if form_class is None:
            fieldsets = self.get_fieldsets(request)
            form_class = self.get_form(request, None, fields=flatten_fieldsets(fieldsets))
        else:
            fieldsets = [(None, {"fields": list(form_class.base_fields)})]
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                made = apply_service(
                    form,
                    lambda: call(form.cleaned_data),
                    request=request,
                    success=success(form.cleaned_data),
                )
                if made:
                    opts = self.model._meta
                    return redirect(
                        f"admin:{opts.app_label}_{opts.model_name}_change", made.result.pk
                    )
        else:
            form = form_class(initial=initial)
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.model._meta,
            "adminform": adminform,
            "media": self.media + adminform.media,
        }
        return TemplateResponse(request, "admin/service_form.html", context)


class ReadOnlyInline(KeptWidgets, admin.TabularInline):
    """Rows shown on their parent's page as they are: no adding, changing or deleting."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
