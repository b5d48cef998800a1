"""The demo office. `manage.py demo_data` calls `build()` in each app's demo.py, in the order
of INSTALLED_APPS, so each app adds its own data on top of the apps below it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import Letterhead
from .roles import Role, user_grant_role

# Printed by the command; the demo is for trying the product, never for production data.
DEMO_PASSWORD = "congress-demo"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


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
    _, login = demo_user(username="office", role=Role.SECRETARIAT, first_name="李秘书")
    Letterhead.objects.update_or_create(singleton=True, defaults=LETTERHEAD)
    # The duties the office may not hold (三员, decision 227), each with its own account.
    _, system_admin = demo_user(username="sysadmin", role=Role.SYSTEM_ADMIN, first_name="王系统")
    _, auditor = demo_user(username="auditor", role=Role.SECURITY_AUDITOR, first_name="赵审计")
    return [login, system_admin, auditor]
