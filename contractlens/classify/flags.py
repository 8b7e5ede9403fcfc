"""Harvesting flags: fine-grained data practices found by phrase rules, with negation.

One Finding per (clause, flag). `polarity` says whether the clause states the practice
("does") or denies it ("does_not": "we do not sell your personal information"). For
`dnt_gpc`, "does" means the signal is honoured and "does_not" that it is ignored; the
attribute {"dnt_gpc": "honoured"|"ignored"} says the same in words. `retention_period`
carries {"retention": bounded|as_long_as_necessary|indefinite, "period": "30 days"}. A denial
followed by exceptions carries {"exceptions": True}; where the exceptions name the cases in which
the service does it ("... except (a) when you use the free plan") it is "does", with
{"exceptions": True, "denied": True}: denied outside those cases.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from ..taxonomy import describe
from ..types import Clause, Finding
from . import flag_rules as R
from .flag_semantics import NEEDS, about_persons_data, list_item_of_conduct, names_a_document, possessor, reading, service_acts
from .flags_gate import LiteralIndex, required_literals
from .obligations import is_definition, list_lead, no_practice_bounds

SOURCE = "flag-rules-1"
RULE_SCORE = 0.9
NEGATED_SCORE = 0.85
NEGATION_WINDOW_WORDS = 14
_SENTENCES = re.compile(r"(?<=[.;!?])(?<!\b[A-Z]\.[A-Z]\.)(?<!\be\.g\.)(?<!\bi\.e\.)\s+|\n+")  # not after "U.S.", "e.g."
_WORDS = re.compile(r"\S+")
_SIGNAL_PIECES = re.compile(r"[;:]|\s(?:but|whereas|while)\s|[,.;]\s*however\b", re.I)  # not "We however respond"
_SERVICE_VOICE = re.compile(r"\b(we|us|our|this\s+(site|website|service|app))\b|\b(is|are)\s+not\s+(honou?red|supported|recogni[sz]ed)", re.I)
# What the user will not receive once the signal is sent ("you should not receive ads") is no refusal by the service.
_USER_SPARED = re.compile(r"\byou\s+(should|will|would|shall)\s+not\s+(receive|see|get|be\s+shown)\b", re.I)
_NO_STANDARD = re.compile(r"\bno\s+(uniform|industry|common|accepted|consensus|standard)\b|\bnot\s+yet\s+(been\s+)?(agreed|established|adopted)", re.I)


def sentences_of(text: str) -> list[str]:
    """Sentences (and list lines) of one clause; rules are judged one sentence at a time."""
    return [s for s in (p.strip() for p in _SENTENCES.split(text)) if s]


def is_negated(sentence: str, start: int, end: int | None = None) -> bool:
    """True when a negation cue governs the phrase starting at `start` in `sentence`.

    The scope runs back from the phrase to the nearest clause break ("but", "unless", a
    comma before "if"...) and at most NEGATION_WINDOW_WORDS words, and includes the phrase
    itself ("you cannot delete your account"); a passive denial right after it counts too
    ("payment information is not shared"). Fixed expressions like "not only", "no later
    than" or the "Do Not Sell My ..." link are not negations. A phrase inside the examples of
    what a verb acts on ("not designed to process sensitive data (e.g., health, precise
    geolocation)") shares that verb's polarity, however long the list of examples.
    """
    end = start if end is None else end
    if R.PASSIVE_NEGATION.search(sentence[end:]):
        return True
    before = sentence[:end]
    breaks = list(R.NEGATION_BREAKERS.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    scopes = [before]
    opener = R.EXAMPLES_OPEN.search(before, 0, max(0, len(before) - (end - start)))
    if opener and not (opener.group(0).startswith("(") and ")" in before[opener.end():]):  # a closed "(e.g. ...)" is over  # also: the words before the examples, then the phrase itself
        scopes.append(before[:opener.start()] + " " + before[len(before) - (end - start):])
    return any(R.NEGATION.search(R.NOT_ONLY.sub(" ", " ".join(_WORDS.findall(scope)[-NEGATION_WINDOW_WORDS:])))
               for scope in scopes)


def _overlaps(pattern: re.Pattern | None, sentence: str, start: int, end: int) -> bool:
    if pattern is None:
        return False
    return any(m.start() < end and start < m.end() for m in pattern.finditer(sentence))


def _without_ignorecase(pattern: re.Pattern) -> re.Pattern:
    """The same pattern for lower-cased text: case-insensitive matching is 2-3x slower in `re`."""
    unescaped = re.sub(r"\\.", "", pattern.pattern)
    if unescaped != unescaped.lower():  # an upper-case literal: keep matching case-insensitively
        return pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


# (rule, its trigger for lower-cased text, the literals every match holds), for the pre-filter
_FAST_TRIGGERS = [
    (rule, fast, required_literals(fast)) for rule, fast in ((r, _without_ignorecase(r.trigger)) for r in R.RULES)
]
# characters that `re.I` matches to an ASCII letter but `str.lower` does not map to it
_CASE_FOLD_TRAPS = "\u0130\u0131\u017f"


def candidate_rules_per_text(texts: list[str], flags: frozenset[str] | None = None) -> list[list[R.FlagRule]]:
    """For each text (a clause), the rules (of `flags`, default all) whose trigger occurs in it:
    only these can fire in its sentences.

    A trigger that matches inside a sentence also matches the clause containing it, so this
    pre-filter never drops a hit; it saves running every rule on every sentence. A rule's
    trigger is only searched in the clauses holding its required literals (`flags_gate`),
    found by a few substring scans of the whole document: much cheaper than the regexes.
    """
    joined = "\n".join(texts)
    if not joined.isascii() and any(trap in joined for trap in _CASE_FOLD_TRAPS):
        return [[rule for rule in R.RULES if flags is None or rule.flag in flags] for _ in texts]
    lowered = [text.lower() for text in texts]
    index = LiteralIndex(lowered)
    found: list[list[R.FlagRule]] = [[] for _ in texts]
    for rule, trigger, needs in _FAST_TRIGGERS:
        if flags is not None and rule.flag not in flags:
            continue
        holding = index.candidates(needs)
        for i in sorted(holding) if holding is not None else range(len(texts)):
            if trigger.search(lowered[i]):
                found[i].append(rule)
    return found


def candidate_rules(text: str) -> list[R.FlagRule]:
    """The rules whose trigger occurs anywhere in `text` (see `candidate_rules_per_text`)."""
    return candidate_rules_per_text([text])[0]


def rule_matches(sentence: str, rules: list[R.FlagRule] | None = None, lead: str = "") -> list[tuple[str, re.Match, bool]]:
    """(flag, trigger match, negated) for every rule (of `rules`, default all) that fires in one sentence.

    `lead` is the clause's sentence that opens a list this sentence continues ("Provide you with a
    list of ...;"): what makes a rule skip a sentence (a description of the law's rights) holds
    for the items of its list too.
    """
    hits = []
    # What the whole sentence is (a definition, a duty of the user, the law's list of sensitive categories, a
    # disclaimer), and where the part that states no practice starts (a question, a duty of the user or of a
    # business customer, an item of a list of what they must not do): read once, at the first trigger
    # found, as most sentences have none. A duty to provide one's card still hands it over: the flags of
    # the person's own data read the bound without duties.
    read_once = False
    bounds: tuple[int, int] | None = None
    disclaimer: bool | None = None  # read at the first rule of a kind of data
    for rule in R.RULES if rules is None else rules:
        matches = rule.trigger.finditer(sentence)
        first = next(matches, None)
        if first is None:
            continue
        if not read_once:
            read_once = True
            if is_definition(sentence) or (lead and is_definition(lead)):
                return hits  # '"Personal Information" means ... location information', and the items of its list
            user_prohibition = bool(R.USER_PROHIBITION.search(sentence))
            legal_list = len({m.group(0).lower() for m in R.SPECIAL_CATEGORIES.finditer(sentence)}) >= 2 \
                and not R.SERVICE_SPEAKS.search(sentence)
        if rule.skip is not None and (rule.skip.search(sentence) or (lead and rule.skip.search(lead))):
            continue
        if rule.legal_list and legal_list:
            continue  # the law's list of sensitive categories, not what this service collects
        if rule.flag in R.DATA_KINDS and disclaimer is None:
            disclaimer = bool(R.DISCLAIMER.search(sentence) or R.LAW_SPEAKS.search(sentence))
        if rule.flag in R.DATA_KINDS and disclaimer:
            continue  # "we are not liable for unauthorized access to financial information", "COPPA requires ..."
        age_gate = rule.flag in R.AGE_GATES and bool(R.AGE_GATE.search(sentence))  # an age limit is the service's own
        if user_prohibition and rule.flag not in NEEDS and not age_gate:
            continue  # "you will not use the Platform to collect health information": the user's duty
        if rule.context is not None and not rule.context.search(sentence):
            continue
        for match in itertools.chain([first], matches):
            if _overlaps(rule.veto, sentence, match.start(), match.end()):
                continue
            if bounds is None:
                bounds = no_practice_bounds(sentence, lead)
            handed_over = rule.flag in R.OWNED_BY_THE_PERSON and bool(R.HANDS_OVER.search(sentence))
            if 0 <= bounds[handed_over] <= match.start() and not age_gate:
                continue  # "Publisher shall not include any property directed at children": the customer's duty
            if rule.described is not None and (rule.described.search(sentence[:match.end()]) or (lead and rule.described.search(lead))):
                continue
            if rule.verb and not about_persons_data(rule.flag, sentence, match.start(), match.end()):
                continue  # another actor, another object: not a statement about the person's data
            if rule.check is not None and not rule.check(sentence, match.start(), match.end()):
                continue
            if rule.flag in R.AGE_GATES and list_item_of_conduct(sentence, lead):
                continue  # "collect or solicit personal information about anyone under 18;": conduct, not a gate
            if rule.flag in R.DATA_KINDS and names_a_document(sentence, match.end()):
                continue  # "biometric data laws", "the Children's Online Privacy Protection Act"
            negated = is_negated(sentence, match.start(), match.end())
            read = reading(sentence, match.start(), match.end())
            limit_only = bool(R.NO_MORE_THAN_NEEDED.search(sentence))  # "not ... more than necessary" limits, not denies
            negated = negated and not limit_only
            if read.by_user and (negated or read.negated) and rule.flag not in NEEDS and not age_gate:
                continue  # "you will not use the Platform to collect health information": the user's duty
            if not negated and not limit_only:  # "We do not intentionally collect ... health data": the subject's verb is denied
                negated = read.negated
            if rule.flag in R.SENTENCE_NEGATION and not negated:
                negated = bool(R.NEGATION.search(R.NOT_ONLY.sub(" ", sentence)))
            if rule.flag in R.OWNED_BY_THE_PERSON and possessor(sentence, match.start()) == "other":
                continue  # "transfer funds to Bolt's bank account": the service's own, not the person's
            if negated and rule.flag in R.COLLECTION_DENIAL_ONLY and not R.COLLECTION_DENIAL.search(sentence):
                if possessor(sentence, match.start()) != "person":
                    continue  # "Acme does not control ... payment cards": denies something else of something unsaid
                negated = False  # "we do not charge your card until it ships": it holds the card
            if negated and rule.flag in R.ADMITTED_FLAGS and R.PRACTICE_ADMITTED.search(sentence):
                negated = False  # "we do not sell it in the traditional sense, but ... may be considered a sale"
            if negated and rule.flag == "partner_sharing" and R.SHARING_ADMITTED.search(sentence, match.end()):
                negated = False  # "we do not rent or sell it to third parties, however, we may share it with ..."
            if rule.flag == "children":  # minors with a parent's consent: allowed; "at least 13": closed
                allowed = any(not R.WITHOUT.search(sentence[max(0, m.start() - 12):m.start()])
                              for m in R.CHILDREN_ALLOWED.finditer(sentence))
                negated = not allowed and (negated or bool(R.CHILDREN_DENIED.search(sentence)))
                negated = negated or bool(R.CHILDREN_IN_FUTURE.search(sentence))
            hits.append((rule.flag, match, negated))
            break  # one trigger per rule and sentence is evidence enough
    return hits


def retention_attributes(sentence: str, negated: bool, at: int = 0) -> dict | None:
    """{"retention": value, "period": text} for a sentence about keeping data, or None.

    A stated period is "bounded (30 days)"; an end set by an event ("until you close your
    account", "deleted immediately after the check") is bounded too, with {"event": words};
    "permanently deleted" is how data ends, never "indefinite". "as necessary to ..." sets the
    period only after the keeping verb, which starts at `at`.
    """
    if R.RETENTION_INDEFINITE.search(R.PERMANENT_DELETION.sub(" ", _sub_clause(sentence, at))):
        if negated:
            return {"retention": "bounded"}
        return {"retention": "indefinite"}
    if R.RETENTION_NECESSARY.search(sentence) or R.RETENTION_AS_NEEDED.search(sentence, at):
        return {"retention": "as_long_as_necessary"}
    period = R.RETENTION_PERIOD.search(sentence)
    if period and R.RETENTION_MINIMUM.search(sentence):
        return None  # "kept for at least one year": a minimum, not a bound
    if period:
        return {"retention": "bounded", "period": re.sub(r"\s+", " ", period.group(1)).strip()}
    event = R.RETENTION_EVENT.search(sentence)
    if event:
        return {"retention": "bounded", "event": re.sub(r"\s+", " ", event.group(0)).strip(" ,")}
    return None


_SUB_CLAUSE_BREAKS = re.compile(r"[;:]|,?\s(?:but|however|whereas|although)\s", re.I)


def _sub_clause(sentence: str, at: int) -> str:
    """The part of the sentence between the breaks around `at`: in "We want your connections to
    last forever, but we keep your data only as long as necessary" the keeping says no "forever"."""
    start = max((m.end() for m in _SUB_CLAUSE_BREAKS.finditer(sentence, 0, at)), default=0)
    end = next((m.start() for m in _SUB_CLAUSE_BREAKS.finditer(sentence, at)), len(sentence))
    return sentence[start:end]


def signal_stance(sentence: str) -> dict | None:
    """{"dnt_gpc": "honoured"|"ignored", "signal": "dnt"|"gpc"} when the sentence takes a stance.

    Honouring is the service's own act ("we respond to DNT signals"); an explainer of what a
    website that responds to the signal would do takes no stance."""
    stances = []
    for piece in _SIGNAL_PIECES.split(sentence):
        mention = R.RULES_BY_FLAG["dnt_gpc"][0].trigger.search(piece)
        if not mention:
            continue
        signal = "dnt" if re.search(r"track|dnt", mention.group(0), re.I) else "gpc"
        plain = R.NOT_ONLY.sub(" ", _USER_SPARED.sub(" ", piece))
        if R.SIGNAL_SPARES.search(plain) and not R.SIGNAL_HANDLING_DENIED.search(plain):
            stances.append({"dnt_gpc": "honoured", "signal": signal})  # "with DNT enabled we do not collect analytics"
            continue
        negations = list(R.NEGATION.finditer(plain))
        practice_only = bool(negations) and all(R.PRACTICE_DENIAL.match(plain, n.start()) for n in negations)
        denied = negations and _SERVICE_VOICE.search(piece) and not practice_only  # not "you do not want to be tracked"
        denied = denied or any(is_negated(plain, m.start(), m.end()) and reading(plain, m.start(), m.end()).actor != "user"
                               for m in R.DNT_HONOUR.finditer(plain))  # "many businesses, including OkCupid, do not respond"
        if denied or _NO_STANDARD.search(piece) or R.SIGNAL_IGNORED.search(piece):
            stances.append({"dnt_gpc": "ignored", "signal": signal})
        elif any(service_acts(plain, m.start(), m.end()) for m in R.DNT_HONOUR.finditer(plain)):
            stances.append({"dnt_gpc": "honoured", "signal": signal})
    if not stances:
        return None
    gpc = [s for s in stances if s["signal"] == "gpc"]  # the signal the law makes binding speaks for the clause
    stances = gpc or stances
    ignored = [s for s in stances if s["dnt_gpc"] == "ignored"]
    return ignored[0] if ignored else stances[0]


def rule_hits(texts: list[str], flags) -> np.ndarray:
    """Boolean matrix texts × `flags`: the rules alone find the flag in the text (either polarity).

    Only the rules of `flags` run. The practices model unions its retention category with the
    retention-period rule this way (a stated period is a retention practice even where 67
    training segments taught the model little); the learned flag labels weigh themselves
    against these hits (`flags_learned`).
    """
    flags = list(flags)
    hits = np.zeros((len(texts), len(flags)), dtype=bool)
    for i, (text, rules) in enumerate(zip(texts, candidate_rules_per_text(texts, frozenset(flags)))):
        if rules:
            found = _clause_flags(Clause(i, 0, len(text), text), rules)
            hits[i] = [flag in found for flag in flags]
    return hits


def rule_phrases(text: str, flag: str) -> list[str]:
    """The words by which the rules find `flag` in `text` (the trigger, and a stated retention
    period), for evidence; [] when they do not."""
    found = _clause_flags(Clause(0, 0, len(text), text), candidate_rules_per_text([text], frozenset({flag}))[0])
    if flag not in found:
        return []
    period = found[flag].attributes.get("period")
    trigger, rest = found[flag].evidence[:1], found[flag].evidence[1:]
    return trigger + ([period] if period else []) + rest


def _clause_flags(clause: Clause, rules: list[R.FlagRule] | None = None, lead: str = "") -> dict[str, Finding]:
    """`lead` opens the list the clause is an item of (`obligations.list_lead`)."""
    found: dict[str, Finding] = {}
    rules = candidate_rules(clause.text) if rules is None else rules
    if not rules:
        return found
    inner = ""  # the lead of a list inside the clause
    for sentence in sentences_of(clause.text):
        for flag, match, negated in rule_matches(sentence, rules, inner or lead):
            attributes: dict = {}
            if flag == "retention_period":
                attributes = retention_attributes(sentence, negated, match.start())
                if attributes is None:
                    continue
                negated = False  # "we do not keep it longer than 30 days" is still a period
            elif flag == "dnt_gpc":
                attributes = signal_stance(sentence)
                if attributes is None:
                    continue
                negated = attributes["dnt_gpc"] == "ignored"
            elif negated and R.EXCEPTIONS.search(sentence[match.end():]):
                attributes = {"exceptions": True}
                if flag in NEEDS and R.EXCEPTED_CASES.search(sentence[match.end():]):
                    negated, attributes = False, {"exceptions": True, "denied": True}  # "... except when you ..., in which case we may use"
            _merge(found, clause, flag, match.group(0), negated, attributes)
            if flag in NEEDS:  # what the verb acts on is evidence too ("sell" + "your personal information")
                _add_evidence(found[flag], reading(sentence, match.start(), match.end()).object_words)
        inner = (inner or sentence) if sentence.endswith((";", ":")) else ""  # a list runs on while its items end in ";"
    return found


def _add_evidence(finding: Finding, phrase: str) -> None:
    if phrase and phrase.lower() not in (e.lower() for e in finding.evidence) and len(finding.evidence) < 4:
        finding.evidence.append(phrase)


def _merge(found: dict, clause: Clause, flag: str, phrase: str, negated: bool, attributes: dict) -> None:
    """Fold one sentence-level hit into the clause's finding for `flag`."""
    polarity = "does_not" if negated else "does"
    current = found.get(flag)
    if current is None:
        found[flag] = Finding(
            kind="flag",
            label=flag,
            clause_index=clause.index,
            score=NEGATED_SCORE if negated else RULE_SCORE,
            source=SOURCE,
            polarity=polarity,
            explanation=describe("flag", flag),
            evidence=[phrase],
            attributes=dict(attributes),
        )
        return
    if phrase not in current.evidence and len(current.evidence) < 3:
        current.evidence.append(phrase)
    # An affirmative statement outweighs a denial in the same clause, except for children,
    # where "we do not knowingly collect ..." is the policy and the rest is contingency.
    if polarity == "does" and current.polarity == "does_not" and flag not in R.DENIAL_WINS:
        current.polarity, current.score, current.attributes = "does", RULE_SCORE, dict(attributes)
    elif polarity == "does_not" and flag in R.DENIAL_WINS:
        current.polarity, current.score = "does_not", NEGATED_SCORE


def reads_language(lang: str | None) -> bool:
    """Whether the flag rules (and learned labels) read documents in `lang`: English only, for now."""
    return lang in ("en", "auto", None, "")


def detect_flags(clauses: list[Clause], lang: str = "en", model=None) -> list[Finding]:
    """Flag findings for every clause (English; other languages get none yet).

    `model` is the loaded practices model (`practices.Classifier`) the pipeline uses. When it
    has learned flag labels, they decide the presence of their flags together with the rules
    (`flags_learned`, per-flag mode chosen by cross-validation); without one the rules alone do.
    """
    if not reads_language(lang):
        return []
    texts = {c.index: c.text for c in clauses}
    per_clause = [
        _clause_flags(clause, rules, list_lead(texts, clause.index) if rules else "")
        for clause, rules in zip(clauses, candidate_rules_per_text([c.text for c in clauses]))
    ]
    verdicts = model.flag_verdicts(clauses) if model is not None and getattr(model, "flags", None) else None
    if verdicts is not None:
        model.apply_flag_verdicts(clauses, per_clause, verdicts)  # via the model: flags_learned imports this module
    return [finding for found in per_clause for finding in found.values()]
