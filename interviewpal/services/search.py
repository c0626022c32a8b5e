"""Full-text search over journal entries: an in-memory inverted index.

Every word of an entry (questions, what went well, to-improve items, prompt
answers, follow-ups, free text, tags, and the company, role, stage and round
title it belongs to) is folded to lower case without accents and indexed as
``token -> {entry ids}``. A query matches an entry when *every* query word is
the start of some word of the entry (AND, prefix match), so "inte" finds
"Interview" and "resume" finds "Résumé".

The index is kept in step one entry at a time (:meth:`SearchIndex.update` /
:meth:`SearchIndex.remove`); nothing is rebuilt on a save. A sorted token list
answers prefix look-ups with a binary search instead of a scan.

Plain Python: no Flet, no storage.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .entry_view import EntryView

_WORD = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=8192)
def _fold_run(run: str) -> str:
    decomposed = unicodedata.normalize("NFKD", run.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents: casefold, NFKD, then remove combining marks.

    Only the runs of non-ASCII characters take the slow path (decomposition is
    per character, so this equals folding the whole text), and those runs
    repeat, so they are cached.
    """
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: _fold_run(m.group()), text)
    return text.lower()


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` in order (letters and digits; punctuation splits words)."""
    return _WORD.findall(fold(text))


_APOSTROPHES = {ord(c): None for c in "'’‘`´ʼ"}


def question_key(text: str) -> str:
    """A key equal for two wordings that differ only in case, accents, punctuation or spacing.

    Apostrophes vanish ("What's" = "Whats"); other punctuation separates words.
    """
    return " ".join(_WORD.findall(fold(text).translate(_APOSTROPHES)))


def entry_texts(view: "EntryView") -> Iterator[str]:
    """Every searchable piece of text of one entry view."""
    e = view.entry
    yield from e.questions
    yield e.went_well
    for lesson in e.to_improve:
        yield lesson.text
    for pa in e.prompt_answers:
        yield pa.answer
    for fu in e.follow_ups:
        yield fu.text
    yield e.free_text
    yield from e.tags
    yield view.company
    yield view.role
    yield view.stage_label
    yield view.round_title


def entry_tokens(view: "EntryView") -> frozenset[str]:
    """The distinct folded words of one entry view."""
    return frozenset(tokens("\n".join(t for t in entry_texts(view) if t)))


class SearchIndex:
    """Inverted index ``token -> set of entry ids`` with prefix, all-words search.

    Results come newest first (by the view's :attr:`~EntryView.sort_key`).
    """

    def __init__(self) -> None:
        self._postings: dict[str, set[str]] = {}
        self._sorted_tokens: list[str] = []
        self._doc_tokens: dict[str, frozenset[str]] = {}
        self._order: dict[str, tuple] = {}

    # -- building and keeping in step --

    @classmethod
    def build(cls, views: Iterable["EntryView"]) -> "SearchIndex":
        """A fresh index over ``views``."""
        index = cls()
        lists: defaultdict[str, list[str]] = defaultdict(list)
        repeated: list["EntryView"] = []
        for view in views:
            eid = view.entry.id
            if eid in index._doc_tokens:
                repeated.append(view)  # the same id twice: the last view wins (below)
                continue
            toks = entry_tokens(view)
            index._doc_tokens[eid] = toks
            index._order[eid] = order_key(view)
            for t in toks:
                lists[t].append(eid)
        index._postings = {t: set(ids) for t, ids in lists.items()}
        index._sorted_tokens = sorted(index._postings)
        for view in repeated:
            index.update(view)
        return index

    def update(self, view: "EntryView") -> None:
        """Add or re-index one entry (only its own tokens are touched)."""
        eid = view.entry.id
        new = entry_tokens(view)
        old = self._doc_tokens.get(eid, frozenset())
        for t in old - new:
            self._unpost(t, eid)
        for t in new - old:
            ids = self._postings.get(t)
            if ids is None:
                self._postings[t] = {eid}
                insort(self._sorted_tokens, t)
            else:
                ids.add(eid)
        self._doc_tokens[eid] = new
        self._order[eid] = order_key(view)

    def remove(self, entry_id: str) -> None:
        """Forget one entry; unknown ids are ignored."""
        old = self._doc_tokens.pop(entry_id, None)
        self._order.pop(entry_id, None)
        for t in old or ():
            self._unpost(t, entry_id)

    def _unpost(self, token: str, entry_id: str) -> None:
        ids = self._postings.get(token)
        if ids is None:
            return
        ids.discard(entry_id)
        if not ids:
            del self._postings[token]
            i = bisect_left(self._sorted_tokens, token)
            if i < len(self._sorted_tokens) and self._sorted_tokens[i] == token:
                del self._sorted_tokens[i]

    # -- reading --

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._doc_tokens

    def __len__(self) -> int:
        return len(self._doc_tokens)

    @property
    def ids(self) -> set[str]:
        return set(self._doc_tokens)

    def _prefix_ids(self, prefix: str) -> set[str]:
        """Ids of entries with a word starting with ``prefix``."""
        toks = self._sorted_tokens
        i = bisect_left(toks, prefix)
        out: set[str] = set()
        n = len(toks)
        while i < n and toks[i].startswith(prefix):
            out |= self._postings[toks[i]]
            i += 1
        return out

    def search(self, query: str) -> list[str]:
        """Ids of entries that contain every word of ``query`` (as a word start), newest first.

        An empty query (or one with only punctuation) matches every entry.
        """
        words = sorted(set(tokens(query)), key=len, reverse=True)  # longest (rarest) first
        if not words:
            found: set[str] = set(self._doc_tokens)
        else:
            found = self._prefix_ids(words[0])
            for w in words[1:]:
                if not found:
                    break
                found &= self._prefix_ids(w)
        order = self._order
        return sorted(found, key=lambda i: order[i], reverse=True)


def order_key(view: "EntryView") -> tuple:
    """Sort key, newest last: the round's start (or when it was written), then when it was written."""
    return (view.sort_key, view.entry.written_at, view.entry.id)


def naive_search(views: Iterable["EntryView"], query: str) -> list[str]:
    """The same matching as :class:`SearchIndex` by scanning every entry (benchmark baseline)."""
    words = set(tokens(query))
    hits = []
    for view in views:
        toks = tokens("\n".join(t for t in entry_texts(view) if t))
        if all(any(t.startswith(w) for t in toks) for w in words):
            hits.append(view)
    hits.sort(key=order_key, reverse=True)
    return [v.entry.id for v in hits]
