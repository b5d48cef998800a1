"""axe-core findings on markup we do not own: Django admin's widgets, which its JavaScript or
its own templates render. Each is an axe rule and the CSS selector of the elements it is
excluded on (matched in the page, on the element or an ancestor), with why (decision 116).
Our own templates get no exclusion: their findings are fixed."""

# (axe rule id, CSS selector, why)
AXE_EXCLUSIONS = [
    (
        "aria-input-field-name",
        ".select2-selection, .select2-selection__rendered",
        "the admin's autocomplete (select2, bundled by Django) names its combobox by the chosen "
        "value's box, empty until a value is chosen",
    ),
    (
        "list",
        ".select2-selection__rendered",
        "the admin's autocomplete for several values (select2 4.0.13, bundled by Django) puts its "
        "clear-all button, a span, straight into the list of chosen values",
    ),
    (
        "label",
        ".select2-search__field",
        "select2's own search box inside the open autocomplete, labelled by nothing Django passes",
    ),
    (
        "aria-prohibited-attr",
        ".selector .help-tooltip",
        "filter_horizontal (Django's SelectFilter2.js) puts aria-label on a plain span as the "
        "search box's tooltip",
    ),
    (
        "label",
        "#result_list td",
        "list_editable: Django's changelist renders the row's fields under the column's heading, "
        "without a label",
    ),
    (
        "label",
        ".datetime",
        "the admin's split date and time widget: Django's one label points at the date, not at "
        "the time",
    ),
]


def axe_exclusions() -> list[list[str]]:
    """[rule, selector] pairs for the page's script, which drops the findings they match."""
    return [[rule, selector] for rule, selector, _ in AXE_EXCLUSIONS]
