"use strict";
// The attendee's phone: join with a name, then follow the session by itself.
// Whatever attendees typed is shown as text (textContent), never parsed as markup.
(() => {
const $ = (id) => document.getElementById(id);
const seg = decodeURIComponent(location.pathname.split("/")[1] || "");
const code = /^[A-Za-z0-9]{1,16}$/.test(seg) ? seg.toUpperCase() : "";
const base = "/api/" + code;
const OFFLINE = N_("Can't reach the session. Check that you're on the room's Wi-Fi.");
const KIND = {
  single_choice: N_("Poll"), multiple_choice: N_("Poll"), scale: N_("Rating"), word_cloud: N_("Word cloud"),
  ideas: N_("Ideas"), questions: N_("Questions"), quiz: N_("Quiz"),
};
const kind = (p) => t(KIND[p.kind]);

let S = null;           // the phones' state, as last received
let me = null;          // GET /me: the name, and this attendee's part in the poll shown
let joined = false, meSeq = 0, meLoading = false;
let es = null, errors = 0, timer = 0, checking = false, sig = "";
let hintTimer = null, hinting = false; // reconnecting: the Wi-Fi hint's timer, and whether it is due
let view = { key: null };
let editing = null;     // the poll whose answer is being changed
let changingStep = false; // the commitment made is being changed
let pending = null;     // {text, rid}: a post sent again keeps its request id
// The board's items known here (id -> item). Those the server sent as its top (`top`),
// pushed or paged, are shown, and this attendee's own posts and upvotes wherever they rank.
let board = new Map();
const deadlines = {};   // quiz poll id -> performance.now() when time is up

// -- helpers

const button = (sel, label, fn) => on(h("button" + sel, { type: "button" }, label), "click", fn);
const points = (n) => tn("{count} point", "{count} points", n);
const asList = (a) => a === null || a === undefined ? [] : Array.isArray(a) ? a : [a];
const fold = (s) => String(s).trim().toLowerCase();
const isBoard = (p) => p.kind === "ideas" || p.kind === "questions";
const newId = () => crypto.getRandomValues(new Uint32Array(3)).join("-"); // 96 random bits
// Sent with each Join of this page: a repeat is the same person.
const JOIN_KEY = newId();

const api = (path, body) => json(path, body, OFFLINE);
const answered = (r) => tn("{count} person answered.", "{count} people answered.", r.respondents);

// Send a form's request, its button disabled meanwhile; an error shows in the form,
// and marks inputs[field] when it names one. Returns the refusal, if any.
async function send(btn, err, path, body, done, inputs = {}) {
  if (btn.disabled) return null;
  const old = btn.textContent;
  btn.disabled = true;
  btn.textContent = t("Sending…");
  try {
    await done(await api(base + path, body));
    return null;
  } catch (x) {
    err.textContent = x.message;
    asList(inputs[x.field]).forEach((el, i) => { el.setAttribute("aria-invalid", true); i || el.focus(); });
    if (x.status === 401) showJoin();
    else if (x.status === 409 && path === "/answer") reloadMe();
    return x;
  } finally {
    if (btn.isConnected) {
      btn.disabled = false;
      btn.textContent = old;
      // A disabled button loses focus: give it back unless something else took it.
      if (document.activeElement === document.body) btn.focus();
    }
  }
}

// -- the card

// dir="auto": a prompt is the trainer's text, in its own direction whatever the page's.
const heading = (...kids) => h("h2", { id: "card-h", tabindex: "-1", dir: "auto" }, ...kids);
const head = (card, kicker, title) => card.append(kicker ? h("p.kicker", kicker) : "", heading(title));

// Draw a new view into the card, then move focus to its heading.
let redraw = () => {};
function show(key, build) {
  const card = $("card");
  redraw = () => { view.key = null; show(key, build); };
  const first = view.key === null;
  clear(card);
  view = Object.assign({ key }, build(card));
  if (view.update) view.update();
  if (view.tick) view.tick();
  if (!first && $("extra").contains(document.activeElement)) return; // typing a new name
  $("card-h").focus({ preventScroll: true });
  if (card.getBoundingClientRect().top < 0) card.scrollIntoView();
}

const mine = (p) => me && me.poll && me.poll.id === p.id ? me.poll : null;
const myAnswer = (p) => { const m = mine(p); return m && m.answer !== undefined ? m.answer : null; };
function setMine(id, values) {
  if (!me.poll || me.poll.id !== id) me.poll = { id };
  return Object.assign(me.poll, values);
}

function render() {
  if (!S) return;
  $("title").textContent = document.title = S.title;
  $("sub").textContent = t("Session code {code}", { code });
  if (!joined || !me) return;
  $("foot").hidden = false;
  meName.textContent = me.name;
  const p = S.poll;
  if (p && meLoading && !mine(p)) return; // this attendee's part comes first
  let key, build;
  if (S.ended) [key, build] = ["ended" + !!(me.commitment && !changingStep) + (S.ideas || []).length, buildEnded];
  else if (!p) [key, build] = ["wait", buildWaiting];
  else if (isBoard(p)) [key, build] = ["board" + p.id + p.open, buildBoard];
  else {
    const answered = myAnswer(p) !== null;
    if (p.open && (!answered || editing === p.id)) [key, build] = ["ask" + p.id + answered, buildAsk];
    else if (p.open) [key, build] = ["done" + p.id, buildDone];
    else if (p.revealed) [key, build] = ["results" + p.id, buildResults];
    else [key, build] = ["closed" + p.id, buildClosed];
  }
  if (key !== view.key) show(key, build);
  else if (view.update) view.update();
}

// -- joining, waiting, the end

let forms = 0;
function form(card, fields, submitLabel, onSubmit, extra) {
  const f = h("form", { novalidate: true });
  const err = h("p.error", { role: "alert", id: "e" + ++forms });
  const btn = h("button.btn.primary", { type: "submit" }, submitLabel);
  f.append(...fields, err, btn, extra || "");
  f.querySelectorAll("input,textarea").forEach((x) => x.setAttribute("aria-describedby", [x.getAttribute("aria-describedby"), err.id].join(" ")));
  on(f, "submit", (e) => {
    e.preventDefault();
    err.textContent = "";
    f.querySelectorAll("[aria-invalid]").forEach((x) => x.removeAttribute("aria-invalid"));
    (async () => onSubmit(btn, err))().catch((x) => { err.textContent = x.message; });
  });
  card.append(f);
  return { btn, err };
}

function field(id, label, hint, attrs) {
  const input = h("input", Object.assign({ type: "text", id, "aria-describedby": hint ? id + "-hint" : null }, attrs));
  return [h("label", { for: id }, label), input, hint ? h("p.hint", { id: id + "-hint" }, hint) : ""];
}

// title: a message, said in the language of the moment.
function showCodeForm(title, problem) {
  stop();
  reconnected();
  $("sub").textContent = "";
  show("code" + title, (card) => {
    $("title").textContent = document.title = t("Join the session");
    head(card, null, t(title));
    if (problem) card.append(h("p", problem));
    const f = field("code", t("Session code"), t("Letters and numbers, as shown on the big screen."),
      { class: "code-input", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: 16, enterkeyhint: "go" });
    if (problem) f[1].value = code;
    form(card, f, t("Go"), (btn) => {
      const v = f[1].value.replace(/[^0-9a-z]/gi, "").toUpperCase();
      if (!v) { f[1].focus(); throw new Error(t("Type the code first.")); }
      btn.disabled = true;
      location.assign("/" + v);
    });
  });
}

function showJoin() {
  stop();
  reconnected();
  joined = false;
  $("foot").hidden = true;
  clear($("extra"));
  if (S && S.ended) return show("out", buildEnded);
  show("join", (card) => {
    head(card, t("Welcome"), t("What's your name?"));
    nameForm(card, "name", t("This name is printed on your certificate, so write it as you'd like it to appear."), t("Join"), "/join", async (r) => {
      await loadMe();
      if (!joined) throw new Error(t("Please allow cookies for this page, then try again."));
      sig = sigOf(S);
      say(t("Welcome, {name}!", { name: r.name }), "ok");
      connect();
      render();
    }, null, { join_key: JOIN_KEY });
  });
}

// The name to print: to join, or to change it.
function nameForm(card, id, hint, label, path, done, extra, sent) {
  const f = field(id, t("Your name"), hint,
    { maxlength: 80, autocomplete: "name", autocapitalize: "words", enterkeyhint: "go", dir: "auto" });
  form(card, f, label, (btn, err) => send(btn, err, path, { name: f[1].value, ...sent }, done, { name: f[1] }), extra);
  return f[1];
}

function buildWaiting(card) {
  const name = h("bdi"), now = h("strong", { dir: "auto" }), count = h("p.muted");
  card.append(heading(...parts(t("You're in, {name}."), { name })), h("p", t("Waiting for the next question…")),
    h("p.muted", ...parts(t("On screen now: {title}"), { title: now })), count);
  return {
    update() {
      name.textContent = me.name;
      now.textContent = S.slide.title || t("slide {n}", { n: S.slide.index + 1 });
      count.textContent = t("Slide {n} of {count}", { n: S.slide.index + 1, count: S.slide.count }) + " · "
        + tn("{count} person has joined", "{count} people have joined", S.attendees);
    },
  };
}

function buildEnded(card) {
  head(card, null, t("Thanks for taking part"));
  card.append(h("p", t("The session has ended.")));
  if (!joined) return {};
  const name = h("strong", { dir: "auto" }), err = h("p.error", { role: "alert" });
  const c = me.commitment;
  if (c && !changingStep) {
    card.append(h("h3", t("Your next step")), h("p.step", h("span", { dir: "auto" }, c.action)),
      h("p.muted", ...parts(t("By {when}"), { when: h("bdi", c.due) })),
      button(".btn", t("Change my next step"), () => { changingStep = true; render(); }));
  } else nextStep(card, c);
  card.append(h("h3", t("Take these with you")), download(t("Download the handout (PDF)"), "handout", err, ".primary"),
    download(t("Your certificate (PDF)"), "certificate", err), err,
    h("p.muted", ...parts(t("Your certificate shows your name as {name}. If it is not right, change it below first."), { name })));
  return { update() { name.textContent = me.name; } };
}

// One commitment: one of the room's top ideas, or the attendee's own words; and when.
function nextStep(card, c) {
  card.append(h("h3", t("Your next step")), h("p", t("What will you do next week, and by when? It opens your handout.")));
  const ideas = S.ideas || [];
  const picks = ideas.map((i) => {
    const input = h("input", { type: "radio", name: "idea", value: i.id });
    input.checked = !!c && c.idea === i.id;
    return input;
  });
  const own = field("action", t("Or in your own words"), t("One thing you will do, up to {count} characters.", { count: 200 }),
    { maxlength: 200, dir: "auto", enterkeyhint: "next" });
  if (c && c.idea === null) own[1].value = c.action;
  const due = field("due", t("By when"), t("For example: Friday, or 12 December."), { maxlength: 40, dir: "auto", enterkeyhint: "send" });
  if (c) due[1].value = c.due;
  const fs = ideas.length ? h("fieldset", h("legend", t("Pick one of the room's ideas")),
    picks.map((input, n) => h("label.opt", input, h("span", { dir: "auto" }, ideas[n].text)))) : "";
  if (fs) on(fs, "change", () => { own[1].value = ""; });
  on(own[1], "input", () => { if (own[1].value) picks.forEach((x) => { x.checked = false; }); });
  form(card, [fs, ...own, ...due], t("Save my next step"), (btn, err) => {
    const typed = own[1].value.trim(), pick = picks.find((x) => x.checked);
    const body = typed || !pick ? { action: own[1].value } : { idea: Number(pick.value) };
    return send(btn, err, "/commitment", { ...body, due: due[1].value }, (r) => {
      me.commitment = r;
      changingStep = false;
      say(t("Saved: your handout opens with it."), "ok");
      render();
    }, { action: [own[1], ...picks], idea: picks, due: due[1] });
  });
}

// Fetched, not followed, so a refusal shows here.
function download(label, what, err, cls) {
  const a = h("a.btn" + (cls || ""), { href: base + "/" + what + ".pdf", download: what + ".pdf" }, label);
  return on(a, "click", async (e) => {
    e.preventDefault();
    if (a.hasAttribute("aria-busy")) return;
    a.setAttribute("aria-busy", "true");
    a.textContent = t("Preparing…");
    err.textContent = "";
    try {
      const res = await call(a.href, {}, OFFLINE);
      const m = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get("Content-Disposition"));
      const save = h("a", { href: URL.createObjectURL(await res.blob()), download: m ? decodeURIComponent(m[1]) : what + ".pdf" });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(save.href), 60000);
    } catch (x) {
      err.textContent = x.message;
      if (x.status === 401) showJoin();
    }
    a.removeAttribute("aria-busy");
    a.textContent = label;
  });
}

