"""Who acts, on what, with which polarity: is a flag's trigger a statement about the person's data?

A phrase rule finds "sell" in "Amazon does sell products for children" and "you do not use
Our Content to train any AI model" as readily as in "we sell your personal information". This
module reads the trigger's sentence as spaCy tokens (`spacy.blank("en")`: tokenizer only, no
downloaded model) and answers three questions a person would ask of the clause:

- the actor: who does the verb: the service ("we", "Zoom does"), a third party ("advertisers
  may"), the user ("you", "users", a list item of things the user must not do), or unknown
  (a passive: "your data is sold");
- the object: is what is acted on the person's data ("your personal information", "Customer
  Content", "them" when nothing else is named) or something else (products, a business,
  vehicles, rights, the service's own content);
- the polarity is settled by the flag rules' negation (`flags.is_negated`); a prohibition on
  the user ("you will not ... train") is not a denial by the service, so it is no evidence.

The subject is the nearest actor word left of the verb inside the trigger's sub-clause (the
tokens between two breaks such as ";", ":", "but"); an actor word after a preposition ("to
you", "with our partners") is an object, not a subject. `reading` returns a `Reading`; the
flag rules decide with it (`flags.semantic_veto`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SERVICE_WORDS = frozenset({"we"})  # nominative only: "us" is an object
USER_WORDS = frozenset({
    "you", "user", "users", "customer", "customers", "member", "members", "subscriber", "subscribers",
    "buyer", "buyers", "seller", "sellers", "licensee", "licensees", "participant", "participants",
    "developer", "developers", "creator", "creators", "player", "players", "rider", "riders", "host", "hosts",
})
THIRD_PARTY_WORDS = frozenset({
    "partners", "advertisers", "vendors", "providers", "parties", "companies", "networks", "affiliates",
    "processors", "brokers", "they", "others", "party",
})
# Words of a verb group, skipped when looking left for the subject of a verb.
_PREPOSITIONS = frozenset({"to", "with", "for", "about", "from", "of", "by", "on", "in", "at", "among", "between"})
_MODALS = frozenset({"may", "might", "can", "could", "will", "would", "shall", "should", "must", "do", "does", "did",
                     "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "not", "n't", "never",
                     "also", "only", "generally", "otherwise", "still", "ever", "no", "longer"})
OBJECT_TOKENS = 12
_DETERMINERS = frozenset({"our", "your", "their", "its", "the", "other", "any", "all"})
_RELATIVES = frozenset({"what", "whatever"})  # "that we may use" may be a complement clause
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s"})
_BREAKS = frozenset({";", ":", "|", "•", "but", "however", "whereas", "although", "while", "unless", "except"})
_IRREGULAR_PARTICIPLES = frozenset({"sold", "kept", "held", "shared", "made", "given", "sent", "built", "taken", "used",
                                    "stored", "trained", "retained", "deleted", "disclosed", "rented", "transferred"})

# What the object of the verb is. "your" + a data noun, personal data, information about you ...
DATA_NOUNS = (r"data|information|info|details|content|contents|inputs?|outputs?|prompts?|conversations?|messages?|"
              r"audio|video|chats?|recordings?|photos?|images?|files?|posts?|uploads?|communications?|profiles?|"
              r"records?|history|logs?|identifiers?|addresse?s?|lists?|music|voice|location|activity|ids?|numbers?|"
              r"submissions?|materials?|screenshots?|copies|interactions?|account|accounts")
_PERSONAL_OBJECT = re.compile(
    r"\b(your|users?'?|customers?'?|members?'?|subscribers?'?|consumers?'?|personal|customer|user|member|children's|"
    r"people's|individuals'?)\s+(\w+[\s,]+){0,4}?(" + DATA_NOUNS + r")\b(?!\s+(settings|preferences|page|section|menu|settings))"
    r"|\b(personal|user|customer)\s+(data|information)\b|\b(information|data)\s+(about|from|of|on)\s+(you|users|our\s+users|individuals|children|minors|anyone|consumers)\b"
    r"|\bpersonal(ly)?\s+identifiable\b"
    r"|\b(data|information|content|materials|inputs)\s+(that\s+)?(we|you)\s+(collect|provide|submit|share|upload|post|create)\w*",
    re.I,
)
_DATA_NOUN = re.compile(r"\b(" + DATA_NOUNS + r")\b(?!\s+(settings|preferences|page|section|menu|tab))", re.I)
_ANAPHORA = re.compile(r"\b(it|them|this\s+(data|information)|such\s+(data|information)|the\s+(data|information))\b", re.I)
_OTHER_OBJECT = re.compile(
    r"\b(products?|goods|items?|merchandise|business(es)?|assets?|compan(y|ies)|vehicles?|tickets?|services?|space|"
    r"rights?|obligations?|links?|offerings?|subscriptions?|licen[cs]es?|stock|shares|inventory|apps?|software|"
    r"our\s+(\w+\s+)?content|licensed\s+materials|funds|amounts?|fees?|hearings?|demands?|claims?|advertising|"
    r"conferences?|meetings?|deposits?)\b",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    """What one trigger's sentence says: who acts (service | third_party | user | unknown),
    whether the verb is passive, and whether its object is the person's data."""

    actor: str
    passive: bool
    personal_object: bool
    object_text: str
    lead: str = ""  # the words between the subject and the verb ("agree to promptly")
    direct: str = ""  # the verb's direct object (or a passive verb's subject)

    @property
    def by_user(self) -> bool:
        return self.actor == "user"

    @property
    def object_words(self) -> str:
        """The words naming what is acted on, for evidence ("your personal information")."""
        found = _PERSONAL_OBJECT.search(self.object_text)
        return " ".join(found.group(0).split()) if found else _head(self.direct)

    @property
    def negated(self) -> bool:
        """The subject's verb group is denied ("Zoom does not use ... to train"), however far
        the trigger is from the negation."""
        return bool(_DENIED_GROUP.match(self.lead)) if self.actor != "unknown" else False


