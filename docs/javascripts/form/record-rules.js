// The one-record rules of macros/content/register.py (RECORD_RULES) that a form can break, as
// [path, message kind]: the message is the form's (macros/messages.py), the verdict Python's.
// tests/test_record_form.py feeds the same records to both and requires the same fields.
// Run on a record that is valid against the schema. `accountable`: ACCOUNTABLE_STATUSES; `eu`: the
// EU database rule as data (macros/content/eu_database.py form_data). An "eu_points" finding
// carries the missing fields' keys as a third item.
const UNKNOWN = "ikke oplyst";

function euDatabase(r, eu, out) {
  const act = r.ai_act, data = act.eu_database;
  if (act.risk_level !== eu.high) { if (data !== undefined) out.push([["ai_act", "eu_database"], "eu_not_high"]); return; }
  if (data === undefined) { out.push([["ai_act", "risk_level"], "eu_missing"]); return; }
  const needed = new Set(eu.always);
  const dpia = r.legal.impact_assessments.some(a => {
    const kind = a.kind.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    return eu.dpia_words.some(w => kind.indexOf(w) >= 0);
  });
  if (dpia) needed.add(5);
  const missing = eu.sections[data.section].filter(n => needed.has(n)).map(n => eu.points[n]).filter(f => !(f in data));
  if (missing.length) out.push([["ai_act", "eu_database"], "eu_points", missing]);
}

export function recordRules(r, today, accountable, eu) {
  const out = [], status = r.status_history[r.status_history.length - 1].status;
  const known = d => d !== UNKNOWN;
  if (r.ai_act.risk_level === "uacceptabel" && status !== "stoppet") out.push([["ai_act", "risk_level"], "unacceptable_only_when_stopped"]);
  if (accountable.indexOf(status) >= 0 && !("responsibility" in r)) out.push([["responsibility"], "responsibility_from_pilot"]);
  r.risks.forEach((risk, i) => {
    if (risk.category === "anden" && !risk.other_category) out.push([["risks", i, "other_category"], "other_risk_named"]);
  });
  let previous = null;
  r.status_history.forEach((step, i) => {
    if (known(step.date) && previous && step.date < previous) out.push([["status_history", i, "date"], "status_dates_in_order"]);
    if (known(step.date)) previous = step.date;
  });
  const rv = r.review;
  if (rv.last_reviewed < rv.created) out.push([["review", "last_reviewed"], "review_after_created"]);
  if (rv.next_review <= rv.last_reviewed) out.push([["review", "next_review"], "next_review_after_last"]);
  if (rv.last_reviewed > today) out.push([["review", "last_reviewed"], "in_future"]);
  const future = (path, value) => { if (known(value) && value > today) out.push([path, "in_future"]); };
  r.status_history.forEach((step, i) => future(["status_history", i, "date"], step.date));
  future(["legal", "last_assessed"], r.legal.last_assessed);
  r.legal.impact_assessments.forEach((a, i) => future(["legal", "impact_assessments", i, "date"], a.date));
  (r.consultation || []).forEach((c, i) => future(["consultation", i, "date"], c.date));
  future(["review", "created"], rv.created);
  if (eu) euDatabase(r, eu, out);
  return out;
}
