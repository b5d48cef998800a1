"""The security matrix's expectation table: for every URL of the project, what each role gets.

Keyed by URL name (or by the route, for the admin's few unnamed routes); an entry is a list of
cases, one per object worth telling apart (the delegate's own item and another's, unit A's and
unit B's, before and after closing...). The objects are built in tests/security/world.py,
whose docstring says who each role is.

A new URL fails tests/security/test_matrix.py until it has an entry here. To add one:

    "proposals:thing": [
        case("the delegate's own", DELEGATES.but(other_delegate=NOT_FOUND), pk=pk_of("thing")),
        case("another delegate's", DELEGATES.but(delegate=NOT_FOUND), pk=pk_of("other_thing")),
    ],

`DELEGATES`, `UNITS`, `OFFICE`, `ADMIN`, `SIGNED_IN`, `EVERYONE` are the usual answers of a
kind of page; `.but(role=...)` changes some roles. A role refused on GET (302 to a sign-in
page, 403, 404) is checked to be refused the same way on POST, with nothing changed; `Post`
rows cover what a role may read but not do. A wrong answer that cannot be fixed at once is
written as `Bug(right answer, "why")` and reported.

The admin's model pages are covered by pattern (fnmatch on the URL name or route), so a new
model admin is covered at once; exceptions are listed above the patterns (first match wins).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress_office.models import CalendarDay
from delegates.models import Contact, SolicitationResponse
from evaluations.models import PaperRound, Receipt
from proposals.models import Assignment, Consultation, CoSignature, Proposal, Reply
from sessions.election_tellers import election_tellers
from sessions.models import (
    Attendance,
    BallotEntry,
    ElectionReceipt,
    PaperTotal,
    RoundStatusChange,
    SessionDocument,
)
from tests.core.documents import PDF as PDF_FILE
from tests.security.expect import (
    ADMIN,
    DELEGATES,
    DENIED,
    DOWNLOAD,
    EVERYONE,
    FILE,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OFFICE,
    OK,
    REDIRECT,
    SIGNED_IN,
    UNITS,
    Answers,
    Post,
    admin_object,
    case,
    pk_of,
)
from tests.security.world import DOCX_TYPE

PDF = "application/pdf"
PNG = "image/png"
SVG = "image/svg+xml"


def SIGNED_IN_REDIRECT(to) -> Answers:  # noqa: N802 - reads like the constants
    """Every signed-in role sent on to `to`; a visitor to the sign-in page."""
    return Answers(REDIRECT(to), anonymous=LOGIN)


CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _status(model, name):
    return lambda world: model.objects.get(pk=getattr(world, name).pk).status


def _ratings_of(name):
    from proposals.models import Feedback

    return lambda world: Feedback.objects.filter(
        reply__assignment__proposal=getattr(world, name)
    ).count()


def _publish(world):
    from proposals.models import ProposalRules

    ProposalRules.objects.update(publish_closed_items=True)


def _uid(world, url):
    return urlsafe_base64_encode(force_bytes(world.user("delegate").pk))


# A POST form of delegates: GET is not allowed (405) for them, refused for everyone else.
POST_ONLY_FOR_DELEGATES = DELEGATES.but(
    delegate=NOT_ALLOWED, other_delegate=NOT_ALLOWED, leader=NOT_ALLOWED
)
POST_ONLY_FOR_UNITS = UNITS.but(unit_staff=NOT_ALLOWED, other_unit_staff=NOT_ALLOWED)


def _attachment_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"title": "附件", "file": SimpleUploadedFile("a.pdf", PDF_FILE)}


SITE = {
    # --- The core -----------------------------------------------------------------------
    "home": [
        case(
            "each role's landing page",
            SIGNED_IN.but(
                delegate=REDIRECT("/delegates/me/"),
                other_delegate=REDIRECT("/delegates/me/"),
                leader=REDIRECT("/delegates/me/"),
                unit_staff=REDIRECT("/proposals/unit/"),
                other_unit_staff=REDIRECT("/proposals/unit/"),
                office=REDIRECT("/admin/"),
                system_admin=REDIRECT("/admin/auth/user/"),
                auditor=REDIRECT("/admin/congress_office/securityevent/"),
            ),
        )
    ],
    "healthz": [case("", EVERYONE)],
    "notifications": [case("one's own notifications", SIGNED_IN)],
    "set_language": [case("a POST form; GET only goes back", Answers(REDIRECT()))],
    "login": [case("", EVERYONE)],
    "logout": [case("a POST form", Answers(NOT_ALLOWED))],
    "password_change": [case("", SIGNED_IN)],
    "password_change_done": [case("", SIGNED_IN)],
    "password_reset": [case("", EVERYONE)],
    "password_reset_done": [case("", EVERYONE)],
    "password_reset_confirm": [
        case("a link with a wrong token", EVERYONE, uidb64=_uid, token="wrong-token")
    ],
    "password_reset_complete": [case("", EVERYONE)],
    # --- Two-factor sign-in (the gate itself: tests/security/test_two_factor_gate.py). Every
    # signed-in session here has given its code, or needs none (delegates who have not turned
    # it on); the staff's (office, system administrator, auditor) have an app.
    "two_factor:manage": [case("one's own", SIGNED_IN)],
    "two_factor:verify": [case("no code owed: on to the home page", SIGNED_IN_REDIRECT("/"))],
    "two_factor:enrol": [
        case(
            "setting up an app: the office has one",
            SIGNED_IN.but(
                office=REDIRECT("/accounts/two-factor/"),
                system_admin=REDIRECT("/accounts/two-factor/"),
                auditor=REDIRECT("/accounts/two-factor/"),
            ),
        )
    ],
    "two_factor:recovery_codes": [
        case("shown once, after they are made", SIGNED_IN_REDIRECT("/accounts/two-factor/"))
    ],
    "two_factor:renew_recovery_codes": [
        case(
            "a POST form",
            Answers(NOT_ALLOWED),
            posts=[
                Post(
                    "renew recovery codes: only who has two-factor on",
                    SIGNED_IN_REDIRECT("/accounts/two-factor/").but(
                        office=REDIRECT("/accounts/two-factor/recovery-codes/?next=%2F"),
                        system_admin=REDIRECT("/accounts/two-factor/recovery-codes/?next=%2F"),
                        auditor=REDIRECT("/accounts/two-factor/recovery-codes/?next=%2F"),
                    ),
                    effect=lambda w: sorted(
                        StaticToken.objects.filter(device__user=w.users["office"]).values_list(
                            "token", flat=True
                        )
                    ),
                    changes_for=("office",),
                )
            ],
        )
    ],
    "two_factor:turn_off": [
        case(
            "a POST form",
            Answers(NOT_ALLOWED),
            posts=[
                Post(
                    "turn two-factor off: not the office, whose role requires it",
                    SIGNED_IN_REDIRECT("/accounts/two-factor/"),
                    effect=lambda w: TOTPDevice.objects.filter(user=w.users["office"]).count(),
                )
            ],
        )
    ],
    # --- Delegates ------------------------------------------------------------------------
    "delegates:my_profile": [case("", DELEGATES)],
    "delegates:my_duties": [case("", DELEGATES)],
    "delegates:delegate_record": [
        case(
            "the delegate's record (delegation 1, led by the leader)",
            DELEGATES.but(other_delegate=NOT_FOUND),
            pk=pk_of("me"),
        ),
        case(
            "the other delegate's record (delegation 2)",
            DELEGATES.but(delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("other"),
        ),
    ],
    "delegates:delegation_detail": [
        case(
            "delegation 1: only its leader",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND),
            pk=pk_of("delegation"),
        ),
        case(
            "delegation 2: no leader",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("other_delegation"),
        ),
    ],
    "delegates:my_briefings": [case("", DELEGATES)],
    "delegates:briefing_detail": [
        case(
            "published to delegation 1 (the delegate and the leader)",
            DELEGATES.but(other_delegate=NOT_FOUND),
            pk=pk_of("briefing"),
        ),
        case(
            "a draft: no delegate may find it",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("draft_briefing"),
        ),
        case(
            "published to another term's delegates",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("other_term_briefing"),
        ),
    ],
    "delegates:briefing_attachment": [
        case(
            "the PDF of a briefing to delegation 1: its audience and the office",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=DOWNLOAD(PDF),
                leader=DOWNLOAD(PDF),
                office=DOWNLOAD(PDF),
            ),
            pk=pk_of("briefing"),
        ),
        case(
            "a draft's DOCX: the office only",
            Answers(NOT_FOUND, anonymous=LOGIN, office=DOWNLOAD(DOCX_TYPE)),
            pk=pk_of("draft_briefing"),
        ),
    ],
    "delegates:my_solicitations": [case("", DELEGATES)],
    "delegates:solicitation_answer": [
        case(
            "asking delegation 1 (the delegate has sent an answer, the leader has not)",
            DELEGATES.but(other_delegate=NOT_FOUND),
            pk=pk_of("solicitation"),
            posts=[
                Post(
                    "save a draft: only those asked; the delegate's sent answer stays sent",
                    DELEGATES.but(other_delegate=NOT_FOUND, leader=REDIRECT()),
                    effect=lambda w: SolicitationResponse.objects.filter(
                        solicitation=w.solicitation
                    ).count(),
                    data={"draft": ""},
                    changes_for=("leader",),
                )
            ],
        ),
        case(
            "a draft: no delegate may find it",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("draft_solicitation"),
        ),
        case(
            "asking another term's delegates",
            DELEGATES.but(delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("other_term_solicitation"),
        ),
    ],
    "delegates:solicitation_attachment": [
        case(
            "the PDF of a solicitation asking delegation 1: those asked and the office",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=DOWNLOAD(PDF),
                leader=DOWNLOAD(PDF),
                office=DOWNLOAD(PDF),
            ),
            pk=pk_of("solicitation"),
        ),
        case(
            "a draft's DOCX: the office only",
            Answers(NOT_FOUND, anonymous=LOGIN, office=DOWNLOAD(DOCX_TYPE)),
            pk=pk_of("draft_solicitation"),
        ),
    ],
    "delegates:my_contacts": [
        case(
            "the committee member's delegates: the leader keeps in touch with the delegate",
            Answers(NOT_FOUND, anonymous=LOGIN, leader=OK),
        )
    ],
    "delegates:contact_new": [
        case(
            "the leader's own delegate",
            Answers(NOT_FOUND, anonymous=LOGIN, leader=OK),
            delegate_pk=pk_of("me"),
            posts=[
                Post(
                    "log a contact: only the member who keeps in touch",
                    Answers(NOT_FOUND, anonymous=LOGIN, leader=REDIRECT("/delegates/contacts/")),
                    effect=lambda w: Contact.objects.count(),
                    data=lambda w: {"date": w.contact.date.isoformat(), "way": "phone"},
                    changes_for=("leader",),
                )
            ],
        ),
        case(
            "a delegate nobody signed in keeps in touch with",
            Answers(NOT_FOUND, anonymous=LOGIN),
            delegate_pk=pk_of("other"),
        ),
    ],
    # --- Sessions -------------------------------------------------------------------------
    "sessions:my_sessions": [case("", DELEGATES)],
    "sessions:election_ballot": [
        case(
            "an open round: the three delegates are checked in at its sitting",
            DELEGATES.but(
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                office=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "cast a blank ballot: only the delegates checked in",
                    DELEGATES.but(
                        delegate=REDIRECT("/sessions/rounds/{election_round}/voted/"),
                        other_delegate=REDIRECT("/sessions/rounds/{election_round}/voted/"),
                        leader=REDIRECT("/sessions/rounds/{election_round}/voted/"),
                        unit_staff=NOT_FOUND,
                        other_unit_staff=NOT_FOUND,
                        office=NOT_FOUND,
                        system_admin=NOT_FOUND,
                        auditor=NOT_FOUND,
                    ),
                    effect=lambda w: ElectionReceipt.objects.filter(round=w.election_round).count(),
                    data={"action": "submit"},
                    changes_for=("delegate", "other_delegate", "leader"),
                )
            ],
        )
    ],
    "sessions:election_voted": [
        case(
            "an open round nobody has voted in yet",
            DELEGATES.but(
                delegate=REDIRECT("/sessions/rounds/{election_round}/ballot/"),
                other_delegate=REDIRECT("/sessions/rounds/{election_round}/ballot/"),
                leader=REDIRECT("/sessions/rounds/{election_round}/ballot/"),
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                office=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("election_round"),
        )
    ],
    "sessions:election_count_home": [
        case(
            "the open round's teller (the other delegate) and chief scrutineer (the leader)",
            Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK, leader=OK),
        )
    ],
    "sessions:count_round": [
        case(
            "an open round: its teller enters, its chief scrutineer looks",
            Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK, leader=OK),
            pk=pk_of("election_round"),
        )
    ],
    "sessions:count_ballot": [
        case(
            "an open round: only its teller enters ballots",
            Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "enter a blank ballot: only its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=REDIRECT()),
                    effect=lambda w: BallotEntry.objects.filter(round=w.election_round).count(),
                    data={"number": 1},
                    changes_for=("other_delegate",),
                )
            ],
        )
    ],
    "sessions:count_hand_out": [
        case(
            "an open round: a POST form of its teller",
            Answers(NOT_ALLOWED, anonymous=LOGIN),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "record a paper ballot handed out: only its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=REDIRECT()),
                    effect=lambda w: ElectionReceipt.objects.filter(
                        round=w.election_round, on_paper=True
                    ).count(),
                    data=lambda w: {"delegates": [w.me.pk]},
                    changes_for=("other_delegate",),
                )
            ],
        )
    ],
    "sessions:count_take": [
        case(
            "an open round: a POST form of its teller",
            Answers(NOT_ALLOWED, anonymous=LOGIN),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "take a count with no ballots entered: refused even for its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
                    effect=lambda w: PaperTotal.objects.count(),
                    data={"returned": 0},
                )
            ],
        )
    ],
    "sessions:count_totals": [
        case(
            "an open round: a POST form of its teller",
            Answers(NOT_ALLOWED, anonymous=LOGIN),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "record totals of no paper ballots: only its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=REDIRECT()),
                    effect=lambda w: RoundStatusChange.objects.filter(
                        round=w.election_round, step="paper_entered"
                    ).count(),
                    data=lambda w: {
                        "returned": 0,
                        "invalid": 0,
                        **{
                            f"{mark}-{pk}": 0
                            for pk in w.election_round.candidates.values_list("pk", flat=True)
                            for mark in ("for", "against", "abstain")
                        },
                    },
                    changes_for=("other_delegate",),
                )
            ],
        )
    ],
    "sessions:election_results": [
        case(
            "an election whose round is open: no result announced, no page for anyone",
            SIGNED_IN.but(
                delegate=NOT_FOUND,
                other_delegate=NOT_FOUND,
                leader=NOT_FOUND,
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                office=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("election"),
        )
    ],
    "sessions:session_detail": [
        case(
            "a session of the delegates' term",
            SIGNED_IN.but(
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("session"),
        ),
        case(
            "a session of another term",
            Answers(NOT_FOUND, anonymous=LOGIN, office=OK),
            pk=pk_of("other_term_session"),
        ),
    ],
    "sessions:check_in_code": [
        case(
            "the delegate's own check-in code for their session",
            Answers(NOT_FOUND, anonymous=LOGIN, delegate=FILE(SVG)),
            pk=pk_of("session"),
            delegate_pk=pk_of("me"),
        ),
        case(
            "the delegate's code under another term's session",
            Answers(NOT_FOUND, anonymous=LOGIN),
            pk=pk_of("other_term_session"),
            delegate_pk=pk_of("me"),
        ),
    ],
    "sessions:document_download": [
        case(
            "a PDF of the delegates' session",
            Answers(
                DOWNLOAD(PDF),
                anonymous=LOGIN,
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("document"),
        ),
        case(
            "a document of another term's session",
            Answers(NOT_FOUND, anonymous=LOGIN, office=DOWNLOAD(PDF)),
            pk=pk_of("other_term_document"),
        ),
    ],
    "sessions:resolution_print": [
        case(
            "a resolution of the delegates' session, printed on demand",
            Answers(
                FILE(PDF),
                anonymous=LOGIN,
                unit_staff=NOT_FOUND,
                other_unit_staff=NOT_FOUND,
                system_admin=NOT_FOUND,
                auditor=NOT_FOUND,
            ),
            pk=pk_of("resolution"),
        )
    ],
    "sessions:check_in": [
        case(
            "staff check delegates in",
            OFFICE,
            pk=pk_of("sitting"),
            posts=[
                Post(
                    "check the delegate in as on leave",
                    OFFICE.but(office=REDIRECT()),
                    effect=lambda w: list(Attendance.objects.values_list("status", flat=True)),
                    data=lambda w: {"delegate": w.me.pk, "status": "on_leave", "method": "list"},
                    changes_for=("office",),
                )
            ],
        )
    ],
    "sessions:live_attendance": [case("", OFFICE, pk=pk_of("sitting"))],
    "sessions:live_attendance_figures": [
        case("the live page's figures, as JSON", OFFICE, pk=pk_of("sitting"))
    ],
    "sessions:check_in_scan": [
        case(
            "the delegate's own QR code: only staff can check them in",
            OFFICE,
            token=lambda w, url: w.check_in_token,
            posts=[
                Post(
                    "one tap",
                    OFFICE.but(office=REDIRECT()),
                    effect=lambda w: list(Attendance.objects.values_list("method", flat=True)),
                    data=lambda w: {"sitting": w.sitting.pk},
                    changes_for=("office",),
                )
            ],
        )
    ],
    "sessions:printed_document": [
        case(
            "the session report's page",
            OFFICE,
            pk=pk_of("session"),
            kind="report",
            posts=[
                Post(
                    "generate again",
                    OFFICE.but(office=REDIRECT()),
                    effect=lambda w: SessionDocument.objects.get(pk=w.printed.pk).status,
                    changes_for=("office",),
                )
            ],
        ),
        case(
            "the report itself",
            OFFICE.but(office=DOWNLOAD(PDF)),
            pk=pk_of("session"),
            kind="report",
            query="download=1",
        ),
        case(
            "the agenda being generated: its progress bar",
            OFFICE,
            pk=pk_of("session"),
            kind="agenda",
        ),
        case(
            "a kind that does not exist",
            OFFICE.but(office=NOT_FOUND),
            pk=pk_of("session"),
            kind="x",
        ),
    ],
    "sessions:printed_document_progress": [
        case("", OFFICE, pk=pk_of("session"), kind="report"),
    ],
    # --- Proposals ------------------------------------------------------------------------
    "proposals:public_items": [
        case("not published (the default)", Answers(NOT_FOUND)),
        case("published by the office", EVERYONE, setup=_publish),
    ],
    "proposals:unit_home": [case("each unit's own inbox", UNITS)],
    "proposals:assignment_detail": [
        case(
            "unit A's assignment",
            UNITS.but(other_unit_staff=NOT_FOUND),
            pk=pk_of("assignment"),
        ),
        case(
            "unit B's assignment",
            UNITS.but(unit_staff=NOT_FOUND),
            pk=pk_of("other_assignment"),
        ),
    ],
    # A unit's steps on an assignment: POST forms; only the unit's staff, the others get 404.
    "proposals:assignment_reply": [
        case(
            "unit B's assignment",
            POST_ONLY_FOR_UNITS,
            pk=pk_of("other_assignment"),
            posts=[
                Post(
                    "reply",
                    UNITS.but(other_unit_staff=REDIRECT("/proposals/unit/"), unit_staff=NOT_FOUND),
                    effect=lambda w: Reply.objects.filter(assignment=w.other_assignment).count(),
                    data={"result": "A", "text": "已解决。", "confirm": "on"},
                    changes_for=("other_unit_staff",),
                )
            ],
        ),
    ],
    "proposals:assignment_send_back": [
        case(
            "unit B's assignment",
            POST_ONLY_FOR_UNITS,
            pk=pk_of("other_assignment"),
            posts=[
                Post(
                    "send it back: only unit B's staff, within the days allowed",
                    UNITS.but(other_unit_staff=REDIRECT("/proposals/unit/"), unit_staff=NOT_FOUND),
                    effect=lambda w: Assignment.objects.get(pk=w.other_assignment.pk).sent_back_at,
                    data={"reason": "非本单位职责"},
                    changes_for=("other_unit_staff",),
                )
            ],
        ),
    ],
    "proposals:extension": [
        case(
            "unit A's assignment",
            POST_ONLY_FOR_UNITS,
            pk=pk_of("assignment"),
        ),
    ],
    # The lead unit records its consultation with the delegate: only unit B's own staff.
    "proposals:assignment_consultation": [
        case(
            "unit B's assignment",
            POST_ONLY_FOR_UNITS,
            pk=pk_of("other_assignment"),
            posts=[
                Post(
                    "record a consultation",
                    UNITS.but(
                        other_unit_staff=REDIRECT(
                            lambda w: f"/proposals/unit/items/{w.other_assignment.pk}/"
                        ),
                        unit_staff=NOT_FOUND,
                    ),
                    effect=lambda w: Consultation.objects.filter(
                        assignment=w.other_assignment
                    ).count(),
                    data=lambda w: {
                        "held_on": datetime.date.today().isoformat(),
                        "way": "phone",
                        "agreed": "电话沟通，代表同意办理方案。",
                    },
                    changes_for=("other_unit_staff",),
                )
            ],
        ),
    ],
    "proposals:my_proposals": [case("", DELEGATES)],
    "proposals:proposal_new": [case("", DELEGATES)],
    "proposals:proposal_detail": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            DELEGATES.but(other_delegate=NOT_FOUND),
            pk=pk_of("draft"),
        ),
        case(
            "the delegate's item replied by unit A: co-signed by the leader, declined by the other",
            DELEGATES.but(other_delegate=NOT_FOUND),
            pk=pk_of("replied"),
        ),
        case(
            "the other delegate's item",
            DELEGATES.but(delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("other_item"),
        ),
    ],
    # The author's steps on an item: POST forms; only the author, the others get 404.
    "proposals:proposal_submit": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("draft"),
            posts=[
                Post(
                    "submit: only its author",
                    DELEGATES.but(delegate=REDIRECT(), other_delegate=NOT_FOUND, leader=NOT_FOUND),
                    effect=_status(Proposal, "draft"),
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    "proposals:proposal_withdraw": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("draft"),
            posts=[
                Post(
                    "withdraw: only its author",
                    DELEGATES.but(delegate=REDIRECT(), other_delegate=NOT_FOUND, leader=NOT_FOUND),
                    effect=_status(Proposal, "draft"),
                    data={"confirm": "on"},
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    "proposals:cosigners_invite": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("draft"),
            posts=[
                Post(
                    "ask the other delegate to co-sign: only its author",
                    DELEGATES.but(delegate=REDIRECT(), other_delegate=NOT_FOUND, leader=NOT_FOUND),
                    effect=lambda w: CoSignature.objects.filter(proposal=w.draft).count(),
                    data=lambda w: {"cosigners": [w.other.pk]},
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    # The co-signer picker's answer as the author types: the author's, while asking is open.
    "proposals:cosigners_found": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            DELEGATES.but(other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("draft"),
        ),
    ],
    "proposals:attachment_add": [
        case(
            "the delegate's draft, which the leader is asked to co-sign",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("draft"),
            posts=[
                Post(
                    "attach a file: only its author",
                    DELEGATES.but(delegate=REDIRECT(), other_delegate=NOT_FOUND, leader=NOT_FOUND),
                    effect=lambda w: w.draft.attachments.count(),
                    data=_attachment_upload,
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    "proposals:feedback_submit": [
        case(
            "the delegate's inquiry answered by unit A: co-signed by the leader",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("inquiry"),
            posts=[
                Post(
                    "rate the answer: each signer",
                    DELEGATES.but(delegate=REDIRECT(), leader=REDIRECT(), other_delegate=NOT_FOUND),
                    effect=_ratings_of("inquiry"),
                    data={"overall": "basically", "comment": ""},
                    changes_for=("delegate", "leader"),
                )
            ],
        ),
        case(
            "the delegate's item replied by unit A: co-signed by the leader",
            POST_ONLY_FOR_DELEGATES,
            pk=pk_of("replied"),
            posts=[
                Post(
                    "rate the reply: only its author",
                    DELEGATES.but(delegate=REDIRECT(), other_delegate=NOT_FOUND, leader=NOT_FOUND),
                    effect=_status(Proposal, "replied"),
                    data={"overall": "satisfied", "comment": ""},
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    "proposals:proposal_edit": [
        case(
            "the delegate's draft (only its author changes it)",
            DELEGATES.but(other_delegate=NOT_FOUND, leader=NOT_FOUND),
            pk=pk_of("draft"),
            posts=[
                Post(
                    "change its title: only its author",
                    DELEGATES.but(delegate=REDIRECT(), leader=NOT_FOUND, other_delegate=NOT_FOUND),
                    effect=lambda w: Proposal.objects.get(pk=w.draft.pk).title,
                    data={
                        "kind": "suggestion",
                        "title": "改过的标题",
                        "situation": "情况",
                        "recommendations": "建议",
                        "category": "",
                        "session": "",
                    },
                    changes_for=("delegate",),
                )
            ],
        ),
    ],
    "proposals:cosign": [
        case(
            "the leader's invitation to co-sign (GET goes to the draft)",
            DELEGATES.but(
                delegate=NOT_FOUND, other_delegate=NOT_FOUND, leader=REDIRECT("/proposals/{draft}/")
            ),
            pk=pk_of("invitation"),
            posts=[
                Post(
                    "confirm: only the delegate asked",
                    DELEGATES.but(
                        leader=REDIRECT("/proposals/mine/"),
                        delegate=NOT_FOUND,
                        other_delegate=NOT_FOUND,
                    ),
                    effect=lambda w: CoSignature.objects.get(pk=w.invitation.pk).status,
                    data={"answer": "confirm"},
                    changes_for=("leader",),
                )
            ],
        ),
    ],
    "proposals:reply_letter": [
        case(
            "unit A's reply to the delegate and the leader (co-signer)",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=FILE(PDF),
                leader=FILE(PDF),
                unit_staff=FILE(PDF),
                office=FILE(PDF),
            ),
            pk=pk_of("reply"),
        ),
    ],
    "proposals:attachment_download": [
        case(
            "a PNG on the delegate's draft (the leader is asked to co-sign it)",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=DOWNLOAD(PNG),
                leader=DOWNLOAD(PNG),
                office=DOWNLOAD(PNG),
            ),
            pk=pk_of("draft_attachment"),
        ),
        case(
            "a DOCX on the delegate's item handled by unit A (the leader co-signed it)",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=DOWNLOAD(DOCX_TYPE),
                leader=DOWNLOAD(DOCX_TYPE),
                unit_staff=DOWNLOAD(DOCX_TYPE),
                office=DOWNLOAD(DOCX_TYPE),
            ),
            pk=pk_of("replied_attachment"),
        ),
    ],
    # --- Evaluations ----------------------------------------------------------------------
    "evaluations:my_evaluations": [case("", DELEGATES)],
    "evaluations:ballot": [
        case(
            "open; the delegate and the leader are entitled",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=OK,
                leader=OK,
                other_delegate=DENIED,  # the refusal page: not entitled
            ),
            pk=pk_of("evaluation"),
            posts=[
                Post(
                    "cast a blank ballot: only those entitled",
                    Answers(
                        NOT_FOUND,
                        anonymous=LOGIN,
                        delegate=REDIRECT("/evaluations/{evaluation}/voted/"),
                        leader=REDIRECT("/evaluations/{evaluation}/voted/"),
                        other_delegate=DENIED,
                    ),
                    effect=lambda w: Receipt.objects.filter(evaluation=w.evaluation).count(),
                    data={"action": "submit"},
                    changes_for=("delegate", "leader"),
                )
            ],
        ),
        case(
            "closed; the delegate voted, the leader did not",
            Answers(NOT_FOUND, anonymous=LOGIN, delegate=OK, leader=DENIED, other_delegate=DENIED),
            pk=pk_of("closed_evaluation"),
        ),
        case("a draft: nobody", Answers(NOT_FOUND, anonymous=LOGIN), pk=pk_of("draft_evaluation")),
    ],
    "evaluations:voted": [
        case(
            "open: nobody has voted yet",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=REDIRECT("/evaluations/{evaluation}/ballot/"),
                leader=REDIRECT("/evaluations/{evaluation}/ballot/"),
                other_delegate=REDIRECT("/evaluations/{evaluation}/ballot/"),
            ),
            pk=pk_of("evaluation"),
        ),
        case(
            "closed: the delegate voted",
            Answers(
                NOT_FOUND,
                anonymous=LOGIN,
                delegate=OK,
                leader=REDIRECT("/evaluations/{closed_evaluation}/ballot/"),
                other_delegate=REDIRECT("/evaluations/{closed_evaluation}/ballot/"),
            ),
            pk=pk_of("closed_evaluation"),
        ),
    ],
    "evaluations:hand_out": [
        case(
            "open: a POST form of its teller, the other delegate",
            Answers(NOT_ALLOWED, anonymous=LOGIN),
            pk=pk_of("evaluation"),
            posts=[
                Post(
                    "record a paper ballot handed out: only its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=REDIRECT()),
                    effect=lambda w: Receipt.objects.filter(
                        evaluation=w.evaluation, on_paper=True
                    ).count(),
                    data=lambda w: {"delegates": [w.leader_record.pk]},
                    changes_for=("other_delegate",),
                )
            ],
        ),
        case(
            "closed: the teller hands out no more",
            Answers(NOT_ALLOWED, anonymous=LOGIN),
            pk=pk_of("closed_evaluation"),
            posts=[
                Post(
                    "record a paper ballot after closing",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
                    effect=lambda w: Receipt.objects.filter(on_paper=True).count(),
                    data=lambda w: {"delegates": [w.leader_record.pk]},
                )
            ],
        ),
    ],
    "evaluations:tally_home": [
        case("the tellers' list", Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK))
    ],
    "evaluations:tally": [
        case(
            "open: the other delegate is its teller",
            Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
            pk=pk_of("evaluation"),
            posts=[
                Post(
                    "record a void round: only its teller",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=REDIRECT()),
                    effect=lambda w: PaperRound.objects.filter(evaluation=w.evaluation).count(),
                    data={"issued": 1, "returned": 2, "record_void": "on"},
                    changes_for=("other_delegate",),
                )
            ],
        ),
        case(
            "closed: the teller reads its rounds, enters none",
            Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
            pk=pk_of("closed_evaluation"),
            posts=[
                Post(
                    "record a round after closing",
                    Answers(NOT_FOUND, anonymous=LOGIN, other_delegate=OK),
                    effect=lambda w: PaperRound.objects.count(),
                    data={"issued": 1, "returned": 2, "record_void": "on"},
                )
            ],
        ),
    ],
    "evaluations:results": [
        case("before closing: 'not yet'", OFFICE, pk=pk_of("evaluation")),
        case("after closing", OFFICE, pk=pk_of("closed_evaluation")),
    ],
    "evaluations:results_pdf": [
        case(
            "before closing: back to the results page",
            OFFICE.but(office=REDIRECT("/evaluations/{evaluation}/results/")),
            pk=pk_of("evaluation"),
        ),
        case("after closing", OFFICE.but(office=DOWNLOAD(PDF)), pk=pk_of("closed_evaluation")),
    ],
    "evaluations:results_export": [
        case(
            "CSV before closing",
            OFFICE.but(office=REDIRECT("/evaluations/{evaluation}/results/")),
            pk=pk_of("evaluation"),
            file_format="csv",
        ),
        case(
            "CSV after closing",
            OFFICE.but(office=DOWNLOAD(CSV)),
            pk=pk_of("closed_evaluation"),
            file_format="csv",
        ),
        case(
            "XLSX after closing",
            OFFICE.but(office=DOWNLOAD(XLSX)),
            pk=pk_of("closed_evaluation"),
            file_format="xlsx",
        ),
        case(
            "a format that does not exist",
            OFFICE.but(office=NOT_FOUND),
            pk=pk_of("closed_evaluation"),
            file_format="txt",
        ),
    ],
    "evaluations:blank_ballot": [
        case("", OFFICE.but(office=DOWNLOAD(PDF)), pk=pk_of("evaluation")),
    ],
}


def _proposal_content_type(world, url):
    return ContentType.objects.get_for_model(Proposal).pk


# The admin's pages every member of staff may open (their password, the admin's scripts).
STAFF = ADMIN.but(system_admin=OK, auditor=OK)
# Sign-in records: superusers only.
STAFF_NOT_OFFICE = ADMIN.but(office=DENIED)
# Accounts and groups: the system administrator's (and superusers').
ACCOUNTS = STAFF_NOT_OFFICE.but(system_admin=OK)
# The security audit trail: the auditor reads it; nobody adds, changes or removes an entry.
TRAIL = STAFF_NOT_OFFICE.but(auditor=OK)
TRAIL_CLOSED = STAFF_NOT_OFFICE

ADMIN_PAGES = {
    # --- The admin site's own pages.
    "admin:index": [
        case(
            "the office's desk; the roles without one go to their own page",
            ADMIN.but(
                system_admin=REDIRECT("/admin/auth/user/"),
                auditor=REDIRECT("/admin/congress_office/securityevent/"),
            ),
        )
    ],
    "admin:login": [
        case(
            "",
            Answers(
                OK,
                office=REDIRECT("/admin/"),
                system_admin=REDIRECT("/admin/"),
                auditor=REDIRECT("/admin/"),
            ),
        )
    ],
    "admin:logout": [
        case(
            "a POST form; the admin sends others home",
            Answers(
                REDIRECT("/admin/"),
                office=NOT_ALLOWED,
                system_admin=NOT_ALLOWED,
                auditor=NOT_ALLOWED,
            ),
        )
    ],
    "admin:password_change": [case("", STAFF)],
    "admin:password_change_done": [case("", STAFF)],
    "admin:jsi18n": [case("", STAFF)],
    "admin:autocomplete": [case("without a field to complete", ADMIN.but(office=DENIED))],
    "admin:view_on_site": [
        case(
            "a proposal (no public page)",
            ADMIN.but(office=NOT_FOUND, system_admin=NOT_FOUND, auditor=NOT_FOUND),
            content_type_id=_proposal_content_type,
            object_id=pk_of("draft"),
        )
    ],
    "admin:app_list": [
        case(
            "the office's apps",
            ADMIN.but(system_admin=NOT_FOUND, auditor=NOT_FOUND),
            app_label="proposals",
        ),
        case(
            "auth: the system administrator's only",
            ACCOUNTS.but(office=NOT_FOUND, auditor=NOT_FOUND),
            app_label="auth",
        ),
    ],
    "admin/(?P<url>.*)$": [
        case(
            "an unknown admin path",
            STAFF.but(office=NOT_FOUND, system_admin=NOT_FOUND, auditor=NOT_FOUND),
            url="nothing/",
        )
    ],
    # --- Office staff may not touch accounts, groups or sign-in records (no privilege
    # escalation): superusers only.
    "admin:auth_group_delete": [
        case("a role group: kept by the code", STAFF_NOT_OFFICE, object_id=admin_object)
    ],
    # A lost authenticator app: a superuser resets it (issue 16, item 1), not the system
    # administrator, who may already reset the password: not both keys to one account.
    "admin:auth_user_two_factor_reset": [
        case("", STAFF_NOT_OFFICE, object_id=admin_object, id=admin_object)
    ],
    "admin:auth_*": [case("", ACCOUNTS, object_id=admin_object, id=admin_object)],
    # --- The security audit trail: read by the auditor, changed by nobody.
    "admin:congress_office_securityevent_export": [
        case("as CSV", TRAIL.but(auditor=DOWNLOAD(CSV)), file_format="csv"),
        case("as Excel", TRAIL.but(auditor=DOWNLOAD(XLSX)), file_format="xlsx"),
    ],
    "admin:congress_office_securityevent_changelist": [case("", TRAIL)],
    "admin:congress_office_securityevent_change": [case("", TRAIL, object_id=admin_object)],
    "admin:congress_office_securityevent_history": [case("", TRAIL, object_id=admin_object)],
    "admin:congress_office_securityevent_add": [case("nobody adds an entry", TRAIL_CLOSED)],
    "admin:congress_office_securityevent_delete": [
        case("nobody removes an entry", TRAIL_CLOSED, object_id=admin_object)
    ],
    "admin:axes_*": [case("", STAFF_NOT_OFFICE, object_id=admin_object)],
    # --- Model pages the office may read but not add to or delete from: the services own
    # those rows, or there is one row for the office.
    **{
        f"admin:{name}_add": [case("", ADMIN.but(office=DENIED))]
        for name in (
            "proposals_proposal",
            "proposals_assignment",
            "proposals_proposalrules",
            "delegates_receptionrule",
            "delegates_personaldatarules",
            "evaluations_evaluationrules",
            "congress_office_letterhead",
            # Written by the service that removes a delegate's personal details, never here.
            "delegates_personaldetailsremoval",
            # Added through their service, on the pages below instead.
            "delegates_delegate",
            "congress_sessions_vote",
            "congress_sessions_agendadocument",
            # A delegate's answer: read, and turned into a suggestion on its page.
            "delegates_solicitationresponse",
        )
    },
    "admin:delegates_delegate_enter": [case("", ADMIN)],
    "admin:congress_sessions_vote_record": [case("", ADMIN)],
    "admin:congress_sessions_vote_correct": [case("", ADMIN, pk=pk_of("vote"))],
    "admin:congress_sessions_vote_void": [case("", ADMIN, pk=pk_of("vote"))],
    "admin:congress_sessions_agendadocument_upload": [case("", ADMIN)],
    "admin:congress_sessions_election_tellers": [
        case(
            "the office chooses an election's tellers",
            ADMIN,
            pk=pk_of("election"),
            posts=[
                Post(
                    "make the office a teller: only the office",
                    ADMIN.but(office=REDIRECT()),
                    effect=lambda w: list(
                        election_tellers(w.election).values_list("pk", flat=True)
                    ),
                    data=lambda w: {"tellers": [w.users["office"].pk]},
                    changes_for=("office",),
                )
            ],
        )
    ],
    "admin:congress_sessions_election_round_results": [
        case(
            "an open round has no results yet",
            ADMIN.but(office=NOT_FOUND, system_admin=NOT_FOUND, auditor=NOT_FOUND),
            pk=pk_of("election_round"),
        )
    ],
    "admin:congress_sessions_election_results": [
        case("an election with its round open: no round closed yet", ADMIN, pk=pk_of("election"))
    ],
    "admin:congress_sessions_election_delete": [
        case("held: a round is open", ADMIN.but(office=DENIED), object_id=pk_of("election"))
    ],
    "admin:congress_sessions_election_next_round": [
        case(
            "a POST form; an open round calls for no next round",
            STAFF.but(office=NOT_ALLOWED, system_admin=NOT_ALLOWED, auditor=NOT_ALLOWED),
            pk=pk_of("election_round"),
            posts=[
                Post(
                    "open a next round after an open one: refused",
                    STAFF.but(office=NOT_FOUND, system_admin=NOT_FOUND, auditor=NOT_FOUND),
                    effect=lambda w: w.election.rounds.count(),
                )
            ],
        )
    ],
    **{
        f"admin:{name}_delete": [case("", ADMIN.but(office=DENIED), object_id=admin_object)]
        for name in (
            "proposals_proposal",
            "proposals_assignment",
            "proposals_proposalrules",
            "delegates_receptionrule",
            "delegates_personaldatarules",
            "delegates_personaldetailsremoval",
            "delegates_rosterimport",
            "congress_sessions_vote",
            "evaluations_evaluationrules",
            "congress_office_letterhead",
            "delegates_solicitationresponse",
        )
    },
    # The office's rules, a list of one each: its form (decided before the row is read).
    **{
        f"admin:{name}_changelist": [case("a list of one: its form", ADMIN.but(office=REDIRECT()))]
        for name in (
            "proposals_proposalrules",
            "delegates_receptionrule",
            "delegates_personaldatarules",
            "evaluations_evaluationrules",
            "congress_office_letterhead",
        )
    },
    "admin:congress_office_calendarday_fill": [
        case(
            "the national calendar's year offered",
            ADMIN,
            posts=[
                Post(
                    "fill 2026: only the office",
                    ADMIN.but(office=REDIRECT()),
                    effect=lambda w: CalendarDay.objects.filter(date__year=2026).count(),
                    data={"year": 2026},
                    changes_for=("office",),
                )
            ],
        )
    ],
    "admin:evaluations_evaluation_delete": [
        case("an open evaluation", ADMIN.but(office=DENIED), object_id=pk_of("evaluation")),
        case("a draft", ADMIN, object_id=pk_of("draft_evaluation")),
    ],
    "admin:delegates_rosterimport_change": [
        case(
            "goes to the import's status page (which decides)",
            STAFF.but(office=REDIRECT(), system_admin=REDIRECT(), auditor=REDIRECT()),
            object_id=admin_object,
        )
    ],
    "admin:delegates_rosterimport_status": [case("", ADMIN, pk=admin_object)],
    "admin:delegates_rosterimport_progress": [case("", ADMIN, pk=admin_object)],
    "admin:delegates_term_structure": [case("", ADMIN, pk=pk_of("term"))],
    "admin:delegates_delegate_qualification": [case("", ADMIN, pk=pk_of("me"))],
    "admin:delegates_activity_reception_days": [case("", ADMIN)],
    "admin:delegates_briefing_delete": [
        case("published: kept", ADMIN.but(office=DENIED), object_id=pk_of("briefing")),
        case("a draft", ADMIN, object_id=pk_of("draft_briefing")),
    ],
    "admin:delegates_solicitation_delete": [
        case("published: kept", ADMIN.but(office=DENIED), object_id=pk_of("solicitation")),
        case("a draft", ADMIN, object_id=pk_of("draft_solicitation")),
    ],
    **{
        f"admin:delegates_solicitation_{page}": [
            case("published", ADMIN.but(office=answer), pk=pk_of("solicitation")),
            case(
                "a draft has no answers",
                ADMIN.but(office=NOT_FOUND),
                pk=pk_of("draft_solicitation"),
            ),
        ]
        for page, answer in (
            ("summary", OK),
            ("respondents", OK),
            ("export", DOWNLOAD(XLSX)),
            ("pdf", DOWNLOAD(PDF)),
        )
    },
    "admin:delegates_solicitationresponse_suggest": [
        case(
            "the delegate's sent answer",
            ADMIN,
            pk=pk_of("solicitation_answer"),
            posts=[
                Post(
                    "turn it into a suggestion: only the office",
                    ADMIN.but(office=REDIRECT()),
                    effect=lambda w: Proposal.objects.filter(
                        solicitation_response=w.solicitation_answer
                    ).count(),
                    data={"title": "规划建议", "situation": "情况", "recommendations": "建议"},
                    changes_for=("office",),
                )
            ],
        )
    ],
    "admin:delegates_contact_not_contacted": [case("", ADMIN)],
    "admin:delegates_contact_suggestion": [
        case(
            "a contact no suggestion is made of yet",
            ADMIN,
            pk=pk_of("contact"),
            posts=[
                Post(
                    "make the suggestion: only the office",
                    ADMIN.but(office=REDIRECT()),
                    effect=lambda w: Proposal.objects.filter(contact=w.contact).count(),
                    data={
                        "title": "关于修缮村道的建议",
                        "situation": "村道破损。",
                        "recommendations": "请修缮。",
                    },
                    changes_for=("office",),
                )
            ],
        )
    ],
    "admin:proposals_proposal_statistics": [case("", ADMIN)],
    "admin:proposals_proposal_queues": [case("", ADMIN)],
    "admin:proposals_proposal_ledger": [case("", ADMIN.but(office=DOWNLOAD(XLSX)))],
    "admin:delegates_rosterimport_template": [case("", ADMIN.but(office=DOWNLOAD(XLSX)))],
    "admin:sections": [case("every section (only those each may see)", STAFF)],
    # --- Every other model admin page, by pattern.
    "admin:*_changelist": [case("", ADMIN)],
    "admin:*_add": [case("", ADMIN)],
    "admin:*_change": [case("", ADMIN, object_id=admin_object)],
    "admin:*_delete": [case("", ADMIN, object_id=admin_object)],
    "admin:*_history": [case("", ADMIN, object_id=admin_object)],
    "admin/*/<path:object_id>/": [
        case(
            "the old change URL, redirected (the page it leads to decides)",
            STAFF.but(office=REDIRECT(), system_admin=REDIRECT(), auditor=REDIRECT()),
            object_id=admin_object,
        )
    ],
}

TABLE = {**SITE, **ADMIN_PAGES}
