"""Which screen a route shows, and its title. One table for the whole app."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs

import flet as ft

from .screens.application_detail import ApplicationDetail
from .screens.application_form import ApplicationForm
from .screens.applications import ApplicationsScreen
from .screens.insights import InsightsScreen
from .screens.invitation_preview import InvitationPreviewScreen
from .screens.person_form import PersonForm
from .screens.journal import EntryScreen, JournalScreen, entry_title
from .screens.question_bank import PractiseScreen, QuestionBankScreen, practise_title
from .screens.quick_tips import GuideScreen, QuestionsScreen, QuickTipsScreen
from .screens.reflection_form import ReflectionForm
from .screens.research import ResearchScreen
from .screens.round_form import RoundForm
from .screens.settings import SettingsScreen
from .screens.up_next import UpNextScreen


@dataclass(frozen=True)
class Screen:
    title: str
    build: Callable[[], ft.Control]
    fab: tuple[str, str] | None = None  # (label, route) of a floating "add" button


def _title_app(app, app_id: str, suffix: str = "") -> str:
    a = app.services.applications.get(app_id)
    return (a.company if a else "Application") + suffix


def _title_round(app, round_id: str, prefix: str) -> str:
    r = app.services.rounds.get(round_id)
    a = app.services.applications.get(r.application_id) if r else None
    return f"{prefix}{a.company}" if a else prefix.rstrip(": ")


ROUTES: list[tuple[str, Callable[..., Screen]]] = [
    (r"/", lambda app, q: Screen("Up next", lambda: UpNextScreen())),
    (r"/applications", lambda app, q: Screen("Applications", lambda: ApplicationsScreen(), fab=("Add application", "/applications/new"))),
    (r"/journal", lambda app, q: Screen("Journal", lambda: JournalScreen())),
    (r"/settings", lambda app, q: Screen("Settings", lambda: SettingsScreen())),
    (r"/applications/new", lambda app, q: Screen("New application", lambda: ApplicationForm())),
    (r"/applications/(?P<id>[\w-]+)", lambda app, q, id: Screen(_title_app(app, id), lambda: ApplicationDetail(id))),
    (r"/applications/(?P<id>[\w-]+)/edit", lambda app, q, id: Screen("Edit application", lambda: ApplicationForm(id))),
    (r"/applications/(?P<id>[\w-]+)/research",
     lambda app, q, id: Screen("Research: " + _title_app(app, id), lambda: ResearchScreen(id, key=f"research-{id}"))),
    (r"/applications/(?P<id>[\w-]+)/rounds/new",
     lambda app, q, id: Screen("New round", lambda: RoundForm(app_id=id, stage=q.get("stage")))),
    (r"/applications/(?P<id>[\w-]+)/people/new", lambda app, q, id: Screen("New person", lambda: PersonForm(id))),
    (r"/applications/(?P<id>[\w-]+)/people/(?P<pid>[\w-]+)/edit",
     lambda app, q, id, pid: Screen("Edit person", lambda: PersonForm(id, pid))),
    (r"/rounds/(?P<id>[\w-]+)/edit", lambda app, q, id: Screen("Edit round", lambda: RoundForm(round_id=id))),
    (r"/rounds/(?P<id>[\w-]+)/tips", lambda app, q, id: Screen(_title_round(app, id, "Quick tips: "), lambda: QuickTipsScreen(round_id=id))),
    (r"/guide", lambda app, q: Screen("Interview guide", lambda: GuideScreen())),
    (r"/guide/(?P<stage>\w+)", lambda app, q, stage: Screen("Stage guide", lambda: QuickTipsScreen(stage=stage))),
    (r"/guide/(?P<stage>\w+)/questions", lambda app, q, stage: Screen("Typical questions", lambda: QuestionsScreen(stage))),
    (r"/rounds/(?P<id>[\w-]+)/reflect", lambda app, q, id: Screen(_title_round(app, id, "Reflection: "), lambda: ReflectionForm(round_id=id))),
    (r"/entries/(?P<id>[\w-]+)", lambda app, q, id: Screen(entry_title(app, id), lambda: EntryScreen(id))),
    (r"/journal/questions", lambda app, q: Screen("Question bank", lambda: QuestionBankScreen())),
    (r"/journal/questions/(?P<stage>\w+)", lambda app, q, stage: Screen(practise_title(stage), lambda: PractiseScreen(stage))),
    (r"/invitations/preview", lambda app, q: Screen("Calendar invite", lambda: InvitationPreviewScreen(q.get("app")))),
    (r"/journal/insights", lambda app, q: Screen("Insights", lambda: InsightsScreen())),
]

_COMPILED = [(re.compile(f"^{pattern}$"), factory) for pattern, factory in ROUTES]


def resolve(app, route: str) -> Screen:
    path, _, query = route.partition("?")
    q = {k: v[0] for k, v in parse_qs(query).items()}
    path = path.rstrip("/") or "/"
    for rx, factory in _COMPILED:
        m = rx.match(path)
        if m:
            return factory(app, q, **m.groupdict())
    return Screen("Not found", lambda: ft.Text("This page does not exist."))
