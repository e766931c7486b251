"""Language detection: one sentence per language, mixed text, and texts too short to tell."""
import pytest

from newsgraph.ingest.language import (ENGLISH_THRESHOLD, PREFIX_CHARS, UNDETERMINED, detect_language,
                                       is_english)

SENTENCES = {
    "en": "The central bank raised interest rates on Tuesday, citing persistent inflation and strong wages.",
    "fr": "La banque centrale a relevé ses taux d'intérêt mardi, invoquant une inflation persistante.",
    "de": "Die Zentralbank hat am Dienstag die Zinsen erhöht und verwies auf die anhaltende Inflation.",
    "es": "El banco central subió los tipos de interés el martes, citando la inflación persistente.",
    "ru": "Центральный банк во вторник повысил процентные ставки, сославшись на устойчивую инфляцию.",
    "zh": "中央银行周二宣布加息，理由是通货膨胀持续居高不下，工资增长强劲。",
}


@pytest.mark.parametrize("code, sentence", SENTENCES.items())
def test_each_language_is_recognised_with_confidence(code, sentence):
    detected, confidence = detect_language(sentence)
    assert detected == code
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   \n\t ", "12,345 678.9 -- 2024-05-01", "Paris", "NATO said"])
def test_too_short_or_letterless_text_is_undetermined(text):
    assert detect_language(text) == (UNDETERMINED, 0.0)


def test_english_story_with_a_french_quotation_is_english():
    text = (SENTENCES["en"] + " Officials in Brussels and Washington welcomed the decision, which markets had "
            "expected for weeks. The French minister said: « Nous ne céderons pas », before leaving.")
    assert detect_language(text)[0] == "en"


def test_half_and_half_text_is_one_of_its_languages_with_less_confidence():
    code, confidence = detect_language(SENTENCES["de"] + " " + SENTENCES["fr"])
    assert code in {"de", "fr"}
    assert confidence < detect_language(SENTENCES["de"] * 2)[1]


def test_only_the_prefix_is_read():
    text = SENTENCES["en"] * (PREFIX_CHARS // len(SENTENCES["en"]) + 1) + SENTENCES["ru"] * 200
    assert detect_language(text)[0] == "en"


def test_codes_are_two_letters_even_for_dialect_labels():
    cantonese = "佢哋今日喺度講緊嘢，我哋都唔知點算好，你識唔識講廣東話呀？"
    assert len(detect_language(cantonese)[0]) == 2


def test_is_english_follows_language_and_threshold():
    assert is_english(SENTENCES["en"])
    assert not is_english(SENTENCES["fr"])
    assert not is_english("")
    assert not is_english(SENTENCES["en"], threshold=1.01)
    assert 0.0 < ENGLISH_THRESHOLD < 1.0


def test_all_uppercase_headline_is_recognised():
    assert detect_language("CENTRAL BANK RAISES INTEREST RATES AS INFLATION PERSISTS")[0] == "en"


def test_the_identifier_scores_as_py3langids_own_restriction_to_two_letter_labels():
    """Made from the restricted tables alone: the same probabilities as py3langid's ``set_languages``."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newsgraph.ingest.language import language_identifier

    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages([label for label in restricted.labels if len(label) == 2])
    ours = language_identifier()
    assert ours.nb_classes == restricted.nb_classes and all(len(label) == 2 for label in ours.nb_classes)
    for sentence in SENTENCES.values():
        assert ours.classify(sentence) == restricted.classify(sentence)
