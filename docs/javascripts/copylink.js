// "Kopiér link" buttons (made by macros/render/anchors.py): copy the page's address with the
// anchor beside them, and say "Link kopieret" on the button and to screen readers (aria-live).
// A click is also a tap, so touch works without hover. Nothing is sent anywhere.
(function () {
  "use strict";

  var DONE = "Link kopieret";
  var FAILED = "Linket kunne ikke kopieres: ";

  function statusRegion() {
    var region = document.getElementById("ai-copy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "ai-copy-status";
      region.className = "ai-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {  // older browsers, or a page served over plain http
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function announce(button, text, label) {
    var region = statusRegion();
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);  // a change is what gets read out
    button.textContent = label;
    window.clearTimeout(button.aiTimer);
    button.aiTimer = window.setTimeout(function () { button.textContent = button.dataset.label; }, 2500);
  }

  function enable(button) {
    if (button.dataset.label) return;
    button.dataset.label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var anchor = button.dataset.anchor;
      var url = window.location.href.split("#")[0] + (anchor ? "#" + anchor : "");
      copyText(url).then(
        function () { announce(button, DONE, DONE); },
        function () { announce(button, FAILED + url, "Kopiér selv: " + url); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("button.ai-copy-link"), enable);
  }

  window.aiOnPage(init);  // theme-init.js
})();
