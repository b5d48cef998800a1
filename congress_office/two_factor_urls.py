from django.urls import path

from . import two_factor_views as views

app_name = "two_factor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("code/", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recovery-codes/renew/", views.renew_recovery_codes, name="renew_recovery_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
]
