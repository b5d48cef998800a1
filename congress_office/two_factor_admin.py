"""The accounts' admin (congress_office/admin_accounts.py: separated duties) with two-factor
sign-in: a user's page says whether it is on, and a superuser resets it there (a lost phone),
on a page that asks first. django-otp's own device pages are not registered: they would show
the keys and recovery codes themselves."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .admin_accounts import AccountAdmin
from .forms import apply_service

User = get_user_model()

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.unregister(User)


@admin.register(User)
class TwoFactorUserAdmin(AccountAdmin):
    # Whether it is on, with the reset's link for superusers, who alone may reset it.
    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), self._two_factor_field(request)]

    def get_fieldsets(self, request, obj=None):
        section = (_("Two-factor sign-in"), {"fields": (self._two_factor_field(request),)})
        return [*super().get_fieldsets(request, obj), *([section] if obj else [])]

    @staticmethod
    def _two_factor_field(request):
        return "two_factor_reset_link" if request.user.is_superuser else "two_factor"

    @admin.display(description=_("Two-factor sign-in"))
    def two_factor(self, user):
        return gettext("On") if two_factor.turned_on(user) else gettext("Off")

    @admin.display(description=_("Two-factor sign-in"))
    def two_factor_reset_link(self, user):
        if not two_factor.turned_on(user):
            return gettext("Off")
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("On"),
            reverse("admin:auth_user_two_factor_reset", args=[user.pk]),
            gettext("Reset (lost phone)"),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/two-factor-reset/",
                self.admin_site.admin_view(self.two_factor_reset_view),
                name="auth_user_two_factor_reset",
            ),
            *super().get_urls(),
        ]

    def two_factor_reset_view(self, request, object_id):
        """Superusers only: remove the user's app key and recovery codes after asking."""
        if not request.user.is_superuser:
            raise PermissionDenied
        user = get_object_or_404(User, pk=object_id)
        if request.method == "POST" and apply_service(
            None,
            lambda: two_factor.two_factor_reset(request=request, user=user),
            request=request,
            success=gettext(
                "Two-factor sign-in of %(user)s is reset: they set it up again when they "
                "next sign in."
            )
            % {"user": user.get_username()},
        ):
            return redirect("admin:auth_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Reset two-factor sign-in"),
            "opts": self.model._meta,
            "account": user,
            "turned_on": two_factor.turned_on(user),
        }
        return TemplateResponse(request, "admin/two_factor_reset.html", context)
