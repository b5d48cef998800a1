"""The operations that turn a tally shard model's `counts` from JSON into a `VectorField`
(bytes, 4 a number: sessions.models.secret_ballot), each shard's numbers the same, and back:
evaluations' migration 0005 and congress_sessions' 0014 run them on their shard models."""

from django.db import migrations, models

from sessions.models.secret_ballot import VectorField


def counts_into_vector(app_label: str, model_name: str) -> list:
    """The operations on `app_label.model_name`: the vectors copied into a new column, which
    then takes the old one's name; on PostgreSQL the column is kept in the row (STORAGE
    MAIN: no TOAST while a row fits its page, about 2,000 cells; compression is tried first,
    and random shares do not compress)."""

    def copied(source: str, target: str):
        def copy(apps, schema_editor):
            model = apps.get_model(app_label, model_name)
            for shard in model.objects.only("pk", source):
                setattr(shard, target, list(getattr(shard, source)))
                shard.save(update_fields=[target])

        return copy

    def kept_in_row(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} ALTER COLUMN {quote('counts')}"
            " SET STORAGE MAIN"
        )

    return [
        migrations.AlterField(
            model_name=model_name,
            name="counts",
            field=models.JSONField(null=True, verbose_name="counts"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="vector",
            field=VectorField(null=True, verbose_name="counts"),
        ),
        migrations.RunPython(
            copied("counts", "vector"), copied("vector", "counts"), elidable=False
        ),
        migrations.RemoveField(model_name=model_name, name="counts"),
        migrations.RenameField(model_name=model_name, old_name="vector", new_name="counts"),
        migrations.AlterField(
            model_name=model_name, name="counts", field=VectorField(verbose_name="counts")
        ),
        migrations.RunPython(kept_in_row, migrations.RunPython.noop, elidable=False),
    ]
