import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from delegates.models import Delegate, QualificationEvent, RosterImport
from delegates.roster_files import roster_import_run
from tests.broker import broker_away
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter, message_starting

pytestmark = pytest.mark.django_db

HEADER_ZH = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "学历",
    "职业类别",
    "工作单位",
    "职务",
    "电话",
    "电子邮箱",
    "选举单位",
    "代表团",
    "产生方式",
    "生效日期",
    "决定文号",
]


def row(name="沈丽华", **changes):
    values = {
        "name": name,
        "gender": "女",
        "ethnicity": "汉族",
        "birth_date": "1978-04-02",
        "education": "大学本科",
        "occupation": "农民",
        "work_unit": "庆云村经济合作社",
        "post": "村民小组长",
        "phone": "13900001111",
        "email": "",
        "unit": "庆云村党委",
        "delegation": "农村代表团",
        "entry": "当选",
        "effective": "2022-01-01",
        "reference": "选举结果公告",
    }
    values.update(changes)
    return list(values.values())


def csv_file(rows, header=HEADER_ZH, name="roster.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"))


@pytest.fixture
def places(term):
    ElectoralUnitFactory(term=term, name="庆云村党委", seats=3)
    DelegationFactory(term=term, name="农村代表团")
    return term


@pytest.fixture
def upload(client_for, secretariat, places, django_capture_on_commit_callbacks):
    client = client_for(secretariat)

    def send(file):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/delegates/rosterimport/add/", {"term": places.pk, "file": file}
            )
        assert response.status_code in (200, 302)
        return RosterImport.objects.order_by("pk").last(), response

    return send


def confirm(client_for, secretariat, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretariat).post(f"/admin/delegates/rosterimport/{job.pk}/status/")
    job.refresh_from_db()
    return job


def test_a_good_csv_is_previewed_then_imported(
    upload, client_for, secretariat, django_capture_on_commit_callbacks
):
    job, _ = upload(csv_file([row(), row("王建华", gender="男", birth_date="1980/3/9")]))
    assert job.status == "ready" and job.total_rows == 2 and job.errors == []
    assert job.preview[0][:3] == [2, "沈丽华", "female"]
    assert not Delegate.objects.exists()  # nothing before the office confirms
    page = client_for(secretariat).get(f"/admin/delegates/rosterimport/{job.pk}/status/")
    assert "2 delegates will be added" in page.content.decode()
    job = confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.imported_rows == 2
    wang = Delegate.objects.get(name="王建华")
    assert (wang.gender, wang.birth_date, wang.delegation.name) == (
        "male",
        datetime.date(1980, 3, 9),
        "农村代表团",
    )
    event = wang.qualification_events.get()
    assert (event.kind, event.actor) == ("elected", secretariat)


