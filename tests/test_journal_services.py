"""Journal services: search, question bank, lessons, follow-ups, reflection queue, insights."""

from __future__ import annotations

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
    PromptAnswer,
    Round,
    Stage,
)
from interviewpal.services.follow_ups import FollowUpService
from interviewpal.services.insights import STOP_WORDS, InsightsService, improve_words
from interviewpal.services.entry_view import EntryView
from interviewpal.services.journal import JournalService, parse_questions
from interviewpal.services.lessons import LessonService
from interviewpal.services.question_bank import PracticeStore, QuestionBank, question_key
from interviewpal.services.upnext import UpNextService
from interviewpal.services.search import SearchIndex, fold, naive_search, tokens
from interviewpal.storage import NotFound
from interviewpal.storage.key_value import MemoryKeyValueStore, TinyDBKeyValueStore
from tests.factories import add_app, add_entry, add_round

pytestmark = pytest.mark.repos(daily_backup=False)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


# -- helpers ------------------------------------------------------------------------


class FakeGuide:
    def __init__(self, stage: Stage):
        self.questions = (f"Typical {stage.value} question one?", "Tell me about yourself.")
        self.reflection_prompts = (f"What surprised you in the {stage.value} round?", "What would you do differently?")


class FakeContent:
    def stage(self, stage_id):
        return FakeGuide(Stage(stage_id))


def view(entry, app=None, rnd=None) -> EntryView:
    return EntryView(entry, app, rnd)


# -- search -------------------------------------------------------------------------


def test_fold_removes_accents_and_case():
    assert fold("Résumé ÉCOLE Straße") == "resume ecole strasse"
    assert tokens("Café-au-lait, naïve!") == ["cafe", "au", "lait", "naive"]


def _views_for_search():
    app = Application(company="Société Générale", role="Data analyst")
    rnd = Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=NOW, title="Live coding")
    a = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3,
                     questions=["Design a URL shortener"], free_text="Talked about system design and caching.")
    b = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3,
                     questions=["Explain your résumé"], free_text="The system was down.")
    c = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3,
                     free_text="Architecture discussion")
    return app, rnd, a, b, c


def test_search_is_accent_and_case_insensitive():
    app, rnd, a, b, c = _views_for_search()
    index = SearchIndex.build([view(e, app, rnd) for e in (a, b, c)])
    assert index.search("RESUME") == [b.id]
    assert index.search("résumé") == [b.id]
    assert set(index.search("societe")) == {a.id, b.id, c.id}  # company of every entry
    assert set(index.search("GÉNÉRALE")) == {a.id, b.id, c.id}


def test_search_needs_all_words():
    app, rnd, a, b, c = _views_for_search()
    index = SearchIndex.build([view(e, app, rnd) for e in (a, b, c)])
    assert set(index.search("system")) == {a.id, b.id}
    assert index.search("system design") == [a.id]
    assert index.search("design system caching") == [a.id]
    assert index.search("system nowhere") == []


def test_search_matches_word_prefixes_only():
    app, rnd, a, b, c = _views_for_search()
    index = SearchIndex.build([view(e, app, rnd) for e in (a, b, c)])
    assert index.search("arch") == [c.id]
    assert index.search("archit disc") == [c.id]
    assert index.search("tecture") == []  # not a word start
    assert set(index.search("")) == {a.id, b.id, c.id}
    assert set(index.search("  ?! ")) == {a.id, b.id, c.id}


