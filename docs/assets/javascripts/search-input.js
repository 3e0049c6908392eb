/* Material sends the search box's text to the search worker on keyup only. Text that arrives without a key
   being released — pasted with the mouse, dropped, chosen from an input method's candidate list, or filled in
   by the browser — would sit in the box unanswered; every change of the text is passed on as a keyup. */
(function () {
  "use strict";
  var box = document.querySelector(".md-search__input");
  if (!box) return;
  box.addEventListener("input", function () {
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  });
})();
