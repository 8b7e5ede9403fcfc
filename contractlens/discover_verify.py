"""Check discovery's candidates by loading them: only pages that load, hold legal text and are what they claim.

A link's text is only a claim ("Confidentialité"); the page behind it may answer 404, be a
login wall, hold no legal text, or be another kind of document, and a legal hub may list the
privacy policy under a name no pattern knows ("How we handle your data"). So discovery fetches
the pages worth considering with the same Fetcher (robots.txt, the address policy, size and
time limits, per-host pacing), extracts their text exactly as `check` would, and reads their
type with the document-type detector (classify/doctype.py). A page is then ranked by what it
is (the detector's score for its type) plus what its link said, never by the link alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ContractlensError

MAX_FETCHES = 12  # pages loaded to check candidates in one discovery (probed paths not counted)


@dataclass(frozen=True)
class PageCheck:
    """What loading one candidate page showed: its type (None when it failed) and why."""

    url: str
    doc_type: str | None  # "terms" | "privacy" | "cookies", or None: failed, not legal text, other
    type_score: float  # the detector's score for doc_type (0 when None)
    finding: str  # what was verified, or why the page is dropped
    final_url: str = ""


class PageChecker:
    """Loads candidate pages once each, within a budget of fetches, and remembers the outcome."""

    def __init__(self, fetcher, max_fetches: int = MAX_FETCHES):
        self.fetcher = fetcher
        self.max_fetches = max_fetches
        self.fetches = 0
        self.checked: dict[str, PageCheck] = {}

    def can_check(self, url: str) -> bool:
        return url in self.checked or self.fetches < self.max_fetches

    def check(self, url: str, *, budgeted: bool = True) -> PageCheck | None:
        """The page's verified type and the reason; None when the fetch budget is spent."""
        if url in self.checked:
            return self.checked[url]
        if budgeted:
            if self.fetches >= self.max_fetches:
                return None
            self.fetches += 1
        self.checked[url] = outcome = self._load(url)
        return outcome

    def _load(self, url: str) -> PageCheck:
        from .classify.doctype import MIN_SCORE, doc_type_scores
        from .extract import extract

        try:
            result = self.fetcher.fetch(url)
            document = extract(result.to_raw())
        except ContractlensError as exc:
            return PageCheck(url, None, 0.0, str(exc))
        final_url = result.final_url or url
        scores = doc_type_scores(document.title, document.text)
        best = max(scores, key=scores.get)
        words = len(document.text.split())
        if scores[best] < MIN_SCORE:
            return PageCheck(url, None, 0.0, f"loaded ({words} words of legal text) but it is not a terms, "
                                             "privacy or cookie document", final_url)
        title = f" titled {document.title!r}" if document.title else ""
        return PageCheck(url, best, round(scores[best], 2),
                         f"loaded and read: {words} words of legal text{title}, which the document-type "
                         f"detector reads as a {best} document (+{scores[best]:.1f})", final_url)
