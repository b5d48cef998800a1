"""The note of a timeline entry, written when it is read: a step stores its facts (`params`:
unit names, ISO dates, codes) and the text a person typed (`note`: a reason, a comment, as
typed), and the viewer reads the facts in their own language. Entries written before
(no params) show their stored note."""

import datetime

from django.utils.translation import gettext as _

from congress_office.wording import join_list, labelled, written_date


def day(value: str) -> str:
    """A stored ISO date as the active language writes it."""
    return written_date(datetime.date.fromisoformat(value))


def _submitted(p):
    return _("Submitted as a suggestion: %(confirmed)s of %(needed)s co-signers.") % p


def _result(p):
    from .models import Reply

    return str(Reply.Result(p["result"]).label)


def _rating(p):
    from .models import Feedback

    return str(Feedback.Rating(p["rating"]).label)


def _consulted(p):
    from .models import Consultation

    return labelled(p["unit"], join_list([Consultation.Way(p["way"]).label, day(p["on"])]))


def _reclassified(p):
    return f"{p['before']} → {p['result']}"


def _deadline_moved(p):
    return f"{day(p['before'])} → {day(p['deadline'])}"


# action → the facts in words
_FACTS = {
    "submitted": _submitted,
    "routed": lambda p: join_list(p["units"]),
    "sent back": lambda p: p["unit"],
    "replied": _result,
    "rated": _rating,
    "signer rated": _rating,
    "answered at meeting": lambda p: labelled(p["unit"], f"{day(p['on'])} · {_result(p)}"),
    "extension asked": lambda p: day(p["until"]),
    "extension lapsed": lambda p: labelled(p["unit"], day(p["until"])),
    "extension granted": lambda p: day(p["until"]),
    "extension refused": lambda p: day(p["until"]),
    "deadline set": _deadline_moved,
    "consulted": _consulted,
    "released": _result,
    "reply returned": lambda p: p["unit"],
    "reclassified": _reclassified,
}


def timeline_note(action: str, params, note: str) -> str:
    """The facts in the active language, then what the person wrote."""
    facts = _FACTS.get(action)
    if facts is None or not params:
        return note
    words = facts(params)
    return labelled(words, note) if note else words
