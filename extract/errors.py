"""Read errors with a Chinese reason a reviewer can act on (错误原因)."""

from extract.model import ErrorCode, FileError

REASONS: dict[str, str] = {
    "corrupt": "文件已损坏，无法打开",
    "encrypted": "文件已加密（设有密码），无法读取",
    "empty": "空文件，没有任何内容",
    "unsupported": "不支持的文件格式",
    "timeout": "解析超时，已停止处理该文件",
    "too_large": "文件过大，超出处理上限",
    "crashed": "解析进程异常退出",
    "no_text": "未能从文件中识别出文字",
}


class ReadError(Exception):
    """Raised by a reader or the intake when a file cannot be read."""

    def __init__(self, code: ErrorCode, detail: str = "", message: str | None = None):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.message = message or REASONS[code]

    def to_record(self) -> FileError:
        return FileError(self.code, self.message, self.detail)
