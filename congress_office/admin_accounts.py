"""Accounts and groups in the admin: the system administrator's pages (decision 227).

Django's own user and group pages, with what separated duties need: nobody but a superuser
makes or changes a superuser; nobody changes their own access (their groups, permissions, staff
or active status: another administrator does, and the trail records it); the role groups'
permissions are the code's (roles_sync) and are shown, not edited; a role group is named by its
role, never by its code."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from .audit_wording import group_label as _role_label
from .roles import Role

ROLE_NAMES = {role.value for role in Role}


def group_label(group) -> str:
    """A group as the screens name it: a role group by its role's name."""
    return _role_label(group.name)


class GroupFilter(admin.RelatedFieldListFilter):
    """The accounts' filter by group, each role group by its role's name."""

    def field_choices(self, field, request, model_admin):
        return [(group.pk, group_label(group)) for group in Group.objects.order_by("name")]


class RoleGroupChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = RoleGroupChoices
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

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, obj):
        return group_label(obj)

    def _kept_by_code(self, obj) -> bool:
        return obj is not None and obj.name in ROLE_NAMES

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._kept_by_code(obj):
            return [*readonly, "name", "permissions"]
        own_group = obj is not None and request.user.groups.filter(pk=obj.pk).exists()
        if own_group and not request.user.is_superuser:
            return [*readonly, "permissions"]  # nobody widens their own access
        return readonly

    def has_delete_permission(self, request, obj=None):
        if self._kept_by_code(obj):
            return False
        return super().has_delete_permission(request, obj)
