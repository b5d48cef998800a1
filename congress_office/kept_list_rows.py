"""A change list's rows kept per process, keyed by what each row shows (decision 587): the
same markup.

The items' list writes fifty rows of ten cells on every page (`office_list.office_rows`), each
cell worked out once a page at best (decisions 282, 444, 467): 1.1–1.3 ms of process CPU, a
sixth of the searched or filtered list, and the same rows from one page to the next. A row is
made of its columns (the list's `list_display` and links, the admin), its row's link (the
list's filters preserved in it), the language, the time zone and the day (a deadline's days
left), and the row's values as read: its own and those of the rows read with it
(`select_related`: the author's name, the lead unit's). So, for a list whose admin says its
cells show nothing else (`list_rows_kept = True`: no cell reads the time finer than the day,
the request, or any row not read with its own), a row is kept by those; a row whose writing
read the database (a field not read with it, a related row not read with it: what it read is
not in the key) is not kept, nor a value that is no key. A row changed is another key, shown
at once. `KEEP = False` writes every row (the tests compare)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from .kept_select_rows import QueriesSeen
from .kept_text import keep, kept_store

KEEP = True
AT_MOST = 5_000  # kept rows (some 2 KB each with its key): a hundred pages; more starts again

_rows = kept_store()


def page_key(cl, link_parts) -> tuple | None:
    """What every row of `cl`'s page is made of besides its values, or None when the list's
    rows are not kept."""
    if not KEEP or not getattr(cl.model_admin, "list_rows_kept", False):
        return None
    links = cl.list_display_links
    return (
        cl.model_admin,
        tuple(cl.list_display),
        links if links is None else tuple(links),
        link_parts,
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate(),
    )


def row_values(obj) -> tuple:
    """The row's values as read, and those of each row read with it down to two levels (the
        author read with an item, and what was read with the author), by attribute name: what
        its cells are made of. A row read with rows deeper than that (or a one-to-one's row
        pointing back), or with a user's row (its every value would be in the key, its password hash
    too: decisions 500, 555), raises TypeError: not kept."""
    return _values(obj, 2)


def _values(obj, depth: int) -> tuple:
    if isinstance(obj, AbstractBaseUser):  # its password hash is never held in a key
        raise TypeError("a user's row: not kept (decision 503)")
    related = obj._state.fields_cache
    if related and not depth:
        raise TypeError("rows read deeper than the key looks")
    return (
        tuple((name, value) for name, value in vars(obj).items() if name != "_state"),
        tuple(
            (name, None if row is None else _values(row, depth - 1))
            for name, row in related.items()
        ),
    )


def rows_written(page: tuple | None, objects, write) -> list[str]:
    """Each of `objects`' row markup, `write(obj)`'s, kept by `page` and the row's values
    (None: each written). The rows written are kept when none of them read the database."""
    if page is None:
        return [write(obj) for obj in objects]
    rows, missed = [], {}
    seen = QueriesSeen()
    with connection.execute_wrapper(seen):
        for obj in objects:
            try:
                key = (page, row_values(obj))
                row = _rows.get(key)
            except TypeError:  # a value that is no key
                rows.append(write(obj))
                continue
            if row is None:
                row = missed[key] = write(obj)
            rows.append(row)
    if not seen.any:
        for key, row in missed.items():
            keep(_rows, key, row, AT_MOST)
    return rows
