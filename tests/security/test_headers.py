"""The security headers on real pages, and a Content Security Policy the pages keep to.
(The security matrix checks the policy on every HTML page it opens; these read the headers.)"""

import pytest
from django.core.management import call_command

from tests.security.helpers import csp_directives, policy_problems

pytestmark = pytest.mark.django_db

HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture
def pages(client_for, anonymous, delegate, author, secretariat):
    """A few real pages: the sign-in page, a delegate's page, the admin."""

    def get(who, url):
        client = anonymous if who is None else client_for(who)
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return {
        "sign-in": get(None, "/accounts/login/"),
        "delegate's profile": get(delegate, "/delegates/me/"),
        "new proposal": get(delegate, "/proposals/new/"),
        "admin index": get(secretariat, "/admin/"),
        "admin change list": get(secretariat, "/admin/delegates/delegate/"),
        "admin form": get(secretariat, "/admin/delegates/term/add/"),
    }


def test_every_page_sends_the_security_headers(pages):
    for name, response in pages.items():
        for header, value in HEADERS.items():
            assert response.get(header) == value, (name, header)


def test_the_policy_allows_only_our_own_scripts_and_styles(pages):
    for name, response in pages.items():
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], name
        assert directives["script-src"] == ["'self'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["frame-ancestors"] == ["'none'"], name
        assert directives["base-uri"] == ["'self'"], name
        assert directives["form-action"] == ["'self'"], name
        assert "'unsafe-inline'" not in directives["style-src"], name
        assert "'unsafe-eval'" not in sum(directives.values(), []), name


def test_pages_keep_to_the_policy(pages):
    for name, response in pages.items():
        assert policy_problems(response) == [], name


def test_a_nonce_only_where_a_page_has_a_style_block(pages):
    # The admin's colours are a <style> block with the nonce; the site's pages use site.css.
    assert any(s.startswith("'nonce-") for s in csp_directives(pages["admin index"])["style-src"])
    assert csp_directives(pages["sign-in"])["style-src"] == ["'self'"]


def test_each_response_gets_its_own_nonce(client_for, secretariat):
    client = client_for(secretariat)
    first, second = (csp_directives(client.get("/admin/"))["style-src"] for _ in range(2))
    assert first != second


def test_downloads_and_json_carry_the_headers_too(client):
    response = client.get("/healthz/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_checker_sees_what_the_browser_would_block(rf):
    from django.http import HttpResponse

    page = HttpResponse(
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<style nonce="abc"></style><img src="https://elsewhere.example/x.png">'
    )
    page["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'nonce-xyz'"
    assert len(policy_problems(page)) == 5


def test_the_deploy_checks_pass_with_axes_and_csp(capsys, settings):
    # The production checks themselves run in tests/core/test_deployment_files.py with the
    # example settings; here the apps' own checks (django-axes, django-csp) are run.
    call_command("check", "--fail-level", "WARNING")


def test_production_has_the_policy_the_throttle_and_the_proxy():
    import json

    from tests.core.test_settings import run_django

    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.MIDDLEWARE, settings.AUTHENTICATION_BACKENDS[0], "
        "settings.TRUSTED_PROXY_COUNT, settings.SECURE_CROSS_ORIGIN_OPENER_POLICY, "
        "settings.X_FRAME_OPTIONS]))"
    )
    result = run_django(
        "congress_office.settings.production",
        code,
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="congress.example.org",
    )
    assert result.returncode == 0, result.stderr
    middleware, backend, proxies, coop, frames = json.loads(result.stdout)
    assert "csp.middleware.CSPMiddleware" in middleware
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert backend == "axes.backends.AxesStandaloneBackend"
    assert (proxies, coop, frames) == (1, "same-origin", "DENY")
