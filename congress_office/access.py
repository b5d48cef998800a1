"""Access helpers shared by every app's views. Per-object checks live beside each model type
(`get_<object>_for_user`) in the app that owns it and build on these."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import Role, user_has_role


def role_required(role: Role):
    """Let a view through only for signed-in users holding `role`; others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
