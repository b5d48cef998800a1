"""The words of the expectation table: what a role gets (`OK`, `LOGIN`, `DENIED`, ...), the
usual answers of a kind of page (`DELEGATES`, `UNITS`, `OFFICE`, `ADMIN`, ...), and `Case` and
`Post`, one row of the table each."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.world import ROLES


@dataclass(frozen=True)
class Answer:
    status: int
    redirect: Any = None  # "login", "admin login", a path, a callable(world) -> path, or None
    download: str | None = None  # an attachment of this content type
    content_type: str | None = None  # a response of this content type (e.g. a PDF shown inline)

    def __str__(self):
        if self.redirect == "login":
            return "302 to the sign-in page"
        if self.redirect == "admin login":
            return "302 to the admin's sign-in page"
        if self.status == 302:
            return f"302 to {self.redirect}" if isinstance(self.redirect, str) else "302"
        if self.download:
            return f"200, an attachment of type {self.download}"
        return f"{self.status}" + (f" {self.content_type}" if self.content_type else "")

    @property
    def refusal(self) -> bool:
        """Whether the role is kept out (and a POST must be kept out the same way)."""
        return self.redirect in ("login", "admin login") or self.status in (403, 404)


OK = Answer(200)
LOGIN = Answer(302, "login")
ADMIN_LOGIN = Answer(302, "admin login")
DENIED = Answer(403)
NOT_FOUND = Answer(404)
NOT_ALLOWED = Answer(405)


def REDIRECT(to=None) -> Answer:  # noqa: N802 - reads like the constants
    """A redirect that is not to a sign-in page: to the path `to` (or a callable(world) giving
    it), or anywhere if None."""
    return Answer(302, to)


def DOWNLOAD(content_type: str) -> Answer:  # noqa: N802
    """200 with Content-Disposition: attachment and the stored content type."""
    return Answer(200, download=content_type)


def FILE(content_type: str) -> Answer:  # noqa: N802
    return Answer(200, content_type=content_type)


@dataclass(frozen=True)
class Bug:
    """A cell whose right answer the code does not give yet: the test is an expected failure
    (strict, so it says so once fixed). `answer` is the right one."""

    answer: Answer
    reason: str


class Answers(dict):
    """role -> Answer for every role; `.but(role=...)` changes some of them."""

    def __init__(self, default=None, **by_role):
        unknown = set(by_role) - set(ROLES)
        assert not unknown, f"no such role: {unknown}"
        super().__init__({role: by_role.get(role, default) for role in ROLES})

    def but(self, **by_role) -> "Answers":
        return Answers(**{**self, **by_role})


EVERYONE = Answers(OK)
SIGNED_IN = Answers(OK, anonymous=LOGIN)
DELEGATES = Answers(
    DENIED, anonymous=LOGIN, delegate=OK, other_delegate=OK, leader=OK
)  # role_required(DELEGATE)
UNITS = Answers(DENIED, anonymous=LOGIN, unit_staff=OK, other_unit_staff=OK)
OFFICE = Answers(DENIED, anonymous=LOGIN, office=OK)
# The admin: staff only, others to its sign-in page; the system administrator and the auditor
# are staff, refused the office's pages (403) by their permissions.
ADMIN = Answers(ADMIN_LOGIN, office=OK, system_admin=DENIED, auditor=DENIED)


def pk_of(name: str) -> Callable:
    """A URL parameter: the primary key of the world's object `name`."""
    return lambda world, url: getattr(world, name).pk


def admin_object(world, url):
    """A URL parameter of the admin's model pages: the row of that model in the world."""
    return world.admin_object(url.admin_model).pk


@dataclass
class Post:
    """A state-changing POST that some role may GET the page of but must not do (or that only
    the right role may do). `effect(world)` reads the state the POST would change: it must
    change for the roles in `changes_for` and stay as it was for every other role."""

    label: str
    expect: Answers
    effect: Callable
    data: Any = field(default_factory=dict)  # a dict, or a callable(world) -> dict
    changes_for: tuple = ()


@dataclass
class Case:
    """One row of the table: the URL opened with these parameters, and each role's answer."""

    label: str
    expect: Answers
    params: dict = field(default_factory=dict)  # name -> value, or callable(world, url)
    query: str = ""
    setup: Callable | None = None  # setup(world) before the request, undone after the test
    posts: list = field(default_factory=list)


def case(label="", expect=None, *, query="", setup=None, posts=(), **params) -> Case:
    return Case(label, expect, params, query, setup, list(posts))
