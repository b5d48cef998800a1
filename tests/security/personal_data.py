"""Who may see which delegate's phone and email (decision 233), as the security matrix checks
it on every page it opens: each of the world's delegates has a phone and an email written
nowhere else, and a page answered to a role may show only those the role may see.

- office staff: every delegate's;
- a delegate: their own (the leader's own too: leading a delegation shows no member's);
- a committee member (the leader, who keeps in touch with the delegate): the phone of the
  delegates they keep in touch with, to call them; not their email;
- a handling unit's staff: the phone of the author of an item their unit leads while it may
  consult them (unit B on the other delegate's item, still assigned); unit A has replied to
  the delegate's items, so it sees none;
- nobody signed in: none.
"""

# The world's delegate records (attributes of tests/security/world.World) and their details.
DETAILS = {
    "me": {"phone": "13900000101", "email": "zhang.daibiao@example.net"},
    "other": {"phone": "13900000202", "email": "wang.daibiao@example.net"},
    "leader_record": {"phone": "13900000303", "email": "li.tuanzhang@example.net"},
}

# role -> [(delegate record, field)] the role may see.
SEES = {
    "anonymous": [],
    "delegate": [("me", "phone"), ("me", "email")],
    "other_delegate": [("other", "phone"), ("other", "email")],
    "leader": [("leader_record", "phone"), ("leader_record", "email"), ("me", "phone")],
    "unit_staff": [],
    "other_unit_staff": [("other", "phone")],
    "office": [(record, field) for record in DETAILS for field in ("phone", "email")],
    # Accounts and the trail, never the roster (decision 227).
    "system_admin": [],
    "auditor": [],
}


def personal_data_leaks(role: str, text: str) -> list[str]:
    """The phones and emails in `text` that `role` may not see, as "record.field"."""
    assert role in SEES, f"decide which phones and emails the role {role} may see: add it to SEES"
    allowed = set(SEES[role])
    return [
        f"{record}.{field}"
        for record, values in DETAILS.items()
        for field, value in values.items()
        if (record, field) not in allowed and value in text
    ]


# Answers read as text when scanned for personal data (PDFs and XLSX files are compressed:
# tests/security/test_personal_data.py reads the exports the office makes).
TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/plain")
