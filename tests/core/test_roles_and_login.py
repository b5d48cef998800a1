import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from congress_office.roles import Role, navigation_for, roles_sync
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_migrate_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) == {r.value for r in Role}


def test_office_staff_get_every_permission_on_office_models_and_nobody_else_any():
    office = Group.objects.get(name=Role.SECRETARIAT)
    codenames = set(office.permissions.values_list("codename", flat=True))
    assert {"add_delegate", "change_delegate", "view_term", "change_handlingunit"} <= codenames
    assert not codenames & {"add_user", "change_user", "change_group"}
    for role in (Role.DELEGATE, Role.UNIT_STAFF):
        assert not Group.objects.get(name=role).permissions.exists()


def test_roles_sync_is_idempotent():
    before = Group.objects.get(name=Role.SECRETARIAT).permissions.count()
    roles_sync()
    roles_sync()
    assert Group.objects.count() == len(Role)
    assert Group.objects.get(name=Role.SECRETARIAT).permissions.count() == before
    assert Permission.objects.filter(content_type__app_label="delegates").count() > 0


@pytest.mark.parametrize(
    ("fixture", "landing"),
    [
        # Office staff with no authenticator app yet set one up first (test_two_factor.py).
        ("secretariat", "/accounts/two-factor/set-up/?next=%2F"),
        ("delegate", "/delegates/me/"),
        ("unit_staff", "/proposals/unit/"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, request, password, fixture, landing):
    user = request.getfixturevalue(fixture)
    response = client.post(
        reverse("login"), {"username": user.username, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_account_without_role_is_told_to_ask_the_office(client, password):
    user = UserFactory(username="newcomer")
    response = client.post(
        reverse("login"), {"username": user.username, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "has no role yet" in response.content.decode()


def test_wrong_password_is_refused_with_a_message(client, delegate):
    response = client.post(reverse("login"), {"username": "delegate", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_user_name_is_refused_with_a_message(client, url):
    # Found by the fuzz tests: Django checked the length only in the browser, and the failed
    # attempt's record (django-axes, 255 characters) could not hold the name: a server error.
    response = client.post(url, {"username": "字" * 256, "password": "x"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_office_staff_enter_the_admin_branded_as_the_product(client_for, secretariat):
    response = client_for(secretariat).get("/admin/")
    assert response.status_code == 200
    assert "Congress Office" in response.content.decode()
    assert "Django administration" not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [("/delegates/me/", "delegate"), ("/proposals/unit/", "unit_staff"), ("/admin/", None)],
)
@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_role_pages_refuse_other_roles(client_for, request, url, allowed, who):
    response = client_for(request.getfixturevalue(who)).get(url)
    if who == allowed:
        assert response.status_code == 200
    elif url == "/admin/":
        # The admin sends non-staff to its own login page rather than answering 403.
        assert response.status_code == 302 and "/admin/login/" in response.url
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("url", ["/", "/delegates/me/", "/proposals/unit/"])
def test_anonymous_users_are_sent_to_sign_in(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_delegate_sees_their_own_record_and_no_one_elses(client_for, delegate, other_delegate):
    page = client_for(delegate).get("/delegates/me/").content.decode()
    assert "张代表" in page
    assert "王代表" not in page


def test_unit_staff_see_their_own_unit_only(client_for, unit_staff, other_unit_staff):
    page = client_for(unit_staff).get("/proposals/unit/").content.decode()
    assert "镇教育办公室" in page
    assert "镇财政所" not in page
    assert "other_unit_staff" not in page


def test_navigation_follows_the_roles(secretariat, delegate, unit_staff):
    assert [url for _, url in navigation_for(secretariat)] == ["/admin/"]
    assert [url for _, url in navigation_for(delegate)] == [
        "/delegates/me/",
        "/delegates/me/duties/",
        "/delegates/me/briefings/",
        "/delegates/me/solicitations/",
        "/proposals/mine/",
        "/sessions/",
        "/evaluations/",
    ]
    assert [url for _, url in navigation_for(unit_staff)] == ["/proposals/unit/"]


def test_sign_out_needs_a_post_and_ends_the_session(client_for, delegate):
    client = client_for(delegate)
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "You have signed out." in response.content.decode()
    assert client.get("/delegates/me/").status_code == 302


def test_password_change(client_for, delegate, password):
    client = client_for(delegate)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Xieqiao-2026-new",
            "new_password2": "Xieqiao-2026-new",
        },
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.check_password("Xieqiao-2026-new")


def test_password_change_refuses_a_mismatch_and_keeps_the_old_one(client_for, delegate, password):
    response = client_for(delegate).post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Aa-123456x", "new_password2": "Bb-99999y"},
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.check_password(password)


def test_password_reset_mail_goes_out_after_commit_and_its_link_works(
    client, delegate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": delegate.email})
    assert response.status_code == 302
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [delegate.email]
    assert "Congress Office" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Reset-pass-2026", "new_password2": "Reset-pass-2026"},
    )
    assert done.status_code == 302
    delegate.refresh_from_db()
    assert delegate.check_password("Reset-pass-2026")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_health_endpoint_reports_the_database(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_every_page_names_the_sites_icon(client, path):
    """Issue 12, 1.14: browsers asked for /favicon.ico on every page and got 404; pages name
    the site's icon, a static file that exists."""
    from django.contrib.staticfiles import finders

    page = client.get(path).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    assert finders.find("favicon.svg")
