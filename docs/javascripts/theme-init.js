// What mkdocs-material 9.8 puts in inline <script> elements (partials/javascripts/base.html and
// content.html), as a file: the pages' Content-Security-Policy allows scripts from the site only.
// Loaded just before material's bundle (overrides/main.html), which needs these globals; last, the
// one page-init helper the site's scripts share (aiOnPage).
// __md_scope is the site's root: this file lives in javascripts/ directly under it.
var __md_scope = new URL("..", document.currentScript.src);
var __md_hash = function (e) {
  return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
};
var __md_get = function (e, store, scope) {
  store = store || localStorage; scope = scope || __md_scope;
  return JSON.parse(store.getItem(scope.pathname + "." + e));
};
var __md_set = function (e, value, store, scope) {
  store = store || localStorage; scope = scope || __md_scope;
  try { store.setItem(scope.pathname + "." + e, JSON.stringify(value)); } catch (err) { /* full or off */ }
};
// A link to a content tab (#__tabbed_…) checks that tab, as material's content.html does.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
// The site's scripts on every page (mkdocs.yml extra_javascript) start with aiOnPage(init): init runs once
// the page is parsed, and again on every page the theme's instant navigation brings in (its document$
// announces each one). A script that comes in a page itself (markup.page_script) runs before this file.
window.aiOnPage = function (init) {
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
};
