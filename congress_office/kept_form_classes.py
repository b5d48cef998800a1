"""An admin page's form class and its inlines' formset classes made once per process and kept,
keyed by everything they are made from (decision 357): the same classes, the same markup.

On every opening of a change or add page Django makes the page's form class and each inline's
formset class again (`modelform_factory`, `inlineformset_factory`): each model field's form
field through `formfield_for_dbfield`, its widget, its relation's wrapper, and a new class for
each: about a sixth of the session's change and add pages' CPU (docs/performance.md).

What a class is made from:
- the admin or inline (its class, model, site) and what Django reads of it for the request and
  the object: the fields, read-only fields, exclusions, extra/min/max rows, the admin's change
  permission for the object and the inline's add, change and delete permissions for it (an
  election's inlines answer by its status, not by the account's permissions alone);
- the arguments the page passed (`fields`, `change`, ...);
- the account's permissions asked while the fields were made (the relations' wrappers show an
  add, change, delete or view link by the related model's permission): each question asked
  and its answer are recorded with the class, and a class is given again only to a request
  whose account answers every one of them alike;
- the language and URLconf (`kept_text.language_key`), though labels are lazy until shown.

A question about an object's permission while the fields are made, or a posted page (whose
forms are validated: Django's inline form checks the deletion with the request and object it
was made for), makes the class anew as Django does, kept for nothing. A class kept holds no
request: the callback Django binds to the request it was made for is bound to a weak proxy of
it (`_request_let_go`, decision 556). `tests/core/test_kept_form_classes.py` changes each
part of the key and compares the page with Django's own classes (`KEEP` off)."""

from functools import partial
from weakref import WeakSet, proxy

from django.contrib.admin.utils import flatten_fieldsets
from django.utils.functional import LazyObject, empty

from congress_office.kept_text import keep, kept_store, language_key

KEEP = True  # Off: Django's classes, made anew on every opening (the tests compare)
AT_MOST = 256  # kept classes: a few dozen admins and inlines, by language and permissions

_classes = kept_store()
_kept = WeakSet()  # the classes kept (kept_empty_forms.py keeps what one of them makes)
SHOWN = ("GET", "HEAD")


def _hashable(value):
    if type(value) is tuple:
        # A key made here already (a kept form's key in a row's): hashed as it is, in C, not
        # walked again; equal to what the walk would give (decision 457).
        try:
            hash(value)
        except TypeError:
            pass
        else:
            return value
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    hash(value)
    return value


def _inline_permissions(inline, request, obj) -> tuple:
    """What Django's `get_formset` asks of the inline for the object (its deletion checkbox;
    its forms' `has_changed`)."""
    return (
        inline.has_add_permission(request, obj),
        inline.has_change_permission(request, obj),
        inline.has_delete_permission(request, obj),
    )


class _Asked:
    """The account's permission questions asked while a class is made, and their answers."""

    def __init__(self, user):
        self.user, self.answers, self.about_objects = _unwrapped(user), [], False

    def __enter__(self):
        user = self.user
        self.own = {name: vars(user).get(name) for name in ("has_perm", "has_module_perms")}
        has_perm, has_module_perms = user.has_perm, user.has_module_perms

        def asking(perm, obj=None):
            answer = has_perm(perm, obj)
            if obj is None:
                self.answers.append(("perm", perm, answer))
            else:
                self.about_objects = True
            return answer

        def asking_module(app_label):
            answer = has_module_perms(app_label)
            self.answers.append(("module", app_label, answer))
            return answer

        user.has_perm, user.has_module_perms = asking, asking_module
        return self

    def __exit__(self, *exc):
        for name, own in self.own.items():
            if own is None:
                delattr(self.user, name)  # the class's method again
            else:
                setattr(self.user, name, own)


