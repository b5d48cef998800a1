from django.shortcuts import render

from congress_office.access import role_required
from congress_office.roles import Role

from .selectors import delegate_current_for_user


@role_required(Role.DELEGATE)
def my_profile(request):
    delegate = delegate_current_for_user(request.user)
    return render(request, "delegates/my_profile.html", {"delegate": delegate})
