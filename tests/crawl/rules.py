"""The crawl's pure rules: which links it follows, which URLs count as the same page, and which
words on a Chinese page are English that should have been translated (tests/crawl/test_crawl.py
applies them; tests/crawl/test_crawl_rules.py checks them)."""

import re
from urllib.parse import parse_qsl, urlsplit

# Words of Latin letters allowed on a Chinese page, each for a reason. The demo office is built
# in Chinese, so any other Latin word on a Chinese page is our own text left in English or an
# internal code shown to the user.
ALLOWED_WORDS = {
    # File formats and codes a Chinese office writes in Latin letters as they are.
    "pdf",
    "csv",
    "excel",
    "xlsx",
    "word",
    "docx",
    "qr",
    "id",
    "url",
    # The categories of a reply, as Chinese offices write them (A类、B类、C类).
    "a",
    "b",
    "c",
    # Keys as printed on the keyboard, in Django admin's own Chinese help for a multiple
    # choice ("按住 Control 键或 Mac 上的 Command 键来选择多项").
    "control",
    "command",
    "mac",
    # The keys a teller types for a ballot's marks (o for ○, x for ×) on the count pages.
    "o",
    "x",
    # The language switcher names each language in that language.
    "english",
    # Django's own help on the account's password names a kind of server: "…例如单一登入或LDAP".
    "ldap",
    # The demo's logins, shown on the page of the signed-in user and in lists of accounts.
    "office",
    "delegate",
    "leader",
    "member",
    "unit",
    "sysadmin",
    "auditor",
    "teller",
    # The units of a file's size (Django's filesizeformat).
    "kb",
    "mb",
    "gb",
    "bytes",
}

# A run of Latin letters, digits, dots, hyphens, @ and slashes: a word, a login, an e-mail or a
# URL; the checks below take the ones that are not user data or numbers apart.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@/:+\-]*")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$", re.IGNORECASE)
_URL = re.compile(r"^(https?://|/)", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[A-Za-z]")
# A placeholder the office types into a pattern, e.g. the reply number's {year} and {number}.
_PLACEHOLDER = re.compile(r"\{\w+\}")
# The demo's numbered logins (delegate-1, unit-4): user data.
_DEMO_LOGIN = re.compile(r"^(office|delegate|leader|unit)-\d+$")


def english_words(text: str) -> list[str]:
    """The words of Latin letters in `text` that are not allowed on a Chinese page: not
    numbers (2026-009, 10:30), e-mails, URLs or the allowlist above."""
    found = []
    for token in _TOKEN.findall(_PLACEHOLDER.sub(" ", text)):
        token = token.strip(".:-/+")
        if not _HAS_LETTER.search(token) or _EMAIL.match(token) or _URL.match(token):
            continue
        if _DEMO_LOGIN.match(token):
            continue
        # A number with a letter in it (a reference like 2026-009A, a size like 12KB) keeps
        # its letters as the code it is; a word begins with a letter.
        if not token[0].isalpha():
            token = re.sub(r"^[0-9.\-/:]+", "", token)
            if not token or token.lower() in ALLOWED_WORDS:
                continue
        if token.lower() in ALLOWED_WORDS:
            continue
        found.append(token)
    return found


# The pages the crawl never opens: signing out, switching the language (both POST forms, but a
# link may point there too), and Django's own views for the JavaScript catalogue and static files.
_SKIPPED_PATHS = re.compile(
    r"/logout/|/i18n/|/jsi18n/|^/static/|^/media/|/password_change/done/|/autocomplete/"
)
# Downloads: fetched for their status, never opened as pages.
DOWNLOAD = re.compile(r"\.(pdf|csv|xlsx|zip|png|jpg|ics)$|/(pdf|csv|xlsx|export|download)/?$")
_ID = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27,})(?=/|$)")


def is_followed(url: str, origin: str) -> bool:
    """Whether the crawl opens `url`: a page of this site, not one that signs out or switches."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not _SKIPPED_PATHS.search(parts.path)


def page_kind(url: str) -> str:
    """The kind of page `url` is: its path with ids replaced, and for our own pages the names
    (not the values) of its query. In the admin a changelist's filters, sorting and paging are
    the same page, so its query is dropped there."""
    parts = urlsplit(url)
    path = _ID.sub("/<id>", parts.path)
    if path.startswith("/admin/"):
        return path
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def pages_per_kind(kind: str) -> int:
    """How many pages of one kind the crawl opens: one in the admin (the admin's pages of one
    model share their template), two of ours (an object in two states)."""
    return 1 if kind.startswith("/admin/") else 2


def normalized(url: str) -> str:
    """`url` without its fragment, the same page."""
    return url.split("#", 1)[0]