_DENIED_GROUP = re.compile(r"^((may|will|shall|can|do|does|did|would|should|must|is|are)\s+)?(not|never|n't)\b(?!\s+only)", re.I)


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _tokens(sentence: str):
    return list(_tokenizer()(sentence))


def _window(tokens, first: int, last: int) -> tuple[int, int]:
    """Token range [start, end) of the sub-clause holding tokens first..last."""
    start = first
    while start > 0 and not _breaks(tokens, start - 1):
        start -= 1
    end = last + 1
    while end < len(tokens) and not _breaks(tokens, end):
        end += 1
    return start, end


def _breaks(tokens, i: int) -> bool:
    """Whether token i ends a sub-clause; "however" only after punctuation ("We however respond"
    keeps its subject)."""
    word = tokens[i].lower_
    if word == "however":
        return i == 0 or tokens[i - 1].is_punct
    return word in _BREAKS


def _named(token, following) -> bool:
    """A capitalised name right before a verb group ("Zoom does not", "Amazon does sell")."""
    text = token.text
    if not ((text[:1].isupper() or text[1:2].isupper()) and token.is_alpha and not token.is_stop) or following is None:
        return False
    verb = following.text  # "Zoom does not", "Signal embraces": a verb group or a verb in the third person
    return following.lower_ in _MODALS or (verb.islower() and verb.endswith("s") and not verb.endswith("ss"))


def _actor(tokens, start: int, verb: int) -> tuple[str, int]:
    """(actor kind, token index) of the nearest subject left of `verb`, ("unknown", -1) when none."""
    for i in range(verb, start - 1, -1):  # the trigger may open with its subject ("you can delete")
        word = tokens[i].lower_
        before = tokens[i - 1].lower_ if i > start else ""
        if before in _PREPOSITIONS or (before in _DETERMINERS and word not in SERVICE_WORDS):
            continue  # "to you", "with our partners", "our users": an object, not the subject
        following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if word in ("we", "you") and i > start and i + 1 < verb \
                and ((tokens[i - 1].is_alpha and not tokens[i - 1].is_stop) or before in _RELATIVES) \
                and not _heads_verb_group(tokens, i, verb):
            continue  # "Content you provide", "what you say in email ... to target": a relative clause
            # inside the object; not "models you fine-tuned", whose verb it is
        if word != "you" and _DATA_NOUN.fullmatch(following):
            continue  # "customer data", "user uploads": a modifier of the object
        if word in SERVICE_WORDS:
            return "service", i
        if word == "us" and following == "to":  # "allow us to use"; the sentence's own "we" reads more
            further = [j for j in range(i - 1, start - 1, -1) if tokens[j].lower_ == "we"]
            return "service", further[0] if further else i
        if word in USER_WORDS:
            return "user", i
        if word in THIRD_PARTY_WORDS:
            return "third_party", i
        if _named(tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None):
            return "service", i
    return "unknown", -1


