"""Find a site's terms of service, privacy policy and cookie policy from its home page.

Links are scored by their text and URL in English, French, German, Italian, Spanish and
Polish, with bonuses for sitting in the footer and on the same site; a legal hub page
("Legal", "Rechtliches", ...) is followed one level; common paths (/terms, /privacy, ...)
are probed only when the links give nothing. A link is only a claim: the best ones are loaded
and their type read from their text (discover_verify.py), and only pages that load and are
what they claim are proposed. Every candidate carries the reasons for its score, and
"nothing found" names what was tried and dropped (JavaScript-only links, cookie walls, 404s).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from .discover_verify import PageCheck, PageChecker
from .errors import ContractlensError, FetchError, InputError
from .page import Page, strings

DOC_TYPES = ("terms", "privacy", "cookies")
MIN_SCORE = 2.0
HUB_MIN_SCORE = 1.5
HUB_LISTED_SCORE = 1.0  # a link on a legal hub that names no known document: its page decides
MAX_UNLABELLED = 8  # such links considered per discovery

TEXT_STRONG = {
    "terms": r"terms of (service|use)|terms (and|&) conditions|terms and policies|user agreement|"
    r"conditions of use|conditions generales( d'?utilisation| de vente)?|\bcgu\b|\bcgv\b|"
    r"nutzungsbedingungen|\bagb\b|allgemeine geschaftsbedingungen|geschaftsbedingungen|"
    r"termini (di servizio|e condizioni|d'uso)|condizioni (d'uso|generali|di utilizzo)|"
    r"terminos (y condiciones|de uso|del servicio)|condiciones (de uso|generales)|"
    r"\bregulamin|warunki (korzystania|uzytkowania)",
    "privacy": r"privacy (policy|notice|statement|center|centre)|data protection|datenschutz|"
    r"politique de confidentialite|confidentialite|donnees personnelles|protection des donnees|"
    r"informativa (sulla )?privacy|politica (de|sulla) privac|privacidad|aviso de privacidad|"
    r"polityka prywatnosci|prywatnosc|ochrona danych",
    "cookies": r"cookie (policy|notice|statement)|cookies policy|cookie-richtlinie|"
    r"politique (de|relative aux) cookies|informativa (sui )?cookie|politica de cookies|"
    r"polityka (cookies|plikow cookie)|ciasteczk",
}
TEXT_WEAK = {
    "terms": r"\bterms\b|\bconditions\b|\btermini\b|\bcondizioni\b|\bterminos\b|\bcondiciones\b",
    "privacy": r"\bprivacy\b",
    "cookies": r"\bcookies?\b",
}
TEXT_HUB = (
    r"^(legal|legal (information|notices?|center|centre|hub|stuff)|rechtliches|rechtliche hinweise|"
    r"informations legales|mentions legales|note legali|informazioni legali|aviso legal|"
    r"informacion legal|informacje prawne|policies|terms (and|&) policies)$"
)
URL_PATTERNS = {
    "terms": r"terms|\btos\b|conditions|user-?agreement|\bagb\b|nutzungsbedingungen|\bcgu\b|\bcgv\b|"
    r"condizioni|termini|terminos|condiciones|regulamin|\beula\b",
    "privacy": r"privacy|privacidad|datenschutz|confidentialite|donnees-personnelles|prywatnosc|"
    r"polityka-prywatnosci|informativa|data-protection|\bgdpr\b|\brodo\b",
    "cookies": r"cookie|ciasteczk",
}
URL_HUB = r"/(legal|rechtliches|mentions-legales|note-legali|aviso-legal|legal-notice|policies)/?$"
IMPRINT = r"impressum|imprint|\bimpresszum\b|\bnota legal\b|colophon"
NOT_A_DOCUMENT = r"settings|preferences|einstellungen|parametres|gerer|manage|do not sell|opt.?out"
COMMON_PATHS = {
    "terms": ["/terms", "/tos", "/terms-of-service", "/terms-of-use", "/legal/terms",
              "/terms-and-conditions", "/agb", "/cgu", "/regulamin"],
    "privacy": ["/privacy", "/privacy-policy", "/legal/privacy", "/privacy-notice",
                "/datenschutz", "/confidentialite", "/privacidad", "/polityka-prywatnosci"],
}
HUB_PATHS = ["/legal"]
_JS_HREF = re.compile(r"^\s*(javascript:|#|$)", re.I)
_FOOTER_HINT = re.compile(r"foot|bottom|legal|copyright|colophon", re.I)
_COOKIE_WALL = re.compile(
    r"cookie|consent|gdpr|zustimm|einwillig|consentement|consenso|consentimiento|zgod", re.I
)
_CONSENT_ACTION = re.compile(
    r"accept|agree|reject|refuse|akzeptier|ablehnen|zustimmen|accepter|refuser|accetta|rifiuta|"
    r"aceptar|rechazar|akceptuj|odrzu", re.I
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class Candidate:
    """A page that may be one of the site's legal documents, with why we think so."""

    url: str
    doc_type: str  # "terms" | "privacy" | "cookies"
    score: float
    reasons: list[str] = field(default_factory=list)
    link_text: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Link:
    url: str
    text: str
    in_footer: bool
    rel: str
    js_only: bool


