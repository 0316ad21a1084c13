// Getting the file out of the browser: a download, GitHub's upload page for the registry folder
// (macros/render/record_form.py upload_url), and a mail to the editors. Nothing is sent by the
// form itself: each step is the contributor's own click.

export function downloadFile(text, name) {
  const blob = new Blob([text], { type: "text/yaml;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// mailto: with a subject and a body; the file itself is attached by the contributor.
export function mailtoUrl(address, subject, body) {
  return "mailto:" + encodeURIComponent(address).replace(/%40/g, "@") +
    "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
}

// The steps on GitHub, with the names GitHub's own buttons have (GitHub's interface is English).
// ["b", text] is a button's name, ["upload", text] the link to the upload page.
export function githubSteps(name, editing) {
  return [
    ["Klik ", ["b", "Hent fil"], ". Filen ", ["code", name], " lægges i din mappe med overførsler."],
    ["Klik ", ["upload", "Åbn GitHubs upload-side"], ", og log ind på GitHub, hvis du bliver bedt om det."],
    ["Træk filen ind på siden, eller klik ", ["b", "choose your files"], " og vælg den." +
      (editing ? " Filen har samme navn som registreringens fil, så den erstatter den." : "")],
    ["Skriv en kort beskrivelse i feltet under ", ["b", "Commit changes"], ", fx hvad du har rettet eller tilføjet."],
    ["Klik ", ["b", "Propose changes"], ". Har du selv skriveadgang, så vælg ",
      ["b", "Create a new branch for this commit and start a pull request"], " og klik ", ["b", "Propose changes"], "."],
    ["Klik ", ["b", "Create pull request"], " på den næste side. Redaktionen får dit forslag og ser det igennem, før det kommer på sitet."],
  ];
}