def _heads_verb_group(tokens, subject: int, verb: int) -> bool:
    """Whether only modals, adverbs, a comma-enclosed aside and verbs listed before it stand between
    `subject` and `verb`:
    "... incorrect we may, at our discretion, update" is the verb's own subject, where "the data
    we collect is updated" holds a relative clause."""
    between = tokens[subject + 1:verb]
    if not between or between[0].lower_ not in _MODALS:
        return False
    aside, rest = False, []
    for token in between:
        if token.text == "," and not rest:
            aside = not aside
        elif not aside and (rest or (token.lower_ not in _MODALS and not token.lower_.endswith("ly"))):
            rest.append(token.lower_)
    # what is left is a list of verbs the trigger closes ("update, correct, or delete")
    listed = [word in (",", "or", "and") for word in rest]
    return not aside and (not rest or listed[-1]) and not any(not a and not b for a, b in zip(listed, listed[1:]))


def _participle(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


def _passive(tokens, start: int, verb: int) -> int:
    """Index of the "be" of a passive verb group ending at `verb` ("is not sold", "isn't used to
    train"), -1 when the verb is active."""
    head = verb
    if verb - 2 >= start and tokens[verb - 1].lower_ in ("to", "for", "in") and _participle(tokens[verb - 2].lower_):
        head = verb - 2  # "used to train", "used for training"
    if not _participle(tokens[head].lower_):
        return -1
    for i in range(head - 1, max(start, head - 6) - 1, -1):
        word = tokens[i].lower_
        if word in _BE:
            return i
        if word not in _MODALS and not word.endswith("ly") and word not in ("or", "and", "by") and not _participle(word):
            return -1  # "may be accessed by or shared with": one passive group
    return -1


# Words that open an adverbial clause: a passive verb after one has its subject after it too.
_SUBORDINATORS = frozenset({"where", "when", "whenever", "if", "whether", "because", "once", "until", "unless", "though",
                            "although", "while", "whereby"})


def _passive_subject(tokens, start: int, be: int) -> list:
    """The tokens naming what a passive verb acts on: those before its "be", from the adverbial clause that
    holds it ("we may disclose your data ... where all or a portion of our business (e.g. ...) is sold":
    the business is sold, not the data), without a parenthesised aside."""
    depth, cut = 0, start
    for i in range(be - 1, start - 1, -1):
        word = tokens[i].lower_
        if word == ")":
            depth += 1
        elif word == "(":
            depth = max(0, depth - 1)
        elif depth == 0 and word in _SUBORDINATORS and i + 1 < be:
            cut = i + 1
            break
    depth, subject = 0, []
    for token in tokens[cut:be]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            subject.append(token)
    return subject or tokens[start:be]


# "for your information (and personal use)" says what content is for, not whose data it is.
_FOR_YOUR_INFORMATION = re.compile(r"\bfor\s+your\s+(own\s+)?information\b", re.I)


def personal(text: str) -> bool:
    """Whether `text` names the person's data (or refers back to it with "it", "them", "such
    data" while naming nothing else)."""
    text = _FOR_YOUR_INFORMATION.sub(" ", text)
    if _PERSONAL_OBJECT.search(text):
        return True
    return bool(_ANAPHORA.search(text)) and not _OTHER_OBJECT.search(text)


@lru_cache(maxsize=4096)
def reading(sentence: str, start: int, end: int) -> Reading:
    """Read the trigger at sentence[start:end] (module docstring)."""
    tokens = _tokens(sentence)
    if not tokens:
        return Reading("unknown", False, False, "")
    first = next((t.i for t in tokens if t.idx + len(t.text) > start), len(tokens) - 1)
    last = next((t.i for t in reversed(tokens) if t.idx < end), first)
    last = max(first, last)
    w_start, w_end = _window(tokens, first, last)
    actor, at = _actor(tokens, w_start, first)
    be = _passive(tokens, w_start, first)
    lead_tokens = tokens[at + 1 if at >= 0 else w_start:first]
    lead = " ".join(t.text for t in lead_tokens)
    if be >= 0:
        agent = [t.i for t in tokens[last + 1:w_end] if t.lower_ == "by"]
        if agent:
            named = tokens[agent[0] + 1].lower_ if agent[0] + 1 < len(tokens) else ""
            actor = "service" if named == "us" else ("user" if named == "you" else "third_party")
        elif at < 0 or tokens[at].lower_ not in SERVICE_WORDS:
            actor = "unknown"
        region = direct = _passive_subject(tokens, w_start, be)
    else:
        # the verb's own words and what follows it, plus the words between subject and verb
        # ("use any of your audio ... to train"); a few words only, not the rest of the sentence
        region = lead_tokens + tokens[first:min(last + 1 + OBJECT_TOKENS, w_end)]
        direct = tokens[last + 1:min(last + 8, w_end)]
    text = _span(sentence, region)
    about_data = personal(text)
    pronoun = re.search(r"\bthem\b", text, re.I)
    if about_data and pronoun and not _PERSONAL_OBJECT.search(text):  # only "them": what does it stand for?
        about_data = _antecedent_is_data(sentence[:region[0].idx + pronoun.start()])
    return Reading(actor, be >= 0, about_data, text, lead, _span(sentence, direct))


_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "times", "terms"})


