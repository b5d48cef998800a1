from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CongressOfficeConfig(AppConfig):
    name = "congress_office"
    verbose_name = _("Congress Office")

    def ready(self):
        from django.contrib import admin

        from . import audit_signals, audit_trail, lookups  # noqa: F401 - audit_trail's check
        from .admin_strings import install_boolean_icon
        from .audit_filters import changelist_filters, register_export_filters
        from .audit_models import SecurityEvent
        from .forms import AdminSignInForm
        from .notifications import remember_sign_in_language
        from .roles import roles_sync_after_migrate
        from .two_factor import remember_requirement

        lookups.register()
        register_export_filters("trail", changelist_filters(SecurityEvent))
        install_boolean_icon()

        admin.site.site_header = _("Congress Office")
        admin.site.site_title = _("Congress Office")
        admin.site.index_title = _("Office administration")
        admin.site.login_form = AdminSignInForm
        # Groups and their permissions follow the code on every migrate, never by hand.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="congress_office_roles")
        user_logged_in.connect(remember_sign_in_language, dispatch_uid="congress_office_language")
        user_logged_in.connect(remember_requirement, dispatch_uid="congress_office_two_factor")
        audit_signals.connect()
        # A role's group is named by its role wherever a group is shown (the accounts' pages,
        # their titles and breadcrumbs, the admin's history): its name is the code's key.
        from django.contrib.auth.models import Group

        from .audit_wording import group_label

        Group.__str__ = lambda group: group_label(group.name)


class OfficeAdminConfig(AdminConfig):
    """Django's admin with the office's site: its home page is the office's desk."""

    default_site = "congress_office.admin_site.OfficeAdminSite"
