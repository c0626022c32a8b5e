"""Issue 13, items 3-5: people per application, follow-up e-mails that get sent, the application's
own dates and offer - in the models, the services, the content pack, the CSV and the backup format."""

from __future__ import annotations

import csv
import email.message
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from pydantic import ValidationError

from interviewpal.content import load_content
from interviewpal.content.loader import ContentError
from interviewpal.models import Application, FollowUpKind, Interviewer, PersonKind
from interviewpal.models.application import amount_text, parse_amount
from interviewpal.services.app_services import AppServices
from interviewpal.services.export.backup_file import FORMAT_VERSION, export_backup
from interviewpal.services.export.backup_reader import read_backup
from interviewpal.services.export.backup_versions import v1_to_v2
from interviewpal.services.export.csv_file import HEADER, export_csv
from interviewpal.services.export.importer import import_backup
from interviewpal.services.follow_up_mail import compose, reflection_point, sent_text
from interviewpal.services.forms import FormError
from interviewpal.storage import Repositories

from .factories import NOW, add_app, add_round, make_entry

DATA = Path(__file__).parent / "data"
EN = load_content()


@pytest.fixture
def svc(repos):
    return AppServices(repos, EN, clock=lambda: NOW)


# -- people ---------------------------------------------------------------------------------


def test_a_person_is_validated_with_a_sentence_per_field(svc, repos):
    app = add_app(repos, "eBay", "Product Analyst")
    with pytest.raises(FormError) as err:
        svc.people.add(app.id, name="", email="jo at ebay", phone="call me", profile_url="not a link")
    assert err.value.errors == {
        "name": "This cannot be empty.",
        "email": "Enter an email address like name@example.com.",
        "phone": "The phone number can hold digits, spaces, - ( ) and a leading +.",
        "profile_url": "The profile link is not a web address (for example https://example.com/job).",
    }
    assert all(len(m) <= 90 for m in err.value.errors.values())  # fits a 360 px screen in two lines
    assert svc.people.for_application(app.id) == []


def test_people_are_added_edited_removed_and_restored_in_place(svc, repos):
    app = add_app(repos, "面试 Ltd", "Data Engineer")
    jo = svc.people.add(app.id, name="Jo Park", kind="recruiter", email="jo@mianshi.example",
                        profile_url="linkedin.com/in/jopark")
    dana = svc.people.add(app.id, name="Dana Weiss", role="Engineering manager", phone="+49 30 1234567")
    assert jo.profile_url == "https://linkedin.com/in/jopark" and jo.kind is PersonKind.RECRUITER
    assert [p.name for p in svc.people.for_application(app.id)] == ["Jo Park", "Dana Weiss"]

    rnd = add_round(repos, app, interviewers=[Interviewer(id=dana.id, name=dana.name, role=dana.role, person_id=dana.id)])
    svc.people.update(app.id, dana.id, name="Dana Weiß", role="Head of Data", phone="+49 30 1234567")
    assert repos.rounds.get(rnd.id).interviewers[0].display == "Dana Weiß (Head of Data)"  # the round follows

    gone = svc.people.remove(app.id, jo.id)
    assert [p.name for p in svc.people.for_application(app.id)] == ["Dana Weiß"]
    svc.people.restore(gone)
    assert [p.name for p in svc.people.for_application(app.id)] == ["Jo Park", "Dana Weiß"]


def test_a_round_built_from_picked_people_links_them_and_keeps_the_link(svc, repos):
    app = add_app(repos, "شركة", "Analyst")
    dana = svc.people.add(app.id, name="Dana Weiss", email="dana@example.com")
    built = svc.rounds.build(application_id=app.id, stage="technical", date_text="2026-06-01", time_text="10:00",
                             time_zone="Europe/Berlin", interviewers=[(dana.name, dana.role, dana.id), ("Sam Ortiz", "")])
    svc.rounds.save(built)
    again = svc.rounds.build(round_id=built.id, application_id=app.id, stage="technical", date_text="2026-06-01",
                             time_text="10:00", time_zone="Europe/Berlin",
                             interviewers=[(i.name, i.role, i.person_id) for i in built.interviewers])
    first, typed = again.interviewers
    assert first.person_id == dana.id and first.id == dana.id  # stable: the thank-you follow-up keeps finding them
    assert typed.person_id == ""
    pairs = svc.people.for_round(again)
    assert pairs[0][1].email == "dana@example.com" and pairs[1][1] is None