def _antecedent_is_data(before: str) -> bool:
    """Whether the nearest plural noun before "them" names data (or there is none): "updates for
    Nest devices from the date we start selling them" speaks of devices, "your contact details ...
    we may sell them" of data."""
    tokens = _tokens(before)
    for token in reversed(tokens):
        word = token.lower_
        if _DATA_NOUN.fullmatch(word) or _PERSONAL_OBJECT.fullmatch(word):
            return True
        if token.is_alpha and not token.is_stop and word.endswith("s") and not word.endswith("ss") \
                and word not in _TIME_UNITS and not (token.i and tokens[token.i - 1].lower_ in SERVICE_WORDS | USER_WORDS):
            return False  # a plural noun that is not data ("devices", "routers"); not a verb after its subject
    return True


def _span(sentence: str, tokens) -> str:
    return sentence[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)] if tokens else ""


# The head nouns of a law's, a policy's or a guide's name: "biometric data laws", "Onfido's Facial
# Scan Policy", "the Children's Online Privacy Protection Act" name a text, not a practice.
_DOCUMENT_HEAD = re.compile(r"(laws?|acts?|regulations?|legislation|statutes?|polic(y|ies)|notices?|principles|guides?|"
                            r"guidelines|rules|codes?)", re.I)
_NAME_WORDS = 4


def names_a_document(sentence: str, end: int) -> bool:
    """Whether the trigger ending at `end` modifies the head noun of a document's name: only
    content words (and "or", "and", "'s") stand between it and a law/act/policy/notice noun."""
    tokens = [t for t in _tokens(sentence[end:]) if not t.is_space]
    for token in tokens[:_NAME_WORDS + 1]:
        word = token.lower_
        if _DOCUMENT_HEAD.fullmatch(word):
            return True
        if word in ("'s", "’s", "-", "or", "and"):
            continue
        if not token.is_alpha or token.is_stop:
            return False
    return False


# A transfer said in words, and what a service does with a transfer mechanism ("we rely on the
# standard contractual clauses", "Zoom participates in the Data Privacy Framework").
_TRANSFER_WORDS = re.compile(r"\b(transfer\w*|transmit\w*|outside|abroad|cross[-\s]border|international(ly)?|other\s+countries)\b", re.I)
_RELYING_VERBS = frozenset({"rely", "relies", "relied", "depend", "depends", "use", "uses", "using", "participate",
                            "participates", "certified", "certifies", "self-certified", "complies", "comply", "adhere",
                            "adheres", "adopted", "implemented", "signed", "entered", "part"})


