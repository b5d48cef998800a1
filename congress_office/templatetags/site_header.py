"""`{% site_header %}`: the header every page of base.html shows (the brand, the signed-in
menu, signing out, the language switcher), written in Python (decision 267).

As a template it was some 60 nodes on every page (a dozen translations and URLs, the menu's
loop, two CSRF tokens, the languages' loop), about a third of what the evaluation's ballot
page spent on its markup. The markup is the template's to the character
(tests/core/test_site_header.py keeps that template and compares): every value goes through
what a template's `{{ }}` does (`render_value_in_context`: localized, escaped), the URLs are
reversed once per process (`roles.menu_url`), the CSRF token is Django's own node's."""

from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from congress_office.roles import menu_url

register = template.Library()
_csrf_token = CsrfTokenNode()


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    def out(value):
        return render_value_in_context(value, context)

    request = context.get("request")
    path = getattr(request, "path", "")
    # The words outside the f-strings: makemessages (xgettext) does not look inside them.
    brand = gettext("Congress Office")
    parts = [
        '<header class="site-header">\n    <div class="container header-row">\n'
        f'      <a class="brand" href="{out(menu_url("home"))}">{out(brand)}'
        "</a>\n      "
    ]
    if getattr(context.get("user"), "is_authenticated", False):
        parts.append(_menu(context, out, path))
    parts.append(_language_switcher(context, out, request))
    return mark_safe("".join(parts))


def _menu(context, out, path) -> str:
    token = _csrf_token.render(context)
    # The words outside the f-strings: makemessages (xgettext) does not look inside them.
    main_navigation, notifications = gettext("Main navigation"), gettext("Notifications")
    change_password, sign_out = gettext("Change password"), gettext("Sign out")
    parts = [
        f'\n      <nav class="site-nav" aria-label="{out(main_navigation)}">'
        "\n        <ul>\n          "
    ]
    for label, url in context.get("navigation") or ():
        current = ' aria-current="page"' if path == url else ""
        parts.append(
            f'\n          <li><a href="{out(url)}"{current}>{out(label)}</a></li>\n          '
        )
    parts.append("\n          ")
    if not context.get("awaiting_code"):
        current = ' aria-current="page"' if path == "/notifications/" else ""
        unread = context.get("unread_notifications")
        count = f' <span class="count">{out(unread)}</span>' if unread else ""
        parts.append(
            f'\n          <li><a href="{out(menu_url("notifications"))}"{current}>'
            f"{out(notifications)}{count}</a></li>\n"
            f'          <li><a href="{out(menu_url("password_change"))}">'
            f"{out(change_password)}</a></li>\n          "
        )
    parts.append(
        "\n          <li>\n"
        f'            <form method="post" action="{out(menu_url("logout"))}" class="inline-form">\n'
        f"              {token}\n"
        f'              <button type="submit" class="link-button">{out(sign_out)}'
        "</button>\n            </form>\n          </li>\n        </ul>\n      </nav>\n      "
    )
    return "".join(parts)


def _language_switcher(context, out, request) -> str:
    current = context.get("LANGUAGE_CODE")
    full_path = request.get_full_path() if request is not None else ""
    options = []
    for code, _name in settings.LANGUAGES:
        language = get_language_info(code)
        selected = " selected" if language["code"] == current else ""
        options.append(
            f'\n          <option value="{out(language["code"])}"{selected}'
            f' lang="{out(language["code"])}">{out(language["name_local"])}</option>\n          '
        )
    language, switch = gettext("Language"), gettext("Switch")  # makemessages skips f-strings
    return (
        "\n      "
        f'<form class="language-switcher" action="{out(menu_url("set_language"))}" method="post">\n'
        f"        {_csrf_token.render(context)}\n"
        f'        <input name="next" type="hidden" value="{out(full_path)}">\n'
        '        <label for="language-select" class="visually-hidden">'
        f"{out(language)}</label>\n"
        '        <select id="language-select" name="language">\n'
        "          \n          \n          "
        f"{''.join(options)}\n"
        "        </select>\n"
        f'        <button type="submit" class="small-button">{out(switch)}</button>\n'
        "      </form>\n    </div>\n  </header>"
    )
