"""An entry of the security audit trail in the reader's words: its details are stored as facts
(codes, names, values) and worded here, in the language of the page or the export."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from .audit_filters import filters_shown
from .audit_models import SecurityEvent
from .roles import Role

Kind = SecurityEvent.Kind

# What an export was of: stored in English, worded in the reader's language.
EXPORTS = {
    "roster": gettext_noop("The roster"),
    "attendance": gettext_noop("Attendance"),
    "ledger": gettext_noop("The ledger of delegates' items"),
    "handling": gettext_noop("Handling statistics"),
    "solicitation": gettext_noop("Answers to an opinion solicitation"),
    "election_results": gettext_noop("Election results"),
    "evaluation_results": gettext_noop("Evaluation results"),
    "trail": gettext_noop("The security audit trail"),
}

ACTIONS = {
    "view": gettext_noop("View"),
    "add": gettext_noop("Add"),
    "change": gettext_noop("Change"),
    "delete": gettext_noop("Delete"),
}


def group_label(name: str) -> str:
    values = {role.value: role for role in Role}
    return str(values[name].label) if name in values else name


def permission_label(perm: str) -> str:
    """ "proposals.view_proposal" as "View: proposal", a custom one by its own name."""
    app_label, _sep, codename = perm.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return perm
    for model in config.get_models():
        for custom, name in model._meta.permissions:
            if custom == codename:
                return str(name)
    action, _sep, model_name = codename.partition("_")
    try:
        model = config.get_model(model_name)
    except LookupError:
        return perm
    if action not in ACTIONS:
        return perm
    return _("%(action)s: %(model)s") % {
        "action": _(ACTIONS[action]),
        "model": model._meta.verbose_name,
    }


def permission_choice_label(permission) -> str:
    """A permission as a picker lists it: its app and model (translated by the content type),
    then what it allows, in the reader's language."""
    content_type = permission.content_type
    action, _sep, _model = permission.codename.partition("_")
    model = content_type.model_class()
    custom = dict(model._meta.permissions) if model is not None else {}
    if permission.codename in custom:
        what = str(custom[permission.codename])
    elif action in ACTIONS:
        what = _(ACTIONS[action])
    else:
        what = permission.name
    return f"{content_type.app_labeled_name} | {what}"


def _value(value) -> str:
    if value in (True, "True"):
        return _("yes")
    if value in (False, "False"):
        return _("no")
    return str(value) if value not in ("", None) else _("(empty)")


def _field_label(event, name: str) -> str:
    model = None
    if event.target_type_id:
        model = ContentType.objects.get_for_id(event.target_type_id).model_class()
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed: its name is all there is
        return name


def _names(event, values) -> str:
    if event.kind == Kind.GROUPS_CHANGED:
        return "、".join(group_label(v) for v in values)
    return "、".join(permission_label(v) for v in values)


def event_about(event) -> str:
    """What the entry was about, in the reader's language where it is a thing of the product
    (an export, the office's rules) rather than a name (an account, a unit)."""
    facts = event.details or {}
    if facts.get("what") in EXPORTS:
        return _(EXPORTS[facts["what"]])
    if event.kind == Kind.RULES_CHANGED and event.target_type_id:
        model = ContentType.objects.get_for_id(event.target_type_id).model_class()
        if model is not None:
            return str(model._meta.verbose_name)
    return event.target


def event_details(event) -> list[str]:
    """The entry's details as lines of text in the active language."""
    facts = event.details or {}
    lines = []
    if "added" in facts:
        lines.append(_("Added: %(names)s") % {"names": _names(event, facts["added"])})
    if "removed" in facts:
        lines.append(_("Removed: %(names)s") % {"names": _names(event, facts["removed"])})
    for change in facts.get("changes", []):
        lines.append(
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": _field_label(event, change["field"]),
                "old": _value(change["old"]),
                "new": _value(change["new"]),
            }
        )
    if "permission" in facts:
        lines.append(
            _("%(duty)s, held by %(holder)s")
            % {"duty": permission_label(facts["permission"]), "holder": facts.get("holder", "")}
        )
    if "format" in facts:
        lines.append(_("As %(format)s") % {"format": facts["format"].upper()})
    if "rows" in facts:
        lines.append(_("Rows: %(count)s") % {"count": facts["rows"]})
    if facts.get("filters"):
        shown = pgettext("between filters", "; ").join(filters_shown(facts))
        lines.append(_("Filters: %(filters)s") % {"filters": shown})
    if "removed_count" in facts:
        lines.append(
            _("%(count)s entries older than %(days)s days removed")
            % {"count": facts["removed_count"], "days": facts["retention_days"]}
        )
    if event.kind == Kind.ACCOUNT_CREATED:
        flags = [_field_label(event, flag) for flag, on in facts.items() if on is True]
        if flags:
            lines.append("、".join(flags))
    return lines
