"use strict";
// The trainer's remote: drive the slides and polls from a phone. The secret is in the URL.
// Attendee text (posts, words, names) is shown as text (textContent), never parsed as markup.
(() => {
const $ = (id) => document.getElementById(id);
const base = "/api/remote/" + encodeURIComponent(location.pathname.split("/")[2] || "");
const DONE = {
  open: N_("Poll opened"), close: N_("Poll closed"), reveal: N_("Results shown"), conceal: N_("Results hidden"),
  end: N_("Session ended"), black: N_("Projector blanked"), unblank: N_("The projector shows the slide"),
  "show-join-bar": N_("Join bar shown"), "hide-join-bar": N_("Join bar hidden"),
};
// The one next step, in the bar: its action and its label.
const STEPS = { unblank: N_("Show the slide"), open: N_("Open poll"), close: N_("Close poll"), reveal: N_("Show results"), next: N_("Next slide") };
const KIND = {
  single_choice: N_("Single choice"), multiple_choice: N_("Multiple choice"), scale: N_("Scale"),
  word_cloud: N_("Word cloud"), ideas: N_("Ideas"), questions: N_("Questions"), quiz: N_("Quiz"),
};
const BLANK = { black: N_("The projector is black: the room does not see the slide."), white: N_("The projector is white: the room does not see the slide.") };
const PACE = { behind: N_("{time} behind"), ahead: N_("{time} ahead") };
// A tap this soon after the step changed was meant for the step before: a double tap on
// "Open poll" must not close it again. The button takes no taps meanwhile.
const SETTLE_MS = 600;
let T = null, es = null, errors = 0, timer = 0, dead = false, lastSlide = null;
let step = null, settling = false, settled = 0, deadline = null, ticker = 0;
const inflight = {};

const text = (id, value) => { $(id).textContent = value; };
const show = (id, shown) => { $(id).hidden = !shown; };
const api = (path, body) => json(path, body, N_("Can't reach the laptop. Check the Wi-Fi."));
// Seconds as a clock: 3:07, 63:00, -1:30 (as the presenter window shows them).
const clock = (s) => (s < 0 ? "-" : "") + fmt(Math.floor(Math.abs(s) / 60)) + ":" + fmt(Math.abs(s) % 60).padStart(2, fmt(0));

// -- actions: one request at a time per button, whatever the taps

async function act(action, body, key) {
  key = key || action;
  if (inflight[key] || dead) return;
  inflight[key] = true;
  render();
  try {
    await api(base + "/" + action, body || {});
    if (DONE[action]) say(t(DONE[action]), "ok");
    if (!es || es.readyState !== EventSource.OPEN) await refresh();
  } catch (x) {
    say(x.message, "bad");
  } finally {
    delete inflight[key];
    render();
  }
}

function press(b) {
  const action = b.getAttribute("data-action");
  if (!action) return;
  if (action !== "end" || confirm(t("End the session? Phones then offer the handout and certificates."))) act(action);
}
document.querySelectorAll("button[type=button]").forEach((b) => on(b, "click", () => press(b)));

on($("goto"), "submit", (e) => {
  e.preventDefault();
  const n = Number($("goto-n").value), count = T ? T.slide.count : 0;
  if (!Number.isInteger(n) || n < 1 || n > count) return say(t("Slide numbers go from 1 to {count}.", { count }), "bad");
  $("goto-n").value = "";
  act("goto", { slide: n - 1 });
});

// -- drawing

const enable = (id, ok) => { const b = $(id); b.disabled = dead || !ok || !!inflight[b.getAttribute("data-action")]; };

// What the trainer does next on this slide: open its poll, close it, show its results,
// then move on; with the projector blanked, show the slide again first.
function nextStep(s, p, mine) {
  if (T.ended) return null;
  if (T.screen.blank !== "none") return "unblank";
  if (p && p.open && (mine || !s.exercise)) return "close";
  if (s.exercise && !mine) return "open";
  if (mine && !p.revealed) return "reveal";
  return s.index < s.count - 1 || morePages() ? "next" : null;
}

// A result longer than the projector's screen, then a slide of several pages: Next
// shows their next page first.
const morePages = () => T.screen.page < T.screen.pages || T.screen.step < T.screen.steps;
const nextPage = () => T.screen.page < T.screen.pages ? [T.screen.page, T.screen.pages]
  : [T.screen.step, T.screen.steps];

function render() {
  if (!T) return;
  const s = T.slide, live = !T.ended, screen = T.screen;
  // The poll shown is the open one, else this slide's: is it this slide's own?
  const p = T.poll, mine = !!p && p.exercise === s.exercise;
  document.title = t("Remote · {title}", { title: T.title });
  text("title", T.title);
  text("meta", tn("Code {code} · {count} person joined", "Code {code} · {count} people joined", T.attendees, { code: T.code }));
  clocks(T.clock);
  text("slide-pos", t("Slide {n} / {count}", { n: s.index + 1, count: s.count }));
  text("slide-title", s.title || t("Untitled slide"));
  text("slide-next", s.next_title === null ? t("This is the last slide.") : t("Next: {title}", { title: s.next_title || t("untitled slide") }));
  text("notes", s.notes || t("No notes for this slide."));
  show("ended", !live);
  $("goto-n").max = s.count;
  if (lastSlide !== null && lastSlide !== s.index) say(t("Slide {n}: {title}", { n: s.index + 1, title: s.title || t("untitled slide") }));
  lastSlide = s.index;

  const black = screen.blank !== "none";
  show("blanked", black);
  text("blanked", black ? t(BLANK[screen.blank]) : "");
  toggle("b-black", black, black ? "unblank" : "black");
  toggle("b-join", screen.join_bar, screen.join_bar ? "hide-join-bar" : "show-join-bar");

  const now = nextStep(s, p, mine), b = $("b-step");
  if (now !== step) {
    step = now;
    settling = true;
    clearTimeout(settled);
    settled = setTimeout(() => { settling = false; render(); }, SETTLE_MS);
  }
  b.setAttribute("data-action", now || "");
  const [page, pages] = nextPage();
  text("b-step", now === "next" && morePages() ? t("Next page ({n} of {count})", { n: page + 1, count: pages })
    : (now ? t(STEPS[now]) : live ? t("Last slide") : t("Ended")));
  enable("b-step", now && !settling);
  b.classList.toggle("settling", settling && !!now);
  enable("b-previous", live && s.index > 0);
  enable("b-next", live && s.index < s.count - 1);
  show("b-next", now !== "next");
  enable("b-goto", live);
  enable("b-end", live);

  poll(s, p, mine, live);
  const box = $("results-card"), active = document.activeElement;
  const keep = box.contains(active) && active.getAttribute("data-key");
  clear(box);
  if (p && (mine || p.open) && p.items) board(box, p);
  else if (p && (mine || p.open) && p.results) results(box, p, p.results);
  show("results-card", box.firstChild);
  const again = keep && box.querySelector(`[data-key="${keep}"]`);
  if (again && !again.disabled) again.focus({ preventScroll: true });
}

function toggle(id, pressed, action) {
  const b = $(id);
  b.setAttribute("aria-pressed", pressed);
  b.setAttribute("data-action", action);
  enable(id, true);
}

function clocks(c) {
  show("clocks", c);
  if (!c) return;
  show("c-pace", !T.ended);
  text("c-now", new Date().toLocaleTimeString(W.locale, { hour: "2-digit", minute: "2-digit" }));
  text("c-elapsed", t("Elapsed {time}", { time: clock(c.elapsed) }));
  text("c-left", t("Left {time}", { time: clock(c.remaining) }));
  const pace = $("c-pace");
  pace.className = "pace " + c.pace;
  pace.textContent = c.behind ? t(c.behind > 0 ? PACE.behind : PACE.ahead, { time: clock(Math.abs(c.behind)) }) : t("on time");
  text("slide-time", c.slide_planned ? t("This slide {time} of {planned}", { time: clock(c.slide), planned: clock(c.slide_planned) })
    : t("This slide {time}", { time: clock(c.slide) }));
}

function poll(s, p, mine, live) {
  const shown = mine || (p && p.open) ? p : s.upcoming;
  show("poll-card", shown);
  if (!shown) return;
  const answered = p && shown === p;
  text("poll-kind", answered ? t(KIND[shown.kind]) : t("{kind} · not opened yet", { kind: t(KIND[shown.kind]) }));
  text("poll-title", shown.title);
  text("poll-prompt", shown.prompt);
  let state = "";
  if (answered) {
    const missing = Math.max(0, T.attendees - p.responses);
    const took = { done: p.responses, count: T.attendees };
    state = [(p.open ? t("Open") : t("Closed")), (p.revealed ? t("results shown") : t("results hidden")),
      (p.items ? t("{done} / {count} posted", took) : t("{done} / {count} answered", took)),
      (p.open ? t("{count} not yet", { count: missing }) : p.items ? t("{count} did not post", { count: missing }) : t("{count} did not answer", { count: missing }))].join(" · ");
  }
  text("poll-state", state);
  show("poll-state", answered);
  // The bar has the next step; here, the others that make sense now.
  show("b-reveal", mine && p.open && !p.revealed);
  show("b-conceal", mine && p.revealed);
  show("b-reopen", mine && !p.open && p.kind !== "quiz");
  ["b-reveal", "b-conceal", "b-reopen"].forEach((id) => enable(id, live));
  show("poll-more", live && mine && (p.open || p.revealed || p.kind !== "quiz"));
  countdown(answered && p.open && typeof p.time_left === "number" ? p : null);
}

// A quiz's countdown, from the same time left that phones get.
function countdown(p) {
  if (!p) deadline = null;
  else {
    const at = performance.now() + p.time_left * 1000;
    deadline = { limit: p.time_limit, at: deadline && deadline.id === p.id ? Math.min(deadline.at, at) : at, id: p.id };
  }
  clearInterval(ticker);
  if (deadline) ticker = setInterval(tick, 250);
  tick();
}

function tick() {
  show("countdown", deadline);
  if (!deadline) return;
  const left = Math.max(0, (deadline.at - performance.now()) / 1000);
  $("countdown").classList.toggle("low", left <= 5);
  text("countdown-text", left > 0 ? t("{time} left", { time: clock(Math.ceil(left)) }) : t("Time's up"));
  $("countdown-bar").style.setProperty("width", 100 * left / deadline.limit + "%");
}

function results(box, p, r) {
  box.append(h("h3", (p.revealed ? t("Results (shown)") : t("Results (only you see them)"))));
  const answered = tn("{count} person answered", "{count} people answered", r.respondents);
  if (p.kind === "scale") {
    box.append(h("p", r.average === null ? t("No ratings yet.") : t("Average {average} out of {max}", { average: num(r.average), max: p.max }) + " · " + people(r.respondents)),
      h("ul.results", r.rows.map((x) => {
        const li = row(x.statement || t("Ratings"), [], x.average === null ? t("no ratings") : t("average {average}", { average: num(x.average) }),
          x.average === null ? 0 : 100 * (x.average - p.min) / (p.max - p.min));
        li.append(h("p.dist", t("Votes for {min} to {max}: {counts}", { min: p.min, max: p.max, counts: x.distribution.map((d) => fmt(d.count)).join(" · ") })));
        return li;
      })));
  } else if (p.kind === "word_cloud") {
    box.append(h("p.muted", answered),
      h("ul.cloud", r.words.map((w) => h("li", { dir: "auto" }, w.text, h("small", t("({count})", { count: w.count }))))));
  } else {
    const quiz = p.kind === "quiz";
    box.append(h("p.muted", answered + (quiz ? " · " + t("{count} got it right", { count: r.correct_count }) : "")),
      h("ul.results", r.options.map((o) => row(o.label, quiz && o.correct ? [tag(t("✓ correct"), true)] : [],
        votes(o.count, o.percent), o.percent, quiz && o.correct ? "right" : null))));
    if (quiz) leaderboard(box, r);
  }
}

// A quiz's explanation to read out, and the leaderboard of every quiz so far.
function leaderboard(box, r) {
  if (r.explanation) box.append(h("p.note", { dir: "auto" }, r.explanation));
  box.append(h("h3", t("Leaderboard")), r.leaderboard.length ? h("ol.lb", r.leaderboard.map((e) => h("li",
    h("span.rank", t("{rank}.", { rank: e.rank })), h("span.who", { dir: "auto" }, e.name), h("span.num", tn("{count} point", "{count} points", e.points)))))
    : h("p.empty", t("No points yet.")));
}

// The most upvoted, then the newest (hidden ones too, to show them again).
function board(box, p) {
  const questions = p.kind === "questions";
  const counts = { shown: p.count, hidden: p.hidden };
  box.append(h("h3", p.hidden ? (questions ? t("Questions ({shown} shown, {hidden} hidden)", counts) : t("Ideas ({shown} shown, {hidden} hidden)", counts))
    : (questions ? t("Questions ({shown} shown)", counts) : t("Ideas ({shown} shown)", counts))));
  if (!p.newest.length) return box.append(h("p.empty", t("Nothing posted yet.")));
  box.append(h("h3", t("Most upvoted")), items(p.items, questions), h("h3", t("Newest")), items(p.newest, questions));
}

const items = (list, questions) => h("ul.items", list.map((it) => {
  const button = (label, action, disabled) => {
    const key = action + it.id, b = h("button.btn", { type: "button", "data-key": key }, label);
    b.disabled = disabled || !!inflight[key];
    return on(b, "click", () => act(action, { item: it.id }, key));
  };
  return h("li.item" + (it.hidden ? ".off" : ""), h("div.txt", h("p", { dir: "auto" }, it.text),
    h("div", tag("▲ " + fmt(it.upvotes)), it.hidden && tag(t("hidden")), it.answered && tag(t("answered"), true)),
    h("div.mod", it.hidden ? button(t("Show"), "unhide") : button(t("Hide"), "hide"),
      questions && button((it.answered ? t("Answered ✓") : t("Answered")), "answered", it.answered))));
}));

// -- following the session

async function refresh() {
  try {
    T = await api(base + "/state");
    render();
    return true;
  } catch (x) {
    if (x.status === 404) {
      dead = true;
      text("title", t("This remote link is not valid"));
      text("meta", t("Open the remote link shown on the laptop again."));
      document.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    } else {
      say(x.message, "bad", true);
    }
    return false;
  }
}

function connect() {
  clearTimeout(timer);
  if (es) es.close();
  const source = es = new EventSource(base + "/events");
  on(source, "open", () => {
    if (errors) say(t("Connected again"), "ok");
    errors = 0;
  });
  on(source, "message", (e) => {
    try { T = JSON.parse(e.data); } catch (x) { return; }
    render();
  });
  on(source, "error", () => {
    if (source !== es) return;
    errors++;
    say(t("Reconnecting…"), null, true);
    // The browser retries by itself, except after an HTTP error: then check, and retry.
    if (source.readyState === EventSource.CLOSED) refresh().then((ok) => { if (!dead) timer = setTimeout(connect, ok ? 1000 : 4000); });
  });
}

async function boot() {
  if (await refresh()) connect();
  else if (!dead) timer = setTimeout(boot, 4000);
}

on(document, "visibilitychange", () => {
  if (document.visibilityState === "visible" && !dead && (!es || es.readyState === EventSource.CLOSED)) connect();
});
loadWords(chosenLang()).then(() => {
  langPicker($("lang"), () => { step = null; render(); });
  boot();
});
})();