def relies_on_mechanism(sentence: str, start: int, end: int) -> bool:
    """Whether a transfer mechanism named at sentence[start:end] (the Privacy Shield, standard
    contractual clauses) is evidence of a cross-border transfer: the sentence says "transfer"
    (or "outside", "abroad") besides the name, or the service is the subject of a verb of relying on
    or taking part in it ("we rely on", "Zoom complies with", "our use of"), or a verb without
    a subject it can name. Named in a complaints procedure
    ("complaints regarding our Privacy Shield policy", "in compliance with the Privacy Shield
    Principles, we commit to resolve complaints") it says nothing of the person's data."""
    if _TRANSFER_WORDS.search(sentence[:start] + " " + sentence[end:]):
        return True
    tokens = _tokens(sentence)
    first = next((t.i for t in tokens if t.idx + len(t.text) > start), len(tokens))
    w_start, _ = _window(tokens, max(0, min(first, len(tokens) - 1)), max(0, min(first, len(tokens) - 1)))
    for verb in range(first - 1, max(w_start, first - 10) - 1, -1):
        if tokens[verb].lower_ in _RELYING_VERBS:
            actor, _ = _actor(tokens, w_start, verb)  # "Amazon.com, Inc. participates", "our use of"
            return actor in ("service", "unknown")
    return False


# A payment term of a contract: a refund, a payout, a deposit, a way to pay ("pay by credit card", "the
# payment methods we accept"), a chargeback. It names the person's card or account as the means of a
# payment, not as data the service or its processors receive or keep; a charge to the card the service
# holds, a word of handling data ("stored", "processed", "you provide"), or a list or table of the kinds of
# data collected still says it holds it.
_PAYMENT_TERM = re.compile(
    r"\b(refund(s|ed|ing)?|reimburs\w*|pa(y|ys|ying)|paid(?!\s+(\w+\s+)?(subscriptions?|services?|plans?|versions?|accounts?|"
    r"features?|products?|memberships?|tiers?|offerings?))|redeem\w*|redemption|remit\w*|deposit\w*|accept(s|ed)?|payouts?|"
    r"chargebacks?|payments|(card|ach)\s+payment|buy|make\s+(a\s+)?payment)\b", re.I)
_HANDLES_PAYMENT_DATA = re.compile(
    r"\b(charg\w*|deduct\w*|collect\w*|stor(e|es|ed|ing)|keep|keeps|kept|retain\w*|process(es|ed|ing|or|ors)?|shar(e|es|ed|ing)|"
    r"disclos\w*|transmit\w*|access\w*|obtain\w*|receiv\w*|encrypt\w*|tokeni[sz]\w*|on[-\s]file|sav(e|ed|es)|request\w*|"
    r"ask\w*|provid(e|es|ed|ing)|submit\w*|enter\w*|suppl(y|ied)|verif\w*|manag\w*|link\w*|administ\w*|handl\w*|including|"
    r"valid|current|accurate|up\s+to\s+date|"
    r"secur\w*)\b|^[^.]{0,60}:|\|", re.I)  # ... or a list or a table row of the kinds of data


def names_payment_data(sentence: str, start: int, end: int) -> bool:
    """Whether a payment noun at sentence[start:end] is the person's data the service handles, not
    the means of a payment term ("refunds go to the original payment method", see above)."""
    return not _PAYMENT_TERM.search(sentence) or bool(_HANDLES_PAYMENT_DATA.search(sentence))


# Who else is in a sentence about trackers: a third party, a partner, an ad network, a named platform, other
# sites. A web beacon in "our emails contain web beacons that tell us whether you opened them" is the
# service's own (first-party) measurement, not another company's tracking.
THIRD_PARTY_NAMED = re.compile(
    r"\b(third[-\s]?part(y|ies)|partners?'?s?|advertisers?|ad\s+networks?|(advertising|analytics|measurement|social\s+media)\s+"
    r"(\w+\s+)?(companies|networks|providers?|services|partners|vendors)|vendors?|service\s+providers?|providers|these\s+(companies|"
    r"entities|services|websites|sites|parties)|other\s+(companies|websites|sites|services|apps|applications|platforms|parties)|"
    r"google|facebook|meta|across\s+(\w+\s+){0,2}(websites|sites|services|apps|platforms|devices))\b", re.I)
