// The record's YAML text, as `python -m macros new` writes it: a port of macros/scaffold.py's
// record_yaml (and slugify, default_slug, add_months), kept equal byte for byte by
// tests/test_record_form.py. Every field in the schema's order with its description as a comment.

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

export function makeYaml(cfg) {
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
export function slugify(title) {
  var text = title.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
  text = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return text.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
}

export function addMonths(iso, months) {
  var p = iso.split("-").map(Number), month = p[1] - 1 + months;
  var year = p[0] + Math.floor(month / 12), m = month % 12 + 1;
  var last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return year + "-" + String(m).padStart(2, "0") + "-" + String(Math.min(p[2], last)).padStart(2, "0");
}


// scaffold.default_slug: the title and the organisation's short name (gladgpt-gladsaxe).
export function defaultSlug(title, shortName) {
  const base = slugify(title), suffix = slugify(shortName || "");
  if (!suffix || base === suffix || base.endsWith("-" + suffix)) return base;
  return (base.slice(0, 60 - suffix.length - 1).replace(/-+$/, "") + "-" + suffix).replace(/^-+|-+$/g, "");
}

// scaffold.file_name
export function fileName(record) { return String(record.id || "").toLowerCase() + "-" + (record.slug || "") + ".yml"; }
