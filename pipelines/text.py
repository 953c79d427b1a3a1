"""Vietnamese text: legacy TCVN3 (ABC) and VNI-Windows text told from Unicode by evidence,
NFC, matching keys, numbers typed as text."""

import codecs
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# TCVN3 (ABC) code points as Latin-1 characters -> Unicode. Upper-case TCVN3 fonts (.VnTimeH)
# reuse the lower-case codes, so only these capitals have codes of their own.
_TCVN3_GROUPS = (  # (TCVN3, Unicode), vowel by vowel
    ("µ¸¶·¹", "àáảãạ"),
    ("¨»¾¼½Æ", "ăằắẳẵặ"),
    ("©ÇÊÈÉË", "âầấẩẫậ"),
    ("®ÌÐÎÏÑ", "đèéẻẽẹ"),
    ("ªÒÕÓÔÖ", "êềếểễệ"),
    ("×ÝØÜÞ", "ìíỉĩị"),
    ("ßãáâä", "òóỏõọ"),
    ("«åèæçé", "ôồốổỗộ"),
    ("¬êíëìî", "ơờớởỡợ"),
    ("ïóñòô", "ùúủũụ"),
    ("\xadõøö÷ù", "ưừứửữự"),
    ("úýûüþ", "ỳýỷỹỵ"),
    ("¡¢§£¤¥¦", "ĂÂĐÊÔƠƯ"),
)
_TCVN3_TABLE = str.maketrans(
    "".join(t for t, _ in _TCVN3_GROUPS), "".join(u for _, u in _TCVN3_GROUPS)
)

# VNI-Windows (VNI-Times) writes a letter as its base letter followed by a mark character; a few
# letters have a character of their own. Marks follow the case of the font, the letter keeps its own.
_VNI_LETTERS = str.maketrans("ñÑôÔöÖæÆóÓòÒîÎ", "đĐơƠưƯỉỈĩĨịỊỵỴ")
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT, _HAT, _BREVE = (
    "\u0300",
    "\u0301",
    "\u0303",
    "\u0309",
    "\u0323",
    "\u0302",
    "\u0306",
)
_VNI_MARKS = {
    "ù": _ACUTE,
    "ø": _GRAVE,
    "û": _HOOK,
    "õ": _TILDE,
    "ï": _DOT,  # after a e o u y ơ ư
    "â": _HAT,
    "á": _HAT + _ACUTE,
    "à": _HAT + _GRAVE,
    "å": _HAT + _HOOK,
    "ã": _HAT + _TILDE,
    "ä": _HAT + _DOT,
    "ê": _BREVE,
    "é": _BREVE + _ACUTE,
    "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,  # after a only
}
_VNI_MARK = re.compile(
    "(?<=[aeouyơưAEOUYƠƯ])[ùøûõïÙØÛÕÏ]|(?<=[aeoAEO])[âáàåãäÂÁÀÅÃÄ]|(?<=[aA])[êéèúüëÊÉÈÚÜË]"
)

# Letters and marks that legacy text never holds: a text with any of them is Unicode.
_VIETNAMESE_UNICODE = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9\u0300-\u036f]")
_WORD = re.compile(r"[^\W\d_]+")
_READINGS = (None, "tcvn3", "vni")  # None (Unicode) first: it wins every tie


def to_unicode(text: str, encoding: str | None) -> str:
    """A text written in a legacy font ('tcvn3' or 'vni') in Unicode (NFC). Text that holds
    letters no legacy font has is Unicode already and is returned as it is."""
    if encoding is None or text.isascii() or _VIETNAMESE_UNICODE.search(text):
        return text
    if encoding == "vni":
        s = _VNI_MARK.sub(lambda m: _VNI_MARKS[m.group().lower()], text.translate(_VNI_LETTERS))
        return unicodedata.normalize("NFC", s)
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    s = text.translate(_TCVN3_TABLE)
    return s.upper() if letters and all(ch.isupper() for ch in letters) else s  # a .VnTimeH font


# A Vietnamese syllable without its tone: initial consonant, vowels, final consonant. Enough to
# tell which reading of a text is Vietnamese, not a spelling check.
_INITIAL = "(?:b|ch|c|d|đ|gh|gi|g|h|kh|k|l|m|ngh|ng|nh|n|ph|p|qu|r|s|th|tr|t|v|x)?"
_OPEN = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oe|oi|ôi|ơi|ua|uê|ui"
    "|uơ|uy|ưa|ưi|ưu|a|e|ê|i|o|ô|ơ|u|ư|y"
)
_CLOSED = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|ươ|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_SYLLABLE = re.compile(
    f"{_INITIAL}(?:{_OPEN}|(?:{_CLOSED})(?:(?P<stop>ch|c|k|p|t)|ng|nh|m|n))"
)  # Đắk Lắk
_TONES = frozenset((_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT))


