"""The pages of two-factor sign-in: giving a code after the password, setting up an
authenticator app, the recovery codes shown once, and one's own two-factor page (a delegate
turns it on or off there; anyone renews their recovery codes). Each calls one service of
congress_office/two_factor.py."""

from functools import lru_cache
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import two_factor
from .forms import apply_service


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The six digits the app shows for this account now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    """Where the user was going, if it is a page of this site; else their home."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return "/"


def _to(url_name: str, request):
    """A redirect to `url_name`, carrying on where the user was going."""
    return redirect(f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}")


def _show_new_codes(request, codes: list[str]):
    request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
    return _to("two_factor:recovery_codes", request)


@never_cache
@login_required
def verify(request):
    """After the password: a code from the app or a recovery code."""
    if not two_factor.session_awaits_code(request):
        return redirect(_next_url(request))
    if not two_factor.turned_on(request.user):
        return _to("two_factor:enrol", request)
    form = CodeForm(request.POST or None)
    if form.is_valid() and apply_service(
        form, lambda: two_factor.code_verify(request=request, code=form.cleaned_data["code"])
    ):
        return redirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@lru_cache(maxsize=32)
def _qr_svg(config_url: str, title: str) -> str:
    """The key's QR code, drawn once per key and title in this process (decision 304): segno
    tries eight masks for the best, two thirds of the page's CPU, and the page is drawn again
    for every wrong code until the key is confirmed. Kept in the web process's memory, which
    reads the key anyway, never in the shared cache; a few keys at most."""
    qr = segno.make(config_url, error="m")
    return qr.svg_inline(scale=5, border=2, light="#fff", title=title)


@never_cache
@login_required
def enrol(request):
    """Set up an authenticator app: its key as a QR code and as text, confirmed by a code."""
    if two_factor.turned_on(request.user):
        if not request.user.is_verified():
            return _to("two_factor:verify", request)
        return redirect("two_factor:manage")
    device = two_factor.enrolment_device(request.user)
    form = AppCodeForm(request.POST or None)
    if form.is_valid():
        done = apply_service(
            form,
            lambda: two_factor.enrolment_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            ),
        )
        if done:
            return _show_new_codes(request, done.result)
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            # segno's SVG: markup of its own making, no style attribute (the CSP allows none).
            "qr_svg": mark_safe(_qr_svg(device.config_url, gettext("QR code of the key"))),  # noqa: S308
            "key": two_factor.key_for_typing(device),
            "required": two_factor.required_by_role(request.user),
        },
    )


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes just made, shown this once: the session forgets them here."""
    codes = request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(
            request,
            gettext("Recovery codes are shown only once. You can make new ones here."),
        )
        return redirect("two_factor:manage")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": [two_factor.display_code(c) for c in codes], "next": _next_url(request)},
    )


@never_cache
@login_required
def manage(request):
    """One's own two-factor sign-in: on or off, recovery codes left, renew, turn off."""
    user = request.user
    return render(
        request,
        "registration/two_factor_manage.html",
        {
            "turned_on": two_factor.turned_on(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "turn_off_refusal": two_factor.turn_off_refusal(user),
        },
    )


@require_POST
@login_required
def renew_recovery_codes(request):
    done = apply_service(
        None, lambda: two_factor.recovery_codes_renew(request=request), request=request
    )
    if done:
        return _show_new_codes(request, done.result)
    return redirect("two_factor:manage")


@require_POST
@login_required
def turn_off(request):
    apply_service(
        None,
        lambda: two_factor.two_factor_turn_off(request=request),
        request=request,
        success=gettext("Two-factor sign-in is off."),
    )
    return redirect("two_factor:manage")
