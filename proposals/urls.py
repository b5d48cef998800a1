from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("unit/", views.unit_home, name="unit_home"),
]
