"""argparse in Vietnamese, for the `cchc` parser: argparse's own words (the usage prefix, the
section titles, the -h line, every error) come from the small catalogue below, the way a gettext
translation would give them, and only while a parser of this class is built, formats its help or
parses. Numbers that do not parse say so in Vietnamese too."""

import argparse
from contextlib import contextmanager
from typing import NoReturn

# argparse's message ids (Python 3.11 `argparse.py`, `_(...)`) → what a Vietnamese user reads.
CATALOGUE = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "còn thiếu %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn «%(value)s» (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị «%(value)s» không hợp lệ",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "unrecognized arguments: %s": "không hiểu: %s",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s chưa rõ là tùy chọn nào: %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong: %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị («%s»)",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh «%(parser_name)s» (có: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
}
PLURALS = {"expected %s argument": "cần %s giá trị"}
COMMAND = "LỆNH"  # how usage lines and errors name a command slot


def _gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def _vietnamese():
    """argparse looks its words up through its module's `_` and `ngettext` when it needs them:
    answer from the catalogue meanwhile (nested uses restore what they found)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải là số nguyên") from None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese; its subcommands' parsers are of this class too."""

    def __init__(self, *args, **kwargs):
        with _vietnamese():
            super().__init__(*args, **kwargs)
        self.register("type", int, _integer)

    def add_subparsers(self, **kwargs: object) -> argparse._SubParsersAction:
        kwargs.setdefault("title", "lệnh")
        kwargs.setdefault("metavar", COMMAND)
        with _vietnamese():
            return super().add_subparsers(**kwargs)

    def parse_args(
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _vietnamese():
            return super().parse_args(args, namespace)

    def parse_known_args(
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _vietnamese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _vietnamese():
            super().error(message)