_DENIED = re.compile(r"\b(not|never|no)\b|n't\b", re.I)


def third_party_named(sentence: str, start: int, end: int) -> bool:
    """Whether a tracker named at sentence[start:end] (a beacon, a pixel, an SDK) is another company's:
    the sentence names one, or denies the tracker altogether ("we do not use tracking pixels")."""
    return bool(THIRD_PARTY_NAMED.search(sentence) or _DENIED.search(sentence))


# What each flag needs of its trigger's sentence; flags not listed are nouns ("payment card
# information", "web beacons") whose mention is the evidence, judged by their own rules.
SERVICE_ON_DATA, USER_RIGHT, KEPT_DATA = "service acts on the person's data", "the user's right", "data kept"
NEEDS = {
    "sale": SERVICE_ON_DATA,
    "ai_training": SERVICE_ON_DATA,
    "partner_sharing": SERVICE_ON_DATA,
    "access_rights": USER_RIGHT,
    "retention_period": KEPT_DATA,
}
# Rights that are about personal data by their very name.
_INHERENT_RIGHT = re.compile(r"right\s+to\s+(request\s+)?(know|request\s+access|rectif\w+|erasure|be\s+forgotten|(data\s+)?portability|"
                             r"obtain\s+a\s+copy|receive\s+a\s+copy)|data\s+subject", re.I)
_GIVES_AWAY = re.compile(r"\b(grant|give|license)\w*\b", re.I)  # "you grant other users the right to access"
_ABILITY = re.compile(r"\b(can|may|able|right|rights|ability|entitled|free|option|choose|want|wish|like|request|ask|how)\b", re.I)
_OBLIGATION = re.compile(r"\b(agree\w*|must|shall|required|responsible|obligat\w*|need\s+to)\b", re.I)


_PLAIN_FUTURE = re.compile(r"will(\s+\w+ly)?", re.I)
# The user's act as the condition of something else: the words right before the trigger open a
# subordinate clause ("if you", "unless you request", "once the user"), not a wish ("if you want to").
_USERS_ACT_AS_CONDITION = re.compile(
    r"\b(if|when|whenever|unless|until|once|after|before)\s+((you|users?|the\s+user)\s+(?!want|wish|would|like|choose|decide|need|may|can|are\s+able)"
    r"(\w+\s+){0,2})?$", re.I)
_SERVICE_CONTENT = re.compile(r"\b(the|our)\s+([A-Z]\w*\s+)+(content|service|services|materials)\b")


_NOT_IMPERATIVE = ("s", "ed", "ing", "ion", "ly", "al")


def _imperative(sentence: str) -> bool:
    """The sentence opens with a bare verb, as the items of "You agree not to: (a) use ...,
    (b) access ..." do: its first word is no function word, actor or inflected form."""
    first = next((t for t in _tokens(sentence) if t.is_alpha and len(t.text) > 1 and not re.fullmatch(r"[ivx]+", t.lower_)), None)
    if first is None:
        return False
    word = first.lower_
    return not first.is_stop and not word.endswith(_NOT_IMPERATIVE) and word not in USER_WORDS | THIRD_PARTY_WORDS


def possessor(sentence: str, start: int) -> str:
    """Whose is the noun starting at `start`: "person" ("your card", "the card you use"), "other"
    ("Bolt's bank account", "our bank account", "its payment methods"), or "" when unsaid."""
    tokens = [t for t in _tokens(sentence[:start]) if not t.is_space][-3:]
    words = [t.lower_ for t in tokens]
    if "your" in words[-2:]:
        return "person"
    if words and words[-1] in ("our", "its"):
        return "other"
    if len(tokens) >= 2 and words[-1] in ("'s", "’s", "'", "’") and tokens[-2].text[:1].isupper():
        return "other"  # "Bolt's", "Bolts'"
    return ""


