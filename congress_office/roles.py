"""The roles of the product, the groups that carry them, and where each one lands.

The office's duties are separated as graded protection asks (三员, decision 227): office staff
do the office's work and cannot touch accounts or permissions; the system administrator
(系统管理员) manages accounts, groups and permissions and reads none of the office's records;
the security auditor (安全审计员) reads the security audit trail and nothing else.

Roles are Django groups created and kept in step by `roles_sync()`, which runs after every
migrate. Object-level access (a delegation leader's delegation, a unit's items) is granted
with django-guardian by the app that owns the object; this module only knows the roles.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# The apps whose models the office staff manage in the admin.
OFFICE_APPS = ("congress_office", "delegates", "congress_sessions", "proposals", "evaluations")


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Office staff")
    DELEGATE = "delegate", _("Delegate")
    UNIT_STAFF = "unit_staff", _("Handling unit staff")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_AUDITOR = "security_auditor", _("Security auditor")


# The roles that work in the admin, and so need `is_staff`.
ADMIN_ROLES = (Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.SECURITY_AUDITOR)

# Each admin role's model permissions besides the office's, as "app_label.codename". The system
# administrator manages accounts and groups (Django's own pages); the auditor only reads the
# trail. Nobody is given a way to change or remove the trail: it has only a view permission.
ROLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: [
        f"auth.{action}_{model}"
        for model in ("user", "group")
        for action in ("view", "add", "change", "delete")
    ],
    Role.SECURITY_AUDITOR: ["congress_office.view_securityevent"],
}
# What office staff are not given among the office's models.
NOT_OFFICE_PERMISSIONS = ["congress_office.view_securityevent"]


# Where each role lands after login, by URL name; the first role a user holds wins.
HOME_URL_NAMES = {
    Role.SECRETARIAT: "admin:index",
    Role.DELEGATE: "delegates:my_profile",
    Role.UNIT_STAFF: "proposals:unit_home",
    Role.SYSTEM_ADMIN: "admin:auth_user_changelist",
    Role.SECURITY_AUDITOR: "admin:congress_office_securityevent_changelist",
}

# The navigation each role sees, as (label, URL name); later features add their pages here.
NAVIGATION = {
    Role.SECRETARIAT: [(_("Administration"), "admin:index")],
    Role.DELEGATE: [
        (_("My profile"), "delegates:my_profile"),
        (_("My duties record"), "delegates:my_duties"),
        (_("Briefings"), "delegates:my_briefings"),
        (_("Opinion solicitations"), "delegates:my_solicitations"),
        (_("My proposals"), "proposals:my_proposals"),
        (_("Sessions"), "sessions:my_sessions"),
        (_("Evaluations"), "evaluations:my_evaluations"),
    ],
    Role.UNIT_STAFF: [(_("Items to handle"), "proposals:unit_home")],
    Role.SYSTEM_ADMIN: [
        (_("Accounts"), "admin:auth_user_changelist"),
        (_("Groups"), "admin:auth_group_changelist"),
    ],
    Role.SECURITY_AUDITOR: [
        (_("Security audit trail"), "admin:congress_office_securityevent_changelist")
    ],
}


def user_roles(user) -> list[Role]:
    """The roles a user holds, in a fixed order; superusers count as office staff."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_congress_roles"):
        user._congress_roles = _roles_held(user, {g.name for g in user.groups.all()})
    return user._congress_roles


def _roles_held(user, group_names) -> list[Role]:
    roles = [role for role in Role if role.value in group_names]
    if user.is_superuser and Role.SECRETARIAT not in roles:
        roles.insert(0, Role.SECRETARIAT)
    return roles


def user_has_role(user, role: Role) -> bool:
    return role in user_roles(user)


def office_refusal(user) -> str:
    """Why `user` may not take a step only the office takes, or "" when they may: the check
    every service makes for the office's own steps, whichever page or script called it."""
    from django.utils.translation import gettext

    if user is not None and user_has_role(user, Role.SECRETARIAT):
        return ""
    return gettext("Only the congress office can do this.")


def require_office(user) -> None:
    from django.core.exceptions import ValidationError

    if why := office_refusal(user):
        raise ValidationError(why)


def home_url_for(user) -> str | None:
    """The page a user lands on after login, or None when the account has no role yet."""
    roles = user_roles(user)
    return reverse(HOME_URL_NAMES[roles[0]]) if roles else None


# Pages a user reaches through a duty held on an object rather than through a role (a
# teller's counting pages): each app registers, in its AppConfig.ready, a `Duty`, so this module
# imports no app above it. Whether each duty has work now is asked of the database in one
# query for all of them, on every page.
@dataclass(frozen=True)
class Duty:
    label: object  # a lazy translation
    url_name: str
    # user -> a queryset of the objects the duty has work on now; it may depend on the user
    # through their id only, and on the time through today's date only (congress_office/
    # duty_flags.py builds the menu's query once a day for a stand-in user).
    to_do: Callable


_duties: list[Duty] = []


def register_duty_navigation(duty: Duty) -> None:
    if duty not in _duties:
        _duties.append(duty)