PLACES = {
    "questions": dict(questions=["How does zebracorn scale?"]),
    "went_well": dict(went_well="The zebracorn demo went fine"),
    "to_improve": dict(to_improve=[Lesson(text="Explain zebracorn sooner")]),
    "prompt_answer": dict(prompt_answers=[PromptAnswer(prompt="What surprised you?", answer="The zebracorn")]),
    "follow_up": dict(follow_ups=[FollowUp(text="Send zebracorn slides", due=TODAY)]),
    "free_text": dict(free_text="Long notes about the zebracorn."),
    "tags": dict(tags=["zebracorn"]),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_search_finds_a_word_in_each_entry_field(place):
    app = Application(company="Acme", role="Engineer")
    rnd = Round(application_id=app.id, stage=Stage.PANEL, starts_at=NOW)
    hit = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3, **PLACES[place])
    miss = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3, free_text="nothing here")
    index = SearchIndex.build([view(hit, app, rnd), view(miss, app, rnd)])
    assert index.search("zebra") == [hit.id]


@pytest.mark.parametrize(
    "query, app_kw, round_kw",
    [
        ("zebracorn", dict(company="Zebracorn Ltd", role="Engineer"), {}),
        ("zebracorn", dict(company="Acme", role="Zebracorn wrangler"), {}),
        ("panel interv", dict(company="Acme", role="Engineer"), {}),  # stage label
        ("onsite finale", dict(company="Acme", role="Engineer"), dict(title="Onsite finale")),
    ],
)
def test_search_finds_application_stage_and_round_title(query, app_kw, round_kw):
    app = Application(**app_kw)
    rnd = Round(application_id=app.id, stage=Stage.PANEL, starts_at=NOW, **round_kw)
    other_app = Application(company="Other", role="Other")
    other_rnd = Round(application_id=other_app.id, stage=Stage.SCREENING, starts_at=NOW)
    hit = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3)
    miss = JournalEntry(round_id=other_rnd.id, application_id=other_app.id, feeling=3, confidence=3)
    index = SearchIndex.build([view(hit, app, rnd), view(miss, other_app, other_rnd)])
    assert index.search(query) == [hit.id]


def test_search_index_update_and_remove_keep_it_in_step():
    app, rnd, a, b, c = _views_for_search()
    index = SearchIndex.build([view(e, app, rnd) for e in (a, b, c)])
    a2 = a.model_copy(update={"free_text": "Now about kubernetes", "questions": []})
    index.update(view(a2, app, rnd))
    assert index.search("kube") == [a.id]
    assert index.search("caching") == []
    assert set(index.search("system")) == {b.id}
    index.remove(b.id)
    assert index.search("system") == []
    assert index.search("resume") == []
    assert len(index) == 2
    index.remove("unknown")  # ignored
    # the token list holds exactly the tokens still posted
    assert index._sorted_tokens == sorted(index._postings)


def test_search_results_are_newest_first_and_agree_with_the_naive_scan():
    app = Application(company="Acme", role="Engineer")
    views = []
    for days in (3, 1, 2):
        rnd = Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=NOW - timedelta(days=days))
        e = JournalEntry(round_id=rnd.id, application_id=app.id, feeling=3, confidence=3, free_text=f"graph day{days}")
        views.append(view(e, app, rnd))
    index = SearchIndex.build(views)
    got = index.search("graph")
    assert got == [views[1].id, views[2].id, views[0].id]
    for q in ("graph", "day", "acme gra", "nothing", ""):
        assert index.search(q) == naive_search(views, q)


# -- journal service ----------------------------------------------------------------


def test_new_entry_is_prefilled_from_the_round(repos):
    app = add_app(repos)
    ana, ben = Interviewer(name="Ana Pérez", role="Lead"), Interviewer(name="Ben Ode")
    rnd = add_round(repos, app, Stage.TECHNICAL, NOW - timedelta(hours=2), interviewers=[ana, ben])
    svc = JournalService(repos, FakeContent())

    entry = svc.new_entry_for_round(rnd.id, today=TODAY)
    assert entry.application_id == app.id and entry.round_id == rnd.id
    assert [pa.prompt for pa in entry.prompt_answers] == list(FakeGuide(Stage.TECHNICAL).reflection_prompts)
    assert all(pa.answer == "" for pa in entry.prompt_answers)
    assert [(f.kind, f.text, f.interviewer_id, f.due, f.done) for f in entry.follow_ups] == [
        (FollowUpKind.THANK_YOU, "Thank-you note to Ana Pérez", ana.id, TODAY + timedelta(days=1), False),
        (FollowUpKind.THANK_YOU, "Thank-you note to Ben Ode", ben.id, TODAY + timedelta(days=1), False),
    ]
    assert repos.journal.count() == 0  # not saved until the user types

    late = svc.new_entry_for_round(rnd.id, today=TODAY + timedelta(days=5))
    assert {f.due for f in late.follow_ups} == {TODAY + timedelta(days=5)}


