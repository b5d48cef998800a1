from .models import Delegate


def delegate_current_for_user(user) -> Delegate | None:
    """The user's delegate record in the most recent term, with what the profile shows."""
    return (
        Delegate.objects.filter(user=user)
        .select_related("term", "electoral_unit", "delegation", "delegation__leader")
        .order_by("-term__start_date")
        .first()
    )