def duty_navigation_for(user) -> list[tuple[str, str]]:
    """The menu entries of the duties the user has work in now. One query, whatever the
    number of duties; none for a visitor."""
    if not user.is_authenticated or not _duties:
        return []
    from .duty_flags import duty_flags

    # What `menu_read` read with the rest of the menu, for this request's user, or asked now.
    flags = user._duty_flags if hasattr(user, "_duty_flags") else duty_flags(_duties, user)
    if flags is None:
        return []
    return [
        (str(duty.label), menu_url(duty.url_name))
        for duty, flag in zip(_duties, flags, strict=True)
        if flag
    ]


def navigation_for(user) -> list[tuple[str, str]]:
    """The menu's entries, (label in the reader's language, URL): the labels translated once
    here, so that finding an entry twice compares strings, not lazy translations."""
    items = []
    for role in user_roles(user):
        for label, url_name in NAVIGATION[role]:
            item = (str(label), menu_url(url_name))
            if item not in items:
                items.append(item)
    return items + [item for item in duty_navigation_for(user) if item not in items]


_menu_urls: dict = {}


def menu_url(url_name: str) -> str:
    """`reverse(url_name)` of a menu entry (a page without arguments), reversed once per
    URLconf and script prefix: every signed-in page shows a dozen of them (decision 248)."""
    key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, url_name)
    url = _menu_urls.get(key)
    if url is None:
        url = _menu_urls[key] = reverse(url_name)
    return url


def menu_read(user) -> int:
    """How many of the signed-in user's notifications are unread, read in one statement with
    their roles and their duties' flags, which are kept on `user` (this request's) for
    `user_roles` and `duty_navigation_for`: the menu every signed-in page shows, one
    statement instead of three (decision 216). Read once per request, unless a page has read
    it with its own row already (`menu_statement`)."""
    if not hasattr(user, "_unread_notifications"):
        from .duty_flags import menu_flags

        menu = menu_flags(_duties, user, _ROLE_NAMES)
        if menu is None:  # the duties' statement is built for each page today: apart
            user._unread_notifications = user.notifications.filter(read_at__isnull=True).count()
        else:
            menu_keep(user, menu)
    return user._unread_notifications


_ROLE_NAMES = [role.value for role in Role]


def menu_statement(user) -> tuple[str, list, int] | None:
    """(statement, values, how many columns) of `menu_read`'s one row, for a page that reads
    it inside its own statement (the ballot's, decision 266) and gives the columns back to
    `menu_taken`; None when the menu cannot be read that way (then `menu_read` reads it)."""
    from .duty_flags import menu_statement as statement
    from .duty_flags import menu_width

    if hasattr(user, "_unread_notifications"):  # read already
        return None
    found = statement(_duties, user, _ROLE_NAMES)
    if found is None or "%%" in found[0]:  # PREPARE takes no escaped "%"
        return None
    return *found, menu_width(_duties, _ROLE_NAMES)


def menu_taken(user, row) -> None:
    """Keep on `user` the menu that `menu_statement`'s columns (`row`) hold, as `menu_read`
    would; nothing when they are empty (the user's row was not found): `menu_read` asks."""
    from .duty_flags import menu_row

    if row and row[len(_ROLE_NAMES)] is not None:  # the unread count: never NULL when read
        menu_keep(user, menu_row(row, _duties, _ROLE_NAMES))


def menu_keep(user, menu) -> None:
    """Keep `menu_flags`'s answer on `user` (this request's) for the menu's readers."""
    held, unread, flags = menu
    if not hasattr(user, "_congress_roles"):
        user._congress_roles = _roles_held(
            user, {n for n, h in zip(_ROLE_NAMES, held, strict=True) if h}
        )
    user._duty_flags, user._unread_notifications = flags, unread


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.value)


def user_grant_role(*, user, role: Role) -> None:
    """Give a user a role. The admin's roles also need `is_staff` to enter the admin."""
    with transaction.atomic():
        user.groups.add(role_group(role))
        if role in ADMIN_ROLES and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.__dict__.pop("_congress_roles", None)


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and give each its model permissions: office staff every
    permission on the office's models but the trail's, the system administrator and the
    auditor theirs (ROLE_PERMISSIONS).

    Idempotent: safe on every migrate. Delegates and unit staff get no model permissions;
    what they may see is decided per object by the apps (guardian and access helpers).
    """
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    office_models = [
        model for app_label in OFFICE_APPS for model in apps.get_app_config(app_label).get_models()
    ]
    perms = Permission.objects.filter(
        content_type__app_label__in=OFFICE_APPS,
        content_type__model__in=[m._meta.model_name for m in office_models],
    )
    for perm in NOT_OFFICE_PERMISSIONS:
        app_label, codename = perm.split(".")
        perms = perms.exclude(content_type__app_label=app_label, codename=codename)
    role_group(Role.SECRETARIAT).permissions.set(perms)
    for role, names in ROLE_PERMISSIONS.items():
        role_group(role).permissions.set(_permissions_named(names))


def _permissions_named(names):
    query = models.Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def roles_sync_after_migrate(sender, app_config=None, **kwargs):
    # post_migrate fires once per app that has models; sync once, on the last such app's
    # turn, when the permissions of every installed model exist.
    apps_with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is apps_with_models[-1]:
        roles_sync()