# -- the application's own dates and offer ---------------------------------------------------


@pytest.mark.parametrize("text, value", [("85000", 85000), ("85,000", 85000), ("85 000", 85000), ("85'000", 85000),
                                         ("85k", 85000), ("7.5k", 7500), ("1234.5", 1234.5), ("", None)])
def test_offer_amounts_read_as_people_type_them(text, value):
    assert parse_amount(text) == value


def test_a_bad_offer_amount_says_how_to_write_it(svc, repos):
    app = add_app(repos)
    with pytest.raises(FormError) as err:
        svc.applications.update(app.id, offer_base="about 80", offer_deadline="someday")
    assert err.value.errors["offer_base"].startswith("Enter the amount as a number, for example 85000")
    assert "offer_deadline" in err.value.errors
    saved = svc.applications.update(app.id, applied_on="2026-04-01", offer_base="85,000", offer_bonus="",
                                    offer_equity="0.1% over 4 years", offer_currency="EUR", offer_deadline="2026-06-10")
    assert (saved.applied_on, saved.offer_base, saved.offer_deadline) == (date(2026, 4, 1), 85000, date(2026, 6, 10))
    assert amount_text(saved.offer_base) == "85,000" and saved.has_offer


# -- follow-up e-mails -----------------------------------------------------------------------


def _entry_with_thank_you(svc, repos, company="eBay", went_well="", questions=()):
    app = add_app(repos, company, "Product Analyst")
    dana = svc.people.add(app.id, name="Dana Weiss", role="Engineering manager", email="dana.weiss@ebay.example")
    rnd = add_round(repos, app, interviewers=[Interviewer(id=dana.id, name=dana.name, role=dana.role, person_id=dana.id)])
    entry = svc.journal.new_entry_for_round(rnd.id, today=NOW.date())
    entry = entry.model_copy(update={"went_well": went_well, "questions": list(questions), "draft": False})
    repos.journal.add(entry)
    return app, rnd, entry


def test_thank_you_mailto_has_the_address_subject_and_the_reflection_point(svc, repos):
    went = "- Walked them through the caching design & its trade-offs. Then a long chat about on-call.\nMore"
    app, rnd, entry = _entry_with_thank_you(svc, repos, went_well=went)
    fu = entry.follow_ups[0]
    assert fu.kind is FollowUpKind.THANK_YOU
    draft = svc.follow_up_mail.draft(entry.id, fu.id)
    assert draft.point == "Walked them through the caching design & its trade-offs."
    url = draft.url
    # RFC 6068: spaces are %20 (never '+'), line breaks %0D%0A, '&' inside the body encoded
    assert url.startswith("mailto:dana.weiss@ebay.example?subject=Thank%20you%3A%20Product%20Analyst%20interview&body=")
    assert "+" not in url and " " not in url and "%0D%0A" in url and "%26%20its" in url
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "dana.weiss@ebay.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you: Product Analyst interview"]
    body = query["body"][0]
    assert body.startswith("Dear Dana Weiss,\r\n\r\nThank you for taking the time to talk with me about the Product Analyst role at eBay.")
    assert "Walked them through the caching design & its trade-offs." in body
    # a second parser: the standard library's e-mail headers see the same subject
    msg = email.message.EmailMessage()
    msg["Subject"] = unquote(parts.query.split("&")[0].split("=", 1)[1])
    assert msg["Subject"] == "Thank you: Product Analyst interview"


def test_non_ascii_names_are_utf8_percent_encoded(svc, repos):
    app, rnd, entry = _entry_with_thank_you(svc, repos, company="面试 Ltd", questions=["¿Cómo escalarías esto?"])
    draft = svc.follow_up_mail.draft(entry.id, entry.follow_ups[0].id)
    assert draft.point == "¿Cómo escalarías esto?"
    assert "%E9%9D%A2%E8%AF%95%20Ltd" in draft.url  # 面试 as UTF-8 bytes
    assert "%C2%BFC%C3%B3mo" in draft.url
    assert parse_qs(urlsplit(draft.url).query)["body"][0].count("面试 Ltd") == 1
    assert draft.url.isascii()


