
/* Added by the handbook's build (scripts/handbook/site_hooks.py, memoised_segmenter).
   The search worker segments every Japanese run of text with TinySegmenter before the first result can
   show; half of those runs repeat (labels, table headings, recurring phrases), so each distinct run is
   segmented once. Same input, same tokens: only the time changes. */
(function (lunr) {
  if (!lunr || !lunr.TinySegmenter || lunr.TinySegmenter.prototype.segmentUncached) return;
  var prototype = lunr.TinySegmenter.prototype;
  var memo = new Map();
  prototype.segmentUncached = prototype.segment;
  prototype.segment = function (input) {
    var tokens = memo.get(input);
    if (tokens === undefined) {
      tokens = this.segmentUncached(input);
      memo.set(input, tokens);
    }
    return tokens.slice();
  };
})(typeof lunr !== "undefined" ? lunr : undefined);
