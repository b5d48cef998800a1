from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("public/", views.public_items, name="public_items"),
    path("unit/", views.unit_home, name="unit_home"),
    path("unit/items/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("mine/", views.my_proposals, name="my_proposals"),
    path("new/", views.proposal_edit, name="proposal_new"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("cosign/<int:pk>/", views.cosign, name="cosign"),
    path("unit/items/<int:pk>/extension/", views.extension, name="extension"),
    path("replies/<int:pk>/letter/", views.reply_letter, name="reply_letter"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
