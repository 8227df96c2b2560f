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
const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
const people = (n) => plural(n, "person", "people");
const num = (x) => Number(x.toFixed(1));
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

const nice = (m) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?…]$/.test(m) ? "" : ".");

// A fetch that throws {status, field, message}: the server's own words when it refuses.
async function call(path, opt, offline) {
  let res, data = null;
  try { res = await fetch(path, Object.assign({ credentials: "same-origin", cache: "no-store" }, opt)); } catch (e) { throw { status: 0, message: offline }; }
  if (res.ok) return res;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  throw { status: res.status, field: data && data.field, message: nice(data && data.error || "something went wrong (" + res.status + ")") };
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
