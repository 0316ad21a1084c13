// The risk section's link to the AI Act decision aid (docs/javascripts/decision-aid.js, its own
// module and tree, /risikoniveau/): mounted on request, its outcome fills ai_act's risk level,
// its decision and the justification. Without the aid on the site: a link to its page.
import { el } from "./dom.js";

export function riskAid(parent, cfg, record, hooks) {
  const box = el("div", { class: "ai-form-aid", id: "ai-form-aid" });
  box.appendChild(el("h3", { text: "Find risikoniveauet" }));
  if (!cfg.decision_aid) {
    box.appendChild(el("p", {}, ["Er du i tvivl om risikoniveauet, så brug ",
      el("a", { href: cfg.decision_page, target: "_blank", rel: "noopener", text: "beslutningsstøtten til AI-forordningen (åbner i et nyt vindue)" }),
      " og skriv resultatet her."]));
    parent.appendChild(box);
    return;
  }
  box.appendChild(el("p", { text: "Beslutningsstøtten stiller spørgsmålene fra AI-forordningen et ad gangen. Dens resultat udfylder risikoniveauet og begrundelsen." }));
  const open = el("button", { type: "button", class: "md-button", id: "ai-form-aid-open", text: "Brug beslutningsstøtten" });
  const mount = el("div", { class: "ai-form-aid__mount", id: "ai-form-aid-mount" });
  open.addEventListener("click", () => {
    open.disabled = true;
    Promise.all([import(new URL(cfg.decision_aid.script, document.baseURI).href),
                 fetch(cfg.decision_aid.tree).then(r => r.json())]).then(([aid, tree]) => {
      open.hidden = true;
      const previous = record.ai_act.decision;
      aid.mountDecisionAid(mount, {
        tree,
        answers: previous ? previous.answers : [],
        onOutcome(outcome) {
          if (!outcome) return;  // the reader went back or started over: keep what the record says
          record.ai_act.risk_level = outcome.risk_level;
          if (outcome.justification) record.ai_act.justification = outcome.justification;
          if (outcome.decision) record.ai_act.decision = outcome.decision;
          hooks.changed();
        },
      });
      const first = mount.querySelector("input, button, select, a");
      if (first) first.focus();
    }).catch(() => {
      open.disabled = false;
      mount.textContent = "Beslutningsstøtten kunne ikke indlæses. Prøv igen, eller åbn siden " + cfg.decision_page + ".";
    });
  });
  box.append(open, mount);
  parent.appendChild(box);
}
