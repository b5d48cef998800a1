"""The client's address as login throttling (django-axes) sees it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The address a request came from. Behind `TRUSTED_PROXY_COUNT` proxies that each append
    to X-Forwarded-For, it is the entry the outermost of them appended: anything further left
    was written by the client and could be forged to dodge the throttle."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
