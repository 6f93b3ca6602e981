"""Storage (存储): the workbench's tables, with SQLAlchemy, SQLite by default and PostgreSQL by URL.

The schema is created and upgraded by Alembic (service/migrations), never by `create_all`, so that a
deployment's database follows the code. Machine results (`results`, `stored_files.layout`) and reviewers'
decisions (`reviews`) live in separate tables: a re-run replaces the first and never touches the second.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

from service import settings
from service.settings import StorageError


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # admin | reviewer | submitter
    display_name: Mapped[str] = mapped_column(String(64), default="")
    city: Mapped[str | None] = mapped_column(String(64), nullable=True)  # a submitter's city
    county: Mapped[str | None] = mapped_column(String(64), nullable=True)  # a submitter's county
    regions: Mapped[list] = mapped_column(JSON, default=list)  # a reviewer's assigned cities
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # 停用: cannot sign in


class Session(Base):
    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # absolute end, however active
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=now)  # for the idle timeout
    user: Mapped[User] = relationship()


class Submission(Base):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(64), index=True)
    county: Mapped[str] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    framework_id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    stage: Mapped[str] = mapped_column(String(16), default="intake")
    percent: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(255), default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    upload_name: Mapped[str] = mapped_column(String(255))
    upload_path: Mapped[str] = mapped_column(String(255))  # relative to JIAODU_HOME
    upload_sha256: Mapped[str] = mapped_column(String(64))
    upload_size: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    flags_high: Mapped[int] = mapped_column(Integer, default=0)
    flags_medium: Mapped[int] = mapped_column(Integer, default=0)
    flags_low: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class StoredFile(Base):
    """One file of a submission as unpacked from the upload: where its bytes are, its checksum, and the
    page layout (blocks with boxes) that the evidence viewer highlights from."""

    __tablename__ = "stored_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(1000))  # inside the bundle, "/"-separated
    stored: Mapped[str | None] = mapped_column(String(1000), nullable=True)  # relative to JIAODU_HOME
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="ok")
    format: Mapped[str | None] = mapped_column(String(16), nullable=True)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    layout: Mapped[list] = mapped_column(JSON, default=list)


class Result(Base):
    """The machine's audit of a submission: the contract's JSON report, replaced on every run."""

    __tablename__ = "results"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    report: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class Review(Base):
    """A reviewer's decision, kept apart from the machine's suggestion it answers."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(8))  # claim | file | flag | point
    target_id: Mapped[str] = mapped_column(String(1000))
    action: Mapped[str] = mapped_column(String(16))  # confirm | reject | reassign | dismiss | score | accept
    point: Mapped[str | None] = mapped_column(String(64), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # a point's 核定分
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


def database_url() -> str:
    return os.environ.get("JIAODU_DATABASE_URL") or f"sqlite:///{settings.home() / 'jiaodu.db'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # the web app reads while a worker writes
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the database to the newest schema (Alembic upgrade head), or to an older `revision`."""
    quiet = logging.getLogger("alembic")
    if quiet.level == logging.NOTSET:  # "Context impl SQLiteImpl." and the like, in English, on every start
        quiet.setLevel(logging.WARNING)
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    command.upgrade(cfg, revision)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for another database or an in-memory one."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(u.database)


def workbench_data(home: Path) -> list[str]:
    """The workbench's data kept in `home`, in words. The index and units/ do not count: `jiaodu audit`
    writes them without any database."""
    uploads = len(list((home / "uploads").glob("*.zip")))
    runs = sum(p.is_dir() for p in (home / "submissions").glob("*"))
    found = [(uploads, f"uploads/ 中 {uploads} 个原始材料包"), (runs, f"submissions/ 中 {runs} 个材料包的处理结果")]
    return [words for n, words in found if n]


def _restore(path: Path) -> str:
    return f"恢复方法：停止服务，从备份中取回 {path.name}（连同同名的 -wal 文件，如有）放回 {path.parent}，再重新启动。"


def _shorter_than_its_header(path: Path) -> bool:
    """A file cut short: SQLite's header (when current) gives the page size and the number of pages."""
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100:
        return True
    page_size = int.from_bytes(head[16:18], "big")
    pages = int.from_bytes(head[28:32], "big")
    current = head[24:28] == head[92:96]
    return current and path.stat().st_size < (65536 if page_size == 1 else page_size) * pages


def _damaged(path: Path) -> bool:
    """Cut short, or failing SQLite's own page-by-page check (a file that is no database fails it too)."""
    if _shorter_than_its_header(path):
        return True
    try:
        with closing(sqlite3.connect(path)) as conn:
            return conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        return True


def check_database(url: str, *, new_database: bool = False) -> None:
    """Refuse a SQLite file that is missing or empty beside the workbench data it recorded — a new database
    would silently drop every user and submission — unless `new_database` says so; refuse a damaged one."""
    path = sqlite_path(url)
    if path is None:
        return
    if not path.exists() or path.stat().st_size == 0:
        data = workbench_data(path.parent)
        if data and not new_database:
            state = "不存在" if not path.exists() else "是空文件（0 字节）"
            raise StorageError(
                f"数据库 {path} {state}，但数据目录 {path.parent} 中已有审核工作台的数据（{'、'.join(data)}）。"
                "以空数据库启动会使全部账户与材料包记录消失，已拒绝启动。\n"
                f"{_restore(path)}\n"
                "如确需以空数据库重新开始：运行 jiaodu serve --new-database"
                "（原有账户与材料包记录不会恢复，原始材料仍保留在 uploads/ 中）。"
            )
        return
    if _damaged(path):
        raise StorageError(_corrupt(path))


def _corrupt(path: Path) -> str:
    return (
        f"数据库文件 {path} 已损坏或不完整（不是有效的 SQLite 数据库，或内容被截断），无法启动。\n"
        f"{_restore(path)}数据目录中的其他文件（原始材料、检索单元）请保持原样。"
    )


class Store:
    """The database of one JIAODU_HOME: checked and migrated on open, handing out sessions.
    `new_database`: start an empty database even where workbench data lies beside a missing one."""

    def __init__(self, url: str | None = None, *, new_database: bool = False):
        self.url = url or database_url()
        check_database(self.url, new_database=new_database)
        try:
            migrate(self.url)
        except DatabaseError as exc:
            path = sqlite_path(self.url)
            reason = _corrupt(path) if path else "无法打开数据库：请检查 JIAODU_DATABASE_URL 与数据库服务是否可用"
            raise StorageError(reason) from exc
        self.engine = make_engine(self.url)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
