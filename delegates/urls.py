from django.urls import path

from . import contact_views, solicitation_views, views

app_name = "delegates"
urlpatterns = [
    path("me/", views.my_profile, name="my_profile"),
    path("me/duties/", views.my_duties, name="my_duties"),
    path("me/briefings/", views.my_briefings, name="my_briefings"),
    path("me/briefings/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("me/briefings/<int:pk>/file/", views.briefing_attachment, name="briefing_attachment"),
    path("contacts/", contact_views.my_contacts, name="my_contacts"),
    path("contacts/<int:delegate_pk>/new/", contact_views.contact_new, name="contact_new"),
    path("me/solicitations/", solicitation_views.my_solicitations, name="my_solicitations"),
    path(
        "me/solicitations/<int:pk>/",
        solicitation_views.solicitation_answer,
        name="solicitation_answer",
    ),
    path(
        "me/solicitations/<int:pk>/file/",
        solicitation_views.solicitation_attachment,
        name="solicitation_attachment",
    ),
    path("<int:pk>/", views.delegate_record, name="delegate_record"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
]
