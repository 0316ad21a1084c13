// The guided record form on /register/ny/ (GOV.UK's "Complete multiple tasks" and "Check
// answers"): a task list made from the schema's sections, one section at a time, a check page
// with a *Ret* link beside each answer, then the file and how to propose it.
// Everything it knows comes from the page's JSON (macros/render/record_form.py). The draft is
// kept in localStorage; nothing leaves the browser but by the contributor's own click.
import { el, hidden } from "./dom.js";
import { answered, fieldAt, fieldProblem, getAt, isEmpty, leaves, minimalPath, sectionStatus, setAt, shownEmpty, STATUS } from "./fields.js";
import { labelForms, makeMessages } from "./messages.js";
import { recordRules } from "./record-rules.js";
import { accepts } from "./validate.js";
import { addMonths, defaultSlug, fileName, makeYaml } from "./yaml-writer.js";
import { downloadFile, githubSteps, mailtoUrl } from "./propose.js";
import { configure as configureImport, firstBadLine, loadYamlParser, yamlProblems } from "./import.js";
import { riskAid } from "./risk.js";

const root = document.getElementById("ai-record-form-root");
const dataNode = document.getElementById("ai-form-data");
if (root && dataNode) start(JSON.parse(dataNode.textContent));

function start(cfg) {
  const spec = cfg.spec, schema = cfg.schema, defs = schema.$defs || {};
  const msg = makeMessages(cfg.messages);
  const writeYaml = makeYaml({ schema, width: cfg.width, head_lines: cfg.head_lines, principles: cfg.principle_titles });
  const organisationPath = (schema["x-form"] || {}).organisation || "";
  const params = new URLSearchParams(location.search);
  const editId = params.get("id");
  const draftKey = "ai-register-kladde:" + (editId || "ny");
  const index = { ids: new Map(), slugs: new Map(), retired: new Set(), former: new Set(), loaded: false };
  let record = null, original = null, originalFile = "", state = freshState(), statusText = "";
  configureImport(cfg.yaml_messages, cfg.invisible);

  function freshState() { return { sections: {}, touched: {}, slugEdited: false, newOrganisation: null, checkedAll: false }; }
  function clone(v) { return JSON.parse(JSON.stringify(v)); }
  function today() {
    const d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function drawId() {
    const f = cfg.id_format, bytes = new Uint32Array(f.length);
    for (;;) {
      crypto.getRandomValues(bytes);
      const id = f.prefix + Array.from(bytes, b => f.alphabet[b % f.alphabet.length]).join("");
      if (!index.ids.has(id) && !index.retired.has(id)) return id;
    }
  }
  function blankRecord() {
    const r = clone(cfg.start), day = today();
    r.id = drawId();
    r.status_history.forEach(s => { s.date = day; });
    r.review.created = day;
    r.review.last_reviewed = day;
    r.review.next_review = addMonths(day, r.review.interval_months);
    return r;
  }

  // --- the draft ----------------------------------------------------------------
  let saveTimer = null;
  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      try { localStorage.setItem(draftKey, JSON.stringify({ record, state, originalFile, original })); } catch (e) { /* private mode */ }
    }, 100);
  }
  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function clearDraft() {
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }

  // --- fields: ids, labels, values -------------------------------------------------
  const idOf = path => "f-" + path.join("-").replace(/[^A-Za-z0-9_-]/g, "_");
  const dotted = path => path.filter(p => typeof p !== "number").join(".");
  const sectionOf = top => spec.sections.find(s => s.fields.indexOf(top) >= 0) || (spec.advanced.indexOf(top) >= 0 ? spec.sections[0] : null);
  const minimalPaths = () => spec.minimal.map(m => minimalPath(spec, record, m));
  // The few answers a new record must have; a record being corrected keeps what it has.
  const isMinimal = path => !state.existing && minimalPaths().some(p => p.join("\u0000") === path.join("\u0000"));
  const organisationOf = key => cfg.organisations.find(o => o.key === key);

  const small = label => labelForms(label).felt;  // a label inside a sentence, as the messages write it

  function labelOf(path, field) {
    const rows = path.filter(p => typeof p === "number");
    if (!rows.length) return field.label;
    const listPath = path.slice(0, path.indexOf(rows[0]));  // the list the first row index is in
    const list = fieldAt(spec, listPath);
    const many = (getAt(record, listPath) || []).length > 1;
    return many && list ? field.label + " (" + small(list.row_label) + " " + (rows[0] + 1) + ")" : field.label;
  }

  function shown(field, value) {
    if (shownEmpty(field, value)) return "";
    if (field.kind === "lines") return (value || []).join("\n");
    return value == null ? "" : String(value);
  }

  function parsed(field, text) {
    if (field.kind === "lines") return text.split("\n").map(s => s.trim()).filter(Boolean);
    if (field.kind === "integer" || field.kind === "integer_or_unknown") {
      const t = text.trim();
      if (/^-?[0-9]+$/.test(t)) return parseInt(t, 10);
      if (t) return text;
    }
    if (field.kind !== "text" && field.kind !== "lines" && !text.trim()) text = "";
    if (text === "") return "blank" in field ? field.blank : (field.required ? "" : undefined);
    return text;
  }

  // --- problems --------------------------------------------------------------------
  // [{path, id, message, top}] for the given top-level fields (all when none are given).
  function problems(tops) {
    const all = !tops;
    tops = tops || Object.keys(spec.fields);
    const out = [];
    const add = (path, message) => out.push({ path, id: idOf(path), message, top: path[0] });
    tops.forEach(top => leaves(spec, record, top).forEach(({ path, field }) => {
      const value = getAt(record, path);
      let p = fieldProblem(field, value, defs);
      if (!p && isMinimal(path) && !answered(field, value) && !(dotted(path) === organisationPath && state.newOrganisation))
        p = [field.kind === "choice" || dotted(path) === organisationPath ? "missing_choice" : "missing_text", {}];
      // The address follows the title: no message of its own until someone writes it.
      if (p && path[0] === "slug" && !original && !state.slugEdited && !record.slug) p = null;
      if (p) add(path, msg.field(p[0], labelOf(path, field), p[1]));
    }));
    const ownerPath = organisationPath.split(".");
    if (state.newOrganisation && tops.indexOf(ownerPath[0]) >= 0 && !state.newOrganisation.name.trim())
      add(ownerPath.concat(["ny"]), msg.field("missing_text", "Navnet på din organisation"));
    const self = original ? original.id : null;
    if (tops.indexOf("id") >= 0 || all) {
      if (index.ids.has(record.id) && record.id !== self) add(["id"], msg.field("id_taken", "Id", { "værdi": record.id }));
      if (index.retired.has(record.id)) add(["id"], msg.field("id_retired", "Id", { "værdi": record.id }));
    }
    if (tops.indexOf("slug") >= 0 || all) {
      [record.slug].concat(record.former_slugs || []).forEach((slug, i) => {
        const path = i ? ["former_slugs"] : ["slug"], owner = index.slugs.get(slug);
        if (slug && ((owner && owner !== self) || (index.former.has(slug) && !(original && (original.former_slugs || []).indexOf(slug) >= 0))))
          add(path, msg.field("slug_taken", "Sidens adresse", { "værdi": slug }));
        if (cfg.page_slugs.indexOf(slug) >= 0) add(path, msg.field("slug_page", "Sidens adresse", { "værdi": slug }));
      });
    }
    if (!out.length && accepts(schema, record, defs)) {
      recordRules(record, today(), cfg.accountable_statuses, cfg.eu_database).forEach(([path, kind, keys]) => {
        const field = fieldAt(spec, path) || spec.fields[path[0]];
        const names = (keys || []).map(k => (field.fields.find(f => f.key === k) || { label: k }).label).map(small);
        if (tops.indexOf(path[0]) >= 0)
          add(path, msg.field(kind, labelOf(path, field), { felter: names.join(", ").replace(/, ([^,]*)$/, " og $1") }));
      });
    } else if (!out.length && all) {  // a safety net: the schema refuses something no field check named
      Object.keys(schema.properties).forEach(top => {
        if (top in record && !accepts(schema.properties[top], record[top], defs)) add([top], msg.field("other", spec.fields[top].label));
      });
    }
    // One message per field: the first.
    const seen = new Set();
    return out.filter(p => !seen.has(p.id) && seen.add(p.id));
  }

  // --- rendering helpers -------------------------------------------------------------
  let view = { name: "", key: "" };
  function describedBy(id, help) { return (help ? id + "-hjaelp " : "") + id + "-fejl"; }

  function errorNode(id) { return el("p", { id: id + "-fejl", class: "ai-field__error", hidden: true }); }

  function showError(id, message) {
    const box = document.getElementById(id + "-fejl"), input = document.getElementById(id);
    if (!box) return;
    box.textContent = "";
    if (message) { box.appendChild(hidden("Fejl: ")); box.appendChild(document.createTextNode(message)); }
    box.hidden = !message;
    const wrap = box.closest(".ai-field");
    if (wrap) wrap.classList.toggle("ai-field--error", !!message);
    if (input && input.matches("input, select, textarea")) {
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    }
  }

  // The messages of the fields on screen that were left or checked.
  function refreshErrors(all) {
    const visible = view.name === "section" ? sectionFields(view.key) : [];
    const found = problems(visible);
    const byId = new Map(found.map(p => [p.id, p.message]));
    root.querySelectorAll(".ai-field__error").forEach(box => {
      const id = box.id.replace(/-fejl$/, "");
      const show = all || state.touched[id] || (state.sections[view.key] || {}).checked;
      showError(id, show ? byId.get(id) || "" : "");
    });
    return found;
  }

  function sectionFields(key) {
    const section = spec.sections.find(s => s.key === key);
    return section.fields.concat(key === spec.sections[0].key ? spec.advanced : []);
  }

  function touch(id) { state.touched[id] = true; }

  function changed(path) {
    const top = path[0], section = sectionOf(top);
    if (section) { const s = state.sections[section.key] = state.sections[section.key] || {}; s.touched = true; s.done = false; }
    derive(path);
    save();
  }

  // Values worked out from others: the address from the title and the owner, the next review
  // from the last and the interval.
  function derive(path) {
    const key = dotted(path);
    if (!original && !state.slugEdited && (key === "title" || key === organisationPath)) {
      const org = organisationOf(getAt(record, organisationPath.split(".")));
      record.slug = defaultSlug(record.title || "", org ? org.short_name : "");
      const slugInput = document.getElementById(idOf(["slug"]));
      if (slugInput) slugInput.value = record.slug;
    }
    if (key === "review.last_reviewed" || key === "review.interval_months") {
      const rv = record.review;
      if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(rv.last_reviewed) && Number.isInteger(rv.interval_months)) {
        rv.next_review = addMonths(rv.last_reviewed, rv.interval_months);
        const next = document.getElementById(idOf(["review", "next_review"]));
        if (next) next.value = rv.next_review;
      }
    }
    if (key === "slug") state.slugEdited = true;
  }

  function labelNode(id, field, path) {
    const label = el("label", { for: id, class: "ai-field__label", text: field.label });
    if (isMinimal(path)) label.appendChild(el("span", { class: "ai-field__need", text: " (skal udfyldes)" }));
    return label;
  }

  function helpNode(id, field, path) {
    const bits = [field.help.replace(/\.$/, "") === field.label ? "" : field.help];  // no help that only repeats the label
    if (field.kind === "lines") bits.push("Skriv én pr. linje.");
    if ((field.kind === "date" || field.kind === "date_or_unknown") && field.help.indexOf("ÅÅÅÅ") < 0) bits.push("Skriv datoen som ÅÅÅÅ-MM-DD, fx " + today() + ".");
    if (typeof field.blank === "string" && field.kind !== "choice" && dotted(path) !== organisationPath && !isMinimal(path)) bits.push("Står feltet tomt, skrives " + field.blank + ".");
    return el("p", { id: id + "-hjaelp", class: "ai-field__help", text: bits.filter(Boolean).join(" ") });
  }

  function input(parent, field, path) {
    const id = idOf(path), value = getAt(record, path);
    const wrap = el("div", { class: "ai-field" });
    wrap.appendChild(labelNode(id, field, path));
    wrap.appendChild(helpNode(id, field, path));
    wrap.appendChild(errorNode(id));
    let control;
    if (dotted(path) === organisationPath) {
      control = organisationControl(wrap, id, field, path, value);
    } else if (field.kind === "choice") {
      control = el("select", { id, name: id });
      if (field.choices.indexOf(value) < 0) control.appendChild(el("option", { value: "", text: "Vælg …" }));
      field.choices.forEach(c => control.appendChild(el("option", { value: c, text: c })));
      control.value = field.choices.indexOf(value) >= 0 ? value : "";
    } else if (field.kind === "text" || field.kind === "lines") {
      control = el("textarea", { id, name: id, rows: field.kind === "lines" ? 3 : 4, spellcheck: "true" });
      control.value = shown(field, value);
    } else {
      const numeric = field.kind === "integer" || field.kind === "integer_or_unknown";
      control = el("input", { id, name: id, type: "text", autocomplete: "off", spellcheck: field.kind === "line" ? "true" : "false",
                              inputmode: numeric ? "numeric" : (field.kind === "email" ? "email" : (field.kind === "url" ? "url" : null)),
                              class: numeric || /date/.test(field.kind) ? "ai-input--short" : null });
      control.value = shown(field, value);
    }
    control.setAttribute("aria-describedby", describedBy(id, true));
    if (!control.dataset.custom) {
      control.addEventListener(control.tagName === "SELECT" ? "change" : "input", () => {
        setAt(record, path, control.tagName === "SELECT" ? (control.value || ("blank" in field ? field.blank : "")) : parsed(field, control.value));
        changed(path);
        if (state.touched[id]) refreshErrors();
      });
      control.addEventListener("blur", () => { touch(id); refreshErrors(); save(); });
    }
    wrap.insertBefore(control, wrap.querySelector(".ai-field__error").nextSibling);
    parent.appendChild(wrap);
  }

  // The owner: one of registry/organisations.yml, or a new one to propose beside the record.
  function organisationControl(wrap, id, field, path, value) {
    const NEW = "__ny__";
    const select = el("select", { id, name: id });
    select.dataset.custom = "1";
    select.appendChild(el("option", { value: "", text: "Vælg …" }));
    cfg.organisations.forEach(o => select.appendChild(el("option", { value: o.key, text: o.name })));
    select.appendChild(el("option", { value: NEW, text: "Min organisation står ikke på listen" }));
    select.value = state.newOrganisation ? NEW : (organisationOf(value) ? value : "");
    const extra = el("div", { class: "ai-field__more", hidden: !state.newOrganisation });
    const nameId = id + "-ny", typeId = id + "-type";
    const name = el("input", { id: nameId, type: "text", autocomplete: "organization", "aria-describedby": nameId + "-hjaelp " + nameId + "-fejl" });
    const type = el("select", { id: typeId, "aria-describedby": typeId + "-hjaelp" });
    cfg.organisation_types.forEach(t => type.appendChild(el("option", { value: t, text: t })));
    if (state.newOrganisation) { name.value = state.newOrganisation.name; type.value = state.newOrganisation.type; }
    extra.appendChild(el("div", { class: "ai-field" }, [
      el("label", { for: nameId, class: "ai-field__label", text: "Navnet på din organisation" }),
      el("p", { id: nameId + "-hjaelp", class: "ai-field__help",
                text: "Redaktionen tilføjer organisationen til registret. Indtil da står ejeren som ikke oplyst i filen." }),
      errorNode(nameId), name]));
    extra.appendChild(el("div", { class: "ai-field" }, [
      el("label", { for: typeId, class: "ai-field__label", text: "Organisationens type" }),
      el("p", { id: typeId + "-hjaelp", class: "ai-field__help", text: "Vælg den type, der passer bedst." }), type]));
    const update = () => {
      if (select.value === NEW) {
        state.newOrganisation = { name: name.value, type: type.value || cfg.organisation_types[0] };
        setAt(record, path, field.blank);
      } else {
        state.newOrganisation = null;
        setAt(record, path, select.value || field.blank);
      }
      extra.hidden = select.value !== NEW;
      changed(path);
      if (state.touched[id]) refreshErrors();
    };
    select.addEventListener("change", update);
    name.addEventListener("input", update);
    type.addEventListener("change", update);
    select.addEventListener("blur", () => { touch(id); refreshErrors(); });
    name.addEventListener("blur", () => { touch(nameId); refreshErrors(); });
    wrap.appendChild(extra);
    return select;
  }

  function group(parent, field, path) {
    const id = idOf(path), value = getAt(record, path);
    const box = el("fieldset", { class: "ai-group", id });
    box.appendChild(el("legend", { text: field.label }));
    if (field.help) box.appendChild(el("p", { class: "ai-field__help", text: field.help }));
    parent.appendChild(box);
    if (value === undefined) {
      const add = el("button", { type: "button", class: "md-button", text: "Tilføj " + small(field.label) });
      add.addEventListener("click", () => {
        setAt(record, path, Object.fromEntries(field.fields.filter(f => "blank" in f).map(f => [f.key, f.blank])));
        changed(path); renderView(idOf(path.concat([field.fields[0].key])));
      });
      box.appendChild(add);
      return;
    }
    field.fields.forEach(f => render(box, f, path.concat([f.key])));
    if (!field.required) {
      const remove = el("button", { type: "button", class: "md-button ai-button--quiet", text: "Fjern " + small(field.label) });
      remove.addEventListener("click", () => { setAt(record, path, undefined); changed(path); renderView(); });
      box.appendChild(remove);
    }
  }

  function rows(parent, field, path) {
    const id = idOf(path), list = getAt(record, path) || [];
    const box = el("fieldset", { class: "ai-group", id });
    box.appendChild(el("legend", { text: field.label }));
    if (field.help) box.appendChild(el("p", { class: "ai-field__help", text: field.help }));
    box.appendChild(errorNode(id));
    list.forEach((row, i) => {
      const rowBox = el("fieldset", { class: "ai-group ai-group--row" }, [el("legend", { text: field.row_label + " " + (i + 1) })]);
      field.fields.forEach(f => render(rowBox, f, path.concat([i, f.key])));
      if (list.length > (field.min_rows || 0)) {
        const remove = el("button", { type: "button", class: "md-button ai-button--quiet", id: id + "-fjern-" + i,
                                      text: "Fjern " + small(field.row_label) + " " + (i + 1) });
        remove.addEventListener("click", () => { list.splice(i, 1); setAt(record, path, list); changed(path); renderView(id + "-tilfoej"); });
        rowBox.appendChild(remove);
      }
      box.appendChild(rowBox);
    });
    const add = el("button", { type: "button", class: "md-button", id: id + "-tilfoej", text: "Tilføj " + small(field.row_label) });
    add.addEventListener("click", () => {
      list.push(clone(field.new_row)); setAt(record, path, list); changed(path);
      renderView(idOf(path.concat([list.length - 1, field.fields[0].key])));
    });
    box.appendChild(add);
    parent.appendChild(box);
  }

  // The principles: each principle's own questions beside its assessment.
  function principles(parent, field, path) {
    const box = el("div", { class: "ai-principles", id: idOf(path) });
    cfg.principles.forEach(p => {
      if (!getAt(record, path.concat([p.id]))) {  // a record without this principle: its unanswered values
        const map = getAt(record, path);
        map[p.id] = Object.fromEntries(field.fields.map(f => [f.key, f.blank]));
      }
      const item = el("section", { class: "ai-principle", "aria-labelledby": idOf(path.concat([p.id])) + "-titel" });
      item.appendChild(el("h3", { id: idOf(path.concat([p.id])) + "-titel", text: p.id + " " + p.title }));
      const questions = el("div", { class: "ai-principle__questions" }, [
        el("p", { class: "ai-principle__ask", text: "Politikkens spørgsmål:" }),
        el("ul", {}, p.questions.map(q => el("li", { text: q }))),
        el("p", {}, [el("a", { href: p.url, target: "_blank", rel: "noopener", text: "Læs princippet (åbner i et nyt vindue)" })]),
      ]);
      const answer = el("div", { class: "ai-principle__answer" });
      field.fields.forEach(f => render(answer, f, path.concat([p.id, f.key])));
      item.appendChild(el("div", { class: "ai-principle__body" }, [questions, answer]));
      box.appendChild(item);
    });
    parent.appendChild(box);
  }

  function render(parent, field, path) {
    if (field.not_asked) return;
    if (field.kind === "group") return group(parent, field, path);
    if (field.kind === "rows") return rows(parent, field, path);
    if (field.kind === "map") return principles(parent, field, path);
    return input(parent, field, path);
  }

  function advanced(parent) {
    const fold = el("details", { class: "ai-form-advanced" }, [el("summary", { text: "Avanceret: id og sidens adresse" })]);
    fold.appendChild(el("p", { text: "Adressen laves af titlen og organisationens korte navn. Du behøver ikke ændre noget her." }));
    spec.advanced.forEach(key => render(fold, spec.fields[key], [key]));
    if (!original) {
      const redraw = el("button", { type: "button", class: "md-button", id: "ai-form-new-id", text: "Træk et nyt id" });
      redraw.addEventListener("click", () => {
        record.id = drawId(); document.getElementById(idOf(["id"])).value = record.id; changed(["id"]); refreshErrors();
      });
      fold.appendChild(redraw);
    }
    if ((state.sections[spec.sections[0].key] || {}).checked && problems(spec.advanced).length) fold.open = true;
    parent.appendChild(fold);
  }

  // --- the views ---------------------------------------------------------------------
  function statusOf(section) {
    const s = state.sections[section.key] || {};
    const found = problems(sectionFields(section.key));
    return sectionStatus(section, { done: s.done, visited: s.visited, touched: s.touched, checked: s.checked || state.checkedAll }, found);
  }

  function summaryBox(found, title) {
    const box = el("div", { class: "ai-form-summary", id: "ai-form-summary", tabindex: "-1", role: "alert", "aria-labelledby": "ai-form-summary-titel" });
    box.appendChild(el("h2", { id: "ai-form-summary-titel", text: title || (found.length === 1 ? msg.word("summary_one") : msg.word("summary_many", { antal: found.length })) }));
    const ul = el("ul");
    found.forEach(p => {
      const section = sectionOf(p.top);
      const href = view.name === "section" ? "#" + p.id : "#afsnit-" + section.key + "--" + p.id;
      const a = el("a", { href, text: p.message });
      a.addEventListener("click", ev => {
        if (view.name !== "section") return;  // another view: the link opens the section
        ev.preventDefault();
        focusField(p.id);
      });
      ul.appendChild(el("li", {}, [a]));
    });
    box.appendChild(ul);
    return box;
  }

  function focusField(id) {
    let target = document.getElementById(id);
    if (target && !target.matches("input, select, textarea, button")) target = target.querySelector("input, select, textarea, button");
    if (!target) { const box = document.getElementById(id + "-fejl"); target = box && box.closest(".ai-field, fieldset"); }
    if (target) {
      const fold = target.closest("details");
      if (fold) fold.open = true;
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  }

  function statusLine() {
    const p = el("p", { id: "ai-form-status", class: "ai-form-status", role: "status", "aria-live": "polite" });
    p.textContent = statusText;
    statusText = "";
    return p;
  }

  function heading(text) { return el("h2", { id: "ai-form-view", tabindex: "-1", class: "ai-form-view", text }); }

  const TAG = { status_not_started: "ai-tag--grey", status_in_progress: "ai-tag--blue", status_done: "ai-tag--green", status_fix: "ai-tag--red" };

  function taskList() {
    const frag = document.createDocumentFragment();
    frag.appendChild(statusLine());
    frag.appendChild(heading(original ? "Ret registreringen " + original.id : "Ny registrering"));
    const statuses = spec.sections.map(statusOf);
    const done = statuses.filter(s => s === STATUS.DONE).length;
    frag.appendChild(el("p", { class: "ai-form-progress", id: "ai-form-progress",
                               text: msg.word("progress", { "færdige": done, alle: spec.sections.length }) }));
    frag.appendChild(el("p", { text: "Udfyld afsnittene i den rækkefølge, du vil. En kort registrering kræver kun de " +
      spec.minimal.length + " svar, der er mærket (skal udfyldes): de står i afsnittene " +
      minimalSections().map(s => s.title).join(", ").replace(/, ([^,]*)$/, " og $1") +
      ". Resten skrives som ikke oplyst, indtil nogen ved mere." }));
    const list = el("ol", { class: "ai-tasklist" });
    spec.sections.forEach((section, i) => {
      const tagId = "ai-task-status-" + section.key;
      const link = el("a", { href: "#afsnit-" + section.key, class: "ai-tasklist__link", "aria-describedby": tagId, text: section.title });
      list.appendChild(el("li", { class: "ai-tasklist__item" }, [
        el("div", { class: "ai-tasklist__name" }, [link, el("p", { class: "ai-tasklist__hint", text: section.help })]),
        el("strong", { id: tagId, class: "ai-tag " + TAG[statuses[i]], text: msg.word(statuses[i]) }),
      ]));
    });
    frag.appendChild(list);
    frag.appendChild(el("p", {}, [el("a", { href: "#tjek", class: "md-button md-button--primary", id: "ai-form-to-check", text: "Tjek dine svar og hent filen" })]));
    frag.appendChild(importBox());
    frag.appendChild(clearButton());
    return frag;
  }

  function minimalSections() {
    const keys = new Set(spec.minimal.map(m => sectionOf(m.split(".")[0]).key));
    return spec.sections.filter(s => keys.has(s.key));
  }

  // Shows the record's values again in a top-level field's controls (after a change made for them).
  function syncInputs(top) {
    leaves(spec, record, top).forEach(({ path, field }) => {
      const control = document.getElementById(idOf(path));
      if (control && control.matches("input, select, textarea")) control.value = shown(field, getAt(record, path)) || (control.tagName === "SELECT" ? "" : "");
    });
  }

  function sectionView(key) {
    const section = spec.sections.find(s => s.key === key), n = spec.sections.indexOf(section);
    const s = state.sections[key] = state.sections[key] || {};
    if (!s.visited) { s.visited = true; save(); }
    const frag = document.createDocumentFragment();
    frag.appendChild(statusLine());
    frag.appendChild(el("p", {}, [el("a", { href: "#oversigt", class: "ai-form-back", text: "Tilbage til oversigten" })]));
    const found = s.checked ? problems(sectionFields(key)) : [];
    if (found.length) frag.appendChild(summaryBox(found));
    frag.appendChild(el("p", { class: "ai-form-caption", text: "Afsnit " + (n + 1) + " af " + spec.sections.length }));
    frag.appendChild(heading(section.title));
    if (section.help) frag.appendChild(el("p", { class: "ai-form-lead", text: section.help }));
    const form = el("form", { class: "ai-form-section", novalidate: true, "aria-labelledby": "ai-form-view" });
    form.addEventListener("submit", ev => { ev.preventDefault(); saveSection(key); });
    section.fields.forEach(top => {  // the decision aid comes before the fields it fills in
      if (top === "ai_act") riskAid(form, cfg, record, { changed: () => { changed(["ai_act"]); syncInputs("ai_act"); refreshErrors(); } });
      render(form, spec.fields[top], [top]);
    });
    if (n === 0) advanced(form);
    form.appendChild(el("div", { class: "ai-form-buttons" }, [
      el("button", { type: "submit", class: "md-button md-button--primary", id: "ai-form-save", text: "Gem og fortsæt" })]));
    frag.appendChild(form);
    return frag;
  }

  function saveSection(key) {
    const s = state.sections[key];
    s.checked = true;
    const found = problems(sectionFields(key));
    if (found.length) {
      s.done = false; save(); renderView();
      const box = document.getElementById("ai-form-summary");
      if (box) box.focus();
      return;
    }
    s.done = true; save();
    statusText = "Afsnittet " + spec.sections.find(x => x.key === key).title + " er gemt.";
    location.hash = "#oversigt";
  }

  function answerText(field, value) {
    if (shownEmpty(field, value)) return typeof field.blank === "string" ? field.blank : "ikke oplyst";
    if (Array.isArray(value)) return value.join(", ");
    return String(value);
  }

  function checkView() {
    state.checkedAll = true;
    const frag = document.createDocumentFragment();
    frag.appendChild(statusLine());
    frag.appendChild(el("p", {}, [el("a", { href: "#oversigt", class: "ai-form-back", text: "Tilbage til oversigten" })]));
    const found = problems();
    if (found.length) frag.appendChild(summaryBox(found));
    frag.appendChild(heading("Tjek dine svar"));
    frag.appendChild(el("p", { class: "ai-form-lead", text: "Læs svarene igennem. Klik Ret ud for et svar for at ændre det." }));
    spec.sections.forEach(section => {
      frag.appendChild(el("h3", { text: section.title }));
      const dl = el("dl", { class: "ai-summary-list" });
      const tops = sectionFields(section.key).filter(t => spec.advanced.indexOf(t) < 0);
      tops.forEach(top => leaves(spec, record, top).forEach(({ path, field }) => {
        const id = idOf(path), value = getAt(record, path);
        if (field.kind === "rows" && !isEmpty(value)) return;  // its rows' answers are listed
        let label = labelOf(path, field);
        if (path[0] === "principle_assessments") {
          const p = cfg.principles.find(x => x.id === path[1]);
          label = path[1] + " " + (p ? p.title : "") + ": " + small(field.label);
        }
        let text = field.kind === "rows" ? "ingen" : isMinimal(path) && !answered(field, value) ? "mangler (skal udfyldes)"
          : answerText(field, value);
        if (dotted(path) === organisationPath) {
          const org = organisationOf(value);
          text = state.newOrganisation ? state.newOrganisation.name + " (ny organisation)" : org ? org.name : text;
        }
        const row = el("div", { class: "ai-summary-list__row" }, [
          el("dt", { text: label }),
          el("dd", { class: "ai-summary-list__value", text }),
          el("dd", { class: "ai-summary-list__action" }, [
            el("a", { href: "#afsnit-" + section.key + "--" + id }, ["Ret", hidden(" " + small(label))])]),
        ]);
        dl.appendChild(row);
      }));
      frag.appendChild(dl);
    });
    frag.appendChild(fileBox(found));
    return frag;
  }

  function currentName() { return originalFile ? originalFile.replace(/^registry\//, "") : fileName(record); }

  function fileBox(found) {
    const box = el("section", { class: "ai-form-output", "aria-labelledby": "ai-form-file-titel" });
    box.appendChild(el("h2", { id: "ai-form-file-titel", text: "Hent filen, og foreslå den" }));
    if (found.length) {
      box.appendChild(el("p", { text: "Ret fejlene øverst på siden, så kan du hente filen." }));
      return box;
    }
    const name = currentName();
    box.appendChild(el("p", {}, ["Filnavn: ", el("code", { id: "ai-form-filename", text: name })]));
    const download = el("button", { type: "button", class: "md-button md-button--primary", id: "ai-form-download", text: "Hent fil" });
    download.addEventListener("click", () => {
      downloadFile(writeYaml(record), name);
      say("Filen " + name + " er hentet.");
    });
    box.appendChild(el("div", { class: "ai-form-buttons" }, [download]));
    box.appendChild(el("h3", { text: "Foreslå filen på GitHub" }));
    const ol = el("ol", { class: "ai-form-steps" });
    const part = p => {
      if (!Array.isArray(p)) return p;
      if (p[0] === "upload") return el("a", { href: cfg.upload_url, id: "ai-form-github", target: "_blank", rel: "noopener", text: p[1] },
                                       [hidden(" (åbner i et nyt vindue)")]);
      return el(p[0], { text: p[1] });
    };
    githubSteps(name, !!original).forEach(parts => ol.appendChild(el("li", {}, parts.map(part))));
    if (cfg.upload_url) box.appendChild(ol);
    if (state.newOrganisation) {
      box.appendChild(el("p", { text: "Skriv også i beskrivelsen, at din organisation skal tilføjes til registret:" }));
      box.appendChild(el("pre", { class: "ai-form-snippet", id: "ai-form-new-organisation", text: newOrganisationText() }));
    }
    box.appendChild(el("h3", { text: "Har du ikke en GitHub-konto?" }));
    if (cfg.editors_email) {
      const subject = (original ? "Rettelse til registreringen " + original.id : "Ny registrering") + ": " + (record.title || "");
      const body = "Hej redaktionen\n\nJeg sender en " + (original ? "rettelse til en registrering" : "ny registrering") +
        " til AI-registret. Filen " + name + " er vedhæftet.\n" + (state.newOrganisation ? "\n" + newOrganisationText() + "\n" : "");
      box.appendChild(el("p", {}, ["Klik ", el("b", { text: "Hent fil" }), ", og send filen som vedhæftet fil til redaktionen på ",
        el("a", { href: mailtoUrl(cfg.editors_email, subject, body), id: "ai-form-mail", text: cfg.editors_email }), "."]));
    } else {
      box.appendChild(el("p", { id: "ai-form-mail-missing" }, ["Klik ", el("b", { text: "Hent fil" }),
        ", og send filen til redaktionen. Sitet har ikke oplyst en e-mailadresse til redaktionen; se siden ",
        el("a", { href: "../../om/", text: "Om sitet" }), "."]));
    }
    box.appendChild(clearButton());
    return box;
  }

  function newOrganisationText() {
    const o = state.newOrganisation;
    return "Ny organisation: " + o.name + " (type: " + o.type + ")";
  }

  function clearButton() {
    const clear = el("button", { type: "button", class: "md-button ai-button--quiet", id: "ai-form-clear", text: "Slet kladde" });
    clear.addEventListener("click", () => {
      clearDraft();
      record = original ? clone(original) : blankRecord();
      state = freshState();
      if (original) markAllDone();
      statusText = "Kladden er slettet.";
      if (location.hash && location.hash !== "#oversigt") location.hash = "#oversigt"; else renderView();
    });
    return clear;
  }

  function importBox() {
    const box = el("details", { class: "ai-form-import" }, [el("summary", { text: "Fortsæt med en fil, du har hentet før" })]);
    const file = el("input", { type: "file", id: "ai-form-import-file", accept: ".yml,.yaml,text/yaml" });
    const pasted = el("textarea", { id: "ai-form-import", rows: 6, spellcheck: "false" });
    const load = el("button", { type: "button", class: "md-button", id: "ai-form-import-button", text: "Indlæs teksten" });
    const errors = el("div", { id: "ai-form-import-errors", class: "ai-form-import-errors", tabindex: "-1" });
    box.append(el("p", { text: "Vælg den fil, du fik med Hent fil (den ender på .yml), eller en registrerings fil fra registret. " +
                                  "Formularen fyldes ud med den, og du kan rette videre." }),
               el("label", { for: "ai-form-import-file", text: "Vælg filen" }), file,
               el("label", { for: "ai-form-import", text: "eller sæt filens indhold ind her" }), pasted, load, errors);
    load.addEventListener("click", () => importText(pasted.value, errors));
    file.addEventListener("change", () => {
      const chosen = file.files[0];
      if (!chosen) return;
      chosen.arrayBuffer().then(buffer => {
        const bytes = new Uint8Array(buffer);
        let text;
        try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) {
          errors.textContent = "linje " + firstBadLine(bytes) + ": (hele filen): " + cfg.yaml_messages.not_utf8;
          errors.focus();
          return;
        }
        pasted.value = text;
        importText(text, errors);
      });
    });
    return box;
  }

  function importText(text, box) {
    loadYamlParser(cfg.yaml_script).then(() => {
      const result = yamlProblems(text);
      box.textContent = "";
      if (result.problems.length) {
        box.appendChild(el("h3", { text: "Filen kan ikke indlæses" }));
        box.appendChild(el("ul", {}, result.problems.map(p => el("li", { text: "linje " + p[0] + ": " + (p[1] || "(hele filen)") + ": " + p[2] }))));
        box.focus();
        return;
      }
      record = result.data;
      original = null; originalFile = "";
      state = freshState();
      state.slugEdited = true;
      markAllDone();
      state.checkedAll = true;
      save();
      statusText = "Filen er indlæst. Tjek svarene, og ret det, der er markeret.";
      location.hash = "#tjek";
      renderView();
    });
  }

  function markAllDone() {
    state.existing = true;
    spec.sections.forEach(s => { state.sections[s.key] = { done: true, visited: true }; });
  }

  function say(text) { const s = document.getElementById("ai-form-status"); if (s) s.textContent = text; else statusText = text; }

  // --- routing: #oversigt, #afsnit-<key>[--<field id>], #tjek ---------------------------
  function route() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash === "tjek") return { name: "check", key: "" };
    const m = /^afsnit-([a-z0-9_-]+?)(?:--(.+))?$/.exec(hash);
    if (m && spec.sections.some(s => s.key === m[1])) return { name: "section", key: m[1], focus: m[2] };
    return { name: "list", key: "" };
  }

  function renderView(focusId, moved) {
    const next = route();
    const scrollY = window.scrollY;
    view = next;
    // The page's introduction belongs to the overview; above every section it would push the questions
    // down a phone's first screen (the GOV.UK task list pattern shows it once).
    const intro = document.getElementById("ai-form-intro");
    if (intro) intro.hidden = next.name !== "list";
    root.textContent = "";
    root.appendChild(next.name === "check" ? checkView() : next.name === "section" ? sectionView(next.key) : taskList());
    if (next.name === "section") refreshErrors();
    if (next.name === "check") refreshErrors(true);
    root.dataset.ready = "1";
    if (focusId || next.focus) { focusField(focusId || next.focus); return; }
    if (moved) {
      const h = document.getElementById("ai-form-summary") || document.getElementById("ai-form-view");
      if (h) { h.focus({ preventScroll: true }); root.scrollIntoView({ block: "start" }); }
    } else {
      window.scrollTo(0, scrollY);
    }
  }

  window.addEventListener("hashchange", () => {
    const hash = location.hash.slice(1);
    if (hash && !/^(oversigt|tjek|afsnit-)/.test(hash)) return;  // a link to a field on this view
    renderView(null, true);
  });

  // --- start: the draft, or the record to correct, or a new one ------------------------
  function loadIndex() {
    return fetch(cfg.index_json).then(r => (r.ok ? r.json() : {})).catch(() => ({})).then(data => {
      (data.ids || []).forEach((id, i) => { index.ids.set(id, true); index.slugs.set(data.slugs[i], id); });
      (data.retired_ids || []).forEach(id => index.retired.add(id));
      (data.former_slugs || []).forEach(s => index.former.add(s));
      index.loaded = true;
    });
  }

  function loadRecord(id) {
    return fetch(cfg.record_json_dir + encodeURIComponent(id) + ".json").then(r => (r.ok ? r.json() : null)).catch(() => null);
  }

  const draft = loadDraft();
  const ready = editId ? loadRecord(editId) : Promise.resolve(null);
  ready.then(found => {
    if (found) { original = found.record; originalFile = found.file; }
    if (draft && draft.record) {
      record = draft.record; state = Object.assign(freshState(), draft.state || {});
      if (draft.original && !original) { original = draft.original; originalFile = draft.originalFile || ""; }
      statusText = "Din kladde er hentet. Klik Slet kladde for at begynde forfra.";
    } else if (original) {
      record = clone(original);
      markAllDone();
    } else {
      record = blankRecord();
      if (editId) statusText = "Registreringen " + editId + " findes ikke; formularen er tom.";
    }
    renderView();
    // The register's ids and addresses, for the checks across the register: after the first view.
    loadIndex().then(() => {
      if (!original && !draft && (index.ids.has(record.id) || index.retired.has(record.id))) record.id = drawId();
      if (view.name !== "list") refreshErrors(view.name === "check");
    });
  });
}
