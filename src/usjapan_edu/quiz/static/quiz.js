// usjapan-edu quiz: the page side of ONE widget model per quiz (anywidget).
//
// Python writes the quiz's page (`quiz.html`, see _page.py) and shows it at once as the
// cell's first output (the "first paint", id `static_id`); this module brings that very page
// to life — keeping what the student typed meanwhile and doing a click made before — or, for
// another view of the same quiz, draws it from the same markup.
//
// State from Python (see frontend.py): `quiz` (questions WITHOUT answers), `responses`,
// `results` (per question: seq, status, feedback, attempts, hints, revealed, solution) and
// `summary`. The page sends {action: "check" | "hint" | "reveal", id, response}; Python
// grades, saves and answers by updating `results`. Nothing here reaches the network and
// nothing is evaluated: HTML from Python was rendered by the safe Markdown renderer, and
// every other text goes in through textContent.

const WAIT_MS = 10000; // no answer from Python after this long: say so
const VIEW = "usj-VIEW"; // the id prefix in quiz.html that each drawing replaces (_page.VIEW)

// Responses typed but not yet checked, per model, so a redrawn view keeps them.
const drafts = new WeakMap();
let nextView = 0;

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function plain(html) {
  const tmp = document.createElement("div");
  tmp.innerHTML = html || "";
  return tmp.textContent.replace(/\s+/g, " ").trim();
}

// The page's words in the quiz's language: `quiz.strings` maps the English text to it.
function translator(strings) {
  return (text, values = {}) =>
    (strings?.[text] ?? text).replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

// Nothing chosen or typed (an empty answer box, no option, every menu on "choose").
const blank = (value) =>
  value === null ||
  value === undefined ||
  value === "" ||
  (Array.isArray(value) && value.every((v) => v === null || v === "")) ||
  (typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => !v));

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// The page's markup comes from Python (_page.py), every text escaped there and prompts made
// safe by its Markdown renderer; everything this module writes goes in through textContent.

// ------------------------------------------------------------------ answers per type

function readResponse(q, box) {
  if (q.type === "single") {
    const hit = box.querySelector("input:checked");
    return hit ? hit.value : null;
  }
  if (q.type === "true_false") {
    const hit = box.querySelector("input:checked");
    return hit ? hit.value === "true" : null;
  }
  if (q.type === "multiple") {
    return Array.from(box.querySelectorAll("input:checked"), (i) => i.value);
  }
  if (q.type === "order") {
    return Array.from(box.querySelectorAll("select"), (s) => s.value || null);
  }
  if (q.type === "match") {
    const out = {};
    for (const s of box.querySelectorAll("select")) out[s.dataset.key] = s.value || null;
    return out;
  }
  return box.querySelector(".usj-text").value;
}

function writeResponse(q, box, value) {
  if (value === null || value === undefined) return;
  if (q.type === "single" || q.type === "multiple" || q.type === "true_false") {
    const picked =
      q.type === "multiple" ? new Set(Array.isArray(value) ? value : []) : new Set([String(value)]);
    for (const input of box.querySelectorAll("input")) input.checked = picked.has(input.value);
  } else if (q.type === "order") {
    box.querySelectorAll("select").forEach((s, i) => {
      s.value = (Array.isArray(value) && value[i]) || "";
    });
  } else if (q.type === "match") {
    for (const s of box.querySelectorAll("select")) s.value = (value && value[s.dataset.key]) || "";
  } else if (typeof value === "string") {
    box.querySelector(".usj-text").value = value;
  }
}

// ------------------------------------------------------------------ one question

// ------------------------------------------------------------------ one question

// One question on the page; its parts are looked up when first needed.
class QuestionView {
  constructor(q, set, tr) {
    this.q = q;
    this.set = set;
    this.tr = tr;
    this.shown = null;
    this.pending = null;
  }
  part(name, selector) {
    const key = `_${name}`;
    if (!this[key]) this[key] = this.set.querySelector(selector);
    return this[key];
  }
  get inputs() { return this.part("inputs", ".usj-inputs"); }
  get hint() { return this.part("hint", ".usj-hint-button"); }
  get feedback() { return this.part("feedback", ".usj-feedback"); }
  get verdict() { return this.part("verdict", ".usj-verdict"); }
  get announce() { return this.part("announce", ".usj-announce"); }
  get attempts() { return this.part("attempts", ".usj-attempts"); }
  get hints() { return this.part("hints", ".usj-hints"); }
  get solution() { return this.part("solution", ".usj-solution"); }
  box(name) {
    // .usj-hints and .usj-solution follow the live region, in that order
    const found = this[name];
    if (found) return found;
    const node = h("div", { class: `usj-${name}`, hidden: true });
    (name === "solution" ? this.hints || this.feedback : this.feedback).after(node);
    this[`_${name}`] = node;
    return node;
  }
}

