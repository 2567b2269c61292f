"""`svarbrev web`: a small Danish page from a pasted inquiry to a reviewed Word reply.

A thin shell over the library: the plan (generator.plan) is what `svarbrev ny` reads, the letter is
what `svarbrev generate` writes from the same question file (byte for byte), the final gate and
`tjek` are the CLI's own. The page adds only HTTP: forms, uploads, downloads and safety (a password
off loopback, CSRF tokens, upload limits, one temporary folder per piece of work).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import (
    Flask,
    Response,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from generator import __version__, limits
from generator.errors import RegisterError, SvarbrevError
from generator.letter.contract import sidecar_name
from generator.output import write_atomically
from generator.plan import (
    checked_question_file,
    plan_from_inquiry,
    plan_from_question_file,
    question_file_text,
    refresh,
)
from generator.questionfile import AnswerPlan, QuestionFile, load_question_file, question_file_source
from generator.questionfile.parameters import BY_KEY
from generator.register import Case, Register, record_generated, repeated_questions
from generator.web import forms, uploads
from generator.web.pages import FAILED, READY, WAITING, ImageState, PageImages, read_state, write_state
from generator.web.workspaces import Workspace, Workspaces

QUESTION_FILE = "henvendelse.yaml"
DRAFT = "henvendelse.svar.docx"
DRAFT_SIDECAR = sidecar_name("henvendelse.svar")
FINAL = "henvendelse.svar-endelig.docx"
FINAL_SIDECAR = sidecar_name("henvendelse.svar-endelig")
PLAN = "plan.json"
DOWNLOADS = {
    "docx": (DRAFT, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "tal": (DRAFT_SIDECAR, "application/json"),
    "yaml": (QUESTION_FILE, "application/yaml"),
    "endelig": (FINAL, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "endelig-tal": (FINAL_SIDECAR, "application/json"),
}
MAX_UPLOAD = limits.INQUIRY  # one request: an inquiry, or a reply and its sidecar
PASSWORD_VARIABLE = "SVARBREV_ADGANGSKODE"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
STALE = (
    "Planen er ændret, siden siden blev vist (i et andet vindue eller af et dobbeltklik); her er den, som den er nu. "
    "Ret igen, hvis det stadig skal ændres."
)
STALE_DRAFT = "Udkastet er lavet om, siden du så det. Se det nye udkast igennem, før du laver den endelige udgave."
# Reading an inquiry and making a letter share caches (the catalogue, the matcher's memo, the template);
# one at a time in the whole page, so two caseworkers drafting at once never meet in them.
_PIPELINE = threading.Lock()

log = logging.getLogger("svarbrev.web")


@dataclass(frozen=True)
class WebSettings:
    data_dir: Path | None = None  # None: the question file's default (the examples in a source tree)
    password: str | None = None  # required on every request when set
    keep_minutes: float = 120  # a workspace not used for this long is removed
    work_root: Path | None = None  # where the workspaces' folders are made (default: the system's temp)
    # The Host names a request may carry (DNS rebinding reaches a password-less page on loopback
    # otherwise); empty: any, for a page behind a password on another address.
    hosts: tuple[str, ...] = LOOPBACK_NAMES
    # LibreOffice workers drawing drafts' page images in the background (each with a profile of its own);
    # 0: no page images, the draft page shows the letter as text.
    image_workers: int = 2
    register: Path | None = None  # the case register the page writes its letters into and lists; None: none


def create_app(settings: WebSettings = WebSettings()) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        MAX_FORM_PARTS=2_000,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    workspaces = Workspaces(settings.work_root, settings.keep_minutes)
    app.extensions["svarbrev"] = workspaces
    images = PageImages(DRAFT, _draft_version, settings.image_workers)
    app.extensions["svarbrev_sidebilleder"] = images
    guesses = _Guesses()
    app.jinja_env.globals.update(version=__version__, csrf_token=_csrf_token, metric_title=_metric_title, describe=_describe_parameters)

    @app.before_request
    def guard() -> ResponseReturnValue | None:
        if settings.hosts and _host_name(request.host) not in settings.hosts:
            abort(400, "Siden kendes ikke under det navn; brug den adresse, svarbrev web skrev, da den startede.")
        if settings.password is not None:
            wait = guesses.wait(request.remote_addr or "")
            if wait:
                message = f"For mange forkerte adgangskoder. Vent {wait} sekunder, og prøv igen."
                return Response(render_template("fejl.html", title="Vent lidt", message=message), 429, {"Retry-After": str(wait)})
        if settings.password is not None:
            if _password_ok(settings.password):
                guesses.right(request.remote_addr or "")
            elif request.authorization is not None:
                guesses.wrong(request.remote_addr or "")
        if settings.password is not None and not _password_ok(settings.password):
            return Response(
                render_template("fejl.html", title="Adgangskode kræves", message="Siden kræver en adgangskode."),
                401, {"WWW-Authenticate": 'Basic realm="svarbrev", charset="UTF-8"'},
            )
        if request.method == "POST" and not _csrf_ok():
            abort(400, "Formularen mangler sit sikkerhedstegn eller er udløbet. Gå tilbage, indlæs siden igen, og prøv igen.")
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        message = _HTTP_MESSAGES.get(error.code or 500, "Der skete en fejl.")
        if error.code == 400 and error.description and not error.description.startswith("The browser"):
            message = error.description
        return render_template("fejl.html", title=_HTTP_TITLES.get(error.code or 500, "Fejl"), message=message), error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.error("uventet fejl: %s", error.__class__.__name__)  # never the message: it may quote the inquiry
        return render_template("fejl.html", title="Uventet fejl", message="Der skete en uventet fejl i svarbrev. Prøv igen, eller brug kommandolinjen."), 500

    def workspace(workspace_id: str) -> Workspace:
        found = workspaces.get(workspace_id, _owner())
        if found is None:
            abort(404)
        return found

    @app.get("/")
    def start() -> ResponseReturnValue:
        return render_template("start.html", cases=_open_cases(settings), today=date.today())

    @app.get("/sager/<int:case_id>")
    def case_history(case_id: int) -> ResponseReturnValue:
        """One inquiry of the register: its questions, its letters and what happened when."""
        if settings.register is None or not settings.register.is_file():
            abort(404)
        with Register.open(settings.register) as register:
            try:
                case = register.case(f"#{case_id}")
            except RegisterError:
                abort(404)
            view = {"questions": register.questions(case), "letters": register.letters(case), "events": register.history(case)}
        return render_template("sag.html", case=case, today=date.today(), **view)

    @app.post("/")
    def read_inquiry() -> ResponseReturnValue:
        pasted = request.form.get("henvendelse", "").strip()
        upload = request.files.get("fil")
        content = upload.read() if upload is not None and upload.filename else b""
        if not pasted and not content:
            return render_template("start.html", error="Indsæt henvendelsens tekst, eller vælg en fil."), 400
        work = workspaces.create(_owner())
        try:
            kind = uploads.sniff_inquiry(content) if content else uploads.TXT
            raw = content or pasted.encode("utf-8")
            with _PIPELINE:
                plan = _plan_from(work, kind, raw)
        except SvarbrevError as error:
            message = _without_folder(error, work)
            workspaces.remove(work)  # a refused inquiry is not kept, not even until the sweep
            return render_template("start.html", error=message, pasted=pasted), 400
        except BaseException:
            workspaces.remove(work)
            raise
        _save_plan(work, plan)
        return redirect(url_for("review", workspace_id=work.id), 303)

    @app.get("/arbejde/<workspace_id>/")
    def review(workspace_id: str) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            return _review_page(work, _load_plan(work))

    @app.post("/arbejde/<workspace_id>/")
    def edit(workspace_id: str) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            plan = _load_plan(work)
            if not hmac.compare_digest(request.form.get("version", ""), _version(work.file(PLAN))):
                return _review_page(work, plan, error=STALE), 409  # made from a plan the caseworker no longer sees
            try:
                action = forms.apply(plan, request.form)
            except forms.FormError as error:
                return _review_page(work, plan, error=str(error)), 400
            with _PIPELINE:
                refresh(plan)
            _save_plan(work, plan)
            if action != forms.GENERATE:
                _forget_letters_of_an_earlier_plan(work, plan)
                return redirect(url_for("review", workspace_id=work.id, _anchor=forms.anchor(action)), 303)
            try:
                _generate(work, settings, _write_question_file(work, plan), final=False, images=images)
            except SvarbrevError as error:
                return _review_page(work, plan, error=_without_folder(error, work)), 400
            return redirect(url_for("draft", workspace_id=work.id), 303)

    @app.get("/arbejde/<workspace_id>/udkast")
    def draft(workspace_id: str) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            if not work.file(DRAFT).is_file():
                return redirect(url_for("review", workspace_id=work.id), 303)
            return render_template("udkast.html", work=work, version=_version(work.file(QUESTION_FILE)), **_draft_view(work))

    @app.get("/arbejde/<workspace_id>/sider.json")
    def page_state(workspace_id: str) -> ResponseReturnValue:
        """How far the draft's page images are (the draft page asks until they are there)."""
        work = workspace(workspace_id)
        with work.lock:
            draft = _draft_version(work)
            if draft is None:
                abort(404)
            state = read_state(work, draft)
        return Response(json.dumps(state.to_json(), ensure_ascii=False), mimetype="application/json", headers={"Cache-Control": "no-store"})

    @app.post("/arbejde/<workspace_id>/endelig")
    def final(workspace_id: str) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            if not work.file(QUESTION_FILE).is_file():
                abort(404)
            if not hmac.compare_digest(request.form.get("version", ""), _version(work.file(QUESTION_FILE))):
                return render_template("endelig.html", work=work, problems=[STALE_DRAFT]), 409  # never a letter nobody reviewed
            allow = request.form.get("eksempeldata") == "ja"
            from generator.reply import NotFinalError

            try:
                reviewed = load_question_file(work.file(QUESTION_FILE))  # the file the version names
                generated = _generate(work, settings, reviewed, final=True, allow_example_data=allow)
            except NotFinalError as error:
                return render_template("endelig.html", work=work, problems=error.problems), 409
            except SvarbrevError as error:
                return render_template("endelig.html", work=work, problems=[_without_folder(error, work)]), 400
            example_data = bool(generated.reply.example_data_questions)
            return render_template("endelig.html", work=work, problems=[], example_data=example_data)

    @app.get("/arbejde/<workspace_id>/hent/<what>")
    def download(workspace_id: str, what: str) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            if what not in DOWNLOADS or not work.file(DOWNLOADS[what][0]).is_file():
                abort(404)
            name, mimetype = DOWNLOADS[what]
            content = work.file(name).read_bytes()  # read under the lock: never half of one draft and half of the next
        return Response(content, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-cache"})

    @app.get("/arbejde/<workspace_id>/side/<int:page>.png")
    def page_image(workspace_id: str, page: int) -> ResponseReturnValue:
        work = workspace(workspace_id)
        with work.lock:
            image = work.file(f"{Path(DRAFT).stem}.side-{page}.png")
            draft = _draft_version(work)
            if draft is None or read_state(work, draft).state != READY or not image.is_file():
                abort(404)  # never a page of an earlier draft
            content = image.read_bytes()
        return Response(content, mimetype="image/png", headers={"Cache-Control": "no-cache"})

    @app.get("/tjek")
    def check_form() -> ResponseReturnValue:
        return render_template("tjek.html")

    @app.post("/tjek")
    def check() -> ResponseReturnValue:
        from generator.review import check_reply

        reply, sidecar = request.files.get("svar"), request.files.get("tal")
        if reply is None or not reply.filename or sidecar is None or not sidecar.filename:
            return render_template("tjek.html", error="Vælg både svarbrevet (.docx) og dets sidefil (.tal.json)."), 400
        work = workspaces.create(_owner())
        try:
            reply_bytes, sidecar_bytes = reply.read(), sidecar.read()
            uploads.sniff_reply(reply_bytes)
            uploads.sniff_sidecar(sidecar_bytes)
            work.file("svar.docx").write_bytes(reply_bytes)
            work.file(sidecar_name("svar")).write_bytes(sidecar_bytes)
            findings = check_reply(work.file("svar.docx"), work.file(sidecar_name("svar")))
        except SvarbrevError as error:
            return render_template("tjek.html", error=_without_folder(error, work)), 400
        finally:
            workspaces.remove(work)  # a check keeps nothing: the reply and its sidecar are not needed again
        faults = [f for f in findings if f.checked]
        unchecked = [f for f in findings if not f.checked]
        return render_template("tjek.html", checked=True, faults=faults, unchecked=unchecked)

    return app


# --- safety -------------------------------------------------------------------------------------


def _password_ok(password: str) -> bool:
    given = request.authorization.password if request.authorization is not None else None
    return given is not None and hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8"))


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: "127.0.0.1:8000" → "127.0.0.1", "[::1]:80" → "::1"."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@dataclass
class _Guesses:
    """Wrong passwords per client: after five in a row, each further try waits twice as long (up to
    five minutes), so guessing takes years instead of seconds."""

    free: int = 5
    longest: int = 300
    _wrong: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> int:
        with self._lock:
            count, until = self._wrong.get(client, (0, 0.0))
        return max(0, int(until - time.monotonic() + 0.999)) if count > self.free else 0

    def right(self, client: str) -> None:
        if client in self._wrong:
            with self._lock:
                self._wrong.pop(client, None)

    def wrong(self, client: str) -> None:
        with self._lock:
            count = self._wrong.get(client, (0, 0.0))[0] + 1
            delay = min(self.longest, 2 ** (count - self.free)) if count > self.free else 0
            self._wrong[client] = (count, time.monotonic() + delay)
            if len(self._wrong) > 10_000:  # never a memory sink: the oldest clients are forgotten
                self._wrong.pop(next(iter(self._wrong)))


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _csrf_ok() -> bool:
    sent, expected = request.form.get("csrf", ""), session.get("csrf", "")
    return bool(sent and expected) and hmac.compare_digest(sent, expected)


def _owner() -> str:
    """The browser session's own key: a workspace belongs to the session that made it."""
    if "ejer" not in session:
        session["ejer"] = secrets.token_urlsafe(32)
    return session["ejer"]


_HTTP_TITLES = {400: "Forkert forespørgsel", 404: "Findes ikke", 405: "Ikke tilladt", 413: "For stor fil", 500: "Uventet fejl"}
_HTTP_MESSAGES = {
    400: "Forespørgslen kunne ikke læses.",
    404: "Siden findes ikke, eller arbejdet er slettet (det slettes, når det ikke har været brugt et stykke tid). Begynd forfra.",
    405: "Den handling kan ikke bruges her.",
    413: f"Filen er for stor; grænsen er {MAX_UPLOAD // limits.MB} MB.",
    500: "Der skete en uventet fejl i svarbrev.",
}


# --- the work --------------------------------------------------------------------------------------


def _plan_from(work: Workspace, kind: str, raw: bytes) -> AnswerPlan:
    """Store the inquiry under the page's own name and read it as `svarbrev ny` (or as a question file)."""
    if kind == uploads.QUESTION_FILE:
        name = "den indlæste spørgsmålsfil"
        question_file = checked_question_file(question_file_source(raw, name), name, work.folder)
        plan = plan_from_question_file(question_file)
        plan.source = "en spørgsmålsfil"  # not the display name above, which is for messages
        return plan
    source = work.file(f"henvendelse.{kind}")
    source.write_bytes(raw)
    return plan_from_inquiry(source)


def _save_plan(work: Workspace, plan: AnswerPlan) -> None:
    write_atomically(work.file(PLAN), json.dumps(plan.as_json(), ensure_ascii=False).encode("utf-8"), overwrite=True)


def _version(path: Path) -> str:
    """What a form was made from: the file's content, hashed (a stale post is told, never carried out)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32] if path.is_file() else ""


def _load_plan(work: Workspace) -> AnswerPlan:
    return AnswerPlan.from_json(json.loads(work.file(PLAN).read_text(encoding="utf-8")))


def _question_file_of(plan: AnswerPlan) -> str:
    made = f"Lavet med svarbrev {__version__}s side" + (f" ud fra {plan.source}" if plan.source else "")
    return question_file_text(plan, made)


def _write_question_file(work: Workspace, plan: AnswerPlan) -> QuestionFile:
    """The plan written as the workspace's question file (for download), and the file as read back."""
    text = _question_file_of(plan)
    question_file = checked_question_file(text, QUESTION_FILE, work.folder)
    write_atomically(work.file(QUESTION_FILE), text.encode("utf-8"), overwrite=True)
    return question_file


def _forget_letters_of_an_earlier_plan(work: Workspace, plan: AnswerPlan) -> None:
    """After an edit, the draft, the final and the question file of the plan before it are removed:
    the draft page and "Lav endelig udgave" never show a letter the review no longer says."""
    written = work.file(QUESTION_FILE)
    if written.is_file() and written.read_text(encoding="utf-8") != _question_file_of(plan):
        for name in (QUESTION_FILE, DRAFT, DRAFT_SIDECAR, FINAL, FINAL_SIDECAR):
            work.file(name).unlink(missing_ok=True)


def _generate(
    work: Workspace, settings: WebSettings, question_file: QuestionFile, final: bool, allow_example_data: bool = False, images: PageImages | None = None
):
    """What `svarbrev generate henvendelse.yaml [--endelig]` does, in the workspace; a draft's page images are
    asked of `images` and drawn after the request."""
    from generator.reply import ReplySettings, make_reply, save_reply

    if not final:
        for name in (FINAL, FINAL_SIDECAR):  # a final version of an earlier question file is not this draft's
            work.file(name).unlink(missing_ok=True)
    reply_settings = ReplySettings(settings.data_dir, final=final, allow_example_data=allow_example_data)
    with _PIPELINE:
        generated = save_reply(make_reply(question_file, reply_settings), work.file(FINAL if final else DRAFT), reply_settings, overwrite=True)
    if settings.register is not None:
        try:
            with Register.open(settings.register) as register:
                case = record_generated(register, generated, final, question_path=work.file(QUESTION_FILE))
                if not final:  # asked before in another case: said beside the draft, with the figures then and now
                    generated.reply.notes.extend(repeat.describe() for repeat in repeated_questions(register, generated.reply, case))
        except RegisterError as error:  # the letter stands; the caseworker is told it is not in the register
            generated.reply.warnings.append(f"brevet er ikke skrevet i sagsregistret: {error.message}")
    if not final:
        status = {"advarsler": generated.reply.warnings, "bemærkninger": generated.reply.notes, "mangler": generated.reply.problems}
        write_atomically(work.file("udkast.json"), json.dumps(status, ensure_ascii=False).encode("utf-8"), overwrite=True)
        for old in work.folder.glob("*.png"):  # the pages of the draft before this one
            old.unlink()
        draft = _version(work.file(DRAFT))
        if images is not None and images.size:
            images.request(work, draft)
        else:
            write_state(work, ImageState(draft, FAILED, message="billeder af siderne er slået fra"))
    return generated


def _open_cases(settings: WebSettings) -> list[Case]:
    """The register's open inquiries by deadline, for the start page; none while there is no register yet."""
    if settings.register is None or not settings.register.is_file():
        return []
    try:
        with Register.open(settings.register) as register:
            return register.cases(open_only=True)
    except RegisterError as error:
        log.warning("sagsregistret kan ikke læses: %s", error.one_line())
        return []


def _draft_version(work: Workspace) -> str | None:
    """The version of the workspace's draft (its content hash), None without one."""
    return _version(work.file(DRAFT)) if work.file(DRAFT).is_file() else None


def _draft_view(work: Workspace) -> dict:
    from generator.letter.sidecar import load_sidecar
    from generator.preview import letter_outline

    draft = _draft_version(work)
    state = read_state(work, draft) if draft is not None else ImageState("", FAILED)
    ready = state.state == READY
    status = json.loads(work.file("udkast.json").read_text(encoding="utf-8"))
    sidecar = load_sidecar(work.file(DRAFT_SIDECAR))
    return {
        "pages": list(range(1, state.pages + 1)) if ready else [],
        "waiting": state.state == WAITING,
        "notice": state.message if state.state == FAILED else None,
        "outline": [] if ready else letter_outline(work.file(DRAFT)),
        "figures": sidecar.figures,
        **status,
    }


def _review_page(work: Workspace, plan: AnswerPlan, error: str | None = None) -> str:
    return render_template(
        "gennemse.html", work=work, plan=plan, error=error, problem=_plan_problem(work, plan), choices=forms.choices(), version=_version(work.file(PLAN))
    )


def _plan_problem(work: Workspace, plan: AnswerPlan) -> str | None:
    """What in the plan breaks the question-file contract (the first thing), said by its field."""
    try:
        checked_question_file(question_file_text(plan), QUESTION_FILE, work.folder)
    except SvarbrevError as error:
        return f"{error.field}: {error.message}" if error.field else error.message
    return None


def _metric_title(metric_id: str) -> str:
    return next((title for mid, title, _ in forms.choices().metrics if mid == metric_id), metric_id)


def _describe_parameters(parameters: dict) -> str:
    """område: Vejle; periode: 2022 — a call's parameters as the review lists them."""
    return "; ".join(f"{(BY_KEY[key].label if key in BY_KEY else key).lower()}: {', '.join(value) if isinstance(value, list) else value}" for key, value in parameters.items())


def _without_folder(error: SvarbrevError, work: Workspace) -> str:
    """The error's line, with the workspace's folder (a detail of the page) left out."""
    return error.one_line().replace(str(work.folder) + "/", "").replace(str(work.folder), "")
