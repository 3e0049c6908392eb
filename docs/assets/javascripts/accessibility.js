/* Accessible names that Material's partials leave empty, set here so that no partial has to be copied:
   - the search dialog (role="dialog" without a name) takes the name of its own search field;
   - a navigation section whose page is the section index (navigation.indexes) is labelled by a toggle
     that holds only an icon; the toggle gets the section's title as visually hidden text, so each menu has
     its own name (an aria-label is not allowed on a <label> without a role: axe aria-prohibited-attr);
   - a wide table that scrolls sideways (on a phone) can be reached and scrolled with the keyboard: its
     scroll box becomes a named region in the Tab order while it overflows. */
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  var field = dialog && dialog.querySelector(".md-search__input");
  if (dialog && field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
  }
  document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
    var toggle = document.getElementById(nav.getAttribute("aria-labelledby"));
    var title = nav.querySelector(":scope > .md-nav__title");
    if (toggle && title && !toggle.textContent.trim()) {
      var name = document.createElement("span");
      name.className = "hb-visually-hidden";
      name.textContent = title.textContent.trim();
      toggle.appendChild(name);
    }
  });

  function scrollable(box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && !box.hasAttribute("tabindex")) {
      var caption = box.querySelector("caption");
      var heading = null;
      for (var el = box; el && !heading; el = el.parentElement) {
        for (var prev = el.previousElementSibling; prev && !heading; prev = prev.previousElementSibling) {
          if (/^H[1-6]$/.test(prev.tagName)) heading = prev;
        }
      }
      var name = (caption || heading || document.querySelector("h1") || document).textContent.replace(/[¶#]\s*$/, "").trim();
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    } else if (!overflows && box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  function scrollables() { document.querySelectorAll(".hb-table-scroll").forEach(scrollable); }
  scrollables();
  window.addEventListener("resize", scrollables);
})();