// -- answering

const kicker = (p) => p.kind === "quiz" ? t("Quiz · up to {points}", { points: points(p.points) }) : kind(p);

// How many have answered, and the results once shown.
function progress(card) {
  const count = h("p.muted"), results = h("div");
  card.append(count, results);
  return () => {
    count.textContent = tn("{answered} of {count} person answered", "{answered} of {count} people answered", S.attendees, { answered: S.poll.responses });
    fillResults(results, S.poll);
  };
}

function clock(p) {
  if (p.kind !== "quiz" || !p.open || !p.time_limit || !(p.id in deadlines)) return null;
  const txt = h("span"), fill = h("i");
  const el = h("div.timer", txt, h("div.track", { "aria-hidden": "true" }, fill));
  el.left = () => {
    const left = Math.max(0, (deadlines[p.id] - performance.now()) / 1000);
    txt.textContent = left > 0 ? tn("{count} s left", "{count} s left", Math.ceil(left)) : t("Time's up");
    fill.style.setProperty("width", Math.min(100, 100 * left / p.time_limit) + "%");
    el.classList.toggle("low", left <= 5);
    return left;
  };
  return el;
}

function options(p, multi, chosen, legend, max) {
  const inputs = p.options.map((label, i) => {
    const input = h("input", { type: multi ? "checkbox" : "radio", name: "opt", value: i });
    input.checked = chosen.includes(i);
    return input;
  });
  const fs = h("fieldset", h("legend", legend),
    inputs.map((input, i) => h("label.opt", input, h("span", { dir: "auto" }, p.options[i]))));
  const limit = () => {
    const n = inputs.filter((x) => x.checked).length;
    inputs.forEach((x) => { x.disabled = !x.checked && n >= max; });
  };
  if (multi && max < inputs.length) { on(fs, "change", limit); limit(); }
  fs.value = () => inputs.filter((x) => x.checked).map((x) => Number(x.value));
  return fs;
}