def test_draft_publish_delete_restore(repos):
    app = add_app(repos)
    rnd = add_round(repos, app, starts_at=NOW - timedelta(days=1))
    svc = JournalService(repos, FakeContent())
    entry = svc.new_entry_for_round(rnd.id, today=TODAY)

    saved = svc.save_draft(entry.model_copy(update={"free_text": "first words"}))
    assert saved.draft and repos.journal.require(entry.id).free_text == "first words"
    sig = repos.db.storage("journal").signature
    again = svc.save_draft(saved.model_copy(update={"draft": False}))  # same content: nothing written
    assert again.updated_at == saved.updated_at and again.draft
    assert repos.db.storage("journal").signature == sig
    assert svc.entry_for_round(rnd.id).id == entry.id

    published = svc.publish(saved.model_copy(update={"free_text": "final words"}))
    assert not published.draft and not repos.journal.require(entry.id).draft
    assert [v.id for v in svc.entries(query="final")] == [entry.id]

    gone = svc.delete(entry.id)
    assert gone is not None and repos.journal.get(entry.id) is None
    assert svc.entries(query="final") == []
    svc.restore(gone)
    assert repos.journal.require(entry.id) == gone
    assert [v.id for v in svc.entries(query="final")] == [entry.id]
    assert svc.delete("missing") is None


def test_entries_filters_and_views(repos):
    acme, beta = add_app(repos, "Acme", "Engineer"), add_app(repos, "Beta", "Analyst")
    r1 = add_round(repos, acme, Stage.TECHNICAL, NOW - timedelta(days=3), title="Pairing")
    r2 = add_round(repos, acme, Stage.PANEL, NOW - timedelta(days=2))
    r3 = add_round(repos, beta, Stage.TECHNICAL, NOW - timedelta(days=1))
    e1 = add_entry(repos, r1, feeling=4, tags=["Remote"], free_text="graphs and trees")
    e2 = add_entry(repos, r2, feeling=2, tags=["hard"], free_text="graphs again")
    e3 = add_entry(repos, r3, feeling=4, free_text="sql", draft=True)
    svc = JournalService(repos, FakeContent())

    all_views = svc.entries()
    assert [v.id for v in all_views] == [e3.id, e2.id, e1.id]
    v1 = all_views[2]
    assert (v1.company, v1.role, v1.stage_label, v1.round_title, v1.date) == (
        "Acme", "Engineer", "Technical assessment", "Pairing", (NOW - timedelta(days=3)).date())
    assert all_views[1].round_title == "Panel interview"  # no title: the stage label
    assert all_views[0].is_draft

    assert [v.id for v in svc.entries(application_id=acme.id)] == [e2.id, e1.id]
    assert [v.id for v in svc.entries(stage=Stage.TECHNICAL)] == [e3.id, e1.id]
    assert [v.id for v in svc.entries(stage="panel")] == [e2.id]
    assert [v.id for v in svc.entries(tag="#remote")] == [e1.id]
    assert [v.id for v in svc.entries(feeling=4)] == [e3.id, e1.id]
    assert [v.id for v in svc.entries(query="graph")] == [e2.id, e1.id]
    assert [v.id for v in svc.entries(query="graph", stage="technical")] == [e1.id]
    assert svc.tags() == ["hard", "Remote"]

    # changes made elsewhere are picked up by the search
    repos.applications.save(acme.model_copy(update={"company": "Acmé Renamed"}))
    assert [v.id for v in svc.entries(query="acme renam")] == [e2.id, e1.id]
    repos.journal.delete(e2.id)
    assert [v.id for v in svc.entries(query="graph")] == [e1.id]