def _merge(into: dict[tuple[str, str], Candidate], candidate: Candidate) -> None:
    """Keep the better-scored of two candidates for one (url, type), with the reasons of both."""
    key = (candidate.url, candidate.doc_type)
    known = into.get(key)
    if known is None or candidate.score > known.score:
        if known is not None:
            candidate.reasons += [r for r in known.reasons if r not in candidate.reasons]
        into[key] = candidate
    else:
        known.reasons += [r for r in candidate.reasons if r not in known.reasons]


@dataclass
class _Exploration:
    """Everything one discovery run learned, including what it tried and why it failed.

    `claims` are what links suggest; `candidates` are the pages loaded and verified, the only
    ones proposed; `dropped` are claimed pages that failed to load or are not what they claim.
    """

    target: str
    home_url: str = ""
    claims: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    candidates: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    dropped: dict[str, Candidate] = field(default_factory=dict)
    unlabelled: list[tuple[_Link, str]] = field(default_factory=list)  # (hub link, hub url)
    confirmed: set[str] = field(default_factory=set)  # types a page claimed as such turned out to be
    tried: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, candidate: Candidate) -> None:
        _merge(self.claims, candidate)

    def ranked(self) -> list[Candidate]:
        return sorted(self.candidates.values(), key=lambda c: (-c.score, c.doc_type, c.url))

    def types_found(self) -> set[str]:
        return {c.doc_type for c in self.candidates.values()}