function rating(p, name, statement, value) {
  const arrows = W.dir === "rtl" ? ["→", "←"] : ["←", "→"]; // from the line's start to its end
  const segs = h("div.segs");
  for (let v = p.min; v <= p.max; v++) {
    const input = h("input", { type: "radio", name, value: v });
    input.checked = v === value;
    const end = v === p.min ? p.min_label : v === p.max ? p.max_label : "";
    segs.append(h("label.seg", input, h("span", fmt(v)), end ? h("small.sr-only", ` (${end})`) : ""));
  }
  const fs = h("fieldset.scale",
    statement ? h("legend.statement", { dir: "auto" }, statement) : h("legend.sr-only", t("Your rating from {min} to {max}", { min: p.min, max: p.max })),
    segs, h("p.ends", { "aria-hidden": "true" }, h("span", arrows[0] + " " + p.min_label), h("span", p.max_label + " " + arrows[1])));
  fs.value = () => { const c = fs.querySelector("input:checked"); return c ? Number(c.value) : null; };
  return fs;
}

function words(p, prev, f) {
  const inputs = [];
  for (let i = 0; i < p.max_entries; i++) {
    const input = h("input", { type: "text", id: "word" + i, maxlength: p.max_length, autocomplete: "off", enterkeyhint: "send", dir: "auto" });
    input.value = asList(prev)[i] || "";
    inputs.push(input);
    f.push(h("label", { for: "word" + i }, (i ? t("Another one (optional)") : p.max_entries > 1 ? t("A word or short phrase") : t("Your word"))), input);
  }
  f.push(h("p.hint", tn("At most {count} character each.", "At most {count} characters each.", p.max_length)));
  return () => inputs.map((x) => x.value.trim()).filter(Boolean);
}

