"""Reading the security headers, and whether a page keeps to its Content Security Policy."""

from html.parser import HTMLParser


def csp_directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _same_origin(url: str) -> bool:
    return not url.startswith(("//", "http:", "https:", "data:", "javascript:"))


class _PolicyReader(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        where = f"<{tag}{' ' + attrs['id'] if 'id' in attrs else ''}>"
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"{where}: inline event handler {name}=")
        if "style" in attrs:
            self.problems.append(f"{where}: style attribute")
        if tag == "script":
            if not attrs.get("src"):
                self.problems.append(f"{where}: inline script")
            elif not _same_origin(attrs["src"]):
                self.problems.append(f"{where}: script from {attrs['src']}")
        if tag == "style" and (not self.nonce or attrs.get("nonce") != self.nonce):
            self.problems.append(f"{where}: <style> without the response's nonce")
        stylesheet = tag == "link" and "stylesheet" in (attrs.get("rel") or "").split()
        if stylesheet and not _same_origin(attrs.get("href") or ""):
            self.problems.append(f"{where}: stylesheet from {attrs.get('href')}")
        if tag == "img" and not _same_origin(attrs.get("src") or ""):
            self.problems.append(f"{where}: image from {attrs.get('src')}")
        if tag in ("iframe", "object", "embed", "frame"):
            self.problems.append(f"{where}: embedded content")
        if tag == "a" and (attrs.get("href") or "").lower().startswith("javascript:"):
            self.problems.append(f"{where}: javascript: link")
        if tag == "form" and not _same_origin(attrs.get("action") or ""):
            self.problems.append(f"{where}: form posted to {attrs.get('action')}")


def policy_problems(response) -> list[str]:
    """What in an HTML response its Content Security Policy would block: inline scripts and
    event handlers, style attributes, <style> blocks without the header's nonce, resources
    from elsewhere. An empty list means the browser runs the page as written."""
    directives = csp_directives(response)
    if not directives:
        return ["no Content-Security-Policy header"]
    nonces = [
        source[len("'nonce-") : -1]
        for source in directives.get("style-src", [])
        if source.startswith("'nonce-")
    ]
    reader = _PolicyReader(nonces[0] if nonces else None)
    reader.feed(response.content.decode())
    return reader.problems
