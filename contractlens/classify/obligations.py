"""Whose duty is it? Clauses that bind the user or a business customer state no practice of the service.

Terms of service are full of the person's data named in the wrong voice: "you must obtain consent
before sharing children's data with us", "Publisher shall post a privacy policy describing precise
location data collected for interest-based advertising", an item of "You may not use the Services
to: ... 7. To create facial recognition databases;", a definition ("'Financial Account' has the
meaning set forth in Section 2") or a question heading ("Do we transfer your data abroad?"). Each
names a flag's noun without saying what the service does with the person's data, so none is
evidence. Read with spaCy tokens (`flag_semantics`): the sentence's subject and its verb group
(a duty modal: shall, must, agree, represent, warrant), the list's lead line, the sentence's mood.
"""

from __future__ import annotations

import re

from .flag_semantics import USER_WORDS, _tokens

# The other side of a contract besides the person: a business customer of an ad-tech or B2B service.
PARTY_WORDS = frozenset({
    "publisher", "publishers", "advertiser", "advertisers", "client", "clients", "licensee", "merchant", "merchants",
    "partner", "reseller", "resellers", "parent", "parents", "guardian", "guardians", "account holder",
})
# A verb group that binds its subject: "shall", "must", "agrees to", "represents and warrants".
DUTY_VERBS = frozenset({"shall", "must", "agree", "agrees", "represent", "represents", "warrant", "warrants",
                        "covenant", "covenants", "undertake", "undertakes", "should"})
_ADVERBS = frozenset({"also", "hereby", "further", "expressly", "irrevocably", "each", "further", "additionally"})
_ENUMERATOR = re.compile(r"^\W*((\d+(\.\d+)+\.?|(\d+|[a-z]|[ivx]+)[.)])\s+|\(\s*(\d+|[a-z]|[ivx]+)\s*\)\s*)", re.I)
_OPENING_CONDITION = re.compile(r"^\W*(if|when|where|once|unless|in\s+the\s+event)\b[^,;]{0,200},\s*", re.I)
# A sentence that only points elsewhere: "For more information on the data we use to train our models,
# please read our FAQs."
POINTER = re.compile(r"^\W*for\s+(more|further|additional)\s+(information|details?)\b[^.;]*,\s*(please\s+)?"
                     r"(see|read|visit|refer\s+to|review|consult|go\s+to|click|((you|they)\s+(may|can)\s+)?contact)\b"
                     # ... or to a section that says more: "In the Regional section, we provide more information on ..."
                     r"|\bsection\b[^.;]{0,40}\bwe\s+provide\s+(additional|more|further)\s+information\b"
                     # ... or to a procedure: "If you believe we may have collected data from a child, please contact us."
                     r"|^\W*if\s+you\b[^.;]*,\s*(please\s+)?(contact|reach\s+out|let\s+us\s+know|notify|e-?mail|write\s+to|tell|call)\b"
                     # ... or to another section: "See the Billing section for more billing information."
                     r"|^\W*(please\s+)?(see|refer\s+to)\s+(the|our)\s+[^.;]{0,80}\bsection\b"
                     r"|\b(is|are)\s+available\s+here\W*$"  # "Information about how we handle X is available here."
                     # ... or to the documents of other sites: "Our practices regarding children will be posted on those websites."
                     r"|\bwill\s+be\s+(posted|described|explained|set\s+out|available)\s+(on|in)\s+(those|these|that|the\s+relevant|each\s+such)\s+(web\s*)?sites?\b",
                     re.I)