function buildAsk(card) {
  const p = S.poll, prev = myAnswer(p), quiz = p.kind === "quiz";
  head(card, kicker(p), p.prompt);
  const timerEl = clock(p);
  if (timerEl) card.append(timerEl);
  const f = [];
  let collect, choices = null;
  if (p.options) {
    const multi = p.kind === "multiple_choice" || quiz && p.multiple;
    const max = p.kind === "multiple_choice" ? p.max_choices : multi ? p.options.length : 1;
    const legend = quiz ? (multi ? t("Select all that apply") : t("Choose one answer"))
      : !multi ? t("Choose one") : max >= p.options.length ? t("Choose all that apply") : tn("Choose up to {count}", "Choose up to {count}", max);
    const fs = choices = options(p, multi, asList(prev), legend, max);
    f.push(fs);
    collect = () => {
      const picked = fs.value();
      if (!picked.length) throw new Error((multi ? t("Choose at least one option.") : t("Choose an option first.")));
      return p.kind === "single_choice" ? picked[0] : picked;
    };
  } else if (p.kind === "scale") {
    const many = p.statements.length > 0;
    const rows = (many ? p.statements : [null]).map((st, i) => rating(p, "r" + i, st, many ? asList(prev)[i] : prev));
    f.push(...rows);
    collect = () => {
      const values = rows.map((r) => r.value());
      const missing = values.filter((v) => v === null).length;
      if (missing) {
        rows[values.indexOf(null)].querySelector("input").focus();
        throw new Error(many ? tn("Rate every statement: {count} is still to go.", "Rate every statement: {count} are still to go.", missing)
          : t("Choose a rating first."));
      }
      return many ? values : values[0];
    };
  } else {
    collect = words(p, prev, f);
  }
  if (quiz) f.push(h("p.note", t("You can't change a quiz answer, so check it before you send it.")));
  const keep = prev === null ? "" : button(".btn", t("Keep my answer"), () => { editing = null; render(); });
  let locked = false;
  // No more answers: the options and the button stay, greyed, and say why.
  const lock = (why) => {
    if (choices) choices.disabled = true;
    btn.disabled = true;
    if (!locked && !err.textContent) err.textContent = why;
    locked = true;
  };
  const { btn, err } = form(card, f, (quiz ? t("Lock in my answer") : prev === null ? t("Send my answer") : t("Save my new answer")), async (btn, err) => {
    const answer = collect();
    if (locked) return;
    const refused = await send(btn, err, "/answer", { poll: p.id, answer }, (r) => {
      setMine(p.id, { answer: r.answer });
      editing = null;
      say((quiz ? t("Answer locked in") : t("Answer received")), "ok");
      render();
    }, { answer: f.filter((x) => x.matches("input")) });
    // A quiz refused (time up by the server's clock, closed, answered): answer no more.
    if (refused && refused.status === 409 && quiz && btn.isConnected) {
      if (p.id in deadlines) deadlines[p.id] = Math.min(deadlines[p.id], performance.now());
      lock(refused.message);
    }
  }, keep);
  return {
    update: progress(card),
    tick: timerEl && (() => { if (timerEl.left() <= 0) lock(t("Time's up for this question.")); }),
  };
}

