"""The office's admin site: Django's own, whose home page is the office's desk (the work
waiting, with counts that link to their lists) and whose list of every section and model moves
to a page of its own, linked from the desk.

The admin's index works out the list of every model with its permissions twice (for the page
and for the navigation sidebar): that alone made the home page three times a trivial page at
the large office, before any figure of the desk (docs/performance.md)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_autocomplete import OfficeAutocompleteView
from .admin_helpers import admin_page_context
from .desk import DeskPart
from .kept_text import kept, kept_store, language_key
from .roles import NAVIGATION, Role

# "All sections" as each set of permission answers sees it, per language and address.
_SECTIONS = kept_store()


class OfficeAdminSite(admin.AdminSite):
    # The ledger's columns need the page's width (the deadline and days left were cut off at
    # 1280 px beside the sidebar); the desk, the breadcrumbs and "All sections" lead everywhere.
    enable_nav_sidebar = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk_parts: list[DeskPart] = []

    def each_context(self, request):
        """Django's, without the list of every model and its permissions: only the navigation
        sidebar shows it, and the office's sidebar is off. Worked out on every admin page, it
        was a fifth of a change list's time (docs/performance.md, "Every page, each role")."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": [],
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
            "role_navigation": _role_navigation(request.user),
        }

    def autocomplete_view(self, request):
        """The pickers' answers: what the asking form field offers (decision 193)."""
        return OfficeAutocompleteView.as_view(admin_site=self)(request)

    def register_desk_part(self, part: DeskPart) -> None:
        self.desk_parts.append(part)
        self.desk_parts.sort(key=lambda p: p.order)

    def get_urls(self):
        own = [path("sections/", self.admin_view(self.sections), name="sections")]
        return own + super().get_urls()

    def index(self, request, extra_context=None):
        today = timezone.localdate()
        parts = [
            {"template": part.template, "data": part.read(today)}
            for part in self.desk_parts
            if request.user.has_perm(part.permission)
        ]
        role_pages = _role_navigation(request.user)
        if not parts and role_pages:
            # The system administrator and the auditor have no desk: their own page instead.
            return redirect(role_pages[0][1])
        context = {
            **admin_page_context(self, request),
            "title": _("The office's desk"),
            "subtitle": None,
            "parts": parts,
            "today": today,
            **(extra_context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/desk.html", context)

    def sections(self, request):
        """Every section and model of the administration: the admin's own home page, its list
        written once per process for each set of answers to the questions Django's list asks
        of every model admin (the same questions, asked once: decision 350). The list shows
        nothing else: the models' names, their addresses and which links each answer opens."""
        context = {
            **self.each_context(request),
            "title": _("All sections"),
            "subtitle": None,
            "sections": kept(
                _SECTIONS,
                (language_key(), self._permission_answers(request)),
                lambda: render_to_string(
                    "admin/app_list.html",
                    {"app_list": self.get_app_list(request), "show_changelinks": True},
                    request,
                ),
                most=64,
            ),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/sections.html", context)

    def _permission_answers(self, request) -> tuple:
        """What decides Django's list of every model (`_build_app_dict`): each registered
        admin's module permission and, where granted, its four model permissions."""
        answers = []
        for model, model_admin in self._registry.items():
            shown = model_admin.has_module_permission(request)
            perms = tuple(sorted(model_admin.get_model_perms(request).items())) if shown else ()
            answers.append((model._meta.label, perms))
        return tuple(answers)


# The pages of the roles without a desk, each with the permission that opens it.
ROLE_PAGE_PERMISSIONS = {
    "admin:auth_user_changelist": "auth.view_user",
    "admin:auth_group_changelist": "auth.view_group",
    "admin:congress_office_securityevent_changelist": "congress_office.view_securityevent",
}


def _role_navigation(user) -> list[tuple[str, str]]:
    """The admin header's links to the system administrator's accounts and groups and the
    auditor's trail, for whoever may open them (superusers too); office staff reach their work
    from the desk. Read from the permissions the admin has already loaded: no query."""
    if not user.is_authenticated:
        return []
    return [
        (label, reverse(url_name))
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_AUDITOR)
        for label, url_name in NAVIGATION[role]
        if user.has_perm(ROLE_PAGE_PERMISSIONS[url_name])
    ]
