"""The reflection journal: writing entries after a round, listing and searching them.

:class:`JournalService` is what the journal screens call. It prefills a new
entry from the round (the stage's reflection prompts, a thank-you follow-up
per interviewer), saves drafts as the user types, publishes, deletes with
undo, lists entries with filters and full-text search. (Rounds still waiting for a
reflection: services/reflection_due.py.)

Plain Python: no Flet.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta
from typing import Any

from ..models import FollowUp, FollowUpKind, JournalEntry, PromptAnswer, Stage
from ..storage.repositories import NotFound, Repositories  # NotFound: raised by entry_for_round for an unknown round
from .entry_view import EntryView
from .search import SearchIndex, order_key, question_key
from .time_zones import local_date

_TABLES = ("journal", "applications", "rounds")
DEFAULT_SCORE = 3  # feeling and confidence of a new entry: the middle of 1..5


def _signature(view: EntryView) -> tuple[Any, ...]:
    """What the search text of a view depends on; a change means re-index it."""
    a, r = view.application, view.round
    return (
        view.entry.updated_at,
        a.updated_at if a else None,
        r.updated_at if r else None,
    )


def _content_of(entry: JournalEntry) -> dict[str, Any]:
    return entry.model_dump(exclude={"updated_at"})


_BULLET = re.compile(r"^\s*(?:[-*+•‣◦·–—>]+|\(?\d{1,3}[.):]|\(?[Qq]\d{0,3}[.):])\s*")


def parse_questions(text: str) -> list[str]:
    """One question per line; bullets ('-', '*', '•', '1.', '2)', 'Q:') stripped; empties and repeats dropped.

    Repeats are found ignoring case, punctuation and spacing; the first wording wins.
    """
    out: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        q = _BULLET.sub("", line, count=1).strip()
        q = " ".join(q.split())
        key = question_key(q)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out


class JournalService:
    """Journal entries over the repositories; ``content`` is the stage content pack."""

    def __init__(self, repos: Repositories, content: Any = None):
        self.repos = repos
        self._content = content
        self._index: SearchIndex | None = None
        self._indexed: dict[str, tuple[Any, ...]] = {}
        self._last_saved: dict[str, JournalEntry] = {}
        self._lock = threading.RLock()  # UI handlers may run on several threads
        self._views_key: tuple[Any, ...] | None = None
        self._views: list[EntryView] = []
        self._index_key: tuple[Any, ...] | None = None

    @property
    def content(self) -> Any:
        if self._content is None:
            from ..content import default_content

            self._content = default_content()
        return self._content

    # -- writing --

    def new_entry_for_round(self, round_id: str, *, today: date | None = None) -> JournalEntry:
        """A new, unsaved entry for the round, prefilled from its stage and interviewers.

        Each interviewer gets a thank-you follow-up due the day after the round
        (or ``today`` when that day has passed already).
        """
        rnd = self.repos.rounds.require(round_id)
        prompts = [PromptAnswer(prompt=p) for p in self.content.stage(rnd.stage).reflection_prompts]
        due = local_date(rnd.starts_at) + timedelta(days=1)
        today = today or local_date(datetime.now().astimezone())
        if due < today:
            due = today
        follow_ups = [
            FollowUp(
                kind=FollowUpKind.THANK_YOU,
                text=f"Thank-you note to {person.name}",
                due=due,
                interviewer_id=person.id,
            )
            for person in rnd.interviewers
        ]
        return JournalEntry(
            round_id=rnd.id,
            application_id=rnd.application_id,
            feeling=DEFAULT_SCORE,
            confidence=DEFAULT_SCORE,
            prompt_answers=prompts,
            follow_ups=follow_ups,
            draft=True,
        )

    def entry_for_round(self, round_id: str, *, today: date | None = None) -> JournalEntry:
        """The round's saved entry (the latest one) or, when it has none, a new prefilled one."""
        existing = self.existing_entry(round_id)
        return existing if existing is not None else self.new_entry_for_round(round_id, today=today)

    def get(self, entry_id: str) -> JournalEntry | None:
        """One stored entry by id, or None."""
        return self.repos.journal.get(entry_id)

    def existing_entry(self, round_id: str) -> JournalEntry | None:
        found = self.repos.journal.for_round(round_id)
        return max(found, key=lambda e: e.updated_at) if found else None

    def save_draft(self, entry: JournalEntry) -> JournalEntry:
        """Save ``entry`` as a draft (call it as the user types).

        Cheap: nothing is written when the entry did not change since the last
        save, and only this entry is re-indexed for search.
        """
        entry = entry if entry.draft else entry.model_copy(update={"draft": True})
        last = self._last_saved.get(entry.id)
        if last is not None and _content_of(last) == _content_of(entry):
            return last
        return self._save(entry)

    def publish(self, entry: JournalEntry) -> JournalEntry:
        """Save ``entry`` as finished (no longer a draft)."""
        return self._save(entry.model_copy(update={"draft": False}))

    def delete(self, entry_id: str) -> JournalEntry | None:
        """Delete an entry; returns it so the UI can offer undo (None if it was not there)."""
        before = self._storage_key()
        gone = self.repos.journal.delete(entry_id)
        self._forget(entry_id, before)
        return gone

    def restore(self, entry: JournalEntry) -> JournalEntry:
        """Put back an entry returned by :meth:`delete`, exactly as it was."""
        before = self._storage_key()
        saved = self.repos.journal.save(entry, touch=False)
        self._after_save(saved, before)
        return saved

    def _save(self, entry: JournalEntry) -> JournalEntry:
        before = self._storage_key()
        saved = self.repos.journal.save(entry)
        self._after_save(saved, before)
        return saved

    def _after_save(self, saved: JournalEntry, before: tuple[Any, ...] | None = None) -> None:
        """Keep the index and the views in step with this service's own save: the entry is
        re-indexed and its view replaced, nothing else is re-read or rebuilt. (Only when
        they were current before the save: otherwise the next read catches up in full.)"""
        stored = self.repos.journal.get(saved.id) or saved  # as stored (validated)
        after = self._storage_key()
        with self._lock:
            self._last_saved[saved.id] = saved
            view = self._view(stored)
            if self._index is not None:
                self._index.update(view)
                self._indexed[saved.id] = _signature(view)
                if before is not None and self._index_key == before:
                    self._index_key = after
            if before is not None and self._views_key == before and after is not None:
                views = list(self._views)  # the same order as a rebuild from the repository
                for i, v in enumerate(views):
                    if v.entry.id == saved.id:
                        views[i] = view
                        break
                else:
                    views.append(view)
                self._views, self._views_key = views, after

    def _forget(self, entry_id: str, before: tuple[Any, ...] | None = None) -> None:
        after = self._storage_key()
        with self._lock:
            self._last_saved.pop(entry_id, None)
            self._indexed.pop(entry_id, None)
            if self._index is not None:
                self._index.remove(entry_id)
                if before is not None and self._index_key == before:
                    self._index_key = after
            if before is not None and self._views_key == before and after is not None:
                self._views = [v for v in self._views if v.entry.id != entry_id]
                self._views_key = after

    # -- reading --

    def _view(self, entry: JournalEntry) -> EntryView:
        return EntryView(entry, self.repos.applications.get(entry.application_id), self.repos.rounds.get(entry.round_id))

    def _snapshot(self) -> tuple[tuple[Any, ...] | None, list[EntryView]]:
        """(storage key, every entry view). The views are reused while no table changed."""
        entries = self.repos.journal.all()  # each re-reads its file only if it changed
        app_list = self.repos.applications.all()
        round_list = self.repos.rounds.all()
        key = self._storage_key()
        with self._lock:
            if key is not None and key == self._views_key:
                return key, self._views
        apps = {a.id: a for a in app_list}
        rounds = {r.id: r for r in round_list}
        views = [EntryView(e, apps.get(e.application_id), rounds.get(e.round_id)) for e in entries]
        with self._lock:
            self._views_key, self._views = key, views
        return key, views

    def _storage_key(self) -> tuple[Any, ...] | None:
        """Identity of the three table files as last read or written (None: unknown)."""
        try:
            sigs = tuple(self.repos.db.storage(name).signature for name in _TABLES)
        except (AttributeError, KeyError):
            return None
        return None if None in sigs else sigs

    def views(self) -> list[EntryView]:
        """Every entry (drafts too) with its application and round, in no particular order."""
        return list(self._snapshot()[1])

    def view(self, entry_id: str) -> EntryView | None:
        entry = self.repos.journal.get(entry_id)
        return self._view(entry) if entry else None

    def search_index(self) -> SearchIndex:
        """The search index, brought up to date with the stored entries."""
        return self._synced_index(*self._snapshot())

    def _synced_index(self, key: tuple[Any, ...] | None, views: list[EntryView]) -> SearchIndex:
        """Built once; afterwards, when a table file changed, only the entries whose
        entry, application or round changed since they were indexed are re-indexed, so
        changes made elsewhere (another service, another app instance) are picked up too."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.build(views)
                self._indexed = {v.entry.id: _signature(v) for v in views}
                self._index_key = key
                return self._index
            if key is not None and key == self._index_key:
                return self._index
            index, indexed = self._index, self._indexed
            current: set[str] = set()
            for v in views:
                eid = v.entry.id
                current.add(eid)
                sig = _signature(v)
                if indexed.get(eid) != sig:
                    index.update(v)
                    indexed[eid] = sig
            if len(current) != len(indexed):
                for gone in [i for i in indexed if i not in current]:
                    index.remove(gone)
                    del indexed[gone]
            self._index_key = key
            return index

    def warm_up(self) -> None:
        """Build the search index now (e.g. on a background thread at start-up) so the
        first search does not pay for it (about half a second at 3,000 entries)."""
        self.search_index()

    def entries(
        self,
        application_id: str | None = None,
        stage: Stage | str | None = None,
        tag: str | None = None,
        feeling: int | None = None,
        query: str = "",
    ) -> list[EntryView]:
        """Entries (drafts included) matching every given filter, newest first.

        ``query`` is full-text (all words, prefix, case and accent-insensitive);
        ``tag`` matches ignoring case; ``feeling`` is the exact 1-5 score.
        """
        key, views = self._snapshot()
        wanted_stage = Stage(stage) if stage else None
        wanted_tag = tag.strip().lstrip("#").strip().casefold() if tag else ""

        def keep(v: EntryView) -> bool:
            if application_id and v.entry.application_id != application_id:
                return False
            if wanted_stage is not None and v.stage is not wanted_stage:
                return False
            if wanted_tag and wanted_tag not in {t.casefold() for t in v.entry.tags}:
                return False
            if feeling is not None and v.entry.feeling != feeling:
                return False
            return True

        if query.strip():
            by_id = {v.id: v for v in views}
            index = self._synced_index(key, views)
            with self._lock:
                ids = index.search(query)
            return [by_id[i] for i in ids if i in by_id and keep(by_id[i])]
        return sorted((v for v in views if keep(v)), key=order_key, reverse=True)

    def tags(self) -> list[str]:
        """Every tag used in the journal (first spelling wins), sorted ignoring case."""
        seen: dict[str, str] = {}
        for e in self.repos.journal.all():
            for t in e.tags:
                seen.setdefault(t.casefold(), t)
        return sorted(seen.values(), key=str.casefold)

    parse_questions = staticmethod(parse_questions)