_LIST_VERBS = frozenset({"are", "is", "be", "has", "have", "contain", "contains", "depict", "depicts", "involve", "involves"})


_WORDLIKE = re.compile(r"^[^\W\d_]+(\.[^\W\d_]+)*$")  # a word, or a dotted name made of words


def list_item_of_conduct(sentence: str, lead: str = "") -> bool:
    """Whether `sentence` is an item of a list of what someone must (not) do or what content must
    not be, without its own subject: "collect or solicit personal information about anyone under
    18;", "(8) are designed to appeal to persons under 18;", "Post any Content that depicts
    minors;". A list whose opening line (`lead`) has the service speak ("We do not:") is the
    service's; an item about the user's own age is an age gate."""
    if (lead and re.search(r"\b(we|our)\b", lead, re.I)) or re.search(r"\byou\s+are\b|\byou're\b", sentence, re.I):
        return False  # the service's own list, or the user's own age ("use the Services if you are under 18")
    # the first word, a name with a dot ("Polyfill.io is not intended for children") included: the subject
    first = next((t for t in _tokens(sentence) if _WORDLIKE.search(t.text) and len(t.text) > 1
                  and not re.fullmatch(r"[ivx]+", t.lower_)), None)
    if first is None or first.lower_ == "please":
        return False
    if first.text.islower() and first.lower_ in _LIST_VERBS:
        return True
    following = first.nbor(1).lower_ if first.i + 1 < len(first.doc) else ""
    if following in _MODALS or (following.endswith("s") and not following.endswith("ss")):
        return False  # "illumin does not ...": a lower-case name is the subject
    return _imperative(sentence) and (first.text.islower() or sentence.rstrip().endswith((";", ",")))


def _own_data(direct: str) -> bool:
    """The user acts on data ("correct information", "delete messages"), not on the service's
    own content ("access the Netflix content") or on something else."""
    head = _head(direct)
    return bool(_DATA_NOUN.search(head)) and not _SERVICE_CONTENT.search(direct) and not _OTHER_OBJECT.search(head)


def _head(phrase: str) -> str:
    """The first words of an object, up to its first preposition: "data" of "data with service providers"."""
    words = []
    for word in phrase.split()[:5]:
        if word.lower() in _PREPOSITIONS and words:
            break
        words.append(word)
    return " ".join(words)


_QUESTION_OR_CONDITION = frozenset({"if", "how", "whether", "when", "that", "which"})


def service_acts(sentence: str, start: int, end: int) -> bool:
    """Whether the verb at sentence[start:end] is the service's act (or the user's, through it),
    stated as fact: "we honor", "Disqus recognizes", "you can turn off tracking by setting GPC",
    a passive ("GPC signals are honoured"); not a generic actor ("a website that responds to a
    DNT signal") or an embedded question ("how the Site responds")."""
    read = reading(sentence, start, end)
    if read.passive:
        return read.actor in ("service", "unknown")
    if read.actor == "unknown" and re.match(r"(our|this|the)\s+(\w+\s+)?(websites?|sites?|services?|apps?|platform)$", read.lead, re.I):
        return True  # "Our websites respond to ...": the subject names the service
    if read.actor not in ("service", "user"):
        return False
    tokens = _tokens(sentence[:start])
    subject = len(tokens) - 1 - len(_tokens(read.lead)) if read.lead else len(tokens) - 1
    while subject >= 1 and tokens[subject - 1].lower_ in _DETERMINERS | {"this", "a", "an"}:
        subject -= 1
    before = tokens[subject - 1].lower_ if subject >= 1 else ""
    embedded = before in _QUESTION_OR_CONDITION or bool(_QUESTION_OR_CONDITION & set(read.lead.lower().split()))
    # "describe how we honor GPC" still says it is honoured; "how the Site responds" says nothing
    return not embedded or (before == "how" and bool(_POSITIVE.match(sentence[start:end])))


