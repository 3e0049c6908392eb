/* Session planner: the dated schedule of all sessions and tasks, computed in the browser.
   Same rules as scripts/handbook/views/planner.py (a test compares plans, accepted and refused inputs and their
   messages); the sessions, tasks and every text come from the page (#hb-planner-data). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hb-planner-data").textContent);
  var form = document.getElementById("hb-planner-form");
  var input = document.getElementById("hb-planner-first");
  var picker = document.getElementById("hb-planner-picker");
  var pick = document.getElementById("hb-planner-pick");
  var output = document.getElementById("hb-planner-output");
  var error = document.getElementById("hb-planner-error");
  var WEEKDAYS_JA = "月火水木金土日";
  var WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SPACES = "[ \\t\\r\\n\\u00a0\\u3000\\ufeff]+";
  var TRIM = new RegExp("^" + SPACES + "|" + SPACES + "$", "g");
  var DASHES = /[\u2010\u2012\u2013\u2014\u2015\u2212\u30fc]/g;
  var NUMERIC = /^([0-9]{4}) *([-/.]) *([0-9]{1,2}) *\2 *([0-9]{1,2})$/;
  var KANJI = /^([0-9]{4}) *年 *([0-9]{1,2}) *月 *([0-9]{1,2}) *日?$/;
  var COMPACT = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;
  var SHOWN_MAX = 40;
  var CSV_COLUMNS = ["date", "session", "kind", "task_id", "title", "timing", "placement"];

  /* A label of the page's language with {name} filled in (planner.fill in Python). */
  function label(key, values) {
    return data.labels[key].replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
  }

  /* Dates are plain {y, m, d} in UTC, so no time zone can shift a day. */
  function make(y, m, d) { return new Date(Date.UTC(y, m - 1, d)); }
  function daysInMonth(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function weekday(date) { return (date.getUTCDay() + 6) % 7; } /* Monday = 0, like Python */
  function addDays(date, n) { return new Date(date.getTime() + n * 86400000); }
  function addMonths(date, n) {
    var index = date.getUTCMonth() + n;
    var y = date.getUTCFullYear() + Math.floor(index / 12);
    var m = ((index % 12) + 12) % 12 + 1;
    return make(y, m, Math.min(date.getUTCDate(), daysInMonth(y, m)));
  }
  function nextWeekday(date) { while (weekday(date) >= 5) { date = addDays(date, 1); } return date; }
  function previousWeekday(date) { while (weekday(date) >= 5) { date = addDays(date, -1); } return date; }
  function iso(date) { return date.toISOString().slice(0, 10); }

  /* A refused input: `code` names the reason (as PlanError.code), `message` says it in the page's language. */
  function refuse(code, typed, values) {
    var chars = Array.from(typed);
    values = values || {};
    values.value = chars.length <= SHOWN_MAX ? typed : chars.slice(0, SHOWN_MAX).join("") + "…";
    values.min = data.years[0];
    values.max = data.years[1];
    var e = new Error(label("planner_error_" + code, values));
    e.code = code;
    return e;
  }
  function parseDate(value) {
    var typed = value.replace(TRIM, "");
    var text = typed.normalize("NFKC").replace(TRIM, "").replace(DASHES, "-");
    if (!text) { throw refuse("empty", typed); }
    var match = NUMERIC.exec(text), parts = match ? [match[1], match[3], match[4]] : null;
    [KANJI, COMPACT].forEach(function (pattern) {
      if (!parts && (match = pattern.exec(text))) { parts = match.slice(1, 4); }
    });
    if (!parts) { throw refuse("unreadable", typed); }
    var y = +parts[0], m = +parts[1], d = +parts[2];
    if (y < data.years[0] || y > data.years[1]) { throw refuse("year", typed); }
    if (m < 1 || m > 12) { throw refuse("month", typed); }
    var last = daysInMonth(y, m);
    if (d < 1 || d > last) { throw refuse("day", typed, { year: y, month: m, last: last }); }
    return make(y, m, d);
  }
  function parseInterval(value) {
    var match = /^(\d+)\s*([mw])$/i.exec(value.trim());
    var n = match ? +match[1] : 0, unit = match ? match[2].toLowerCase() : "";
    if (unit === "m" && n >= 1 && n <= 6) { return { months: n, weeks: 0 }; }
    if (unit === "w" && n >= 1 && n <= 26) { return { months: 0, weeks: n }; }
    var e = new Error(value); e.code = "interval"; throw e;
  }

  /* Which tasks, for which session: see planner.py (for_practice, next_session). */
  function plan(first, interval) {
    var entries = [];
    var tasks = {}, openedByPrevious = {};
    data.tasks.forEach(function (task) {
      tasks[task.id] = task;
      if (task.next_session) { openedByPrevious[task.next_session] = true; }
    });
    data.sessions.forEach(function (session, index) {
      var planned = addDays(addMonths(first, interval.months * index), 7 * interval.weeks * index);
      var firstDay = nextWeekday(planned);
      var lastDay = nextWeekday(addDays(firstDay, 1));
      var sessionLabel = label("session_title", { n: session.number });
      [firstDay, lastDay].forEach(function (day, i) {
        entries.push({ session: session.number, kind: "session", task: "day-" + (i + 1), day: day,
          title: sessionLabel + label("session_sep", {}) + session.title + label("planner_day_suffix", { n: i + 1 }), timing: "", placement: "H" });
      });
      data.tasks.forEach(function (task) {
        var point = data.timepoints[task.timepoint];
        if (task.timepoint === "session-days") { return; } /* the session days themselves are listed above */
        var timing = point.label, owner, planned;
        if (task.next_session) { /* the loop closes: the next session's task, at this session's timing */
          if (index + 1 === data.sessions.length) { return; }
          owner = data.sessions[index + 1];
          planned = tasks[task.next_session];
          timing = label("planner_timing_of_session", { session: sessionLabel, timing: timing });
        } else if (openedByPrevious[task.id] && index > 0) {
          return; /* listed after the previous session, where the loop closed */
        } else {
          owner = session;
          planned = task;
        }
        if (planned.for_practice && owner.practice === null) { return; }
        var title = planned.title;
        if (planned.for_practice) { title = label("planner_for_practice", { task: title, practice: owner.practice }); }
        var anchor = point.offset.anchor === "first-day" ? firstDay : lastDay;
        var day = previousWeekday(addDays(addMonths(anchor, point.offset.months), point.offset.days));
        entries.push({ session: owner.number, kind: "task", task: planned.id, day: day, timing: timing, placement: task.placement,
          title: label("session_title", { n: owner.number }) + label("planner_task_separator", {}) + title });
      });
      (data.handbook_tasks || []).forEach(function (task) { /* the handbook's own tasks (例/補足), only for their sessions */
        if (task.sessions.indexOf(session.id) < 0) { return; }
        var point = data.timepoints[task.timepoint];
        var anchor = point.offset.anchor === "first-day" ? firstDay : lastDay;
        var day = previousWeekday(addDays(addMonths(anchor, point.offset.months), point.offset.days));
        entries.push({ session: session.number, kind: "task", task: task.id, day: day, timing: point.label, placement: task.kind,
          title: sessionLabel + label("planner_task_separator", {}) + task.title });
      });
    });
    /* Array.prototype.sort is stable: entries of one day and session keep the figure's order. */
    entries.sort(function (a, b) {
      return (a.day - b.day) || (a.session - b.session) || ((a.kind === "session" ? 0 : 1) - (b.kind === "session" ? 0 : 1));
    });
    return entries;
  }

  function formatDate(date) {
    if (data.lang === "ja") {
      return date.getUTCFullYear() + "年" + (date.getUTCMonth() + 1) + "月" + date.getUTCDate() + "日（" + WEEKDAYS_JA[weekday(date)] + "）";
    }
    return WEEKDAYS_EN[weekday(date)] + " " + String(date.getUTCDate()).padStart(2, "0") + " " + MONTHS_EN[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }
  function placementText(e) { return e.kind === "session" ? "" : label("placement_" + e.placement, {}); }

  function csvRows(entries) {
    var rows = [CSV_COLUMNS.map(function (column) { return label("planner_csv_" + column, {}); })];
    entries.forEach(function (e) {
      rows.push([iso(e.day), String(e.session), label("planner_kind_" + e.kind, {}), e.task, e.title, e.timing, placementText(e)]);
    });
    return rows;
  }
  function csv(entries) {
    var quote = function (v) { return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    return csvRows(entries).map(function (r) { return r.map(quote).join(",") + "\r\n"; }).join("");
  }
  /* RFC 5545 §3.1: at most 75 octets (UTF-8) a line, never inside a character; continuations start with a space. */
  function fold(line) {
    var lines = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var cp = ch.codePointAt(0), octets = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (size + octets > 75) { lines.push(current); current = " "; size = 1; }
      current += ch;
      size += octets;
    });
    lines.push(current);
    return lines;
  }
  function ics(entries, first) {
    var esc = function (v) { return v.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); };
    var compact = function (d) { return iso(d).replace(/-/g, ""); };
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chiiki-zukuri-handbook//planner//" + data.lang.toUpperCase(),
      "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + esc(label("planner_calendar_name", {}))];
    entries.forEach(function (e) {
      lines.push("BEGIN:VEVENT", "UID:s" + e.session + "-" + e.task + "@chiiki-zukuri-handbook", "DTSTAMP:" + compact(first) + "T000000Z",
        "DTSTART;VALUE=DATE:" + compact(e.day), "DTEND;VALUE=DATE:" + compact(addDays(e.day, 1)), "SUMMARY:" + esc(e.title));
      if (e.kind === "task") {
        lines.push("DESCRIPTION:" + esc(label("planner_ics_description", { timing: e.timing, placement: placementText(e) })));
      }
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(function (line) { return fold(line).join("\r\n") + "\r\n"; }).join("");
  }
  function link(id, text, name, type) {
    var a = document.getElementById(id);
    a.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
    a.download = name;
    a.hidden = false;
  }

  function show(entries, first) {
    var body = output.querySelector("tbody");
    body.textContent = "";
    entries.forEach(function (e) {
      var row = document.createElement("tr");
      row.className = e.kind === "session" ? "hb-plan-session" : "hb-plan-task";
      row.dataset.date = iso(e.day);
      [formatDate(e.day), e.title, e.timing, placementText(e)].forEach(function (text) {
        var cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      if (e.kind === "task") { /* on a phone the timing columns give way to a line under the task */
        var meta = document.createElement("span");
        meta.className = "hb-plan-meta";
        meta.textContent = e.timing + label("comma", {}) + placementText(e);
        row.children[1].appendChild(meta);
      }
      body.appendChild(row);
    });
    output.hidden = false;
    link("hb-planner-csv", "\ufeff" + csv(entries), "schedule-" + iso(first) + ".csv", "text/csv");
    link("hb-planner-ics", ics(entries, first), "schedule-" + iso(first) + ".ics", "text/calendar");
  }
  function showError(message) {
    output.hidden = true;
    error.textContent = message;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }
  function compute() {
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    try {
      var first = parseDate(input.value);
      show(plan(first, parseInterval(form.elements.interval.value)), first);
    } catch (e) {
      showError(e.message);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    compute();
  });
  /* A changed interval recomputes a schedule already on the page. */
  form.elements.interval.addEventListener("change", function () { if (!output.hidden) { compute(); } });

  /* The calendar: a native date picker behind the button; the chosen day is written into the box in the
     page's usual form and the schedule is computed. */
  if (picker && pick) {
    pick.addEventListener("click", function () {
      try { picker.value = iso(parseDate(input.value)); } catch (e) { picker.value = ""; }
      try { picker.showPicker(); } catch (e) { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (!match) { return; }
      input.value = label("planner_input_format", { y: match[1], mm: match[2], dd: match[3], m: +match[2], d: +match[3] });
      compute();
      input.focus();
    });
  }

  function refusal(value) {
    try { return { ok: iso(parseDate(value)) }; } catch (e) { return { code: e.code, message: e.message }; }
  }
  window.handbookPlanner = {
    parse: refusal,
    plan: function (first, interval) {
      return plan(parseDate(first), parseInterval(interval || "1m")).map(function (e) {
        return { date: iso(e.day), session: e.session, kind: e.kind, task: e.task, title: e.title, timing: e.timing, placement: e.placement };
      });
    },
    csv: function (first, interval) { return csvRows(plan(parseDate(first), parseInterval(interval || "1m"))); },
    ics: function (first, interval) { var d = parseDate(first); return ics(plan(d, parseInterval(interval || "1m")), d); }
  };
})();
