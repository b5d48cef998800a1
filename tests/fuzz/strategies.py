"""Hypothesis strategies for fuzzing the forms and imports: adversarial text, numbers, dates and
files, roster tables as CSV or XLSX, and POST data built from a Django form's own fields
(mostly plausible values, with junk, missing fields, repeated keys and extra keys mixed in)."""

import csv
import datetime
import io
import zipfile

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.core.documents import DOCX, JPEG, PDF, PNG

# --- Text -------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "名\x00字",
    "\x1b[31m",
    "0",
    "-1",
    "1e309",
    "NaN",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Robert'); DROP TABLE delegates_delegate;--",
    "%s%s%s%n",
    "%(name)s",
    "{0}{name}",
    "\u202eexe.txt",
    "\ufeffBOM",
    "\u200b",
    "e\u0301\u0301\u0301",
    "𝕳𝖊𝖑𝖑𝖔",
    "👨‍👩‍👧‍👦",
    "Ｆｕｌｌ　ｗｉｄｔｈ",
    "张三",
    "女",
    "当选",
    "../../etc/passwd",
    "..\\..\\boot.ini",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CONTROL = st.characters(categories=["Cc"])
ANY_CHAR = st.characters(codec="utf-8")

long_text = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(["字", "a", "e\u0301", "𝕏", "ab ", "\u3000"]),
    st.integers(min_value=101, max_value=3500),
)
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(alphabet=CJK, min_size=1, max_size=30),
    st.text(alphabet=st.one_of(CJK, CONTROL, ANY_CHAR), max_size=30),
    long_text,
)
# Text that a careful user might type: mostly printable, sometimes CJK, sometimes long.
sensible_text = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=20),
    st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40),
)

# --- Numbers ----------------------------------------------------------------------------

BOUNDARY_INTEGERS = [
    0,
    1,
    -1,
    2**15 - 1,
    2**15,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**63 - 1,
    2**63,
    -(2**63) - 1,
    10**30,
]
integers = st.one_of(
    st.integers(min_value=-3, max_value=30),
    st.sampled_from(BOUNDARY_INTEGERS),
    st.integers(),
)
# A count as tellers type it: mostly small, sometimes at or past what a column holds.
counts = st.one_of(st.integers(min_value=0, max_value=12), st.sampled_from(BOUNDARY_INTEGERS))
number_text = st.one_of(
    integers.map(str),
    st.sampled_from(["1.5", "1e3", " 7 ", "٣", "١٢", "+5", "0x10", "1_000", "−1", "inf", "--1"]),
    text,
)

# --- Dates ------------------------------------------------------------------------------

WEIRD_DATES = [
    "2024-02-30",
    "2023-02-29",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-13-01",
    "2024-00-10",
    "2024-1-1",
    "24-01-01",
    "2024/01/05",
    "2024年1月5日",
    "01/05/2024",
    "today",
    "-2024-01-01",
    "2024-01-01T25:00",
]
near_term = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2028, 12, 31))
any_date = st.one_of(near_term, st.dates())
date_text = st.one_of(
    any_date.map(datetime.date.isoformat),
    near_term.map(datetime.date.isoformat),
    st.sampled_from(WEIRD_DATES),
    text,
)
time_text = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M:%S")),
    st.sampled_from(["00:00", "23:59", "24:00", "12:60", "-1:00", "noon", "25:61:61"]),
    text,
)

# --- Files ------------------------------------------------------------------------------


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<w:document/>")
    return buffer.getvalue()


FILE_HEADS = [
    b"",
    b"%PDF-1.7\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"PK\x03\x04",
    b"GIF89a",
    b"MZ\x90\x00",
    b"<html><script>alert(1)</script>",
    b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,",
    _zip(["word/document.xml"]),
    _zip(["xl/workbook.xml"]),
]
FILE_NAMES = [
    "document.pdf",
    "photo.JPG",
    "scan.png",
    "报告.docx",
    "roster.csv",
    "roster.xlsx",
    "ROSTER.XLSX",
    "no_extension",
    "invoice.pdf.exe",
    "roster.xlsx.csv",
    ".pdf",
    "a" * 240 + ".pdf",
    "名" * 120 + ".docx",
    "x." + "y" * 200,
    "../../../etc/passwd",
    "con.pdf",
    "semi;colon\"quote'.pdf",
]


def _upload(name: str, head: bytes, body: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, head + body)


_upload_names = st.one_of(st.sampled_from(FILE_NAMES), text.map(lambda t: t[:80] + ".pdf"))
uploads = st.one_of(
    st.builds(_upload, _upload_names, st.sampled_from(FILE_HEADS), st.binary(max_size=600)),
    # Whole real files, which pass the content check, under any name.
    st.builds(_upload, _upload_names, st.sampled_from([PDF, PNG, JPEG, DOCX]), st.just(b"")),
)

# --- Roster tables ----------------------------------------------------------------------


