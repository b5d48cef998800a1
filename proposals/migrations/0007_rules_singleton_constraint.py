from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0006_reroute_after_send_back'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='proposalrules',
            name='proposal_rules_singleton',
        ),
        migrations.AddConstraint(
            model_name='proposalrules',
            constraint=models.CheckConstraint(condition=models.Q(('singleton', True)), name='proposals_proposalrules_singleton'),
        ),
    ]
