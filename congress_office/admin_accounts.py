"""Accounts and groups in the admin: the system administrator's pages (decision 227).

Django's own user and group pages, with what separated duties need: nobody but a superuser
makes or changes a superuser; nobody changes their own access (their groups, permissions, staff
or active status: another administrator does, and the trail records it); the role groups'
permissions are the code's (roles_sync) and are shown, not edited; a role group is named by its
role, never by its code."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.contrib.auth.models import Group, User
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .admin_helpers import OfficeModelAdmin, row_checkbox
from .audit_wording import group_label as _role_label
from .audit_wording import permission_choice_label
from .roles import Role

ROLE_NAMES = {role.value for role in Role}


def group_label(group) -> str:
    """A group as the screens name it: a role group by its role's name."""
    return _role_label(group.name)


class GroupFilter(admin.RelatedFieldListFilter):
    """The accounts' filter by group, each role group by its role's name; the accounts in no
    group are "No role", not Django's bare "-"."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("No role")

    def field_choices(self, field, request, model_admin):
        return [(group.pk, group_label(group)) for group in Group.objects.order_by("name")]


class RoleGroupChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


class PermissionChoices(forms.ModelMultipleChoiceField):
    """Permissions in the reader's language: Django stores their names in English."""

    def label_from_instance(self, obj):
        return permission_choice_label(obj)


class PasswordStateWidget(ReadOnlyPasswordHashWidget):
    """Whether the account has a password, not its hash's algorithm, salt and digest: nobody
    managing accounts needs those."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if any(entry.get("value") for entry in context["summary"]):
            context["summary"] = [{"label": _("A password is set; only its owner knows it.")}]
        return context


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordStateWidget()


class AccountPasswordForm(AdminPasswordChangeForm):
    # Django's joins its lazy help text to a plain string when the module loads, so it is
    # always in English, and its warning is not translatable at all: both, in the reader's.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


def grantable_permissions():
    """The permissions an administrator may give by hand: on the office's models, accounts
    and groups, and the admin's log. Not on guardian's permission tables (duties on objects are
    given on the object's own page, through its service), sign-in records, sessions or
    content types, which only the code and superusers touch."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

    from .roles import OFFICE_APPS

    models = [
        model
        for app_label in (*OFFICE_APPS, "auth", "admin")
        for model in apps.get_app_config(app_label).get_models()
        if not issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase)
    ]
    types = ContentType.objects.get_for_models(*models).values()
    return Permission.objects.filter(content_type__in=types).select_related("content_type")


def _formfield_in_words(db_field, kwargs):
    if db_field.name == "groups":
        kwargs["form_class"] = RoleGroupChoices
    elif db_field.name in ("user_permissions", "permissions"):
        kwargs["form_class"] = PermissionChoices
        kwargs["queryset"] = grantable_permissions()
    return kwargs


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "full_name", "roles", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", ("groups", GroupFilter)]

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return "、".join(group_label(group) for group in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    form = AccountChangeForm
    change_password_form = AccountPasswordForm
    # The office's list of what a deletion takes with it, in the reader's words.
    get_deleted_objects = OfficeModelAdmin.get_deleted_objects

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = _formfield_in_words(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly.append("is_superuser")
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["is_active", "is_staff", "groups", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # a superuser's account (its password included) is a superuser's
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser and not request.user.is_superuser):
            return False
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    list_display = ["shown_name"]

    get_deleted_objects = OfficeModelAdmin.get_deleted_objects

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, obj):
        return group_label(obj)

    def action_checkbox(self, obj):
        return row_checkbox(obj.pk, group_label(obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = _formfield_in_words(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _kept_by_code(self, obj) -> bool:
        return obj is not None and obj.name in ROLE_NAMES

    def get_fields(self, request, obj=None):
        if self._kept_by_code(obj):
            return ["shown_name", "permissions_shown"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._kept_by_code(obj):
            return [*readonly, "shown_name", "permissions_shown"]
        own_group = obj is not None and request.user.groups.filter(pk=obj.pk).exists()
        if own_group and not request.user.is_superuser:
            return [*readonly, "permissions"]  # nobody widens their own access
        return readonly

    def has_change_permission(self, request, obj=None):
        if self._kept_by_code(obj):
            return False  # shown, not edited: roles_sync keeps it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._kept_by_code(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("permissions"))
    def permissions_shown(self, obj):
        perms = obj.permissions.select_related("content_type").order_by(
            "content_type__app_label", "content_type__model", "codename"
        )
        lines = [permission_choice_label(p) for p in perms]
        if not lines:
            return _("None: what this role may see is decided on each object.")
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))
