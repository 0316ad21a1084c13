// The register's fields as the form sees them, from the build's spec (macros/form_spec.py):
// where a value sits in the record, what an unanswered field holds, which message a value gets,
// and the sections with their status. The same choice of message as form_spec.field_problem.
import { labelForms } from "./messages.js";
import { accepts } from "./validate.js";

export function getAt(node, path) {
  for (const step of path) { if (node == null) return undefined; node = node[step]; }
  return node;
}

export function setAt(root, path, value) {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]];
  const key = path[path.length - 1];
  if (value === undefined) { if (Array.isArray(node)) node.splice(key, 1); else delete node[key]; }
  else node[key] = value;
}

// The spec of the field at a path: indexes of rows and keys of a map (principle ids) are skipped.
export function fieldAt(spec, path) {
  let field = spec.fields[path[0]];
  for (let i = 1; field && i < path.length; i++) {
    if (field.kind === "rows" && typeof path[i] === "number") continue;
    if (field.kind === "map" && i === path.length - 1) return undefined;
    if (field.kind === "map") { i++; if (i >= path.length) return field; }
    field = (field.fields || []).find(f => f.key === path[i]);
  }
  return field;
}

function resolved(node, defs) {
  while (node.$ref) {
    const rest = Object.assign({}, node);
    delete rest.$ref;
    node = Object.assign({}, defs[node.$ref.split("/").pop()], rest);
  }
  return node;
}

export function isEmpty(v) { return v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length); }

// Shown as an empty box: a value that is the field's own placeholder word ('ikke oplyst' …).
export function shownEmpty(field, v) {
  return isEmpty(v) || (typeof field.blank === "string" && field.kind !== "choice" && v === field.blank);
}

// Answered: something other than the field's starting value.
export function answered(field, v) { return !isEmpty(v) && v !== field.blank; }

// (kind, values) of the message for a value, or null: as form_spec.field_problem.
export function fieldProblem(field, value, defs) {
  const kind = field.kind;
  if (isEmpty(value)) {
    if (kind === "rows") return field.min_rows ? ["missing_row", { "række": labelForms(field.row_label).felt }] : null;
    if (kind === "lines" || !field.required) return null;
    return [kind === "choice" ? "missing_choice" : "missing_text", {}];
  }
  if (kind === "rows" || kind === "group" || kind === "map") return null;
  if (accepts(field.schema, value, defs)) return null;
  const text = typeof value === "string" ? value : "";
  if (kind === "choice") return ["choice", {}];
  if (kind === "lines") {
    // As form_spec.field_problem: only a list of texts can hold the same line twice.
    const texts = Array.isArray(value) && value.every(v => typeof v === "string");
    return texts && new Set(value).size < value.length ? ["duplicate", {}] : ["one_line", {}];
  }
  if (kind === "date" || kind === "date_or_unknown") return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) ? ["no_such_date", {}] : [kind, {}];
  if (kind === "integer" || kind === "integer_or_unknown") {
    const node = resolved(field.schema, defs);
    const n = kind === "integer" ? node : node.anyOf.find(b => b.type === "integer");
    if (typeof value === "number" && Number.isInteger(value)) {
      if ("minimum" in n && value < n.minimum) return ["minimum", { "grænse": n.minimum }];
      if ("maximum" in n && value > n.maximum) return ["maximum", { "grænse": n.maximum }];
    }
    return [kind, {}];
  }
  if (kind === "line" || kind === "text") {
    if (kind === "line" && text.trim().indexOf("\n") >= 0) return ["one_line", {}];
    if (!text.trim()) return ["missing_text", {}];
  }
  const limit = resolved(field.schema, defs).maxLength;
  if (limit && Array.from(text).length > limit) return ["too_long", { "grænse": limit, antal: Array.from(text).length }];
  if (["slug", "id", "url", "email"].indexOf(kind) >= 0) return [kind, {}];
  return ["other", {}];
}

// Every leaf of a top-level field in the record as it is now: [{path, field}].
export function leaves(spec, record, top) {
  const out = [];
  function walk(field, path) {
    if (field.not_asked) return;  // kept as it is (the decision aid's answers)
    const value = getAt(record, path);
    if (field.kind === "group") {
      if (value === undefined) return;
      field.fields.forEach(f => walk(f, path.concat([f.key])));
    } else if (field.kind === "rows") {
      out.push({ path, field });  // the list itself (at least one row)
      (value || []).forEach((row, i) => field.fields.forEach(f => walk(f, path.concat([i, f.key]))));
    } else if (field.kind === "map") {
      Object.keys(value || {}).forEach(k => field.fields.forEach(f => walk(f, path.concat([k, f.key]))));
    } else {
      out.push({ path, field });
    }
  }
  walk(spec.fields[top], [top]);
  return out;
}

// "sources.title" -> the path of the first row's title; "status_history.status" -> the last row's.
export function minimalPath(spec, record, dotted) {
  const parts = dotted.split("."), path = [];
  let field = null;
  parts.forEach((key, n) => {
    field = n === 0 ? spec.fields[key] : field.fields.find(f => f.key === key);
    path.push(key);
    if (field.kind === "rows" && n < parts.length - 1) {
      const rows = getAt(record, path) || [];
      path.push(key === "status_history" ? Math.max(rows.length - 1, 0) : 0);
    }
  });
  return path;
}

export const STATUS = { NOT_STARTED: "status_not_started", IN_PROGRESS: "status_in_progress", DONE: "status_done", FIX: "status_fix" };

// A section's status: skal rettes (a problem shown in it), færdig (saved and nothing missing),
// i gang (visited or anything answered), ikke påbegyndt.
export function sectionStatus(section, state, problemsIn) {
  if (problemsIn.length && state.checked) return STATUS.FIX;
  if (state.done && !problemsIn.length) return STATUS.DONE;
  if (state.visited || state.touched) return STATUS.IN_PROGRESS;
  return STATUS.NOT_STARTED;
}
