"""Writing and reading simple tables as CSV or XLSX, for every export and import."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    *, filename: str, file_format: str, header: Sequence, rows: Iterable[Sequence]
) -> HttpResponse:
    """An attachment with the table as CSV (UTF-8 with a BOM, so Excel reads the Chinese)
    or as an XLSX workbook."""
    if file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([str(cell) for cell in header])
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        file_format = "csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(cell) for cell in header])
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def read_table(content: bytes, file_format: str) -> list[list]:
    """The rows of an uploaded CSV or XLSX file (the first sheet), header row included.
    Raises ValueError when the file cannot be read as that format."""
    if file_format == "xlsx":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            # Read-only workbooks parse their sheets while the rows are read.
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError(str(error)) from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return list(csv.reader(io.StringIO(text)))
        except csv.Error as error:  # a field longer than the csv module reads, for one
            raise ValueError(str(error)) from error
    raise ValueError("not UTF-8 or GB18030 text")
