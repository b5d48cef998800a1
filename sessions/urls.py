from django.urls import path

from . import election_count_views, election_views, views

app_name = "sessions"
urlpatterns = [
    path("", views.my_sessions, name="my_sessions"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path(
        "<int:pk>/check-in-code/<int:delegate_pk>.svg",
        views.check_in_code,
        name="check_in_code",
    ),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("resolutions/<int:pk>/print/", views.resolution_print, name="resolution_print"),
    path("sittings/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("sittings/<int:pk>/live/", views.live_attendance, name="live_attendance"),
    path(
        "sittings/<int:pk>/live/figures/",
        views.live_attendance_figures,
        name="live_attendance_figures",
    ),
    path("check-in/<str:token>/", views.check_in_scan, name="check_in_scan"),
    path("<int:pk>/print/<str:kind>/", views.printed_document, name="printed_document"),
    path(
        "<int:pk>/print/<str:kind>/progress/",
        views.printed_document_progress,
        name="printed_document_progress",
    ),
    path("rounds/<int:pk>/ballot/", election_views.election_ballot, name="election_ballot"),
    path("rounds/<int:pk>/voted/", election_views.election_voted, name="election_voted"),
    path("count/", election_count_views.count_home, name="election_count_home"),
    path("rounds/<int:pk>/count/", election_count_views.count_round, name="count_round"),
    path(
        "rounds/<int:pk>/count/hand-out/",
        election_count_views.count_hand_out,
        name="count_hand_out",
    ),
    path("rounds/<int:pk>/count/ballot/", election_count_views.count_ballot, name="count_ballot"),
    path("rounds/<int:pk>/count/take/", election_count_views.count_take, name="count_take"),
    path("rounds/<int:pk>/count/totals/", election_count_views.count_totals, name="count_totals"),
    path(
        "elections/<int:pk>/results/",
        election_views.election_results_page,
        name="election_results",
    ),
]