def test_rounds_awaiting_reflection(repos):
    app = add_app(repos)
    archived = add_app(repos, "Old", "Role", archived=True)
    done = add_round(repos, app, starts_at=NOW - timedelta(days=2))
    add_entry(repos, done)
    drafted = add_round(repos, app, starts_at=NOW - timedelta(days=2, hours=1))
    add_entry(repos, drafted, draft=True)
    waiting_old = add_round(repos, app, starts_at=NOW - timedelta(days=3))
    waiting_new = add_round(repos, app, starts_at=NOW - timedelta(minutes=90), duration_minutes=60)
    add_round(repos, app, starts_at=NOW - timedelta(minutes=30), duration_minutes=60)  # still running
    add_round(repos, app, starts_at=NOW + timedelta(days=1))  # future
    add_round(repos, app, starts_at=NOW - timedelta(days=1), outcome=Outcome.CANCELLED)
    add_round(repos, archived, starts_at=NOW - timedelta(days=1))
    # one rule (services/reflection_due.py): a draft still waits; archived, cancelled, running, future do not
    got = UpNextService(repos).compute(NOW).awaiting_reflection
    assert [v.round.id for v in got] == [waiting_new.id, drafted.id, waiting_old.id]


def test_parse_questions():
    text = """
    - Tell me about yourself
    * Why this company?
    1. Why this company
    2) What is a hash map?
    • Describe a conflict.

      tell me about   yourself!
    Q: How do you test?
    -
    """
    assert parse_questions(text) == [
        "Tell me about yourself",
        "Why this company?",
        "What is a hash map?",
        "Describe a conflict.",
        "How do you test?",
    ]
    assert JournalService.parse_questions("") == []


# -- question bank ------------------------------------------------------------------


def test_question_key_ignores_case_punctuation_spacing_and_accents():
    assert question_key("  What's your   GREATEST weakness?! ") == question_key("whats your greatest weakness")
    assert question_key("Décrivez-vous") == question_key("decrivez vous")
    assert question_key("?!") == ""


def test_question_bank_merges_duplicates_and_groups_by_stage(repos):
    acme, beta = add_app(repos, "Acme"), add_app(repos, "Beta")
    t1 = add_round(repos, acme, Stage.TECHNICAL, datetime(2025, 3, 1, 10, tzinfo=timezone.utc))
    t2 = add_round(repos, beta, Stage.TECHNICAL, datetime(2025, 3, 5, 10, tzinfo=timezone.utc))
    s1 = add_round(repos, beta, Stage.SCREENING, datetime(2025, 2, 20, 10, tzinfo=timezone.utc))
    e1 = add_entry(repos, t1, questions=["What is a hash map?", "Reverse a list", "what is a HASH-map"])
    e2 = add_entry(repos, t2, questions=["What is a  hash map", "Explain Big O"])
    add_entry(repos, s1, questions=["Why Beta?", "Reverse a list."])
    store = PracticeStore(MemoryKeyValueStore())
    bank = QuestionBank(repos, FakeContent(), store)

    groups = bank.groups()
    assert [g.stage for g in groups] == [Stage.SCREENING, Stage.TECHNICAL]  # timeline order, empty left out
    tech = groups[1].questions
    assert [(q.text, q.count) for q in tech] == [
        ("What is a  hash map", 2),  # most recent wording, once per entry
        ("Explain Big O", 1),
        ("Reverse a list", 1),
    ]
    hash_map = tech[0]
    assert [(o.company, o.round_date, o.entry_id) for o in hash_map.occurrences] == [
        ("Beta", date(2025, 3, 5), e2.id), ("Acme", date(2025, 3, 1), e1.id)]
    assert hash_map.companies == ["Beta", "Acme"]
    assert [q.text for q in groups[0].questions] == ["Reverse a list.", "Why Beta?"]  # same question, other stage
    assert not any(q.practised for g in groups for q in g.questions)

    bank.set_practised("WHAT IS A HASH MAP")
    tech = bank.stage_questions(Stage.TECHNICAL)
    assert [q.practised for q in tech] == [True, False, False]
    assert groups[0].practised_count == 0 and bank.groups()[1].practised_count == 1
    bank.set_practised("what is a hash map?", False)
    assert not any(q.practised for q in bank.stage_questions("technical"))
    assert len(bank.groups(include_empty=True)) == 8