def _unwrapped(user):
    """The request's user itself, not the lazy object Django's middleware sets."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def _answers_alike(user, answers) -> bool:
    for kind, name, answer in answers:
        asked = user.has_perm(name) if kind == "perm" else user.has_module_perms(name)
        if asked != answer:
            return False
    return True


def kept_class(request, key, make):
    """`make()`, the class for `key` (what the owner reads for the request and object), kept
    as the module's docstring says."""
    user = getattr(request, "user", None)
    if not KEEP or request.method not in SHOWN or user is None:
        return make()
    try:
        key = (*language_key(), *_hashable(key))
    except TypeError:  # an argument that cannot be a key
        return make()
    for answers, made in _classes.get(key, ()):
        if _answers_alike(user, answers):
            return made
    with _Asked(user) as asked:
        made = make()
    if not asked.about_objects:
        _request_let_go(made, request)
        keep(_classes, key, (*_classes.get(key, ()), (tuple(asked.answers), made)), AT_MOST)
        _kept.add(made)
    return made


def made_once(cls) -> None:
    """`cls` counted as kept here: a class its maker keeps once per process by all it is made
    of, as this module keeps its own (value_rows' read-only formsets, decision 360), so what
    is kept by such a class (an inline's frame, decision 536) is kept for it too."""
    _kept.add(cls)


def _request_let_go(made, request) -> None:
    """The class kept holds no request (decision 556): Django gives each form class it makes
    the callback its fields were made by, bound to the request (`formfield_callback`, in the
    class's `Meta` and `_meta`; a change list's formset's form and the form it is made from
    each have one), which held the first opener's request (its session cookie, CSRF token and
    account) for the process's life. Bound to a weak proxy of it instead: the same callback
    while the request lives, for a subclass made during it; nothing reads it later (a posted
    page's classes are made anew). A form class made from a kept one on a later page (Django's
    metaclass calls the callback it inherits) would fail with `ReferenceError`: such a subclass
    is made inside the kept `get_form`, as `admin_helpers`' are (decision 606)."""
    form = getattr(made, "form", made)  # a formset class's form class, or the form class
    for cls in getattr(form, "__mro__", ()):
        options = vars(cls).get("_meta")
        callback = getattr(options, "formfield_callback", None)
        if not isinstance(callback, partial) or callback.keywords.get("request") is not request:
            continue
        keywords = {**callback.keywords, "request": proxy(request)}
        let_go = partial(callback.func, *callback.args, **keywords)
        options.formfield_callback = let_go
        meta = vars(cls).get("Meta")
        if isinstance(vars(meta).get("formfield_callback") if meta else None, staticmethod):
            meta.formfield_callback = staticmethod(let_go)


def is_kept(cls) -> bool:
    """Whether `cls` is a class kept here: given again for the same inputs, so its identity
    stands for all its key holds."""
    return cls in _kept


class KeptFormClass:
    """For a model admin (before OfficeModelAdmin): its page's form class kept."""

    def get_form(self, request, obj=None, **kwargs):
        key = (
            "form",
            self,
            obj is None,
            kwargs,
            tuple(self.get_readonly_fields(request, obj)),
            self.get_exclude(request, obj),
            None if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj)),
            self.has_change_permission(request, obj),  # Django's get_form: all read-only?
        )
        return kept_class(request, key, lambda: super(KeptFormClass, self).get_form(
            request, obj, **kwargs))  # fmt: skip


class KeptFormSetClass:
    """For an inline: its formset class kept (Django's `get_formset`, which the admin's
    `get_formsets_with_inlines` calls with the request and object alone)."""

    def get_formset(self, request, obj=None, **kwargs):
        key = (
            "formset",
            type(self),
            self.parent_model,
            self.admin_site,
            obj is None,
            kwargs,
            tuple(self.get_readonly_fields(request, obj)),
            self.get_exclude(request, obj),
            None if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj)),
            self.get_extra(request, obj, **kwargs),
            self.get_min_num(request, obj, **kwargs),
            self.get_max_num(request, obj, **kwargs),
            _inline_permissions(self, request, obj),
        )
        return kept_class(request, key, lambda: super(KeptFormSetClass, self).get_formset(
            request, obj, **kwargs))  # fmt: skip