def test_without_a_point_the_plain_body_is_used_and_without_an_address_it_says_so(svc, repos):
    app = add_app(repos, "eBay", "Analyst")
    rnd = add_round(repos, app, interviewers=[Interviewer(name="Sam Ortiz")])  # typed by hand: no address
    entry = svc.journal.new_entry_for_round(rnd.id, today=NOW.date())
    repos.journal.add(entry)
    draft = svc.follow_up_mail.draft(entry.id, entry.follow_ups[0].id)
    assert draft.to == "" and draft.url.startswith("mailto:?subject=")
    assert draft.point == "" and "{point}" not in draft.body and "Dear Sam Ortiz," in draft.body
    assert draft.missing_address == "No e-mail address for Sam Ortiz yet: add it under People on the application."


def test_chasing_a_decision_writes_to_the_recruiter_with_the_promised_date(svc, repos):
    app, rnd, entry = _entry_with_thank_you(svc, repos)
    svc.people.add(app.id, name="Jo Park", kind="recruiter", email="jo@ebay.example")
    chase = entry.follow_ups[0].model_copy(update={"id": "chase-1", "kind": FollowUpKind.CHASE, "text": "Chase", "interviewer_id": ""})
    repos.journal.save(entry.model_copy(update={"follow_ups": [*entry.follow_ups, chase], "decision_by": date(2026, 12, 4)}))
    draft = svc.follow_up_mail.draft(entry.id, "chase-1")
    assert draft.to == "jo@ebay.example" and draft.name == "Jo Park"
    assert draft.subject == "Product Analyst application: next steps"
    assert "a decision about the Product Analyst role at eBay by 4 December 2026" in draft.body


def test_mark_sent_records_when_and_undo_clears_it(svc, repos):
    app, rnd, entry = _entry_with_thank_you(svc, repos)
    fu = entry.follow_ups[0]
    at = datetime(2026, 5, 5, 13, 5, tzinfo=timezone.utc)
    saved = svc.follow_up_mail.mark_sent(entry.id, fu.id, now=at)
    assert (saved.follow_ups[0].sent_at, saved.follow_ups[0].done) == (at, True)
    view = svc.follow_ups.for_entry(entry.id, NOW.date())[0]
    assert view.sent_at == at and view.done
    assert sent_text(at, "Europe/Berlin") == "Sent Tue 05 May, 15:05"  # on the user's clock
    assert svc.follow_up_mail.mark_sent(entry.id, fu.id, False).follow_ups[0].sent_at is None


def test_the_reflection_form_keeps_sent_at_and_the_decision_date(svc, repos):
    from interviewpal.services.reflection_input import build_entry, values_of

    app, rnd, entry = _entry_with_thank_you(svc, repos)
    entry = svc.follow_up_mail.mark_sent(entry.id, entry.follow_ups[0].id, now=NOW)
    v = values_of(entry) | {"decision_by": "2026-12-04"}
    built, errors, _ = build_entry(entry, v, strict=True)
    assert built.follow_ups[0].sent_at == NOW and built.decision_by == date(2026, 12, 4)
    _, errors, _ = build_entry(entry, v | {"decision_by": "next week"}, strict=True)
    assert errors == {"decision_by": "Enter the date as YYYY-MM-DD, for example 2026-12-03."}


def test_reflection_point_prefers_what_went_well_then_a_question():
    app = Application(company="eBay", role="x")
    rnd_entry = make_entry(type("R", (), {"id": "r", "application_id": app.id})(), went_well="\n\n* Clear STAR story")
    assert reflection_point(rnd_entry) == ("went_well", "Clear STAR story.")
    q = rnd_entry.model_copy(update={"went_well": "", "questions": ["Why eBay?"]})
    assert reflection_point(q) == ("question", "Why eBay?")
    long = rnd_entry.model_copy(update={"went_well": "x" * 500})
    assert len(reflection_point(long)[1]) == 200


