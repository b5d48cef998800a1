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
    # The author's steps on an item, one form each (views/delegates.py, AUTHOR_STEPS).
    path("<int:pk>/submit/", delegates.author_step, {"step": "submit"}, name="proposal_submit"),
    path(
        "<int:pk>/withdraw/", delegates.author_step, {"step": "withdraw"}, name="proposal_withdraw"
    ),
    path("<int:pk>/cosigners/", delegates.author_step, {"step": "invite"}, name="cosigners_invite"),
    path("<int:pk>/cosigners/found/", delegates.cosigners_found, name="cosigners_found"),
    path("<int:pk>/attachments/", delegates.author_step, {"step": "attach"}, name="attachment_add"),
    path("<int:pk>/rating/", delegates.author_step, {"step": "rate"}, name="feedback_submit"),
    path("cosign/<int:pk>/", delegates.cosign, name="cosign"),
    # The unit's steps on an assignment, one form each (views/units.py, UNIT_STEPS).
    path("unit/items/<int:pk>/reply/", units.unit_step, {"step": "reply"}, name="assignment_reply"),
    path(
        "unit/items/<int:pk>/send-back/",
        units.unit_step,
        {"step": "send_back"},
        name="assignment_send_back",
    ),
    path(
        "unit/items/<int:pk>/extension/", units.unit_step, {"step": "extension"}, name="extension"
    ),
    path(
        "unit/items/<int:pk>/consultation/",
        units.unit_step,
        {"step": "consultation"},
        name="assignment_consultation",
    ),
    path("replies/<int:pk>/letter/", documents.reply_letter, name="reply_letter"),
    path("attachments/<int:pk>/", documents.attachment_download, name="attachment_download"),
]
