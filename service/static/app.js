// 教督审核工作台：上传（带进度）、处理进度轮询、指标表导入、选择即提交。无构建步骤的原生 JavaScript。
"use strict";
const csrf = () => document.querySelector("main").dataset.csrf || "";

function pollProgress() {
  const rows = [...document.querySelectorAll("[data-submission]")].filter(
    (el) => el.dataset.status === "queued" || el.dataset.status === "running");
  if (!rows.length) return;
  Promise.all(rows.map(async (el) => {
    const res = await fetch(`/api/submissions/${el.dataset.submission}/status`, {credentials: "same-origin"});
    if (!res.ok) return;
    const s = await res.json();
    el.querySelector("progress").value = s.percent;
    el.querySelector(".pct").textContent = `${Math.round(s.percent)}%`;
    el.querySelector(".stage").textContent = s.stage_name;
    const status = el.querySelector(".status");
    status.textContent = s.status_name;
    status.className = `status status-${s.status}`;
    const msg = el.querySelector(".msg");
    if (msg) msg.textContent = s.message || "";
    if (s.status !== el.dataset.status && (s.status === "done" || s.status === "failed")) {
      el.dataset.status = s.status;
      if (el.dataset.reload || s.status === "failed") location.reload();
    }
  })).finally(() => setTimeout(pollProgress, 1000));
}

function upload(form) {
  const file = form.file.files[0];
  const message = document.getElementById("upload-message");
  const bar = document.getElementById("upload-progress");
  const params = new URLSearchParams({name: form.name.value, framework: form.framework.value, filename: file.name});
  if (form.city) params.set("city", form.city.value);
  if (form.county) params.set("county", form.county.value);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", `/api/submissions?${params}`);
  xhr.setRequestHeader("Content-Type", "application/zip");
  xhr.setRequestHeader("X-CSRF-Token", csrf());
  bar.hidden = false;
  message.textContent = "正在上传…";
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
  xhr.onload = () => {
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
    if (xhr.status === 201) { location.href = `/s/${body.id}`; return; }
    message.textContent = `上传失败：${body.detail || xhr.status}`;
    message.className = "bad";
  };
  xhr.onerror = () => { message.textContent = "上传失败：网络错误"; message.className = "bad"; };
  xhr.send(file);
}

async function importTable(form) {
  const file = form.file.files[0];
  const message = document.getElementById("import-message");
  const params = new URLSearchParams({filename: file.name});
  if (form.framework_id.value) params.set("framework_id", form.framework_id.value);
  const res = await fetch(`/api/frameworks/import?${params}`, {
    method: "POST", body: file, credentials: "same-origin",
    headers: {"Content-Type": "application/octet-stream", "X-CSRF-Token": csrf()}});
  const body = await res.json().catch(() => ({}));
  if (res.ok) { message.textContent = `已导入「${body.name}」：${body.points} 个观测点`; setTimeout(() => location.reload(), 800); }
  else { message.textContent = `导入失败：${body.detail || res.status}`; message.className = "bad"; }
}

// a select that submits its form on change, first clearing the field named by data-submit-clearing
// (no inline handler: the Content-Security-Policy allows scripts from /static only)
function submitOnChange(select) {
  select.addEventListener("change", () => {
    const cleared = select.form.elements[select.dataset.submitClearing];
    if (cleared) cleared.value = "";
    select.form.submit();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-submit-clearing]").forEach(submitOnChange);
  const up = document.getElementById("upload-form");
  if (up) up.addEventListener("submit", (e) => { e.preventDefault(); upload(up); });
  const imp = document.getElementById("import-form");
  if (imp) imp.addEventListener("submit", (e) => { e.preventDefault(); importTable(imp); });
  showCited();
  pollProgress();
});

// the evidence viewer's text scrolls (within its own box) to the first cited passage or table row
function showCited() {
  const box = document.querySelector(".page-text");
  const mark = box && box.querySelector("mark.passage");
  if (!mark) return;
  const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
  box.scrollTop += offset - box.clientHeight / 3;
}

// a form that asks before it is sent (重新处理): data-confirm holds the question
document.addEventListener("submit", (e) => {
  const question = e.target.dataset && e.target.dataset.confirm;
  if (question && !window.confirm(question)) e.preventDefault();
});

// ← and → move between observation points on a point page (not while typing in a field)
document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) return;
  const link = document.getElementById(e.key === "ArrowLeft" ? "prev-point" : e.key === "ArrowRight" ? "next-point" : "");
  if (link) location.href = link.href;
});

// a chosen file's name beside the Chinese 选择文件 button
document.addEventListener("change", (e) => {
  if (e.target.type !== "file") return;
  const shown = document.querySelector(`.file-name[data-for="${e.target.id}"]`);
  if (shown) shown.textContent = e.target.files.length ? e.target.files[0].name : "未选择文件";
});
