"""A key made already is not walked again (kept_form_classes._hashable, decision 457), a held
row's stand-in form adds its media once (inline_frames._FormsMedia, decision 458), the related
rows' links' images are kept addresses (kept_static.kept_address, decision 459): the same keys,
media and addresses, the same page and queries as before, at two sizes."""

from functools import partial
from unittest import mock

import pytest
from django.contrib.admin.helpers import InlineAdminFormSet
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext

from congress_office import inline_frames, kept_empty_forms, kept_form_classes, kept_inline_rows
from congress_office.kept_form_classes import _hashable
from congress_office.templatetags.kept_static import kept_address
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.test_kept_inline_rows import _session as _made_session

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(
    kept_form_classes._classes,
    kept_empty_forms._forms,
    kept_empty_forms._rows,
    kept_inline_rows._rows,
)
_djangos = partial(djangos, kept_inline_rows)


def _walked(value):
    """What `_hashable` gave before decision 457: every tuple walked."""
    if isinstance(value, list | tuple):
        return tuple(_walked(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _walked(v)) for k, v in value.items()))
    hash(value)
    return value


@pytest.mark.parametrize(
    "value",
    [
        (1, "a", (2, (3, None)), frozenset({4})),
        (1, [2, 3], {"b": [4], "a": (5,)}),
        ((1, 2), ((3, [4]),)),
        [(1, 2), {"x": (3,)}],
        (),
    ],
)
def test_a_key_is_what_the_walk_gave(value):
    made = _hashable(value)
    assert made == _walked(value)
    assert hash(made) == hash(_walked(value))
    assert _hashable(made) == made


def test_a_key_holding_what_has_no_hash_is_refused():
    with pytest.raises(TypeError):
        _hashable((1, (2, {3})))


def _session(term, items):
    return f"/admin/congress_sessions/session/{_made_session(term, items).pk}/change/"


@pytest.mark.parametrize("items", [1, 12])
def test_held_rows_media_is_djangos(office, term, items):
    url = _session(term, items)
    office.get(url)  # the rows kept
    again = office.get(url)
    inline_formsets = again.context["inline_admin_formsets"]
    held = [f for f in inline_formsets if f.formset.__dict__.get(kept_inline_rows._HELD)]
    assert len(held) == 3  # the sittings', the items' and the committees' (decision 487)
    for inline_formset in inline_formsets:
        assert type(inline_formset) is inline_frames._FormsMedia
        assert str(inline_formset.media) == str(InlineAdminFormSet.media.fget(inline_formset))
    assert _page(office, url) == _djangos(office, url)


@pytest.mark.parametrize("items", [1, 12])
def test_the_pages_queries_are_as_many(office, term, items):
    url = _session(term, items)
    office.get(url)
    with CaptureQueriesContext(connection) as kept:
        office.get(url)
    with (
        mock.patch.object(kept_inline_rows, "KEEP", False),
        CaptureQueriesContext(connection) as made,
    ):
        office.get(url)
    assert len(kept) == len(made) == 14


def test_a_links_image_address_is_djangos_kept(settings):
    """The related-row links' images (form_renderer.py, decision 459): Django's `static`, asked
    of the storage once, and asked again after the static files' address changes."""
    path = "admin/img/icon-changelink.svg"
    assert kept_address(path) == static(path) == kept_address(path)
    settings.STATIC_URL = "/elsewhere/"
    assert kept_address(path) == static(path)
    assert kept_address(path).startswith("/elsewhere/")


def test_an_inlines_rows_key_is_made_once_a_page(office, term):
    """Decision 508: asked three times an inline (rows held, rows written, empty row), made
    once for the same empty form's key; the same keys, the same page as made each time."""
    url = f"/admin/congress_sessions/session/{_made_session(term).pk}/change/"
    made = kept_empty_forms._rows_key
    keys = []

    def counted(*args):
        keys.append(made(*args))
        return keys[-1]

    _page(office, url)
    with mock.patch.object(kept_empty_forms, "_rows_key", counted):
        again = _page(office, url)
    assert len(keys) == 3 and None not in keys  # the sittings', items' and committees'
    assert again == djangos(kept_inline_rows, office, url)
    formset = mock.Mock(
        spec=["formset", "opts", "fieldsets", "readonly_fields", "prepopulated_fields"],
        fieldsets=[(None, {"fields": ["name"]})],
        readonly_fields=[],
        prepopulated_fields={},
        has_change_permission=True,
        has_delete_permission=True,
        has_view_permission=True,
    )
    formset.formset.__dict__["_kept_empty_form_key"] = ("a form",)
    first = kept_empty_forms.rows_key(formset, True)
    formset.formset.__dict__["_kept_empty_form_key"] = ("another form",)
    assert kept_empty_forms.rows_key(formset, True) != first  # another empty form: made anew
