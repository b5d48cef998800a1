"""What the frames' tests (test_list_frame.py, test_form_frame.py) share: Django's template as
the office wrote it before its fixed parts were kept, and pages rendered with both templates
from the same context, in both languages, switched back and forth."""

import re
from pathlib import Path

from django.template import engines
from django.template.loader import get_template
from django.utils import translation

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def former_template(djangos: Path, changes: list[tuple[str, str]]):
    """Django's template at `djangos` with each (Django's text, the office's) of `changes`
    made; each of Django's texts must be there once (an upgrade that moves one fails here)."""
    text = djangos.read_text()
    for theirs, offices in changes:
        assert text.count(theirs) == 1, theirs
        text = text.replace(theirs, offices)
    return engines["django"].from_string(text)


def rendered_both_ways(client, urls: list[str], name: str, former) -> dict:
    """Each page of `urls`, in Chinese, English and Chinese again, rendered by the office's
    template `name` and by `former` from the page's own context: asserted the same (the CSRF
    token aside) and returned by (language, url)."""
    pages = {}
    for language in ("zh-hans", "en", "zh-hans"):  # switched back and forth
        for url in urls:
            with translation.override(language):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200, url
                context, request = dict(response.context_data), response.wsgi_request
                ours = get_template(name).render(context, request)
                theirs = former.render(context, request)
                ours, theirs = TOKEN.sub("", ours), TOKEN.sub("", theirs)
            assert ours == theirs, (language, url)
            pages[language, url] = ours
    assert all(pages["en", url] != pages["zh-hans", url] for url in urls)
    return pages


class Script:
    """A media file given as an object writing its own markup (not kept)."""

    def __init__(self, text):
        self.text = text

    def __html__(self):
        return self.text