function yourAnswer(card, p) {
  const a = myAnswer(p);
  if (a === null) return card.append(h("p", (quiz(p) ? t("You didn't answer this one in time.") : t("You didn't answer this one."))));
  const text = p.kind === "scale" ? t("{ratings} out of {max}", { ratings: asList(a).map(fmt).join(" · "), max: p.max })
    : asList(a).map((i) => p.kind === "word_cloud" ? i : p.options[i]).join(t(", "));
  const strong = h("strong", h("bdi", text));
  card.append(h("p", ...parts((Array.isArray(a) && p.kind === "scale" ? t("Your ratings, in order: {answer}") : t("Your answer: {answer}")), { answer: strong })));
}
const quiz = (p) => p.kind === "quiz";

function buildDone(card) {
  const p = S.poll;
  card.append(h("p.big-ok", { "aria-hidden": "true" }, "✓"));
  head(card, null, (quiz(p) ? t("Answer locked in") : t("Answer received")));
  card.append(h("p.muted", { dir: "auto" }, p.prompt));
  yourAnswer(card, p);
  const timerEl = clock(p);
  if (timerEl) card.append(timerEl);
  card.append(quiz(p) ? h("p", t("The results come when the trainer shows them."))
    : button(".btn", t("Change my answer"), () => { editing = p.id; render(); }));
  return {
    update: progress(card),
    tick: timerEl && (() => timerEl.left()),
  };
}

function buildClosed(card) {
  const p = S.poll;
  head(card, kind(p), t("Voting is closed. Results soon."));
  card.append(h("p.muted", { dir: "auto" }, p.prompt));
  yourAnswer(card, p);
}

function buildResults(card) {
  head(card, t("Results · {kind}", { kind: kind(S.poll) }), S.poll.prompt);
  const results = h("div");
  card.append(results);
  return { update() { fillResults(results, S.poll); } };
}

// -- results: real text, with bars only as decoration

function fillResults(box, p) {
  clear(box);
  if (!p || !p.revealed || !p.results) return;
  const r = p.results, a = myAnswer(p);
  if (p.open) box.append(h("h3", t("Results so far")));
  if (p.kind === "scale") return scaleResults(box, p, r, a);
  if (p.kind === "word_cloud") return cloudResults(box, r, a);
  const picked = asList(a);
  if (quiz(p)) {
    const m = mine(p), pts = points(m && m.score || 0);
    const right = r.options.every((o, i) => o.correct === picked.includes(i));
    box.append(h("p.score", a === null ? t("You didn't answer this one.")
      : (right ? t("✓ Right! You scored {points}.", { points: pts }) : t("Not this time: {points}.", { points: pts }))),
    h("p.muted", tn("{right} of {count} person got it right.", "{right} of {count} people got it right.", r.respondents, { right: r.correct_count })));
  } else {
    box.append(h("p.muted", answered(r) + (p.kind === "multiple_choice" ? " " + t("Each could choose more than one.") : "")));
  }
  box.append(h("ul.results", r.options.map((o, i) => row(o.label,
    [quiz(p) && o.correct && tag(t("✓ correct"), true), picked.includes(i) && tag((quiz(p) ? t("your answer") : t("your choice")))].filter(Boolean),
    votes(o.count, o.percent), o.percent, quiz(p) && o.correct ? "right" : null))));
  if (quiz(p) && r.explanation) box.append(h("p.note", { dir: "auto" }, r.explanation));
  if (quiz(p)) leaderboard(box, r.leaderboard || [], mine(p) && mine(p).standing);
}

// The top scores, and this attendee's own line wherever they stand: below the top, or
// with 0 points for a quiz they did not answer.
function leaderboard(box, top, standing) {
  const isYou = (e) => standing && e.rank === standing.rank && e.name === me.name;
  const line = (e, cls) => h("li", { class: cls }, h("span.rank", String(e.rank)),
    h("span.entry", h("span.who", h("bdi", e.name), cls ? " " + t("(you)") : ""), h("span.pts", points(e.points))));
  const lines = top.map((e) => line(e, isYou(e) ? "you" : null));
  if (standing && !top.some(isYou)) lines.push(line({ rank: standing.rank, name: me.name, points: standing.points }, "you below"));
  if (lines.length) box.append(h("h3", t("Leaderboard")), h("ol.lb", lines));
}