def _letters(word: str) -> list[tuple[str, str]]:
    """Each letter of an NFC word as (letter without its tone, tone mark or '')."""
    out = []
    for ch in word:
        d = unicodedata.normalize("NFD", ch)
        tone = next((m for m in d if m in _TONES), "")
        out.append((unicodedata.normalize("NFC", d.replace(tone, "")) if tone else ch, tone))
    return out


_SPLIT_SYLLABLE = re.compile(
    "(qu|gi(?=[aăâeêioôơuưy])|[bcdđghklmnprstvx]*)([aăâeêioôơuưy]{1,3})([cghkmnpt]*)"
)


def _tone_places(base: str) -> tuple[int, ...]:
    """Where the tone of a syllable (lower case, toneless) goes: the registry's place, then the
    other one some write (hoà, khoẻ, thuỷ); () when it is no syllable."""
    m = _SPLIT_SYLLABLE.fullmatch(base)
    if not m:
        return ()
    vowels, final = m.group(2), m.group(3)
    marked = [i for i, v in enumerate(vowels) if v in "ăâêôơư"]
    # on the last vowel with a hat, breve or horn (người, thuở); else the middle one of three
    # (ngoài); of two, the second before a final consonant (hoàng), else the first (hòa, thủy, của)
    at = m.start(2) + (
        marked[-1] if marked else 1 if len(vowels) == 3 or (len(vowels) == 2 and final) else 0
    )
    return (at, at + 1) if vowels in ("oa", "oe", "uy") and not final else (at,)


@lru_cache(maxsize=1 << 16)
def _is_syllable(word: str) -> bool:
    letters = _letters(word.lower())
    tones = [(i, t) for i, (_, t) in enumerate(letters) if t]
    base = "".join(b for b, _ in letters)
    m = _SYLLABLE.fullmatch(base)
    if not m or len(tones) > 1 or tones and tones[0][0] not in _tone_places(base):
        return False
    # a syllable ending in p, t, c, ch takes the acute or the dot-below tone only
    return not m.group("stop") or [t for _, t in tones] in ([_ACUTE], [_DOT])


def _score(texts: Iterable[str], encoding: str | None) -> int:
    """How Vietnamese the texts read in that encoding: +1 per word with a non-ASCII letter that is
    a syllable, -1 per one that is not (and per word of a text that cannot be in that encoding)."""
    score = 0
    for text in texts:
        if encoding and _VIETNAMESE_UNICODE.search(text):
            score -= sum(not w.isascii() for w in _WORD.findall(text))
            continue
        s = to_unicode(text, encoding) if encoding else text.replace("Ð", "Đ").replace("ð", "đ")
        score += sum(1 if _is_syllable(w) else -1 for w in _WORD.findall(s) if not w.isascii())
    return score


def _best(scores: dict, default: str | None) -> str | None:
    top = max(scores.values())
    return default if scores[default] == top else next(e for e, s in scores.items() if s == top)


def legacy_encoding(texts: Iterable[str]) -> str | None:
    """'tcvn3' or 'vni' when the texts read as more Vietnamese in that legacy font than as
    Unicode; None (Unicode) otherwise, ties included."""
    texts = {unicodedata.normalize("NFC", t) for t in texts if not t.isascii()}
    return _best({e: _score(texts, e) for e in _READINGS}, None)


EVIDENCE_TEXTS = 300


def to_unicode_rows(rows: list[list]) -> list[list]:
    """A sheet's rows with every text in Unicode (NFC). Each column is read in the encoding its
    own texts support best (headers included); where they cannot tell, in the encoding the whole
    sheet supports best; plain Unicode stays as it is."""
    columns: dict[int, dict[str, None]] = defaultdict(dict)  # distinct texts, in order
    for row in rows:
        for c, v in enumerate(row):
            if isinstance(v, str) and not v.isascii():
                columns[c][v] = None
    nfc = {c: {v: unicodedata.normalize("NFC", v) for v in vs} for c, vs in columns.items()}
    # a column is written in one font: its first distinct texts are evidence enough
    scores = {
        c: {e: _score(list(vs.values())[:EVIDENCE_TEXTS], e) for e in _READINGS}
        for c, vs in nfc.items()
    }
    sheet = _best({e: sum(s[e] for s in scores.values()) for e in _READINGS}, None)
    fixed = {}
    for c, vs in nfc.items():
        encoding = _best(scores[c], sheet)
        for v, n in vs.items():
            t = to_unicode(n, encoding) if encoding else n
            if t != v:
                fixed[(c, v)] = t
    if not fixed:
        return rows
    return [
        [fixed.get((c, v), v) if isinstance(v, str) else v for c, v in enumerate(row)]
        for row in rows
    ]


