import factory
from django.contrib.auth import get_user_model

from congress_office.roles import Role, user_grant_role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user_grant_role(user=user, role=extracted)


def office_user():
    """A member of the office's staff (the secretariat role), for the office's own steps."""
    return UserFactory(username="kit-office", role=Role.SECRETARIAT)
