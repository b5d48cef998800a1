"""The answers to a request's model-permission questions, each asked once a request.

A change page asks `user.has_perm(perm)` 24 to 37 times (its model admin's and its inlines'
add, change, delete and view permissions, the links of its relations' widgets, the templates'
`perms`), and each time Django's `PermissionsMixin.has_perm` loads and makes again each of the
four backends of AUTHENTICATION_BACKENDS (`import_string` of each name) before asking them in
turn. The admin's list of every section asks `user.has_module_perms(app_label)` the same way
for each of its forty models (a fifth of that page). Their answer for a model permission (`obj`
None) or an application's is already read once a request: Django
keeps the account's permissions on the user object (`_perm_cache`), filled in one statement by
congress_office/model_permissions.py (decision 295). So the final answer of each permission is
kept on the same object, the request's own user: the same answer, asked once (decisions 333,
350).

Nothing is kept beyond the request (decision 283): each request reads its user anew, with no
answer kept, so a permission taken away closes the page on the next request. A question about
an object (`obj` given: django-guardian's object permissions) is asked of the backends every
time, as before."""


class PermissionMemoMiddleware:
    """After the authentication and two-factor middleware: before the view, the signed-in
    user's `has_perm` answers each model permission once (as django-otp's middleware gives
    the same object its `is_verified`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            remember_model_permissions(user)


ANSWERS = "_model_perm_answers"  # on the user object, beside Django's `_perm_cache`
MODULE_ANSWERS = "_module_perm_answers"


def remember_model_permissions(user) -> None:
    """`user.has_perm` and `user.has_module_perms` (this object's, not its class's) answering
    each model permission and each application from the first time it was asked; objects'
    permissions asked as before. Once per object."""
    if getattr(user, ANSWERS, None) is not None:
        return
    answers: dict[str, bool] = {}
    ask = user.has_perm  # Django's, bound to this object

    def has_perm(perm, obj=None):
        if obj is not None:
            return ask(perm, obj)
        try:
            return answers[perm]
        except KeyError:
            answer = answers[perm] = ask(perm)
            return answer

    modules: dict[str, bool] = {}
    ask_module = user.has_module_perms

    def has_module_perms(app_label):
        try:
            return modules[app_label]
        except KeyError:
            answer = modules[app_label] = ask_module(app_label)
            return answer

    setattr(user, ANSWERS, answers)
    setattr(user, MODULE_ANSWERS, modules)
    user.has_perm = has_perm
    user.has_module_perms = has_module_perms
