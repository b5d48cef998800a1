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

from congress_office.kept_text import keep, kept_store, language_key
from congress_office.roles import menu_url

register = template.Library()
_csrf_token = CsrfTokenNode()

# The header's fixed words and addresses as written (escaped), by language, script prefix,
# URLconf and escaping: the same on every page, so written once per process (decision 305);
# started again when a setting changes (a test's other languages or addresses).
_fixed_kept = kept_store()
FIXED_KEPT = 32  # more, and it starts again


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    request = context.get("request")
    path = getattr(request, "path", "")
    fixed = _fixed(context)
    parts = [
        '<header class="site-header">\n    <div class="container header-row">\n'
        f'      <a class="brand" href="{fixed["home"]}">{fixed["brand"]}'
        "</a>\n      "
    ]
    # Django's own node writes the token; the menu's form and the switcher's show the same.
    token = _csrf_token.render(context)
    if getattr(context.get("user"), "is_authenticated", False):
        parts.append(_menu(context, fixed, path, token))
    parts.append(_language_switcher(context, fixed, request, token))
    return mark_safe("".join(parts))


def _fixed(context) -> dict:
    """The header's words (in the active language) and addresses, each written as a
    template's `{{ }}` writes it (`render_value_in_context`: escaped when the template
    escapes), and the languages' options: kept per process under what they depend on."""
    key = language_key(context)
    fixed = _fixed_kept.get(key)
    if fixed is not None:
        return fixed

    def out(value):
        return render_value_in_context(value, context)

    # The words outside the f-strings: makemessages (xgettext) does not look inside them.
    words = {
        "brand": gettext("Congress Office"),
        "main_navigation": gettext("Main navigation"),
        "notifications": gettext("Notifications"),
        "change_password": gettext("Change password"),
        "sign_out": gettext("Sign out"),
        "language": gettext("Language"),
        "switch": gettext("Switch"),
    }
    addresses = ("home", "notifications", "password_change", "logout", "set_language")
    fixed = {name: out(word) for name, word in words.items()}
    fixed |= {f"{name}_url": out(menu_url(name)) for name in addresses}
    fixed["home"] = fixed.pop("home_url")
    fixed["languages"] = [
        (info["code"], out(info["code"]), out(info["name_local"]))
        for info in (get_language_info(code) for code, _name in settings.LANGUAGES)
    ]
    keep(_fixed_kept, key, fixed, FIXED_KEPT)
    return fixed


def _menu(context, fixed, path, token) -> str:
    def out(value):
        return render_value_in_context(value, context)

    parts = [
        f'\n      <nav class="site-nav" aria-label="{fixed["main_navigation"]}">'
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
            f'\n          <li><a href="{fixed["notifications_url"]}"{current}>'
            f"{fixed['notifications']}{count}</a></li>\n"
            f'          <li><a href="{fixed["password_change_url"]}">'
            f"{fixed['change_password']}</a></li>\n          "
        )
    parts.append(
        "\n          <li>\n"
        f'            <form method="post" action="{fixed["logout_url"]}" class="inline-form">\n'
        f"              {token}\n"
        f'              <button type="submit" class="link-button">{fixed["sign_out"]}'
        "</button>\n            </form>\n          </li>\n        </ul>\n      </nav>\n      "
    )
    return "".join(parts)


def _language_switcher(context, fixed, request, token) -> str:
    current = context.get("LANGUAGE_CODE")
    full_path = request.get_full_path() if request is not None else ""
    full_path = render_value_in_context(full_path, context)
    options = [
        f'\n          <option value="{code_out}"{" selected" if code == current else ""}'
        f' lang="{code_out}">{name_out}</option>\n          '
        for code, code_out, name_out in fixed["languages"]
    ]
    return (
        "\n      "
        f'<form class="language-switcher" action="{fixed["set_language_url"]}" method="post">\n'
        f"        {token}\n"
        f'        <input name="next" type="hidden" value="{full_path}">\n'
        '        <label for="language-select" class="visually-hidden">'
        f"{fixed['language']}</label>\n"
        '        <select id="language-select" name="language">\n'
        "          \n          \n          "
        f"{''.join(options)}\n"
        "        </select>\n"
        f'        <button type="submit" class="small-button">{fixed["switch"]}</button>\n'
        "      </form>\n    </div>\n  </header>"
    )
