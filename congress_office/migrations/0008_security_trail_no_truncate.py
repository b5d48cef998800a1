"""On PostgreSQL the trail cannot be emptied by TRUNCATE either (decision 258): a row trigger
(migration 0005) sees no TRUNCATE, so a statement-level one refuses it.

The test suite empties every table with TRUNCATE (Django's flush after each transactional
test), so the refusal stands aside only where both hold: the database's name starts with
`test_` (the name Django and pytest-django give the databases they create for a run) and the
connection set `congress_office.trail_truncate` to `allowed` (congress_office/settings/
test.py sets it in the connection's options; no other settings do, and no code of the
application issues a SET or a TRUNCATE)."""

from django.db import migrations

TRIGGER_SQL = """
CREATE FUNCTION congress_office_securityevent_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\\_%'
       AND current_setting('congress_office.trail_truncate', true) = 'allowed' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the security audit trail cannot be truncated'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER congress_office_securityevent_no_truncate
    BEFORE TRUNCATE ON congress_office_securityevent
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_securityevent_refuse_truncate();
"""
DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS congress_office_securityevent_no_truncate ON congress_office_securityevent;
DROP FUNCTION IF EXISTS congress_office_securityevent_refuse_truncate();
"""


def trigger_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)  # no parameters: its % is LIKE's


def trigger_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [("congress_office", "0007_security_trail_indexes")]

    operations = [migrations.RunPython(trigger_create, trigger_drop)]
