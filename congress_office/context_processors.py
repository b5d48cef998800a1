from django.utils.functional import SimpleLazyObject

from .roles import navigation_for


def navigation(request):
    """The navigation items of the signed-in user's roles and their unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    return {
        "navigation": navigation_for(user),
        # Counted only when a page shows it (the admin's pages don't).
        "unread_notifications": SimpleLazyObject(
            lambda: user.notifications.filter(read_at__isnull=True).count()
        ),
    }