function say(view, text) {
  // Re-announce even an identical message: empty the node, then fill it on the next frame.
  const node = view.announce;
  node.textContent = "";
  window.setTimeout(() => {
    node.textContent = text;
  }, 50);
}

function applyResult(view, r) {
  const { q, tr } = view;
  const old = view.shown;
  view.shown = r;
  if (!r) return;
  view.attempts.textContent = tr("Attempts: {n}", { n: r.attempts });
  view.feedback.className = `usj-feedback${r.status ? ` usj-${r.status}` : ""}`;
  const hintsBefore = old ? old.hints.length : 0;
  if (!old || old.feedback !== r.feedback) view.verdict.innerHTML = r.feedback;
  // hints: Python sends the ones revealed so far
  if ((!old || !same(old.hints, r.hints)) && (r.hints.length || view.hints)) {
    const box = view.box("hints");
    box.replaceChildren();
    r.hints.forEach((html, i) => {
      box.append(
        h(
          "div",
          { class: "usj-hint" },
          h("p", {}, h("strong", { text: tr("Hint {i} of {n}:", { i: i + 1, n: q.hints }) })),
          h("div", { html }),
        ),
      );
    });
    if (r.hints.length && r.hints.length >= q.hints) {
      box.append(h("p", {}, h("em", { text: tr("That was the last hint.") })));
    }
    box.hidden = r.hints.length === 0;
  }
  const allHints = r.hints.length >= q.hints;
  view.hint.setAttribute("aria-disabled", allHints ? "true" : "false");
  view.hint.title = allHints
    ? tr("All hints are shown")
    : tr("Show hint {i} of {n}", { i: r.hints.length + 1, n: q.hints });
  if ((!old || old.solution !== r.solution) && (r.solution || view.solution)) {
    const box = view.box("solution");
    box.innerHTML = r.solution ? `<div class="usj-explanation">${r.solution}</div>` : "";
    box.hidden = !r.solution;
  }
  // What the live region says about this event (besides a new verdict).
  if (!old) return;
  if (r.hints.length > hintsBefore) {
    const i = r.hints.length;
    say(view, `${tr("Hint {i} of {n}:", { i, n: q.hints })} ${plain(r.hints[i - 1])}`);
  } else if (r.revealed && !old.revealed) {
    say(view, `${tr("The answer is shown below.")} ${plain(r.solution)}`);
  } else if (view.pending === "hint" && allHints) {
    say(view, tr("That was the last hint."));
  } else if (old.feedback === r.feedback && old.seq !== r.seq) {
    say(view, plain(r.feedback)); // the same verdict again: say it again
  } else {
    view.announce.textContent = "";
  }
}

// ------------------------------------------------------------------ the quiz

// The first paint is the output just before this widget's, in the same cell. JupyterLab
// draws only the cells in view (a long notebook's other cells are detached from the page), so
// it is looked for in the tree this widget is in, not only in the document; when the widget
// is not yet placed in that tree, a few frames are waited for.
const treeOf = (node) => {
  let top = node;
  while (top.parentNode) top = top.parentNode;
  return top;
};

