"""The plans PostgreSQL keeps for a hot statement, checked on tables never analyzed (a test
database's, as a roster imported minutes ago, or a server with autovacuum off): the ballot's
statements must find the voter's delegate records by their account (or id), never by walking
the whole term's roster and filtering it (congress_office.plain_sql.fenced)."""

from django.db import connection, transaction

from congress_office import plain_sql


def generic_plans(monkeypatch, module, call) -> list[dict]:
    """The generic plan (the one a prepared statement keeps once PostgreSQL has settled on
    it, whatever its values) of each statement `call()` runs through `module`'s `execute`."""
    seen = []
    original = module.execute

    def recording(cursor, sql, params=()):
        seen.append((sql, list(params)))
        return original(cursor, sql, params)

    monkeypatch.setattr(module, "execute", recording)
    call()
    assert seen, "the call ran none of the module's statements"
    plans = []
    for sql, params in seen:
        arguments = ", ".join(["%s"] * len(params))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            cursor.execute(f"PREPARE plan_probe AS {plain_sql._prepared(sql)[1]}")
            cursor.execute(f"EXPLAIN (FORMAT JSON) EXECUTE plan_probe({arguments})", params)
            (found,) = cursor.fetchone()
            cursor.execute("DEALLOCATE plan_probe")
            transaction.set_rollback(True)
        plans.append(found[0]["Plan"] if isinstance(found, list) else found)
    return plans


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def delegate_reads(plan: dict) -> list[str]:
    """How the plan reads the roster: each read of the delegates' table as its node type and
    conditions, e.g. "Index Scan (user_id = $1)"."""
    return [
        f"{node['Node Type']} {node.get('Index Cond') or node.get('Recheck Cond') or ''}"
        f" {node.get('Filter') or ''}".strip()
        for node in _nodes(plan)
        if node.get("Relation Name") == "delegates_delegate"
    ]


def reads_by_key(read: str) -> bool:
    """Whether a roster read (`delegate_reads`) goes by the account's or the id's index alone:
    an index condition on user_id or id, and no term in it (a term has thousands of rows). A
    bitmap heap scan whose index condition (rechecked) is the key alone reads the same few
    rows: PostgreSQL chooses it or an index scan by the table's size as it stands, which the
    tests run before this one change (it failed on that choice alone in a longer run)."""
    by_index = "Index" in read or read.startswith("Bitmap Heap Scan")
    return by_index and ("user_id = " in read or "(id = " in read) and "term" not in read