def test_practise_view_puts_own_questions_next_to_typical_ones(repos):
    app = add_app(repos)
    rnd = add_round(repos, app, Stage.BEHAVIORAL, NOW - timedelta(days=1))
    add_entry(repos, rnd, questions=["Tell me about yourself", "A conflict you solved?"])
    bank = QuestionBank(repos, FakeContent(), PracticeStore())
    bank.set_practised("Typical behavioral question one")

    pv = bank.practise_view(Stage.BEHAVIORAL)
    assert pv.label == "Behavioural assessment"
    assert {q.text for q in pv.own} == {"Tell me about yourself", "A conflict you solved?"}
    assert [(t.text, t.practised, t.asked_count) for t in pv.typical] == [
        ("Typical behavioral question one?", True, 0),
        ("Tell me about yourself.", False, 1),
    ]
    empty = bank.practise_view("panel")
    assert empty.own == () and len(empty.typical) == 2


def test_practice_store_in_a_tinydb_table(tmp_path):
    from tinydb import TinyDB

    db = TinyDB(tmp_path / "practice.json")
    store = PracticeStore(TinyDBKeyValueStore(db.table("question_practice")))
    assert store.persistent
    key = store.set_practised("Why us?")
    store.set_practised("why   US")  # same question: still one document
    assert len(db.table("question_practice")) == 1
    db.close()

    db = TinyDB(tmp_path / "practice.json")
    again = PracticeStore(TinyDBKeyValueStore(db.table("question_practice")))
    assert again.practised_keys() == {key} and again.is_practised("why us?")
    again.set_practised("Why us", False)
    assert again.practised_keys() == set() and len(db.table("question_practice")) == 0
    with pytest.raises(ValueError):
        again.set_practised(" ?? ")
    db.close()


def test_practice_store_for_repos_uses_the_database(repos, tmp_path):
    store = PracticeStore.for_repos(repos)
    if not store.persistent:
        pytest.skip("the question_practice table is not registered in this storage layer")
    store.set_practised("Why us?")
    assert PracticeStore.for_repos(repos).is_practised("why us")


# -- lessons ------------------------------------------------------------------------


