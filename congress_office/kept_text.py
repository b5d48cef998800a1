"""What is written the same for every reader under the same active language, script prefix,
URLconf and escaping, while the settings (and so the static files' storage) stay as they are:
a template's fixed text (decisions 305 and 314), a ballot's blank lines and candidates (312), a
select's markup (317, 326). Written once per process and kept under what it depends on; every
store made here starts again when a setting changes (a test's other languages, addresses or
storage), and when it holds too many."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

_stores: list[dict] = []


def kept_store() -> dict:
    """An empty store of kept texts, emptied with every other when a setting changes."""
    store: dict = {}
    _stores.append(store)
    return store


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    for store in _stores:
        store.clear()


def keep(store: dict, key, value, most: int) -> None:
    """`value` kept under `key`; a store holding `most` starts again (a bound on memory)."""
    if len(store) >= most:
        store.clear()
    store[key] = value


def kept(store: dict, key, make, most: int):
    """`store[key]`, made by `make()` the first time a process needs it and kept as `keep`
    keeps it (decisions 312, 317, 326 keep what every reader is shown alike this way)."""
    try:
        return store[key]
    except KeyError:
        value = make()
        keep(store, key, value, most)
        return value


def language_key(context=None) -> tuple:
    """What kept text depends on besides the settings: the active language, the script
    prefix, the URLconf (as `roles.menu_url` keys its addresses) and whether the template
    escapes (a view's text, without a template's context, is escaped)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    autoescape = context.autoescape if context is not None else True
    return (get_language(), get_script_prefix(), urlconf, autoescape)


def media_key(media, kind: str):
    """What kept `media[kind]` (a `Media`'s "css" or "js") depends on besides `language_key`:
    the lists of files it merges, as given, before the merge, whose result they decide; None
    when one is not a file's name (a script object), which is written each time."""
    if kind == "js":
        lists = tuple(tuple(files) for files in media._js_lists)
        names = [name for files in lists for name in files]
    else:
        lists = tuple(
            tuple((medium, tuple(files)) for medium, files in by_medium.items())
            for by_medium in media._css_lists
        )
        names = [name for by_medium in lists for _medium, files in by_medium for name in files]
    if all(type(name) is str for name in names):
        return (kind, lists)
    return None
