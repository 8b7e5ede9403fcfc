"""Phrase rules for the harvesting flags: what triggers each flag, what vetoes it, and negation.

Rules are regular expressions over one sentence (lower-cased). A rule has `trigger`
(the phrase that is evidence), optional `context` (must also occur in the sentence),
and optional `veto` (near-misses: "products we sell", "device fingerprinting", "the sale
of our business"). Negation is judged between the start of the trigger's sub-clause and
the trigger itself, so "we do not sell your personal information" is sale/does_not while
"if you do not agree, we may sell ..." stays sale/does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .flag_semantics import names_payment_data, relies_on_mechanism, third_party_named


@dataclass(frozen=True)
class FlagRule:
    flag: str
    trigger: re.Pattern
    context: re.Pattern | None = None
    veto: re.Pattern | None = None  # a near-miss phrase overlapping the trigger cancels it
    skip: re.Pattern | None = None  # a sentence mentioning this is about something else
    verb: bool = True  # the trigger is a verb whose actor and object `flag_semantics` checks
    legal_list: bool = False  # a law's list of special categories, naming no practice, is no evidence
    check: Callable[[str, int, int], bool] | None = None  # a reading of (sentence, start, end) the hit must pass
    # a description of the law's rights ("you have the right to opt out of the sale"): the sentence
    # is about the rights when it opens with one before the trigger (or its list's lead does); after
    # the service's own statement ("does not sell ... without providing a right to opt out") it is not
    described: re.Pattern | None = None


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


PERSONAL_DATA = r"(personal|your|user|users'?|customer|member|consumer|subscriber|contact|e-?mail)\s+(\w+\s+){0,2}(data|information|details|lists?|addresse?s?|info)|information\s+about\s+you"

# A sentence that only points to the cookie notice, or names SDKs and APIs as products
# ("If you use our SDKs, the Developer Terms apply"), says nothing about tracking.
TRACKING_ELSEWHERE = _rx(
    r"^\W*((a|an)\s+)?(web\s+beacons?|pixel\s+tags?|pixels|clear\s+gifs?|cookies|sdks?|tracking\s+pixels?)\s+(are|is|provide)\b|"
    # ... or defines the term: '"Third-party cookies" - cookies placed by ...', "... are set by a third-party site"
    r"^\W*(\d+(\.\d+)*\.?\s+)?\"?third[-\s]party\s+cookies\"?\s+([-–]|(are|is)\s+(set|placed)\s+by\s+(a|the)\s+"
    r"(third[-\s]party\s+)?(site|website|domain))|"
    r"\b(refer\s+to|see|read|visit|details|consult|learn\s+more|more\s+information)\b[^.]{0,80}\b(cookies?|privacy)\s+(policy|notice|statement)\b"
    r"|\b(cookies?|privacy)\s+(policy|notice|statement)\s+(details|describes|explains)\b"
    r"|^(?!.*\b(collect|track|cookies|pixels?|beacons?|advertis\w*|analytics|personal|information\s+about)\b).*\b(sdks?|software\s+development\s+kits?)\b"
    # ... or says how the person's browser or device settings block cookies or opt out of tracking
    r"|^(?!.*\bwe\s+(use|allow|permit|work|partner))(?=.*\b(browsers?|settings?)\b).*\b(block|delet|reject|refus|disabl)\w*\s+"
    r"(\w+\s+){0,6}(third[-\s]party\s+)?cookies\b|\bopt[-\s]?out\b[^.;]{0,80}\b(device|browser)('s|’s)?\s+settings"
)
# Children as the topic of content rules ("child sexual abuse material", "harmful to minors",
# "products for children"), not as people whose data is collected.
CHILDREN_AS_TOPIC = _rx(
    r"\bchild\s+(sexual|abuse|exploitation|pornograph\w*|endangerment|safety)|\bcsam\b|abuse\s+material|"
    r"\b(harm\w*|exploit\w*|endanger\w*|groom\w*|damage)\s+(\w+\s+){0,3}(to\s+)?(minors?|children)|"
    r"(minors?|children)\s+(\w+\s+){0,2}from\s+harm|inappropriate\s+for\s+(children|minors)|products?\s+for\s+children|"
    r"privacy\s+of\s+(young\s+)?children|importance\s+of\s+children['’]s\s+privacy|including\s+minors|for\s+a\s+child\s+or\s+another|information\s+society\s+services"
    # ... or the service's other websites for children, which this document does not govern
    r"|\b(separate|other)\s+(\w+\s+)?(web\s*)?sites?\s+(\w+\s+){0,2}(directed|targeted|intended|designed|aimed)\s+(to|toward|towards|at|for)\s+(children|kids|minors)"
)
# Advice to parents and the tools it names (parental controls, online-safety sites), what content is
# (un)suitable for children, and a request made for one's minor child speak of children, not of data the
# service collects from them.
CHILDREN_ADVISED = _rx(r"^(?!.*\b(permission|consent)\b).*\b(you|parents?)\s+(are|"
                       r"is)\s+(solely\s+)?responsible\b[^.]{0,80}\b(child|children|kids?|minors?)|"
                       r"\bresponsibility\s+of\s+parents|safe\s+online\s+environment|\b(urge|encourage|advise|recommend|"
                       r"suggest)\w*\s+(that\s+)?(all\s+)?(parents|guardians|you\s+consider|you\s+to\s+(become|be|get|stay)\s+involved)|"
                       r"\bparents\s+(and\s+\w+\s+)?should\b|\bparental\s+(controls?|guidance)|(suitable|unsuitable|"
                       r"appropriate)\s+for\s+(children|minors|kids)|child[-\s]?porn\w*|(exploit|abus|"
                       r"sexuali[sz])\w*\s+(\w+\s+){0,3}(minors|children)|\bby\s+minors|especially\s+children|"
                       r"child[-\s]friendly|(stay\w*|keep\w*)\s+(\w+\s+){0,2}safe\s+online|keep\s+(your\s+)?(children|"
                       r"kids)\s+safe|protect\w*\s+(your\s+)?(kids|children)(\s+online)?\b|protecting-kids|"
                       r"on\s+behalf\s+of\s+(your\s+)?minor\s+child|supervision\s+of\s+(use\s+)?(\w+\s+){0,4}by\s+children")
# A procedure to report a child's data ("If you believe a child has given us personal data, please contact
# us"): where it does not say what the service then does (deletes it, closes the account), it states nothing.
# (Reporting an under-age member, without data, is how the service keeps minors out: an age gate.)
CHILD_REPORTED = _rx(r"^(?!.*\b(prevent|delet|remov|terminat|clos|deactivat)\w*)(?=.*\b(personal|information|"
                     r"data)\b)(^\W*(if|where|should)\s+(you|a\s+parent|parents|any\s+parent)\b[^.]*\b(believe|aware|think|"
                     r"learn|discover|suspect|concerned)\w*\b[^.]*(contact|notify|let\s+us\s+know|e-?mail|write\s+to|"
                     r"tell\s+us|reach\s+out)|^\W*parents?\s+(or\s+(legal\s+)?guardians?\s+)?(who\s+believe|may\s+contact|"
                     r"should\s+contact))")
# A parent's procedure ("If you are the parent of a child who gave us data, please contact us to have it
# deleted", "make a request on behalf of your child") and advice to have the terms read to a minor say what a
# parent may do, not what the service does with children's data.
CHILD_PROCEDURE = _rx(r"^\W*if\s+(you\s+are\s+(a|the)\s+parent|a\s+parent|parents|you\s+believe\s+(that\s+)?your\s+child)\b[^.]*?,"
                      r"\s*(then\s+)?(please\s+)?((you|they|he\s+or\s+she)\s+(may|can|should|must)\s+(also\s+)?)?\W*(contact|alert|"
                      r"notify|e-?mail|write\s+to|let\s+us\s+know|reach\s+out|request|ask|call)\b"
                      r"|\brequests?\s+(\w+\s+){0,6}on\s+behalf\s+of\s+(your|their)\s+(minor\s+)?child"
                      r"|^(?!.*\b(agree|consent|accept|approv|permission)\w*).*\bask\s+(them|(your\s+)?(parents?|guardians?|parent\s+or\s+"
                      r"(legal\s+)?guardian))\s+(\w+\s+){0,3}to\s+(read|explain)\b")

# Children as people who use the service or whose data it handles: a sentence about them names data, an
# age, consent, an account, use or access. "A search engine for children", "children's mattresses" and
# "every child learns differently" name children as an audience or a market.
CHILDREN_AS_USERS = _rx(
    r"\b(data|information|collect\w*|personal|consent\w*|age|ages|aged|under|years?|old|older|account\w*|regist\w*|sign\w*\s+up|"
    r"permit\w*|allow\w*|parent\w*|guardian\w*|coppa|knowingly|verif\w*|intended|directed|use|uses|using|used|access\w*|eligib\w*|"
    r"prohibit\w*|privacy|protect\w*|supervis\w*|teen\w*|adults?|detect\w*|remov\w*|delet\w*|shar\w*|location)\b")
# A law as the sentence's subject ("The Children's Online Privacy Protection Act requires ...", "FERPA is a
# federal law that ...", "Under FERPA, schools must ..."): what the law says, not what the service does.
LAW_SPEAKS = re.compile(
    r"^\W*(The\s+)?([A-Z][\w’'\"“”()-]*\s+){0,8}(Act|Law|Regulation|Directive|COPPA|FERPA|GDPR|CCPA)\b[^.]{0,40}\b(requires?|is\s+a|affords|"
    r"prohibits|defines|provides?|gives?|grants?)\b|^\W*Under\s+(COPPA|FERPA|GDPR|CCPA|CPRA|the\s+([A-Z]\w*\s+){1,6}Act),"
    r"|^\W*([A-Z]\w*\s+){1,3}laws?\s+(requires?|allows?|permits?|prohibits?|defines?)\b")

# The children flag's polarity: a minor may use the service with a parent's consent ("does"),
# or the service is closed to them ("does not").
CHILDREN_ALLOWED = _rx(
    r"\b(parent\w*|guardian\w*)\b[^.;]{0,60}\b(consent|permission|supervis\w+|involvement|approval|review\s+and\s+agree)\b"
    r"|\b(consent|permission|supervision|involvement)\s+of\s+(a|your|their)\s+parent|\bteen\s+(accounts?|terms|experience)|under\s+13\s+experience"
    # ... or the service takes children in under its own terms: it lets them register, makes an exception for
    # its kids' club, asks a child for no more than an activity needs, or deletes what a child gave it after use
    r"|\b(do|does|will|may|can)\s+allow\s+children\s+(under\s+(the\s+age\s+of\s+)?\d+\s+)?to\s+(register|create|sign|join|participate)"
    r"|\bexcept\s+(for\s+)?(\w+\s+){0,4}(registrations?|clubs?|programs?)\b|\bwhen\s+a\s+child\b[^.;]{0,40}\b(registers|signs\s+up|participates)"
    r"|\bmore\s+(personal\s+)?information\s+than\s+(is\s+)?(reasonably\s+)?necessary|\b(will\s+not|won't|do\s+not)\s+(keep|retain|store)\s+the\s+child"
)
WITHOUT = _rx(r"\bwithout\b")
CHILDREN_DENIED = _rx(
    r"\b(prohibit\w*|at\s+least\s+(the\s+age\s+of\s+)?(\d+|thirteen|sixteen|eighteen)|not\s+(intended|directed|available)|"
    r"take\s+steps\s+to\s+delete|delet\w*\s+(all\s+)?(that|such|the|this|any)?\s*(data|information)|reason\s+to\s+believe\s+that\s+a\s+child|"
    r"do\s+not\s+knowingly|not\s+knowingly|unauthori[sz]ed|not\s+permitted|(years\s+(of\s+age\s+)?)?or\s+older|believe\s+that\s+a\s+child|"
    # the service keeps minors out: it detects and removes them, or asks to be told of one
    r"(detect|remov|ban|block|disabl|terminat)\w*\s+(\w+\s+){0,3}(child\w*|minors?|teens?|(users?|accounts?)\s+(of|under))|"
    r"(suspect|learn|discover|aware)\w*\s+(that\s+)?(\w+\s+){0,3}(is|are|was)\s+(a\s+)?(child|minor|under)|"
    # ... it deletes what it learns it collected from a child, checks ages, or admits adults only
    r"(learn|discover|aware|knowledge|find\s+out|determine)\w*\b[^.]{0,120}\b(delet|remov|eras|purg|deactivat|terminat|destroy)\w*|"
    r"age\s+(assurance|verification|gate|checks?)|prevent\s+(their\s+)?access|unable\s+to\s+(register|create|sign)|only\s+adults)\b"
)

# Collecting from children stated as a future possibility ("If in the future we collect personal information
# from children, we will do so with parental consent"): today the service does not.
CHILDREN_IN_FUTURE = _rx(r"\bif\s*,?\s*(in\s+the\s+future|ever|at\s+some\s+(point|time))\s*,?\s*we\s+(\w+\s+){0,2}(collect|solicit|obtain|receive|ask)")

# A description of the law's opt-out rights (who may ask, to whom data "may have been sold")
# says nothing of what this service does.
RIGHTS_DESCRIPTION = _rx(r"\bauthori[sz]ed\s+agent|\bcategories\s+of\s+(third\s+parties|recipients)\b|\bright\s+to\s+opt[-\s]?out\b"
                         r"|\bprovide\s+you\s+with\s+a\s+list\b|\blimit\s+ad\s+tracking\b|\bopt\s+out\s+of\s+(interest-based\s+ads|ads\s+personali[sz]ation)\b"
                         # ... a list of the person's rights that ends in opting out of targeted ads ("you may have the
                         # right to request a copy ..., and to opt out of targeted advertising")
                         r"|^(?!.*\bwe\s+(use|show|serve|deliver|display|engage|may\s+use))(?=.*\b(have|has)\s+(the\s+|certain\s+)?rights?\b)"
                         r".*\bopt[-\s]?out\s+of\s+(\w+\s+){0,8}(targeted|interest-based|personali[sz]ed|behaviou?ral|cross-context)\b"
                         # ... or limiting ads "on your browser or mobile device": the device's controls
                         r"|\blimit\b[^.]{0,80}\b(advertising|ads)\s+(on|through|via|in)\s+your\s+(\w+\s+){0,3}(browser|device)s?\b")

# An opt-out of ads through an industry body (DAA, NAI, EDAA) or the device's or browser's settings points to
# tools for any company's ads; it does not say this service targets ads. Nor does an explanation of the term
# ("This process is called interest-based advertising") or of what laws define as such.
AD_CHOICE_ELSEWHERE = _rx(r"^(?=.*\b(opt[-\s]?out|limit\w*|control\w*|choices?|prevent\w*|manag\w*|adjust\w*|learn\s+more|"
                          r"more\s+information|offer\s+(you\s+)?a\s+way))(?=.*(aboutads|youronlinechoices|networkadvertising|"
                          r"optout\.|digital\s+advertising\s+alliance|network(ing)?\s+advertising\s+initiative|\bdaa\b|\bnai\b|"
                          r"\bedaa\b|(device|browser|operating\s+system)('s|’s)?\s+(privacy\s+)?settings|settings\s+(in|of|on|"
                          r"within)\s+(your\s+)?(\w+\s+)?(browser|device|operating\s+system)|limit(ing)?\s+ad\s+tracking|"
                          r"operating\s+systems?|advertising\s+networks\s+offer))")
AD_TERM_EXPLAINED = _rx(r"\b(is|are)\s+called\b|^\W*([\w-]+\s+){0,2}(advertising|ads)\s+(is|are|means|refers\s+to)\s+(a|an|"
                        r"the|when)\b|\blaws?\b[^.]{0,80}\b(defin\w*|considered|describe\w*)\b|\bmay\s+be\s+(considered|"
                        r"deemed)\s+(a\s+|as\s+)?[\"“]")

# A transfer mechanism's name (the Data Privacy Framework, standard contractual clauses) is evidence
# only where the sentence speaks of a transfer or of the service relying on or taking part in it;
# named in a heading or in the Framework's own principles it says nothing of the person's data.
TRANSFER_STATED = _rx(r"\b(transfer\w*|transmit\w*|outside|abroad|international\w*|cross[-\s]border|other\s+countries|"
                      r"(rel(y|ies|ied)|depend\w*)\s+on|us(e|es|ing)|tak(e|es|ing)\s+part|certif\w+|participat\w+|compl(y|ies|iance)|adhere\w*|self-certif\w+|"
                      r"sen[dt]|stor\w+|process\w+|hosted|moved)\b")
# A way to ask for a copy of the transfer safeguards, or a pointer to the section on transfers, says where
# to read about transfers; the section itself says whether they happen.
TRANSFER_ELSEWHERE = _rx(r"\b(request|obtain|ask\s+for)\s+(a\s+)?cop(y|ies)\s+of\b|\bfor\s+a\s+copy\s+of\b|"
                         r"\b(please\s+)?see\s+the\s+(\w+\s+)?(section|sections)\b"
                         # ... consent to storage or processing in one country, or a storage place, without a transfer said
                         r"|^(?!.*\b(transfer\w*|transmit\w*|sen[dt]|outside|other\s+countries|third\s+countries|abroad|cross[-\s]border|"
                         r"internationally)\b)(?=.*\b(consent\w*\s+to\s+(the\s+)?(\w+\s+){0,3}(stor\w*|process\w*)|(stored|hosted)\s+(\w+\s+){0,6}"
                         r"hosting\s+(provider|company|service)s?)\b)"
                         # ... or the service itself hosted or run in one country ("The Services are hosted and operated in
                         # the United States"), saying where its servers are, not that the person's data moves
                         r"|^(?!.*\b(transfer\w*|transmit\w*|sen[dt]|data|information|worldwide|globally|around\s+the\s+world)\b)"
                         r"(?=.*\b(services?|sites?|websites?|properties|platforms?|apps?|applications?)\b[^.;]{0,60}\b(are|is)\s+"
                         r"([\w,]+\s+){0,4}(hosted|operated)\b)"
                         # ... or a lead-in ("For transfers to third countries:") that leaves the saying to its list
                         r"|^\W*for\s+(\w+\s+){0,2}transfers?\b[^.]*:\s*$")
# The law's list of special categories ("personal data revealing racial or ethnic origin, political
# opinions, ... genetic data, biometric data, data concerning health"): a definition of sensitive
# data, evidence of a practice only where the service speaks of itself in the sentence.
SPECIAL_CATEGORIES = _rx(r"\b(racial|ethnic\s+origin|political\s+(opinions?|views|affiliation)|religious|philosophical|trade\s+union|"
                         r"sex\s+life|sexual\s+orientation|criminal\s+(convictions?|records?|history|offen[cs]es))\b")
SERVICE_SPEAKS = _rx(r"\b(we|us|our)\b|\b(does|do|will|may)\s+not\s+(\w+\s+)?(collect|process|use|ask|encourage|want)\w*|\b(collects|processes|uses)\b")
# "you will not use the Platform to collect health information": the user's duty, not a practice.
USER_PROHIBITION = _rx(r"^\W*please\s+(do\s+not|don't|never)\b|^\W*(\w+\W+){0,4}?(you|users?|members?)\s+(also\s+)?(agree\s+(that\s+you\s+)?|acknowledge\s+that\s+you\s+)?"
                       r"((will|shall|must|should|agree)\s+(not|never)\b|(won't|mustn't|shan't))|^\W*(\w+\W+){0,3}?you\s+(also\s+)?agree\s+not\s+to\b")
# "we don't want to use more of your information than necessary to ...": a limit on excess, not a denial.
NO_MORE_THAN_NEEDED = _rx(r"\bmore\s+(\w+\s+){0,6}than\s+(is\s+)?(strictly\s+)?(necessary|needed|required)\b")

# A liability or warranty disclaimer ("in no event shall we be liable for any unauthorized access to ...
# financial information stored therein") names the person's data as what might go wrong, not as what
# the service does with it.
DISCLAIMER = _rx(r"\b(not\s+be\s+liable|no\s+(event|case)\s+(shall|will)|shall\s+in\s+no\s+event|(assumes?|accept|bear)\s+no\s+"
                 r"(liability|responsibility)|makes?\s+no\s+(warrant\w*|representations?)|disclaim\w*|not\s+(be\s+)?responsible\s+for)\b")

# Health words name the person's data only where the sentence handles data: "consult a doctor with
# any questions regarding a medical condition" and a seizure warning's "symptoms" give advice.
HANDLES_DATA = _rx(r"\b(data|information|info|details|records?|collect\w*|process\w*|us(e|es|ed|ing)|shar\w+|stor\w+|"
                   r"disclos\w+|receiv\w+|provid(e|es|ed|ing)|obtain\w*|access\w*|track\w*|infer\w*|sell\w*|sold|retain\w*|keep)\b")

# Not a retention period: a licence the user grants ("the right to use, copy, store ... your content"), data
# kept on after deletion only where the law or a dispute requires ("we may continue to retain it as
# necessary to comply with our legal obligations"), an account deleted as a penalty for misconduct.
RETENTION_ELSEWHERE = _rx(
    r"\b(grants?|granting)\b[^.;]{0,120}\b(rights?|licen[cs]e)\s+to\s+([\w-]+,?\s+){0,8}(store|host|keep|retain)\b"
    r"|\blicen[cs]es,\s+rights\b[^.;]{0,120}\b(store|host|keep|retain)\b"
    r"|^(?=.*\b(continue\s+to\s+(retain|keep|store|hold)|even\s+after|however,\s+we\s+may\s+(retain|keep)|may\s+retain\s+certain))"
    r"(?=.*\b(laws?|legal\w*|regulatory|disputes?|fraud\w*|enforce\w*|abuse)\b)"
    r"|\bdelet\w*\s+(\w+\s+){0,2}accounts?\b[^.;]{0,80}\b(serious|violat\w*|breach\w*|misconduct|penalt\w*|suspension)"
    r"|\b(serious|violat\w*|breach\w*|misconduct)\b[^.;]{0,80}\bdelet\w*\s+(\w+\s+){0,2}accounts?\b"
    # a period never stated ("deleted after a set period of time"), a right to delete what lies inactive
    r"|\bafter\s+a\s+(set|certain|specified|predetermined|fixed|defined)\s+(period|amount|length)\s+of\s+time\b"
    r"|\b(retains?|reserves?)\s+the\s+right\s+to\s+(delete|remove|erase)\b[^.;]{0,120}\b(inactiv|no\s+(\w+\s+)?activity)"
)

# What a device, a browser or its settings let the person do ("Most devices let you disable location
# services", "you can use your device settings to limit location tracking"): the device's controls, not
# what the service collects.
DEVICE_CONTROLS = _rx(r"^\W*(most|many|some)\s+(\w+\s+)?(devices|phones|smartphones|browsers|operating\s+systems)\b"
                      r"|\byou\s+can\s+(also\s+)?use\s+(the|your)\s+(\w+\s+){0,2}settings\b"
                      # ... turning it off, managing or disabling it in the device's or an app's settings
                      r"|^(?!.*\bwe\b).*\b(turn\w*\s+(\w+\s+){0,5}(on\s+or\s+)?off|toggle\s+off|disabl\w+|manage\s+or\s+disable)\b"
                      r"[^.;]{0,80}\b(settings?|permissions?)\b"
                      r"|^(?!.*\bwe\b).*\b(settings?|permissions?|help\s+function)\b[^.;]{0,80}\b(turn\w*\s+(\w+\s+){0,3}off|toggle\s+off|"
                      r"disabl\w+|manage\s+or\s+disable|update\s+your\s+location\s+permissions)"
                      r"|^(?!.*\bwe\b).*\b(allow|let)s?\s+you\s+(to\s+)?(disable|turn\s+off|update)\b")

RULES: list[FlagRule] = [
    FlagRule(
        "sale",
        _rx(r"\b(sell|sells|selling|sold|rent|rents|rented|renting|sale\s+of|selling\s+of)\b"),
        context=_rx(PERSONAL_DATA + r"|\b(personal\s+data|personal\s+information|your\s+data|data\s+about\s+you|it|them)\b"
                    r"|\b(information|data)\s+(about|from|of)\s+(you|children|minors|anyone|consumers|users|individuals)\b"),
        # a merger, or a description of the law's rights ("the right to opt out of the sale")
        skip=_rx(r"\b(merger|acquisition|acquired|bankruptcy|reorgani[sz]ation|insolvency)\b|"
                 r"\b(law|act|ccpa|cpra)\b[^.]{0,40}\brequires?\b"),
        described=_rx(r"\bright\s+to\s+(request|know|opt|receive|obtain)|\bbusiness\s+or\s+commercial\s+purposes?\b|\bprovide\s+you\s+with\s+a\s+list\b|\bopt[-\s]?out\s+of\s+(the\s+)?(sale|selling)"
                      # ... or the procedure of such a request ("if you ask us to stop selling, we will", "the categories
                      # we have sold", "if we have not sold your data, we will tell you")
                      r"|\b(request|ask)\w*\s+(\w+\s+){0,6}(stop|cease)\s+(selling|the\s+sale)|\b(if|whether)\s+we\s+have\s+(not\s+)?sold"
                      r"|\b(request|ask)\w*\s+(that\s+)?(we|us)\s+(to\s+)?(do\s+)?not\s+\W?(sell|rent)"  # "you may request that we not sell"
                      r"|\bcategories\s+of\s+(personal\s+)?information\s+(that\s+)?we\s+(have\s+)?sold|\bcollected,?\s+(used,?\s+)?disclosed,?\s+(and|or|and/or)\s+sold"),
        veto=_rx(r"\b(do\s+not\s+sell\s+(or\s+share\s+)?(my|request)|sale\s+of\s+(all|some|part|substantially|a\s+portion|any\s+part|our|the|its)\s+(\w+\s+){0,3}(business|company|assets|stock|shares)|sale\s+of\s+(goods|products|tickets)|products?\s+(we|they)\s+sell|we\s+sell\s+(products|goods|merchandise)|sellers?\b)"),
    ),
    FlagRule(
        "sale",
        _rx(r"\b(exchange[sd]?|trade[sd]?|trading|share[sd]?)\b[^.;]{0,60}\b(for\s+(money|monetary|valuable)|(monetary|other\s+valuable)\s+consideration)"),
    ),
    FlagRule(
        "targeted_ads",
        _rx(r"\b((targeted|interest[-\s]based|behaviou?ral(ly)?|personali[sz]ed|tailored|customi[sz]ed|relevant|cross[-\s]context\s+behaviou?ral)\s+(\w+\s+){0,1}(advertising|advertisements?|ads|marketing)|(re-?targeting|re-?marketing)|(advertising|ads|advertisements?)\s+(that\s+(are|may\s+be)\s+)?(based\s+on|tailored\s+to|relevant\s+to|targeted\s+to)\s+(your|their)\s+(\w+\s+){0,2}(interests?|browsing|activit|behaviou?r|preferences)|(target|tailor|personali[sz]e|customi[sz]e)\s+(\w+\s+){0,2}(ads|advertising|advertisements|marketing))"),
        skip=_rx("|".join(p.pattern for p in (RIGHTS_DESCRIPTION, AD_CHOICE_ELSEWHERE, AD_TERM_EXPLAINED))),
    ),
    FlagRule(
        "third_party_tracking",
        _rx(r"\b(third[-\s]party\s+(cookies|tracking|trackers|analytics|pixels?|sdks?|advertising\s+cookies)|(facebook|meta|conversion)\s+pixels?|google\s+analytics|doubleclick|(advertising|analytics)\s+(partners|providers|companies|networks)\s+(\w+\s+){0,4}(use|place|set|collect|track)|(third\s+parties|partners|advertisers|ad\s+networks)\s+(may\s+)?(\w+\s+){0,2}(use|place|set|serve|drop)\s+(their\s+own\s+|\w+\s+)?(cookies|pixels|beacons|tracking))"),
        veto=_rx(r"\bstrictly\s+necessary\s+cookies\s+only\b"),
        skip=TRACKING_ELSEWHERE,
    ),
    FlagRule(  # a beacon, pixel or SDK is a third party's tracker only where one is named (`third_party_named`)
        "third_party_tracking",
        _rx(r"\b(tracking\s+pixels?|pixel\s+tags?|web\s+beacons?|clear\s+gifs?|software\s+development\s+kits?|sdks?)\b"),
        veto=_rx(r"\bstrictly\s+necessary\s+cookies\s+only\b"),
        skip=TRACKING_ELSEWHERE,
        check=third_party_named,
        verb=False,
    ),
    FlagRule(
        "partner_sharing",
        _rx(r"\b(share|shares|sharing|shared|disclose|discloses|disclosed|provide|provides|transfer|ma[dk]e\s+available|give)\b[^.;]{0,90}\b(business\s+partners|marketing\s+partners|advertising\s+partners|trusted\s+partners|our\s+partners|partners|affiliates|data\s+brokers|sponsors|third\s+parties\s+for\s+their\s+own|third\s+parties\s+(\w+\s+){0,2}marketing)\b"),
        # ... nor data the partners give ("information shared by ad partners"), nor a request to know about sharing
        veto=_rx(r"\b(service\s+providers?\s+(who|that)\s+(act|process)\s+on\s+our\s+behalf)\b"
                 r"|\b(shared|provided|disclosed|made\s+available|given|sent)\s+(to\s+us\s+)?by\s+[^.;]{0,60}\b(partners|affiliates)\b"
                 # ... nor partners that offer something ("opportunities presented by partners") or whose rights a
                 # disclosure protects ("to protect the legal rights of Hulu and our affiliates"): not recipients
                 r"|\b(presented|offered|sponsored|operated)\s+by\s+(\w+\s+){0,3}(partners|affiliates|sponsors)\b"
                 r"|\b(rights|safety|property|interests)\s+of\s+[^.;]{0,40}\b(partners|affiliates)\b"),
        described=_rx(r"\b(request|ask)\w*\s+(\w+\s+){0,3}information\s+(\w+\s+){0,6}(about|regarding)\b|\bshine\s+the\s+light\b"),
        skip=_rx(r"\b(merger|acquisition|acquired|bankruptcy|reorgani[sz]ation|insolvency)\b|\bgrant\w*\s+[^.;]{0,200}\blicen[cs]e\b"),
    ),
    FlagRule(  # the plain denial ("we do not share your personal information with third parties / advertisers"),
        # which names no partner; only where the sentence denies something, as a bare "third parties" is also
        # where service providers, authorities and the user's own sharing are named
        "partner_sharing",
        _rx(r"\b(share|disclose|rent|trade|give|provide|transfer|make\s+available)\b\s+(\w+\s+){0,3}(" + PERSONAL_DATA + r")"
            r"[^.;]{0,40}?\b(with|to)\s+(any\s+)?(unaffiliated\s+|non-?affiliated\s+|outside\s+)?"
            r"(third[-\s]part(y|ies)|advertisers|other\s+companies|marketers|anyone(\s+else)?)\b"),
        context=_rx(r"\b(not|never|no)\b|n['’]t\b"),
        skip=_rx(r"\b(merger|acquisition|acquired|bankruptcy|reorgani[sz]ation|insolvency)\b"),
    ),
    FlagRule(
        "partner_sharing",
        _rx(r"\bdata\s+brokers?\b"),
        veto=_rx(r"\bfrom\s+[^.;]{0,80}\bdata\s+brokers?"),  # data received from brokers is not data given to them
        verb=False,
    ),
    FlagRule(
        "location",
        _rx(r"\b(geo-?location|gps|precise\s+location|approximate\s+location|general\s+location|(live|real-time)\s+location|location\s+of\s+your\s+(device|ride|vehicle|phone|trip)|(?<!co-)location\s+(data|information|services|history|tracking)|latitude|longitude|physical\s+location)\b"),
        veto=_rx(r"\b(office|store|our)\s+locations?\b(?![^.]*\b(your|device)\b)"),
        skip=DEVICE_CONTROLS,
    ),
    FlagRule(
        "location",
        _rx(r"\b(your|device'?s?|mobile\s+device'?s?|phone'?s?|ride'?s?)\s+(\w+\s+){0,1}location\b"),
        context=_rx(r"\b(collect\w*|us(e|es|ed|ing)|shar\w+|access\w*|determin\w+|infer\w*|track\w*|process\w*|obtain\w*|receiv\w+|stor\w+|detect\w*|disclos\w+|gather\w*)\b"),
        skip=_rx(r"\b(var(y|ies)|depend\w*|taxes|fees|prices|deliver\w*)\b|^(?!.*\b(determin|infer|detect)\w*).*\bavailable\s+(\w+\s+){0,5}(in|for|at)\s+your\s+location\b"),
    ),
    FlagRule(  # a bare "location" among the kinds of the person's data a list names ("your name, birthday and location")
        "location",
        _rx(r"(?<![-\w])location(?![-\w])"),
        veto=_rx(r"\b(office|store|our|business|company|event|branch|shop)\s+location\b"),
        context=_rx(r"\b(names?|e-?mail(\s+address(es)?)?|phone\s+numbers?|ip\s+address(es)?|birthda(y|te)|date\s+of\s+birth|gender|"
                    r"profile\s+photo)\s*(,|and|or)\s*([^.;:]{0,100}[,;]\s*)?(and\s+|or\s+)?location(?![-\w])"
                    r"|(?<![-\w])location\s*[,;]\s*([^.;:]{0,100}[,;]\s*)?(and\s+)?(your\s+)?(e-?mail|phone\s+numbers?|gender|birthday|"
                    r"date\s+of\s+birth|mobile\s+carrier|device\s+information|ip\s+address)"),
        skip=DEVICE_CONTROLS,
        verb=False,
    ),
    FlagRule(
        "health",
        _rx(r"\b((health|medical|fitness|wellness)[-\s]+(related\s+)?(data|information|records?|conditions?|history|details)|"
            r"(data|information|details)\s+(about|regarding|concerning|revealing)\s+(\w+,?\s+){0,6}health|"
            r"(information|details|data)\s+about\s+(a|your|any)\s+disabilit\w+|prescription\s+(details|information|data|history|records)|"
            r"diagnos(is|es)\s+you|mental\s+health|heart\s+rate|medical\s+diagnos\w*|medications?\s+you|menstrua\w+|pregnan\w+|"
            r"sleep\s+data|blood\s+(pressure|sugar|glucose)|genetic\s+(data|information|testing)|symptoms)\b"),
        veto=_rx(r"\bconsumer\s+health\s+data\s+privacy\s+(policy|notice)|\b(health\s+(and|&)\s+safety|financial\s+health|"
                 r"protected\s+health\s+information\s+is\s+not)\b"
                 r"|\bsymptoms\s+(and\s+\w+\s+)?of\s+(the\s+)?(issues?|problems?|errors?|faults?|defects?|malfunctions?)\b"),
        # ... nor medical advice ("if you feel these symptoms, consult your doctor")
        skip=_rx(r"\bdiscriminat\w*|\bon\s+the\s+basis\s+of\b|\bconsult\s+(your|a)\s+(doctor|physician)|\bseizures?\b|\bepilep\w*"),
        context=HANDLES_DATA,
        legal_list=True,
    ),
    FlagRule(
        "biometric",
        _rx(r"\b(biometrics?|face\s?prints?|facial\s+(recognition|geometry|features|scans?|data)|face\s+(recognition|geometry|scans?|id)|fingerprints?|voice\s?prints?|iris\s+scans?|retina(l)?\s+scans?|palm\s+prints?|hand\s+geometry|gait)\b"),
        # ... nor a browser's fingerprint, nor an identity document with a chip ("biometric passport")
        veto=_rx(r"\b(device|browser|canvas|digital)\s+fingerprint(s|ing)?\b|\bfingerprinting\b|\b(device|browser)\s+(\w+\s+)?(or|and)\s+fingerprint"
                 r"|\bbiometric\s+(ids?|passports?|documents?|chips?|identity\s+(documents?|cards?)|id\s+documents?)\b"),
        # unlocking one's own device (a passkey, Face ID) keeps the biometric on the device
        skip=_rx(r"\bpasskeys?\b|\b(log\s+in|sign\s+in|unlock)\s+(to\s+)?(your\s+)?(device|phone)\b"),
        legal_list=True,
    ),
    FlagRule(
        "financial",
        _rx(r"\b(credit\s+cards?|debit\s+cards?|bank\s+(account|details|information)|payment\s+(card|information|details|data|method|option)s?|billing\s+(information|details|address)|financial\s+(information|data|details|account)|card\s+numbers?|credit\s+(history|score|report)|income|((card|financial|checking|savings|bank|primary)\s+)account\s+numbers?|card\s+(details|information|data)|routing\s+numbers?|iban)\b"),
        veto=_rx(r"\b(financial\s+(statements|results|year|performance|reports?)\s+of\s+(the|our)\s+company)\b"
                 r"|\b(net|gross|taxable)\s+income\b|\bincome\s+tax\w*"
                 r"|\b(identification|identity|id|insurance|loyalty|gift|membership|library|sim)\s+card\s+numbers?"
                 r"|\b(county|state|country|city)\s+of\s+your\s+billing\s+address"
                 r"|\b(credit|debit)\s+card\s+(company|companies|issuers?|providers?|networks?)\b"
                 # the methods a service accepts ("we may change the payment methods"), not the person's card
                 r"|\b(the|other|our|accepted|available|following|different|alternative|certain|various|some|many|most)\s+payment\s+(methods|options)\b(?!\s+(you|that\s+you|on\s+file|associated|linked))"),
        # card payments as a way to buy; financial information about the company or markets
        skip=_rx(r"\b(purchase|pay)\w*\s+(\w+\s+){0,3}(with|using|by)\s+(a|an|your)?\s*(corporate\s+)?((credit|debit)\s*/\s*)?(credit|debit)\s+card"
                 r"|\bfinancial\s+(or\s+investment\s+)?information\s+(\w+\s+){0,2}(about|relating\s+to|regarding|concerning)\s+(?!you)"),
        check=names_payment_data,  # a refund, a payout or a way to pay is a payment term, not data received
    ),
    FlagRule(
        "children",
        _rx(r"\b(child|children|children's|kids?|minors?|under\s+(the\s+age\s+of\s+)?(1[0-8])|coppa|parental\s+consent|parents?\s+or\s+(legal\s+)?guardians?|teens?|teenagers?)\b"),
        # ... nor "minor" as an adjective ("minor changes", "the impact is not minor")
        veto=_rx(r"\b(child\s+(company|companies|process|element|theme)|parent\s+company)\b"
                 r"|\bunder\s+\d+\s+U\.?\s?S\.?\s?C\b"  # a statute ("under 18 U.S.C. § 2257"), not an age
                 r"|\bminor\s+((negative|positive|adverse|cosmetic)\s+)?(changes?|updates?|edits?|modifications?|amendments?|errors?|issues?|revisions?|adjustments?|variations?|"
                 r"deviations?|defects?|bugs?|details?|differences?|corrections?|technical|impact|delays?|damages?|repairs?)\b"
                 r"|\b(is|are|be|being|not|very|only|relatively|largely)\s+minor\b(?!\s+(child|children|users?|'s))"),
        skip=_rx("|".join(p.pattern for p in (CHILDREN_AS_TOPIC, CHILDREN_ADVISED, CHILD_REPORTED, CHILD_PROCEDURE))),
        context=CHILDREN_AS_USERS,
    ),
    FlagRule(
        "retention_period",
        _rx(r"\b(retain|retains|retained|retaining|retention|keep|keeps|kept|store|stores|stored|storing|hold|holds|held|delete|deleted|erase|purge|purged)\b"),
        context=_rx(r"\b(\d+|one|two|three|six|twelve|thirty|ninety)\s*(\(\d+\)\s*)?(hours?|days?|weeks?|months?|years?)\b|as\s+long\s+as|for\s+(the\s+)?(period|time)\s+(necessary|needed|required)|no\s+longer\s+than\s+(necessary|needed|required)|as\s+(otherwise\s+)?(reasonably\s+)?(necessary|needed)\s+(to|for)|how\s+long\s+we\s+need|indefinite(ly)?|permanently|forever|unlimited\s+period|until\b|immediately|upon|after|no\s+(ongoing|longer)\s+(\w+\s+){0,3}need"),
        # ... nor a browser deleting its cookies, a shop ("your store's page"), "held true"
        veto=_rx(r"\b(cookies?\s+(expire|last|remain)|session\s+cookies?|delete\s+cookies|held\s+true)\b"
                 r"|\b(your|our|the|a|online|retail|app)\s+store(s|'s|’s)?\b(?!\s+(it|them|your|data|information|personal))"),
        skip=RETENTION_ELSEWHERE,
    ),
    FlagRule(
        "access_rights",
        _rx(r"\b(right\s+to\s+(request\s+)?(access|know|correct|rectif\w+|delete|deletion|erasure|be\s+forgotten|data\s+portability|portability|obtain\s+a\s+copy|receive\s+a\s+copy)|((you|users?|members?)\s+(can|cannot|can't|may|may\s+not|are(\s+not)?\s+able\s+to|will\s+not\s+be\s+able\s+to|have\s+the\s+right\s+to)|ability\s+to)\s+(\w+\s+){0,2}(access|review|update|correct|edit|delete|erase|export|download|request\s+(deletion|access|a\s+copy))\s+(\w+\s+){0,3}((your|the)\s+(\w+\s+){0,2})?(information|data|account|profile|content|messages|posts)|request\s+(the\s+)?(deletion|erasure|correction)\s+of\s+your|data\s+subject\s+(access\s+)?requests?)\b"),
        skip=_rx(r"\b(see|refer\s+to|read\s+more\s+in)\b[^.;]{0,60}\bsection\b"),  # a pointer to where the rights are
    ),
    FlagRule(
        "dnt_gpc",
        _rx(r"\b(do[\s-]*not[\s-]*track|dnt\b|global\s+privacy\s+control|\bgpc\b|sec-gpc|opt-out\s+preference\s+signals?|universal\s+opt-out\s+mechanisms?)"),
        # "we do not track you" is the service's practice, not the signal; "dnt=1" set on embedded players is a
        # parameter the service sends, not the person's signal
        veto=_rx(r"(?-i:\b([Ww]e|I|[Tt]hey|[Ii]t)\s+(do|does|did|will|would)\s+not\s+track\b)(?!\s+(signals?|settings?|requests?|headers?))"
                 r"|\bdnt\s*=\s*1\b|[\"“]dnt\s+on[\"”]"),
        skip=_rx(r"\b(for\s+more\s+information|please\s+see|refer\s+to|learn\s+more)\b"),
    ),
    FlagRule(
        "ai_training",
        _rx(r"\b(train|trains|trained|training|fine-?tun\w*|improv\w+|develop\w*|build\w*)\b[^.;]{0,60}\b(artificial\s+intelligence|ai|machine[-\s]learning|ml|(language|foundation|generative|ai|ml)\s+models?|models?|algorithms?|llms?|neural\s+networks?)\b"),
        context=_rx(r"\b(your|user|users'?|customer|personal|content|data|inputs?|prompts?|conversations?|uploads?|posts?|images?|recordings?|messages?|information)\b"),
        veto=_rx(r"\b(train(ing)?\s+(our|its)\s+(staff|employees|personnel|team)|(staff|employees|personnel)\s+(are\s+|receive\s+|undergo\s+)?(\w+\s+){0,2}train|business\s+models?|pricing\s+models?|role\s+models?|model\s+(numbers?|names?|year)|security\s+training|privacy\s+training)\b"),
    ),
    FlagRule(
        "ai_training",
        _rx(r"\b(machine[-\s]learning|artificial\s+intelligence|ai|models?)\b[^.;]{0,40}\b(trained|training)\s+(on|using|with)\b"),
        veto=_rx(r"\b(staff|employees|personnel)\b"),
    ),
    FlagRule(
        "cross_border",
        _rx(r"\b((transfer\w*|stor\w+|process\w*|hosted|moved|sen[dt]\w*|accessed)\b[^.;]{0,80}\b(outside\s+(of\s+)?(your|the|its)\s+(\w+\s+){0,3}(country|countries|jurisdiction|region|eea|european|uk|eu|state|province)|outside\s+(the\s+)?(eea|eu|uk|european\s+(economic\s+area|union)|switzerland)|to\s+(other|third)\s+countries|in\s+(other|third)\s+countries|countries\s+other\s+than|internationally|abroad|across\s+borders|to\s+the\s+united\s+states|in\s+the\s+united\s+states)|international\s+(data\s+)?transfers?|cross[-\s]border\s+(data\s+)?(transfers?|processing))\b"),
        context=TRANSFER_STATED,
        # goods sent abroad and money sent abroad, not data
        veto=_rx(r"\b(shipments?|parcels?|packages?|deliver\w*|post)\b[^.;]{0,60}\boutside\b|\bmoney\s+transfer|"
                 r"\btransfer\w*\s+(of\s+)?(money|funds)\b|\bremittances?\b"),
        skip=TRANSFER_ELSEWHERE,
    ),
    FlagRule(
        "cross_border",
        _rx(r"\b(standard\s+contractual\s+clauses|adequacy\s+decisions?|privacy\s+shield|data\s+privacy\s+framework|binding\s+corporate\s+rules)\b"),
        check=relies_on_mechanism,
        skip=TRANSFER_ELSEWHERE,
        verb=False,
    ),
]

# A Do Not Track stance of honouring stated by what the service then refrains from: "If you have Do Not Track
# enabled, we do not collect any analytics data", "enable the Do Not Track setting, then we won't count you"; not
# the browser's request ("the browser sends a message requesting websites not to track the user").
SIGNAL_SPARES = _rx(r"^(?=.*\b(if|when|whenever|once|then)\b)(?=.*\b(enabl\w*|turn\w*\s+on|use\s+it|sends?|set)\b)"
                    r"(?=.*\b(we|our|us|(the|this)\s+(site|website|service|app))\b)"  # the service refrains, not the browser's
                    r".*(\bnot|n['’]t|\bnever)\s+(?!to\b)(\w+\s+){0,3}(collect|log|track|count|record|store|place|load|serve)\w*")
# ... unless the handling itself is denied ("we will not respond to it")
SIGNAL_HANDLING_DENIED = _rx(r"(\bnot|n['’]t|\bnever)\s+(\w+\s+){0,2}(respond|honou?r|recogni[sz]e|respect|support|process|act\s+on|comply)")
# A denial of a practice near the signal's name ("Do Not Track Policy We do not allow tracking cookies") says
# nothing of the signal: every negation there governs a practice, none the signal's handling.
PRACTICE_DENIAL = _rx(r"(\bnot|n't|\bnever|\bno)\s+(\w+\s+){0,2}(allow|collect|use|track|share|sell|set|place|log|store|pass|make\s+use|"
                      r"serve|permit)\w*")

# Negation cues that flip a trigger to "does_not" when they precede it in the same sub-clause.
NEGATION = _rx(
    r"\b(not|never|no|neither|nor|n't|cannot|without|refrain\s+from|prohibit(s|ed)?\s+\w+\s+from|decline\s+to|won't|don't|doesn't|didn't|isn't|aren't)\b|n't\b"
)
NEGATION_BREAKERS = _rx(r"^\W*(even\s+)?(if|when|where|while|although|once)\b[^,;]{0,150},|[,;:]\s*(but|however|although|except|unless|if|when|where|while)\b|\b(but|however|unless|except|only\s+if|if\s+you\s+do\s+not|if\s+you\s+don't)\b")
NOT_ONLY = _rx(r"\bnot\s+only\b|\b(that|which|who)\s+(is|are)\s+not\b|\bwithout\s+limitation\b|\bwithout\s+(an?\s+)?adequacy\b|\bno\s+(later|longer|more)\s+than\b|\bno\s+matter\b|\bwhether\s+or\s+not\b|\bnot\s+limited\s+to\b|\bdo\s+not\s+sell\s+(or\s+share\s+)?(my|request|link|page)\b|\bdo\s+not\s+sell[\"”]|\bdo[\s-]*not[\s-]*track\b"
    r"|\byou\s+(do\s+not|don't)\s+(want|wish)\b")

# A denial qualified by an admission ("we do not sell data in the traditional sense, but some practices may be
# considered a sale under the law", "although we do not sell it for money, we do sell it"): the practice is stated.
PRACTICE_ADMITTED = _rx(r"\bwe\s+do\s+(sell|share)\b|\b(may|might|could|would)\s+(\w+\s+)?(be\s+)?(considered|deemed|treated\s+as|"
                        r"constitute|qualify\s+as)\s+(an?\s+)?[\"“]?(sale|selling|sharing)\b")
ADMITTED_FLAGS = frozenset({"sale", "partner_sharing"})
# ... and a denial of selling or renting followed by sharing all the same ("does not rent or sell personal information
# to third parties, however, we reserve the right to share it with third parties when ..."): sharing is stated.
SHARING_ADMITTED = _rx(r"\b(however|but)\b,?\s+we\s+(\w+\s+){0,4}(share|disclose)\w*\b")

# What opens a list of examples of a verb's object: the examples share the verb's polarity.
EXAMPLES_OPEN = _rx(r"\(\s*(e\.\s?g\.|i\.\s?e\.|such\s+as|including|for\s+example)|,?\s+(such\s+as|including|for\s+example)\b")

# After a noun trigger ("payment information"), a passive denial: "... is not shared".
# ... not across a subordinate clause ("we obtain your device's location even if you are not using the app").
PASSIVE_NEGATION = _rx(r"^\W*((?!(if|when|even|unless|while|although|because|whether|who|which|that)\b)\w+\W+){0,4}?"
                       r"(is|are|was|were|will|shall|be|being|has|have)\s+(not|never)\b|^\W*(\w+\W+){0,4}?(isn't|aren't|won't)\b")
# Words that say a browser signal is disregarded, besides plain negation.
SIGNAL_IGNORED = _rx(r"\bignor\w*|\bdisregard\w*"
                     # ... or that the service cannot act on it ("our websites are currently unable to respond to DNT signals")
                     r"|\bunable\s+to\s+(\w+\s+){0,2}(respond|honou?r|recogni[sz]e|process|support|act\s+on|comply)")

# Retention values (taxonomy.RETENTION_VALUES) from the phrase that states the period.
RETENTION_PERIOD = _rx(
    r"(?:for|up\s+to|within|after|of|than|least|most|maximum\s+of|period\s+of)\s+((?:\d+|one|two|three|four|five|six|seven|ten|twelve|thirty|sixty|ninety)\s*(?:\(\d+\)\s*)?(?:calendar\s+|business\s+)?(?:hours?|days?|weeks?|months?|years?))"
)
RETENTION_NECESSARY = _rx(
    r"as\s+long\s+as\s+(\w+\s+){0,4}(necessary|needed|required|reasonably|permitted|relevant)|for\s+(the\s+)?(period|time)\s+(\w+\s+){0,2}(necessary|needed|required)|no\s+longer\s+than\s+(is\s+)?(necessary|needed|required)"
    r"|how\s+long\s+we\s+need"
    # ... or until the purpose lapses: "when we no longer have a business need", "after a reasonable period"
    r"|\bno\s+(ongoing\s+|longer\s+(have\s+an?\s+)?)?(legitimate\s+)?(business\s+)?need\b|\bonce\s+the\s+purpose"
    r"|\bafter\s+(a|the)\s+(lapse\s+of\s+a\s+)?(reasonable|set)\s+period"
)
# A minimum the data is kept ("we keep it for at least one year") is no bound on how long it is kept.
RETENTION_MINIMUM = _rx(r"\b(retain\w*|keep|keeps|kept|stor(e|es|ed)|hold|holds|held)\s+(\w+\s+){0,12}?for\s+(a\s+(period|"
                        r"minimum)\s+of\s+)?at\s+least\b")
# "kept as necessary to provide the service" sets the period only after the keeping verb: in
# "deliver your information as necessary to integrate ..., so that it can be stored" it governs
# the delivery.
RETENTION_AS_NEEDED = _rx(r"\bas\s+(otherwise\s+)?(reasonably\s+)?(necessary|needed)\s+(to|for)\b")
# Bounded by an event rather than a period: "until you close your account", "as long as your
# account is active", "deleted immediately after the check", "deleting your account deletes ...".
RETENTION_EVENT = _rx(
    r"as\s+long\s+as\s+(you\s+(have|maintain|keep|use|remain)\s+(an?\s+|your\s+)?(\w+\s+)?(account|subscription|member)\w*"
    r"|your\s+(\w+\s+)?account\s+(is|remains)\s+(active|open|in\s+existence))"
    r"|until\s+(you\s+(\w+\s+)?(delete|close|remove|cancel|ask|request|deactivate|terminate|withdraw)|your\s+account\s+is\s+(deleted|closed)"
    r"|the\s+end\s+of|termination|deletion|we\s+receive)\b[^.;,]{0,50}"
    r"|\b(delet|eras|purg|remov|destroy|anonymi[sz])\w*\s+(\w+\s+){0,2}?(immediately|upon|once|when"
    r"|after\s+(?!\d|one\b|two\b|three\b|six\b|twelve\b|thirty\b|ninety\b)\w+)[^.;,]{0,50}"
    r"|\b(deleting|closing)\s+your\s+account\s+(\w+\s+)?(deletes|erases|removes)"
)
RETENTION_INDEFINITE = _rx(r"\bindefinite(ly)?\b|\bpermanently\b|\bforever\b|\bunlimited\s+(period|time)\b|\bno\s+(set|fixed)\s+(retention\s+)?period\b")
# "permanently deleted" says how data ends, not that it is kept for ever.
PERMANENT_DELETION = _rx(r"\bpermanently\s+(\w+\s+(or\s+)?)?(delet|eras|remov|purg|destroy|anonymi|bar)\w*|\b(delet|eras|remov|purg|destroy)\w*\s+(\w+\s+){0,3}permanently"
                         # ... and so is what the person loses for good ("you will permanently forfeit your items")
                         r"|\bpermanently\s+(forfeit|lose|los[et])\w*")

# DNT/GPC stance (taxonomy.DNT_GPC_VALUES): words that say the signal is acted upon.
DNT_HONOUR = _rx(
    r"\bopt[-\s]?out\b[^.;]{0,80}\b(by\s+(broadcasting|sending|setting|enabling|using|turning\s+on)|using|via|through)\b|"
    r"\btreat\w*\s+(\w+\s+){0,6}(signals?|it|them)\s+as\s+(an?\s+)?(valid\s+)?(opt[-\s]?out|request)|\bin\s+response\s+to\b|"
    r"\b(process(es|ed)?|honou?r\w*|respect\w*|respond\w*\s+to|recogni[sz]e\w*|comply\s+with|treat\w*\s+(it|them|this|the\s+signal|such\s+signals?)\s+as|process\w*\s+(it|them|such\s+signals?)\s+as|support\w*|act\w*\s+on|opt\s+you\s+out|will\s+be\s+opted\s+out|turn\w*\s+off)\b"
)

# After a negated trigger, these words mean the denial has exceptions ("... except as described").
EXCEPTIONS = _rx(r"\b(except|unless|other\s+than|without\s+your\s+(prior\s+)?(express\s+)?(consent|permission)|save\s+as)\b")

# Exceptions that name the cases where the service does what it denies ("we do not use Your Data to
# train our models except (a) when you use a free plan, (b) when you provide Feedback"): the answer
# is "does", in those cases; a blanket "except as described in this policy" leaves the denial.
EXCEPTED_CASES = _rx(r"\bexcept\s+(\(\w\)|\w\))\s+(when|where|if|for)\b|\bexcept\s+(when|where|if)\s+you\s+(use|are|have\s+not|do\s+not|don't)\b")

# Flags where a denial anywhere in the sentence is the statement ("if you are under 13, you may
# not use the service"): the policy is about keeping children out, not collecting from them.
SENTENCE_NEGATION = frozenset({"children"})

# Flags whose denial must deny the collection itself: "we do not charge your card until it
# ships" still holds the card; "we never store your full card number" denies; "we don't use sleep
# data for ads" or "we will not disclose health information to marketers" denies only a use.
COLLECTION_DENIAL_ONLY = frozenset({"financial", "health"})
COLLECTION_DENIAL = _rx(r"(\bnot|\bnever|n't|\bno)\s+(\w+\s+){0,2}(collect|store|receive|see|have\s+access|access|process|retain|keep|ask|request|shar|disclos|sell|sold|include|encourag|solicit|want)\w*"
                        r"|\brefrain\w*\s+from\s+(\w+\s+){0,1}(send|shar|provid|collect|disclos|transmit)\w*")

# Flags that name a kind of data: named in a law's or a policy's title ("biometric data laws") they are no evidence.
DATA_KINDS = frozenset({"health", "biometric", "children", "financial", "location", "third_party_tracking"})

# Flags whose noun must be the person's: the service's own bank account is not financial data.
OWNED_BY_THE_PERSON = frozenset({"financial"})

# A duty of the user that hands the person's data over ("you must provide a valid payment card") still says
# the service receives it; one that only binds ("you represent that the card is yours") does not.
HANDS_OVER = _rx(r"\b(provid\w*|submit\w*|enter\w*|suppl(y|ies|ied)|giv(e|es|ing)|add(s|ed|ing)?|regist\w*|updat\w*|link\w*|on\s+file|"
                 r"keep|maintain)\b")

# Flags where a duty put on the user is the answer: "you may not register if you are under 13"
# closes the service to children.
AGE_GATES = frozenset({"children"})

# A duty about other people's children ("you will not allow anyone under 13 to use the product", "direct
# your page to children") binds the user; it is no age gate.
OTHERS_CHILDREN = _rx(r"\b(allow|permit|let)\s+(any\s+)?(individual|person|one|anyone|child|children|minors?)\b"
                      r"|\bdirect\w*\s+(\w+\s+){0,8}to\s+children")

# A duty that is the children flag's answer, not conduct: an age limit or a parent's consent.
AGE_GATE = _rx(r"^(?!.*(" + OTHERS_CHILDREN.pattern + ")).*?(" + CHILDREN_DENIED.pattern + "|" + CHILDREN_ALLOWED.pattern
               + r"|\byou\s+(are|must\s+be)\b)")

# Flags where a denial in a clause outweighs affirmative mentions of the same flag.
DENIAL_WINS = frozenset({"children"})

RULES_BY_FLAG: dict[str, list[FlagRule]] = {}
for _rule in RULES:
    RULES_BY_FLAG.setdefault(_rule.flag, []).append(_rule)