# A lead line that opens a list of what the user (or a customer) must not do, or may do only so.
PROHIBITED_LIST = re.compile(
    r"\b(you|users?|publishers?|advertisers?|clients?|licensees?|customers?)\s+(\w+\s+){0,2}"
    r"((may|must|shall|will|should|agree\s+to|agree)\s+not|may\s+only|won't|must\s+never|agree\s+not\s+to)\b"
    r"|\b(prohibited|forbidden|not\s+(permitted|allowed))\s+(uses?|conduct|activities|practices|to)\b|\bnot\s+be\s+used\s+(to|for)\b",
    re.I,
)
# The sentence is a definition: '"Financial Account" has the meaning ...', 'The words "you" ... shall refer to'.
DEFINITION = re.compile(
    r"[\"”]\s*(\)\s*)?(([\w,]+\s+){0,6}?)(means|refers?\s+to|shall\s+(mean|refer)|is\s+defined\s+as|has\s+the\s+meaning|"
    r"shall\s+have\s+the\s+meaning|are\s+(individuals|persons|people|users)|is\s+an?\s+individual)\b",
    re.I,
)
# ... without quotes: a capitalised term opening the sentence ("Confidential Information means ..."), a
# common noun given a meaning ("For this policy, a child means any individual under 18", 'A "minor" is a
# person'), "when we refer to X we mean", or a law's (or a category's) list of what counts as sensitive
# data ("The laws describe sensitive data to include ...").
TERM_DEFINITION = re.compile(
    r"^\W*(?!(It|That|This|Which|What|There|Everything|Nothing|Each|Any|All)\b)[A-Z][\w'’-]*(\s+[A-Z][\w'’-]*){0,3}[\"”]?\s+"
    r"(means|shall\s+mean|is\s+defined\s+as|includes,?\s+but\s+is\s+not\s+limited\s+to|(do|does)\s+not\s+include)\b"
    r"|\b[Aa]n?\s+[\"“]?[a-z]+[\"”]?\s+(means\s+(any|a|an|the|every|each|anyone|someone|persons?|individuals?|users?)|is\s+(a|any)\s+"
    r"(person|individual|user))\b"
    r"|\b([Ww]e\s+mean|(is|are)\s+taken\s+to\s+mean|(is|are)\s+(any\s+)?information\s+that|[Tt]he\s+definition\s+of)\b"
    r"|\b([Ll]aws?|[Aa]cts?|[Rr]egulations?|[Ss]tatutes?)\b[^.;]{0,40}\b(defines?|describes?|considers?)\b[^.;]{0,40}\b(to\s+include|as)\b"
    r"|\b[Ss]ensitive\s+(personal\s+)?(data|information)\s+(includes?|means)\b|^\W*\w+\s+includes\s+(\w+\s+)?sensitive\s+(personal\s+)?(data|information)"
)


def is_definition(sentence: str) -> bool:
    """A definition states what a word means, never a practice (DEFINITION, TERM_DEFINITION)."""
    return bool(DEFINITION.search(sentence) or TERM_DEFINITION.search(sentence))


def bare(sentence: str) -> str:
    """The sentence without its enumerator ("(c) ", "7. ", "iii. ")."""
    return _ENUMERATOR.sub("", sentence, count=1)


def is_question(sentence: str) -> bool:
    """A question ("Do we transfer Your Personal Data outside of the EU?") asks; it states nothing."""
    return sentence.rstrip().rstrip("\"'”’)").endswith("?")


def _opening_tokens(text: str, n: int) -> list:
    """At least the first `n` non-space tokens of `text` (all when it has fewer): the tokens of
    its first 120 characters, cut at a space, are the first tokens of the whole text, and
    a long sentence need not be tokenised to read its subject and verb group."""
    head = text if len(text) <= 120 else text[:120].rsplit(" ", 1)[0]
    tokens = [t for t in _tokens(head) if not t.is_space]
    if len(tokens) < n and len(head) < len(text):
        tokens = [t for t in _tokens(text) if not t.is_space]
    return tokens


