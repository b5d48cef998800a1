"""`{% static %}` as Django's, each file's address asked of the storage once per process
(decision 305): base.html names three files on every page, and the storage's `url` (the
staticfiles app looked up, the name quoted and joined, or looked up in the manifest) cost
about 35 µs each time for an address that does not change while the process runs. A test
that changes the settings (STATIC_URL, STORAGES) starts the kept addresses again."""

from django import template
from django.templatetags.static import StaticNode

from congress_office.kept_text import keep, kept_store

register = template.Library()

_kept = kept_store()  # file's path: its address; emptied when a setting changes
KEPT = 256  # more, and it starts again


class KeptStaticNode(StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        # A lazy or other object: asked each time, as Django does. A path written in the
        # template is a SafeString (a str).
        if not isinstance(path, str):
            return self.handle_simple(path)
        return kept_address(path)


def kept_address(path: str) -> str:
    """Django's `static(path)` for a path given as text, kept as the tag keeps it: for the
    admin's related-row links written in Python (form_renderer.py; decision 459)."""
    url = _kept.get(path)
    if url is None:
        url = StaticNode.handle_simple(path)  # a missing file's error, as Django's, is not kept
        keep(_kept, path, url, KEPT)
    return url


@register.tag
def static(parser, token):
    """`{% static path [as varname] %}`, as django.templatetags.static's."""
    return KeptStaticNode.handle_token(parser, token)
