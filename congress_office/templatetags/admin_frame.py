"""`{% kept %}...{% endkept %}`: a part of the admin's frame (templates/admin/base.html and
base_site.html) that writes the same text on every page under the same active language,
script prefix, URLconf, escaping and admin site, written once per process (decision 314).

The frame's addresses (`{% url %}` without arguments), words (`{% translate %}`), static
files' addresses and the language switcher's options cost about 1 ms of every admin page,
rendered again on each though nothing they depend on changed. What a kept part holds must
depend on nothing else: no request, user, CSRF token or nonce (a block or a CSRF token
inside is refused when the template is read). Its contents render once in a context of
their own, so what they assign (`{% url ... as docsroot %}`, the switcher's
`{% get_current_language as LANGUAGE_CODE %}`) never reaches what follows, on the first page
as on the others. Kept texts start again when a setting changes (congress_office/kept_text.py).
"""

from django import template
from django.template.base import Node
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from congress_office.kept_text import keep, kept_store, language_key

register = template.Library()

_written = kept_store()  # (node, language key, admin site): its text
KEPT = 512  # more, and it starts again
# A key's value saying this part is not to be kept on this page (`inline_frame_key`).
NOT_KEPT = object()


class KeptNode(Node):
    # It holds no block (refused below), so the lookup of a parent's blocks that every
    # `{% extends %}` of the frame makes on each page need not walk what it holds.
    child_nodelists = ()

    def __init__(self, nodelist, keys=()):
        self.nodelist = nodelist
        self.keys = keys  # what else it depends on (`{% kept cl.opts %}`), resolved each page

    def render(self, context):
        keys = tuple(value.resolve(context) for value in self.keys)
        if any(value is NOT_KEPT for value in keys):
            with context.push():
                return mark_safe(self.nodelist.render(context))
        key = (self, *_page_key(context), *keys)
        text = _written.get(key)
        if text is None:
            with context.push():
                text = mark_safe(self.nodelist.render(context))
            keep(_written, key, text, KEPT)
        return text


def _page_key(context) -> tuple:
    """What the kept parts depend on, found once for the page (a dozen parts ask): within a
    page's rendering only the language (`{% language %}`) and the escaping (`{% autoescape %}`)
    may change, so they are compared each time and the rest is found again when they differ."""
    language = get_language()
    key = getattr(context, "_kept_key", None)
    if key is None or key[0] != language or key[3] != context.autoescape:
        key = context._kept_key = (*language_key(context), _current_app(context))
    return key


def _current_app(context):
    """The admin site `{% url %}` reverses for, found as Django's URLNode finds it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def kept(parser, token):
    """`{% kept %}`, or `{% kept value ... %}` for a part that also depends on those values
    (kept by them too: hashable values fixed while the process runs, say a list's model's
    options, decision 348)."""
    keys = tuple(parser.compile_filter(bit) for bit in token.split_contents()[1:])
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode) or nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            "{% kept %} cannot hold a block or a CSRF token: it is written once per process."
        )
    return KeptNode(nodelist, keys)


class BlocksFoundOnceNode(Node):
    """The whole frame, whose blocks are found once per process: every page's `{% extends %}`
    chain ends at admin/base.html and Django looks for its blocks on each page, walking
    every node of it (about a tenth of the frame's time). The tree does not change once
    read, so the first answer is the answer."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self._found: dict = {}

    def render(self, context):
        return self.nodelist.render(context)

    def get_nodes_by_type(self, nodetype):
        found = self._found.get(nodetype)
        if found is None:
            found = self._found[nodetype] = super().get_nodes_by_type(nodetype)
        return list(found)


@register.tag
def blocks_found_once(parser, token):
    """`{% blocks_found_once %}` before the rest of the template, which it holds."""
    return BlocksFoundOnceNode(parser.parse())
