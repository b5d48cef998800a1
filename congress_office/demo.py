"""The demo office. `manage.py demo_data` calls `build()` in each app's demo.py, in the order
of INSTALLED_APPS, so each app adds its own data on top of the apps below it."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Letterhead
from .roles import Role, user_grant_role
from .two_factor import display_code, issue_recovery_codes, key_for_typing

# Printed by the command; the demo is for trying the product, never for production data.
DEMO_PASSWORD = "congress-demo"


# The authenticator app key of the demo's office staff, the same on every run so that an app
# set up once keeps working: 20 bytes, as django-otp makes them (hex).
DEMO_TOTP_KEY = "636f6e67726573732d64656d6f2d6f6666696365"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    # For an account that must use two-factor sign-in: its app key (typed into an
    # authenticator app) and recovery codes, for whoever has no app at hand.
    totp_key: str = ""
    recovery_codes: list[str] = field(default_factory=list)


def demo_two_factor(user, login: DemoLogin) -> DemoLogin:
    """Two-factor sign-in set up for a demo account that must use it: the fixed demo key and
    fresh recovery codes, both printed with the logins."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name="authenticator", key=DEMO_TOTP_KEY, confirmed=True
    )
    codes = [display_code(code) for code in issue_recovery_codes(user)]
    return DemoLogin(
        role=login.role,
        username=login.username,
        password=login.password,
        totp_key=key_for_typing(device),
        recovery_codes=codes,
    )


def demo_user(*, username: str, role: Role, first_name: str, last_name: str = "", label: str = ""):
    """Create or refresh one demo account with the demo password and the given role;
    returns the user and the login to print (described by `label`, or by the role)."""
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    user_grant_role(user=user, role=role)
    return user, DemoLogin(role=str(label or role.label), username=username, password=DEMO_PASSWORD)


# The town's liaison office as its letters are headed (GB/T 9704-2012).
LETTERHEAD = {
    "issuing_body": "中共海宁市斜桥镇党代表联络办公室",
    "issuing_body_english": "Liaison Office of the Party Congress of Xieqiao Town",
    "reply_number_pattern": "斜党联复〔{year}〕{number}号",
    "contact_person": "李秘书",
    "telephone": "0573-87612345",
    "copy_to": "镇党委办公室，镇人民政府办公室",
}


def build() -> list[DemoLogin]:
    office, login = demo_user(username="office", role=Role.SECRETARIAT, first_name="李秘书")
    Letterhead.objects.update_or_create(singleton=True, defaults=LETTERHEAD)
    # The duties the office may not hold (三员, decision 227), each with its own account; staff,
    # so they give a two-factor code too (the same demo key).
    system_admin, system_admin_login = demo_user(
        username="sysadmin", role=Role.SYSTEM_ADMIN, first_name="王系统"
    )
    auditor, auditor_login = demo_user(
        username="auditor", role=Role.SECURITY_AUDITOR, first_name="赵审计"
    )
    return [
        demo_two_factor(office, login),
        demo_two_factor(system_admin, system_admin_login),
        demo_two_factor(auditor, auditor_login),
    ]


def login_lines(logins: list[DemoLogin]) -> list[str]:
    """What the demo commands print for signing in: each login, then, for the accounts that
    must use two-factor, the app key they share (DEMO_TOTP_KEY) and each one's recovery
    codes."""
    lines = [f"  {login.username:<12}{login.password:<16}{login.role}" for login in logins]
    two_factor = [login for login in logins if login.totp_key]
    if two_factor:
        names = ", ".join(login.username for login in two_factor)
        lines += [
            "",
            f"After the password, {names} give a two-factor code. Either add this key to an "
            "authenticator app on a phone (Microsoft or Google Authenticator, FreeOTP: add an "
            "account, enter a key, time-based) and type the six digits it shows:",
            f"  {two_factor[0].totp_key}",
            "or type one of the account's recovery codes, each once (new ones on every run):",
        ]
        lines += [
            f"  {login.username:<12}" + "  ".join(login.recovery_codes) for login in two_factor
        ]
    return lines
