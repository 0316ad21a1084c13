// A button that opens the site's search (the 404 page's "Søg på sitet"): the same dialog as the
// header's search field, focused so the reader can type at once. Hidden without JavaScript.
(function () {
  "use strict";

  function open() {
    var toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    var input = document.querySelector("input[name=query]");
    if (input) input.focus();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-open-search]"), function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", open);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
