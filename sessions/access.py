"""Who may open which session pages. Every view goes through these helpers."""

from django.db.models import Exists
from django.http import Http404

from congress_office.roles import Role, user_has_role
from delegates.models import Delegate

from .models import AgendaDocument, Session


def is_office(user) -> bool:
    return user_has_role(user, Role.SECRETARIAT)


def delegate_in_session_term(user, session: Session) -> Delegate | None:
    return Delegate.objects.filter(user=user, term_id=session.term_id).first()


def delegate_in_term_exists(user, term) -> Exists:
    """Whether the user is a delegate of the term (its id, or an OuterRef to it), as a
    condition of another query: `delegate_in_session_term` without a query of its own."""
    return Exists(Delegate.objects.filter(user=user, term=term))


def get_session_for_user(user, pk: int) -> tuple[Session, Delegate | None]:
    """The session and the user's delegate record in its term. Office staff see every
    session; a delegate only those of their own term; anyone else gets 404."""
    session = Session.objects.select_related("term").filter(pk=pk).first()
    if session is None:
        raise Http404
    delegate = delegate_in_session_term(user, session)
    if delegate is None and not is_office(user):
        raise Http404
    return session, delegate


def get_document_for_user(user, pk: int) -> AgendaDocument:
    document = AgendaDocument.objects.select_related("item__session").filter(pk=pk).first()
    if document is None:
        raise Http404
    get_session_for_user(user, document.item.session_id)
    return document


def get_resolution_for_user(user, pk: int):
    from .models import Resolution

    resolution = Resolution.objects.select_related("session__term").filter(pk=pk).first()
    if resolution is None:
        raise Http404
    get_session_for_user(user, resolution.session_id)
    return resolution
