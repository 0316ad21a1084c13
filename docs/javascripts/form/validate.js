// Whether a value is valid against a JSON Schema node, as the build's validators judge it
// (macros/schema_compile.py): the keywords registry/schema.json uses. The schema is the rule; nothing here knows a field.
// tests/test_form_rules.py feeds the same schemas and values to this and to jsonschema.

function codePoints(text) { return Array.from(text).length; }

function typeOk(type, v) {
  if (type === "string") return typeof v === "string";
  if (type === "integer") return typeof v === "number" && Number.isInteger(v);
  if (type === "number") return typeof v === "number";
  if (type === "boolean") return typeof v === "boolean";
  if (type === "array") return Array.isArray(v);
  if (type === "object") return v !== null && typeof v === "object" && !Array.isArray(v);
  if (type === "null") return v === null;
  return false;
}

// A real calendar date written ÅÅÅÅ-MM-DD (schema_compile._is_date).
export function isDate(v) {
  if (typeof v !== "string") return true;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
  const d = new Date(v + "T00:00:00Z");
  return !isNaN(d) && d.toISOString().slice(0, 10) === v;
}

const FORMATS = { date: isDate, email: v => typeof v !== "string" || v.indexOf("@") >= 0 };

// JSON equality as JSON Schema means it (1 and 1.0 equal, true and 1 not, key order ignored).
function same(a, b) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && typeof a === "object") {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(k => k in b && same(a[k], b[k]));
  }
  return a === b;
}

const cache = new Map();
function regex(pattern) {
  if (!cache.has(pattern)) cache.set(pattern, new RegExp(pattern));
  return cache.get(pattern);
}

// defs: the schema's $defs, which a "$ref": "#/$defs/name" names (with keywords beside it, both apply).
export function accepts(s, v, defs) {
  if (s === true || s === undefined) return true;
  if (s === false) return false;
  if (s.$ref) {
    const rest = Object.assign({}, s);
    delete rest.$ref;
    return accepts(defs[s.$ref.split("/").pop()], v, defs) && accepts(rest, v, defs);
  }
  if (s.type && !typeOk(s.type, v)) return false;
  if (s.enum && !s.enum.some(x => same(x, v))) return false;
  if ("const" in s && !same(s.const, v)) return false;
  if (s.allOf && !s.allOf.every(sub => accepts(sub, v, defs))) return false;
  if (s.anyOf && !s.anyOf.some(sub => accepts(sub, v, defs))) return false;
  if (s.oneOf && s.oneOf.filter(sub => accepts(sub, v, defs)).length !== 1) return false;
  if (typeof v === "string") {
    if ("minLength" in s && codePoints(v) < s.minLength) return false;
    if ("maxLength" in s && codePoints(v) > s.maxLength) return false;
    if (s.pattern && !regex(s.pattern).test(v)) return false;
    if (s.format && FORMATS[s.format] && !FORMATS[s.format](v)) return false;
  }
  if (typeof v === "number") {
    if ("minimum" in s && v < s.minimum) return false;
    if ("maximum" in s && v > s.maximum) return false;
  }
  if (Array.isArray(v)) {
    if ("minItems" in s && v.length < s.minItems) return false;
    if (s.uniqueItems && v.some((x, i) => v.slice(i + 1).some(y => same(x, y)))) return false;
    if (s.items !== undefined && !v.every(x => accepts(s.items, x, defs))) return false;
  }
  if (typeOk("object", v)) {
    const props = s.properties || {};
    if (s.required && !s.required.every(k => k in v)) return false;
    for (const k of Object.keys(v)) {
      if (k in props) { if (!accepts(props[k], v[k], defs)) return false; }
      else if (s.additionalProperties !== undefined && !accepts(s.additionalProperties, v[k], defs)) return false;
      if (s.propertyNames && !accepts(s.propertyNames, k, defs)) return false;
    }
  }
  return true;
}
