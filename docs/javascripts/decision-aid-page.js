// The page /risikoniveau/: mounts the decision aid (decision-aid.js) on the tree the page carries as
// JSON, and under a result shows the lines to paste into a record's ai_act (YAML) for those who edit
// the files directly. Nothing is sent anywhere.
import { mountDecisionAid } from "./decision-aid.js";

const data = document.getElementById("ai-decision-tree");
const mount = document.getElementById("ai-decision-aid");

// A YAML double-quoted scalar: JSON's string syntax is valid YAML, and the site's loader reads it as written.
const q = (text) => JSON.stringify(String(text));

function yamlOf(outcome) {
  const d = outcome.decision;
  const lines = [
    "ai_act:",
    "  risk_level: " + q(outcome.risk_level),
    "  justification: " + q(outcome.justification),
    "  decision:",
    "    tree_version: " + d.tree_version,
    "    conclusion: " + q(d.conclusion),
  ];
  if (d.role) lines.push("    role: " + q(d.role));
  lines.push("    articles:", ...d.articles.map((a) => "      - " + q(a)), "    answers:");
  for (const a of d.answers) lines.push("      - question: " + q(a.question), "        answer: " + q(a.answer));
  return lines.join("\n") + "\n";
}

if (data && mount) {
  const tree = JSON.parse(data.textContent);
  const record = document.createElement("details");
  record.className = "ai-aid-yaml";
  record.hidden = true;
  const summary = document.createElement("summary");
  summary.textContent = "Til registreringen: felterne under ai_act (YAML)";
  const help = document.createElement("p");
  help.textContent = "Sæt linjerne ind i registreringens fil i stedet for den nuværende ai_act, eller brug " +
    "risikoafsnittet i formularen til registreringer, som udfylder dem for dig.";
  const pre = document.createElement("pre");
  const code = document.createElement("code");
  pre.append(code);
  record.append(summary, help, pre);
  mount.after(record);
  mountDecisionAid(mount, {
    tree,
    onOutcome(outcome) {
      record.hidden = !outcome;
      code.textContent = outcome ? yamlOf(outcome) : "";
    },
  });
}
