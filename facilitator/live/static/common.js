"use strict";
// What the phone page and the trainer remote share. Text only ever becomes text nodes.

// h("p.muted", {attr: value}, child, [children], "text"): strings become text nodes.
function h(sel, ...kids) {
  const [tag, ...cls] = sel.split(".");
  const el = document.createElement(tag);
  if (cls.length) el.className = cls.join(" ");
  const attrs = kids[0] && kids[0].constructor === Object ? kids.shift() : {};
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  }
  const add = (k) => Array.isArray(k) ? k.forEach(add) : k !== null && k !== undefined && k !== false && el.append(k);
  kids.forEach(add);
  return el;
}
const clear = (el) => { while (el.firstChild) el.firstChild.remove(); };
const on = (el, type, fn) => { el.addEventListener(type, fn); return el; };

// -- words: the page's catalogue, asked of the server (the English is the page's own)

const LANG_KEY = "facilitator-lang";
let W = { locale: "en", dir: "ltr", plurals: ["one", "other"], languages: [], messages: {} };
const chosenLang = () => { try { return localStorage.getItem(LANG_KEY); } catch (e) { return null; } };
// CLDR's rules of a locale, made once each: a results frame says many counts.
const made = {};
const rulesOf = (locale) => made[locale] || (made[locale] = {
  numbers: new Intl.NumberFormat(locale), plurals: new Intl.PluralRules(locale),
});
// A number as the reader writes it; other values as they are.
const fmt = (v) => typeof v === "number" ? rulesOf(W.locale).numbers.format(v) : v;
const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => v && k in v ? fmt(v[k]) : m);
// t("Slide {n}", {n: 2}): the message in the page's language, its placeholders filled.
const t = (msg, v) => fill(typeof W.messages[msg] === "string" ? W.messages[msg] : msg, v);
// tn("{count} vote", "{count} votes", n): the form CLDR's rules pick for n.
function tn(one, many, n, v) {
  const own = W.messages[one];
  const [forms, cats, locale] = Array.isArray(own) ? [own, W.plurals, W.locale] : [[one, many], ["one", "other"], "en"];
  const i = cats.indexOf(rulesOf(locale).plurals.select(n));
  return fill(forms[i < 0 ? forms.length - 1 : i], Object.assign({ count: n }, v));
}
// A message to translate where it is shown, not where it is written (gettext's noop).
const N_ = (msg) => msg;
// A message whose placeholders are elements (a name in <bdi>): its text around them, in
// the language's own order.
const parts = (msg, nodes) => msg.split(/\{(\w+)\}/).map((piece, i) => i % 2 ? nodes[piece] : piece).filter((x) => x !== "");
const people = (n) => tn("{count} person", "{count} people", n);
const num = (x) => fmt(Number(x.toFixed(1)));
// An option's votes and share, as both pages show them under its bar.
const votes = (count, percent) => tn("{count} vote, {percent}%", "{count} votes, {percent}%", count, { percent: Number(percent.toFixed(1)) });

// The page's fixed words (marked data-t in its HTML), in its language; lang and dir follow.
function translatePage() {
  document.documentElement.lang = W.locale;
  document.documentElement.dir = W.dir;
  document.querySelectorAll("[data-t]").forEach((el) => {
    if (!el.dataset.t) el.dataset.t = el.textContent;
    el.textContent = t(el.dataset.t);
  });
  document.querySelectorAll("[data-t-label]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.tLabel)));
}

// The catalogue of the language chosen on this phone, else of its browser's; then `done`.
async function loadWords(lang) {
  const q = lang ? "?lang=" + encodeURIComponent(lang) : "";
  try {
    const res = await fetch("/api/words" + q, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (res.ok) W = await res.json();
  } catch (e) { /* offline: the page's English */ }
  translatePage();
}

// A choice of language, each named in itself, kept on this phone for its next visits.
function langPicker(sel, changed) {
  clear(sel);
  W.languages.forEach(([tag, name]) => sel.append(h("option", { value: tag, lang: tag, selected: tag === W.locale }, name)));
  sel.onchange = async () => {
    try { localStorage.setItem(LANG_KEY, sel.value); } catch (e) { /* private mode: this visit only */ }
    await loadWords(sel.value);
    langPicker(sel, changed);
    changed();
  };
}
const tag = (text, good) => h(good ? "span.tag.good" : "span.tag", text);

// A result as words and numbers; its bar is decoration.
function row(label, tags, count, percent, cls) {
  const fill = h("i");
  fill.style.setProperty("width", Math.max(0, Math.min(100, percent)) + "%");
  return h("li", { class: cls },
    h("div.row", h("span", { dir: "auto" }, label), h("span.num", h("span.sr-only", " — "), count)),
    tags.length ? h("div", tags) : "", h("div.track", { "aria-hidden": "true" }, fill));
}

let statusTimer = 0;
function say(msg, tone, keep) {
  const st = document.getElementById("status");
  clearTimeout(statusTimer);
  st.className = "status" + (tone ? " " + tone : "");
  st.textContent = msg || "";
  if (msg && !keep) statusTimer = setTimeout(() => { st.textContent = ""; }, 5000);
}

const nice = (m) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?…。！？]$/.test(m) ? "" : ".");

// A fetch that throws {status, field, message}: the server's own words when it refuses.
async function call(path, opt, offline) {
  let res, data = null;
  opt = Object.assign({ credentials: "same-origin", cache: "no-store" }, opt);
  // The server's refusals in the language chosen here, not only the browser's.
  opt.headers = Object.assign({ "Accept-Language": W.locale }, opt.headers);
  try { res = await fetch(path, opt); } catch (e) { throw { status: 0, message: t(offline) }; }
  if (res.ok) return res;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  throw { status: res.status, field: data && data.field,
    message: nice(data && data.error || t("Something went wrong ({status}).", { status: res.status })) };
}

// JSON back from a GET, or from a POST when there is a body.
async function json(path, body, offline) {
  const opt = { headers: { Accept: "application/json" } };
  if (body !== undefined) {
    opt.method = "POST";
    opt.headers["Content-Type"] = "application/json";
    opt.body = JSON.stringify(body);
  }
  return (await call(path, opt, offline)).json();
}
