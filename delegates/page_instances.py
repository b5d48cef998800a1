"""The roster's page instances made without `Model.__init__` (decision 356): the way is the
office's now, for every change list whose page is read by a statement written once
(`congress_office/page_instances.py`, decisions 364 and 388)."""

from congress_office.page_instances import _plain, page_instances

__all__ = ["_plain", "page_instances"]