def fold(text: str) -> str:
    """Lower case without accents, so 'Confidentialité' matches 'confidentialite'."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ł", "l"))
    return re.sub(r"\s+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def _site(host: str) -> str:
    """Rough registrable domain: the last two labels (three for e.g. co.uk); IPs as is."""
    host = (host or "").lower().split(":")[0]
    if re.fullmatch(r"[\d.]+", host):
        return host
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def home_urls(target: str) -> list[str]:
    """Where to start: the URL itself, or https://DOMAIN/ then http://DOMAIN/ (http first for
    an explicit non-443 port such as 127.0.0.1:8080)."""
    target = target.strip()
    if not target:
        raise InputError("give a domain (example.com) or a home page URL")
    if _SCHEME.match(target):
        if urlsplit(target).scheme not in ("http", "https"):
            raise InputError(f"can only discover documents on http(s) sites, not {target}")
        return [target]
    host = target.rstrip("/")
    if "/" in host or " " in host:
        raise InputError(f"{target!r} is neither a domain nor a URL")
    port = urlsplit("//" + host).port if re.search(r":\d+$", host) else None
    if port and port != 443:  # "127.0.0.1:8080": a plain-HTTP port; try it first
        return [f"http://{host}/", f"https://{host}/"]
    return [f"https://{host}/", f"http://{host}/"]


# --- link scoring ------------------------------------------------------------------------


def score_link(link: _Link, home_url: str) -> list[Candidate]:
    """One candidate per document type this link plausibly points to (maybe none)."""
    text, path = fold(link.text), fold(urlsplit(link.url).path)
    same_site = _site(urlsplit(link.url).hostname or "") == _site(urlsplit(home_url).hostname or "")
    candidates = []
    for doc_type in DOC_TYPES:
        score, reasons = 0.0, []
        if re.search(TEXT_STRONG[doc_type], text):
            score += 3.0
            reasons.append(f"link text {link.text!r} names a {doc_type} document")
        elif re.search(TEXT_WEAK[doc_type], text):
            score += 1.5
            reasons.append(f"link text {link.text!r} mentions {doc_type}")
        if re.search(URL_PATTERNS[doc_type], path):
            score += 1.5
            reasons.append(f"URL path {urlsplit(link.url).path!r} looks like {doc_type}")
        if f"{doc_type}-policy" in link.rel or (doc_type == "terms" and "terms-of-service" in link.rel):
            score += 3.0
            reasons.append(f"marked rel={link.rel!r}")
        if score == 0:
            continue
        if re.search(IMPRINT, text) or re.search(IMPRINT, path):
            score -= 2.0
            reasons.append("looks like an imprint (Impressum), not a contract")
        if doc_type == "cookies" and re.search(NOT_A_DOCUMENT, text):
            score -= 2.0
            reasons.append("a settings link, not a document")
        if link.in_footer:
            score += 1.0
            reasons.append("in the page footer")
        if same_site:
            score += 0.5
            reasons.append("on the same site")
        else:
            score -= 0.5
            reasons.append("on another site")
        candidates.append(Candidate(link.url, doc_type, round(score, 2), reasons, link.text))
    return candidates


def is_hub_link(link: _Link) -> bool:
    return bool(re.search(TEXT_HUB, fold(link.text)) or re.search(URL_HUB, urlsplit(link.url).path))


def _in_footer(anchor) -> bool:
    for parent in anchor.iterancestors():
        if parent.tag == "footer" or parent.get("role") == "contentinfo":
            return True
        marks = " ".join([parent.get("id") or ""] + (parent.get("class") or "").split())
        if marks and _FOOTER_HINT.search(marks):
            return True
    return False


_UNREAD_TEXT = ("script", "style", "template")  # text a reader never sees in a link
_HIDDEN_HOLDERS = ("script", "style", "noscript", "template")  # what a cookie wall's page shows without


def page_links(page: Page | str, base_url: str) -> list[_Link]:
    """Every <a> and <link rel> on a page, resolved; JavaScript-only anchors marked as such.

    Reads the page's shared tree (`page.Page`), which the fetch diagnosis may have parsed already.
    """
    try:
        root = Page.of(page).root
    except InputError:
        return []
    base = root.find(".//base[@href]")
    base_url = urljoin(base_url, base.get("href")) if base is not None else base_url
    links = []
    for anchor in root.iter("a", "link"):
        href = anchor.get("href")
        rel = " ".join((anchor.get("rel") or "").split()).lower()
        if anchor.tag == "link" and not re.search(r"privacy-policy|terms-of-service", rel):
            continue
        text = " ".join(
            part for part in (" ".join(strings(anchor, _UNREAD_TEXT)), anchor.get("title"), anchor.get("aria-label"))
            if part
        )
        js_only = href is None or bool(_JS_HREF.match(href))
        url = "" if js_only else urldefrag(urljoin(base_url, href.strip())).url
        if not js_only and urlsplit(url).scheme not in ("http", "https"):
            continue
        links.append(_Link(url, text, _in_footer(anchor), rel, js_only))
    return links


# --- fetching ----------------------------------------------------------------------------


def _fetch_page(fetcher, url: str) -> tuple[str, Page]:
    """(final_url, page) of a page, its tree shared with the fetch diagnosis; FetchError passes through."""
    result = fetcher.fetch(url)
    return result.final_url or url, result.html_page()


def _diagnose(page: Page, status: int, final_url: str) -> str | None:
    """Why a page holds no usable links (cookie wall, JavaScript app), or None."""
    from .fetching.diagnose import diagnose_page

    return diagnose_page(page, status, final_url) or cookie_wall_note(page)


def cookie_wall_note(page: Page | str) -> str | None:
    """A page whose only visible content is a consent dialog (no navigable links)."""
    try:
        root = Page.of(page).root
    except InputError:
        return None
    text = " ".join(strings(root, _HIDDEN_HOLDERS))
    hidden = {id(el) for holder in root.iter(*_HIDDEN_HOLDERS) for el in holder.iter("a")}
    real_links = [a for a in root.iter("a") if a.get("href") is not None and id(a) not in hidden
                  and not _JS_HREF.match(a.get("href"))]
    if (len(text) < 1500 and _COOKIE_WALL.search(text) and _CONSENT_ACTION.search(text)
            and len(real_links) <= 1):
        return "the home page shows only a cookie consent dialog (a cookie wall), with no links to follow"
    return None


def _make_fetcher(fetcher, allow_private: bool, accept_language: str | None):
    if fetcher is not None:
        return fetcher
    from .fetch import Fetcher

    return Fetcher(allow_private=allow_private, accept_language=accept_language)


def _load_home(exploration: _Exploration, fetcher) -> Page:
    errors = []
    for url in home_urls(exploration.target):
        try:
            result = fetcher.fetch(url, diagnose=False)  # a wall page still has links to read
        except ContractlensError as exc:
            errors.append(f"{url}: {exc}")
            continue
        exploration.home_url = result.final_url or url
        exploration.tried.append("the links on the home page")
        page = result.html_page()
        note = _diagnose(page, result.status, exploration.home_url)
        if note:
            exploration.notes.append(note)
        return page
    raise FetchError(f"could not fetch the home page of {exploration.target} ({'; '.join(errors)})")


def _score_page(exploration: _Exploration, page: Page, page_url: str, *, via: str = "") -> list[_Link]:
    """Add the candidates a page's links suggest; return its legal-hub links."""
    links = page_links(page, page_url)
    hubs, js_named = [], []
    for link in links:
        if link.js_only:
            if any(score_link(_Link("", link.text, False, "", True), page_url)):
                js_named.append(link.text)
            continue
        claimed = False
        for candidate in score_link(link, exploration.home_url):
            if via:
                candidate.reasons.append(f"listed on the legal page {via}")
            if candidate.score >= MIN_SCORE:
                exploration.add(candidate)
                claimed = True
        if is_hub_link(link):
            hubs.append(link)
        elif via and not claimed and _may_be_document(link, exploration.home_url):
            exploration.unlabelled.append((link, via))
    if js_named:
        names = ", ".join(repr(t) for t in dict.fromkeys(js_named))
        exploration.notes.append(
            f"links named {names} only run JavaScript (href='#', javascript: or onclick), "
            "so there is no address to follow"
        )
    return hubs


