from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.template import loader


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the message goes out through Celery after the request commits,
    so a slow mail server never holds up the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=[to_email]))
