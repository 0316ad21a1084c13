/* The record form on /register/ny/: a record written in the browser, checked against
   registry/schema.json while it is typed (ajv), and offered as the YAML file `python -m macros new`
   writes. Everything it knows comes from the page's JSON (macros/render/record_form.py); recordYaml
   below is a port of macros/scaffold.py's record_yaml, kept equal by tests/test_record_form.py.
   Nothing leaves the browser except by the contributor's own click to GitHub. */
(function () {
  "use strict";

  // --- the YAML text: a port of scaffold.record_yaml -------------------------------------

  function resolver(root) {
    return function resolve(node) {
      node = node || {};
      while (node.$ref) {
        var name = node.$ref.split("/").pop(), rest = {};
        Object.keys(node).forEach(function (k) { if (k !== "$ref") rest[k] = node[k]; });
        node = Object.assign({}, root.$defs[name], rest);
      }
      return node;
    };
  }

  function length(text) { return Array.from(text).length; }

  // textwrap.wrap(" ".join(text.split()), width, initial_indent=prefix, subsequent_indent=prefix)
  function wrap(text, width, prefix) {
    var words = text.split(/\s+/).filter(Boolean), lines = [], line = "";
    words.forEach(function (word) {
      if (line && length(prefix + line + " " + word) > width) { lines.push(prefix + line); line = ""; }
      line = line ? line + " " + word : word;
    });
    if (line) lines.push(prefix + line);
    return lines;
  }

  function makeYaml(cfg) {
    var schema = cfg.schema, resolve = resolver(schema), width = cfg.width;
    var scalar = function (value) { return JSON.stringify(value); };
    var comment = function (text, indent) { return wrap(text, width - length(indent) - 2, indent + "# "); };
    var isComment = function (line) { return line.replace(/^\s+/, "").charAt(0) === "#"; };
    var isObject = function (v) { return v !== null && typeof v === "object" && !Array.isArray(v); };

    function explain(node, required) {
      var parts = [node.description || ""];
      if (node.enum) parts.push("Tilladt: " + node.enum.map(function (v) { return "'" + v + "'"; }).join(", ") + ".");
      if (!required) parts.push("(valgfrit)");
      return parts.filter(Boolean).join(" ");
    }

    function mapping(node, value, indent, notes) {
      node = resolve(node);
      var props = node.properties || {}, required = node.required || [];
      var keys = Object.keys(props).concat(Object.keys(value).filter(function (k) { return !(k in props); }));
      var lines = [], explained = false;
      keys.forEach(function (key) {
        var own = key in props;
        var sub = resolve(props[key] || (isObject(node.additionalProperties) ? node.additionalProperties : {}));
        var note = notes[key] || explain(sub, required.indexOf(key) >= 0);
        if (note) lines = lines.concat(comment(note, indent));
        if (!(key in value)) { lines.push(indent + "# " + key + ":"); return; }
        var out = field(key, sub, value[key], indent);
        if (!own && explained) out = out.filter(function (l) { return !isComment(l); });
        explained = explained || !own;
        lines = lines.concat(out);
      });
      return lines;
    }

    function field(key, node, value, indent) {
      if (isObject(value)) return [indent + key + ":"].concat(mapping(node, value, indent + "  ", {}));
      if (Array.isArray(value) && value.length) {
        var item = resolve(node.items || {}), lines = [indent + key + ":"];
        value.forEach(function (entry) {
          if (isObject(entry)) {
            var body = mapping(item, entry, indent + "    ", {}).filter(function (l) { return !isComment(l); });
            lines.push(indent + "  - " + body[0].replace(/^\s+/, ""));
            lines = lines.concat(body.slice(1));
          } else {
            lines.push(indent + "  - " + scalar(entry));
          }
        });
        return lines;
      }
      return [indent + key + ": " + (Array.isArray(value) ? "[]" : scalar(value))];
    }

    return function recordYaml(record) {
      var notes = {}, body = [], required = schema.required || [];
      cfg.principles.forEach(function (p) { notes[p[0]] = p[0] + ": " + p[1]; });
      Object.keys(schema.properties).forEach(function (key) {
        var resolved = resolve(schema.properties[key]);
        body.push("");
        body = body.concat(comment(explain(resolved, required.indexOf(key) >= 0), ""));
        if (!(key in record)) { body.push("# " + key + ":"); return; }
        if (key === "principle_assessments") {
          body = body.concat([key + ":"], mapping(resolved, record[key], "  ", notes));
        } else {
          body = body.concat(field(key, resolved, record[key], ""));
        }
      });
      return cfg.head_lines.concat(body).join("\n") + "\n";
    };
  }

  // scaffold.slugify and scaffold.add_months
  function slugify(title) {
    var text = title.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
    text = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    return text.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  }

  function addMonths(iso, months) {
    var p = iso.split("-").map(Number), month = p[1] - 1 + months;
    var year = p[0] + Math.floor(month / 12), m = month % 12 + 1;
    var last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return year + "-" + String(m).padStart(2, "0") + "-" + String(Math.min(p[2], last)).padStart(2, "0");
  }

  window.aiRecordYaml = { makeYaml: makeYaml, slugify: slugify, addMonths: addMonths };

  // --- the form -------------------------------------------------------------------------

  var root = document.getElementById("ai-record-form-root");
  var dataNode = document.getElementById("ai-form-data");
  if (!root || !dataNode) return;
  var cfg = JSON.parse(dataNode.textContent);
  var schema = cfg.schema, resolve = resolver(schema), recordYaml = makeYaml(cfg);
  var UNKNOWN = "ikke oplyst";
  var params = new URLSearchParams(location.search);
  var editId = params.get("id");
  var draftKey = "ai-register-kladde:" + (editId || "ny");
  var model, original = null, originalFile = "", register = { ids: {}, slugs: {}, retired: {} };
  var fieldsById = {};  // input id -> label text, for the summary

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function clone(v) { return JSON.parse(JSON.stringify(v)); }

  function nextId() {
    var max = 0;
    Object.keys(register.ids).concat(Object.keys(register.retired)).forEach(function (id) {
      max = Math.max(max, parseInt(id.split("-")[1], 10) || 0);
    });
    return "AI-" + String(max + 1).padStart(4, "0");
  }

  function blankRecord() {
    var record = clone(cfg.start), day = today();
    record.id = nextId();
    record.status_history[0].date = day;
    record.review.created = day;
    record.review.last_reviewed = day;
    record.review.next_review = addMonths(day, record.review.interval_months);
    return record;
  }

  function fileName() {
    if (original) return originalFile.replace(/^registry\//, "");
    return (String(model.id || "").toLowerCase() + "-" + (model.slug || "")) + ".yml";
  }

  // --- reading and writing the model by path ---

  function getAt(path) {
    var node = model;
    for (var i = 0; i < path.length && node != null; i++) node = node[path[i]];
    return node;
  }

  function setAt(path, value) {
    var node = model;
    for (var i = 0; i < path.length - 1; i++) node = node[path[i]];
    var key = path[path.length - 1];
    if (value === undefined) { if (Array.isArray(node)) node.splice(key, 1); else delete node[key]; }
    else node[key] = value;
  }

  function idOf(path) { return "f-" + path.join("-").replace(/[^A-Za-z0-9_-]/g, "_"); }

  // --- building the controls from the schema ---

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function refName(node) { return node && node.$ref ? node.$ref.split("/").pop() : ""; }

  function kindOf(raw) {
    var node = resolve(raw), name = refName(raw);
    if (node.enum) return "select";
    if (node.type === "object") return "object";
    if (node.type === "array") return resolve(node.items).type === "object" ? "rows" : "lines";
    if (node.type === "integer") return "integer";
    if (node.anyOf && node.anyOf.some(function (s) { return s.type === "integer"; })) return "integer";
    if (name === "text") return "textarea";
    return "input";
  }

  function labelText(key, node, required) {
    var text = resolve(node).description || key;
    return text + (required ? "" : " (valgfrit)");
  }

  function control(parent, key, raw, path, required) {
    var node = resolve(raw), kind = kindOf(raw), id = idOf(path), value = getAt(path);
    if (kind === "object") return objectControl(parent, key, raw, path, required);
    if (kind === "rows") return rowsControl(parent, key, raw, path, required);
    var label = labelText(key, raw, required);
    fieldsById[id] = label;
    var wrapNode = el("div", { "class": "ai-field", "data-path": JSON.stringify(path) });
    wrapNode.appendChild(el("label", { "for": id }, [document.createTextNode(label + " "), el("code", { text: key })]));
    var help = null;
    if (kind === "lines") help = "Én pr. linje.";
    else if (refName(raw) === "date" || refName(raw) === "date_or_unknown") help = "Skriv datoen som ÅÅÅÅ-MM-DD" + (refName(raw) === "date_or_unknown" ? ", eller 'ikke oplyst'." : ".");
    var describedBy = [id + "-fejl"];
    if (help) { wrapNode.appendChild(el("p", { id: id + "-hjaelp", "class": "ai-field__help", text: help })); describedBy.unshift(id + "-hjaelp"); }
    var input;
    if (kind === "select") {
      input = el("select", { id: id, name: id });
      if (node.enum.indexOf(value) < 0) input.appendChild(el("option", { value: "", text: "Vælg …" }));
      node.enum.forEach(function (v) { input.appendChild(el("option", { value: v, text: v })); });
      input.value = node.enum.indexOf(value) >= 0 ? value : "";
    } else if (kind === "textarea" || kind === "lines") {
      input = el("textarea", { id: id, name: id, rows: kind === "lines" ? 3 : 4 });
      input.value = kind === "lines" ? (value || []).join("\n") : (value == null ? "" : String(value));
    } else {
      input = el("input", { id: id, name: id, type: "text", inputmode: kind === "integer" ? "numeric" : null,
                            autocomplete: "off" });
      input.value = value == null ? "" : String(value);
    }
    input.setAttribute("aria-describedby", describedBy.join(" "));
    if (required) input.setAttribute("aria-required", "true");
    input.addEventListener(kind === "select" ? "change" : "input", function () {
      var text = input.value, next;
      if (kind === "lines") next = text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      else if (kind === "integer") next = /^-?[0-9]+$/.test(text.trim()) ? parseInt(text.trim(), 10) : text;
      else next = text;
      var empty = next === "" || (Array.isArray(next) && !next.length && !required && !("default" in node));
      setAt(path, empty && !required ? undefined : next);
      if (key === "title" && !original) { model.slug = slugify(text); var s = document.getElementById(idOf(["slug"])); if (s) s.value = model.slug; }
      changed();
    });
    wrapNode.appendChild(input);
    wrapNode.appendChild(el("p", { id: id + "-fejl", "class": "ai-field__error", hidden: "hidden" }));
    parent.appendChild(wrapNode);
  }

  function objectControl(parent, key, raw, path, required) {
    var node = resolve(raw), id = idOf(path), value = getAt(path);
    var box = el("fieldset", { "class": "ai-group", id: id, "data-path": JSON.stringify(path), "aria-describedby": id + "-fejl" });
    box.appendChild(el("legend", { text: labelText(key, raw, required) }));
    fieldsById[id] = labelText(key, raw, required);
    box.appendChild(el("p", { id: id + "-fejl", "class": "ai-field__error", hidden: "hidden" }));
    parent.appendChild(box);
    if (!required) {
      var toggle = el("input", { type: "checkbox", id: id + "-med" });
      toggle.checked = value !== undefined;
      toggle.addEventListener("change", function () {
        setAt(path, toggle.checked ? blankObject(node) : undefined);
        changed(); render(id + "-med");
      });
      box.appendChild(el("div", { "class": "ai-field ai-field--check" }, [toggle, el("label", { "for": id + "-med", text: "Udfyld denne del" })]));
      if (value === undefined) return;
    }
    if (key === "principle_assessments" && path.length === 1) {
      cfg.principles.forEach(function (p) {
        var sub = el("fieldset", { "class": "ai-group" }, [el("legend", { text: p[0] + " " + p[1] })]);
        box.appendChild(sub);
        var item = node.additionalProperties;
        Object.keys(resolve(item).properties).forEach(function (k) {
          control(sub, k, resolve(item).properties[k], path.concat([p[0], k]), true);
        });
      });
      return;
    }
    Object.keys(node.properties || {}).forEach(function (k) {
      control(box, k, node.properties[k], path.concat([k]), (node.required || []).indexOf(k) >= 0);
    });
  }

  function blankObject(node) {
    node = resolve(node);
    var out = {};
    (node.required || []).forEach(function (k) {
      var sub = resolve(node.properties[k]);
      out[k] = sub.type === "object" ? blankObject(sub) : sub.type === "array" ? [] : "";
    });
    return out;
  }

  function rowsControl(parent, key, raw, path, required) {
    var node = resolve(raw), id = idOf(path), rows = getAt(path) || [];
    var box = el("fieldset", { "class": "ai-group", id: id, "data-path": JSON.stringify(path), "aria-describedby": id + "-fejl" });
    var title = labelText(key, raw, required);
    fieldsById[id] = title;
    box.appendChild(el("legend", { id: id + "-titel", text: title }));
    box.appendChild(el("p", { id: id + "-fejl", "class": "ai-field__error", hidden: "hidden" }));
    rows.forEach(function (row, i) {
      var rowBox = el("fieldset", { "class": "ai-group ai-group--row" }, [el("legend", { text: "Række " + (i + 1) })]);
      var item = resolve(node.items);
      Object.keys(item.properties).forEach(function (k) {
        control(rowBox, k, item.properties[k], path.concat([i, k]), (item.required || []).indexOf(k) >= 0);
      });
      var remove = el("button", { type: "button", "class": "md-button", id: id + "-fjern-" + i, text: "Fjern række " + (i + 1),
                                  "aria-describedby": id + "-titel" });
      remove.addEventListener("click", function () { rows.splice(i, 1); setAt(path, rows); changed(); render(id + "-tilfoej"); });
      rowBox.appendChild(remove);
      box.appendChild(rowBox);
    });
    var add = el("button", { type: "button", "class": "md-button", id: id + "-tilfoej", text: "Tilføj række",
                             "aria-describedby": id + "-titel" });
    add.addEventListener("click", function () {
      rows.push(blankObject(node.items)); setAt(path, rows); changed();
      render(idOf(path.concat([rows.length - 1, Object.keys(resolve(node.items).properties)[0]])));
    });
    box.appendChild(add);
    parent.appendChild(box);
  }

  // --- checking: the schema (ajv) and the register-wide rules ---

  var Ajv = window.ajv2020 && (window.ajv2020.default || window.ajv2020);
  var ajv = new Ajv({ allErrors: true, strict: false, verbose: true });  // verbose: each error carries its value and rule
  ajv.addFormat("date", function (s) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
    var d = new Date(s + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === s;
  });
  ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
  var check = ajv.compile(schema);

  function shown(v) { return v === true ? "true" : v === false ? "false" : v == null ? "ikke udfyldt" : String(v); }

  function describe(s) {
    if (s.$ref) { var name = refName(s); return cfg.def_phrases[name] || describe(schema.$defs[name]); }
    if ("const" in s) return "'" + s.const + "'";
    if (s.enum) return "en af " + s.enum.map(function (v) { return "'" + v + "'"; }).join(", ");
    if (s.anyOf) return s.anyOf.map(describe).join(" eller ");
    if (s.format === "email") return "en e-mailadresse";
    return cfg.type_names[s.type] || "en anden værdi";
  }

  function patternPhrase(pattern) {
    var defs = schema.$defs || {};
    for (var name in defs) if (defs[name].pattern === pattern && cfg.def_phrases[name]) return cfg.def_phrases[name];
    return cfg.pattern_phrases[pattern] || "en værdi på den form, feltets beskrivelse i schemaet viser";
  }

  function typeName(v) {
    if (typeof v === "boolean") return cfg.type_names.boolean;
    if (typeof v === "number") return Number.isInteger(v) ? cfg.type_names.integer : cfg.type_names.number;
    if (typeof v === "string") return cfg.type_names.string;
    if (Array.isArray(v)) return cfg.type_names.array;
    if (v === null) return cfg.type_names.null;
    return cfg.type_names.object;
  }

  function noSuchDate(v) {
    if (typeof v !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
    var d = new Date(v + "T00:00:00Z");
    return isNaN(d) || d.toISOString().slice(0, 10) !== v;
  }

  function yesNoHint(v) {
    return typeof v === "boolean" || (typeof v === "string" && cfg.yes_no[0].indexOf(v.toLowerCase()) >= 0) ? cfg.yes_no[1] : "";
  }

  // One ajv error as [path, Danish message], the way schema_check words it.
  function message(e) {
    var path = e.instancePath.split("/").slice(1).map(function (p) { return /^[0-9]+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~"); });
    var v = e.data, k = e.keyword, p = e.params;
    if (k === "required") return [path.concat([p.missingProperty]), "feltet mangler"];
    if (k === "additionalProperties") return [path.concat([p.additionalProperty]), "ukendt felt"];
    if ((k === "anyOf" || k === "format" || k === "pattern") && noSuchDate(v))
      return [path, "datoen " + v + " findes ikke i kalenderen; ret måned eller dag (formen ÅÅÅÅ-MM-DD er rigtig)"];
    if (k === "enum") return [path, "'" + shown(v) + "' er ikke en tilladt værdi; brug en af: " + e.schema.map(function (x) { return "'" + x + "'"; }).join(", ") + yesNoHint(v)];
    if (k === "const") return [path, "skal være '" + e.schema + "'"];
    if (k === "type") return [path, "skal være " + (cfg.type_names[e.schema] || e.schema) + ", ikke " + typeName(v) + yesNoHint(v)];
    if (k === "anyOf") return [path, "'" + shown(v) + "' passer ikke; skal være " + e.schema.map(describe).join(" eller ") + yesNoHint(v)];
    if (k === "format") return [path, "'" + shown(v) + "' er ikke " + (e.schema === "date" ? "en gyldig dato (ÅÅÅÅ-MM-DD)" : "en e-mailadresse")];
    if (k === "pattern") return [path, "'" + shown(v) + "' har forkert form; skal være " + patternPhrase(e.schema)];
    if (k === "minLength") return [path, e.schema === 1 ? "må ikke være tom" : "skal være mindst " + e.schema + " tegn lang"];
    if (k === "maxLength") return [path, "må højst være " + e.schema + " tegn lang, ikke " + length(String(v))];
    if (k === "minItems") return [path, "skal have mindst " + e.schema + " element(er)"];
    if (k === "uniqueItems") return [path, "listen indeholder den samme værdi flere gange"];
    if (k === "minimum" || k === "maximum") return [path, v + " er uden for det tilladte; skal være " + (k === "minimum" ? "mindst " : "højst ") + e.schema];
    return [path, "'" + shown(v) + "' passer ikke til feltets regler i schemaet"];
  }

  // The one-record rules of macros/content/register.py (RECORD_RULES), with their messages;
  // tests/test_record_form.py checks they say what Python says. Run on a schema-valid record.
  function recordRules(r, day) {
    var out = [], status = r.status_history[r.status_history.length - 1].status;
    var known = function (d) { return d !== UNKNOWN; };
    if (r.ai_act.risk_level === "uacceptabel" && status !== "stoppet")
      out.push([["ai_act", "risk_level"], "risikoniveauet 'uacceptabel' er kun tilladt, når status er 'stoppet' (status er '" + status + "')"]);
    if (cfg.accountable_statuses.indexOf(status) >= 0 && !("responsibility" in r))
      out.push([["responsibility"], "feltet mangler: fra status 'test/pilot' skal ansvarlig leder og kvalitetsansvarlig stå i registreringen (status er '" + status + "')"]);
    r.risks.forEach(function (risk, i) {
      if (risk.category === "anden" && !risk.other_category)
        out.push([["risks", i, "other_category"], "feltet mangler: kategorien 'anden' skal navngives i other_category"]);
    });
    var previous = null;
    r.status_history.forEach(function (step, i) {
      if (known(step.date) && previous && step.date < previous)
        out.push([["status_history", i, "date"], "datoen " + step.date + " ligger før den forrige statusændring (" + previous + ")"]);
      if (known(step.date)) previous = step.date;
    });
    var rv = r.review;
    if (rv.last_reviewed < rv.created) out.push([["review", "last_reviewed"], "seneste gennemgang (" + rv.last_reviewed + ") ligger før oprettelsen (" + rv.created + ")"]);
    if (rv.next_review <= rv.last_reviewed) out.push([["review", "next_review"], "næste gennemgang (" + rv.next_review + ") skal ligge efter seneste gennemgang (" + rv.last_reviewed + ")"]);
    if (rv.last_reviewed > day) out.push([["review", "last_reviewed"], "seneste gennemgang (" + rv.last_reviewed + ") ligger i fremtiden"]);
    var future = function (path, value, what) {
      if (known(value) && value > day)
        out.push([path, what + " (" + value + ") ligger i fremtiden; skriv datoen, da det skete, eller 'ikke oplyst' (en plan hører til i en note)"]);
    };
    r.status_history.forEach(function (step, i) { future(["status_history", i, "date"], step.date, "statusændringen"); });
    future(["legal", "last_assessed"], r.legal.last_assessed, "den juridiske vurdering");
    r.legal.impact_assessments.forEach(function (a, i) { future(["legal", "impact_assessments", i, "date"], a.date, "konsekvensanalysen"); });
    (r.consultation || []).forEach(function (c, i) { future(["consultation", i, "date"], c.date, "inddragelsen"); });
    future(["review", "created"], rv.created, "oprettelsen");
    return out;
  }

  function problems() {
    var found = [], seen = {}, anyOfAt = {};
    if (check(model)) {
      found = recordRules(model, today());
    } else {
      check.errors.forEach(function (e) { if (e.keyword === "anyOf") anyOfAt[e.instancePath] = true; });
      check.errors.forEach(function (e) {
        if (e.keyword === "if" || e.keyword === "propertyNames") return;
        // Inside an anyOf, only the anyOf's own message (as schema_check reports it).
        var covered = Object.keys(anyOfAt).some(function (at) { return e.instancePath === at && e.keyword !== "anyOf"; });
        if (covered) return;
        var m = message(e), key = JSON.stringify(m);
        if (!seen[key]) { seen[key] = true; found.push(m); }
      });
    }
    var self = original ? original.id : null;
    if (model.id && model.id !== self && register.ids[model.id]) found.push([["id"], "id'et '" + model.id + "' er allerede brugt af registreringen " + model.id]);
    if (model.id && register.retired[model.id]) found.push([["id"], "id'et '" + model.id + "' er udgået og må aldrig genbruges"]);
    var slugs = [[["slug"], model.slug]].concat((model.former_slugs || []).map(function (s, i) { return [["former_slugs"], s]; }));
    slugs.forEach(function (pair) {
      var owner = register.slugs[pair[1]];
      if (pair[1] && owner && owner !== self) found.push([pair[0], "adressen '" + pair[1] + "' er allerede brugt af registreringen " + owner]);
      if (cfg.page_slugs.indexOf(pair[1]) >= 0) found.push([pair[0], "adressen '" + pair[1] + "' er taget af siden docs/register/" + pair[1] + ".md; vælg en anden"]);
    });
    return found;
  }

  // The nearest control for a path: the field itself, else its group.
  function targetId(path) {
    for (var n = path.length; n > 0; n--) {
      var id = idOf(path.slice(0, n));
      if (document.getElementById(id)) return id;
    }
    return idOf(["id"]);
  }

  function showProblems() {
    var list = problems(), byId = {};
    root.querySelectorAll(".ai-field__error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    list.forEach(function (item) {
      var id = targetId(item[0]);
      (byId[id] = byId[id] || []).push(item[1]);
    });
    var summary = document.getElementById("ai-form-summary"), ul = summary.querySelector("ul");
    ul.textContent = "";
    Object.keys(byId).forEach(function (id) {
      var error = document.getElementById(id + "-fejl"), input = document.getElementById(id);
      error.textContent = byId[id].join("; ");
      error.hidden = false;
      if (input) input.setAttribute("aria-invalid", "true");
      var link = el("a", { href: "#" + id, text: (fieldsById[id] || id) + ": " + byId[id].join("; ") });
      link.addEventListener("click", function (ev) {
        ev.preventDefault();  // a group of fields: its first control
        var target = input && input.matches("input, select, textarea") ? input : input && input.querySelector("input, select, textarea, button");
        (target || error).focus();
      });
      ul.appendChild(el("li", {}, [link]));
    });
    var count = Object.keys(byId).length;
    summary.hidden = !count;
    summary.querySelector("h2").textContent = count === 1 ? "1 felt skal rettes" : count + " felter skal rettes";
    document.getElementById("ai-form-count").textContent = count ? count + " felter skal rettes før indsendelse." : "Ingen fejl fundet.";
  }

  // --- YAML import: a port of macros/yaml_mistakes.py, with its messages (cfg.yaml_messages) ---

  var MSG = cfg.yaml_messages, INVISIBLE = cfg.invisible, INV = Object.keys(cfg.invisible).join("");
  var KEY_LINE = new RegExp("^([ \\t" + INV + "]*(?:-[ \\t]+)*)([^\\s#'\"\\[\\]{}:-][^:#]*?)[ \\t]*:(?:[ \\t]|$)");
  var INV_RX = new RegExp("[" + INV + "]");
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
  function yamlProblems(text) {
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

  function firstBadLine(bytes) {
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

  function importText(text) {
    var result = yamlProblems(text), box = document.getElementById("ai-form-import-errors");
    box.textContent = "";
    if (result.problems.length) {
      box.appendChild(el("h3", { text: "Filen kan ikke indlæses" }));
      var ul = el("ul");
      result.problems.forEach(function (p) {
        ul.appendChild(el("li", { text: "linje " + p[0] + ": " + (p[1] || "(hele filen)") + ": " + p[2] }));
      });
      box.appendChild(ul);
      box.focus();
      return;
    }
    original = null;
    model = result.data;
    changed();
    render(idOf(["id"]));
    say("Filen er indlæst. Ret de fejl, formularen viser.");
  }

  window.aiRecordImport = { yamlProblems: yamlProblems };  // for the tests

  // --- output: copy, download, GitHub ---

  var MAX_URL = 8000;

  function githubUrl(text) {
    var base = cfg.repo_url, branch = encodeURIComponent(cfg.repo_branch), name = fileName();
    if (original) return { href: base + "/edit/" + branch + "/registry/" + encodeURIComponent(name), prefilled: false };
    var full = base + "/new/" + branch + "/registry?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
    if (full.length <= MAX_URL) return { href: full, prefilled: true };
    return { href: base + "/new/" + branch + "/registry?filename=" + encodeURIComponent(name), prefilled: false };
  }

  window.aiRecordForm = { githubUrl: githubUrl, recordRules: recordRules, problems: function (r) { model = r; return problems(); } };  // for the tests

  function say(text) { document.getElementById("ai-form-status").textContent = text; }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    var area = document.getElementById("ai-form-yaml");
    area.select(); document.execCommand("copy");
    return Promise.resolve();
  }

  var timer = null;
  function changed() {
    try { localStorage.setItem(draftKey, JSON.stringify(model)); } catch (e) { /* private mode: no draft */ }
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }

  function refresh() {
    showProblems();
    var text = recordYaml(model), link = document.getElementById("ai-form-github"), target = githubUrl(text);
    document.getElementById("ai-form-yaml").value = text;
    document.getElementById("ai-form-filename").textContent = fileName();
    link.href = target.href;
    link.dataset.prefilled = target.prefilled ? "ja" : "nej";
  }

  function render(focusId) {
    fieldsById = {};
    var fields = document.getElementById("ai-form-fields");
    fields.textContent = "";
    Object.keys(schema.properties).forEach(function (key) {
      control(fields, key, schema.properties[key], [key], (schema.required || []).indexOf(key) >= 0);
    });
    refresh();
    if (focusId && document.getElementById(focusId)) document.getElementById(focusId).focus();
  }

  function frame() {
    root.appendChild(el("p", { id: "ai-form-status", role: "status", "aria-live": "polite", "class": "ai-form-status" }));
    var summary = el("div", { id: "ai-form-summary", "class": "ai-form-summary", tabindex: "-1", hidden: "hidden" },
                     [el("h2", { text: "" }), el("ul")]);
    root.appendChild(summary);
    var form = el("form", { id: "ai-record-form", novalidate: "novalidate", "aria-label": original ? "Ret registrering" : "Ny registrering" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.appendChild(el("div", { id: "ai-form-fields" }));
    var out = el("div", { "class": "ai-form-output" });
    out.appendChild(el("h2", { text: "Filen" }));
    out.appendChild(el("p", {}, [document.createTextNode("Filnavn: "), el("code", { id: "ai-form-filename" })]));
    out.appendChild(el("p", { id: "ai-form-count", "class": "ai-form-count" }));
    var copyButton = el("button", { type: "button", "class": "md-button", id: "ai-form-copy", text: "Kopiér" });
    var download = el("button", { type: "button", "class": "md-button", id: "ai-form-download", text: "Hent fil" });
    var github = el("a", { "class": "md-button md-button--primary", id: "ai-form-github", href: "#", target: "_blank",
                           rel: "noopener", text: original ? "Foreslå rettelsen på GitHub" : "Foreslå på GitHub" });
    var clear = el("button", { type: "button", "class": "md-button", id: "ai-form-clear", text: "Slet kladde" });
    copyButton.addEventListener("click", function () { copy(recordYaml(model)).then(function () { say("Filen er kopieret."); }); });
    download.addEventListener("click", function () {
      var blob = new Blob([recordYaml(model)], { type: "text/yaml;charset=utf-8" });
      var a = el("a", { href: URL.createObjectURL(blob), download: fileName() });
      document.body.appendChild(a); a.click(); a.remove();
      say("Filen " + fileName() + " er hentet.");
    });
    github.addEventListener("click", function () {
      if (github.dataset.prefilled !== "ja") {
        copy(recordYaml(model));
        say(original ? "Filen er kopieret. På GitHub: markér alt i filen (Ctrl+A), og sæt den nye tekst ind (Ctrl+V)."
                     : "Filen er for lang til at sende med i adressen, så den er kopieret. På GitHub: sæt den ind i det tomme felt (Ctrl+V).");
      }
    });
    clear.addEventListener("click", function () {
      try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
      model = original ? clone(original) : blankRecord();
      render(); say("Kladden er slettet.");
    });
    out.appendChild(el("div", { "class": "ai-form-buttons" }, [copyButton, download, github, clear]));
    out.appendChild(el("label", { "for": "ai-form-yaml", text: "Filens indhold (kan kopieres)" }));
    var importBox = el("details", { "class": "ai-form-import" }, [el("summary", { text: "Indlæs en YAML-fil" })]);
    var pasted = el("textarea", { id: "ai-form-import", rows: 6, spellcheck: "false" });
    var chosen = el("input", { type: "file", id: "ai-form-import-file", accept: ".yml,.yaml,text/yaml" });
    var load = el("button", { type: "button", "class": "md-button", id: "ai-form-import-button", text: "Indlæs teksten" });
    load.addEventListener("click", function () { importText(pasted.value); });
    chosen.addEventListener("change", function () {
      var file = chosen.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer), text;
        try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
        catch (e) {
          var box = document.getElementById("ai-form-import-errors");
          box.textContent = "linje " + firstBadLine(bytes) + ": (hele filen): " + MSG.not_utf8;
          box.focus();
          return;
        }
        pasted.value = text;
        importText(text);
      });
    });
    importBox.appendChild(el("label", { "for": "ai-form-import-file", text: "Vælg filen" }));
    importBox.appendChild(chosen);
    importBox.appendChild(el("label", { "for": "ai-form-import", text: "eller sæt filens indhold ind her" }));
    importBox.appendChild(pasted);
    importBox.appendChild(load);
    importBox.appendChild(el("div", { id: "ai-form-import-errors", "class": "ai-form-import-errors", tabindex: "-1" }));
    out.appendChild(importBox);
    out.appendChild(el("textarea", { id: "ai-form-yaml", readonly: "readonly", rows: 12, spellcheck: "false" }));
    form.appendChild(out);
    root.appendChild(form);
  }

  function load(url) { return fetch(url).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; }); }

  // Register-wide checks read the small index (api/indeks.json); an edit loads its one record.
  Promise.all([load(cfg.index_json), editId ? load(cfg.record_json_dir + encodeURIComponent(editId) + ".json") : {}]).then(function (both) {
    var index = both[0];
    (index.ids || []).forEach(function (id, i) {
      register.ids[id] = true;
      register.slugs[index.slugs[i]] = id;
    });
    (index.former_slugs || []).forEach(function (s) { register.slugs[s] = register.slugs[s] || "(en tidligere adresse)"; });
    (index.retired_ids || []).forEach(function (id) { register.retired[id] = true; });
    if (both[1].record) { original = both[1].record; originalFile = both[1].file; }
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    model = draft || (original ? clone(original) : blankRecord());
    frame();
    render();
    if (editId && !original) say("Registreringen " + editId + " findes ikke; formularen er tom.");
    else if (draft) say("Din kladde er hentet. Klik Slet kladde for at begynde forfra.");
  });
})();