# Aggregated, de-identified or non-personal data given to partners is not the person's data ("we may share
# non-personally identifiable information with our partners", "shared ... on an aggregated basis").
_NON_PERSONAL = re.compile(r"\b(non-?personal(ly)?(\s+identifiable)?|non-?identifiable|aggregated?|de-?identified|anonymi[sz]ed|"
                           r"anonymous)(\s*/\s*|\s+)((and|or|and/or)\s+(?!personal)[\w-]+\s+)?((?!personal)\w+\s+)?"
                           r"(data|information|statistics|reports?)\b", re.I)  # "Aggregate/Anonymous Information" too
# "... not linked to any personal identification information": what the data is not, not what it is.
_UNLINKED = re.compile(r"\bnot\s+(linked|tied|connected|associated)\s+(to|with)\s+(any\s+)?[^,;.]{0,60}", re.I)
_NON_PERSONAL_FORM = re.compile(r"^[^.;]{0,60}\b(on|in)\s+an?\s+(\w+\s+){0,2}(aggregated?|de-?identified|anonymi[sz]ed|"
                                r"non-?identifiable)\b(\s+(and|or|and/or)\s+[\w-]+)?\s+(basis|form|manner)\b", re.I)

_POSITIVE = re.compile(r"(honou?r|respect|recogni[sz]|support|compl)", re.I)


def _shares_aggregate_by_reference(before: str, object_text: str) -> bool:
    """"We may use Aggregate/Anonymous Information for any purpose, and may share such data with advertisers": the
    object only refers back ("such data", "it") to non-personal data named before the verb."""
    return bool(_ANAPHORA.search(object_text)) and not _PERSONAL_OBJECT.search(object_text) \
        and bool(_NON_PERSONAL.search(before)) and not _PERSONAL_OBJECT.search(_NON_PERSONAL.sub(" ", before))


def about_persons_data(flag: str, sentence: str, start: int, end: int) -> bool:
    """Whether the trigger sentence[start:end] of `flag` is evidence about the person's data
    (see NEEDS): the service or a third party acting on it for sale, AI training and sharing;
    the user holding a right over it for access; data (not claims, fees or rights) for retention."""
    need = NEEDS.get(flag)
    if need is None:
        return True
    read = reading(sentence, start, end)
    if need == SERVICE_ON_DATA:
        if read.by_user or (read.actor == "unknown" and not read.passive and _imperative(sentence)):
            return False  # the user acts, or an item of a list of what the user must (not) do
        head = re.split(r"\b(without|unless|except|and|or|to)\b|[,(]", _head(read.direct), maxsplit=1)[0]
        if end - start <= len("sale of") and _OTHER_OBJECT.search(head) and not personal(head):
            return False  # "the sale of any Digital Assets in your account": assets are sold, not data
        if flag == "partner_sharing" and (_NON_PERSONAL_FORM.search(sentence[end:]) or (
                _NON_PERSONAL.search(read.object_text)
                and not personal(_NON_PERSONAL.sub(" ", _UNLINKED.sub(" ", read.object_text))))):
            return False
        if flag == "partner_sharing" and _shares_aggregate_by_reference(sentence[:start], read.object_text):
            return False
        return read.personal_object or _own_data(read.lead) or _own_data(read.direct)
    if need == USER_RIGHT:
        if _INHERENT_RIGHT.search(sentence[start:end]):
            return True  # "we respond to data subject requests" grants the right too
        if read.actor not in ("user", "unknown") or _OBLIGATION.search(read.lead) or _GIVES_AWAY.search(read.lead):
            return False
        if read.actor == "user" and read.lead.lower().split()[-1:] == ["to"] and not _ABILITY.search(read.lead):
            return False  # "you undertake to provide accurate data and to update your details": a duty, not a right
        if read.actor == "user" and _PLAIN_FUTURE.fullmatch(read.lead):
            return False  # "you will promptly update your account information": a duty in the future tense
        if _USERS_ACT_AS_CONDITION.search(sentence[:start]):
            return False  # "If you delete your account, ...", "Unless you request deletion, we keep ...": a condition
        acted_on = sentence[start:end] + " " + _head(read.direct)  # "delete your account", not "... account settings"
        return personal(acted_on) or _own_data(read.direct)
    user_keeps = read.by_user and "," not in read.lead  # "you must permanently delete the Licensed Materials"
    return not user_keeps and (personal(read.direct) or not _OTHER_OBJECT.search(read.direct))
