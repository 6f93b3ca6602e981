"""Chinese for the messages the frameworks write themselves: pydantic's validation errors (FastAPI's 422
answers) and argparse's usage, help titles and argument errors. Every user-visible message is Chinese."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

# pydantic error type → Chinese, formatted with the error's ctx
VALIDATION = {
    "missing": "必须填写",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_type": "应为文本",
    "string_pattern_mismatch": "格式不符合要求",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "literal_error": "只能取以下值之一：{expected}",
    "enum": "只能取以下值之一：{expected}",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不允许此项",
    "datetime_parsing": "应为日期时间",
    "date_parsing": "应为日期",
}
PLACES = {
    "body": "请求体",
    "query": "参数",
    "path": "路径参数",
    "header": "请求头",
    "cookie": "Cookie",
    "form": "表单项",
}


def validation_message(error: dict) -> str:
    """One pydantic error as "参数 name：不能为空"."""
    place, *names = [str(part) for part in error.get("loc", ())] or ["body"]
    where = PLACES.get(place, "参数") + (" " + ".".join(names) if names else "")
    ctx = {k: str(v).replace(" or ", "、").replace(", ", "、") for k, v in (error.get("ctx") or {}).items()}
    kind = error.get("type", "")
    if kind == "value_error":  # our own validators raise Chinese reasons
        text = str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    elif kind == "string_too_short" and ctx.get("min_length") == "1":
        text = "不能为空"
    else:
        try:
            text = VALIDATION.get(kind, "取值无效").format(**ctx)
        except (KeyError, IndexError):
            text = "取值无效"
    return f"{where}：{text}"


def validation_messages(errors: Iterable[dict]) -> list[dict]:
    return [{"loc": list(e.get("loc", ())), "msg": validation_message(e)} for e in errors]


# argparse's own strings (Python 3.11–3.13 msgids) → Chinese
ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 须给出其中之一",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多接受一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的取值（应为数字）",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
}


def _gettext(message: str) -> str:
    return ARGPARSE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def localise_argparse() -> None:
    """argparse looks its strings up through its module's gettext names at the moment it writes them
    (`from gettext import gettext as _, ngettext`); pointing those at the Chinese catalogue translates every
    usage line, help title and error without a .mo file or a dependence on the machine's locale."""
    argparse._ = _gettext
    argparse.ngettext = _ngettext


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Option values are shown as 值 rather than the option's English name in capitals (OUTPUT, FRAMEWORK)."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return "值"


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese; its subcommands' parsers are of the same class."""

    def __init__(self, *args, **kwargs) -> None:
        localise_argparse()  # before the parser names its help sections
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