def decode(raw: bytes) -> str:
    """The text of a file: UTF-16 with its byte-order mark, UTF-8 (with or without one), or else
    whichever reads as more Vietnamese: Windows-1258 or Windows-1252/Latin-1 bytes of a legacy font."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    vietnamese = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
    try:
        legacy = raw.decode("cp1252")
    except UnicodeDecodeError:
        legacy = raw.decode("latin-1")
    sample = legacy[:100_000].splitlines()
    if max(_score(sample, e) for e in _READINGS) > _score(vietnamese[:100_000].splitlines(), None):
        return legacy
    return vietnamese


def clean(text: object) -> str:
    """A cell's text as we store it: NFC, spaces collapsed. Legacy fonts are converted per sheet
    when the file is read (to_unicode_rows), never guessed cell by cell."""
    s = "" if text is None else f"{text:g}" if isinstance(text, float) else str(text)
    return " ".join(unicodedata.normalize("NFC", s).split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, đ (and its look-alike ð) -> d, punctuation as spaces: for matching,
    never for display."""
    if text.isascii():
        return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.lower()).split())
    s = unicodedata.normalize("NFD", clean(text).lower().replace("đ", "d").replace("ð", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", s).split())


@lru_cache(maxsize=1 << 16)
def accent_key(text: str) -> str:
    """Lower case with accents kept (NFC), tones placed one way (modern_tones), ð as đ,
    punctuation as spaces: to tell apart names that fold to the same key."""
    s = modern_tones(clean(text).lower().replace("ð", "đ"))
    return " ".join(re.sub(r"[^\w%]+", " ", s).split())


@lru_cache(maxsize=1 << 14)
def _retone(word: str) -> str:
    letters = _letters(word)
    at = [i for i, (_, t) in enumerate(letters) if t]
    places = _tone_places("".join(b for b, _ in letters).lower())
    if len(at) != 1 or not places or places[0] == at[0]:
        return word
    out = [b for b, _ in letters]
    out[places[0]] = unicodedata.normalize("NFC", out[places[0]] + letters[at[0]][1])
    return "".join(out)


def modern_tones(text: str) -> str:
    """Tone marks placed as the registry writes names: Hoà -> Hòa, khoẻ -> khỏe, thuỷ -> thủy,
    Qúy -> Quý; hoàng, quý stay. (The 'new style' of Vietnamese typing tools, which puts the tone
    on the main vowel, writes hoà, thuỷ; official unit names such as Thanh Hóa, Khánh Hòa, Lệ
    Thủy are written the other way, which is the one we match against.)"""
    if text.isascii():
        return text
    return _WORD.sub(lambda m: _retone(m.group()), unicodedata.normalize("NFC", text))


_ORG_PREFIXES = ("ubnd", "uy ban nhan dan", "ủy ban nhân dân", "uỷ ban nhân dân")


@lru_cache(maxsize=64)
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    kinds = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    orgs = "|".join(re.escape(p) for p in _ORG_PREFIXES)
    return re.compile(rf"^(?:(?:{orgs}) )?(?:(?:{kinds}) )?" if kinds else rf"^(?:(?:{orgs}) )?")


def strip_prefixes(key: str, prefixes: tuple[str, ...]) -> str:
    """Drop 'ubnd' and a leading kind word ('xa', 'phuong', ...) from a folded or accent key."""
    return _prefix_pattern(prefixes).sub("", key, count=1)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^[+-]?\d*\.\d+$|^[+-]?\d+$")


def to_number(value: object) -> float | None:
    """A cell as a number: 8.5, '8,5', '84,58%', '1.234,5'. None when it is not a number.
    A trailing % is dropped (the value stays in percent points)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    s = clean(value).replace(" ", "").removesuffix("%")
    if not s or not _NUMBER.match(s):
        return None
    if "," in s or re.search(r"\.\d{3}(\.|$)", s) and s.count(".") > 1:
        s = s.replace(".", "").replace(",", ".")
    return float(s)


def to_date(value: object) -> dt.date | None:
    """A cell or argument as a date: a date cell, or text dd/mm/yyyy (also - or .) or YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def half_up(value: float, decimals: int = 2) -> float:
    """Rounded as the office rounds (Excel's ROUND): half up on the decimal value the figure was
    typed as (85,505 -> 85,51), not on its binary double (85.50499999…)."""
    exact = Decimal(f"{value:.6f}")  # sums of typed points carry binary noise far below 1e-6
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def vn_number(value: float | None, decimals: int = 2) -> str:
    """85.5 -> '85,50'; 1234 -> '1.234'; rounded half up."""
    if value is None or value != value:
        return ""
    s = f"{half_up(value, decimals):,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@lru_cache(maxsize=4096)
def column_letters(col: int) -> str:
    """0-based column -> 'A', 'B', ..., 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A', 'B', ..., 'AA' -> 0-based column."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


def cell_name(row: int, col: int) -> str:
    """0-based row and column -> A1 notation."""
    return f"{column_letters(col)}{row + 1}"


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def roman_to_int(text: str) -> int | None:
    s = text.lower()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total
