"""The demo office. `manage.py demo_data` calls `build()` in each app's demo.py, in the order
of INSTALLED_APPS, so each app adds its own data on top of the apps below it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

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


def build() -> list[DemoLogin]:
    _, login = demo_user(username="office", role=Role.SECRETARIAT, first_name="李秘书")
    return [login]
