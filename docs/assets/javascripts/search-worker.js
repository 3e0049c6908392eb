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
    var parts = [], start = [], end = [], length = original.length;
    for (var at = 0; at < length;) {
      var code = original.charCodeAt(at), width = code >= 0xd800 && code < 0xdc00 && at + 1 < length ? 2 : 1;
      var next = original.charCodeAt(at + width);
      if (next === 0xff9e || next === 0xff9f) width += 1; // ﾊﾞ → バ
      var f = code < 0x80 && width === 1
        ? (code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : original[at])
        : foldChar(original.substr(at, width));
      if (f === " " && parts.length && parts[parts.length - 1] === " ") {
        end[end.length - 1] = at + width;
      } else {
        for (var k = 0; k < f.length; k++) { parts.push(f[k]); start.push(at); end.push(at + width); }
      }
      at += width;
    }
    return {text: parts.join(""), start: start, end: end};
  }

  // The same folding without the map, for the whole index at start-up: characters that folding leaves
  // as they are (ASCII but for case, kana, kanji, Japanese punctuation) are only lower-cased; the rest, and
  // a half-width kana with its sound mark, go through foldChar. The map is made later, for shown results only.
  var CHANGED = /[\s\S][\uff9e\uff9f]|[^\u0000-\u007f\u3001-\u301f\u3041-\u3096\u30a1-\u30fe\u4e00-\u9fff]/g;
  var aligned = true; // whether the last foldFast kept one folded unit per original unit
  function foldFast(original) {
    aligned = true;
    var folded = original.replace(CHANGED, function (c) {
      var f = foldChar(c);
      if (f.length !== c.length) aligned = false;
      return f;
    }).toLowerCase();
    if (folded.indexOf("  ") >= 0) { aligned = false; folded = folded.replace(/ {2,}/g, " "); }
    return folded;
  }

  function foldText(s) { return foldFast(s).trim(); }

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

  function canonicalText(s) {
    if (!index.variantPattern) return s;
    index.variantPattern.lastIndex = 0;
    return s.replace(index.variantPattern, function (form) { return index.variantOf.get(form); });
  }

  /* ---- The index: Material's documents (a page, then its sections), as plain text. */
  var ENTITIES = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0"};
  function plain(html) {
    // Material keeps a few tags in the index: blocks end a run of text, inline ones (code, sup, sub) do not.
    return String(html || "")
      .replace(/<\/?(?:p|li|ul|ol|pre|br|div|table|tr|td|th|h[1-6])\b[^>]*>/gi, " ")
      .replace(/<[^>]*>/g, "")
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

  // A title or text: the original plain text and its folded forms for matching; the maps back to the
  // original (`mapped`) are made on first use, when the item is shown.
  function field(value) {
    var original = plain(value), folded = foldFast(original);
    return {original: original, folded: folded, aligned: aligned && folded.length === original.length,
            canonical: canonicalText(folded), maps: null};
  }

  function mapped(f) {
    if (!f.maps) {
      var folded = fold(f.original);
      f.maps = {folded: folded, canonical: canonical(folded)};
    }
    return f.maps;
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
  function positions(haystack, needle, firstOnly) {
    var found = [], from = 0, at;
    var atWordStart = index.wordStart && LATIN.test(needle[0]);
    while ((at = haystack.indexOf(needle, from)) >= 0) {
      if (!atWordStart || at === 0 || !LATIN.test(haystack[at - 1])) {
        found.push([at, at + needle.length]);
        if (firstOnly) break;
      }
      from = at + 1;
    }
    return found;
  }

  // Whether the term is in the field (matching runs on the folded text only).
  function holds(f, t) {
    for (var i = 0; i < t.forms.length; i++) {
      if (positions(f.folded, t.forms[i], true).length) return 1 + Math.min(positions(f.folded, t.forms[i]).length, 9);
      if (positions(f.canonical, t.canonical[i], true).length) return 1 + Math.min(positions(f.canonical, t.canonical[i]).length, 9);
    }
    return 0;
  }

  // Where the term is in the original text: [start, end] per occurrence. Where folding kept every position
  // (most texts), folded positions are original positions; elsewhere they go through the field's maps.
  function locate(f, t) {
    var ranges = [];
    t.forms.forEach(function (form, i) {
      if (f.aligned) {
        ranges.push.apply(ranges, positions(f.folded, form));
      } else {
        var m = mapped(f);
        positions(m.folded.text, form).forEach(function (p) { ranges.push([m.folded.start[p[0]], m.folded.end[p[1] - 1]]); });
      }
      if (f.canonical !== f.folded || t.canonical[i] !== form) {
        var c = mapped(f).canonical;
        positions(c.text, t.canonical[i]).forEach(function (p) { ranges.push([c.start[p[0]], c.end[p[1] - 1]]); });
      }
    });
    return ranges;
  }

  // Maps for the texts that need them, made while the reader has not typed yet (a query waits for one slice).
  function prepare(queue) {
    var until = Date.now() + 8;
    while (queue.length && Date.now() < until) {
      var f = queue.pop();
      if (!f.aligned || f.canonical !== f.folded) mapped(f);
    }
    if (queue.length) setTimeout(function () { prepare(queue); }, 0);
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
      var items = page.docs.map(function (entry) {
        var score = 0;
        terms.forEach(function (t, i) {
          var inTitle = holds(entry.title, t), inText = holds(entry.text, t);
          if (inTitle) score += entry.article ? TITLE : HEADING;
          if (inText) score += TEXT + (inText - 1) / 10;
          if (inTitle || inText) found[i] = true;
        });
        return {entry: entry, score: score};
      });
      if (found.indexOf(false) >= 0) return; // every word must be on the page
      var shown = items.filter(function (item) { return item.score > 0 || item.entry.article; });
      shown.sort(function (a, b) { return b.score - a.score || (b.entry.article ? 1 : 0) - (a.entry.article ? 1 : 0); });
      groups.push({score: shown[0].score, order: page.order, shown: shown});
    });
    groups.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return {items: groups.map(function (group) { return render(group.shown, terms); })};
  }

  // Material's result items for one page: title and a passage of text with every match marked, and the
  // words found (`terms`, for ?h=).
  function render(shown, terms) {
    var words = {};
    var items = shown.map(function (item) {
      var entry = item.entry, titleRanges = [], textRanges = [];
      terms.forEach(function (t) {
        var inTitle = locate(entry.title, t), inText = locate(entry.text, t);
        var word = surface(entry.title.original, inTitle) || surface(entry.text.original, inText);
        if (word) words[word] = true;
        titleRanges = titleRanges.concat(inTitle);
        textRanges = textRanges.concat(inText);
      });
      var doc = entry.doc, result = {};
      for (var key in doc) if (key !== "parent") result[key] = doc[key];
      result.title = marked(entry.title.original, merge(titleRanges), 0, entry.title.original.length);
      result.text = teaser(entry.text.original, merge(textRanges));
      result.score = item.score;
      return result;
    });
    items.forEach(function (item) { item.terms = words; });
    return items;
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      setup(message.data);
      postMessage({type: READY});
      var queue = [];
      index.pages.forEach(function (page) { page.docs.forEach(function (entry) { queue.push(entry.title, entry.text); }); });
      prepare(queue.reverse());
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
