"""The gate: a signed-in session that still owes a two-factor code reaches only the pages of
signing in, out and the code itself (congress_office/two_factor.py); every other page, the
admin's and every role's, sends it to the code page, or to setting up two-factor when the user
has no device yet, and back to where it was going afterwards."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import session_awaits_code, turned_on

# The pages such a session may open, by URL name.
OPEN_WHILE_AWAITING_CODE = frozenset(
    {
        "login",
        "logout",
        "admin:login",
        "admin:logout",
        "set_language",
        "healthz",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "two_factor:verify",
        "two_factor:enrol",
    }
)


class TwoFactorGateMiddleware:
    """After django-otp's OTPMiddleware, which says whether a device verified the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_WHILE_AWAITING_CODE:
            return None
        if not session_awaits_code(request):
            return None
        to = "two_factor:verify" if turned_on(request.user) else "two_factor:enrol"
        return redirect(f"{reverse(to)}?{urlencode({'next': request.get_full_path()})}")
