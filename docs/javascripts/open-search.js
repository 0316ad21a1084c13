// A button that opens the site's search (the 404 page's "Søg på sitet"): the same dialog as the
// header's search field, focused so the reader can type at once. Hidden without JavaScript.
(function () {
  "use strict";

  function open() {
    var opener = document.querySelector("[data-ai-search-open]");  // the header's search (search.js)
    if (opener) opener.click();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-open-search]"), function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", open);
    });
  }

  window.aiOnPage(init);  // theme-init.js
})();
