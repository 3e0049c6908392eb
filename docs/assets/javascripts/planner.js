/* Session planner: the dated schedule of all sessions and tasks, computed in the browser.
   Same rule as scripts/handbook/planner.py (a test compares both); the data comes from the page. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hb-planner-data").textContent);
  var form = document.getElementById("hb-planner-form");
  var output = document.getElementById("hb-planner-output");
  var error = document.getElementById("hb-planner-error");
  var WEEKDAYS_JA = "月火水木金土日";
  var WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

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

  function parseDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    if (!match) { throw new Error(data.labels.bad_date); }
    var y = +match[1], m = +match[2], d = +match[3];
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) { throw new Error(data.labels.no_such_date); }
    return make(y, m, d);
  }
  function parseInterval(value) {
    var match = /^(\d+)\s*([mw])$/i.exec(value.trim());
    if (!match) { throw new Error(data.labels.bad_interval); }
    var n = +match[1], unit = match[2].toLowerCase();
    if (unit === "m" && n >= 1 && n <= 6) { return { months: n, weeks: 0 }; }
    if (unit === "w" && n >= 1 && n <= 26) { return { months: 0, weeks: n }; }
    throw new Error(data.labels.bad_interval);
  }

  function plan(first, interval) {
    var entries = [];
    data.sessions.forEach(function (session, index) {
      var planned = addDays(addMonths(first, interval.months * index), 7 * interval.weeks * index);
      var firstDay = nextWeekday(planned);
      var lastDay = nextWeekday(addDays(firstDay, 1));
      [firstDay, lastDay].forEach(function (day, i) {
        entries.push({ session: session.number, kind: "session", task: "day-" + (i + 1), day: day,
          title: session.label + " " + session.title + data.labels.day_suffix.replace("{n}", i + 1), timing: "", placement: "H" });
      });
      data.tasks.forEach(function (task) {
        var point = data.timepoints[task.timepoint];
        if (task.timepoint === "session-days") { return; }
        var anchor = point.offset.anchor === "first-day" ? firstDay : lastDay;
        var day = previousWeekday(addDays(addMonths(anchor, point.offset.months), point.offset.days));
        entries.push({ session: session.number, kind: "task", task: task.id, day: day,
          title: session.label + data.labels.task_separator + task.title, timing: point.label, placement: task.placement });
      });
    });
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

  function csv(entries) {
    var quote = function (v) { v = String(v); return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var rows = [["date", "session", "kind", "task_id", "title", "timing", "placement"]];
    entries.forEach(function (e) { rows.push([iso(e.day), e.session, e.kind, e.task, e.title, e.timing, e.placement]); });
    return rows.map(function (r) { return r.map(quote).join(","); }).join("\r\n") + "\r\n";
  }
  function ics(entries, first) {
    var esc = function (v) { return v.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); };
    var compact = function (d) { return iso(d).replace(/-/g, ""); };
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chiiki-zukuri-handbook//planner//JA", "CALSCALE:GREGORIAN"];
    entries.forEach(function (e) {
      lines.push("BEGIN:VEVENT", "UID:s" + e.session + "-" + e.task + "@chiiki-zukuri-handbook", "DTSTAMP:" + compact(first) + "T000000Z",
        "DTSTART;VALUE=DATE:" + compact(e.day), "DTEND;VALUE=DATE:" + compact(addDays(e.day, 1)), "SUMMARY:" + esc(e.title), "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
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
      [formatDate(e.day), e.title, e.timing, e.kind === "session" ? "" : data.labels["placement_" + e.placement]].forEach(function (text) {
        var cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    output.hidden = false;
    link("hb-planner-csv", "\ufeff" + csv(entries), "schedule-" + iso(first) + ".csv", "text/csv");
    link("hb-planner-ics", ics(entries, first), "schedule-" + iso(first) + ".ics", "text/calendar");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    try {
      var first = parseDate(form.elements.first.value);
      var interval = parseInterval(form.elements.interval.value);
      show(plan(first, interval), first);
    } catch (e) {
      output.hidden = true;
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  window.handbookPlanner = { plan: function (first, interval) {
    return plan(parseDate(first), parseInterval(interval || "1m")).map(function (e) {
      return { date: iso(e.day), session: e.session, kind: e.kind, task: e.task };
    });
  } };
})();
