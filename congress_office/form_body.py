"""A form's POST body (application/x-www-form-urlencoded) read into the QueryDict Django would
make, with fewer Python calls per field (decision 266).

Django's `QueryDict(body)` runs `parse_qsl` and then `appendlist` for each field, four Python
calls each: on the evaluation's 92-field ballot that took about 0.25 ms of CPU where
`parse_qsl` alone takes 0.05 (docs/performance.md, "Ballots, fifth pass"). `form_body` runs
the same `parse_qsl`, with the same arguments (UTF-8, blanks kept, at most
DATA_UPLOAD_MAX_NUMBER_FIELDS fields: more raise `TooManyFieldsSent`, as Django's does), and
puts the lists into the QueryDict at once: the same keys, values, order and immutability.
`FormBodyMiddleware` sets it as `request.POST` before the CSRF check reads it, only where
Django would parse the body that way; the body is read through `request.body`, which keeps
DATA_UPLOAD_MAX_MEMORY_SIZE. Everything else (multipart, other encodings, a body already
read as a stream, a body that cannot be read) is left to Django, which then does what it did.
"""

from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict, UnreadablePostError
from django.utils.datastructures import MultiValueDict

FORM = "application/x-www-form-urlencoded"


def form_body(body: bytes) -> QueryDict:
    """`QueryDict(body, encoding="utf-8")`, built with fewer calls: equal to it for every body
    (tests/core/test_form_body.py), immutable as it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # as QueryDict: some user agents misbehave
        text = body.decode("iso-8859-1")
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except ValueError as e:  # QueryDict's own words
        raise TooManyFieldsSent(
            "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
        ) from e
    lists: dict[str, list[str]] = {}
    for key, value in pairs:
        values = lists.get(key)
        if values is None:
            lists[key] = [value]
        else:
            values.append(value)
    data = QueryDict(encoding="utf-8")  # empty and immutable
    dict.update(data, lists)  # a MultiValueDict keeps each key's list as the dict's value
    return data


class FormBodyMiddleware:
    """Reads a urlencoded POST body with `form_body`, before CsrfViewMiddleware reads the
    token from it; where Django would refuse or parse it otherwise, it is left to Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type == FORM
            and request.encoding in (None, "utf-8", "UTF-8")
            and not hasattr(request, "_post")
            and not request._read_started
        ):
            try:
                body = request.body  # RequestDataTooBig past the limit: a 400, as before
            except UnreadablePostError:
                body = None  # Django marks the POST unreadable, as it did
            if body is not None:
                request._post, request._files = form_body(body), MultiValueDict()
        return self.get_response(request)
