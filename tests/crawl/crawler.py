"""Breadth-first crawl of every page one signed-in role can reach, in one language, with the
checks of issue 12 §4: server errors, English on a Chinese page, axe-core's WCAG 2.1 A/AA
violations and a page wider than a 390 px phone."""

from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from tests.crawl import rules
from tests.crawl.exclusions import axe_exclusions

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_PAGES = 200  # per role and language: a guard against a link that multiplies pages

# The text a user reads: visible text nodes and the attributes a screen or a screen reader
# shows. Inputs' values are user data, except a button's caption.
_VISIBLE_TEXT = """() => {
  const out = [];
  const NOT_READ = ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'];
  const READ = '[alt], [placeholder], [aria-label], [title], '
    + 'input[type=submit], input[type=button]';
  const seen = (el) => el && el.checkVisibility && el.checkVisibility({visibilityProperty: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || NOT_READ.includes(parent.tagName)) continue;
    if (parent.closest('[data-user-data]')) continue;
    if (parent.tagName !== 'OPTION' && !seen(parent)) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  out.push(document.title);
  for (const el of document.querySelectorAll(READ)) {
    for (const name of ['alt', 'placeholder', 'aria-label', 'title']) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
    if (el.matches('input[type=submit], input[type=button]') && el.value) out.push(el.value);
  }
  return out;
}"""

# axe's violations, less the nodes an exclusion (tests/crawl/exclusions.py) matches.
_AXE_RUN = """([tags, exclusions]) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
  .then((result) => result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    targets: v.nodes.filter((n) => {
      const el = document.querySelector(n.target[0]);
      return !(el && exclusions.some(([rule, sel]) => rule === v.id && el.closest(sel)));
    }).map((n) => n.target.join(' ')),
  })))"""

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"""
_OVERFLOW = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""


@dataclass
class Crawl:
    """What one crawl found, page by page."""

    pages: int = 0
    downloads: int = 0
    server_errors: list[str] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    admin_overflow: list[str] = field(default_factory=list)

    def failures(self) -> int:
        return sum(
            map(len, (self.server_errors, self.broken_links, self.english, self.axe, self.overflow))
        )

    def report(self, title: str) -> str:
        lines = [
            f"{title}: {self.pages} pages, {self.downloads} downloads; "
            f"{len(self.server_errors)} server errors, {len(self.broken_links)} broken links, "
            f"{len(self.english)} English on Chinese pages, {len(self.axe)} axe violations, "
            f"{len(self.overflow)} pages wider than 390 px "
            f"(and {len(self.admin_overflow)} admin pages, allowed)"
        ]
        for name in (
            "server_errors",
            "broken_links",
            "english",
            "axe",
            "overflow",
            "admin_overflow",
        ):
            found = getattr(self, name)
            if found:
                lines.append(f"  {name.replace('_', ' ')}:")
                lines.extend(f"    {line}" for line in found)
        return "\n".join(lines)


def crawl(page, origin: str, start: str, language: str) -> Crawl:
    """Open every page reachable from `start` by same-site links, at most `pages_per_kind` of
    each kind, and check each one."""
    found = Crawl()
    queue = deque([origin + start])
    queued = {origin + start}
    per_kind = Counter()
    axe_source = AXE.read_text()
    while queue and found.pages < MAX_PAGES:
        url = queue.popleft()
        path = url[len(origin) :]
        if rules.DOWNLOAD.search(url.split("?", 1)[0]):
            found.downloads += 1
            _check_status(found, path, page.context.request.get(url).status)
            continue
        try:
            response = page.goto(url, wait_until="load")
        except Exception as error:  # noqa: BLE001 - a download starting is not a page
            if "Download is starting" not in str(error):
                raise
            found.downloads += 1
            _check_status(found, path, page.context.request.get(url).status)
            continue
        found.pages += 1
        status = response.status if response else 0
        _check_status(found, path, status)
        if status >= 400 or not (response.headers.get("content-type", "")).startswith("text/html"):
            continue
        path = page.url[len(origin) :] if page.url.startswith(origin) else path
        _check_page(page, found, path, language, axe_source)
        for link in page.evaluate(_LINKS):
            link = rules.normalized(link)
            if link in queued or not rules.is_followed(link, origin):
                continue
            queued.add(link)
            kind = rules.page_kind(link)
            if per_kind[kind] >= rules.pages_per_kind(kind):
                continue
            per_kind[kind] += 1
            queue.append(link)
    return found


def _check_status(found: Crawl, path: str, status: int) -> None:
    if status >= 500:
        found.server_errors.append(f"{status} {path}")
    elif status >= 400:
        found.broken_links.append(f"{status} {path}")


def _check_page(page, found: Crawl, path: str, language: str, axe_source: str) -> None:
    if language == "zh-hans":
        spots = {}
        for text in page.evaluate(_VISIBLE_TEXT):
            if words := rules.english_words(text):
                spots.setdefault(" ".join(text.split())[:80], words)
        if spots:
            shown = "; ".join(f"{', '.join(w)} in «{t}»" for t, w in list(spots.items())[:4])
            more = f" (+{len(spots) - 4})" if len(spots) > 4 else ""
            found.english.append(f"{path}: {shown}{more}")
    overflow = page.evaluate(_OVERFLOW)
    if overflow > 1:
        target = found.admin_overflow if path.startswith("/admin/") else found.overflow
        target.append(f"{path}: {overflow}px wider")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(_AXE_RUN, [AXE_TAGS, axe_exclusions()])
    for violation in result:
        targets = violation["targets"]
        if targets:
            shown = ", ".join(targets[:3]) + (f" (+{len(targets) - 3})" if len(targets) > 3 else "")
            found.axe.append(f"{path}: {violation['id']} ({violation['help']}): {shown}")