def test_french_pack_drafts_in_french():
    fr = load_content(DATA / "content-fr")
    entry = make_entry(type("R", (), {"id": "r", "application_id": "a"})(), questions=["Pourquoi nous ?"])
    draft = compose(fr.follow_ups.thank_you, FollowUpKind.THANK_YOU, name="Élodie Martin", role="Analyste",
                    company="Société Générale", stage="", entry=entry, to="elodie@example.fr")
    assert draft.body.startswith("Bonjour Élodie Martin,") and "« Pourquoi nous ? »" in draft.body
    assert "%C3%89lodie" in draft.url


# -- templates in the content pack -----------------------------------------------------------


def _pack_with(tmp_path, old: str, new: str) -> str:
    import shutil

    root = tmp_path / "en"
    shutil.copytree(Path(EN_DIR), root)
    path = root / "follow_ups.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(root)
    return str(err.value)


from interviewpal.content.loader import CONTENT_DIR as EN_DIR  # noqa: E402


def test_the_shipped_templates_load_and_use_their_placeholders():
    t = EN.follow_ups
    assert "{point}" in t.thank_you.body_went_well and "{point}" in t.thank_you.body_question
    assert "{decide_by}" in t.chase.body_decide_by


@pytest.mark.parametrize("old, new, message", [
    ('subject = "Thank you: {role} interview"', 'subject = "Thank you: {job} interview"',
     "follow_ups.toml: thank_you: subject uses {job}, which is not known; use {company}, {decide_by}, {first_name}, {name}, {point}, {role}, {stage}."),
    ('subject = "Thank you: {role} interview"', 'subject = "Thank you: {role interview"',
     "follow_ups.toml: thank_you: subject has a { or } without its pair; write {{ or }} for a literal brace."),
    ("One part I particularly enjoyed: {point}", "One part I particularly enjoyed.",
     "follow_ups.toml: thank_you: body_went_well does not use {point}; that is what makes it differ from body."),
    ("\n[chase]\n", "\n[chasing]\n", "follow_ups.toml: 'chasing' is not a known field; check the spelling or remove it."),
])
def test_a_broken_template_names_the_file_and_field(tmp_path, old, new, message):
    assert message in _pack_with(tmp_path, old, new)


def test_a_pack_without_templates_is_refused_by_name(tmp_path):
    import shutil

    root = tmp_path / "en"
    shutil.copytree(Path(EN_DIR), root)
    (root / "follow_ups.toml").unlink()
    with pytest.raises(ContentError, match="follow_ups.toml: the file is missing."):
        load_content(root)


# -- CSV and backup --------------------------------------------------------------------------


def _offer_app(repos):
    app = add_app(repos, "=eBay", "Analyst", applied_on=date(2026, 4, 1), offer_base=85000, offer_bonus=7500.5,
                  offer_equity="0.1% over 4 years", offer_currency="€", offer_deadline=date(2026, 6, 10),
                  people=[{"name": "Jo Park", "kind": "recruiter", "email": "jo@ebay.example"}])
    add_round(repos, app)
    return app


def test_csv_has_applied_on_and_the_offer_in_its_own_columns(repos):
    _offer_app(repos)
    data = export_csv(repos)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == HEADER
    row = rows[0]
    assert row["Company"] == "'=eBay"  # still formula-safe
    assert (row["Applied on"], row["Offer base"], row["Offer bonus"], row["Offer equity"], row["Offer currency"],
            row["Offer deadline"]) == ("2026-04-01", "85000", "7500.5", "0.1% over 4 years", "€", "2026-06-10")


def test_a_format_1_backup_is_read_and_imported(repos):
    raw = (DATA / "backups" / "format-1.json").read_bytes()
    preview = read_backup(raw)
    assert preview.format_version == 1 and not preview.invalid, preview.problems
    import_backup(repos, preview, now=NOW)
    app = repos.applications.get("app-1")
    assert app.company == "面试 Ltd" and app.people == [] and app.applied_on is None and not app.has_offer
    rnd = repos.rounds.get("round-1")
    assert rnd.interviewers[0].person_id == "" and rnd.checklist_done  # the v1 tick position became an id
    fu = repos.journal.get("entry-1").follow_ups[0]
    assert fu.sent_at is None and fu.done


