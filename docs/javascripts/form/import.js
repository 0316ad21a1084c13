// Reading a YAML file into the form: a port of macros/yaml_mistakes.py, with its messages, so a
// mistake gets the line, field and Danish words `python -m macros validate` gives
// (tests/test_record_form.py compares them). js-yaml (self-hosted) is loaded only when a file is read.

let loading = null;
// js-yaml, loaded on first use from the vendor folder (a classic script that sets window.jsyaml).
export function loadYamlParser(src) {
  if (window.jsyaml) return Promise.resolve(window.jsyaml);
  if (!loading) loading = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.jsyaml);
    script.onerror = reject;
    document.head.appendChild(script);
  });
  return loading;
}

let MSG, INVISIBLE, INV, KEY_LINE, INV_RX;

// The messages and invisible characters of macros/yaml_mistakes.py, from the page's data.
export function configure(messages, invisible) {
  MSG = messages; INVISIBLE = invisible; INV = Object.keys(invisible).join("");
  KEY_LINE = new RegExp("^([ \\t" + INV + "]*(?:-[ \\t]+)*)([^\\s#'\"\\[\\]{}:-][^:#]*?)[ \\t]*:(?:[ \\t]|$)");
  INV_RX = new RegExp("[" + INV + "]");
}
var fmt = function (text, values) { return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; }); };
var lstrip = function (s, chars) { var i = 0; while (i < s.length && chars.indexOf(s[i]) >= 0) i++; return s.slice(i); };

function shape(line) {
  var m = KEY_LINE.exec(line);
  var lead = m ? m[1] : line.slice(0, line.length - lstrip(line, " -").length);
  var dash = lead.replace(/\s+$/, "").lastIndexOf("-");
  return [m ? lead.length : null, dash >= 0 ? dash : null, m ? m[2].trim() : ""];
}

function fieldPath(lines, index) {
  if (index >= lines.length) return "";
  var s = shape(lines[index]), column = s[0], dash = s[1];
  if (column === null) return "";
  var parts = [s[2]], start = index;
  for (var above = index - 1; above >= 0; above--) {
    var line = lines[above];
    if (!line.trim() || line.trim().charAt(0) === "#") continue;
    var t = shape(line), col = t[0], itsDash = t[1], name = t[2];
    if (dash === null) {
      if (col === column && itsDash !== null) { dash = itsDash; start = above; }
      else if (col !== null && col < column) { parts.unshift(name); column = col; dash = itsDash; start = above; }
    } else if (col !== null && col <= dash && itsDash !== dash) {
      var count = 0;
      for (var n = above + 1; n < start; n++) if (!lines[n].slice(0, dash).trim() && lines[n].charAt(dash) === "-") count++;
      parts.unshift(name, count); column = col; dash = itsDash; start = above;
    }
    if (column === 0 && dash === null) break;
  }
  return parts.reduce(function (out, p) { return typeof p === "number" ? out + "[" + p + "]" : out ? out + "." + p : p; }, "");
}

function asMeant(lines, at) {
  var above = "";
  for (var i = at - 1; i >= 0; i--) if (lines[i].trim() && lines[i].trim().charAt(0) !== "#") { above = lines[i]; break; }
  var lead = above.slice(0, above.length - lstrip(above, " -").length);
  var copy = lines.slice();
  copy[at] = " ".repeat(lead.length) + lstrip(lines[at], " -\t");
  return copy;
}

