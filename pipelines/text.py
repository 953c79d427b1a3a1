"""Vietnamese text: NFC, legacy TCVN3 (ABC) conversion, matching keys, numbers typed as text."""

import datetime as dt
import re
import unicodedata
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
_TCVN3 = "".join(t for t, _ in _TCVN3_GROUPS)
_TCVN3_TABLE = str.maketrans(_TCVN3, "".join(u for _, u in _TCVN3_GROUPS))
# Characters that occur in TCVN3 text but never in Vietnamese written in Unicode.
_TCVN3_MARKERS = frozenset(_TCVN3) - frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VIETNAMESE_UNICODE = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9\u0300-\u036f]")


def looks_tcvn3(text: str) -> bool:
    return any(ch in _TCVN3_MARKERS for ch in text) and not _VIETNAMESE_UNICODE.search(text)


def clean(text: object) -> str:
    """A cell's text as we store it: TCVN3 converted, NFC, spaces collapsed."""
    s = "" if text is None else f"{text:g}" if isinstance(text, float) else str(text)
    if looks_tcvn3(s):
        letters = [ch for ch in s if ch.isascii() and ch.isalpha()]
        upper = bool(letters) and all(ch.isupper() for ch in letters)  # a .VnTimeH font
        s = s.translate(_TCVN3_TABLE)
        s = s.upper() if upper else s
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, đ -> d, punctuation as spaces: for matching, never for display."""
    if text.isascii():
        return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.lower()).split())
    s = unicodedata.normalize("NFD", clean(text).lower().replace("đ", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", s).split())


def accent_key(text: str) -> str:
    """Lower case with accents kept (NFC), punctuation as spaces: to tell apart names that fold
    to the same key."""
    s = unicodedata.normalize("NFC", clean(text).lower())
    return " ".join(re.sub(r"[^\w%]+", " ", s).split())


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


def vn_number(value: float | None, decimals: int = 2) -> str:
    """85.5 -> '85,50'; 1234 -> '1.234'."""
    if value is None or value != value:
        return ""
    s = f"{value:,.{decimals}f}"
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
