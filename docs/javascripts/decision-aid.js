// The AI Act decision aid: one question at a time through the decision tree that the build publishes
// at /risikoniveau/beslutningstrae.json (made from principles/beslutningstrae.yml), to a risk level,
// a role and the articles of Regulation (EU) 2024/1689 the outcome rests on.
//
// How to use it (the page /risikoniveau/ does it in decision-aid-page.js; the record form can do
// the same in its risk section). Keep this API stable:
//
//   import { mountDecisionAid } from "<site>/javascripts/decision-aid.js";
//   const tree = await (await fetch("<site>/risikoniveau/beslutningstrae.json")).json();
//   const aid = mountDecisionAid(container, {
//     tree,                        // the published tree, as is
//     answers: [{question, answer}],  // optional: where to start, e.g. a record's ai_act.decision.answers
//                                  // (used only if they are a walk through this tree; the first that is not ends it)
//     onOutcome(outcome) { ... },  // called when the answers reach a conclusion, and with null when the
//                                  // reader goes back or starts over:
//                                  // {risk_level, role, articles, justification, decision}
//                                  //   risk_level: e.g. "høj"; role: "udbyder", "idriftsætter" or null
//                                  //   articles: ["bilag III, punkt 5", "artikel 26", ...] (each once)
//                                  //   justification: the answers as plain Danish sentences (for ai_act.justification)
//                                  //   decision: {tree_version, conclusion, role?, articles, answers} (for ai_act.decision,
//                                  //   as registry/schema.json declares it; the build checks it against the tree)
//     headingLevel: 2,             // optional: the level of the question heading (2 by default)
//   });
//   aid.restart();  aid.answers();  // start over; the answers given so far
//
// Everything is made with DOM methods and textContent (the tree's text is data, never markup), no
// inline styles or handlers, so it works under the site's Content-Security-Policy. Each question is a
// fieldset of radio buttons with its heading as the legend; focus moves to the new question's heading
// (or the result's), and the result is announced in a live region.

let mounted = 0;

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}

function unique(list) {
  const out = [];
  for (const item of list) if (!out.includes(item)) out.push(item);
  return out;
}

function sentence(text) {
  const t = String(text).trim();
  return /[.!?]$/.test(t) ? t : t + ".";
}

// As the page's list of results says them (macros/render/decision_aid.py CONCLUSION_TITLES).
const TITLES = { "ikke omfattet": "Ikke omfattet af AI-forordningen", uacceptabel: "Uacceptabel risiko: forbudt",
                 "høj": "Høj risiko", "begrænset": "Begrænset risiko: krav om gennemsigtighed", minimal: "Minimal risiko" };

function conclusionTitle(conclusion) {
  return TITLES[conclusion.risk_level] || "Risikoniveau: " + conclusion.risk_level;
}

/** Walk answers [{question, answer}] from the start: the valid prefix, the answers chosen, and where it ends. */
function walk(tree, answers) {
  const steps = [];
  let here = tree.start;
  for (const given of answers || []) {
    if (!here || !given || given.question !== here) break;
    const question = tree.questions[here];
    const answer = question.answers.find((a) => a.text === given.answer);
    if (!answer) break;
    steps.push({ question: here, answer });
    here = answer.next || null;
    if (!here) break;
  }
  const last = steps[steps.length - 1];
  return { steps, question: here, conclusion: here ? null : last && last.answer.conclusion };
}

