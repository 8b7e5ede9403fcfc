"""Which language a document is written in, from the frequency of its function words.

No dependency and no model file: each supported language has a list of very common
function words; a word shared by several lists counts for each of them in proportion. The
best language must beat the runner-up by a margin, else the answer is "unknown".
"""

from __future__ import annotations

import re
from collections import Counter

UNKNOWN = "unknown"
# the languages the unfair-clause model is trained for: what `--lang` can force
MODEL_LANGUAGES = ("en", "de", "it", "pl")

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to a in is that for it as with be on by this are or from at an not which "
        "you your we our us will may any have has been such these those their they its if "
        "shall would can all other than into under about when where who whose also only "
        "there what more".split()
    ),
    "de": frozenset(
        "der die das und zu den von mit ist des dem nicht ein eine einer eines einem sich "
        "auf für im sie wir uns unser unsere ihre ihr oder werden wird durch bei als auch "
        "an aus nach wenn dass diese dieser dieses können kann sind zur zum über nur vom "
        "sowie gegen hat haben".split()
    ),
    "it": frozenset(
        "il lo la i gli le di del della dei delle degli da dal dalla in nel nella con su "
        "per tra fra e ed è che non un una uno sono al alla ai alle agli come anche o se "
        "questo questa questi queste suo sua loro nostro nostra ci si può essere ogni qualsiasi".split()
    ),
    "pl": frozenset(
        "i w z na do nie się jest że o to lub oraz od przez dla po przy ze za jak które "
        "który która których którym jego jej ich tym ten ta te tego tej być może są nas "
        "nasz nasze nam was wam też także czy jeśli gdy tylko ani".split()
    ),
    "fr": frozenset(
        "le la les de des du un une et est en que qui dans pour par sur au aux avec ce "
        "cette ces il elle ils nous vous votre vos notre nos leur leurs ne pas plus ou "
        "son sa ses sont être été peut tout tous toute si lors dont afin".split()
    ),
    "es": frozenset(
        "el la los las de del y en que es un una por para con no se su sus al lo como "
        "más o pero este esta estos estas ese esa nuestro nuestra nuestros usted ustedes "
        "le les fue ser son está podemos puede cualquier sobre entre cuando donde también".split()
    ),
    # Detected so that a page in these languages is named, and said to be unread, not "no legal text"
    "nl": frozenset(
        "de het een en van in is dat op te voor met zijn niet aan als bij of ook door worden wordt "
        "deze dit die wij we ons onze u uw je jouw hebben heeft kan kunnen zal naar over uit tot "
        "dan om wanneer waar welke geen wat zo".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e em no na nos nas um uma por para com não se seu sua seus "
        "suas ao à pelo pela que é são ou como mais você vocês nosso nossa nossos podemos pode "
        "qualquer sobre entre quando onde também esta".split()
    ),
}
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "it": "Italian", "pl": "Polish", "fr": "French", "es": "Spanish",
    "nl": "Dutch", "pt": "Portuguese",
}


def language_name(code: str) -> str:
    """'French' for "fr"; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(code, code)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SAMPLE_CHARS = 15_000  # ~2,500 words, taken from the start, middle and end of long documents
_URL = re.compile(r"\S*://\S*|\bwww\.\S*")
MIN_EVIDENCE = 3.0  # at least this many (weighted) function words
MIN_MARGIN = 0.25  # the winner's score must beat the runner-up by this share of the winner


def _word_weights() -> dict[str, dict[str, float]]:
    """word → {language: weight}; a word shared by k languages weighs 1/k in each."""
    owners: dict[str, list[str]] = {}
    for lang, words in STOPWORDS.items():
        for word in words:
            owners.setdefault(word, []).append(lang)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in owners.items()}


_WEIGHTS = _word_weights()


def _spread_sample(text: str) -> str:
    """Start, middle and end of a long text: a preamble (menus, a list of languages) cannot decide alone."""
    third, middle = SAMPLE_CHARS // 3, len(text) // 2
    return " ".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))


def language_scores(text: str) -> dict[str, float]:
    """Weighted count of each language's function words in (the first words of) text."""
    counts = Counter(_WORD.findall(_URL.sub(" ", text[:SAMPLE_CHARS]).lower()))
    scores = dict.fromkeys(STOPWORDS, 0.0)
    for word, n in counts.items():
        for lang, weight in _WEIGHTS.get(word, {}).items():
            scores[lang] += n * weight
    return scores


def _decide(scores: dict[str, float]) -> str:
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < MIN_EVIDENCE or best_score - second_score < MIN_MARGIN * best_score:
        return UNKNOWN
    return best


def detect_language(text: str) -> str:
    """A code of STOPWORDS ("en", "de", "it", "pl", "fr", "es", "nl", "pt"); "unknown" when the
    evidence is thin or ambiguous.

    The opening of the text decides (a document in several languages starts with its main
    one); when the opening is undecided, samples from the middle and end are added.
    """
    answer = _decide(language_scores(text))
    if answer == UNKNOWN and len(text) > SAMPLE_CHARS:
        answer = _decide(language_scores(_spread_sample(text)))
    return answer
