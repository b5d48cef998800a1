"""axe-core findings on markup we do not own: Django admin's widgets, which the admin renders
itself. Each is a rule and a CSS selector it is excluded for, with why (decision 116). Our own
templates get no exclusion: their findings are fixed."""

# (axe rule id, CSS selector of the element, why)
AXE_EXCLUSIONS = [
]


def excluded(rule: str, target: str) -> bool:
    """Whether the axe finding of `rule` on the element `target` (axe's CSS selector) is one of
    the admin's own widgets listed above."""
    return any(rule == r and selector in target for r, selector, _ in AXE_EXCLUSIONS)