def test_v1_to_v2_only_adds_defaults_and_keeps_unknown_fields():
    doc = json.loads((DATA / "backups" / "format-1.json").read_text(encoding="utf-8"))
    doc["applications"][0]["shortlist_note"] = "Their 2026 report"  # a newer build's field
    doc["applications"].append("not a record")
    up = v1_to_v2(doc)
    assert up["format_version"] == 2 and doc["format_version"] == 1  # the input is not changed
    a = up["applications"][0]
    assert a["shortlist_note"] == "Their 2026 report" and a["people"] == [] and a["offer_deadline"] is None
    assert up["applications"][1] == "not a record"
    assert up["journal"][0]["decision_by"] is None and up["journal"][0]["follow_ups"][0]["sent_at"] is None
    assert up["rounds"][0]["interviewers"][0]["person_id"] == ""


def test_a_format_2_backup_round_trips_people_offer_sent_and_unknown_fields(repos, tmp_path):
    app = _offer_app(repos)
    raw = repos.db.table("applications")
    raw.update({"shortlist_note": "Their 2026 report"}, doc_ids=[d.doc_id for d in raw.all() if d["id"] == app.id])
    data = export_backup(repos, NOW)
    doc = json.loads(data)
    assert doc["format_version"] == FORMAT_VERSION == 2
    stored = doc["applications"][0]
    assert stored["shortlist_note"] == "Their 2026 report" and stored["people"][0]["email"] == "jo@ebay.example"

    target = Repositories.open(tmp_path / "other")
    try:
        import_backup(target, read_backup(data), now=NOW)
        back = target.applications.get(app.id)
        assert back.people == app.people and back.offer_base == 85000 and back.offer_deadline == date(2026, 6, 10)
        kept = [d for d in target.db.table("applications").all() if d["id"] == app.id][0]
        assert kept["shortlist_note"] == "Their 2026 report"
    finally:
        target.db.close()


def test_an_older_reader_refuses_format_2_rather_than_losing_people():
    doc = json.loads((DATA / "backups" / "format-1.json").read_text(encoding="utf-8"))
    doc["format_version"] = 3
    from interviewpal.services.export.backup_reader import BackupFileError

    with pytest.raises(BackupFileError, match="reads up to format 2"):
        read_backup(json.dumps(doc).encode())


def test_a_decision_date_brings_one_chase_follow_up_the_day_after(svc, repos):
    from interviewpal.services.reflection_input import decision_date_change, values_of

    app, rnd, entry = _entry_with_thank_you(svc, repos)
    v = values_of(entry)
    assert decision_date_change(v, "2026-12-0") == {"decision_by": "2026-12-0"}  # still typing: only the field
    first = decision_date_change(v, "2026-12-04")
    chase = [r for r in first["follow_ups"] if r["kind"] == "chase"]
    assert len(chase) == 1 and chase[0]["due"] == "2026-12-05"
    moved = decision_date_change(v | first, "2026-12-10")
    assert [r["due"] for r in moved["follow_ups"] if r["kind"] == "chase"] == ["2026-12-11"]


def test_typed_interviewers_join_the_people_and_are_reused(svc, repos):
    app = add_app(repos, "eBay", "Analyst")
    svc.people.add(app.id, name="Jo Park", kind="recruiter", email="jo@ebay.example")
    built = svc.rounds.build(application_id=app.id, stage="screening", date_text="2026-06-01", time_text="10:00",
                             time_zone="UTC", interviewers=[("Sam Ortiz", "VP"), ("jo park", "")])
    saved = svc.rounds.save(svc.people.adopt_interviewers(built))
    people = svc.people.for_application(app.id)
    assert [p.name for p in people] == ["Jo Park", "Sam Ortiz"]  # matched by name, not added twice
    assert [i.person_id for i in saved.interviewers] == [people[1].id, people[0].id]
    assert svc.people.who(saved) == ["Sam Ortiz (VP)", "Jo Park"]  # the card's who: no recruiter line twice
