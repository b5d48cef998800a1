import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress_sessions', '0002_document_requested_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="sessionstatuschange", old_name="changed_by", new_name="actor"),
        migrations.RenameField(model_name="sessionstatuschange", old_name="changed_at", new_name="at"),
        migrations.RenameField(model_name="agendaoutcomechange", old_name="changed_by", new_name="actor"),
        migrations.RenameField(model_name="agendaoutcomechange", old_name="changed_at", new_name="at"),
        migrations.AlterModelOptions(
            name='agendaoutcomechange',
            options={'ordering': ['item', 'at'], 'verbose_name': 'outcome change', 'verbose_name_plural': 'outcome changes'},
        ),
        migrations.AlterModelOptions(
            name='sessionstatuschange',
            options={'ordering': ['session', 'at'], 'verbose_name': 'status change', 'verbose_name_plural': 'status changes'},
        ),
        migrations.AlterField(
            model_name='agendaoutcomechange',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='agendaoutcomechange',
            name='at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='at'),
        ),
        migrations.AlterField(
            model_name='sessionstatuschange',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='sessionstatuschange',
            name='at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='at'),
        ),
    ]
