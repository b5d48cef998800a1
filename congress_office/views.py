from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import NotificationSettings
from .notifications import notification_mark_read, user_language_remember
from .roles import home_url_for


def set_language(request):
    """Django's language switcher, which also keeps the choice of a signed-in user: what is
    written to them later (emails) is in the language they read."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated:
        user_language_remember(user=request.user, language=language)
    return response


@login_required
def home(request):
    """Send each role to its own home page; an account with no role yet is told so."""
    url = home_url_for(request.user)
    if url:
        return redirect(url)
    return render(request, "congress_office/no_role.html")


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and docker-compose: is the database answering?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


@login_required
def notifications(request):
    """The user's notifications, newest first; opening the page marks them read."""
    if request.method == "POST":
        settings_row, _created = NotificationSettings.objects.get_or_create(user=request.user)
        settings_row.email = bool(request.POST.get("email"))
        settings_row.save(update_fields=["email"])
        return redirect("notifications")
    items = list(request.user.notifications.all()[:100])
    notification_mark_read(user=request.user, ids=[n.pk for n in items if n.read_at is None])
    email = not NotificationSettings.objects.filter(user=request.user, email=False).exists()
    return render(request, "congress_office/notifications.html", {"items": items, "email": email})


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers, on the site's and the admin's sign-in alike, once a user name
    has failed too often from one address (429 Too Many Requests)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
