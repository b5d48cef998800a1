from django.urls import path

from .views import delegates, documents, units

app_name = "proposals"
urlpatterns = [
    path("public/", documents.public_items, name="public_items"),
    path("unit/", units.unit_home, name="unit_home"),
    path("unit/items/<int:pk>/", units.assignment_detail, name="assignment_detail"),
    path("mine/", delegates.my_proposals, name="my_proposals"),
    path("new/", delegates.proposal_edit, name="proposal_new"),
    path("<int:pk>/", delegates.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", delegates.proposal_edit, name="proposal_edit"),
    path("<int:pk>/submit/", delegates.proposal_submit_view, name="proposal_submit"),
    path("<int:pk>/withdraw/", delegates.proposal_withdraw_view, name="proposal_withdraw"),
    path("<int:pk>/cosigners/", delegates.cosigners_invite_view, name="cosigners_invite"),
    path("<int:pk>/attachments/", delegates.attachment_add_view, name="attachment_add"),
    path("<int:pk>/rating/", delegates.feedback_submit_view, name="feedback_submit"),
    path("cosign/<int:pk>/", delegates.cosign, name="cosign"),
    path("unit/items/<int:pk>/reply/", units.assignment_reply, name="assignment_reply"),
    path(
        "unit/items/<int:pk>/send-back/",
        units.assignment_send_back_view,
        name="assignment_send_back",
    ),
    path("unit/items/<int:pk>/extension/", units.extension, name="extension"),
    path("replies/<int:pk>/letter/", documents.reply_letter, name="reply_letter"),
    path("attachments/<int:pk>/", documents.attachment_download, name="attachment_download"),
]
