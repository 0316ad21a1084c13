// The Danish messages of macros/messages.py (FIELD_MESSAGES, FORM_WORDS), filled in as Python's
// field_message fills them in: the field named by its label, never by its key.

export function labelForms(label) {
  const small = label.length > 1 && label[1] === label[1].toUpperCase() && label[1] !== label[1].toLowerCase()
    ? label : label.charAt(0).toLowerCase() + label.slice(1);
  return { felt: small, Felt: label.charAt(0).toUpperCase() + label.slice(1) };
}

export function fill(template, words) {
  return template.replace(/\{([^{}]+)\}/g, (m, k) => (k in words ? String(words[k]) : m));
}

export function makeMessages(table) {
  const examples = table.examples;
  return {
    field(kind, label, values) {
      const example = examples[kind.split("_")[0]] || examples.date;
      return fill(table.field[kind], Object.assign(labelForms(label), { eksempel: example }, values || {}));
    },
    word(kind, values) { return fill(table.words[kind], values || {}); },
  };
}
