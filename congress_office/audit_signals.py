"""What the security audit trail hears by itself, through Django's signals: sign-ins and
sign-outs, accounts, groups and permissions, duties held on objects (guardian's direct
permission tables) and the office's rules. Connected once, in CongressOfficeConfig.ready.

Nothing here listens to a ballot's tables: a ballot is never recorded (docs/secrecy.md)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .audit_models import SecurityEvent
from .audit_trail import security_event_record
from .models import SingletonRules

Kind = SecurityEvent.Kind

# The account's fields whose change changes what it may do.
ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


def _signed_in(sender, request, user, **kwargs):
    security_event_record(kind=Kind.SIGN_IN, request=request, user=user, target=user)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=Kind.SIGN_OUT, request=request, user=user, target=user)


def _sign_in_refused(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    security_event_record(
        kind=Kind.SIGN_IN_FAILED,
        request=request,
        username=username,
        target_text=username,
        anonymous=True,
    )


def _perm_names(pks) -> list[str]:
    rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)


def _m2m_changed(*, kind, names):
    """A receiver for one many-to-many relation; `names(pks)` names the related rows."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # What a clear removes is gone by post_clear: read it now.
            instance._audit_cleared = _related_pks(sender, instance, model)
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        pks = instance.__dict__.pop("_audit_cleared", set()) if action == "post_clear" else pk_set
        if not pks:
            return
        change = "added" if action == "post_add" else "removed"
        if not reverse:
            _record_m2m(kind, instance, {change: names(pks)})
            return
        # The change was made from the other side (a group's users): one entry per subject.
        for subject in model.objects.filter(pk__in=pks):
            _record_m2m(kind, subject, {change: names([instance.pk])})

    return receiver


def _related_pks(through, instance, model) -> set:
    """The pks of `model` the instance is linked to through the table."""
    own = other = None
    for field in through._meta.fields:
        if field.is_relation:
            if field.related_model is model:
                other = field
            else:
                own = field
    rows = through.objects.filter(**{own.name: instance})
    return set(rows.values_list(other.attname, flat=True))


def _record_m2m(kind, subject, details):
    security_event_record(kind=kind, target=subject, details=details)


def _group_names(pks) -> list[str]:
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def _account_before(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ACCESS_FLAGS):
        return  # a sign-in's last_login, a name: nothing about access
    before = sender.objects.filter(pk=instance.pk).values(*ACCESS_FLAGS).first()
    if before is not None:
        instance._audit_access_before = before


def _account_saved(sender, instance, created, **kwargs):
    if created:
        flags = {flag: getattr(instance, flag) for flag in ACCESS_FLAGS}
        security_event_record(kind=Kind.ACCOUNT_CREATED, target=instance, details=flags)
        return
    before = instance.__dict__.pop("_audit_access_before", None)
    if before is None:
        return
    changes = [
        {"field": flag, "old": before[flag], "new": getattr(instance, flag)}
        for flag in ACCESS_FLAGS
        if before[flag] != getattr(instance, flag)
    ]
    if changes:
        security_event_record(
            kind=Kind.ACCOUNT_CHANGED, target=instance, details={"changes": changes}
        )


def _account_deleted(sender, instance, **kwargs):
    security_event_record(kind=Kind.ACCOUNT_DELETED, target=instance)


def _object_permission_row(row) -> dict:
    holder = row.user if isinstance(row, UserObjectPermissionBase) else row.group
    permission = row.permission
    return {
        "permission": f"{permission.content_type.app_label}.{permission.codename}",
        "holder": holder.get_username() if hasattr(holder, "get_username") else holder.name,
    }


def _object_permission_saved(sender, instance, created, **kwargs):
    if created:
        security_event_record(
            kind=Kind.OBJECT_PERMISSION_GRANTED,
            target=instance.content_object,
            details=_object_permission_row(instance),
        )


def _object_permission_deleted(sender, instance, **kwargs):
    security_event_record(
        kind=Kind.OBJECT_PERMISSION_WITHDRAWN,
        target=instance.content_object,
        details=_object_permission_row(instance),
    )


def _rule_fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _rules_before(sender, instance, **kwargs):
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).first()
    if before is not None:
        instance._audit_rules_before = {
            f.name: f.value_to_string(before) for f in _rule_fields(sender)
        }


def _rules_saved(sender, instance, created, **kwargs):
    before = instance.__dict__.pop("_audit_rules_before", None)
    if before is None:
        return  # created with its defaults on first read: nobody changed a rule
    changes = [
        {"field": f.name, "old": before[f.name], "new": f.value_to_string(instance)}
        for f in _rule_fields(sender)
        if before[f.name] != f.value_to_string(instance)
    ]
    if changes:
        security_event_record(
            kind=Kind.RULES_CHANGED, target=instance, details={"changes": changes}
        )


def connect() -> None:
    user_model = get_user_model()
    user_logged_in.connect(_signed_in, dispatch_uid="audit_sign_in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit_sign_out")
    user_login_failed.connect(_sign_in_refused, dispatch_uid="audit_sign_in_refused")
    for through, kind, names in (
        (user_model.groups.through, Kind.GROUPS_CHANGED, _group_names),
        (user_model.user_permissions.through, Kind.USER_PERMISSIONS_CHANGED, _perm_names),
        (Group.permissions.through, Kind.GROUP_PERMISSIONS_CHANGED, _perm_names),
    ):
        m2m_changed.connect(
            _m2m_changed(kind=kind, names=names),
            sender=through,
            weak=False,
            dispatch_uid=f"audit_{kind}",
        )
    pre_save.connect(_account_before, sender=user_model, dispatch_uid="audit_account_before")
    post_save.connect(_account_saved, sender=user_model, dispatch_uid="audit_account_saved")
    post_delete.connect(_account_deleted, sender=user_model, dispatch_uid="audit_account_deleted")
    for model in apps.get_models():
        label = model._meta.label_lower
        if issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase):
            post_save.connect(
                _object_permission_saved, sender=model, dispatch_uid=f"audit_grant_{label}"
            )
            post_delete.connect(
                _object_permission_deleted, sender=model, dispatch_uid=f"audit_withdraw_{label}"
            )
        elif issubclass(model, SingletonRules):
            pre_save.connect(_rules_before, sender=model, dispatch_uid=f"audit_rules_{label}")
            post_save.connect(_rules_saved, sender=model, dispatch_uid=f"audit_rules_saved_{label}")