def binds_other_party(sentence: str) -> int:
    """Where the part of the sentence that binds the user or a business customer starts, -1 when
    none does: its subject is one of them and its verb group a duty ("Publisher shall abide by a
    privacy policy ...", "You represent and warrant that you will not share ... health
    information", "Parent hereby agrees to indemnify", "Such privacy policy shall include": a
    document the customer must publish). An opening "When you provide payment information to
    Valve, " is read past: it is not bound, so the duty starts after it."""
    text = bare(sentence)
    condition = _OPENING_CONDITION.match(text)
    offset = len(sentence) - len(text) + condition.end() if condition else 0  # an enumerator is no practice
    tokens = _opening_tokens(sentence[offset:], 14)
    subject = -1
    for i, token in enumerate(tokens[:8]):
        word = token.lower_
        if word in ("we", "us", "our"):
            return -1
        if word in USER_WORDS | PARTY_WORDS:
            subject = i
            break
        if word == "policy" and i and tokens[i - 1].lower_ == "privacy" and i + 1 < len(tokens) and tokens[i + 1].lower_ == "shall":
            return offset  # "Such privacy policy shall include": the customer's notice, not the service's
    if subject < 0:
        return -1
    rest = [t.lower_ for t in tokens[subject + 1:subject + 6] if t.lower_ not in _ADVERBS and t.text != ","]
    while rest and rest[0] in ("or", "and", "/", "guardians", "guardian", "who", "that"):
        rest = rest[1:]
    if {"we", "us"} & set(rest[1:5]):
        return -1  # "you agree that we may use ...": consent to the service's practice, which it states
    if rest[:1] in (["agree"], ["agrees"]) and rest[1:2] not in (["to"], ["not"]):
        return -1  # "you agree you have read ... and consent to the transfer": consent to what the service does
    if rest[:1] == ["must"] or rest[:1] == ["shall"]:
        bound = rest[1:2] != ["be"] or "responsible" in rest  # "you must be 13" is an age gate, read as such
    else:
        bound = bool(rest) and rest[0] in DUTY_VERBS
    return offset if bound else -1


def lead_prohibits(lead: str) -> bool:
    """Whether a list's lead line ("you will not, and will not permit any other person to:")
    opens a list of what the user or a customer must not do."""
    return bool(lead) and bool(PROHIBITED_LIST.search(lead))


def list_lead(texts: dict[int, str], index: int, reach: int = 12) -> str:
    """The line that opens the list the clause `index` (of `texts`: clause index -> text) is an item
    of: the nearest clause before it, at most `reach` back, that ends with ":" (items of a list are
    clauses of their own); "" when the clause is not an item (it opens with neither an enumerator
    nor a lower-case word)."""
    text = texts[index].lstrip()
    if not (_ENUMERATOR.match(text) or text[:1].islower()):
        return ""
    for back in range(index - 1, index - reach - 1, -1):
        if back not in texts:
            break
        if texts[back].rstrip().endswith(":"):
            return texts[back]
    return ""


def _says_nothing(sentence: str, lead: str) -> bool:
    """A question, a definition, a pointer to another text or an item of a prohibited list."""
    return is_question(sentence) or is_definition(sentence) or bool(POINTER.search(sentence)) or lead_prohibits(lead)


def _duty_from(sentence: str, lead: str) -> int:
    if lead and binds_other_party(lead) >= 0:
        return 0  # an item of a list the user or a customer must follow ("Publisher shall include: (a) ...;")
    return binds_other_party(sentence)


def no_practice_bounds(sentence: str, lead: str = "") -> tuple[int, int]:
    """Where the part of the sentence that says nothing of what the service does with the person's
    data starts (0: all of it; -1 when it all may), read with and without the duties: a question,
    a definition, an item of a list of what the user or a customer must not do, a pointer to
    another text, or (the first figure only) a duty of theirs, after an opening condition. A duty
    to hand data over ("you must provide a valid payment card") still says the service receives
    it: the flags of the person's own data read the second figure."""
    if _says_nothing(sentence, lead):
        return 0, 0
    return _duty_from(sentence, lead), -1


def states_no_practice(sentence: str, lead: str = "") -> bool:
    """Whether none of the sentence says what the service does with the person's data (`no_practice_bounds`)."""
    return no_practice_bounds(sentence, lead)[0] == 0
