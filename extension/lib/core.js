/* contractlens extension: the logic shared by the background, the popup and the options page.
 *
 * Plain JavaScript, no build step. It talks to the local server on 127.0.0.1 only (the port is
 * the only thing the person chooses), with the token they pasted once. Loaded as a script in
 * extension pages, with importScripts in Chromium's service worker, and with require() in tests.
 */
(function (root) {
  "use strict";

  const DEFAULTS = { port: 8765, token: "", autoCheck: false, terms: [] };
  const GRADES = ["A", "B", "C", "D", "E"];
  const COLORS = { A: "#15803d", B: "#65a30d", C: "#ca8a04", D: "#ea580c", E: "#b91c1c", "?": "#6b7280" };

  /** The site a page belongs to, as the server stores it: host[:port] without "www."; null for other schemes. */
  function siteOf(url) {
    let parsed;
    try { parsed = new URL(url); } catch (e) { return null; }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    const host = parsed.host.toLowerCase().replace(/\.$/, "");
    return host.startsWith("www.") ? host.slice(4) : host;
  }

  function validPort(port) {
    const n = Number(port);
    return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
  }

  /** The server's address: always the loopback address, whatever is stored. */
  function serverBase(port) {
    const n = validPort(port);
    if (n === null) throw new Error("the port must be a number from 1 to 65535");
    return "http://127.0.0.1:" + n;
  }

  /** What the badge shows for a site: its grade, or "?" when never checked or not graded (never a guess). */
  function badgeFor(answer) {
    const summary = answer && answer.summary;
    const grade = summary && GRADES.includes(summary.grade) ? summary.grade : null;
    if (!answer) return { text: "?", color: COLORS["?"], title: "contractlens: this site was never checked" };
    if (!grade) {
      return { text: "?", color: COLORS["?"], title: "contractlens: " + (summary && summary.grade_note || "not graded") };
    }
    return { text: grade, color: COLORS[grade], title: "contractlens: grade " + grade + " for " + answer.site };
  }

  async function call(settings, path, options) {
    const opts = options || {};
    const fetchFn = opts.fetchFn || root.fetch.bind(root);
    if (!settings.token) throw new Error("not paired: paste the server's token in the extension's options");
    const headers = { Authorization: "Bearer " + settings.token };
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetchFn(serverBase(settings.port) + path, {
      method: opts.method || "GET", headers: headers, credentials: "omit", cache: "no-store",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }

  /** The server's latest stored check of `site`, or null when it was never checked. */
  async function siteAnswer(settings, site, fetchFn) {
    const r = await call(settings, "/api/site/" + encodeURIComponent(site), { fetchFn: fetchFn });
    if (r.status === 404) return null;
    if (r.status !== 200) throw new Error(r.data.error || "the server answered " + r.status);
    return r.data;
  }

  /** Check `site` on the server (a background job) and wait for it, reporting each step. */
  async function checkSite(settings, site, options) {
    const opts = options || {};
    const sleep = opts.sleep || function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
    let r = await call(settings, "/api/jobs", { method: "POST", body: { target: site, terms: settings.terms || [] },
                                                fetchFn: opts.fetchFn });
    if (r.status !== 202) throw new Error(r.data.error || "the server answered " + r.status);
    let job = r.data;
    for (let i = 0; job.state === "running" && i < (opts.maxPolls || 600); i++) {
      await sleep(opts.interval || 500);
      r = await call(settings, "/api/jobs/" + encodeURIComponent(job.job_id), { fetchFn: opts.fetchFn });
      if (r.status !== 200) throw new Error(r.data.error || "the server answered " + r.status);
      job = r.data;
      if (opts.onStep) opts.onStep(job);
    }
    if (job.state === "failed") throw new Error(job.error);
    return job;
  }

  /** The full report on the local server; the token in the address opens the app's session once. */
  function reportUrl(settings, reportPath) {
    return serverBase(settings.port) + reportPath + "?token=" + encodeURIComponent(settings.token);
  }

  /** The words of the notice shown next to an "I agree" control. */
  function noticeText(answer) {
    const badge = badgeFor(answer);
    if (!answer) return "contractlens: the terms linked here were never checked (?)";
    if (badge.text === "?") return "contractlens: not graded (?): " + ((answer.summary || {}).grade_note || "");
    const first = (answer.summary.drivers || [])[0];
    return "contractlens: the terms you accept here are graded " + badge.text + (first ? ": " + first : "");
  }

  function normaliseSettings(stored) {
    const s = Object.assign({}, DEFAULTS, stored || {});
    s.port = validPort(s.port) || DEFAULTS.port;
    s.autoCheck = s.autoCheck === true;
    s.terms = Array.isArray(s.terms) ? s.terms.filter(function (t) { return typeof t === "string" && t; }) : [];
    s.token = typeof s.token === "string" ? s.token.trim() : "";
    return s;
  }

  const api = { DEFAULTS, GRADES, COLORS, siteOf, validPort, serverBase, badgeFor, call, siteAnswer, checkSite,
                reportUrl, noticeText, normaliseSettings };
  root.ContractlensCore = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
