from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .roles import home_url_for


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
