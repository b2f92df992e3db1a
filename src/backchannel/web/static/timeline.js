// The timeline chart: an SVG drawn from the page's JSON twin. No library, no inline code
// (the CSP forbids it). Lanes are event types; bars are intervals, dashed lines open
// ends, hollow marks events dated by their publication. Drag to zoom to a period.
"use strict";
(function () {
  const svg = document.getElementById("timeline-chart");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const margin = { left: 96, right: 16, top: 8, bottom: 28 };
  const rowHeight = 14;
  const laneGap = 8;

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (parent) parent.appendChild(node);
    return node;
  }
  function parseDay(text) {
    if (!text) return null;
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(text).trim());
    if (!m) return null;
    return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
  }
  function endOfPeriod(text) {
    // "2023" ends on Dec 31, "2023-09" on Sep 30: the To field is inclusive.
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(text || "").trim());
    if (!m) return null;
    if (m[3]) return Date.UTC(+m[1], +m[2] - 1, +m[3]);
    if (m[2]) return Date.UTC(+m[1], +m[2], 0);
    return Date.UTC(+m[1], 11, 31);
  }
  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  function ticks(lo, hi) {
    const months = (hi - lo) / (30.4 * DAY);
    const step = months > 96 ? 24 : months > 48 ? 12 : months > 18 ? 6 : months > 8 ? 3 : 1;
    const first = new Date(lo);
    let y = first.getUTCFullYear();
    let m = Math.ceil(first.getUTCMonth() / step) * step;
    const out = [];
    for (;;) {
      const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
      if (t > hi) break;
      if (t >= lo) out.push(t);
      m += step;
    }
    return { values: out, step: step };
  }
  function label(t, step) {
    const d = new Date(t);
    const month = d.toLocaleString("en", { month: "short", timeZone: "UTC" });
    return step >= 12 || d.getUTCMonth() === 0 ? (step >= 12 ? String(d.getUTCFullYear()) : month + " " + d.getUTCFullYear()) : month;
  }

  function draw(events) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const width = Math.max(480, svg.getBoundingClientRect().width || 900);
    const items = [];
    for (const e of events) {
      const anchor = parseDay(e.sort_date);
      let start = parseDay(e.start);
      let end = parseDay(e.end);
      if (start === null && end === null) start = end = anchor;
      if (start === null && end === null) continue;
      items.push({ e: e, start: start, end: end });
    }
    if (!items.length) {
      svg.setAttribute("height", "40");
      el("text", { x: 12, y: 24, class: "lane" }, svg).textContent = "No dated events to chart.";
      return;
    }
    const form = document.getElementById("timeline-filters");
    let lo = parseDay(form && form.elements["from"] ? form.elements["from"].value : "");
    let hi = endOfPeriod(form && form.elements["to"] ? form.elements["to"].value : "");
    const known = [];
    for (const it of items) {
      if (it.start !== null) known.push(it.start);
      if (it.end !== null) known.push(it.end);
    }
    const pad = Math.max(15 * DAY, (Math.max(...known) - Math.min(...known)) * 0.03);
    if (lo === null) lo = Math.min(...known) - pad;
    if (hi === null) hi = Math.max(...known) + pad;
    if (hi <= lo) hi = lo + DAY;
    const plotW = width - margin.left - margin.right;
    const x = (t) => margin.left + ((t - lo) / (hi - lo)) * plotW;
    const clampX = (t) => Math.min(margin.left + plotW, Math.max(margin.left, x(t)));

    // Lanes by event type, in order of first appearance; rows packed so marks never overlap.
    const lanes = new Map();
    for (const it of items) {
      const x0 = it.start === null ? margin.left : clampX(it.start);
      const x1 = it.end === null ? margin.left + plotW : clampX(it.end);
      it.x0 = x0;
      it.x1 = Math.max(x1, x0);
      const lane = lanes.get(it.e.event) || { rows: [], items: [] };
      lanes.set(it.e.event, lane);
      let row = lane.rows.findIndex((right) => right + 6 < it.x0 - 5);
      if (row < 0) {
        row = lane.rows.length;
        lane.rows.push(0);
      }
      lane.rows[row] = Math.max(it.x1, it.x0) + 5;
      it.row = row;
      lane.items.push(it);
    }
    let y = margin.top;
    const laneTop = new Map();
    for (const [name, lane] of lanes) {
      laneTop.set(name, y);
      y += lane.rows.length * rowHeight + laneGap;
    }
    const height = y + margin.bottom;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("height", String(height));

    const axis = el("g", { class: "axis" }, svg);
    const t = ticks(lo, hi);
    for (const value of t.values) {
      const tx = x(value);
      el("line", { class: "gridline", x1: tx, x2: tx, y1: margin.top, y2: y }, axis);
      const text = el("text", { x: tx, y: y + 16, "text-anchor": "middle" }, axis);
      text.textContent = label(value, t.step);
    }
    el("line", { x1: margin.left, x2: margin.left + plotW, y1: y, y2: y }, axis);

    for (const [name, lane] of lanes) {
      const top = laneTop.get(name);
      const text = el("text", { class: "lane", x: margin.left - 8, y: top + 10, "text-anchor": "end" }, svg);
      text.textContent = name;
      for (const it of lane.items) {
        const e = it.e;
        const cy = top + it.row * rowHeight + 6;
        const link = el("a", { href: "/events/" + encodeURIComponent(e.event_id), class: "mark" }, svg);
        const tip = el("title", {}, link);
        const when = (e.start || "…") + (e.end !== e.start ? " – " + (e.end || "…") : "");
        tip.textContent = e.label + " · " + when + " · " + e.status + (e.date_fallback ? " · publication date stands in" : "") + "\n" + (e.sentence || "");
        const cls = "s-" + e.status + (e.date_fallback ? " fallback" : "");
        const isPoint = it.start !== null && it.end !== null && it.x1 - it.x0 < 4;
        if (isPoint) {
          el("circle", { class: "pt " + cls, cx: it.x0, cy: cy, r: 5 }, link);
        } else {
          const solid0 = it.start === null ? null : it.x0;
          const solid1 = it.end === null ? null : it.x1;
          const a = solid0 === null ? it.x0 : solid0;
          const b = solid1 === null ? it.x1 : solid1;
          if (solid0 !== null && solid1 !== null) {
            el("rect", { class: "bar " + cls, x: a, y: cy - 4, width: Math.max(3, b - a), height: 8, rx: 2 }, link);
          } else {
            // An open interval: a short solid stub at the known end, dashed toward the open one.
            const known = solid0 !== null ? solid0 : solid1;
            el("rect", { class: "bar " + cls, x: known - 2, y: cy - 4, width: 4, height: 8 }, link);
            el("line", { class: "open-end " + cls, x1: a, x2: b, y1: cy, y2: cy }, link);
          }
        }
      }
    }
    enableBrush(x, lo, hi, plotW, y);
  }

  function enableBrush(x, lo, hi, plotW, bottom) {
    let startX = null;
    let brush = null;
    const toTime = (px) => lo + ((px - margin.left) / plotW) * (hi - lo);
    const local = (ev) => {
      const box = svg.getBoundingClientRect();
      const scale = (svg.viewBox.baseVal && svg.viewBox.baseVal.width) ? svg.viewBox.baseVal.width / box.width : 1;
      return (ev.clientX - box.left) * scale;
    };
    svg.onpointerdown = (ev) => {
      if (ev.button !== 0) return;
      svg.setPointerCapture(ev.pointerId);
      startX = Math.min(margin.left + plotW, Math.max(margin.left, local(ev)));
      brush = el("rect", { class: "brush", x: startX, y: margin.top, width: 0, height: bottom - margin.top }, svg);
    };
    svg.onpointermove = (ev) => {
      if (startX === null || !brush) return;
      const now = Math.min(margin.left + plotW, Math.max(margin.left, local(ev)));
      brush.setAttribute("x", String(Math.min(now, startX)));
      brush.setAttribute("width", String(Math.abs(now - startX)));
    };
    svg.onpointerup = (ev) => {
      if (startX === null) return;
      const now = Math.min(margin.left + plotW, Math.max(margin.left, local(ev)));
      const from = Math.min(now, startX);
      const to = Math.max(now, startX);
      startX = null;
      if (brush) brush.remove();
      brush = null;
      if (to - from < 6) return; // a click, not a drag
      const form = document.getElementById("timeline-filters");
      if (!form) return;
      form.elements["from"].value = iso(toTime(from));
      form.elements["to"].value = iso(toTime(to));
      form.submit();
    };
  }

  // Marks are links: without this, dragging from one starts the browser's link drag.
  svg.addEventListener("dragstart", (ev) => ev.preventDefault());

  let data = null;
  fetch(svg.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
    .then((payload) => {
      data = payload.events || [];
      draw(data);
    })
    .catch(() => {
      el("text", { x: 12, y: 24, class: "lane" }, svg).textContent = "The chart could not be loaded; the table below lists the same events.";
    });
  let pending = null;
  window.addEventListener("resize", () => {
    if (!data) return;
    clearTimeout(pending);
    pending = setTimeout(() => draw(data), 150);
  });
})();
