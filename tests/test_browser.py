"""The workbench in a real browser (Playwright driving Debian's Chromium, installed by `make test`):
log in, upload a generated submission of 甲市临河县, watch its progress to done, open a flagged point and
the evidence page it cites with the passage highlighted, search, and export both documents. Screenshots of
the main pages are saved under test-artifacts/browser/ (or $JIAODU_TEST_ARTIFACTS). Nothing on the way
may be blocked by the pages' Content-Security-Policy."""

from __future__ import annotations

import io
import os
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.app import create_app
from service.db import Store
from service.tasks import LocalRunner
from tests.workbench import PASSWORD, make_users, sample_zip

pytestmark = pytest.mark.slow  # a real browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("JIAODU_TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))
# No background traffic: this machine's network is closed (and so is an inspection office's).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    root = tmp_path_factory.mktemp("browser")
    home = root / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    app = create_app(home, store, LocalRunner(store, home, workers=1, extract_workers=2))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web app did not start"
    yield {"url": f"http://127.0.0.1:{port}", "bundle": sample_zip(root, 31, "临河县"), "root": root}
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is installed by `make test` (make test-packages)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _shot(page, name: str) -> None:
    folder = ARTIFACTS / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_reviewer_workflow_in_chromium(server, browser):
    from docx import Document
    from openpyxl import load_workbook
    from playwright.sync_api import Error as PlaywrightError

    base = server["url"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.set_default_timeout(30_000)
    # whatever the Content-Security-Policy blocks, Chromium reports on the console
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    # log in (a wrong password first: the page says so in Chinese)
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill("input[name=username]", "shen_a")
    page.fill("input[name=password]", "不对的密码")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "用户名或密码错误"
    _shot(page, "01-login")
    page.fill("input[name=username]", "shen_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "市级审核员" in page.locator("header").inner_text()

    # upload the bundle through the form
    page.click("text=上传材料包")
    page.fill("input[name=name]", "临河县2022年度自评材料")
    page.select_option("select[name=framework]", "hn-2021-county-gov")
    page.fill("input[name=county]", "临河县")
    assert page.locator("label[for=upload-file]").inner_text() == "选择文件"  # not the browser's own English
    page.set_input_files("input[name=file]", str(server["bundle"]))
    assert page.locator(".file-name").inner_text() == server["bundle"].name
    page.click("#upload-form button[type=submit]")
    try:
        page.wait_for_url(f"{base}/s/*")
    except Exception:
        _shot(page, "upload-failed")
        raise AssertionError(page.locator("#upload-message").inner_text()) from None

    # watch the progress: the page polls the status and shows stage and percent until it is done
    seen = set()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not page.locator("#total").count():
        # read in one step: the page reloads itself into the overview (no .stage) once processing is done
        try:
            stage = page.evaluate("document.querySelector('.stage')?.textContent")
        except PlaywrightError:  # evaluated just as the page navigated
            stage = None
        if stage:
            seen.add(stage)
            if len(seen) == 2:
                _shot(page, "02-progress")
        time.sleep(0.2)
    assert page.locator("#total").count(), f"processing did not finish (stages seen: {seen})"
    assert seen, "the progress page showed no stage"
    assert page.locator("#grade").inner_text() in {"优秀", "合格", "基本合格", "不合格"}
    _shot(page, "03-overview")
    overview = page.url

    # a flagged point, and the evidence page it cites with the passage highlighted
    flagged = page.locator("tr[data-point]:not([data-flags='0']) td:first-child a")
    assert flagged.count() > 0, "the generated submission has planted defects"
    cite_href = None
    for i in range(flagged.count()):
        page.goto(overview)
        page.locator("tr[data-point]:not([data-flags='0']) td:first-child a").nth(i).click()
        page.wait_for_selector("article.flag")
        pdf_cites = page.locator("a.cite[href*='.pdf']")
        if pdf_cites.count():
            _shot(page, "04-point")
            cite_href = pdf_cites.first.get_attribute("href")
            pdf_cites.first.click()
            break
    assert cite_href, "no flagged point cites a PDF page"
    page.wait_for_selector(".page-image img")
    page.wait_for_function("document.querySelector('.page-image img').naturalWidth > 0")
    highlight = page.locator(".highlight").first
    assert highlight.is_visible(), "the cited passage is highlighted on the page image"
    box = highlight.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 5
    assert page.locator("mark.passage").first.is_visible()
    _shot(page, "05-evidence")

    # a decline marks the one table row it rests on, where the bulletin prints the cited figure
    sid = overview.rstrip("/").rsplit("/", 1)[-1]
    _decline_marks_its_row(page, base, sid, f"{overview.rstrip('/')}/findings?kind=decline")
    _shot(page, "05b-decline-row")
    # an unmet standard resting on an Excel sheet: no page image, the text beside it marks the row
    _threshold_in_a_sheet_marks_its_row(page, base, sid)
    _shot(page, "05c-threshold-sheet-row")
    page.goto(f"{overview.rstrip('/')}/findings?kind=unsupported_claim")
    page.locator("table.findings tbody tr a").first.click()
    cite = page.locator("article.flag a.cite").first
    assert "第1页" not in cite.inner_text() or ".pdf" in cite.inner_text()
    cite.click()
    page.wait_for_selector("mark.passage")
    page.wait_for_load_state()
    shown = """() => {  // the first mark's top stands inside the text box's visible part
      const mark = document.querySelector('.page-text mark.passage');
      const box = mark.closest('.page-text').getBoundingClientRect(), top = mark.getBoundingClientRect().top;
      return box.top <= top && top < box.bottom;
    }"""
    assert page.evaluate(shown), "the report's text is scrolled to the cited claim"

    # search, with highlighted snippets
    page.goto(f"{base}/search")
    page.fill("input[name=q]", "教育经费")
    page.click("form.search button")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").count() > 0
    _shot(page, "06-search")
    page.goto(f"{base}/search?q=教育")  # more than a page of hits: the next page is one click away
    assert "第 1 /" in page.locator("#hit-count").inner_text()
    page.click("#search-pages a[rel=next]")
    page.wait_for_url("**page=2")
    assert "第 2 /" in page.locator("#hit-count").inner_text() and page.locator(".hit").count() > 0
    page.emulate_media(media="print")  # printed, the page is the hits without navigation or forms
    assert not page.locator("header.top").is_visible() and not page.locator("form.search").is_visible()
    assert page.locator(".hit").first.is_visible()
    page.emulate_media(media="screen")

    # choosing a framework submits the form (a script from /static, not an inline handler)
    page.goto(f"{base}/search/point")
    assert page.locator("form.search button").inner_text() == "选择观测点"  # works without the script too
    page.select_option("select[name=framework]", "hn-2021-county-gov")
    page.wait_for_selector("select[name=point]")
    page.select_option("select[name=point]", "H2.3")
    page.click("form.search button")
    page.wait_for_selector(".hit")

    # a 核定分: the point page shows 分值 / 自评分 / 建议得分; the reviewer sets a score with a reason, and the
    # overview's reviewed total, the city view and the 初审意见 follow it
    page.goto(overview)
    page.locator("tr[data-point] td:first-child a").first.click()
    page.wait_for_selector("#score-form")
    assert page.locator("#standard").inner_text().startswith("评分标准：")
    suggested = float(page.locator("#suggested-score").inner_text())
    reviewed = max(0.0, suggested - 0.5)
    page.fill("#score-form input[name=score]", f"{reviewed:g}")
    page.fill("#score-form input[name=note]", "会议纪要未见专题研究记录，酌减")
    page.click("#score-form button[value=score]")
    page.wait_for_selector("#reviewed-score")
    assert float(page.locator("#reviewed-score").inner_text()) == reviewed
    assert "会议纪要未见专题研究记录" in page.locator("#scores").inner_text()
    _shot(page, "07-reviewed-score")
    here = page.url
    page.keyboard.press("ArrowRight")  # the next point, by keyboard
    page.wait_for_url(lambda url: url != here)
    assert page.locator("#prev-point").count() == 1
    page.goto(overview)
    page.once("dialog", lambda d: d.dismiss())  # 重新处理 asks first; dismissed, nothing is sent
    page.click("form[action$='/rerun'] button")
    assert page.url == overview and page.locator("#total").count()
    page.click("#findings-link")
    page.wait_for_selector("table.findings")
    _shot(page, "09-findings")
    page.select_option("select[name=severity]", "high")
    page.select_option("select[name=sort]", "point")
    page.click("form.filters button")
    page.wait_for_url("**severity=high**")
    rows = page.locator("table.findings tbody tr")
    assert rows.count() > 0 and rows.count() == page.locator("table.findings tbody tr.sev-high").count()
    page.goto(overview)
    page.click("#files-link")
    page.wait_for_selector("table.files")
    _shot(page, "10-files")
    page.goto(overview)
    suggested_total = float(page.locator("#suggested-total").inner_text())
    assert float(page.locator("#total").inner_text()) == pytest.approx(suggested_total - (suggested - reviewed))
    assert "已核定 1 /" in page.locator(".summary").inner_text()

    # the city view compares counties (self / suggested / reviewed totals) and states the 优秀 quota
    page.goto(f"{base}/city")
    page.click("text=甲市")
    table = page.locator("table").inner_text()
    assert "临河县" in table and "核定总分" in table and "已核定 1 /" in table
    _shot(page, "08-city")

    # both exports, opened as documents
    page.goto(overview)
    out = server["root"]
    with page.expect_download() as got:
        page.click("#export-docx")
    docx_path = out / "初审意见.docx"
    got.value.save_as(docx_path)
    text = "\n".join(p.text for p in Document(docx_path).paragraphs)
    assert "临河县" in text and "初审意见" in text and "核定总分" in text
    with page.expect_download() as got:
        page.click("#export-xlsx")
    xlsx_path = out / "问题清单.xlsx"
    got.value.save_as(xlsx_path)
    sheet = load_workbook(xlsx_path).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "观测点" in "".join(str(h) for h in header if h)
    assert sheet.max_row > 1, "the problem list has the flags"
    assert blocked == [], blocked
    page.close()


def _decline_marks_its_row(page, base: str, sid: str, findings: str) -> None:
    """From the findings list to the decline's citation: on the bulletin's page image the marked row is one
    row of the table (far lower than the table) and holds the spot where the original PDF prints the cited
    figure; the text beside the image marks the same row and the figure's cell."""
    import pdfplumber

    page.goto(findings)
    link = page.locator("table.findings tbody tr a[href*='#flag-']").first
    anchor = "#" + link.get_attribute("href").split("#", 1)[1]
    link.click()
    cite = page.locator(f"{anchor} a.cite[href*='.pdf']").first
    href = cite.get_attribute("href")
    figure = parse_qs(urlsplit(href).query)["q"][0].rsplit("：", 1)[-1]  # 初中 / 2022年（元）：20585.24
    assert re.fullmatch(r"[\d.,]+", figure), href
    cite.click()
    page.wait_for_function("document.querySelector('.page-image img')?.naturalWidth > 0")
    rows, table = page.locator("rect.highlight.row"), page.locator("rect.outline")
    assert rows.count() == 1 and table.count() == 1
    row_box, table_box = rows.bounding_box(), table.bounding_box()
    assert row_box["height"] * 3 < table_box["height"], "one row marked, not the table"
    assert (
        table_box["y"] - 1 <= row_box["y"]
        and row_box["y"] + row_box["height"] <= table_box["y"] + table_box["height"] + 1
    )

    # where the original prints the figure, read from the original file itself
    original = page.request.get(base + page.locator("a[href$='/original']").get_attribute("href"))
    number = int(parse_qs(urlsplit(page.url).query)["page"][0])
    with pdfplumber.open(io.BytesIO(original.body())) as pdf:
        pdf_page = pdf.pages[number - 1]
        printed = [w for w in pdf_page.extract_words() if w["text"] == figure]
        width, height = float(pdf_page.width), float(pdf_page.height)
    assert printed, f"{figure} is printed on page {number}"

    def span(rect, start: str, size: str) -> tuple[float, float]:  # the SVG's 100×100 box: percent of the page
        a = float(rect.get_attribute(start))
        return a, a + float(rect.get_attribute(size))

    cells = page.locator("rect.highlight.cell")
    assert cells.count() == 1
    (top, bottom), (left, right) = span(rows.first, "y", "height"), span(cells.first, "x", "width")
    assert any(
        top <= 100 * w["top"] / height <= 100 * w["bottom"] / height <= bottom + 0.05
        and left <= 100 * w["x0"] / width <= 100 * w["x1"] / width <= right + 0.05
        for w in printed
    ), (top, bottom, left, right, printed)

    marked = page.locator(".page-text tr.marked")
    assert marked.count() == 1 and figure in marked.inner_text()
    assert page.locator(".page-text tr.marked td.figure").inner_text() == figure


def _threshold_in_a_sheet_marks_its_row(page, base: str, sid: str) -> None:
    report = page.request.get(f"{base}/api/submissions/{sid}/report").json()
    flag = next(
        f
        for f in report["flags"]
        if f["kind"] == "threshold_not_met" and any(e["file"].endswith(".xlsx") for e in f.get("evidence", []))
    )
    page.goto(f"{base}/s/{sid}/p/{flag['observation_point']}")
    cite = page.locator(f"#flag-{flag['id']} a.cite[href*='.xlsx']").first
    figure = parse_qs(urlsplit(cite.get_attribute("href")).query)["q"][0].rsplit("：", 1)[-1]
    cite.click()
    page.wait_for_selector(".page-text tr.marked")
    assert page.locator(".page-image").count() == 0
    marked = page.locator(".page-text tr.marked")
    assert marked.count() == 1 and page.locator(".page-text tr.marked td.figure").inner_text() == figure
    assert page.locator(".page-text table.table tr").count() > 2, "the whole sheet is shown, one row marked"


def test_point_status_follows_findings_and_a_dismissal_keeps_the_reviewer_in_place(server, browser):
    """On the submission the workflow above uploaded: a point with a decline or an unmet standard is not
    有支撑, a point the report claims without evidence is 缺少支撑; a refused decision comes back beside its
    form with the typed text kept, a dismissal returns to the finding's anchor and the list's counts drop."""
    base = server["url"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "shen_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    row = page.locator("tr[data-status=done]").first
    assert row.count(), "the workflow test above processed a submission"
    sid = row.get_attribute("data-submission")
    counts_before = row.locator("td").last.inner_text()
    report = page.request.get(f"{base}/api/submissions/{sid}/report?reviewed=true").json()

    against = [f for f in report["flags"] if f["severity"] == "high" and f["kind"] in ("decline", "threshold_not_met")]
    assert against, "the generated submission has a planted decline or unmet standard"
    flag = against[0]
    point_url = f"{base}/s/{sid}/p/{flag['observation_point']}"
    page.goto(point_url)
    assert page.locator("h1 .st").inner_text() != "有支撑"
    claimed = [p for p in report["observation_points"] if p["claims"] and not p["evidence_files"]]
    for p in claimed[:2]:
        page.goto(f"{base}/s/{sid}/p/{p['id']}")
        assert page.locator("h1 .st").inner_text() == "缺少支撑"

    # a 核定分 out of range: the point page again, the message beside the form, what was typed still there
    page.goto(point_url)
    page.fill("#score-form input[name=score]", "999")
    page.fill("#score-form input[name=note]", "现场核查台账不全")
    page.click("#score-form button[value=score]")
    page.wait_for_selector("#score-form [role=alert]")
    assert "核定分须在 0 到" in page.locator("#score-form [role=alert]").inner_text()
    assert page.input_value("#score-form input[name=score]") == "999"
    assert page.input_value("#score-form input[name=note]") == "现场核查台账不全"

    # 撤销问题 without a reason, then with one: back at the finding, not at the top of the page
    article = f"#flag-{flag['id']}"
    page.goto(point_url)
    page.click(f"{article} button[value=dismiss]")
    page.wait_for_selector(f"{article} [role=alert]")
    assert "须填写理由" in page.locator(f"{article} [role=alert]").inner_text()
    page.fill(f"{article} input[name=note]", "经核实，该学段口径调整，属误报")
    page.click(f"{article} button[value=dismiss]")
    page.wait_for_url(f"{point_url}{article}")
    assert page.evaluate("window.scrollY") > 0 or page.locator(article).is_visible()
    _shot(page, "09-dismissed")

    page.goto(f"{base}/")
    high, medium, low = (int(n) for n in counts_before.split("/"))
    after = page.locator(f"tr[data-submission='{sid}'] td").last.inner_text()
    assert after == f"{high - 1} / {medium} / {low}"
    page.close()


# What a page may show in Latin letters: proper names of formats and tools, units, ids and file names.
ALLOWED_WORDS = {"PDF", "ID", "API", "REST", "JSON", "Word", "Excel", "ZIP", "SHA-256", "OCR", "CSV", "Ctrl"}
ALLOWED_WORDS |= {"AND", "OR", "NOT", "Retry-After"}  # the query language's operators; an HTTP header
ALLOWED_SHAPES = [
    r"[A-Z]\d+(\.\d+)*",  # observation point and indicator ids: H1.1, H2.3.4
    r"(\S*\.)?(docx?|xlsx?|pdf|zip|7z|wps|odt|ofd|txt|csv|jpe?g|png)",  # file names and their extensions
    r"[0-9a-f]{8,}",  # checksums
    r"\d+\S*",  # figures with units: 2022, 7z, 100%
]
# Collects what a reader sees: text outside code, scripts and hidden elements, the choices of lists, and
# placeholders and titles.
VISIBLE_TEXT = """() => {
  const out = [document.title];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (el.closest('code, script, style, [hidden]') || !el.getClientRects().length) continue;
    out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('select')) {  // a list's choices show when it is opened
    if (el.getClientRects().length) for (const o of el.options) out.push(o.text);
  }
  for (const el of document.querySelectorAll('[placeholder], [title]')) {
    out.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || '');
  }
  return out.join('\\n');
}"""


def english_words(text: str, names: set[str]) -> set[str]:
    """Latin-letter words in `text` that are neither allowed nor the given proper names (user names)."""
    words = set()
    for token in re.findall(r"[A-Za-z0-9][\w.\-%]*[A-Za-z0-9%]|[A-Za-z]", text):
        token = token.rstrip(".")
        if not re.search("[A-Za-z]", token) or token in ALLOWED_WORDS | names:
            continue
        if not any(re.fullmatch(shape, token) for shape in ALLOWED_SHAPES):
            words.add(token)
    return words


def _a_processed_submission(server) -> int:
    """A processed submission of 甲市: the workflow test's, or one uploaded here through the API."""
    import httpx

    with httpx.Client(base_url=server["url"], timeout=60) as api:
        login = api.post("/api/login", json={"username": "admin", "password": PASSWORD})
        auth = {"Authorization": f"Bearer {login.json()['token']}"}
        done = [s["id"] for s in api.get("/api/submissions", headers=auth).json() if s["status"] == "done"]
        if done:
            return done[0]
        where = {
            "name": "临河县2022年度自评材料",
            "framework": "hn-2021-county-gov",
            "city": "甲市",
            "county": "临河县",
        }
        sid = api.post("/api/submissions", params=where, content=server["bundle"].read_bytes(), headers=auth)
        assert sid.status_code == 201, sid.text
        deadline = time.monotonic() + 300
        while api.get(f"/api/submissions/{sid.json()['id']}/status", headers=auth).json()["status"] != "done":
            assert time.monotonic() < deadline, "processing did not finish"
            time.sleep(1)
        return sid.json()["id"]


def test_every_page_works_offline_and_speaks_chinese(server, browser):
    """Walking every page as an administrator: no request leaves 127.0.0.1 (inspection offices are
    offline), and no page shows an English word beyond proper names (PDF, Word, ids, file names)."""
    from tests.workbench import USERS

    base, sid = server["url"], _a_processed_submission(server)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)
    english: dict[str, set[str]] = {}

    def visit(name: str, path: str) -> None:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        _shot(page, f"walk-{name}")
        found = english_words(page.evaluate(VISIBLE_TEXT), set(USERS))
        if found:
            english[path] = found

    visit("00-login", "/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    visit("01-list", "/")
    visit("02-upload", "/upload")
    visit("03-overview", f"/s/{sid}")
    point = page.locator("tr[data-point]:not([data-flags='0']) td:first-child a").first.get_attribute("href")
    visit("04-point", point)
    viewer = page.locator("a.cite").first.get_attribute("href")
    visit("05-viewer", viewer)
    visit("06-search", "/search?q=教育经费")
    visit("07-search-point", "/search/point?framework=hn-2021-county-gov&point=H2.3")
    visit("08-search-batch", "/search/batch?framework=hn-2021-county-gov&items=教育经费%0AH2.3")
    visit("09-cities", "/city")
    visit("10-city", "/city/甲市")
    visit("11-frameworks", "/frameworks")
    visit("12-users", "/admin/users")
    visit("13-api-docs", "/api/docs")
    page.close()
    assert outside == [], outside
    assert english == {}, "\n".join(f"{path}: {sorted(words)}" for path, words in english.items())