/** The outcome of a finished walk: what onOutcome receives (the build's DecisionTree.outcome_of agrees). */
function outcomeOf(tree, steps) {
  const key = steps[steps.length - 1].answer.conclusion;
  const conclusion = tree.conclusions[key];
  const articles = unique(steps.flatMap((s) => s.answer.articles || []).concat(conclusion.articles));
  const role = conclusion.role || null;
  const answers = steps.map((s) => ({ question: s.question, answer: s.answer.text }));
  const justification = [
    "Fundet med hjælpen til risikoniveauet efter AI-forordningen (beslutningstræ version " + tree.version + ").",
    steps.map((s) => sentence(tree.questions[s.question].text) + " Svar: " + sentence(s.answer.text)).join(" "),
    "Resultat: " + conclusionTitle(conclusion) + (role ? ", som " + role : "") + ". " + conclusion.text.trim(),
    "Forordning (EU) 2024/1689: " + articles.join("; ") + ".",
  ].join("\n\n");
  const decision = { tree_version: tree.version, conclusion: key };
  if (role) decision.role = role;
  decision.articles = articles;
  decision.answers = answers;
  return { risk_level: conclusion.risk_level, role, articles, justification, decision };
}

export function mountDecisionAid(container, options) {
  const { tree, onOutcome } = options;
  const level = Math.min(Math.max(options.headingLevel || 2, 1), 5);
  const uid = "ai-aid-" + ++mounted;
  let state = walk(tree, options.answers);
  let lastReported = null;
  // The answer last given to each question: going back shows it chosen, as a paper form would.
  const remembered = new Map(state.steps.map((s) => [s.question, s.answer.text]));

  const live = el("div", { className: "ai-visually-hidden", role: "status", "aria-live": "polite" });
  const back = el("button", { type: "button", className: "ai-aid__back", text: "Tilbage" });
  const restart = el("button", { type: "button", className: "ai-aid__restart", text: "Start forfra" });
  const bar = el("div", { className: "ai-aid__bar" }, [back, restart]);
  const view = el("div", { className: "ai-aid__view" });
  const root = el("div", { className: "ai-aid" }, [bar, view, live]);
  container.replaceChildren(root);

  back.addEventListener("click", () => go(state.steps.slice(0, -1)));
  restart.addEventListener("click", () => {
    remembered.clear();
    go([]);
  });

  function report(outcome) {
    if (outcome === lastReported) return;
    lastReported = outcome;
    if (typeof onOutcome === "function") onOutcome(outcome);
  }

  function go(steps, focus = true) {
    state = walk(tree, steps.map((s) => ({ question: s.question, answer: s.answer.text })));
    render(focus);
  }

  function articlesLine(articles) {
    return el("p", { className: "ai-aid__articles", text: "Forordningen: " + articles.join("; ") });
  }

  function renderQuestion() {
    const id = state.question;
    const question = tree.questions[id];
    const number = state.steps.length + 1;
    const headingId = uid + "-heading", hintId = uid + "-hint", errorId = uid + "-error";
    const heading = el("h" + level, { id: headingId, className: "ai-aid__heading", tabindex: "-1", text: question.text });
    const hint = el("div", { id: hintId, className: "ai-aid__hint" },
                    [el("p", { text: question.help }), articlesLine(question.articles)]);
    const error = el("p", { id: errorId, className: "ai-aid__error", hidden: true },
                     [el("span", { className: "ai-visually-hidden", text: "Fejl: " }), "Vælg et svar."]);
    const radios = el("div", { className: "ai-aid__radios" });
    question.answers.forEach((answer, index) => {
      const inputId = uid + "-" + id + "-" + index;
      radios.append(el("div", { className: "ai-aid__radio" }, [
        el("input", { type: "radio", id: inputId, name: uid + "-answer", value: String(index),
                      checked: remembered.get(id) === answer.text }),
        el("label", { for: inputId, text: answer.text }),
      ]));
    });
    const fieldset = el("fieldset", { className: "ai-aid__fieldset", "aria-describedby": hintId }, [
      el("legend", { className: "ai-aid__legend" }, [heading]), hint, error, radios]);
    const summaryLink = el("a", { href: "#" + uid + "-" + id + "-0", text: "Vælg et af svarene på spørgsmålet" });
    const summary = el("div", { className: "ai-aid__summary", tabindex: "-1", hidden: true }, [
      el("h" + level, { className: "ai-aid__summary-title", text: "Der mangler et svar" }),
      el("ul", {}, [el("li", {}, [summaryLink])])]);
    summaryLink.addEventListener("click", (event) => {
      event.preventDefault();
      radios.querySelector("input").focus();
    });
    const form = el("form", { className: "ai-aid__form", novalidate: true, "aria-labelledby": headingId }, [
      el("p", { className: "ai-aid__progress", text: "Spørgsmål " + number }),
      summary, fieldset,
      el("button", { type: "submit", className: "md-button md-button--primary ai-aid__continue", text: "Fortsæt" }),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const checked = radios.querySelector("input:checked");
      if (!checked) {
        summary.hidden = false;
        error.hidden = false;
        fieldset.classList.add("ai-aid__fieldset--error");
        fieldset.setAttribute("aria-describedby", hintId + " " + errorId);
        summary.focus();
        return;
      }
      const answer = question.answers[Number(checked.value)];
      remembered.set(id, answer.text);
      go(state.steps.concat([{ question: id, answer }]));
    });
    view.replaceChildren(form);
    return heading;
  }

  function renderResult() {
    const outcome = outcomeOf(tree, state.steps);
    const conclusion = tree.conclusions[state.conclusion];
    const sub = "h" + Math.min(level + 1, 6);
    const heading = el("h" + level, { className: "ai-aid__heading", tabindex: "-1",
                                      text: "Resultat: " + conclusionTitle(conclusion) });
    const facts = el("dl", { className: "ai-aid__facts" }, [
      el("dt", { text: "Risikoniveau" }), el("dd", { text: conclusion.risk_level }),
      el("dt", { text: "Rolle" }), el("dd", { text: outcome.role || "ingen særskilt rolle" }),
    ]);
    const articles = el("ul", { className: "ai-aid__article-list" }, outcome.articles.map((a) => el("li", { text: a })));
    const answers = el("dl", { className: "ai-aid__answers" });
    state.steps.forEach((step, index) => {
      const change = el("button", { type: "button", className: "ai-aid__change" },
                        ["Skift", el("span", { className: "ai-visually-hidden", text: " svaret på: " + tree.questions[step.question].text })]);
      change.addEventListener("click", () => go(state.steps.slice(0, index)));
      answers.append(el("div", { className: "ai-aid__answer" }, [
        el("dt", { text: tree.questions[step.question].text }),
        el("dd", { text: step.answer.text }),
        el("dd", { className: "ai-aid__answer-action" }, [change]),
      ]));
    });
    const parts = [heading, facts, el("p", { className: "ai-aid__conclusion", text: conclusion.text }),
                   el(sub, { text: "Resultatet bygger på" }), articles];
    if (conclusion.risk_level === "høj" && tree.public_deployer_duties) {
      const duties = tree.public_deployer_duties;
      parts.push(el(sub, { text: "Hvad forordningen kræver af en offentlig idriftsætter" }),
                 el("p", { text: duties.intro }),
                 el("ul", {}, duties.items.map((d) => el("li", { text: d.text + " (" + d.articles.join("; ") + ")" }))));
    }
    parts.push(el(sub, { text: "Dine svar" }), answers);
    view.replaceChildren(el("section", { className: "ai-aid__result", "aria-label": "Resultat" }, parts));
    live.textContent = "Resultat: " + conclusionTitle(conclusion) + (outcome.role ? ", " + outcome.role : "") + ".";
    report(outcome);
    return heading;
  }

  function render(focus) {
    bar.hidden = state.steps.length === 0;  // nothing to go back to on the first question
    let heading;
    if (state.question) {
      live.textContent = "";
      report(null);
      heading = renderQuestion();
    } else {
      heading = renderResult();
    }
    if (focus) heading.focus();
  }

  render(false);
  return {
    restart: () => {
      remembered.clear();
      go([]);
    },
    answers: () => state.steps.map((s) => ({ question: s.question, answer: s.answer.text })),
  };
}
