import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('delegates', '0002_roster_import_not_queued'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="qualificationevent", old_name="recorded_by", new_name="actor"),
        migrations.RenameField(model_name="qualificationevent", old_name="recorded_at", new_name="at"),
        migrations.RemoveConstraint(
            model_name='receptionrule',
            name='reception_rule_singleton',
        ),
        migrations.AlterField(
            model_name='qualificationevent',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='qualificationevent',
            name='at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='at'),
        ),
        migrations.AddConstraint(
            model_name='receptionrule',
            constraint=models.CheckConstraint(condition=models.Q(('singleton', True)), name='delegates_receptionrule_singleton'),
        ),
    ]
