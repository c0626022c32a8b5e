"""The reflection journal, end to end in a real browser.

Data is written with the real services before the app starts (see ``seeded``), so each
test begins at the screen it is about instead of clicking its way there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from interviewpal.models import (
    Application,
    FollowUp,
    FollowUpKind,
    Interviewer,
    JournalEntry,
    Lesson,
    Outcome,
    Round,
    Stage,
)
from interviewpal.content import load_content
from interviewpal.services.time_zones import user_zone_name as local_zone_name
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, click_once_settled, press, reveal, see, type_into, wait_until
from .server import AppServer

pytestmark = pytest.mark.browser

IMPROVE = "Slow down when explaining trade-offs"
QUESTION = "How would you shard a growing orders table?"


@dataclass
class Seed:
    past_round: str  # technical assessment that ended an hour ago, no reflection yet
    next_round: str  # panel interview tomorrow, same application
    entries: list[str]  # published reflections (history), when asked for


def _seed(folder, history: bool) -> Seed:
    now = datetime.now(timezone.utc)
    zone = local_zone_name()
    repos = Repositories.open(folder, daily_backup=False)
    try:
        acme = repos.applications.add(Application(company="Acme", role="Backend Engineer"))
        past = repos.rounds.add(Round(
            application_id=acme.id, stage=Stage.TECHNICAL, starts_at=now - timedelta(hours=2), duration_minutes=60,
            time_zone=zone, interviewers=[Interviewer(name="Dana Lee", role="Engineering manager"),
                                          Interviewer(name="Sam Patel", role="Staff engineer")]))
        nxt = repos.rounds.add(Round(application_id=acme.id, stage=Stage.PANEL, starts_at=now + timedelta(days=1),
                                     time_zone=zone))
        entries: list[str] = []
        if history:
            globex = repos.applications.add(Application(company="Globex", role="Platform Engineer", tags=["remote"]))
            initech = repos.applications.add(Application(company="Initech", role="Senior Developer"))
            rows = [  # (app, stage, days ago, outcome, feeling, confidence, questions, to improve, tags)
                (globex, Stage.SCREENING, 40, Outcome.PASSED, 3, 2, ["Why do you want to leave your job?"],
                 ["Shorter introduction"], ["remote"]),
                (globex, Stage.TECHNICAL, 33, Outcome.REJECTED, 2, 2,
                 [QUESTION, "Explain eventual consistency."], ["Practise system design trade-offs out loud"], ["system design"]),
                (initech, Stage.SCREENING, 20, Outcome.PASSED, 4, 3, ["Why do you want to leave your job?"],
                 ["Ask about the team earlier"], []),
                (initech, Stage.TECHNICAL, 12, Outcome.PASSED, 4, 4, [QUESTION, "How would you test your solution?"],
                 ["Draw the diagram before talking about trade-offs"], ["system design"]),
                (initech, Stage.BEHAVIORAL, 5, Outcome.PENDING, 5, 4, ["Tell me about a conflict in your team."],
                 ["End every story with the result"], []),
            ]
            for app, stage, days, outcome, feeling, confidence, questions, improve, tags in rows:
                rnd = repos.rounds.add(Round(application_id=app.id, stage=stage, starts_at=now - timedelta(days=days),
                                             time_zone=zone, outcome=outcome))
                entry = repos.journal.add(JournalEntry(
                    round_id=rnd.id, application_id=app.id, feeling=feeling, confidence=confidence,
                    questions=questions, to_improve=[Lesson(text=t) for t in improve], tags=tags,
                    went_well="Good rapport with the interviewer.",
                    follow_ups=[FollowUp(kind=FollowUpKind.CHASE, text="Chase if no answer", due=date.today() + timedelta(days=3))]))
                entries.append(entry.id)
        return Seed(past.id, nxt.id, entries)
    finally:
        repos.db.close()


@pytest.fixture
def seeded(data_dir, request) -> Seed:
    return _seed(data_dir, history=bool(getattr(request, "param", False)))


@pytest.fixture
def server(data_dir, seeded):
    """The app on the seeded data folder (replaces conftest's server for this module)."""
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def write(page, label: str, text: str):
    """Type into the text field named ``label`` after scrolling it into view."""
    reveal(page, page.get_by_role("textbox", name=label, exact=True))
    return type_into(page, label, text)


def value(page, label: str) -> str:
    """What the text field named ``label`` holds (Flutter fills the DOM input once it has focus)."""
    box = reveal(page, page.get_by_role("textbox", name=label, exact=True))
    box.click()
    wait_until(page, lambda: box.input_value() != "")  # filled once the field has focus, however slow
    return box.input_value()


def _today() -> str:
    return f"{datetime.now().astimezone():%Y-%m-%d}"


def _tomorrow() -> str:
    return f"{datetime.now().astimezone() + timedelta(days=1):%Y-%m-%d}"


def test_reflection_after_a_round_feeds_follow_ups_lessons_and_search(open_session, seeded):
    s = open_session(PHONE, "/journal")
    page = s.page
    see(page, "Your reflections will be here")  # nothing written yet
    s.shot("journal-empty-phone")
    s.go("/journal/insights")
    see(page, "Not enough reflections yet")
    s.shot("insights-empty-phone")
    s.go("/")

    # One tap from Up next's "How did it go?" opens the reflection, with the round at the top.
    page.get_by_role("button", name=re.compile("How did the Acme technical assessment go")).click()
    see(page, re.compile("Dana Lee"))
    press(page, re.compile("Feeling 4 of 5"))
    see(page, "Feeling: 4 of 5 (Good)")
    press(page, re.compile("Confidence 2 of 5"))
    write(page, "Questions asked", QUESTION)
    write(page, "To improve 1", IMPROVE)
    s.shot("reflection-form-phone")

    # A bad follow-up date is refused with a message on the field; nothing typed is lost.
    write(page, "Due date 1", "2026-13-45")
    press(page, "Save reflection")
    see(page, re.compile("Enter the date as YYYY-MM-DD"))
    s.shot("reflection-form-error-phone")
    assert value(page, "To improve 1") == IMPROVE
    # Leaving now would drop the bad follow-up: Esc (like Back and Android back) asks first; Cancel stays.
    page.keyboard.press("Escape")
    see(page, "Leave with unsaved changes?")
    press(page, "Cancel")
    assert value(page, "To improve 1") == IMPROVE
    write(page, "Due date 1", _today())  # Dana's thank-you is due today; Sam's tomorrow
    # (Sam's default is the day after the round: between midnight and the round's end + 1 h that is today.)
    write(page, "Due date 2", _tomorrow())
    press(page, "Save reflection")
    see(page, re.compile("Reflection saved"))

    # Up next: the reflection is done; Dana's thank-you is due, Sam's is not; ticking it removes it.
    see(page, "Follow-ups due")
    assert page.get_by_text(re.compile("How did the Acme technical")).count() == 0
    dana = page.get_by_role("checkbox", name=re.compile("Thank-you note to Dana Lee"))
    dana.wait_for()
    assert page.get_by_role("checkbox", name=re.compile("Sam Patel")).count() == 0
    s.shot("up-next-follow-ups-phone")
    dana.click()
    see(page, re.compile("Done: Thank-you note to Dana Lee"))
    page.get_by_role("checkbox", name=re.compile("Dana Lee")).wait_for(state="detached")
    assert page.get_by_text("Follow-ups due").count() == 0

    # The next round's quick tips show the to-improve item; "Mark learned" hides it.
    page.get_by_role("button", name="Quick tips").click()
    see(page, "From your earlier rounds")
    see(page, IMPROVE)
    s.shot("quick-tips-lessons-phone")
    press(page, f"Mark learned: {IMPROVE[:40]}")
    see(page, re.compile("Marked as learned"))
    page.get_by_text("From your earlier rounds").wait_for(state="detached")

    # The journal finds the entry by a word from it.
    click_once_settled(page, "button", "Back")
    page.get_by_role("tab", name="Journal").click()
    page.get_by_role("button", name=re.compile("^Stage filter")).wait_for()  # the screen is fully built
    write(page, "Search the journal", "shard")
    see(page, "1 of 1 reflections match")
    page.get_by_role("button", name=re.compile("Acme · Technical assessment")).wait_for()
    write(page, "Search the journal", "zebra")
    see(page, "No reflections match")
    write(page, "Search the journal", "")
    see(page, re.compile("1 reflection, newest first"))
    s.shot("journal-search-phone")
    page.get_by_role("button", name=re.compile("Acme · Technical assessment")).click()
    see(page, QUESTION)
    # Each interviewer's thank-you has its own state.
    assert page.get_by_role("checkbox", name=re.compile("Thank-you note to Dana Lee")).is_checked()
    assert not page.get_by_role("checkbox", name=re.compile("Thank-you note to Sam Patel")).is_checked()
    s.shot("entry-phone")


def test_draft_survives_a_reload_mid_typing(open_session, seeded):
    path = f"/rounds/{seeded.past_round}/reflect"
    s = open_session(DESKTOP, "/journal/questions")
    page = s.page
    see(page, "No questions yet")
    s.shot("question-bank-empty-desktop")
    s.open(path)
    see(page, "What went well")
    type_into(page, "What went well", "Clear structure in the design part")
    see(page, re.compile("Draft saved"))  # ~1 s after the last keystroke
    s.shot("reflection-form-desktop")
    s.open(path)  # a page load: a new Flutter client, as after a reload
    see(page, re.compile("Dana Lee"))
    assert value(page, "What went well") == "Clear structure in the design part"
    # It is a draft: Up next still asks how it went, and the journal lists it as a draft.
    s.go("/")
    see(page, re.compile("How did the Acme technical assessment go"))
    s.go("/journal")
    see(page, re.compile("Acme · Technical assessment"))
    see(page, re.compile("Draft"))


@pytest.mark.parametrize("seeded", [True], indirect=True)
def test_journal_screens_with_history(open_session, seeded):
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        s = open_session(viewport, "/journal")
        page = s.page
        see(page, re.compile("5 reflections, newest first"))
        s.shot(f"journal-history-{size}")
        s.go("/journal/insights")
        see(page, "Feeling and confidence over time")
        see(page, "trade-offs")
        s.shot(f"insights-{size}")
        s.go("/journal/questions")
        see(page, QUESTION)
        see(page, re.compile("Asked 2 times · Initech, Globex"))
        s.shot(f"question-bank-{size}")
        s.go("/journal/questions/technical")
        typical = len(load_content().stage("technical").questions)  # the pack's own count
        see(page, f"Typical for this stage ({typical})")
        s.shot(f"practise-{size}")
        s.go(f"/entries/{seeded.entries[-1]}")
        see(page, "Tell me about a conflict in your team.")
        s.shot(f"entry-{size}")

    # Filter by stage, then by feeling too.
    s.go("/journal")
    see(page, re.compile("5 reflections"))
    page.get_by_role("button", name=re.compile("^Stage filter")).click()
    page.get_by_role("button", name="Technical assessment", exact=True).click()
    see(page, "2 of 5 reflections match")
    page.get_by_role("button", name=re.compile("^Feeling filter")).click()
    page.get_by_role("button", name="2 · Meh", exact=True).click()
    see(page, "1 of 5 reflections match")
    page.get_by_role("button", name=re.compile("Globex · Technical assessment")).wait_for()
    page.get_by_role("button", name="Clear filters").first.click()
    see(page, re.compile("5 reflections, newest first"))

    # Ticking a question practised counts at once.
    s.go("/journal/questions")
    press(page, f"Practised: {QUESTION}", role="checkbox")
    see(page, re.compile("· 1 practised"))

    # Delete with confirm, then Undo puts it back.
    s.go(f"/entries/{seeded.entries[-1]}")
    press(page, "Delete")
    see(page, "Delete this reflection?")  # the dialog is up (under load it can take a while)
    page.get_by_role("button", name="Delete").last.click()  # the dialog's
    see(page, re.compile("Deleted the reflection on Initech"))
    page.get_by_role("button", name="Undo").click()
    see(page, "Undone.")
    s.go("/journal")
    see(page, re.compile("5 reflections, newest first"))
