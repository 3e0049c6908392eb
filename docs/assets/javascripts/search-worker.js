/* The handbook's search worker. It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT), so
   Material's search box, result list, keyboard use and ?h= highlighting stay as readers know them; only how
   a page is found differs: a page is found when every word typed is in its text, as an exact substring
   after folding (full-/half-width, upper/lower case, accents, the spelling variants of the glossary), or is
   one of a glossary term's other names (Japanese, English, romaji). Japanese needs no word list this way,
   and a reader never gets a page that does not hold what was typed. The same folding is written in Python
   for the tests (handbook.search.fold); see the README, "How search works". */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var BEFORE = 30, AFTER = 110; // characters of context around the first match in a result's text
  var TITLE = 100, HEADING = 10, TEXT = 1; // a page title match ranks above a heading, above the body

  var index = null;

  /* ---- Folding: one character (or a half-width kana with its sound mark) at a time, so that every
     folded character knows which original characters it came from. */
  var folded = new Map();
  function foldChar(c) {
    var f = folded.get(c);
    if (f === undefined) {
      f = c.normalize("NFKC").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
      if (/^\s+$/.test(f)) f = " ";
      folded.set(c, f);
    }
    return f;
  }

  // Returns {text, start, end}: the folded text and, per folded character, the range of the original.
  function fold(original) {
    var text = "", start = [], end = [];
    var chars = Array.from(original), at = 0;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], width = c.length;
      if (i + 1 < chars.length && (chars[i + 1] === "\uff9e" || chars[i + 1] === "\uff9f")) {
        c += chars[++i]; width += 1; // ﾊﾞ → バ
      }
      var f = foldChar(c);
      if (f === " " && text.slice(-1) === " ") { end[end.length - 1] = at + width; at += width; continue; }
      for (var k = 0; k < f.length; k++) { text += f[k]; start.push(at); end.push(at + width); }
      at += width;
    }
    return {text: text, start: start, end: end};
  }

  function foldText(s) { return fold(s).text.trim(); }

  // Spelling variants (か月/ヶ月/カ月 …) rewritten to the first form of their group, keeping the map.
  function canonical(f) {
    if (!index.variantPattern) return f;
    var text = "", start = [], end = [], last = 0, m;
    index.variantPattern.lastIndex = 0;
    while ((m = index.variantPattern.exec(f.text)) !== null) {
      for (var i = last; i < m.index; i++) { text += f.text[i]; start.push(f.start[i]); end.push(f.end[i]); }
      var to = index.variantOf.get(m[0]), s0 = f.start[m.index], e0 = f.end[m.index + m[0].length - 1];
      for (var k = 0; k < to.length; k++) { text += to[k]; start.push(s0); end.push(e0); }
      last = m.index + m[0].length;
    }
    if (last === 0) return f;
    for (var j = last; j < f.text.length; j++) { text += f.text[j]; start.push(f.start[j]); end.push(f.end[j]); }
    return {text: text, start: start, end: end};
  }

  function canonicalText(s) { return canonical({text: s, start: [], end: []}).text; }

  /* ---- The index: Material's documents (a page, then its sections), as plain text. */
  var ENTITIES = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0"};
  function plain(html) {
    return String(html || "")
      .replace(/<[^>]*>/g, " ")
      .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
        if (name[0] === "#") {
          var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
          return String.fromCodePoint(code);
        }
        return ENTITIES[name.toLowerCase()] || all;
      })
      .replace(/\s+/g, " ")
      .trim();
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function field(value) {
    var original = plain(value), f = fold(original), c = canonical(f);
    return {original: original, folded: f, canonical: c};
  }

  function setup(data) {
    var config = data.config || {};
    index = {wordStart: !!config.word_start, synonyms: [], variantOf: new Map(), variantPattern: null, pages: []};
    (config.variants || []).forEach(function (group) {
      var forms = group.map(foldText).filter(Boolean);
      forms.forEach(function (form) { if (form !== forms[0]) index.variantOf.set(form, forms[0]); });
    });
    if (index.variantOf.size) {
      var forms = Array.from(index.variantOf.keys()).sort(function (a, b) { return b.length - a.length; });
      index.variantPattern = new RegExp(forms.map(function (s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
    }
    index.synonyms = (config.synonyms || []).map(function (group) {
      return group.map(foldText).filter(Boolean);
    });
    var byPath = new Map();
    (data.docs || []).forEach(function (doc, order) {
      var path = doc.location.split("#")[0];
      var page = byPath.get(path);
      if (!page) {
        page = {location: path, order: order, docs: []};
        byPath.set(path, page);
        index.pages.push(page);
      }
      page.docs.push({doc: doc, article: doc.location === path, title: field(doc.title), text: field(doc.text)});
    });
  }

  /* ---- Queries. Words are separated by spaces; every word must be on the page. A word (or the whole
     query) that is a glossary term's name stands for all its names. */
  function synonymsOf(word) {
    for (var i = 0; i < index.synonyms.length; i++) {
      var group = index.synonyms[i];
      for (var k = 0; k < group.length; k++) {
        // the name itself, or its first words (bansoteki → bansoteki shien)
        if (group[k] === word || group[k].indexOf(word + " ") === 0) return group;
      }
    }
    return null;
  }

  function term(word) {
    var names = synonymsOf(word), forms = [word];
    if (names) names.forEach(function (name) { if (forms.indexOf(name) < 0) forms.push(name); });
    return {word: word, forms: forms, canonical: forms.map(canonicalText)};
  }

  function parse(query) {
    var whole = foldText(query);
    if (!whole) return [];
    var words = whole.split(" ").filter(Boolean);
    if (words.length > 1 && synonymsOf(whole)) return [term(whole)];
    return words.filter(function (w, i) { return words.indexOf(w) === i; }).map(term);
  }

  var LATIN = /[a-z0-9]/;
  // Positions of `needle` in `haystack`; on the English edition a word typed in Latin letters matches at the
  // start of a word (isolat → isolation), as Material's prefix search did.
  function positions(haystack, needle) {
    var found = [], from = 0, at;
    var atWordStart = index.wordStart && LATIN.test(needle[0]);
    while ((at = haystack.indexOf(needle, from)) >= 0) {
      if (!atWordStart || at === 0 || !LATIN.test(haystack[at - 1])) found.push([at, at + needle.length]);
      from = at + 1;
    }
    return found;
  }

  // Where the term is in the original text: [start, end, which form] per occurrence.
  function locate(f, t) {
    var ranges = [];
    t.forms.forEach(function (form, i) {
      positions(f.folded.text, form).forEach(function (p) {
        ranges.push([f.folded.start[p[0]], f.folded.end[p[1] - 1], i]);
      });
      if (f.canonical !== f.folded || t.canonical[i] !== form) {
        positions(f.canonical.text, t.canonical[i]).forEach(function (p) {
          ranges.push([f.canonical.start[p[0]], f.canonical.end[p[1] - 1], i]);
        });
      }
    });
    return ranges;
  }

  // The words for Material's ?h= (highlighting on the opened page): per term, as written on the page,
  // the shortest of its forms found there.
  function surface(original, ranges) {
    var best = null;
    ranges.forEach(function (r) { if (!best || r[1] - r[0] < best[1] - best[0]) best = r; });
    return best ? original.slice(best[0], best[1]) : null;
  }

  function merge(ranges) {
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    ranges.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
    });
    return out;
  }

  function marked(text, ranges, from, to) {
    var html = "", at = from;
    ranges.forEach(function (r) {
      if (r[1] <= from || r[0] >= to) return;
      var s = Math.max(r[0], from), e = Math.min(r[1], to);
      html += escapeHtml(text.slice(at, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
      at = e;
    });
    return html + escapeHtml(text.slice(at, to));
  }

  // A short passage of the text around its first match, with every match marked.
  function teaser(text, ranges) {
    if (!text) return "";
    var first = ranges.length ? ranges[0][0] : 0;
    var from = Math.max(0, first - BEFORE), to = Math.min(text.length, first + AFTER);
    ranges.forEach(function (r) { if (r[0] < to && r[1] > to) to = r[1]; }); // never cut a match
    while (from > 0 && /[\udc00-\udfff]/.test(text[from])) from--;
    while (to < text.length && /[\udc00-\udfff]/.test(text[to])) to++;
    return "<p>" + (from > 0 ? "…" : "") + marked(text, ranges, from, to) + (to < text.length ? "…" : "") + "</p>";
  }

  function search(query) {
    var terms = parse(query);
    if (!terms.length) return {items: []};
    var groups = [];
    index.pages.forEach(function (page) {
      var found = terms.map(function () { return false; });
      var words = {};
      var items = page.docs.map(function (entry) {
        var score = 0, titleRanges = [], textRanges = [];
        terms.forEach(function (t, i) {
          var inTitle = locate(entry.title, t), inText = locate(entry.text, t);
          if (inTitle.length) score += entry.article ? TITLE : HEADING;
          if (inText.length) score += TEXT + Math.min(inText.length, 9) / 10;
          if (inTitle.length || inText.length) {
            found[i] = true;
            words[surface(entry.title.original, inTitle) || surface(entry.text.original, inText)] = true;
          }
          titleRanges = titleRanges.concat(inTitle);
          textRanges = textRanges.concat(inText);
        });
        return {entry: entry, score: score, title: merge(titleRanges), text: merge(textRanges)};
      });
      if (found.indexOf(false) >= 0) return; // every word must be on the page
      var shown = items.filter(function (item) { return item.score > 0 || item.entry.article; });
      shown.sort(function (a, b) { return b.score - a.score || (b.entry.article ? 1 : 0) - (a.entry.article ? 1 : 0); });
      groups.push({
        score: shown[0].score, order: page.order,
        items: shown.map(function (item) {
          var doc = item.entry.doc, result = {};
          for (var key in doc) if (key !== "parent") result[key] = doc[key];
          result.title = marked(item.entry.title.original, item.title, 0, item.entry.title.original.length);
          result.text = teaser(item.entry.text.original, item.text);
          result.score = item.score;
          result.terms = words;
          return result;
        }),
      });
    });
    groups.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return {items: groups.map(function (g) { return g.items; })};
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      setup(message.data);
      postMessage({type: READY});
    } else if (message.type === QUERY) {
      var result;
      try {
        result = search(String(message.data || ""));
      } catch (error) {
        console.warn("search failed for " + JSON.stringify(message.data), error);
        result = {items: []};
      }
      postMessage({type: RESULT, data: result});
    }
  });
})();
