from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import QueuedPasswordResetForm, SignInForm

# Uploaded files have no URL of their own, not even under DEBUG: each is served by a view that
# checks the reader's right to its object first (congress_office.uploads, decision 96).
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("notifications/", views.notifications, name="notifications"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/two-factor/", include("congress_office.two_factor_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("delegates/", include("delegates.urls")),
    path("sessions/", include("sessions.urls")),
    path("proposals/", include("proposals.urls")),
    path("evaluations/", include("evaluations.urls")),
]

handler403 = "congress_office.errors.permission_denied"
handler404 = "congress_office.errors.page_not_found"
