"""The `jiaodu` command line. Messages are in Chinese; exit codes: 0 done, 1 internal failure, 2 bad
arguments (argparse's own code)."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from extract.model import place
from service import settings
from service.console import console as _console
from service.console import progress_bar as _progress_bar
from service.errors import JiaoduError
from service.zh import ChineseParser

_STATUS = {"ok": "[green]正常[/]", "ocr": "[cyan]已识别(OCR)[/]", "error": "[red]无法读取[/]"}


def _extract_options(args: argparse.Namespace):
    from extract.pipeline import ExtractOptions

    return ExtractOptions(
        cache_dir=settings.cache_dir(), ocr=not args.no_ocr, workers=args.workers, file_timeout=args.timeout
    )


def cmd_extract(args: argparse.Namespace) -> int:
    from rich.table import Table

    from extract.pipeline import extract_bundle
    from service.export import extract_report, write_json

    console = _console()
    source = Path(args.bundle)
    if not source.exists():
        console.print(f"[red]找不到材料包：{source}[/]")
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="jiaodu-bundle-", dir=settings.home()) as work,
        _progress_bar(console) as bar,
    ):
        task = bar.add_task("", total=None, step="解析材料")

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name[-40:])

        result = extract_bundle(source, Path(work), _extract_options(args), progress)
    report = extract_report(source.name, result)
    if args.json:
        write_json(report, Path(args.json))
    table = Table(title=f"材料包：{source.name}", show_lines=False)
    for col in ("文件", "状态", "格式", "页数", "说明"):
        table.add_column(col)
    for f in report["files"]:
        note = f["error"]["message"] if f["error"] else "；".join(f["warnings"])
        table.add_row(f["path"], _STATUS[f["status"]], f["format"] or "-", str(f["pages"]), note)
    console.print(table)
    errors = sum(1 for f in report["files"] if f["status"] == "error")
    total, skipped = len(report["files"]), len(report["skipped"])
    console.print(f"共 {total} 个文件，{errors} 个无法读取；跳过系统附属文件 {skipped} 个。")
    if args.json:
        console.print(f"结果已写入 {args.json}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from collections import Counter

    from classify.findings import KIND_NAMES
    from corpora.frameworks import FrameworkError, load
    from corpora.samples.generator import LAYOUT_NAMES, SampleOptions, generate

    try:
        fw = load(args.framework)
    except FrameworkError as exc:
        return _framework_problems(exc.source, exc.problems)
    options = SampleOptions(
        seed=args.seed,
        year=args.year,
        defect_rate=0.0 if args.clean else args.defects,
        layout=args.layout,
        scanned=args.scanned,
        broken=0 if args.clean else args.broken,
    )
    out = Path(args.output)
    labels = generate(fw, out, options)
    planted = Counter(f["kind"] for f in labels["flags"])
    console = _console()
    console.print(f"样例材料包已生成：{out}（{labels['county']}，{fw.id}，目录样式：{LAYOUT_NAMES[labels['layout']]}）")
    console.print(
        f"陈述 {len(labels['claims'])} 条，佐证文件 {len(labels['evidence'])} 个；预置问题："
        + ("、".join(f"{KIND_NAMES[k]} {v}" for k, v in sorted(planted.items())) or "无")
    )
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    from rich.table import Table

    from corpora.frameworks import shipped

    table = Table(title="内置指标体系")
    table.add_column("编号", no_wrap=True)
    for col in ("名称", "对象", "观测点", "满分", "来源"):
        table.add_column(col)
    for fw in shipped():
        kind = "依据原文构建" if fw.source.constructed else "官方表格"
        total = f"{fw.max_score:g}" + "".join(f"+{c.score:g}" for c in fw.components)
        table.add_row(
            fw.id, fw.name, fw.level_evaluated, str(len(fw.points())), total, f"{fw.source.doc_number or ''} {kind}"
        )
    _console().print(table)
    return 0


def cmd_framework_show(args: argparse.Namespace) -> int:
    from corpora.frameworks import FrameworkError, load
    from corpora.frameworks.store import render_tree

    try:
        fw = load(args.framework)
    except FrameworkError as exc:
        return _framework_problems(exc.source, exc.problems)
    print(render_tree(fw))
    _print_summary(fw)
    return 0


def _print_summary(fw) -> None:
    from corpora.frameworks.store import summary

    console = _console()
    for line in summary(fw):
        console.print(f"  {line}", markup=False)


def _framework_problems(source: str, problems) -> int:
    console = _console()
    console.print(f"[red]{source}：发现 {len(problems)} 个问题[/]")
    for p in problems:
        console.print(f"  - {p}", markup=False)
    return 1


def cmd_framework_validate(args: argparse.Namespace) -> int:
    from corpora.frameworks import FrameworkError, load_file

    try:
        frameworks = load_file(Path(args.file))
    except FrameworkError as exc:
        return _framework_problems(exc.source, exc.problems)
    for fw in frameworks:
        _console().print(f"[green]有效[/]：{fw.id} {fw.name}（{len(fw.points())} 个观测点，满分 {fw.max_score:g}）")
        _print_summary(fw)
    return 0


def cmd_framework_import(args: argparse.Namespace) -> int:
    from service.frameworks import import_table, to_yaml

    source = Path(args.table)
    if not source.is_file():
        _console().print(f"[red]找不到表格文件：{source}[/]")
        return 2
    overrides = {}
    for item in args.map or []:
        role, sep, header = item.partition("=")
        if not sep or not role.strip() or not header.strip():
            _console().print(f"[red]--map 的写法是 列名=表头文字，如 --map 观测点=评价内容（观测点）；收到：{item}[/]")
            return 2
        overrides[role.strip()] = header.strip()
    result = import_table(source, args.id, args.name, args.jurisdiction, args.level, overrides=overrides)
    console = _console()
    if result.framework is None:
        for w in result.warnings:
            console.print(f"  提示：{w}", markup=False)
        return _framework_problems(source.name, result.problems)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_yaml(result.framework), "utf-8")
    fw = result.framework
    console.print(f"已导入 {fw.id}「{fw.name}」→ {out}", markup=False)
    _print_summary(fw)
    console.print(f"  跳过与提示 {len(result.warnings)} 条" + ("：" if result.warnings else ""), markup=False)
    for w in result.warnings:
        console.print(f"    - {w}", markup=False)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from classify.findings import KIND_NAMES, SEVERITY_NAMES
    from corpora.frameworks import FrameworkError, load
    from extract.steps import Stage
    from service.audit_run import IndexTarget, run_audit, to_contract
    from service.export import write_json

    console = _console()
    source = Path(args.bundle)
    if (refused := _not_a_bundle(source)) is not None:
        console.print(refused, style="red", markup=False)
        return 2
    try:
        fw = load(args.framework)
    except FrameworkError as exc:
        _framework_problems(exc.source, exc.problems)
        return 2
    _register(fw, args.framework)
    # Keyed by region, year and bundle name: a re-run replaces itself, two counties' "材料" folders do not;
    # a bundle already in the workbench keeps its one set of hits there.
    target = IndexTarget(
        settings.home(),
        lambda name, r: f"{r.region or '未识别地区'}{r.year or ''}-{name}",
        provisional=True,
    )
    with _progress_bar(console) as bar:
        task = bar.add_task("", total=100, step="解析材料")

        def on_progress(stage: Stage, fraction: float, message: str) -> None:
            start, end = stage.span
            percent = start + (end - start) * fraction
            bar.update(task, completed=percent, description=message[-40:], step=stage.label)

        run = run_audit(
            source,
            fw,
            _extract_options(args),
            workdir=settings.home(),
            report=args.report,
            sheet=args.self_score,
            index=target,
            progress=on_progress,
        )
    report = to_contract(run)
    if args.json:
        write_json(report, Path(args.json))
    r = run.result
    counts: dict[str, int] = {}
    for f in r.findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    high = sum(f.severity == "high" for f in r.findings)
    console.print(
        f"[bold]{run.name}[/] · {fw.name} · {r.region or '地区未识别'} {r.year or ''}年度："
        f"文件 {len(run.files)} 个，陈述 {len(r.claims)} 条，问题 {len(r.findings)} 个（严重 {high} 个）"
    )
    if r.report is None:
        console.print("[yellow]未识别出自评报告：请用 --report 指定[/]")
    for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        console.print(f"  {KIND_NAMES[kind]}：{n}")
    for f in [f for f in r.findings if f.severity == "high"][:10]:
        where = f"（{f.file} {place(f.file, f.page)}）".replace(" ）", "）") if f.file else ""
        console.print(
            f"  [red]{SEVERITY_NAMES[f.severity]}[/] {f.observation_point or ''} {f.message}{where}", highlight=False
        )
    if run.indexed_as != target.key(run.name, r):
        console.print(f"检索索引中已有同一材料包（{run.indexed_as}），未重复写入")
    if args.json:
        console.print(f"审核报告已写入 {args.json}")
    if args.export:
        from service.exports import opinion_docx, problem_list_xlsx

        folder = Path(args.export)
        opinion = opinion_docx(report, folder / "初审意见.docx", fw)
        problems = problem_list_xlsx(report, folder / "问题清单.xlsx", fw)
        console.print(f"已导出 {opinion} 和 {problems}")
    return 0


def _filters(args: argparse.Namespace):
    from index.base import Filters

    return Filters(submissions=args.submission or None, region=args.region, year=args.year, kinds=args.kind or None)


def _not_a_bundle(source: Path) -> str | None:
    """Why a path cannot be a submission: missing, a file that is no readable ZIP or 7z archive with files
    in it (by its bytes, not its name: the same checks as a web upload), or a folder without a file."""
    from extract.errors import ReadError
    from extract.intake import check_archive

    if not source.exists():
        return f"找不到材料包：{source}"
    if source.is_file():
        try:
            check_archive(source, source.name)
        except ReadError as exc:
            return f"{exc.message}；请给出材料文件夹，或 .zip / .7z 压缩包"
    elif not any(p.is_file() for p in source.rglob("*")):
        return f"材料包文件夹 {source} 是空的"
    return None


def _is_framework_file(ref: str) -> bool:
    """--framework names a YAML file (read by path, on the command line only), not a framework id."""
    return Path(ref).suffix in (".yaml", ".yml")


def _register(fw, ref: str) -> None:
    """A framework given as a file joins this home's imported ones, so that search by point finds it
    later by its id; a file that reuses a shipped framework's id is not registered (it would shadow it)."""
    from corpora.frameworks import shipped
    from service.frameworks import save_imported

    if _is_framework_file(ref) and fw.id not in {s.id for s in shipped()}:
        save_imported(fw, settings.home())