function unclosedQuote(lines, last) {
  var rx = /^\s*(?:-\s+)*(?:[^\s#'"][^:#]*?:\s+)?(["'])(.*)$/;
  for (var n = 0; n <= Math.min(last, lines.length - 1); n++) {
    var m = rx.exec(lines[n]);
    if (!m) continue;
    var closed = m[1] === '"' ? /(^|[^\\])(\\\\)*"/.test(m[2]) : /'(?!')/.test(m[2].replace(/''/g, ""));
    if (!closed) return n;
  }
  return null;
}

function unclosedBracket(lines, last) {
  for (var n = 0; n <= Math.min(last, lines.length - 1); n++) {
    var m = /^\s*(?:-\s+)*(?:[^\s#'"][^:#]*?:\s+)?([\[{])(.*)$/.exec(lines[n]);
    if (m && m[2].indexOf(m[1] === "[" ? "]" : "}") < 0) return [n, m[1] === "[" ? "[ … ]" : "{ … }"];
  }
  return null;
}

// [[line (1-based), field, message]] for a YAML text, as `python -m macros validate` reports them.
export function yamlProblems(text) {
  if (text.charAt(0) === "\ufeff") text = text.slice(1);
  var lines = text.split("\n"), out = [];
  var say = function (at, message, meant) { out.push([at + 1, fieldPath(meant ? asMeant(lines, at) : lines, at), message]); };
  lines.forEach(function (line, n) {
    var m = KEY_LINE.exec(line), head = m ? m[1] + m[2] : line.slice(0, line.length - line.replace(/^\s+/, "").length);
    var found = INV_RX.exec(head);
    if (found) {
      var where = found.index >= (m ? m[1].length : head.length) ? "feltnavnet" : "indrykningen";
      out.push([n + 1, m ? m[2].replace(new RegExp("[" + INV + "]", "g"), "").trim() : "",
                fmt(MSG.invisible, { where: where, what: INVISIBLE[found[0]] })]);
    }
  });
  if (out.length) return { problems: out };
  var data;
  try {
    data = window.jsyaml.load(text, { schema: window.jsyaml.CORE_SCHEMA });
  } catch (e) {
    var at = e.mark ? Math.min(e.mark.line, lines.length - 1) : 0, here = lines[at] || "", reason = e.reason || "";
    var quote = unclosedQuote(lines, at), bracket = unclosedBracket(lines, at);
    if (quote !== null) say(quote, MSG.syntax + MSG.unclosed_quote);
    else if (/tab characters/.test(reason)) say(at, MSG.syntax + MSG.tab, true);
    else if (/duplicated mapping key/.test(reason)) say(at, MSG.duplicate);
    else if (bracket) say(bracket[0], MSG.syntax + fmt(MSG.unclosed_bracket, { pair: bracket[1] }));
    else {
      var key = KEY_LINE.exec(here), previous = "";
      for (var i = at - 1; i >= 0; i--) if (lines[i].trim() && lines[i].trim().charAt(0) !== "#") { previous = lines[i]; break; }
      var indent = function (s) { return s.length - s.replace(/^ +/, "").length; };
      if (here.trim().charAt(0) === "-" && previous.trim().charAt(0) !== "-") say(at, MSG.syntax + MSG.item_for_field, true);
      else if (key && previous.trim().charAt(0) === "-" && indent(previous) === indent(here)) say(at, MSG.syntax + MSG.field_for_item);
      else if (key && here.slice(key[0].length).indexOf(": ") >= 0) say(at, MSG.syntax + MSG.colon);
      else if (indent(here) > indent(previous)) say(at, MSG.syntax + MSG.deeper, true);
      else if (key) say(at, MSG.syntax + MSG.shallower);
      else say(at, MSG.syntax + MSG.other);
    }
    return { problems: out };
  }
  var block = null;  // the indentation a block text (| or >) must exceed, while in one
  lines.forEach(function (line, n) {  // a plain value cut short by ' #'
    var depth = line.length - line.replace(/^ +/, "").length;
    if (block !== null && (!line.trim() || depth > block)) return;
    block = null;
    var m = KEY_LINE.exec(line);
    var rest = m ? line.slice(m[0].length) : (/^\s*-\s+/.test(line) ? line.replace(/^\s*-\s+/, "") : null);
    if (m && /^\s*[|>]/.test(rest)) { block = m[1].length; return; }
    if (rest !== null && /\S\s+#/.test(rest) && !/^\s*["'|>#\[{]/.test(rest)) say(n, MSG.cut);
  });
  if (out.length) return { problems: out };
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return { problems: [[1, "", "filen skal indeholde felter (nøgle: værdi), ikke en liste eller en enkelt værdi"]] };
  return { problems: [], data: data };
}

export function firstBadLine(bytes) {
  var line = 1, start = 0;
  for (var i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try { new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i)); }
      catch (e) { return line; }
      line++; start = i + 1;
    }
  }
  return 1;
}

