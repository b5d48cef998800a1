from django.urls import path

from . import views

app_name = "delegates"
urlpatterns = [
    path("me/", views.my_profile, name="my_profile"),
    path("me/duties/", views.my_duties, name="my_duties"),
    path("<int:pk>/", views.delegate_record, name="delegate_record"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
]
