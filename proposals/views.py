from django.shortcuts import render

from congress_office.access import role_required
from congress_office.roles import Role

from .selectors import handling_units_for_staff


@role_required(Role.UNIT_STAFF)
def unit_home(request):
    units = handling_units_for_staff(request.user)
    return render(request, "proposals/unit_home.html", {"units": units})