function scaleResults(box, p, r, a) {
  if (r.average === null) return box.append(h("p", t("No ratings yet.")));
  const range = tn("{count} person answered, from {min} ({min_label}) to {max} ({max_label}).",
    "{count} people answered, from {min} ({min_label}) to {max} ({max_label}).", r.respondents,
    { min: p.min, min_label: p.min_label, max: p.max, max_label: p.max_label });
  if (!p.statements.length) {
    box.append(h("p.score", t("Average {average} out of {max}", { average: num(r.average), max: p.max })), h("p.muted", range));
    const one = r.rows[0];
    return box.append(h("ul.results", one.distribution.slice().reverse().map((d) => {
      const share = one.count ? 100 * d.count / one.count : 0;
      const end = d.rating === p.max ? " · " + p.max_label : d.rating === p.min ? " · " + p.min_label : "";
      return row(fmt(d.rating) + end, a === d.rating ? [tag(t("your rating"))] : [], votes(d.count, share), share);
    })));
  }
  // As on the projector: the lowest averages first (the gaps to talk about), the two
  // lowest marked; one average over different statements would mean nothing.
  const mineList = asList(a), marked = r.rows.length > 2 ? 2 : 0;
  const order = r.rows.map((x, i) => [x, i])
    .sort(([x], [y]) => (x.average === null) - (y.average === null) || (x.average || 0) - (y.average || 0));
  box.append(h("p.muted", range + " " + t("Lowest average first.")));
  box.append(h("ul.results", order.map(([x, i], k) => {
    const tags = [k < marked && x.average !== null && tag(t("among the lowest")),
      mineList[i] !== undefined && tag(t("your rating: {rating}", { rating: mineList[i] }))].filter(Boolean);
    const li = row(x.statement, tags,
      x.average === null ? t("no ratings") : t("average {average}", { average: num(x.average) }),
      x.average === null ? 0 : 100 * (x.average - p.min) / (p.max - p.min));
    li.append(h("p.dist", t("Votes for {min} to {max}: {counts}", { min: p.min, max: p.max, counts: x.distribution.map((d) => fmt(d.count)).join(" · ") })));
    return li;
  })));
}

function cloudResults(box, r, a) {
  box.append(h("p.muted", answered(r)));
  if (!r.words.length) return box.append(h("p", t("No words yet.")));
  const top = r.words[0].count, my = asList(a).map(fold);
  box.append(h("ul.cloud", r.words.map((w) => {
    const yours = my.includes(fold(w.text));
    const li = h("li", h(yours ? "span.mine" : "span", { dir: "auto" }, w.text), h("small", t("({count})", { count: w.count })), yours ? h("span.sr-only", t(", yours")) : "");
    li.style.setProperty("font-size", 1 + (w.count - 1) / Math.max(1, top - 1) + "em"); // bigger when said more often
    return li;
  })));
  if (my.length) box.append(h("p.hint", t("Your words are underlined.")));
}

// -- boards: ideas and questions

function buildBoard(card) {
  const p = S.poll, ideas = p.kind === "ideas";
  head(card, kind(p), p.prompt);
  if (p.open) {
    const ta = h("textarea", { id: "post", maxlength: p.max_length, rows: 3, dir: "auto", "aria-describedby": "post-count" });
    const counter = h("p.counter", { id: "post-count" });
    const count = () => { counter.textContent = t("{used} / {max}", { used: Array.from(ta.value).length, max: p.max_length }); };
    on(ta, "input", count);
    count();
    form(card, [h("label", { for: "post" }, (ideas ? t("Your idea") : t("Your question"))), ta, counter],
      (ideas ? t("Post my idea") : t("Send my question")), (btn, err) => {
        const text = ta.value.trim();
        const rid = pending && pending.text === text ? pending.rid : newId();
        pending = { text, rid };
        send(btn, err, "/post", { poll: p.id, text, request_id: rid }, (r) => {
          pending = null;
          const m = mine(p) || setMine(p.id, { upvoted: [] });
          m.posts = (m.posts || []).filter((id) => id !== r.id).concat(r.id);
          if (S.poll && S.poll.id === p.id && !board.has(r.id)) known([{ id: r.id, text: r.text, upvotes: 0, answered: false }]);
          ta.value = "";
          count();
          ta.focus();  // ready for the next one; the status says it was posted
          say((ideas ? t("Idea posted ✓") : t("Question sent ✓")), "ok");
          if (view.update) view.update();
        }, { text: ta });
      });
  } else {
    card.append(h("p.note", t("This board is closed.")));
  }
  const sub = h("h3"), list = h("ul.items"), more = button(".btn", "", () => showMore(more));
  card.append(sub, p.open ? h("p.hint", t("Tap ▲ on the ones you agree with. Tap again to take it back.")) : "", list, more);
  return {
    update() {
      sub.textContent = (ideas ? t("Ideas ({count})", { count: S.poll.count }) : t("Questions ({count})", { count: S.poll.count }));
      const left = S.poll.count - fillItems(list, S.poll);
      more.hidden = left < 1;
      more.textContent = t("Show more ({count})", { count: left });
    },
  };
}

const ranked = () => [...board.values()].sort((a, b) => b.upvotes - a.upvotes || a.id - b.id);
// Items new to the phones' top come whole, the others as numbers (of no use if unknown here).
const known = (items, top) => items.forEach((it) => {
  const old = board.get(it.id);
  if (old || it.text) board.set(it.id, Object.assign(old || {}, it, top && it.text ? { top } : {}));
});