def _xlsx_cell(value):
    """What openpyxl can write: no control characters, at most 32,767 characters."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    if isinstance(value, datetime.date) and value.year < 1900:
        return value.isoformat()  # before Excel's epoch: written as text
    return value


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(
        [["" if value is None else value for value in row] for row in rows]
    )
    return buffer.getvalue().encode(encoding, errors="replace")


cell_values = st.one_of(
    text,
    integers.filter(lambda n: abs(n) < 2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    any_date,
    st.datetimes(),
)


# --- POST data from a form's fields ------------------------------------------------------


def _queryset_pks(field) -> list[str]:
    key = field.to_field_name or "pk"
    return [str(pk) for pk in field.queryset.order_by(key).values_list(key, flat=True)[:50]]


def _choice_values(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):  # an option group
            values.extend(str(v) for v, _label in label)
        else:
            values.append(str(value))
    return values


def plausible_value(field: forms.Field) -> st.SearchStrategy:
    """What a user of the page might send for the field (right or wrong, but well-formed):
    within its length and bounds, and sometimes empty when it may be."""
    value = _plausible_value(field)
    several = forms.MultipleChoiceField | forms.ModelMultipleChoiceField | forms.FileField
    if not field.required and not isinstance(field, several):
        return st.one_of(value, value, st.just(""))
    return value


def _plausible_value(field: forms.Field) -> st.SearchStrategy:
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = _queryset_pks(field)
        return st.lists(st.sampled_from(pks), max_size=4) if pks else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        pks = _queryset_pks(field)
        return st.sampled_from(pks) if pks else st.just("")
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.sampled_from(_choice_values(field) or [""]), max_size=3)
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from(_choice_values(field) or [""])
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(["on", "true", "false", ""])
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else -5
        high = field.max_value if field.max_value is not None else low + 200
        return st.integers(min_value=low, max_value=high).map(str)
    if isinstance(field, forms.SplitDateTimeField):
        times = st.times().map(lambda t: t.strftime("%H:%M:%S"))
        return st.tuples(near_term.map(datetime.date.isoformat), times)
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(
            min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2028, 12, 31)
        ).map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S"))
    if isinstance(field, forms.DateField):
        return near_term.map(datetime.date.isoformat)
    if isinstance(field, forms.EmailField):
        return st.emails().map(str)
    if isinstance(field, forms.FileField):
        return uploads
    if isinstance(field, forms.CharField):
        longest = min(field.max_length or 40, 40)
        return sensible_text.filter(lambda value: len(value.strip()) <= longest).map(
            lambda value: value.strip() or "名"
        )
    return sensible_text


def junk_value(field: forms.Field) -> st.SearchStrategy:
    """Values of the wrong kind or out of range for the field."""
    if isinstance(field, forms.SplitDateTimeField):
        return st.tuples(date_text, time_text)
    if isinstance(field, forms.FileField):
        return st.one_of(uploads, text)
    if isinstance(field, forms.IntegerField | forms.ModelChoiceField):
        return number_text
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return date_text
    return text


def field_value(field: forms.Field) -> st.SearchStrategy:
    """Mostly plausible values (so that forms are sometimes valid and saved), some junk, and
    sometimes the key given twice."""
    one = st.one_of(plausible_value(field), plausible_value(field), junk_value(field))
    if isinstance(field, forms.FileField | forms.SplitDateTimeField):
        return one
    return st.one_of(one, st.lists(junk_value(field), min_size=2, max_size=3))


def _put(data: dict, files: dict, name: str, field: forms.Field, value) -> None:
    if isinstance(field, forms.SplitDateTimeField):
        data[f"{name}_0"], data[f"{name}_1"] = value
    elif isinstance(value, SimpleUploadedFile):
        files[name] = value
    else:
        data[name] = value


def posted(field: forms.Field, value):
    """A form value as a browser posts it (the form's initial values, to start from)."""
    if value is None:
        return ""
    if isinstance(field, forms.SplitDateTimeField):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return (value.date().isoformat(), value.time().strftime("%H:%M:%S"))
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(field, forms.BooleanField):
        return "on" if value else ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


@st.composite
def form_data(
    draw,
    fields: dict,
    *,
    prefix: str = "",
    fixed: dict | None = None,
    base: dict | None = None,
    careful: bool | None = None,
):
    """POST data for a form with these fields. Half the time (unless `careful` says) as a
    careful user sends it: the form's values as they were (`base`, for a change page) with up
    to two changed, or a plausible value for every field, so that forms are often valid and
    saved. Otherwise every field but at most two of them, each plausible or junk or repeated,
    and up to two keys the form does not know."""
    names = [name for name in fields if name not in (fixed or {})]
    if careful is None:
        careful = draw(st.booleans())
    dropped = set() if careful or not names else draw(st.sets(st.sampled_from(names), max_size=2))
    changed = draw(st.sets(st.sampled_from(names), max_size=2)) if base and names else set()
    data, files = dict(fixed or {}), {}
    for name in names:
        if name in dropped:
            continue
        key = f"{prefix}-{name}" if prefix else name
        if careful and base and name in base and name not in changed:
            value = st.just(base[name])
        elif careful:
            value = plausible_value(fields[name])
        else:
            value = field_value(fields[name])
        _put(data, files, key, fields[name], draw(value))
    if not careful:
        extra = draw(
            st.dictionaries(st.text(alphabet="abcxyz_-", min_size=1, max_size=8), text, max_size=2)
        )
        for key, value in extra.items():
            data.setdefault(key, value)
    return {**data, **files}


# --- Roster files -----------------------------------------------------------------------


def _labels(key: str) -> list[str]:
    from django.utils import translation

    from delegates.roster_check import LABELS

    names = [key, key.upper()]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names.append(str(LABELS[key]))
    return names


def _choice_names(choices) -> list[str]:
    from django.utils import translation

    names = []
    for code, label in choices:
        names.append(code)
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.append(str(label))
    return names


def _date_cell(day: datetime.date, style: int):
    formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
    return day if style == len(formats) else day.strftime(formats[style])


def roster_cell(key: str, places: dict, *, junk: bool) -> st.SearchStrategy:
    """A cell of a roster column: a right or plausible value, or (with junk) anything."""
    from delegates.models import Delegate, QualificationEvent

    dates = {"birth_date": st.dates(datetime.date(1940, 1, 1), datetime.date(2005, 12, 31))}
    plausible = {
        "name": st.one_of(sensible_text, st.sampled_from(["张代表", "王代表", "新代表"])),
        "gender": st.sampled_from(_choice_names(Delegate.Gender.choices)),
        "ethnicity": st.sampled_from(["汉族", "回族", "Han"]),
        "education": st.sampled_from(_choice_names(Delegate.Education.choices)),
        "occupation": st.sampled_from(_choice_names(Delegate.Occupation.choices)),
        "work_unit": sensible_text,
        "post": st.one_of(st.just(""), sensible_text),
        "phone": st.one_of(st.just(""), st.from_regex(r"1[3-9]\d{9}", fullmatch=True)),
        "email": st.one_of(st.just(""), st.emails().map(str)),
        "electoral_unit": st.sampled_from(places["units"]),
        "delegation": st.sampled_from(["", *places["delegations"]]),
        "entry_kind": st.sampled_from(_choice_names(QualificationEvent.Kind.choices)),
        "decision_reference": sensible_text,
    }
    if key in ("birth_date", "effective_date"):
        days = dates.get(key, near_term)
        value = st.builds(_date_cell, days, st.integers(min_value=0, max_value=5))
    else:
        value = plausible[key]
    if junk:
        return st.one_of(value, value, cell_values)
    return value


@st.composite
def roster_table(draw, places: dict, *, junk: bool):
    """A roster as a table: a header naming the columns (in any order, in English, Chinese or
    as codes; sometimes one missing, repeated or unknown) and up to eight rows."""
    from delegates.roster_check import COLUMNS

    keys = [key for key, _label in COLUMNS]
    if junk:
        keys = draw(st.permutations(keys))
        dropped = draw(st.sets(st.sampled_from(keys), max_size=2))
        keys = [key for key in keys if key not in dropped]
        keys += draw(st.lists(st.sampled_from(keys), max_size=1))  # a repeated column
    header = [draw(st.sampled_from(_labels(key))) for key in keys]
    if junk and draw(st.booleans()):
        header.append(draw(text))  # a column nobody asked for
        keys.append(None)
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        cells = [
            draw(roster_cell(key, places, junk=junk)) if key else draw(cell_values) for key in keys
        ]
        if junk:
            cut = draw(st.integers(min_value=0, max_value=len(cells) + 2))
            cells = cells[:cut] + [draw(cell_values) for _ in range(max(0, cut - len(cells)))]
        rows.append(cells)
    return [header, *rows]


def _csv_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


@st.composite
def roster_file(draw, places: dict, *, junk: bool):
    """A roster upload: the table as CSV (in one of several encodings) or XLSX."""
    table = draw(roster_table(places, junk=junk))
    as_xlsx = draw(st.booleans())
    if as_xlsx:
        content, name = xlsx_bytes(table), "roster.xlsx"
    else:
        encoding = (
            draw(st.sampled_from(["utf-8-sig", "utf-8", "gb18030", "utf-16", "latin-1"]))
            if junk
            else draw(st.sampled_from(["utf-8-sig", "utf-8", "gb18030"]))
        )
        delimiter = draw(st.sampled_from([",", ",", ";", "\t"])) if junk else ","
        rows = [[_csv_value(value) for value in row] for row in table]
        content, name = csv_bytes(rows, encoding, delimiter), "roster.csv"
    if junk:
        name = draw(st.one_of(st.just(name), st.sampled_from(FILE_NAMES)))
        mangle = draw(st.sampled_from(["none", "none", "truncate", "flip", "append", "giant"]))
        if mangle == "truncate" and content:
            content = content[: draw(st.integers(min_value=0, max_value=len(content) - 1))]
        elif mangle == "flip" and content:
            at = draw(st.integers(min_value=0, max_value=len(content) - 1))
            content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
        elif mangle == "append":
            content += draw(st.binary(min_size=1, max_size=64))
        elif mangle == "giant":  # one cell longer than Python's csv module reads
            giant = "\n" + "名" * 140_000
            content += giant.encode("utf-8" if as_xlsx else encoding, errors="replace")
    return SimpleUploadedFile(name, content)