def test_lessons_for_round_selection_and_order(repos):
    acme, beta = add_app(repos, "Acme"), add_app(repos, "Beta")
    day = timedelta(days=1)
    a_tech_old = add_round(repos, acme, Stage.TECHNICAL, NOW - 3 * day)
    a_phone = add_round(repos, acme, Stage.PHONE_VIDEO, NOW - 2 * day)
    target = add_round(repos, acme, Stage.TECHNICAL, NOW)
    a_later = add_round(repos, acme, Stage.PANEL, NOW + day)
    b_tech = add_round(repos, beta, Stage.TECHNICAL, NOW - day)
    b_tech_older = add_round(repos, beta, Stage.TECHNICAL, NOW - 5 * day)
    b_screen = add_round(repos, beta, Stage.SCREENING, NOW - day)
    b_tech_later = add_round(repos, beta, Stage.TECHNICAL, NOW + 2 * day)

    e_old = add_entry(repos, a_tech_old, to_improve=[Lesson(text="Ask clarifying questions"),
                                                    Lesson(text="Already fine", learned=True),
                                                    Lesson(text="Think aloud")])
    e_phone = add_entry(repos, a_phone, to_improve=[Lesson(text="Check the camera")])
    add_entry(repos, target, to_improve=[Lesson(text="Own entry lesson")])
    add_entry(repos, a_later, to_improve=[Lesson(text="Later lesson")])
    e_b = add_entry(repos, b_tech, to_improve=[Lesson(text="Test edge cases")])
    e_b_old = add_entry(repos, b_tech_older, to_improve=[Lesson(text="Sleep more")])
    add_entry(repos, b_screen, to_improve=[Lesson(text="Other stage elsewhere")])
    add_entry(repos, b_tech_later, to_improve=[Lesson(text="Future elsewhere")])

    got = LessonService(repos).for_round(target.id)
    assert [(v.text, v.same_application) for v in got] == [
        ("Check the camera", True),
        ("Ask clarifying questions", True),
        ("Think aloud", True),
        ("Test edge cases", False),
        ("Sleep more", False),
    ]
    first = got[0]
    assert (first.entry_id, first.company, first.stage_label, first.date) == (
        e_phone.id, "Acme", "Phone or video interview", (NOW - 2 * day).date())
    assert first.source == "Acme · Phone or video interview · 8 Mar 2025"
    assert e_b.id == got[3].entry_id and e_b_old.id == got[4].entry_id

    assert [v.text for v in LessonService(repos).for_round(target.id, limit=2)] == ["Check the camera", "Ask clarifying questions"]

    ask = got[1]
    saved = LessonService(repos).mark_learned(ask.entry_id, ask.lesson_id)
    assert [lesson.learned for lesson in saved.to_improve] == [True, True, False]
    assert "Ask clarifying questions" not in [v.text for v in LessonService(repos).for_round(target.id)]
    LessonService(repos).mark_learned(ask.entry_id, ask.lesson_id, learned=False)
    assert "Ask clarifying questions" in [v.text for v in LessonService(repos).for_round(target.id)]
    with pytest.raises(NotFound):
        LessonService(repos).mark_learned(ask.entry_id, "no-such-lesson")
    with pytest.raises(NotFound):
        LessonService(repos).mark_learned("no-such-entry", ask.lesson_id)
    assert e_old.id == ask.entry_id


# -- follow-ups ---------------------------------------------------------------------


