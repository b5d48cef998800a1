from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.my_evaluations, name="my_evaluations"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/voted/", views.voted, name="voted"),
    path("tally/", views.tally_home, name="tally_home"),
    path("<int:pk>/tally/", views.tally, name="tally"),
    path("<int:pk>/tally/hand-out/", views.hand_out, name="hand_out"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.pdf", views.results_pdf_view, name="results_pdf"),
    path("<int:pk>/results.<str:file_format>", views.results_export, name="results_export"),
    path("<int:pk>/blank-ballot.pdf", views.blank_ballot, name="blank_ballot"),
]