async function showMore(btn) {
  btn.disabled = true;
  const last = ranked().filter((it) => it.top).pop();
  try {
    const r = await api(`${base}/items?poll=${S.poll.id}` + (last ? "&after=" + last.id : ""));
    if (S.poll.id === r.poll) known(r.items, true);
  } catch (x) {
    say(x.message, "bad");
  }
  btn.disabled = false;
  view.update();
}

// The items to show, in board order; returns how many of them the board counts (not hidden).
function fillItems(list, p) {
  const m = mine(p) || {}, posts = m.posts || [], upvoted = m.upvoted || [];
  const hidden = p.hidden || [];
  const active = document.activeElement;
  const keep = list.contains(active) ? active.getAttribute("data-item") : null;
  const items = ranked().filter((it) => posts.includes(it.id)
    || !hidden.includes(it.id) && (it.top || upvoted.includes(it.id)));
  clear(list);
  if (!items.length) {
    list.append(h("li.item.empty", (p.open ? t("Nothing yet. Be the first!") : t("Nothing was posted."))));
    return 0;
  }
  for (const it of items) {
    const own = posts.includes(it.id), off = hidden.includes(it.id);
    if (off) {  // its author's alone: no votes to show, only what happened to it
      list.append(h("li.item.hidden-by-trainer", h("div.txt", h("p", { dir: "auto" }, it.text),
        h("div", tag(t("yours")), tag(t("hidden by the trainer"))), h("p.hint", t("Only you can see it now.")))));
      continue;
    }
    const tags = [own && tag(t("yours")), it.answered && tag(t("answered"), true)].filter(Boolean);
    const arrow = h("span", { "aria-hidden": "true" }, "▲ ");
    let vote;
    if (own || !p.open) {
      vote = h("span.vote", arrow, fmt(it.upvotes), h("span.sr-only", " " + t("upvotes")));
    } else {
      const pressed = upvoted.includes(it.id);
      vote = button(".vote", [h("span.sr-only", t("Upvote, now") + " "), arrow, fmt(it.upvotes)], () => upvote(vote, it, !pressed));
      vote.setAttribute("aria-pressed", pressed);
      vote.setAttribute("data-item", it.id);
    }
    list.append(h("li.item", h("div.txt", h("p", { dir: "auto" }, it.text), tags.length ? h("div", tags) : ""), vote));
    if (keep === String(it.id)) vote.focus({ preventScroll: true });
  }
  return items.filter((it) => !hidden.includes(it.id)).length;
}

async function upvote(btn, item, turnOn) {
  if (btn.disabled) return;
  btn.disabled = true;
  try {
    const r = await api(base + "/upvote", { item: item.id, on: turnOn });
    const m = mine(S.poll);
    if (m) m.upvoted = (m.upvoted || []).filter((id) => id !== r.id).concat(r.on ? [r.id] : []);
    known([{ id: r.id, upvotes: r.upvotes }]);
    say((r.on ? t("Upvoted") : t("Upvote taken back")), "ok");
  } catch (x) {
    say(x.message, "bad");
    if (x.status === 401) return showJoin();
  }
  btn.disabled = false;
  if (view.update) view.update();
}

// -- changing one's name

function openRename() {
  const box = $("extra");
  if (box.firstChild) return $("rename").focus();
  const card = h("section.card", { "aria-labelledby": "rename-h" }, h("h2", { id: "rename-h" }, t("Change your name")));
  const close = () => { clear(box); $("rename-open").focus(); };
  const input = nameForm(card, "rename", t("This name is printed on your certificate."), t("Save my name"), "/name", (r) => {
    me.name = r.name;
    say(t("Name saved: {name}", { name: r.name }), "ok");
    render();
    close();
  }, button(".btn", t("Cancel"), close));
  input.value = me.name;
  box.append(card);
  input.focus();
}

// -- following the session

const sigOf = (st) => {
  const p = st && st.poll;
  return (st && st.ended) + ":" + (p ? [p.id, p.open, p.revealed].join() : "-");
};

function noteDeadline(st) {
  const p = st.poll;
  if (p && p.open && typeof p.time_left === "number") {
    // A stream may replay an older message.
    deadlines[p.id] = Math.min(deadlines[p.id] || Infinity, performance.now() + p.time_left * 1000);
  }
}

async function loadMe() {
  const seq = ++meSeq;
  meLoading = true;
  try {
    const m = await api(base + "/me");
    if (seq !== meSeq) return;
    joined = m.name !== null;  // not joined yet: {"name": null}
    me = joined ? m : null;
    if (S && S.poll && mine(S.poll)) known(m.poll.items || []);
    if (editing !== null && !(m.poll && m.poll.id === editing)) editing = null;
  } catch (x) {
    if (seq === meSeq && x.status === 401) { joined = false; me = null; }
  } finally {
    if (seq === meSeq) meLoading = false;
  }
}

