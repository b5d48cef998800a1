from django.utils.functional import SimpleLazyObject

from .roles import duty_navigation_for, menu_read, navigation_for
from .two_factor import session_awaits_code


def navigation(request):
    """The navigation items of the signed-in user's roles and duties (the admin's pages show
    only the duties'), and their unread notifications. Each is read only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    if session_awaits_code(request):
        # Signed in by password only: no page to go to but the code's, and signing out.
        return {"navigation": [], "awaiting_code": True}

    def after_menu_read(read):  # the menu's three, read together by the first one shown
        return SimpleLazyObject(lambda: (menu_read(user), read(user))[1])

    return {
        "navigation": after_menu_read(navigation_for),
        "duty_navigation": after_menu_read(duty_navigation_for),
        # Counted only when a page shows it (the admin's pages don't).
        "unread_notifications": after_menu_read(menu_read),
    }
