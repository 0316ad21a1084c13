// The SMV guide's checklists: remembers ticks in this browser (localStorage) and shows progress.
// Progressive enhancement: without this script the checkboxes are still there, just not remembered.
// Nothing is sent anywhere: the only storage is localStorage, one key per checklist item id.
(function () {
  "use strict";

  var PREFIX = "smv-tjekliste:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // storage blocked (private mode, policy): the checklist still works for this visit
    }
  }

  function enable(list, store) {
    if (list.dataset.tjeklisteKlar) return;
    list.dataset.tjeklisteKlar = "1";
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-tjek]"));
    var status = list.querySelector(".smv-tjekliste__status");
    var buttons = list.querySelector(".smv-tjekliste__knapper");
    var reset = list.querySelector(".smv-tjekliste__nulstil");

    function showStatus() {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      var text = ticked + " af " + boxes.length + " punkter er krydset af";
      if (ticked === boxes.length) text += ". Trinet er klaret.";
      if (status) {
        status.textContent = text;
        status.hidden = false;
      }
    }

    boxes.forEach(function (box) {
      var key = PREFIX + box.dataset.tjek;
      if (store && store.getItem(key) === "1") box.checked = true;
      box.addEventListener("change", function () {
        if (store) {
          if (box.checked) store.setItem(key, "1");
          else store.removeItem(key);
        }
        showStatus();
      });
    });

    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) {
          box.checked = false;
          if (store) store.removeItem(PREFIX + box.dataset.tjek);
        });
        showStatus();
        if (boxes.length) boxes[0].focus();
      });
    }
    if (buttons) buttons.hidden = false;
    showStatus();
  }

  function init() {
    var lists = document.querySelectorAll(".smv-tjekliste");
    if (!lists.length) return;
    var store = storage();
    Array.prototype.forEach.call(lists, function (list) { enable(list, store); });
  }

  // In the page beside its checklists (macros/render/guide.py), before the theme's scripts: it starts when the
  // page is parsed, as browser.js does, and needs nothing from them.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