def test_follow_ups_due_overdue_done_and_per_interviewer(repos):
    acme, beta = add_app(repos, "Acme"), add_app(repos, "Beta")
    old = add_app(repos, "Old", archived=True)
    ana, ben = Interviewer(name="Ana"), Interviewer(name="Ben")
    rnd = add_round(repos, acme, starts_at=NOW - timedelta(days=2), interviewers=[ana, ben])
    svc = JournalService(repos, FakeContent())
    entry = svc.new_entry_for_round(rnd.id, today=TODAY - timedelta(days=2))  # due yesterday
    entry = svc.save_draft(entry)  # drafts count
    b_rnd = add_round(repos, beta, starts_at=NOW - timedelta(days=1))
    b_entry = add_entry(repos, b_rnd, follow_ups=[
        FollowUp(kind=FollowUpKind.SEND_MATERIALS, text="Send portfolio", due=TODAY),
        FollowUp(kind=FollowUpKind.CHASE, text="Chase recruiter", due=TODAY + timedelta(days=3)),
        FollowUp(text="Already done", due=TODAY - timedelta(days=4), done=True),
    ])
    o_rnd = add_round(repos, old, starts_at=NOW - timedelta(days=1))
    add_entry(repos, o_rnd, follow_ups=[FollowUp(text="Archived one", due=TODAY)])

    due = FollowUpService(repos).due(TODAY)
    assert [(v.text, v.company, v.interviewer_name, v.overdue, v.days_overdue) for v in due] == [
        ("Thank-you note to Ana", "Acme", "Ana", True, 1),
        ("Thank-you note to Ben", "Acme", "Ben", True, 1),
        ("Send portfolio", "Beta", "", False, 0),
    ]
    assert [v.text for v in FollowUpService(repos).upcoming(TODAY)] == ["Chase recruiter"]

    ana_fu = due[0]
    saved = FollowUpService(repos).mark_done(ana_fu.entry_id, ana_fu.follow_up_id, now=NOW)
    states = {f.interviewer_id: (f.done, f.done_at) for f in saved.follow_ups}
    assert states == {ana.id: (True, NOW), ben.id: (False, None)}
    assert [v.text for v in FollowUpService(repos).due(TODAY)] == ["Thank-you note to Ben", "Send portfolio"]
    assert {(v.interviewer_name, v.done) for v in FollowUpService(repos).for_entry(entry.id, TODAY)} == {
        ("Ana", True), ("Ben", False)}

    FollowUpService(repos).mark_done(ana_fu.entry_id, ana_fu.follow_up_id, done=False)
    assert len(FollowUpService(repos).due(TODAY)) == 3
    assert [v.text for v in FollowUpService(repos).due(TODAY - timedelta(days=1))] == [
        "Thank-you note to Ana", "Thank-you note to Ben"]  # due that day, not overdue yet
    assert not any(v.overdue for v in FollowUpService(repos).due(TODAY - timedelta(days=1)))
    with pytest.raises(NotFound):
        FollowUpService(repos).mark_done(b_entry.id, "nope")


# -- insights -----------------------------------------------------------------------


def test_insights_figures(repos):
    acme = add_app(repos, "Acme")
    day = timedelta(days=1)
    t1 = add_round(repos, acme, Stage.TECHNICAL, NOW - 10 * day, outcome=Outcome.PASSED)
    t2 = add_round(repos, acme, Stage.TECHNICAL, NOW - 5 * day, outcome=Outcome.REJECTED)
    t3 = add_round(repos, acme, Stage.TECHNICAL, NOW - 2 * day, outcome=Outcome.PASSED)
    add_round(repos, acme, Stage.TECHNICAL, NOW - 1 * day, outcome=Outcome.CANCELLED)
    add_round(repos, acme, Stage.TECHNICAL, NOW + 1 * day)  # not taken yet
    s1 = add_round(repos, acme, Stage.SCREENING, NOW - 20 * day)  # pending
    add_entry(repos, t1, feeling=4, confidence=2, to_improve=[Lesson(text="Explain the trade-offs more clearly")])
    add_entry(repos, t2, feeling=2, confidence=3, to_improve=[Lesson(text="Practise trade-offs"),
                                                              Lesson(text="Explain my testing", learned=True)])
    add_entry(repos, t3, feeling=3, confidence=3, draft=True, to_improve=[Lesson(text="draftword draftword")])
    add_entry(repos, s1, feeling=5, confidence=4, to_improve=[Lesson(text="Research the company")])

    got = InsightsService(repos).compute(NOW)
    tech = got.stage(Stage.TECHNICAL)
    assert (tech.rounds_taken, tech.passed, tech.rejected, tech.entries) == (3, 2, 1, 2)
    assert tech.pass_rate == pytest.approx(2 / 3)
    assert tech.avg_feeling == pytest.approx(3.0) and tech.avg_confidence == pytest.approx(2.5)
    screen = got.stage("screening")
    assert (screen.rounds_taken, screen.pass_rate, screen.avg_feeling, screen.avg_confidence) == (1, None, 5.0, 4.0)
    panel = got.stage(Stage.PANEL)
    assert (panel.rounds_taken, panel.pass_rate, panel.avg_feeling, panel.has_data) == (0, None, None, False)
    assert [s.stage for s in got.active_stages] == [Stage.SCREENING, Stage.TECHNICAL]
    assert got.rounds_taken == 4 and got.pass_rate == pytest.approx(2 / 3)

    assert list(got.mood) == [
        ((NOW - 20 * day).date(), 5, 4),
        ((NOW - 10 * day).date(), 4, 2),
        ((NOW - 5 * day).date(), 2, 3),
    ]
    words = dict(got.improve_words)
    assert words["trade-offs"] == 2 and words["explain"] == 2
    assert words["research"] == 1 and "draftword" not in words
    assert "the" not in words and "my" not in words and "more" not in words
    assert got.improve_words[:2] == (("explain", 2), ("trade-offs", 2))
    assert got.entries == 3 and got.has_enough_data


