/* One-click copy of the announcement texts; works offline (no library, no network). */
(function () {
  "use strict";
  document.querySelectorAll("button.hb-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.copy);
      var status = button.parentNode.querySelector(".hb-copy__status");
      function done() { status.textContent = button.dataset.done || "✓"; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, fallback);
      } else {
        fallback();
      }
      function fallback() {
        area.focus();
        area.select();
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = ""; }
      }
    });
  });
})();
