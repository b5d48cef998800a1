"""Reading a laid-out document (WeasyPrint's pages of boxes, before the PDF is written):
which page each table row landed on, the running head of each page, the lines of text.
Exact, where reading the PDF back would be guesswork."""

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes


@dataclass
class Line:
    page: int
    text: str


def page_boxes(document):
    """(page number from 1, box, its parent box) for every box of every page, margin boxes
    included."""
    for number, page in enumerate(document.pages, start=1):
        for box, parent in _walk(page._page_box, None):
            yield number, box, parent


def _walk(box, parent):
    yield box, parent
    for child in getattr(box, "children", ()):
        yield from _walk(child, box)


def _in_body(group) -> bool:
    """Whether a row group is a table's body, not its repeated header."""
    return group.element.tag != "thead"


def _text(box) -> str:
    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))


def _has_class(element, name) -> bool:
    return name in (element.get("class") or "").split()


def body_rows(document) -> dict:
    """{row element: [its pages]} for every row of a table's body: one page per row box."""
    rows = {}
    for number, box, group in page_boxes(document):
        if isinstance(box, boxes.TableRowBox) and _in_body(group):
            rows.setdefault(box.element, []).append(number)
    return rows


def split_rows(document) -> list[str]:
    """The text of every body row printed on more than one page."""
    return [
        "".join(row.itertext()).strip()
        for row, pages in body_rows(document).items()
        if len(pages) > 1
    ]


def pages_without_header(document) -> list[tuple[str, int]]:
    """(table's first header cell, page) for each page a table with a header runs on to
    without its header row at the top."""
    missing = []
    for number, box, _parent in page_boxes(document):
        if not isinstance(box, boxes.TableBox) or box.element.find("thead") is None:
            continue
        groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
        if not groups or groups[0].element.tag != "thead":
            missing.append(("".join(box.element.find("thead").itertext()).strip(), number))
    return missing


def running_heads(document) -> list[str]:
    """The text in each page's top margin ("" for a page without one)."""
    heads = []
    for page in document.pages:
        margin = [
            b
            for b in page._page_box.children
            if isinstance(b, boxes.MarginBox) and b.at_keyword.startswith("@top")
        ]
        heads.append("".join(_text(b) for b in margin))
    return heads


def lines(document) -> list[Line]:
    """Every line of text on every page, margins included, in order."""
    return [
        Line(number, _text(box))
        for number, box, _parent in page_boxes(document)
        if isinstance(box, boxes.LineBox)
    ]


def overflowing_tables(document) -> list[tuple[int, float]]:
    """(page, by how many points) for each table wider than the page's text."""
    rights = [
        page._page_box.children[0].content_box_x() + page._page_box.children[0].width
        for page in document.pages
    ]
    return [
        (number, round(box.content_box_x() + box.width - rights[number - 1], 1))
        for number, box, _parent in page_boxes(document)
        if isinstance(box, boxes.TableBox)
        and box.content_box_x() + box.width > rights[number - 1] + 0.5
    ]


def cell_lines(document) -> list[tuple[object, list[str]]]:
    """(cell element, the lines it was set in) for every cell of a table's body."""
    cells, rows_in_body = {}, set()
    for _number, box, parent in page_boxes(document):
        if isinstance(box, boxes.TableRowBox) and _in_body(parent):
            rows_in_body.add(id(box))
        if isinstance(box, boxes.TableCellBox) and id(parent) in rows_in_body:
            cells.setdefault(box.element, []).extend(
                _text(line) for line in box.descendants() if isinstance(line, boxes.LineBox)
            )
    return list(cells.items())


def squeezed_cells(document, fewest=4, fewest_in_names=10) -> list[list[str]]:
    """Cells set in more lines than their forced breaks make: a figure or date (a cell of
    class "n") broken at all, any text broken into lines of fewer than `fewest` characters,
    a table's name or title column (class "name") into lines of fewer than
    `fewest_in_names`."""
    squeezed = []
    for cell, set_in in cell_lines(document):
        forced = len(cell.findall(".//br"))
        if len(set_in) <= forced + 1:
            continue
        least = fewest_in_names if _has_class(cell, "name") else fewest
        if _has_class(cell, "n") or min(len(text.strip()) for text in set_in[:-1]) < least:
            squeezed.append(set_in)
    return squeezed


def element_lines(document, tag: str, class_name: str) -> list[str]:
    """The lines of the first `tag` element inside an element of class `class_name`."""
    for _number, box, parent in page_boxes(document):
        if (
            isinstance(box, boxes.BlockBox)
            and box.element is not None
            and box.element.tag == tag
            and parent.element is not None
            and _has_class(parent.element, class_name)
        ):
            return [_text(line) for line in box.descendants() if isinstance(line, boxes.LineBox)]
    return []
