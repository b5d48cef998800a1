"""Issue 12 (1.14): the site's colours keep WCAG AA contrast. Worked out from the stylesheet
itself: every rule that sets both a text colour and a background, and every text colour on the
page's background and on the white cards."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
TEXT = 4.5  # WCAG 2.x AA, body text
NON_TEXT = 3.0  # WCAG 2.x AA, the outline of a form field


def variables(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", root))


def resolved(value: str, names: dict) -> str:
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    return names[match.group(1)] if match else value


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rules_with_text_on_background(css: str):
    names = variables(css)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        colour = re.search(r"(?:^|;)\s*color:\s*([^;]+)", body)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{3,6}|var\([\w-]+\))", body)
        if colour and background and selector.strip() != ":root":
            yield (
                selector.strip(),
                resolved(colour.group(1), names),
                resolved(background.group(1), names),
            )


def test_the_checker_reads_the_stylesheet_and_knows_a_failing_pair():
    rules = {selector: (fg, bg) for selector, fg, bg in rules_with_text_on_background(CSS)}
    assert ".badge-active" in rules and ".message-warning" in rules
    assert round(contrast("#1a7f37", "#e6f4ea"), 2) == 4.47  # the green badge before the fix
    assert round(contrast("#000", "#fff"), 1) == 21.0


@pytest.mark.parametrize(
    ("selector", "text", "background"), list(rules_with_text_on_background(CSS))
)
def test_text_on_its_own_background_is_readable(selector, text, background):
    assert contrast(text, background) >= TEXT, f"{selector}: {text} on {background}"


@pytest.mark.parametrize("name", ["--ink", "--muted", "--ok", "--warn", "--error", "--red-dark"])
@pytest.mark.parametrize("page", ["--bg", "#fff"])
def test_text_colours_are_readable_on_the_page_and_on_cards(name, page):
    names = variables(CSS)
    background = names.get(page, page)
    assert contrast(names[name], background) >= TEXT


def test_form_fields_outlines_are_visible():
    assert contrast(variables(CSS)["--field-border"], "#fff") >= NON_TEXT
