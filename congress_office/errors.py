"""The error pages, in the reader's language: the site's layout and navigation on the site's
pages, the admin's look on the admin's. A server error (500) is the static templates/500.html,
which Django renders with no request and no database (decision 93)."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .admin_helpers import admin_page_context


@requires_csrf_token  # the pages' forms (language, sign out) need the token, as Django's do
def page_not_found(request, exception):
    message = _(
        "There is no page at this address. It may have been mistyped, or what it showed was "
        "removed or is not yours to see."
    )
    return _error_page(request, _("Page not found"), message, status=404)


@requires_csrf_token
def permission_denied(request, exception):
    message = _(
        "This page is for another role. If you need it for your work, ask whoever manages "
        "the accounts."
    )
    return _error_page(request, _("You may not open this page"), message, status=403)


def _error_page(request, title: str, message: str, *, status: int):
    context = {"title": title, "message": message}
    if request.path.startswith(reverse("admin:index")):
        context.update(admin_page_context(admin.site, request))
        return render(request, "admin/error_page.html", context, status=status)
    return render(request, "error_page.html", context, status=status)
