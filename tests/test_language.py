"""Language detection from function-word profiles: sentences written here, then real corpora."""

from __future__ import annotations


import pytest

from contractlens.language import STOPWORDS, UNKNOWN, detect_language, language_scores

SENTENCES = {
    "en": "We may suspend your account at any time if we believe that you have broken these terms, "
          "and we will not be liable for any loss that this causes to you or to your business.",
    "de": "Wir können Ihr Konto jederzeit sperren, wenn wir der Meinung sind, dass Sie gegen diese "
          "Bedingungen verstoßen haben, und wir haften nicht für Schäden, die Ihnen dadurch entstehen.",
    "it": "Possiamo sospendere il tuo account in qualsiasi momento se riteniamo che tu abbia violato "
          "questi termini, e non saremo responsabili per le perdite che ne derivano per te o per la tua attività.",
    "pl": "Możemy zawiesić Twoje konto w dowolnym momencie, jeśli uznamy, że naruszyłeś niniejszy regulamin, "
          "i nie ponosimy odpowiedzialności za szkody, które z tego powodu poniesiesz ty lub twoja firma.",
    "fr": "Nous pouvons suspendre votre compte à tout moment si nous estimons que vous avez enfreint ces "
          "conditions, et nous ne serons pas responsables des pertes que cela vous cause ou cause à votre entreprise.",
    "es": "Podemos suspender su cuenta en cualquier momento si consideramos que usted ha incumplido estos "
          "términos, y no seremos responsables de las pérdidas que esto le cause a usted o a su empresa.",
    "nl": "Wij kunnen uw account op elk moment opschorten als wij van mening zijn dat u deze voorwaarden "
          "hebt geschonden, en wij zijn niet aansprakelijk voor het verlies dat dit voor u of uw bedrijf veroorzaakt.",
    "pt": "Podemos suspender a sua conta a qualquer momento se considerarmos que você violou estes termos, "
          "e não seremos responsáveis pelas perdas que isso cause a você ou à sua empresa.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_detects_each_supported_language_from_one_sentence(lang):
    assert detect_language(SENTENCES[lang]) == lang


def test_every_language_has_about_fifty_function_words():
    assert set(STOPWORDS) == {"en", "de", "it", "pl", "fr", "es", "nl", "pt"}
    for words in STOPWORDS.values():
        assert 45 <= len(words) <= 80


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "OK", "Lumenfold Quillnote Harbourline"])
def test_no_evidence_is_unknown(text):
    assert detect_language(text) == UNKNOWN


def test_an_even_mix_of_two_languages_is_unknown():
    assert detect_language(SENTENCES["de"] + " " + SENTENCES["fr"]) == UNKNOWN


def test_markup_and_numbers_do_not_disturb_detection():
    text = "## 4.2 Haftung\n\n**Wir haften nicht** für Schäden, die durch die Nutzung des Dienstes entstehen [1](https://x.test)."
    assert detect_language(text) == "de"


def test_scores_grow_with_evidence():
    one, two = language_scores(SENTENCES["it"]), language_scores(SENTENCES["it"] * 2)
    assert two["it"] == pytest.approx(2 * one["it"]) and one["it"] > max(v for k, v in one.items() if k != "it")
