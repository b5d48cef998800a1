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

from congress_office.kept_text import keep, kept_store, language_key

register = template.Library()

_written = kept_store()  # (node, language key, admin site): its text
KEPT = 512  # more, and it starts again


class KeptNode(Node):
    # It holds no block (refused below), so the lookup of a parent's blocks that every
    # `{% extends %}` of the frame makes on each page need not walk what it holds.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        key = (self, *language_key(context), _current_app(context))
        text = _written.get(key)
        if text is None:
            with context.push():
                text = mark_safe(self.nodelist.render(context))
            keep(_written, key, text, KEPT)
        return text


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
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode) or nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            "{% kept %} cannot hold a block or a CSRF token: it is written once per process."
        )
    return KeptNode(nodelist)
