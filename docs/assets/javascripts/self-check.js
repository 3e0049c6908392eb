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
  root.addEventListener("change", function () {
    var state = collect();
    localStorage.setItem(key, JSON.stringify(state));
    summarise(state);
    status.textContent = data.saved;
  });
  document.getElementById("hb-selfcheck-reset").addEventListener("click", function () {
    localStorage.removeItem(key);
    restore({});
    summarise({});
    status.textContent = data.cleared;
  });
  var saved = read();
  restore(saved);
  summarise(saved);
})();
