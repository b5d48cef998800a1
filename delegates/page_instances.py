"""The roster's page instances: made by congress_office/page_instances.py (decision 356), which
the items' list shares (decision 364)."""

from congress_office.page_instances import _plain, page_instances  # noqa: F401