def cmd_search(args: argparse.Namespace) -> int:
    """Search a whole index: one found damaged or missing submissions is first rebuilt, with a word."""
    from index.search import IndexDamaged, SearchIndex
    from service.reindex import IndexUnavailable, rebuild, store_for, whole_index

    home = Path(args.index) if args.index else settings.home()
    store = store_for(home)
    try:
        return _search(args, home, whole_index(home, store))
    except (IndexDamaged, IndexUnavailable):
        _console().print("[yellow]检索索引已损坏或不完整，正在从保存的检索单元和审核结果重建，请稍候…[/]")
        rebuild(home, store)
        return _search(args, home, SearchIndex(home))


def _search(args: argparse.Namespace, home: Path, index) -> int:
    from rich.markup import escape

    from corpora.frameworks import FrameworkError, load
    from index.query import QueryError
    from index.search import export_batch
    from service.frameworks import resolve

    console, out = _console(), _console(stderr=False)
    fw = None
    if args.op or args.batch:
        ref = args.framework or next(
            (u.framework for s in index.store.submissions() for u in index.store.units(s)[:1] if u.framework), None
        )
        if args.op and ref is None:
            console.print("[red]按观测点检索需要指标体系：用 --framework 指定[/]")
            return 2
        try:
            fw = (load(ref) if _is_framework_file(ref) else resolve(ref, home)) if ref else None
        except FrameworkError as exc:
            _framework_problems(exc.source, exc.problems)
            return 2
    try:
        if args.batch:
            items = [ln.strip() for ln in Path(args.batch).read_text("utf-8").splitlines() if ln.strip()]
            rows = index.batch(items, fw, _filters(args), limit=args.limit)
            for row in rows:
                out.print(f"{escape(row.item)}：{row.count} 条")
            if args.export:
                console.print(f"已导出 {export_batch(rows, Path(args.export))}")
            return 0
        if args.op:
            assert fw is not None
            if args.op not in {p.id for p in fw.points()}:
                console.print(f"[red]{fw.id} 中没有观测点 {args.op}[/]")
                return 2
            results = index.by_point(fw, args.op, _filters(args), args.limit, count=True)
        elif args.query:
            results = index.search(args.query, _filters(args), args.limit, count=True)
        else:
            console.print("[red]请给出检索词，或用 --op 按观测点检索、--batch 批量检索[/]")
            return 2
    except QueryError as exc:
        console.print(f"[red]检索式有误：{exc}[/]")
        return 2
    console.print(f"共 {results.total} 条，显示前 {len(results.hits)} 条")
    for i, h in enumerate(results.hits, 1):
        u = h.unit
        where = f"{u.submission} · {u.file}" + (f" {place(u.file, u.page)}" if place(u.file, u.page) else "")
        points = f" [{' '.join(u.points)}]" if u.points else ""
        text = escape(h.snippet).replace("【", "[bold yellow]").replace("】", "[/]")
        out.print(f"{i:>2}. [cyan]{escape(where)}[/]{escape(points)}\n    {text}", highlight=False)
    return 0


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    from service.reindex import rebuild, store_for

    home = Path(args.index) if args.index else settings.home()
    n = rebuild(home, store_for(home))
    _console().print(f"已重建检索索引：{n} 个检索单元")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from rich.table import Table

    from corpora.frameworks import FrameworkError, load
    from service.evaluation import evaluate, fit_weights, generate_bundles, read_bundle, unlabelled
    from service.export import write_json

    console = _console()
    paths = [Path(b) for b in args.bundles]
    missing = unlabelled(paths)
    if missing:
        names = "、".join(map(str, missing))
        console.print(f"[red]不是带标注的材料包（旁边没有 jiaodu sample 生成的标注文件）：{names}[/]")
        return 2
    try:
        framework = load(args.framework) if args.framework else None
    except FrameworkError as exc:
        return _framework_problems(exc.source, exc.problems)
    with tempfile.TemporaryDirectory(prefix="jiaodu-eval-", dir=settings.home()) as work:
        if args.generate:
            console.print(f"生成 {args.generate} 个样例材料包（种子 {args.seed} 起）…")
            paths += generate_bundles(Path(work), args.generate, args.seed)
        if not paths:
            console.print("[red]没有材料包：给出带标注文件的材料包文件夹，或用 --generate N 生成[/]")
            return 2
        bundles = []
        with console.status("解析与匹配…") as status:
            for i, path in enumerate(paths, 1):
                status.update(f"解析材料包 {i}/{len(paths)}：{path.name}")
                bundles.append(read_bundle(path, framework, workers=args.workers))
    weights = None
    if args.fit:
        weights = fit_weights(bundles)
        weights["note"] = f"jiaodu eval --fit 拟合：{len(bundles)} 个材料包（种子 {args.seed} 起）"
        write_json(weights, Path(args.fit))
        console.print(f"权重已写入 {args.fit}")
    result = evaluate(bundles, weights)
    table = Table(title=f"匹配评测（{len(bundles)} 个材料包）")
    for col in ("对象", "数量", "首选正确率", "前三命中率"):
        table.add_column(col)
    table.add_row(
        "陈述 → 观测点", str(result.claims.n), f"{result.claims.rate():.1%}", f"{result.claims.rate('top3'):.1%}"
    )
    table.add_row(
        "佐证文件 → 观测点", str(result.files.n), f"{result.files.rate():.1%}", f"{result.files.rate('top3'):.1%}"
    )
    console.print(table)
    if result.unaligned:
        console.print(f"[yellow]有 {result.unaligned} 条标注陈述未被切分为独立陈述，未计入[/]")
    for text, truth, got in (result.claims.misses + result.files.misses)[: args.show_misses]:
        console.print(f"  [red]✗[/] {text[:50]}  标注 {truth}，首选 {got}", markup=True, highlight=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from corpora.samples.generator import LAYOUT_NAMES

    parser = ChineseParser(prog="jiaodu", description="教督 — 履行教育职责评价材料审核助手")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("extract", help="解析材料包（文件夹或压缩包），输出文件状态与文档结构")
    p.add_argument("bundle", metavar="材料包", help="材料包：文件夹、.zip 或 .7z")
    p.add_argument("--json", metavar="OUT", help="把结果写入 JSON 文件")
    p.add_argument("--workers", type=int, default=0, help="并行解析进程数（默认每个 CPU 核一个）")
    p.add_argument("--timeout", type=float, default=300.0, help="单个文件的解析时限（秒）")
    p.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("frameworks", help="列出内置指标体系")
    p.set_defaults(func=cmd_frameworks)

    fw = sub.add_parser("framework", help="指标体系：导入、校验、查看").add_subparsers(
        dest="framework_command", required=True, metavar="操作"
    )
    p = fw.add_parser("import", help="把官方指标表（.xlsx/.xls/.docx/.doc）导入为指标体系文件")
    p.add_argument("table", metavar="指标表", help="指标表文件")
    p.add_argument("-o", "--output", required=True, help="输出的指标体系 YAML 文件")
    p.add_argument("--id", help="指标体系编号（默认取自文件名）")
    p.add_argument("--name", help="指标体系名称（默认取自文件标题）")
    p.add_argument("--jurisdiction", default="未注明", help="地区，如 湖南省")
    p.add_argument("--level", default="未注明", help="评价对象层级，如 县")
    p.add_argument(
        "--map",
        action="append",
        metavar="列=表头",
        help="指定未能识别的列，如 --map 观测点=评价内容（观测点）（可重复；列：一级指标、二级指标、三级指标、观测点、"
        "分值、评分标准、佐证材料、责任单位、评价方式、编号、备注）",
    )
    p.set_defaults(func=cmd_framework_import)
    p = fw.add_parser("validate", help="校验指标体系文件，逐条列出问题")
    p.add_argument("file", metavar="文件", help="指标体系 YAML 文件")
    p.set_defaults(func=cmd_framework_validate)
    p = fw.add_parser("show", help="以树形显示指标体系")
    p.add_argument("framework", metavar="指标体系", help="内置编号或 YAML 文件")
    p.set_defaults(func=cmd_framework_show)

    p = sub.add_parser("sample", help="生成样例材料包（自评报告、自评表、佐证材料及标注）")
    p.add_argument("-o", "--output", required=True, help="输出文件夹")
    p.add_argument("--framework", default="hn-2021-county-gov", help="指标体系编号或文件（默认 hn-2021-county-gov）")
    p.add_argument("--seed", type=int, default=0, help="随机种子（决定县名、措辞、目录样式）")
    p.add_argument("--year", type=int, default=2022, help="评价年度")
    p.add_argument("--defects", type=float, default=0.3, help="预置问题的观测点比例（0–1）")
    p.add_argument("--clean", action="store_true", help="不预置任何问题")
    p.add_argument(
        "--layout",
        choices=list(LAYOUT_NAMES),
        metavar="样式",
        help="佐证材料目录样式：" + "、".join(f"{k}（{v}）" for k, v in LAYOUT_NAMES.items()),
    )
    p.add_argument("--scanned", type=int, default=1, help="生成为扫描件的文件数")
    p.add_argument("--broken", type=int, default=1, help="预置的损坏文件数")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("audit", help="对材料包做市级初审：陈述核对、数字与规则核查、佐证覆盖、自评分可信度")
    p.add_argument("bundle", metavar="材料包", help="材料包：文件夹、.zip 或 .7z")
    p.add_argument("--framework", required=True, help="指标体系编号或 YAML 文件")
    p.add_argument("--json", metavar="OUT", help="把审核报告（jiaodu.audit/1）写入 JSON 文件")
    p.add_argument("--export", metavar="DIR", help="导出初审意见（Word）和问题清单（Excel）到该文件夹")
    p.add_argument("--report", help="自评报告在材料包中的路径（默认自动识别）")
    p.add_argument("--self-score", help="自评表在材料包中的路径（默认自动识别）")
    p.add_argument("--workers", type=int, default=0, help="并行解析进程数（默认每个 CPU 核一个）")
    p.add_argument("--timeout", type=float, default=300.0, help="单个文件的解析时限（秒）")
    p.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("search", help="全文检索佐证材料与自评陈述：关键词、按观测点、批量")
    p.add_argument(
        "query", nargs="?", metavar="检索式", help="检索式：空格表示“且”，支持 OR、NOT（或 -词）、“引号短语”、括号"
    )
    p.add_argument("--op", metavar="ID", help="按观测点检索（关联的材料及其指标术语）")
    p.add_argument("--framework", help="按观测点检索所用的指标体系（默认取材料包的体系）")
    p.add_argument("--region", help="限定地区")
    p.add_argument("--year", type=int, help="限定年度")
    p.add_argument("--submission", action="append", help="限定材料包（可多次给出）")
    p.add_argument("--kind", action="append", choices=["passage", "table_row", "claim"], help="限定检索单元类型")
    p.add_argument("--limit", type=int, default=10, help="显示条数")
    p.add_argument("--batch", metavar="FILE", help="批量检索：每行一个检索式或观测点编号")
    p.add_argument("--export", metavar="OUT", help="批量检索结果导出为 .csv 或 .xlsx")
    p.add_argument("--index", metavar="DIR", help="数据目录（默认 JIAODU_HOME）")
    p.set_defaults(func=cmd_search)

    ix = sub.add_parser("index", help="检索索引维护").add_subparsers(
        dest="index_command", required=True, metavar="操作"
    )
    p = ix.add_parser("rebuild", help="从已保存的材料重建检索索引")
    p.add_argument("--index", metavar="DIR", help="数据目录（默认 JIAODU_HOME）")
    p.set_defaults(func=cmd_index_rebuild)

    p = sub.add_parser("eval", help="在带标注的材料包上评测陈述与佐证文件的观测点匹配（可拟合权重）")
    p.add_argument(
        "bundles", nargs="*", metavar="材料包", help="带标注的材料包文件夹（标注文件在其旁边，由 jiaodu sample 生成）"
    )
    p.add_argument("--generate", type=int, default=0, metavar="N", help="另生成 N 个样例材料包参与评测")
    p.add_argument("--seed", type=int, default=200, help="生成样例的起始种子")
    p.add_argument("--framework", help="用这个指标体系匹配（默认用各材料包标注的体系）")
    p.add_argument("--fit", metavar="OUT", help="在这些材料包上拟合权重并写入 OUT（如 classify/weights.json）")
    p.add_argument("--workers", type=int, default=0, help="并行解析进程数")
    p.add_argument("--show-misses", type=int, default=10, metavar="K", help="列出前 K 个未命中")
    p.set_defaults(func=cmd_eval)

    from service.cli_web import register

    register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return args.func(args)
    except (settings.StorageError, JiaoduError) as exc:
        _console().print(str(exc), style="red", markup=False, highlight=False)
        return 2
    except KeyboardInterrupt:
        _console().print("[yellow]已中断[/]")
        return 1
    except Exception:
        logging.getLogger("jiaodu").exception("内部错误")
        return 1


if __name__ == "__main__":
    sys.exit(main())
