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
    path("<int:pk>/submit/", views.proposal_submit_view, name="proposal_submit"),
    path("<int:pk>/withdraw/", views.proposal_withdraw_view, name="proposal_withdraw"),
    path("<int:pk>/cosigners/", views.cosigners_invite_view, name="cosigners_invite"),
    path("<int:pk>/attachments/", views.attachment_add_view, name="attachment_add"),
    path("<int:pk>/rating/", views.feedback_submit_view, name="feedback_submit"),
    path("cosign/<int:pk>/", views.cosign, name="cosign"),
    path("unit/items/<int:pk>/reply/", views.assignment_reply, name="assignment_reply"),
    path(
        "unit/items/<int:pk>/send-back/",
        views.assignment_send_back_view,
        name="assignment_send_back",
    ),
    path("unit/items/<int:pk>/extension/", views.extension, name="extension"),
    path("replies/<int:pk>/letter/", views.reply_letter, name="reply_letter"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