def _may_be_document(link: _Link, home_url: str) -> bool:
    """A hub's link that names no known document but may be one ("How we handle your data")."""
    parts, home = urlsplit(link.url), urlsplit(home_url)
    text = fold(link.text)
    return (bool(text) and _site(parts.hostname or "") == _site(home.hostname or "")
            and parts.path.rstrip("/") not in ("", home.path.rstrip("/"))
            and not re.search(IMPRINT, text) and not re.search(NOT_A_DOCUMENT, text))


def _follow_hubs(exploration: _Exploration, hubs: list[_Link], fetcher) -> None:
    seen = set()
    for hub in hubs:
        if hub.url in seen or hub.url == exploration.home_url:
            continue
        seen.add(hub.url)
        exploration.tried.append(f"the legal page {urlsplit(hub.url).path}")
        try:
            final_url, page = _fetch_page(fetcher, hub.url)
        except ContractlensError:
            continue
        _score_page(exploration, page, final_url, via=hub.url)


def _probe_paths(exploration: _Exploration, checker: PageChecker, doc_types: list[str]) -> None:
    home = exploration.home_url
    home_key = urldefrag(home).url.rstrip("/")
    for doc_type in doc_types:
        paths = COMMON_PATHS[doc_type]
        exploration.tried.append(f"{len(paths)} common {doc_type} paths such as {', '.join(paths[:3])}")
        for path in paths:
            page = checker.check(urljoin(home, path), budgeted=False)
            if page.doc_type != doc_type or urldefrag(page.final_url).url.rstrip("/") == home_key:
                continue  # missing, not that document, or a soft 404 (every path answers the home page)
            reasons = [f"common path {path} answered", page.finding]
            _merge(exploration.candidates, Candidate(page.final_url, doc_type, round(2.5 + page.type_score, 2),
                                                     reasons, ""))
            break