async function firstPaint(el, id) {
  if (!id) return null;
  for (let frame = 0; frame < 30; frame++) {
    const tree = treeOf(el);
    const found = tree.querySelector ? tree.querySelector(`[id="${id}"]`) : null;
    if (found || tree !== el) return found;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return null;
}

async function render({ model, el }) {
  const quiz = model.get("quiz");
  const tr = translator(quiz.strings);
  const total = quiz.questions.length;
  const viewId = `usj-${(nextView++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  if (!drafts.has(model)) drafts.set(model, new Map());
  const draft = drafts.get(model);

  guardKeys();
  // The first paint of this quiz, if it is on the page and not yet taken over.
  const first = await firstPaint(el, model.get("static_id"));
  const adopt = Boolean(first) && first.classList.contains("usj-static");
  let root = first;
  if (adopt) {
    root.classList.remove("usj-static");
    root.parentElement?.classList.add("usj-taken"); // its note stays behind, hidden
  } else {
    root = document.createElement("div");
    root.className = "usj-quiz";
    if (quiz.lang) root.lang = quiz.lang;
    root.innerHTML = quiz.html.replaceAll(VIEW, viewId);
  }
  root.classList.add("usj-live"); // usj-live: drawn by a live kernel

  const views = new Map();
  const responses = model.get("responses");
  const results = model.get("results");
  const sets = root.querySelectorAll(":scope > fieldset.usj-question");
  quiz.questions.forEach((q, i) => {
    const view = new QuestionView(q, sets[i], tr);
    views.set(q.id, view);
    // typed on the first paint before it was live: the student's, kept as a draft
    const typed = adopt ? readResponse(q, view.inputs) : null;
    if (adopt && !blank(typed)) draft.set(q.id, typed);
    const value = draft.has(q.id) ? draft.get(q.id) : responses[q.id];
    if (value !== null && value !== undefined) writeResponse(q, view.inputs, value);
    if (results[q.id]) applyResult(view, results[q.id]);
  });
  const summary = root.lastElementChild;
  summary.textContent = model.get("summary");

  const timers = new Set();
  const send = (view, action) => {
    const msg = { action, id: view.q.id };
    if (action === "check") msg.response = readResponse(view.q, view.inputs);
    view.pending = action;
    view.set.setAttribute("aria-busy", "true");
    const seq = view.shown ? view.shown.seq : -1;
    const timer = window.setTimeout(() => {
      timers.delete(timer);
      if ((view.shown ? view.shown.seq : -1) === seq && view.pending) {
        view.set.removeAttribute("aria-busy");
        say(
          view,
          tr(
            "No answer from Python yet. Is a cell still running? If the kernel was restarted, " +
              "run the quiz cell again.",
          ),
        );
      }
    }, WAIT_MS);
    timers.add(timer);
    model.send(msg);
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button || !root.contains(button)) return;
    const view = views.get(button.closest(".usj-question").dataset.qid);
    if (button.getAttribute("aria-disabled") === "true") {
      say(view, tr("That was the last hint."));
      return;
    }
    send(view, button.dataset.action);
  });
  const remember = (event) => {
    const set = event.target.closest(".usj-question");
    if (!set) return;
    const view = views.get(set.dataset.qid);
    draft.set(view.q.id, readResponse(view.q, view.inputs));
  };
  root.addEventListener("input", remember);
  root.addEventListener("change", remember);
  const onResults = () => {
    const all = model.get("results");
    for (const [qid, view] of views) {
      const r = all[qid];
      if (!r || (view.shown && view.shown.seq === r.seq && same(view.shown, r))) continue;
      applyResult(view, r);
      view.pending = null;
      view.set.removeAttribute("aria-busy");
    }
  };
  const onResponses = () => {
    const all = model.get("responses");
    for (const [qid, view] of views) {
      const value = all[qid];
      if (value === undefined) continue;
      // After a Check the draft has been saved: forget it. Never overwrite other typing.
      if (!draft.has(qid) || same(draft.get(qid), value)) {
        draft.delete(qid);
        if (!same(readResponse(view.q, view.inputs), value)) writeResponse(view.q, view.inputs, value);
      }
    }
  };
  const onSummary = () => {
    summary.textContent = model.get("summary");
  };
  model.on("change:results", onResults);
  model.on("change:responses", onResponses);
  model.on("change:summary", onSummary);
  el.replaceChildren(root); // the first paint moves here: its note, left behind, is hidden
  // a button pressed on the first paint before it was live is pressed now
  for (const button of root.querySelectorAll("button[data-clicked]")) {
    delete button.dataset.clicked;
    button.click();
  }

  return () => {
    for (const t of timers) window.clearTimeout(t);
    model.off("change:results", onResults);
    model.off("change:responses", onResponses);
    model.off("change:summary", onSummary);
  };
}

// Keys typed in a quiz belong to the quiz. JupyterLab and Notebook 7 read shortcuts on the
// document (Notebook 7 in the capture phase, before the page's own elements), so in command
// mode the arrow keys would move between cells instead of options, and a, b, d d would add or
// delete cells. One listener on the window, which sees a key first, stops such keys there;
// the browser still does what the key means (move between radio options, type, press).
// Shortcuts with Ctrl, Cmd or Alt (save, command palette …) still reach the application, and
// so do the two keys every notebook user relies on:
// - Escape leaves the quiz: the focus goes back to the notebook (command mode), as it does
//   from a cell's editor;
// - Shift+Enter in a one-line answer box checks the answer (as Enter does); anywhere else in
//   the quiz (an option, a button) it runs the cell and moves on, as in the rest of the notebook.
const KEYS = Symbol.for("usjapan-edu.quiz.keys");

function leaveQuiz(target) {
  target.blur();
  // JupyterLab's notebook (Notebook 7's too) takes the focus in command mode.
  const home = target.closest(".jp-Notebook");
  if (home) home.focus();
}

function guardKeys() {
  if (window[KEYS]) return;
  window[KEYS] = true;
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (!(target instanceof Element) || !target.closest(".usj-quiz")) return;
      if (event.key === "Escape") {
        leaveQuiz(target); // and let the application see it (command mode)
        return;
      }
      const checksOnEnter = target.dataset.enter === "check";
      if (event.key === "Enter" && event.shiftKey && !checksOnEnter) return; // run the cell
      event.stopPropagation();
      if (event.key === "Enter" && checksOnEnter) {
        event.preventDefault(); // Enter (or Shift+Enter) in a one-line answer box presses Check
        target.closest(".usj-question").querySelector("button.usj-check").click();
      }
    },
    true,
  );
}

export default { render };
