"""Who may open which delegate and delegation pages. Every view goes through these."""

from django.http import Http404

from congress_office.object_permissions import holds
from congress_office.roles import Role, user_has_role
from congress_office.written_once import instances

from .models import Delegate, Delegation

LEAD_PERMISSION = "delegates.lead_delegation"


def get_delegate_for_user(user, pk: int) -> Delegate:
    """The delegate record `pk`, if `user` is that delegate, leads the delegate's delegation
    (guardian object permission), or is office staff. Anyone else gets 404, so that records
    of other delegations cannot even be found."""
    found = instances("delegate_for_user", _delegate_read, int(pk))  # decision 303
    delegate = found[0] if found else None
    if delegate is None or not _may_see(user, delegate):
        raise Http404
    return delegate


def _delegate_read(pk: int):
    return (
        Delegate.objects.select_related(
            "term", "electoral_unit", "delegation", "delegation__leader"
        )
        .defer(*Delegate.CONTACT_DETAILS)  # the duties record shows none (decision 233)
        .filter(pk=pk)
    )


def get_delegation_for_leader(user, pk: int) -> Delegation:
    found = instances("delegation_for_leader", _delegation_read, int(pk))  # decision 303
    delegation = found[0] if found else None
    if delegation is None or not (
        holds(LEAD_PERMISSION, user, delegation) or user_has_role(user, Role.SECRETARIAT)
    ):
        raise Http404
    return delegation


def _delegation_read(pk: int):
    return Delegation.objects.select_related("term", "leader").filter(pk=pk)


def _may_see(user, delegate: Delegate) -> bool:
    if delegate.user_id == user.pk or user_has_role(user, Role.SECRETARIAT):
        return True
    return delegate.delegation is not None and holds(LEAD_PERMISSION, user, delegate.delegation)