def test_a_good_xlsx_with_date_cells_and_numeric_phones(upload):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Name",
            "Gender",
            "Ethnicity",
            "Date of birth",
            "Education",
            "Occupation category",
            "Work unit",
            "Electoral unit",
            "Entered by",
            "Effective date",
            "Decision reference",
            "Phone",
        ]
    )
    sheet.append(
        [
            "Li Ming",
            "male",
            "汉族",
            datetime.datetime(1985, 7, 1),
            "postgraduate",
            "professional",
            "镇中心小学",
            "庆云村党委",
            "elected",
            datetime.datetime(2022, 1, 1),
            "公告",
            13912345678,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    job, _ = upload(SimpleUploadedFile("roster.xlsx", buffer.getvalue()))
    assert (job.status, job.errors) == ("ready", [])
    assert job.preview[0][1:5] == ["Li Ming", "male", "汉族", "1985-07-01"]
    assert job.preview[0][9] == "13912345678"


BAD_ROWS = [
    (row(birth_date="1978-02-30"), "出生日期", "Enter a valid date."),
    (row(delegation="不存在代表团"), "代表团", "Unknown delegation “不存在代表团” in this term."),
    (row(unit="火星村"), "选举单位", "Unknown electoral unit “火星村” in this term."),
    (row(gender="未知"), "性别", "Select a valid choice."),
    (row(name=""), "姓名", "This field is required."),
    (row(entry="任命"), "产生方式", "Select a valid choice."),
]


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_and_nothing_imported(upload, bad, column, message):
    job, _ = upload(csv_file([row("好人甲"), bad]))
    assert job.status == "invalid"
    assert job.errors == [{"row": 3, "column": column, "message": message_starting(message)}]
    assert not Delegate.objects.exists()


def test_duplicates_in_the_file_and_on_the_roster(upload, places):
    enter(places, places.electoral_units.get(), name="陈建国", birth_date=datetime.date(1970, 1, 1))
    job, _ = upload(
        csv_file([row("沈丽华"), row("沈丽华"), row("陈建国", birth_date="1970-01-01")])
    )
    assert [(e["row"], e["message"]) for e in job.errors] == [
        (3, "The same person as row 2."),
        (4, "Already on the roster of this term."),
    ]


def test_no_more_delegates_than_seats(upload):
    job, _ = upload(csv_file([row(f"代表{n}") for n in range(4)]))
    assert [(e["row"], e["column"]) for e in job.errors] == [(5, "选举单位")]
    assert "no vacant seat" in job.errors[0]["message"]


def test_missing_columns(upload):
    job, _ = upload(csv_file([["沈丽华"]], header=["姓名"]))
    assert job.status == "invalid"
    assert job.errors[0]["row"] == 1 and "Missing columns" in job.errors[0]["message"]
    assert "Date of birth" in job.errors[0]["message"]  # named in the user's language


@pytest.mark.parametrize(
    ("name", "content"),
    [("roster.txt", b"a,b\n"), ("roster.xlsx", b"not a zip"), ("roster.csv", b"PK\x03\x04zip")],
)
def test_a_file_is_judged_by_its_content(upload, name, content):
    before = RosterImport.objects.count()
    _job, response = upload(SimpleUploadedFile(name, content))
    assert "Upload the roster as a .csv or .xlsx file." in response.content.decode()
    assert RosterImport.objects.count() == before


def _broken_xlsx():
    """A workbook whose sheet is cut short: openpyxl finds out only while reading the rows."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(HEADER_ZH)
    workbook.save(buffer)
    broken = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(broken, "w") as target,
    ):
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[:60] if "worksheets/sheet" in name else data)
    return broken.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # A cell longer than Python's csv module reads (found by fuzzing: the check failed).
        (
            "roster.csv",
            ("姓名\n" + "名" * 140_000 + "\n").encode(),
            "The file cannot be read as CSV.",
        ),
        ("roster.xlsx", _broken_xlsx(), "The file cannot be read as XLSX."),
    ],
)
def test_a_file_that_cannot_be_read_is_reported(upload, name, content, message):
    job, _ = upload(SimpleUploadedFile(name, content))
    assert job.status == "invalid"
    assert job.errors == [{"row": 1, "column": "", "message": message}]


def test_errors_are_in_chinese_for_chinese_staff(client_for, secretariat, upload):
    client_for(secretariat).post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    job, _ = upload(csv_file([row(delegation="不存在代表团")]))
    assert job.errors[0]["message"] == "本届没有名为“不存在代表团”的代表团。"


def test_a_refusal_while_importing_rolls_everything_back(
    upload, client_for, secretariat, places, django_capture_on_commit_callbacks
):
    job, _ = upload(csv_file([row("甲"), row("乙")]))
    # Between the check and the import, the unit fills up.
    unit = places.electoral_units.get()
    for n in range(3):
        enter(places, unit, name=f"先到{n}")
    job = confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    assert job.status == "invalid"
    assert job.errors[0]["row"] == 2
    assert not Delegate.objects.filter(name__in=["甲", "乙"]).exists()


def test_running_the_import_again_imports_nothing_twice(
    upload, client_for, secretariat, django_capture_on_commit_callbacks
):
    job, _ = upload(csv_file([row()]))
    job = confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    roster_import_run(roster_import_id=job.pk)
    RosterImport.objects.filter(pk=job.pk).update(status="importing")  # a redelivered task
    roster_import_run(roster_import_id=job.pk)
    assert Delegate.objects.count() == 1
    assert QualificationEvent.objects.count() == 1


def test_export_then_import_into_a_new_term(
    client_for, secretariat, places, django_capture_on_commit_callbacks
):
    unit = places.electoral_units.get()
    rural = places.delegations.get()
    for n in range(2):
        enter(places, unit, name=f"老代表{n}", delegation=rural)
    client = client_for(secretariat)
    exported = client.post(
        "/admin/delegates/delegate/",
        {
            "action": "export_csv",
            "_selected_action": list(Delegate.objects.values_list("pk", flat=True)),
        },
    )
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert "老代表0" in text and "Elected" in text
    new_term = TermFactory(name="第十四届")
    ElectoralUnitFactory(term=new_term, name="庆云村党委", seats=3)
    DelegationFactory(term=new_term, name="农村代表团")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/delegates/rosterimport/add/",
            {"term": new_term.pk, "file": SimpleUploadedFile("export.csv", exported.content)},
        )
    job = RosterImport.objects.get(term=new_term)
    assert (job.status, job.errors) == ("ready", [])
    confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    assert Delegate.objects.filter(term=new_term).count() == 2


def test_progress_is_reported_as_json(upload, client_for, secretariat):
    job, _ = upload(csv_file([row()]))
    state = client_for(secretariat).get(f"/admin/delegates/rosterimport/{job.pk}/progress/").json()
    assert state == {"status": "ready", "done": 1, "total": 1, "percent": 100}


def test_nul_characters_in_a_file_are_reported_not_a_failure(upload):
    # Found by the deep fuzz hunt: an error quoting a NUL character could not be stored in
    # PostgreSQL's JSON, so the check failed and the import stayed "checking".
    job, _ = upload(csv_file([row(gender="\x00", name="沈\x00丽华")]))
    job.refresh_from_db()
    assert job.status == "invalid"
    messages = " ".join(error["message"] for error in job.errors)
    assert "␀" in messages and "\x00" not in messages


def test_a_job_whose_task_could_not_be_queued_is_queued_again_from_its_page(
    upload, client_for, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    from delegates.tasks import check_roster_import, run_roster_import

    client = client_for(secretariat)
    status_page = "/admin/delegates/rosterimport/{}/status/"
    with monkeypatch.context() as broker:
        broker.setattr(check_roster_import, "delay", broker_away)
        job, _ = upload(csv_file([row()]))
    job.refresh_from_db()
    assert (job.status, job.not_queued) == ("validating", True)
    page = client.get(status_page.format(job.pk)).content.decode()
    assert "could not be reached" in page and 'name="queue_again"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_page.format(job.pk), {"queue_again": "1"})
    job.refresh_from_db()
    assert (job.status, job.not_queued) == ("ready", False)

    # The import itself, the same way.
    with monkeypatch.context() as broker:
        broker.setattr(run_roster_import, "delay", broker_away)
        job = confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    assert (job.status, job.not_queued) == ("importing", True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_page.format(job.pk), {"queue_again": "1"})
    job.refresh_from_db()
    assert (job.status, job.imported_rows, job.not_queued) == ("done", 1, False)

    # Queued already: asking again says so and queues nothing.
    response = client.post(status_page.format(job.pk), {"queue_again": "1"}, follow=True)
    assert "This import is already queued." in response.content.decode()


def test_an_import_is_checked_and_made_with_the_cache_away(
    upload, client_for, secretariat, cache_away, django_capture_on_commit_callbacks
):
    job, _ = upload(csv_file([row()]))
    assert job.status == "ready"
    page = client_for(secretariat).get(f"/admin/delegates/rosterimport/{job.pk}/progress/")
    assert page.json() == {"status": "ready", "done": 1, "total": 1, "percent": 100}
    job = confirm(client_for, secretariat, job, django_capture_on_commit_callbacks)
    assert job.status == "done"


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_only_office_staff_import(client_for, request, places, who):
    client = client_for(request.getfixturevalue(who))
    response = client.post(
        "/admin/delegates/rosterimport/add/", {"term": places.pk, "file": csv_file([row()])}
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not RosterImport.objects.exists()


def test_the_preview_shows_choices_by_their_labels_in_the_readers_language(
    upload, client_for, secretariat
):
    """Issue 12, 1.10: the preview printed the stored codes ('female', 'undergraduate',
    'elected') and ISO dates whatever the reader's language."""
    job, _ = upload(csv_file([row()]))
    client = client_for(secretariat)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(f"/admin/delegates/rosterimport/{job.pk}/status/").content.decode()
    cells = preview_cells(page)
    assert cells[2:7] == ["女", "汉族", "1978年4月2日", "大学本科", "农民"]
    assert "当选" in cells and "2022年1月1日" in cells
    for code in ("female", "undergraduate", "farmer", "elected", "1978-04-02"):
        assert code not in cells
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/admin/delegates/rosterimport/{job.pk}/status/").content.decode()
    cells = preview_cells(page)
    assert cells[2] == "Female" and "Elected" in cells


def preview_cells(page):
    """The cells of the preview table's first row."""
    table = page.split('<div class="table-scroll"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td>([^<]*)</td>", table.split("<tbody>", 1)[1].split("</tr>", 1)[0])