const reloadMe = () => loadMe().then(() => joined ? render() : showJoin());

// A full state: the board starts again from its top items, and this attendee's own
// posts and upvotes (those sent since /me as well).
function fresh(st) {
  const p = st.poll, m = p && mine(p), had = board;
  board = new Map();
  if (p && p.items) {
    known((m || {}).items || []);
    if (m) known([...(m.posts || []), ...(m.upvoted || [])].filter((id) => had.has(id)).map((id) => ({ ...had.get(id), top: false })));
    known(p.items, true);
  }
  return st;
}

// A full state, or what changed since version `base`; not this one? A new stream.
function onMessage(m) {
  if (m.base === undefined) return onState(fresh(m));
  if (!S || m.base !== S.v) return connect();
  const st = Object.assign({}, S, m);
  if (m.poll) {
    st.poll = Object.assign({}, S.poll, m.poll);
    known(m.poll.items || [], true);
  }
  onState(st);
}

// This attendee's posts that the trainer has hidden on the board shown.
const hiddenOwn = (st) => {
  const p = st && st.poll, m = p && mine(p);
  return m && p.hidden ? (m.posts || []).filter((id) => p.hidden.includes(id)) : [];
};

function onState(st) {
  if (S && (S.poll && S.poll.id) !== (st.poll && st.poll.id)) say(""); // an old "Answer received"
  else if (hiddenOwn(st).some((id) => !hiddenOwn(S).includes(id))) say(t("The trainer hid one of your posts. Only you can see it now."));
  S = st;
  noteDeadline(st);
  if (sigOf(st) !== sig) {
    sig = sigOf(st);
    reloadMe();
  }
  render();
}

function stop() {
  clearTimeout(timer);
  if (es) { es.close(); es = null; }
}

// Reconnecting for long: the phone may have left the room's Wi-Fi (or never joined it).
const HINT_AFTER_MS = 10000;
function reconnecting() {
  if (hintTimer === null) hintTimer = setTimeout(() => { hinting = true; reconnecting(); }, HINT_AFTER_MS);
  say(hinting ? t("Still reconnecting… Check that this phone is on the room's Wi-Fi (the same network as the trainer's laptop).")
    : t("Reconnecting…"), null, true);
}
function reconnected() {
  clearTimeout(hintTimer);
  hintTimer = null;
  hinting = false;
}

function connect() {
  stop();
  const source = es = new EventSource(base + "/events");
  on(source, "open", () => {
    if (!errors) return;
    errors = 0;
    reconnected();
    say(t("Connected again"), "ok");
    reloadMe();
  });
  on(source, "message", (e) => {
    let st;
    try { st = JSON.parse(e.data); } catch (x) { return; }
    onMessage(st);
  });
  on(source, "error", () => {
    if (source !== es) return;
    errors++;
    reconnecting();
    if (source.readyState === EventSource.CLOSED || errors >= 3) check();
  });
}

// The stream keeps failing: still joined? Then try again, calmly.
async function check() {
  if (checking) return;
  checking = true;
  let wait = 3000;
  try {
    if ((await api(base + "/me")).name === null) return showJoin();
  } catch (x) {
    if (x.status === 404) return showCodeForm(N_("No session with this code"), x.message);
    wait = 5000;
  } finally {
    checking = false;
  }
  if (!es || es.readyState === EventSource.CLOSED) timer = setTimeout(connect, wait);
}

async function boot() {
  try {
    S = fresh(await api(base + "/state"));
    say("");
  } catch (x) {
    if (x.status === 404) showCodeForm(N_("No session with this code"), t("Check the code on the big screen and type it again."));
    else if (x.status === 429) showCodeForm(N_("Please wait a moment"), x.message);
    else { say(x.message + " " + t("Trying again…"), "bad", true); timer = setTimeout(boot, 5000); }
    return;
  }
  noteDeadline(S);
  render();
  await loadMe();
  if (!joined) return showJoin();
  sig = sigOf(S);
  connect();
  render();
}

const meName = $("me-name");
// The words that do not change with the session: the footer, the title before it comes.
function fixedWords() {
  const joinedAs = $("joined-as");
  clear(joinedAs);
  joinedAs.append(...parts(t("Joined as {name}"), { name: meName }));
}

on($("rename-open"), "click", openRename);
on(document, "visibilitychange", () => {
  if (document.visibilityState === "visible" && joined && (!es || es.readyState === EventSource.CLOSED)) connect();
});
setInterval(() => { if (view.tick) view.tick(); }, 250);
loadWords(chosenLang()).then(() => {
  fixedWords();
  langPicker($("lang"), () => { fixedWords(); redraw(); render(); });
  if (!code) {
    showCodeForm(N_("Enter the code shown on the screen"), "");
  } else {
    if (location.pathname !== "/" + code) history.replaceState(null, "", "/" + code);
    boot();
  }
});
})();
