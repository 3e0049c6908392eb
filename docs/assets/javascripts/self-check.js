/* Growth-step self-check: choices are kept in this browser's localStorage only (nothing is sent). */
(function () {
  "use strict";
  var root = document.getElementById("hb-selfcheck");
  var data = JSON.parse(document.getElementById("hb-selfcheck-data").textContent);
  var key = root.dataset.storageKey;
  var status = document.getElementById("hb-selfcheck-status");

  function read() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function collect() {
    var state = {};
    root.querySelectorAll("input[type=radio]:checked, input[type=date]").forEach(function (input) {
      if (input.value) { state[input.name] = input.value; }
    });
    return state;
  }
  function restore(state) {
    root.querySelectorAll("input[type=radio]").forEach(function (input) { input.checked = state[input.name] === input.value; });
    root.querySelectorAll("input[type=date]").forEach(function (input) { input.value = state[input.name] || ""; });
  }
  function summarise(state) {
    root.querySelectorAll(".hb-selfcheck-summary tr[data-item]").forEach(function (row) {
      var item = row.dataset.item;
      var first = state["round1-" + item], second = state["round2-" + item];
      row.querySelector("[data-round=round1]").textContent = first ? data.labels[first] : "—";
      row.querySelector("[data-round=round2]").textContent = second ? data.labels[second] : "—";
      var diff = first && second ? data.levels.indexOf(second) - data.levels.indexOf(first) : null;
      row.querySelector("[data-difference]").textContent = diff === null ? "—" : (diff > 0 ? "+" : "") + diff;
    });
  }
  /* The two rounds as a chart: one row per indicator, the steps from left to right, ○ the first round,
     ■ the second, an arrow between them. Built with createElementNS and textContent only. */
  var chart = document.getElementById("hb-selfcheck-chart");
  var SVG = "http://www.w3.org/2000/svg";
  function svg(name, attrs, text) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (a) { el.setAttribute(a, attrs[a]); });
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function draw(state) {
    if (!chart || !data.chart) { return; }
    var items = data.chart.items, levels = data.levels;
    var width = 720, left = 10, top = 64, row = 46, colW = (width - left - 10) / levels.length;
    var height = top + items.length * row + 10;
    Array.prototype.slice.call(chart.childNodes).forEach(function (node) {
      if (node.nodeName !== "title" && node.nodeName !== "desc") { chart.removeChild(node); }
    });
    chart.setAttribute("viewBox", "0 0 " + width + " " + height);
    chart.setAttribute("height", height);
    var g = svg("g", {});
    chart.appendChild(g);
    function x(level) { return left + colW * (levels.indexOf(level) + 0.5); }
    // Legend and the steps' names.
    g.appendChild(svg("circle", {"class": "hb-dg-mark1", cx: left + 8, cy: 12, r: 6}));
    g.appendChild(svg("text", {"class": "hb-dg-text hb-dg-small", x: left + 20, y: 16}, data.chart.round1));
    g.appendChild(svg("rect", {"class": "hb-dg-mark2", x: left + 202, y: 6, width: 12, height: 12}));
    g.appendChild(svg("text", {"class": "hb-dg-text hb-dg-small", x: left + 220, y: 16}, data.chart.round2));
    levels.forEach(function (level) {
      g.appendChild(svg("text", {"class": "hb-dg-text hb-dg-small hb-dg-strong", x: x(level), y: top - 14, "text-anchor": "middle"}, data.labels[level]));
    });
    var any = false;
    items.forEach(function (item, i) {
      var y = top + i * row;
      g.appendChild(svg("line", {"class": "hb-dg-grid", x1: left, y1: y, x2: width - 10, y2: y}));
      g.appendChild(svg("text", {"class": "hb-dg-text hb-dg-small", x: left, y: y + 15}, item.label));
      var cy = y + 32;
      g.appendChild(svg("line", {"class": "hb-dg-grid", x1: x(levels[0]), y1: cy, x2: x(levels[levels.length - 1]), y2: cy}));
      levels.forEach(function (level) { g.appendChild(svg("circle", {"class": "hb-dg-tickmark", cx: x(level), cy: cy, r: 2})); });
      var first = state["round1-" + item.id], second = state["round2-" + item.id];
      if (first && second && first !== second) {
        var from = x(first), to = x(second), dir = to > from ? 1 : -1;
        g.appendChild(svg("line", {"class": "hb-dg-flow", x1: from + 9 * dir, y1: cy, x2: to - 10 * dir, y2: cy, "marker-end": "url(#hb-selfcheck-arrow)"}));
      }
      if (first) { any = true; g.appendChild(svg("circle", {"class": "hb-dg-mark1", cx: x(first) - (first === second ? 8 : 0), cy: cy, r: 6})); }
      if (second) { any = true; g.appendChild(svg("rect", {"class": "hb-dg-mark2", x: x(second) - 6 + (first === second ? 8 : 0), y: cy - 6, width: 12, height: 12})); }
    });
    if (!any) {
      g.appendChild(svg("text", {"class": "hb-dg-text hb-dg-small", x: width / 2, y: top + items.length * row / 2, "text-anchor": "middle"}, data.chart.empty));
    }
    var defs = svg("defs", {}), marker = svg("marker", {id: "hb-selfcheck-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"});
    marker.appendChild(svg("path", {"class": "hb-dg-arrowhead", d: "M0,0 L10,5 L0,10 z"}));
    defs.appendChild(marker);
    g.appendChild(defs);
  }

  root.addEventListener("change", function () {
    var state = collect();
    localStorage.setItem(key, JSON.stringify(state));
    summarise(state);
    draw(state);
    status.textContent = data.saved;
  });
  document.getElementById("hb-selfcheck-reset").addEventListener("click", function () {
    localStorage.removeItem(key);
    restore({});
    summarise({});
    draw({});
    status.textContent = data.cleared;
  });
  var saved = read();
  restore(saved);
  summarise(saved);
  draw(saved);
})();
