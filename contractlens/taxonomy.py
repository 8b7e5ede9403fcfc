"""The single source of labels (DESIGN §2): unfair clauses, data practices, harvesting flags.

Each label has a short name, a plain-language description, why it matters to the person,
and a legal pointer where one exists. Every other module refers to labels by the keys here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    key: str
    name: str
    description: str
    why: str
    legal: str = ""


UNFAIR_LEVELS = {2: "potentially unfair", 3: "clearly unfair"}

UNFAIR: dict[str, Label] = {
    label.key: label
    for label in [
        Label(
            "a", "Arbitration",
            "Disputes must go to private arbitration instead of a court.",
            "You lose your day in court and often the right to join a class action.",
            "UCTD Annex 1(q)",
        ),
        Label(
            "ch", "Unilateral change",
            "The provider may change the terms whenever it likes.",
            "What you agreed to today can be rewritten later without your real consent.",
            "UCTD Annex 1(j)",
        ),
        Label(
            "cr", "Content removal",
            "The provider may delete your content at its discretion.",
            "Your posts, files or purchases can disappear without notice or reason.",
            "UCTD Annex 1(j)",
        ),
        Label(
            "j", "Jurisdiction",
            "Disputes must be brought in courts of the provider's choosing.",
            "Going to court may mean travelling to another country at your own cost.",
            "UCTD Annex 1(q); Brussels Ia Art. 18",
        ),
        Label(
            "law", "Choice of law",
            "The contract is governed by a law the provider picked.",
            "You may lose the protection of the consumer law where you live.",
            "Rome I Art. 6",
        ),
        Label(
            "ltd", "Limitation of liability",
            "The provider limits or excludes its liability for harm it causes.",
            "If the service loses your data or money, you may get little or nothing back.",
            "UCTD Annex 1(a)-(b)",
        ),
        Label(
            "ter", "Unilateral termination",
            "The provider may suspend or close your account at will.",
            "You can lose access to your account and everything in it without cause.",
            "UCTD Annex 1(f)-(g)",
        ),
        Label(
            "use", "Contract by using",
            "Merely using the site or app counts as accepting the terms.",
            "You are bound by terms you may never have seen.",
            "UCTD Annex 1(i)",
        ),
        Label(
            "pinc", "Privacy included",
            "Accepting the terms also counts as consent to the privacy policy.",
            "Consent to data processing is bundled into the contract instead of freely given.",
            "GDPR Art. 7(2), Recital 43",
        ),
    ]
}

PRACTICES: dict[str, Label] = {
    label.key: label
    for label in [
        Label(
            "first_party", "First-party collection/use",
            "What the service itself collects about you and what it uses it for.",
            "This is the baseline of what they know about you.",
            "GDPR Art. 13",
        ),
        Label(
            "third_party", "Third-party sharing/collection",
            "Who else receives or collects your data through the service.",
            "Once shared, your data is governed by companies you never dealt with.",
            "GDPR Art. 13(1)(e); CCPA §1798.115",
        ),
        Label(
            "choice", "User choice/control",
            "The choices you have over collection and use (opt-in, opt-out, settings).",
            "Tells you what you can switch off, and what is on by default.",
            "GDPR Art. 7, 21",
        ),
        Label(
            "access", "User access, edit & deletion",
            "Whether you can see, correct, export or delete your data.",
            "Without these rights you cannot take your data back.",
            "GDPR Art. 15-17, 20; CCPA §1798.105",
        ),
        Label(
            "retention", "Data retention",
            "How long your data is kept.",
            "Data kept forever can be breached, sold or repurposed forever.",
            "GDPR Art. 5(1)(e)",
        ),
        Label(
            "security", "Data security",
            "How your data is protected.",
            "Weak or unstated protection means your data is at risk in a breach.",
            "GDPR Art. 32",
        ),
        Label(
            "policy_change", "Policy change",
            "Whether and how you are told when the policy changes.",
            "Silent changes can expand what they do with data you already gave.",
            "GDPR Art. 13(3)",
        ),
        Label(
            "dnt", "Do Not Track",
            "How the service responds to browser Do-Not-Track signals.",
            "Tells you whether your browser's privacy signal is respected or ignored.",
            "CalOPPA §22575(b)(5)",
        ),
        Label(
            "audiences", "International & specific audiences",
            "Rules for children, residents of particular regions, and other groups.",
            "Children and some regions get extra protection; check whether you are covered.",
            "COPPA; GDPR Art. 8",
        ),
        Label(
            "other", "Other",
            "Introductory text, contact details and practices not covered above.",
            "Usually context rather than a commitment.",
        ),
    ]
}

# OPP-115 category names, as they appear in the consolidated annotations, mapped to keys.
OPP115_CATEGORIES: dict[str, str] = {
    "First Party Collection/Use": "first_party",
    "Third Party Sharing/Collection": "third_party",
    "User Choice/Control": "choice",
    "User Access, Edit and Deletion": "access",
    "Data Retention": "retention",
    "Data Security": "security",
    "Policy Change": "policy_change",
    "Do Not Track": "dnt",
    "International and Specific Audiences": "audiences",
    "Other": "other",
}

FLAGS: dict[str, Label] = {
    label.key: label
    for label in [
        Label(
            "sale", "Sale of personal data",
            "Your personal information is sold or exchanged for value.",
            "Sold data spreads to buyers you will never know about.",
            "CCPA §1798.120",
        ),
        Label(
            "targeted_ads", "Targeted advertising",
            "Your data is used to target or personalise advertising.",
            "Behavioural profiles follow you across the web.",
            "GDPR Art. 21(2); CCPA §1798.140(e)",
        ),
        Label(
            "third_party_tracking", "Third-party tracking",
            "Cookies, pixels, SDKs or analytics let other companies track you.",
            "Other companies watch what you do here and elsewhere.",
            "ePrivacy Directive Art. 5(3)",
        ),
        Label(
            "partner_sharing", "Sharing with partners or data brokers",
            "Data is shared with partners, affiliates or brokers for their own purposes.",
            "'Partners' can mean anyone; their use of your data is outside this policy.",
            "GDPR Art. 6",
        ),
        Label(
            "location", "Location data",
            "Your precise or approximate location is collected.",
            "Location reveals where you live, work, worship and who you meet.",
            "GDPR Art. 9 (where revealing); CCPA sensitive PI",
        ),
        Label(
            "health", "Health data",
            "Health, fitness or medical information is collected.",
            "Health data is among the most sensitive and most valuable to insurers and advertisers.",
            "GDPR Art. 9",
        ),
        Label(
            "biometric", "Biometric data",
            "Face, voice, fingerprint or other biometric identifiers are collected.",
            "You cannot change your face or fingerprints if they leak.",
            "GDPR Art. 9; BIPA",
        ),
        Label(
            "financial", "Financial data",
            "Payment, bank, credit or income information is collected.",
            "Financial data enables fraud and discriminatory pricing.",
            "GLBA; CCPA sensitive PI",
        ),
        Label(
            "children", "Children's data",
            "Data about children is collected or the service addresses children.",
            "Children cannot meaningfully consent; the law gives them extra protection.",
            "COPPA; GDPR Art. 8",
        ),
        Label(
            "retention_period", "Retention period",
            "How long data is kept: a bounded period, 'as long as necessary', indefinitely, or unstated.",
            "Indefinite or vague retention means your data may never be deleted.",
            "GDPR Art. 5(1)(e)",
        ),
        Label(
            "access_rights", "Access, correction, deletion, portability",
            "You can see, correct, delete or export your data.",
            "These rights are how you take control of data already collected.",
            "GDPR Art. 15-20; CCPA §1798.100-106",
        ),
        Label(
            "dnt_gpc", "Do-Not-Track / Global Privacy Control",
            "Whether browser privacy signals (DNT, GPC) are honoured or ignored.",
            "An ignored signal means opting out has to be done site by site, by hand.",
            "CCPA Regs §7025",
        ),
        Label(
            "ai_training", "AI/ML training on your data",
            "Your content or data is used to train artificial-intelligence models.",
            "What you write or upload can end up inside a model you have no control over.",
            "GDPR Art. 6; EU AI Act Art. 10",
        ),
        Label(
            "cross_border", "Cross-border transfer",
            "Your data is transferred outside your country or region.",
            "Abroad, your data may be subject to weaker protection and foreign authorities.",
            "GDPR Art. 44-49",
        ),
    ]
}

RETENTION_VALUES = ("bounded", "as_long_as_necessary", "indefinite", "unstated")
DNT_GPC_VALUES = ("honoured", "ignored", "silent")
POLARITIES = ("does", "does_not")
# flags whose meaning lies in an attribute (a retention period, a DNT stance), not in the polarity
ATTRIBUTE_FLAGS = ("retention_period", "dnt_gpc")

ALL_KINDS = {"unfair": UNFAIR, "practice": PRACTICES, "flag": FLAGS}


def label(kind: str, key: str) -> Label:
    """Look up a label by finding kind and key; KeyError names what was asked."""
    try:
        return ALL_KINDS[kind][key]
    except KeyError:
        raise KeyError(f"unknown {kind} label {key!r}") from None


def describe(kind: str, key: str, level: int | None = None) -> str:
    """One sentence for a person: what the clause does and why it matters."""
    lab = label(kind, key)
    text = f"{lab.description} {lab.why}"
    if kind == "unfair" and level in UNFAIR_LEVELS:
        text = f"{UNFAIR_LEVELS[level].capitalize()}: {text}"
    return text