def test_improve_words_and_empty_state(repos):
    got = improve_words(["The the THE answer, answer; answers", "Don't ramble. Don't ramble!"])
    assert got == [("answer", 2), ("ramble", 2), ("answers", 1)]
    assert {"the", "and", "don't", "a"} <= STOP_WORDS
    many = improve_words([" ".join(f"word{chr(97 + i)}" for i in range(15))])
    assert len(many) == 10 and many[0] == ("worda", 1)

    empty = InsightsService(repos).compute(NOW)
    assert not empty.has_enough_data and empty.improve_words == () and empty.mood == ()
    assert len(empty.stages) == 8 and empty.pass_rate is None
    app = add_app(repos)
    add_entry(repos, add_round(repos, app, starts_at=NOW - timedelta(days=1)), feeling=4, confidence=4)
    assert not InsightsService(repos).compute(NOW).has_enough_data


# -- calendar days are the user's, not the round's own zone's -------------------------


def _tokyo_morning_round(repos):
    """A round at 03:00 on 1 March in Tokyo: still 28 February (18:00 UTC) for a user in London."""
    from zoneinfo import ZoneInfo

    app = add_app(repos, "Kaisha")
    start = datetime(2025, 3, 1, 3, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    rnd = add_round(repos, app, Stage.TECHNICAL, start, time_zone="Asia/Tokyo")
    assert rnd.local_start.date() == date(2025, 3, 1)  # the round's own day
    return rnd


def test_question_bank_dates_a_round_by_the_users_day(repos):
    rnd = _tokyo_morning_round(repos)
    add_entry(repos, rnd, questions=["Design a rate limiter"])
    london = QuestionBank(repos, FakeContent(), PracticeStore(), zone="Europe/London")
    [q] = london.stage_questions(Stage.TECHNICAL)
    assert q.occurrences[0].round_date == date(2025, 2, 28) == q.last_asked
    tokyo = QuestionBank(repos, FakeContent(), PracticeStore(), zone="Asia/Tokyo")
    assert tokyo.stage_questions(Stage.TECHNICAL)[0].last_asked == date(2025, 3, 1)


def test_insights_mood_is_dated_by_the_users_day(repos):
    rnd = _tokyo_morning_round(repos)
    add_entry(repos, rnd, feeling=4, confidence=2)
    assert [p.date for p in InsightsService(repos, zone="Europe/London").compute(NOW).mood] == [date(2025, 2, 28)]
    assert [p.date for p in InsightsService(repos, zone="Asia/Tokyo").compute(NOW).mood] == [date(2025, 3, 1)]


def test_without_a_zone_given_the_settings_zone_is_used(repos):
    from interviewpal.services import time_zones

    rnd = _tokyo_morning_round(repos)
    add_entry(repos, rnd, questions=["Design a rate limiter"])
    time_zones.set_chosen_zone_source(lambda: "America/New_York")  # Settings: "Your time zone"
    try:
        assert [p.date for p in InsightsService(repos).compute(NOW).mood] == [date(2025, 2, 28)]  # 13:00 in New York
        assert QuestionBank(repos, FakeContent(), PracticeStore()).stage_questions("technical")[0].last_asked == \
            date(2025, 2, 28)
    finally:
        time_zones.set_chosen_zone_source(None)
