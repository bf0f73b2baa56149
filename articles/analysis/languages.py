"""The language of a text, as an ISO 639-1 code ("en", "ru"), by py3langid's offline model.

`detect(text)` gives "" when the text is too short or the model too unsure to tell;
`normalise(value)` turns a language a file states ("en-GB", "RU", "fr_FR") into a code, or
None when it is not one. No Django here: ingest, re-analysis and the benchmark call these.
"""

import re
import threading

# Fewer letters than this is a caption or a name, not enough to tell a language by.
MIN_LETTERS = 20
# The model's probability (normalised over its languages) below which the text is too mixed
# or too unlike any language it knows to say. Close relatives share it: a Croatian text gives
# Bosnian and Serbian a part of it even when Croatian is plainly the best (and right) answer,
# so the language answered needs MIN_CONFIDENCE together with its group of CLOSE_RELATIVES.
MIN_CONFIDENCE = 0.8
CLOSE_RELATIVES = ({"hr", "bs", "sr"}, {"no", "nn", "da"}, {"ms", "id"})

# English names of the languages the model knows that have an ISO 639-1 code; detection
# answers only with these (py3langid's three-letter labels, such as Arabic dialects, are left out).
LANGUAGE_NAMES = {
    "af": "Afrikaans",
    "am": "Amharic",
    "an": "Aragonese",
    "ar": "Arabic",
    "as": "Assamese",
    "az": "Azerbaijani",
    "ba": "Bashkir",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "dz": "Dzongkha",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fo": "Faroese",
    "fr": "French",
    "fy": "Western Frisian",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gl": "Galician",
    "gu": "Gujarati",
    "ha": "Hausa",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian Creole",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "jv": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "km": "Khmer",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lg": "Ganda",
    "ln": "Lingala",
    "lo": "Lao",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mg": "Malagasy",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mn": "Mongolian",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "my": "Burmese",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "oc": "Occitan",
    "om": "Oromo",
    "or": "Odia",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "rw": "Kinyarwanda",
    "sa": "Sanskrit",
    "se": "Northern Sami",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sn": "Shona",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "st": "Southern Sotho",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tg": "Tajik",
    "th": "Thai",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "tt": "Tatar",
    "ug": "Uyghur",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "vo": "Volapük",
    "wa": "Walloon",
    "xh": "Xhosa",
    "yo": "Yoruba",
    "zh": "Chinese",
    "zu": "Zulu",
}

# Codes a file may state that name the same language as one above.
SYNONYMS = {"nb": "no", "iw": "he", "in": "id", "sh": "sr"}

# "en", "en-GB", "en_GB", "zh-Hant-TW": a primary subtag, then any others.
LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")

_identifier = None
_lock = threading.Lock()


def _model():
    """py3langid's identifier, loaded once (about three seconds) and only when first used."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages([c for c in identifier.labels if c in LANGUAGE_NAMES])
            _identifier = identifier
    return _identifier


def detect(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or "" when it has fewer than
    MIN_LETTERS letters or the model gives its best language (with its close relatives) less
    than MIN_CONFIDENCE."""
    if not text or sum(ch.isalpha() for ch in text[:10_000]) < MIN_LETTERS:
        return ""
    # The first 20,000 characters tell the language as well as the whole of a long text.
    model, text = _model(), text[:20_000]
    code, confidence = model.classify(text)
    group = next((g for g in CLOSE_RELATIVES if code in g), None)
    if confidence < MIN_CONFIDENCE and group:
        confidence = sum(p for language, p in model.rank(text) if language in group)
    return code if confidence >= MIN_CONFIDENCE else ""


def normalise(value: str) -> str | None:
    """The ISO 639-1 code of a language tag a file states ("en-GB" -> "en"), or None when the
    value is not a tag of a known language."""
    match = LANGUAGE_TAG.fullmatch(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    code = SYNONYMS.get(code, code)
    return code if code in LANGUAGE_NAMES else None


def language_name(code: str) -> str:
    """The English name of `code` ("ru" -> "Russian"); the code itself if unknown, "" for ""."""
    return LANGUAGE_NAMES.get(code, code)
