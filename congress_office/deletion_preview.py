"""What a deletion takes with it, as the admin's confirmation page lists it, bounded.

Django's `get_deleted_objects` writes a line for every row that goes with the object, each
row's name (`str()`) often a query of its own: a session's confirmation page named each
attendance and vote, about 2,900 queries at 20,000 proposals and over 9,000 at 100,000, and
hundreds of times the time of a trivial page (docs/performance.md, "Forms, third pass").
Here, up to `LISTED_AT_MOST` rows, the page lists them as Django does; beyond, it names the
objects chosen and leaves the rest to the page's summary, the count of each kind (Django's
own). What protects an object from deletion is always listed, and the permission to delete
every row is checked as Django checks it. Decision 196."""

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import ngettext

# Enough to read through on one page; beyond it a list is a scroll no one reads.
LISTED_AT_MOST = 100


class _Lines:
    """Django's line for an object (a link to its page when the admin has one), and the
    permission check it does on the way."""

    def __init__(self, request, admin_site):
        self.request = request
        self.admin_site = admin_site
        self.perms_needed = set()

    def check(self, obj):
        model, opts = obj.__class__, obj._meta
        if not self.admin_site.is_registered(model) or opts.verbose_name in self.perms_needed:
            return  # one refusal per kind is all the page says
        if not self.admin_site.get_model_admin(model).has_delete_permission(self.request, obj):
            self.perms_needed.add(opts.verbose_name)

    def line(self, obj):
        self.check(obj)
        opts = obj._meta
        plain = f"{capfirst(opts.verbose_name)}: {obj}"
        if not self.admin_site.is_registered(obj.__class__):
            return plain
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                None,
                (quote(obj.pk),),
            )
        except NoReverseMatch:
            return plain
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


def deleted_objects(objs, request, admin_site):
    """Django's (deleted lines, count per kind, kinds the user may not delete, protected
    lines) for the objects `objs`, with at most LISTED_AT_MOST rows named."""
    if not len(objs):
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    lines = _Lines(request, admin_site)
    rows = sum(len(kind) for kind in collector.model_objs.values())
    if rows <= LISTED_AT_MOST:
        deleted = collector.nested(lines.line)
    else:
        chosen = collector.edges.get(None, ())
        for kind in collector.model_objs.values():
            for obj in kind:
                lines.check(obj)
        # Rows of Django's automatic many-to-many tables are links, not objects (the page
        # leaves them out: OfficeModelAdmin.get_deleted_objects).
        objects = sum(
            len(kind)
            for model, kind in collector.model_objs.items()
            if not model._meta.auto_created
        )
        others = objects - len(chosen)
        deleted = [lines.line(obj) for obj in chosen] + [
            ngettext(
                "%(count)s more object, counted by kind in the summary",
                "%(count)s more objects, counted by kind in the summary",
                others,
            )
            % {"count": others}
        ]
    protected = [lines.line(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(kind) for model, kind in collector.model_objs.items()
    }
    return deleted, model_count, lines.perms_needed, protected
