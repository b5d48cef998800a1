"""Every URL of the project, read from the URL configuration itself (the admin's included), and
how to fill in a route's parameters."""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, resolve

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Url:
    name: str | None  # "proposals:proposal_detail"; None for the admin's unnamed routes
    route: str  # "proposals/<int:pk>/"
    admin_model: type | None  # the model whose ModelAdmin the route belongs to

    @property
    def key(self) -> str:
        """What the expectation table is keyed by: the URL name, or the route if unnamed."""
        return self.name or self.route

    @property
    def parameters(self) -> list[str]:
        return [m["name"] or m["group"] for m in _PARAMETER.finditer(self.route)]

    def fill(self, values: dict) -> str:
        """The path with `values` in place of the parameters; it must resolve to this route."""
        path = _PARAMETER.sub(lambda m: str(values[m["name"] or m["group"]]), self.route)
        path = "/" + path.replace("^", "").replace("$", "")
        match = resolve(path.split("?")[0])
        assert match.route == self.route, f"{path} resolves to {match.route}, not {self.route}"
        return path


def _admin_model(route: str):
    parts = route.split("/")
    if len(parts) < 4 or parts[0] != "admin":
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (parts[1], parts[2]):
            return model
    return None


def project_urls() -> list[Url]:
    """Every route, in resolution order. A name used twice (Django's own password_reset,
    shadowed by ours) is kept once: only the first can be reached."""
    found, seen = [], set()

    def join(prefix, pattern):
        # As Django joins them for ResolverMatch.route: an inner regex loses its "^".
        return prefix + str(pattern).removeprefix("^") if prefix else str(pattern)

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, join(prefix, entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                route = join(prefix, entry.pattern)
                if (name or route) not in seen:
                    seen.add(name or route)
                    found.append(Url(name, route, _admin_model(route)))

    walk(get_resolver(), "", None)
    return found
