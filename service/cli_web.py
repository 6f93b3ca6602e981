"""The web app's commands: `jiaodu serve`, `jiaodu user …` (accounts and their lifecycle), `jiaodu submit`."""

from __future__ import annotations

import argparse
import errno
import getpass
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

from rich.console import Console

from service import settings
from service.errors import JiaoduError


def _console() -> Console:
    return Console(stderr=True)


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound and listening before anything says 已启动; a Chinese ServeError when the
    port is taken, forbidden or the address is not this machine's."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind)
    except (socket.gaierror, UnicodeError):
        raise ServeError(f"无法识别监听地址 {host}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a just-stopped server's port is free
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reasons = {
            errno.EADDRINUSE: f"端口 {port} 已被占用：请先停止占用它的程序，或用 --port 换一个端口",
            errno.EACCES: f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限），请用 --port 换一个端口",
            errno.EADDRNOTAVAIL: f"本机没有地址 {host}，请检查 --host",
        }
        raise ServeError(reasons.get(exc.errno, f"无法监听 {host}:{port}（{exc.strerror}）")) from None
    return sock


class ServeError(Exception):
    """Why the workbench cannot start (Chinese)."""


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    console = Console()
    app = create_app(workers=args.workers, new_database=args.new_database)  # its storage checks come first
    try:
        sock = _listen(args.host, args.port)
    except ServeError as exc:
        _console().print(f"[red]教督审核工作台未能启动：{exc}[/]", highlight=False)
        return 2
    banner = [f"[bold]教督审核工作台[/] 已启动：http://{args.host}:{args.port}/  （API 文档：/api/docs，Ctrl+C 停止）"]
    banner += [f"演示账号：{args.demo_login}"] if args.demo_login else []

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if self.started:  # the app has started and serves on the socket: only now say so
                for line in banner:
                    console.print(line)

    with sock:
        Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
    return 0


NO_PASSWORD = "未提供密码：请用 --password-stdin 从标准输入读入、设置环境变量 JIAODU_PASSWORD，或在终端中运行以交互输入"


def _password(args: argparse.Namespace, console: Console) -> str | None:
    """The new password: from stdin (--password-stdin), the option, $JIAODU_PASSWORD, or typed twice at a
    terminal; None, with the reason printed, when there is none or the two entries differ."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = args.password or os.environ.get("JIAODU_PASSWORD") or ""
    if password:
        return password
    if args.password_stdin or not sys.stdin.isatty():
        console.print(f"[red]{NO_PASSWORD}[/]")
        return None
    password = getpass.getpass("密码：")
    if password != getpass.getpass("再次输入密码："):
        console.print("[red]两次输入的密码不一致[/]")
        return None
    return password


def cmd_user_add(args: argparse.Namespace) -> int:
    from service.accounts import ROLES, AccountError, add_user
    from service.db import Store, User

    console = _console()
    store = Store()
    with store.session() as db:
        if args.exist_ok and db.query(User).filter(User.username == args.username).first() is not None:
            console.print(f"用户 {args.username} 已存在，未作改动")
            return 0
    password = _password(args, console)
    if password is None:
        return 2
    with store.session() as db:
        try:
            user = add_user(
                db,
                args.username,
                password,
                args.role,
                regions=args.region,
                city=args.city,
                county=args.county,
                display_name=args.display_name or "",
            )
        except AccountError as exc:
            console.print(f"[red]{exc}[/]")
            return 2
    console.print(f"已添加用户 {user.username}（{ROLES[args.role]}）")
    return 0


def cmd_user_change(args: argparse.Namespace) -> int:
    """`jiaodu user disable|enable|passwd|role|logout NAME`: one lifecycle action on one account."""
    from service import accounts
    from service.db import Store

    console = _console()
    password = _password(args, console) if args.action == "password" else ""
    if password is None:
        return 2
    change = accounts.Change(password, args.role, args.region or [], args.city, args.county)
    with Store().session() as db:
        try:
            accounts.ACTIONS[args.action](db, accounts.find_user(db, args.username), change)
        except accounts.AccountError as exc:
            console.print(f"[red]{exc}[/]")
            return 2
    console.print(f"用户 {args.username} {accounts.DONE[args.action]}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    from service import accounts
    from service.db import Store

    with Store().session() as db:
        rows, sessions = accounts.users(db), accounts.live_sessions(db)
    table = Table("用户名", "显示名", "角色", "范围", "状态", "会话")
    for u in rows:
        scope = "、".join(u.regions or []) if u.role == "reviewer" else " ".join(filter(None, [u.city, u.county]))
        status = f"已停用（{settings.local_time(u.disabled_at)}）" if u.disabled_at else "正常"
        table.add_row(u.username, u.display_name, accounts.ROLES[u.role], scope, status, str(sessions.get(u.id, 0)))
    Console().print(table)
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    """Add a bundle to the workbench as if uploaded, and process it here with a progress bar."""
    from sqlalchemy import select

    from service.console import progress_bar
    from service.db import Store, Submission, User
    from service.pipeline import STAGE_NAMES, UNKNOWN_COUNTY
    from service.tasks import InlineRunner
    from service.workbench import new_submission, store_file, zip_folder

    console = _console()
    source = Path(args.bundle)
    if not source.exists():
        console.print(f"[red]找不到材料包：{source}[/]")
        return 2
    home = settings.home()
    store = Store()
    with store.session() as db:
        user = db.scalar(select(User).where(User.username == args.user))
        if user is None:
            console.print(f"[red]没有用户 {args.user}：先用 jiaodu user add 添加[/]")
            return 2
        with tempfile.TemporaryDirectory(prefix="jiaodu-submit-") as tmp:
            archive = zip_folder(source, Path(tmp) / "bundle.zip") if source.is_dir() else source
            try:
                upload = store_file(home, archive)
                sub = new_submission(
                    db,
                    home,
                    user,
                    upload,
                    name=args.name or source.stem,
                    framework=args.framework,
                    city=args.city or user.city or "",
                    county=args.county or user.county or UNKNOWN_COUNTY,
                )
            except JiaoduError as exc:
                console.print(f"[red]{exc.message}[/]")
                return 2
    from service.worker import extract_options

    runner = InlineRunner(store, home, extract_options(args.workers))
    worker = threading.Thread(target=runner.submit, args=(sub.id,), daemon=True)
    worker.start()
    with progress_bar(console) as bar:
        task = bar.add_task("", total=100, step="处理中")
        while worker.is_alive():
            worker.join(0.3)
            with store.session() as db:
                row = db.get(Submission, sub.id)
                bar.update(
                    task,
                    completed=row.percent,
                    step=STAGE_NAMES.get(row.stage, row.stage),
                    description=row.message[-40:],
                )
    with store.session() as db:
        row = db.get(Submission, sub.id)
    if row.status != "done":
        console.print(f"[red]处理失败：{row.error}[/]")
        return 1
    total = f"{row.total:.2f}" if row.total is not None else "—"
    Console().print(
        f"材料包 #{row.id} {row.name}（{row.city} {row.county} {row.year or ''}年度）已处理："
        f"定等总分 {total}（按建议得分），等次 {row.grade or '—'}；"
        f"问题 严重 {row.flags_high} / 一般 {row.flags_medium} / 提示 {row.flags_low}"
    )
    return 0


def _role_options(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument(
        "--role", required=required, choices=["admin", "reviewer", "submitter"], help="管理员、市级审核员、县级填报员"
    )
    p.add_argument("--region", action="append", help="审核员负责的地市（可多次给出）")
    p.add_argument("--city", help="填报员所属地市")
    p.add_argument("--county", help="填报员所属区县")


def _password_options(p: argparse.ArgumentParser) -> None:
    given = p.add_mutually_exclusive_group()
    given.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（推荐用于脚本）")
    given.add_argument(
        "--password", help="密码（会留在命令历史和进程列表中；也可用环境变量 JIAODU_PASSWORD，或在终端中提示输入）"
    )


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动审核工作台（网页界面与 REST API）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认仅本机）")
    p.add_argument("--port", type=int, default=8000, help="端口")
    p.add_argument("--workers", type=int, default=1, help="同时处理的材料包数")
    p.add_argument(
        "--new-database",
        action="store_true",
        help="数据库缺失而数据目录中已有材料包时，仍以空数据库启动（原有账户与材料包记录不会恢复）",
    )
    p.add_argument("--demo-login", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)

    users = sub.add_parser("user", help="账户管理").add_subparsers(dest="user_command", required=True, metavar="操作")
    p = users.add_parser("add", help="添加用户")
    p.add_argument("username", metavar="用户名")
    _role_options(p, required=True)
    _password_options(p)
    p.add_argument("--display-name", help="显示名")
    p.add_argument("--exist-ok", action="store_true", help="用户已存在时不报错")
    p.set_defaults(func=cmd_user_add)

    p = users.add_parser("list", help="列出用户、角色、状态与会话数")
    p.set_defaults(func=cmd_user_list)
    changes = {
        "disable": ("disable", "停用用户（不能再登录，已有会话立即结束）"),
        "enable": ("enable", "重新启用已停用的用户"),
        "passwd": ("password", "重设密码（该用户的会话全部结束）"),
        "role": ("role", "更改角色及其负责范围"),
        "logout": ("logout", "结束该用户的全部会话（强制重新登录）"),
    }
    for name, (action, text) in changes.items():
        p = users.add_parser(name, help=text, description=text)
        p.add_argument("username", metavar="用户名", help="用户名")
        # what only `passwd` and `role` ask for is simply empty for the others
        p.set_defaults(func=cmd_user_change, action=action, role="", region=None, city=None, county=None)
        p.set_defaults(password=None, password_stdin=False)
        if action == "password":
            _password_options(p)
        if action == "role":
            _role_options(p, required=True)

    p = sub.add_parser("submit", help="把材料包加入审核工作台并在本机处理（与网页上传相同）")
    p.add_argument("bundle", metavar="材料包", help="材料包：文件夹、.zip 或 .7z")
    p.add_argument("--framework", required=True, help="指标体系编号")
    p.add_argument("--user", required=True, help="上传人（用户名）")
    p.add_argument("--city", help="地市（县级填报员取本人所属）")
    p.add_argument("--county", help="区县（默认从自评报告识别）")
    p.add_argument("--name", help="材料包名称（默认取文件夹名）")
    p.add_argument("--workers", type=int, default=0, help="并行解析进程数")
    p.set_defaults(func=cmd_submit)