# --- verification: load the candidates, keep what they are -----------------------------


def _accept(exploration: _Exploration, page: PageCheck, claim: Candidate | None, base: float,
            reasons: list[str]) -> None:
    """Propose a loaded page as the type it was read as; a failed or other page is dropped."""
    if page.doc_type is None:
        if claim is not None:
            exploration.dropped.setdefault(claim.url, Candidate(claim.url, claim.doc_type, claim.score,
                                                                [*reasons, f"dropped: {page.finding}"],
                                                                claim.link_text))
        return
    if claim is not None and claim.doc_type != page.doc_type:
        reasons = [f"its link suggested a {claim.doc_type} document, but the page is a {page.doc_type} document"]
        base = 0.0
    elif claim is not None:
        exploration.confirmed.add(claim.doc_type)
    _merge(exploration.candidates, Candidate(page.url, page.doc_type, round(base + page.type_score, 2),
                                             [*reasons, page.finding], claim.link_text if claim else ""))


def _verify_claims(exploration: _Exploration, checker: PageChecker) -> None:
    """Per type, load the claimed pages best first until one is verified as that type."""
    for doc_type in DOC_TYPES:
        claims = sorted((c for c in exploration.claims.values() if c.doc_type == doc_type),
                        key=lambda c: (-c.score, c.url))
        for claim in claims:
            if doc_type in exploration.confirmed or not checker.can_check(claim.url):
                break
            _accept(exploration, checker.check(claim.url), claim, claim.score, list(claim.reasons))


def _verify_unlabelled(exploration: _Exploration, checker: PageChecker, wanted: set[str]) -> None:
    """Load a legal hub's other links while a wanted type is still missing; their text decides."""
    for link, via in exploration.unlabelled[:MAX_UNLABELLED]:
        if wanted <= exploration.types_found() or not checker.can_check(link.url):
            return
        reasons = [f"listed on the legal page {via} as {link.text!r}"]
        _accept(exploration, checker.check(link.url), None, HUB_LISTED_SCORE, reasons)


def _explore(target: str, fetcher, *, probe: bool = True) -> _Exploration:
    exploration = _Exploration(target)
    checker = PageChecker(fetcher)
    home = _load_home(exploration, fetcher)
    hubs = _score_page(exploration, home, exploration.home_url)
    _verify_claims(exploration, checker)
    wanted = {"terms", "privacy"}
    if hubs and not wanted <= exploration.types_found():
        _follow_hubs(exploration, hubs, fetcher)
        _verify_claims(exploration, checker)
        _verify_unlabelled(exploration, checker, wanted)
    if probe and not exploration.types_found():
        if not hubs:
            _follow_hubs(exploration, [_Link(urljoin(exploration.home_url, p), "", False, "", False)
                                       for p in HUB_PATHS], fetcher)
            _verify_claims(exploration, checker)
            _verify_unlabelled(exploration, checker, wanted)
        missing = sorted(wanted - exploration.types_found())
        if missing:
            _probe_paths(exploration, checker, missing)
    return exploration


