"""The people of one application (recruiter, interviewers): add, edit, remove with undo.

They live in the application record (``Application.people``); a round's interviewer picked
from them carries the person's id (``Interviewer.person_id``), so the card and the
follow-up e-mails find the address. Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Application, Interviewer, Person, PersonKind, Round
from ..storage import Repositories
from .forms import FormError, validate

FIELDS = ("name", "kind", "role", "email", "phone", "profile_url")


@dataclass(frozen=True)
class RemovedPerson:
    """What a removal took away, so that Undo puts it back at the same place."""

    application_id: str
    person: Person
    index: int


class PeopleService:
    def __init__(self, repos: Repositories):
        self.repos = repos

    def for_application(self, app_id: str) -> list[Person]:
        app = self.repos.applications.get(app_id)
        return list(app.people) if app else []

    def check(self, **fields) -> Person:
        """Validate form input into a Person (not saved); FormError with a sentence per field."""
        data = {k: (fields.get(k) or "") for k in FIELDS}
        data["kind"] = data["kind"] or PersonKind.INTERVIEWER.value
        if fields.get("id"):
            data["id"] = fields["id"]
        return validate(Person, data)  # type: ignore[return-value]

    def add(self, app_id: str, **fields) -> Person:
        person = self.check(**{k: v for k, v in fields.items() if k != "id"})
        with self.repos.db.locked():
            app = self.repos.applications.require(app_id)
            self._save(app, [*app.people, person])
        return person

    def update(self, app_id: str, person_id: str, **fields) -> Person:
        with self.repos.db.locked():
            app = self.repos.applications.require(app_id)
            if app.person(person_id) is None:
                raise FormError({"": "This person was removed meanwhile."})
            person = self.check(**fields, id=person_id)
            self._save(app, [person if p.id == person_id else p for p in app.people])
            self._rename_in_rounds(app_id, person)
        return person

    def remove(self, app_id: str, person_id: str) -> RemovedPerson | None:
        """Remove one person (rounds keep their interviewer's name); returns what Undo needs."""
        with self.repos.db.locked():
            app = self.repos.applications.require(app_id)
            for index, p in enumerate(app.people):
                if p.id == person_id:
                    self._save(app, [q for q in app.people if q.id != person_id])
                    return RemovedPerson(app_id, p, index)
        return None

    def restore(self, removed: RemovedPerson) -> None:
        with self.repos.db.locked():
            app = self.repos.applications.get(removed.application_id)
            if app is None or app.person(removed.person.id) is not None:
                return
            people = list(app.people)
            people.insert(min(removed.index, len(people)), removed.person)
            self._save(app, people)

    def who(self, rnd: Round, app: Application | None = None) -> list[str]:
        """The card's "who": the interviewers (as the application's people now name them), then the
        application's recruiter when they are not one of them."""
        app = app or self.repos.applications.get(rnd.application_id)
        pairs = self.for_round(rnd, app)
        out = [(p.display if p else i.display) for i, p in pairs]
        recruiter = recruiter_of(app)
        if recruiter is not None and all(p is None or p.id != recruiter.id for _, p in pairs):
            out.append(f"{recruiter.name} (recruiter)")
        return out

    def for_round(self, rnd: Round, app: Application | None = None) -> list[tuple[Interviewer, Person | None]]:
        """Each interviewer of the round with the application's person it was picked from (or None)."""
        app = app or self.repos.applications.get(rnd.application_id)
        return [(i, app.person(i.person_id) if app and i.person_id else None) for i in rnd.interviewers]

    def adopt_interviewers(self, rnd: Round) -> Round:
        """Before a round is saved: every interviewer typed in by hand becomes (or is matched by name
        to) one of the application's people, so the next round can pick them. Returns the round
        with each interviewer linked; the application is saved when a person was added."""
        with self.repos.db.locked():
            app = self.repos.applications.get(rnd.application_id)
            if app is None:
                return rnd
            people = list(app.people)
            by_name = {p.name.casefold(): p for p in people}
            linked: list[Interviewer] = []
            for i in rnd.interviewers:
                if i.person_id and app.person(i.person_id) is not None:
                    linked.append(i)
                    continue
                person = by_name.get(i.name.casefold())
                if person is None:
                    person = Person(name=i.name, role=i.role, kind=PersonKind.INTERVIEWER)
                    people.append(person)
                    by_name[person.name.casefold()] = person
                linked.append(i.model_copy(update={"person_id": person.id, "id": person.id}))
            if len(people) != len(app.people):
                self._save(app, people)
        return rnd.model_copy(update={"interviewers": linked})

    def _save(self, app: Application, people: list[Person]) -> Application:
        return self.repos.applications.save(app.model_copy(update={"people": people}))

    def _rename_in_rounds(self, app_id: str, person: Person) -> None:
        """An edited name or role shows on the rounds the person was picked for."""
        for rnd in self.repos.rounds.for_application(app_id):
            if any(i.person_id == person.id and (i.name, i.role) != (person.name, person.role) for i in rnd.interviewers):
                people = [i.model_copy(update={"name": person.name, "role": person.role}) if i.person_id == person.id else i
                          for i in rnd.interviewers]
                self.repos.rounds.save(rnd.model_copy(update={"interviewers": people}))


def recruiter_of(app: Application | None) -> Person | None:
    """The application's recruiter with an e-mail address, else its first recruiter."""
    if app is None:
        return None
    recruiters = [p for p in app.people if p.kind is PersonKind.RECRUITER]
    return next((p for p in recruiters if p.email), recruiters[0] if recruiters else None)
