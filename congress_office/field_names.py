"""The names of the fields an admin's form shows, learnt once per admin and what decides them
(decision 362).

An admin (or inline) without `fields` or `fieldsets` learns which fields its page shows from
Django's `get_fields`, which builds a whole model form for it (`_get_form_for_get_fields`: the
admin's `get_form(fields=None)`, an inline's `get_formset(fields=None)`), every field's form
field, widget and queryset made, to read its fields' names and throw it away. The activity's
add page built five model forms, three of them for names only: the activity's, and its
inline's twice (once for its formset, once again for the page's headings); about a tenth of
the page's CPU.

The names are those of the form that probe builds, which is decided by the admin (its class,
site, model, form class, and an inline's parent model, formset and foreign key: an inline is
made anew for every request, so these are the key, not the instance), what it excludes
and shows read-only for this request and object (`get_exclude`, `get_readonly_fields`, asked
every time and the key), and which of the model's fields give a form field: Django's
`formfield_for_dbfield` refuses one (returns None) only by the model's structure (a
many-to-many through a model of its own), and none of the office's overrides refuses one
(tests/core/test_field_names.py compares every admin and inline of the site with Django's
probe). The probe is built the first time and its names kept under that key. An admin whose
own `get_form` (an inline: `get_formset`) or `_get_form_for_get_fields` might choose another
form by the request is left to Django: its names are learnt on every opening as before."""

from django.contrib.admin.options import InlineModelAdmin

from congress_office.kept_text import kept, kept_store

# Off: every admin learns its fields' names as Django does (the tests compare both).
KEPT = True
AT_MOST = 1024  # more, and it starts again: a few hundred admins and inlines, few variants each
# Where the methods that build the probe may come from for its names to be kept: Django's and
# the office's base's (congress_office/admin_helpers.py), not an admin's own.
PROBES_OF = ("django.contrib.admin.options", "congress_office.admin_helpers", __name__)


_names = kept_store()  # (the admin's key, excluded, read-only): the probe's fields' names


class KeptFieldNames:
    """For a model admin or an inline: `get_fields` as Django's, the probe's names kept."""

    def get_fields(self, request, obj=None):
        if self.fields or not KEPT or not _probe_is_djangos(type(self)):
            return super().get_fields(request, obj)
        excluded = self.get_exclude(request, obj)
        readonly = self.get_readonly_fields(request, obj)
        key = (*_admin_key(self), _tuple(excluded), _tuple(readonly))
        try:
            hash(key)
        except TypeError:  # something unhashable among them: learnt as Django learns it
            return super().get_fields(request, obj)
        names = kept(_names, key, lambda: self._probed_names(request, obj), AT_MOST)
        return [*names, *readonly]

    def _probed_names(self, request, obj) -> tuple:
        """The names of the fields of the form Django's `get_fields` builds to learn them."""
        return tuple(self._get_form_for_get_fields(request, obj).base_fields)


def _probe_is_djangos(admin_class) -> bool:
    builder = "get_formset" if issubclass(admin_class, InlineModelAdmin) else "get_form"
    return all(
        getattr(admin_class, name).__module__ in PROBES_OF
        for name in (builder, "_get_form_for_get_fields")
    )


def _admin_key(admin) -> tuple:
    """What decides the probe's form of an admin or inline, besides the request's answers."""
    inline = (
        (admin.parent_model, admin.formset, admin.fk_name)
        if isinstance(admin, InlineModelAdmin)
        else ()
    )
    return (type(admin), admin.admin_site, admin.model, admin.form, *inline)


def _tuple(names):
    return None if names is None else tuple(names)
