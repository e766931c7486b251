"""Which language an article is written in, offline, with py3langid's bundled model.

``detect_language`` looks only at the first ``PREFIX_CHARS`` characters (the language of a news
article does not change after its first paragraphs, and the cost grows with the length).  A text
with fewer than ``MIN_LETTERS`` letters ("Paris", "12,345", "") says nothing reliable about its
language, so it gets ``UNDETERMINED`` with confidence 0.0 instead of a wild guess.

Codes are ISO 639-1: the model is restricted to its two-letter labels, so a dialect label such as
``arz`` (Egyptian Arabic) or ``yue`` (Cantonese) folds into its macro-language (``ar``, ``zh``).
The confidence is py3langid's normalised probability of the winning language, in [0, 1].
"""
from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsgraph.collector import loaded_without_collection

PREFIX_CHARS = 2000  # characters read from the start of the text
MIN_LETTERS = 12  # fewer letters than this in the prefix: undetermined
UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"
ENGLISH_THRESHOLD = 0.5  # is_english: minimum confidence that the text is English


@lru_cache(maxsize=1)
@loaded_without_collection
def language_identifier() -> LanguageIdentifier:
    """The py3langid model, loaded once (about 2 s), restricted to ISO 639-1 labels. Made from the
    restricted tables alone, as ``set_languages`` would restrict it, so that the full table (28 MB) is
    not kept beside them."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    kept = [index for index, label in enumerate(full.nb_classes) if len(label) == 2]
    return LanguageIdentifier(full.nb_ptc[:, kept], full.nb_pc[kept], [full.nb_classes[index] for index in kept],
                              full.tk_nextmove, full.tk_output, norm_probs=True, tk_row=full.tk_row)


def count_letters(text: str) -> int:
    return sum(1 for character in text if character.isalpha())


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, confidence)`` of ``text``; ``("und", 0.0)`` when it is too short to tell."""
    prefix = text[:PREFIX_CHARS]
    if count_letters(prefix) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    code, confidence = language_identifier().classify(prefix)
    return code, round(float(confidence), 4)


def is_english(text: str, threshold: float = ENGLISH_THRESHOLD) -> bool:
    """True when the text is detected as English with at least ``threshold`` confidence."""
    code, confidence = detect_language(text)
    return code == "en" and confidence >= threshold
