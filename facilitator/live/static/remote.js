"use strict";
// The trainer's remote: drive the slides and polls from a phone. The secret is in the URL.
// Attendee text (posts, words, names) is shown as text (textContent), never parsed as markup.
(() => {
const $ = (id) => document.getElementById(id);
const base = "/api/remote/" + encodeURIComponent(location.pathname.split("/")[2] || "");
const DONE = {
  open: "Poll opened", close: "Poll closed", reveal: "Results shown", conceal: "Results hidden", end: "Session ended",
  black: "Projector blanked", unblank: "The projector shows the slide",
  "show-join-bar": "Join bar shown", "hide-join-bar": "Join bar hidden",
};
// The one next step, in the bar: its action and its label.
const STEPS = { unblank: "Show the slide", open: "Open poll", close: "Close poll", reveal: "Show results", next: "Next slide" };
// A tap this soon after the step changed was meant for the step before: a double tap on
// "Open poll" must not close it again. The button takes no taps meanwhile.
const SETTLE_MS = 600;
let T = null, es = null, errors = 0, timer = 0, dead = false, lastSlide = null;
let step = null, settling = false, settled = 0, deadline = null, ticker = 0;
const inflight = {};

const text = (id, value) => { $(id).textContent = value; };
const show = (id, shown) => { $(id).hidden = !shown; };
const api = (path, body) => json(path, body, "Can't reach the laptop. Check the Wi-Fi.");
// Seconds as a clock: 3:07, 63:00, -1:30 (as the presenter window shows them).
const clock = (s) => (s < 0 ? "-" : "") + Math.floor(Math.abs(s) / 60) + ":" + String(Math.abs(s) % 60).padStart(2, "0");

// -- actions: one request at a time per button, whatever the taps

async function act(action, body, key) {
  key = key || action;
  if (inflight[key] || dead) return;
  inflight[key] = true;
  render();
  try {
    await api(base + "/" + action, body || {});
    if (DONE[action]) say(DONE[action], "ok");
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
  if (action !== "end" || confirm("End the session? Phones then offer the handout and certificates.")) act(action);
}
document.querySelectorAll("button[type=button]").forEach((b) => on(b, "click", () => press(b)));

on($("goto"), "submit", (e) => {
  e.preventDefault();
  const n = Number($("goto-n").value), count = T ? T.slide.count : 0;
  if (!Number.isInteger(n) || n < 1 || n > count) return say(`Slide numbers go from 1 to ${count}.`, "bad");
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
  document.title = "Remote · " + T.title;
  text("title", T.title);
  text("meta", `Code ${T.code} · ${people(T.attendees)} joined`);
  clocks(T.clock);
  text("slide-pos", `Slide ${s.index + 1} / ${s.count}`);
  text("slide-title", s.title || "Untitled slide");
  text("slide-next", s.next_title === null ? "This is the last slide." : "Next: " + (s.next_title || "untitled slide"));
  text("notes", s.notes || "No notes for this slide.");
  show("ended", !live);
  $("goto-n").max = s.count;
  if (lastSlide !== null && lastSlide !== s.index) say(`Slide ${s.index + 1}: ${s.title || "untitled"}`);
  lastSlide = s.index;

  const black = screen.blank !== "none";
  show("blanked", black);
  text("blanked", `The projector is ${screen.blank}: the room does not see the slide.`);
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
  text("b-step", now === "next" && morePages() ? `Next page (${nextPage()[0] + 1} of ${nextPage()[1]})`
    : now ? STEPS[now] : live ? "Last slide" : "Ended");
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
  text("c-now", new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  text("c-elapsed", "Elapsed " + clock(c.elapsed));
  text("c-left", "Left " + clock(c.remaining));
  const pace = $("c-pace");
  pace.className = "pace " + c.pace;
  pace.textContent = c.behind > 0 ? clock(c.behind) + " behind" : c.behind < 0 ? clock(-c.behind) + " ahead" : "on time";
  text("slide-time", "This slide " + clock(c.slide) + (c.slide_planned ? " of " + clock(c.slide_planned) : ""));
}

function poll(s, p, mine, live) {
  const shown = mine || (p && p.open) ? p : s.upcoming;
  show("poll-card", shown);
  if (!shown) return;
  const answered = p && shown === p;
  text("poll-kind", shown.kind.replace("_", " ") + (answered ? "" : " · not opened yet"));
  text("poll-title", shown.title);
  text("poll-prompt", shown.prompt);
  let state = "";
  if (answered) {
    const missing = Math.max(0, T.attendees - p.responses);
    state = [p.open ? "Open" : "Closed", p.revealed ? "results shown" : "results hidden",
      `${p.responses} / ${T.attendees} ` + (p.items ? "posted" : "answered"),
      missing + (p.open ? " not yet" : p.items ? " did not post" : " did not answer")].join(" · ");
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
  text("countdown-text", left > 0 ? clock(Math.ceil(left)) + " left" : "Time's up");
  $("countdown-bar").style.setProperty("width", 100 * left / deadline.limit + "%");
}

function results(box, p, r) {
  box.append(h("h3", p.revealed ? "Results (shown)" : "Results (only you see them)"));
  if (p.kind === "scale") {
    box.append(h("p", r.average === null ? "No ratings yet." : `Average ${num(r.average)} out of ${p.max} · ${people(r.respondents)}`),
      h("ul.results", r.rows.map((x) => {
        const li = row(x.statement || "Ratings", [], x.average === null ? "no ratings" : "average " + num(x.average),
          x.average === null ? 0 : 100 * (x.average - p.min) / (p.max - p.min));
        li.append(h("p.dist", `Votes for ${p.min} to ${p.max}: ` + x.distribution.map((d) => d.count).join(" · ")));
        return li;
      })));
  } else if (p.kind === "word_cloud") {
    box.append(h("p.muted", people(r.respondents) + " answered"),
      h("ul.cloud", r.words.map((w) => h("li", { dir: "auto" }, w.text, h("small", `(${w.count})`)))));
  } else {
    const quiz = p.kind === "quiz";
    box.append(h("p.muted", people(r.respondents) + " answered" + (quiz ? ` · ${r.correct_count} got it right` : "")),
      h("ul.results", r.options.map((o) => row(o.label, quiz && o.correct ? [tag("✓ correct", true)] : [],
        plural(o.count, "vote", "votes") + ", " + num(o.percent) + "%", o.percent, quiz && o.correct ? "right" : null))));
    if (quiz) leaderboard(box, r);
  }
}

// A quiz's explanation to read out, and the leaderboard of every quiz so far.
function leaderboard(box, r) {
  if (r.explanation) box.append(h("p.note", { dir: "auto" }, r.explanation));
  box.append(h("h3", "Leaderboard"), r.leaderboard.length ? h("ol.lb", r.leaderboard.map((e) => h("li",
    h("span.rank", e.rank + "."), h("span.who", { dir: "auto" }, e.name), h("span.num", plural(e.points, "point", "points")))))
    : h("p.empty", "No points yet."));
}

// The most upvoted, then the newest (hidden ones too, to show them again).
function board(box, p) {
  const questions = p.kind === "questions";
  box.append(h("h3", `${questions ? "Questions" : "Ideas"} (${p.count} shown` + (p.hidden ? `, ${p.hidden} hidden)` : ")")));
  if (!p.newest.length) return box.append(h("p.empty", "Nothing posted yet."));
  box.append(h("h3", "Most upvoted"), items(p.items, questions), h("h3", "Newest"), items(p.newest, questions));
}

const items = (list, questions) => h("ul.items", list.map((it) => {
  const button = (label, action, disabled) => {
    const key = action + it.id, b = h("button.btn", { type: "button", "data-key": key }, label);
    b.disabled = disabled || !!inflight[key];
    return on(b, "click", () => act(action, { item: it.id }, key));
  };
  return h("li.item" + (it.hidden ? ".off" : ""), h("div.txt", h("p", { dir: "auto" }, it.text),
    h("div", tag("▲ " + it.upvotes), it.hidden && tag("hidden"), it.answered && tag("answered", true)),
    h("div.mod", it.hidden ? button("Show", "unhide") : button("Hide", "hide"),
      questions && button(it.answered ? "Answered ✓" : "Answered", "answered", it.answered))));
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
      text("title", "This remote link is not valid");
      text("meta", "Open the remote link shown on the laptop again.");
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
    if (errors) say("Connected again", "ok");
    errors = 0;
  });
  on(source, "message", (e) => {
    try { T = JSON.parse(e.data); } catch (x) { return; }
    render();
  });
  on(source, "error", () => {
    if (source !== es) return;
    errors++;
    say("Reconnecting…", null, true);
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
boot();
})();
