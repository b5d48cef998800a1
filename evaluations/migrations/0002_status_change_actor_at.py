import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="evaluationstatuschange", old_name="changed_by", new_name="actor"),
        migrations.RenameField(model_name="evaluationstatuschange", old_name="changed_at", new_name="at"),
        migrations.AlterModelOptions(
            name='evaluationstatuschange',
            options={'ordering': ['evaluation', 'at', 'pk'], 'verbose_name': 'status change', 'verbose_name_plural': 'status changes'},
        ),
        migrations.RemoveConstraint(
            model_name='evaluationrules',
            name='evaluation_rules_singleton',
        ),
        migrations.AlterField(
            model_name='evaluationstatuschange',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='evaluationstatuschange',
            name='at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='at'),
        ),
        migrations.AddConstraint(
            model_name='evaluationrules',
            constraint=models.CheckConstraint(condition=models.Q(('singleton', True)), name='evaluations_evaluationrules_singleton'),
        ),
    ]
