from .roles import navigation_for


def navigation(request):
    """The navigation items of the signed-in user's roles, for the base template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    return {"navigation": navigation_for(user)}
