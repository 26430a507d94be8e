// usjapan-edu hand-in form: name, id, one button. Python writes the file and says what it did;
// the page only sends {action: "hand-in", name, id}. One persistent live region announces it.
// The form's words come from Python in the course language (`strings`: English text -> words).

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

let nextForm = 0;

function render({ model, el }) {
  const strings = model.get("strings") || {};
  const tr = (text) => strings[text] ?? text;
  const base = `usj-handin-${(nextForm++).toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const name = h("input", { type: "text", id: `${base}-name`, autocomplete: "name", value: model.get("name") });
  const sid = h("input", { type: "text", id: `${base}-id`, value: model.get("student_id") });
  const button = h("button", { type: "button", class: "usj-check", text: tr("Write my hand-in file") });
  const status = h("p", { class: "usj-verdict", role: "status", "aria-live": "polite" });
  const feedback = h("div", { class: "usj-feedback" }, status);
  const root = h(
    "div",
    { class: "usj-quiz usj-handin usj-live", lang: model.get("lang") || "en" },
    h("h3", { class: "usj-title", text: tr("Hand in your work") }),
    h(
      "p",
      { class: "usj-instructions" },
      tr(
        "One file with all your answers, written in the folder of this notebook. Your name goes " +
          "into it; it is kept for next time.",
      ),
    ),
    h(
      "div",
      { class: "usj-inputs" },
      h("label", { for: name.id, text: tr("Your name (as your instructor knows it)") }),
      name,
      h("label", { for: sid.id, text: tr("Student ID (if your instructor uses one)") }),
      sid,
    ),
    h("div", { class: "usj-buttons" }, button),
    feedback,
  );
  const send = () => {
    root.setAttribute("aria-busy", "true");
    model.send({ action: "hand-in", name: name.value, id: sid.value });
  };
  button.addEventListener("click", send);
  for (const input of [name, sid]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        event.stopPropagation(); // Enter writes the file; it does not run the notebook cell
        send();
      } else if (event.key !== "Escape" && !(event.key === "Enter" && event.shiftKey)) {
        event.stopPropagation(); // typed letters are text, not notebook shortcuts
      }
    });
  }
  const show = () => {
    root.removeAttribute("aria-busy");
    const kind = model.get("status_kind");
    feedback.className = `usj-feedback${kind === "done" ? " usj-correct" : kind === "error" ? " usj-incorrect" : ""}`;
    status.textContent = "";
    // empty first, then fill: the same message twice is announced twice
    window.setTimeout(() => {
      status.textContent = model.get("status");
    }, 50);
    if (document.activeElement !== name) name.value = model.get("name");
    if (document.activeElement !== sid) sid.value = model.get("student_id");
  };
  model.on("change:seq", show);
  el.replaceChildren(root);
  return () => model.off("change:seq", show);
}

export default { render };