# --- public API --------------------------------------------------------------------------


@dataclass
class Discovery:
    """A site's verified legal documents, best first, and the claimed pages dropped, with why."""

    candidates: list[Candidate]
    dropped: list[Candidate]


def discover_site(domain_or_url: str, *, fetcher=None, allow_private: bool = False,
                  accept_language: str | None = None, raise_if_none: bool = False) -> Discovery:
    """Explore a site; see `discover`. Also returns the pages that were dropped and why."""
    fetcher = _make_fetcher(fetcher, allow_private, accept_language)
    exploration = _explore(domain_or_url, fetcher)
    if raise_if_none and not exploration.types_found() & {"terms", "privacy"}:
        raise not_found_error(exploration)
    return Discovery(exploration.ranked(), list(exploration.dropped.values()))


def discover(domain_or_url: str, *, fetcher=None, allow_private: bool = False,
             accept_language: str | None = None, raise_if_none: bool = False) -> list[Candidate]:
    """The legal documents of a site that were loaded and verified, best first.

    Empty when nothing is found, unless `raise_if_none`: then FetchError says why (JavaScript-only
    links, a cookie wall, pages that failed to load) and what was tried.
    """
    return discover_site(domain_or_url, fetcher=fetcher, allow_private=allow_private,
                         accept_language=accept_language, raise_if_none=raise_if_none).candidates


def best_per_type(candidates: list[Candidate]) -> dict[str, Candidate | None]:
    """The highest-scoring candidate of each document type (None where there is none)."""
    best: dict[str, Candidate | None] = dict.fromkeys(DOC_TYPES)
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if best[candidate.doc_type] is None:
            best[candidate.doc_type] = candidate
    return best


def find_documents(domain_or_url: str, *, fetcher=None, allow_private: bool = False,
                   accept_language: str | None = None) -> dict[str, Candidate | None]:
    """The best candidate per document type: {"terms": ..., "privacy": ..., "cookies": ...}.

    Raises FetchError when neither a terms nor a privacy document is found, with the reason
    (JavaScript-only links, a cookie wall) and what was tried.
    """
    return best_per_type(discover(domain_or_url, fetcher=fetcher, allow_private=allow_private,
                                  accept_language=accept_language, raise_if_none=True))


def best_document(domain_or_url: str, *, allow_private: bool = False, fetcher=None,
                  doc_type: str | None = None, accept_language: str | None = None) -> Candidate:
    """The one page to analyse for a domain: the terms if found, else the privacy policy."""
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise InputError(f"unknown document type {doc_type!r}; use one of {', '.join(DOC_TYPES)}")
    found = find_documents(domain_or_url, fetcher=fetcher, allow_private=allow_private,
                           accept_language=accept_language)
    order = [doc_type] if doc_type else ["terms", "privacy"]
    for wanted in order:
        if found.get(wanted) is not None:
            return found[wanted]
    raise FetchError(f"could not find a {doc_type} document on {_host_of(domain_or_url)}")


def not_found_error(exploration: _Exploration) -> FetchError:
    host = _host_of(exploration.target)
    message = f"could not find a terms of service or privacy policy on {host}"
    if exploration.notes:
        message += ": " + "; ".join(exploration.notes)
    message += f" (tried {', '.join(exploration.tried)})"
    if exploration.dropped:
        message += "; dropped " + "; ".join(f"{c.url} ({c.reasons[-1].removeprefix('dropped: ')})"
                                            for c in exploration.dropped.values())
    return FetchError(message)


def _host_of(target: str) -> str:
    return urlsplit(target).netloc if _SCHEME.match(target) else target.strip().rstrip("/")
