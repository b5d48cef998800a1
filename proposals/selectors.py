from django.db.models import Prefetch

from .models import HandlingUnit


def handling_units_for_staff(user):
    """The units a staff user works for, each with its staff list, in two queries."""
    from django.contrib.auth import get_user_model

    colleagues = get_user_model().objects.order_by("last_name", "first_name", "username")
    return HandlingUnit.objects.filter(staff=user).prefetch_related(
        Prefetch("staff", queryset=colleagues)
    )
