"use strict";
// The trainer's remote: drive the slides and polls from a phone. The secret is in the URL.
// Attendee text (posts, words, names) is shown as text (textContent), never parsed as markup.
(() => {
const $ = (id) => document.getElementById(id);
const base = "/api/remote/" + encodeURIComponent(location.pathname.split("/")[2] || "");
const DONE = { open: "Poll opened", close: "Poll closed", reveal: "Results shown", conceal: "Results hidden", end: "Session ended" };
let T = null, es = null, errors = 0, timer = 0, dead = false, lastSlide = null;
const inflight = {};

const text = (id, value) => { $(id).textContent = value; };

const api = (path, body) => json(path, body, "Can't reach the laptop. Check the Wi-Fi.");

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

document.querySelectorAll("[data-action]").forEach((b) => on(b, "click", () =>
  (b.id != "b-end" || confirm("End the session? Phones then offer the handout and certificates.")) && act(b.getAttribute("data-action"))));

// -- drawing

const enable = (id, ok) => { const b = $(id); b.disabled = dead || !ok || !!inflight[b.getAttribute("data-action")]; };

function render() {
  if (!T) return;
  const s = T.slide, p = T.poll, live = !T.ended, ex = s.exercise;
  document.title = "Remote · " + T.title;
  text("title", T.title);
  text("meta", `Code ${T.code} · ${people(T.attendees)} joined` + (live ? "" : " · the session has ended"));
  text("slide-pos", `Slide ${s.index + 1} / ${s.count}`);
  text("slide-title", s.title || "Untitled slide");
  text("slide-next", s.next_title === null ? "This is the last slide." : "Next: " + (s.next_title || "untitled slide"));
  text("notes", s.notes || "No notes for this slide.");
  if (lastSlide !== null && lastSlide !== s.index) say(`Slide ${s.index + 1}: ${s.title || "untitled"}`);
  lastSlide = s.index;
  enable("b-previous", live && s.index > 0);
  enable("b-next", live && s.index < s.count - 1);
  enable("b-end", live);
  text("poll-kind", p ? p.kind.replace("_", " ") : ex ? "Exercise" : "Poll");
  text("poll-title", p ? p.title : ex || "No poll on this slide");
  text("poll-prompt", p ? p.prompt : ex ? "Not opened yet: open the poll to let phones answer." : "Move to a slide that runs an exercise.");
  text("poll-state", p ? [p.open ? "Open" : "Closed", p.revealed ? "results shown" : "results hidden",
    `${p.responses} / ${T.attendees} ` + (p.items ? "posted" : "answered")].join(" · ") : "");
  // With no poll open, the poll shown is this slide's own; a quiz is asked only once.
  const asked = p && !p.open && p.kind === "quiz";
  enable("b-open", live && ex && !(p && p.open) && !asked);
  enable("b-close", live && p && p.open);
  enable("b-reveal", live && ex && p && !p.revealed);
  enable("b-conceal", live && ex && p && p.revealed);

  const box = $("poll-results"), active = document.activeElement;
  const keep = box.contains(active) && active.getAttribute("data-key");
  clear(box);
  if (p && p.items) board(box, p);
  else if (p && p.results) results(box, p, p.results);
  const again = keep && box.querySelector(`[data-key="${keep}"]`);
  if (again && !again.disabled) again.focus({ preventScroll: true });
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
  }
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
