"""Demo data for a first look at the app: clearly marked, removable in one action."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..models import Application, ApplicationStatus, FollowUp, FollowUpKind, Interviewer, JournalEntry, Lesson, Outcome, Round, Stage
from .time_zones import user_zone_name
from ..storage import Repositories

DEMO_TAG = "demo"


class DemoService:
    """Demo data: add it, tell whether it is there, remove it in one action."""

    def __init__(self, repos: Repositories):
        self.repos = repos


    def has(self) -> bool:
        return any(a.demo for a in self.repos.applications.all())

    def add(self, now: datetime, zone: str | None = None) -> int:
        """Add three sample applications with rounds and one reflection; returns how many applications."""
        tz = ZoneInfo(zone or user_zone_name())
        zone = zone or user_zone_name()
        today = now.astimezone(tz).date()

        def at(days: int, hh: int, mm: int = 0) -> datetime:
            return datetime.combine(today + timedelta(days=days), time(hh, mm), tzinfo=tz)

        acme = Application(company="Acme Robotics (demo)", role="Backend Engineer", location="Berlin",
                           source="Company website", posting_url="https://example.com/jobs/backend", tags=[DEMO_TAG], demo=True)
        north = Application(company="Northwind Health (demo)", role="Product Analyst", location="Remote",
                            source="Referral", tags=[DEMO_TAG], demo=True)
        blue = Application(company="Bluefin Studio (demo)", role="Data Engineer", status=ApplicationStatus.REJECTED,
                           location="Hamburg", tags=[DEMO_TAG], demo=True)
        dana = Interviewer(name="Dana Weiss", role="Engineering manager")
        rounds = [
            Round(application_id=acme.id, stage=Stage.SCREENING, starts_at=at(-9, 11), time_zone=zone, duration_minutes=30,
                  format="phone", outcome=Outcome.PASSED, interviewers=[Interviewer(name="Sam Ortiz", role="Recruiter")]),
            Round(application_id=acme.id, stage=Stage.PHONE_VIDEO, starts_at=at(-3, 15), time_zone=zone, duration_minutes=45,
                  format="video", meeting_url="https://meet.example.com/acme-intro", outcome=Outcome.PASSED, interviewers=[dana]),
            Round(application_id=acme.id, stage=Stage.TECHNICAL, title="Round 3 - system design", starts_at=at(1, 10),
                  time_zone=zone, duration_minutes=90, format="on_site", location="Acme office, Torstrasse 1, Berlin",
                  interviewers=[dana, Interviewer(name="Lee Park", role="Staff engineer")]),
            Round(application_id=north.id, stage=Stage.SCREENING, starts_at=at(-1, 9, 30), time_zone=zone, duration_minutes=30,
                  format="phone", interviewers=[Interviewer(name="Priya Rao", role="Talent partner")]),
            Round(application_id=north.id, stage=Stage.BEHAVIORAL, starts_at=at(4, 14), time_zone=zone, duration_minutes=60,
                  format="video", meeting_url="https://meet.example.com/northwind"),
            Round(application_id=blue.id, stage=Stage.SCREENING, starts_at=at(-20, 10), time_zone=zone, duration_minutes=30,
                  format="phone", outcome=Outcome.PASSED),
            Round(application_id=blue.id, stage=Stage.TECHNICAL, starts_at=at(-14, 13), time_zone=zone, duration_minutes=120,
                  format="video", outcome=Outcome.REJECTED),
        ]
        entries = [
            JournalEntry(round_id=rounds[1].id, application_id=acme.id, written_at=at(-3, 17), feeling=4, confidence=3,
                         questions=["Tell me about a project you are proud of.", "Why Acme?"],
                         went_well="Clear story about the migration project.",
                         to_improve=[Lesson(text="Pause before answering; I rushed the first question."),
                                     Lesson(text="Prepare numbers for the impact of my last project.")],
                         follow_ups=[FollowUp(kind=FollowUpKind.THANK_YOU, text=f"Thank-you note to {dana.name}",
                                              due=today, interviewer_id=dana.id)],
                         tags=[DEMO_TAG]),
            JournalEntry(round_id=rounds[6].id, application_id=blue.id, written_at=at(-14, 18), feeling=2, confidence=2,
                         questions=["Design a pipeline that deduplicates events."],
                         to_improve=[Lesson(text="Ask clarifying questions before drawing the design.")],
                         tags=[DEMO_TAG]),
        ]
        with self.repos.db.locked():
            self.repos.applications.add_many([acme, north, blue])
            self.repos.rounds.add_many(rounds)
            self.repos.journal.add_many(entries)
        return 3

    def remove(self) -> int:
        """Delete every demo application with its rounds and reflections; returns how many applications."""
        removed = 0
        with self.repos.db.locked():
            for app in [a for a in self.repos.applications.all() if a.demo]:
                self.repos.applications.delete(app.id)
                self.repos.rounds.delete_where("application_id", app.id)
                self.repos.journal.delete_where("application_id", app.id)
                removed += 1
        return removed
