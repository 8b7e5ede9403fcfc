// Node's test runner over the extension's logic: `node --test extension/test/`
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Core = require("../lib/core.js");

test("siteOf names a site as the server stores it", () => {
  assert.equal(Core.siteOf("https://www.Example.com/terms?x=1"), "example.com");
  assert.equal(Core.siteOf("http://127.0.0.1:8000/signup"), "127.0.0.1:8000");
  assert.equal(Core.siteOf("chrome://extensions"), null);
  assert.equal(Core.siteOf("not a url"), null);
});

test("the server is always 127.0.0.1, whatever port is stored", () => {
  assert.equal(Core.serverBase(8765), "http://127.0.0.1:8765");
  assert.equal(Core.serverBase("9000"), "http://127.0.0.1:9000");
  for (const bad of ["evil.example:80", "0", "70000", "80/../", "", null]) {
    assert.throws(() => Core.serverBase(bad), /port/);
  }
});

test("the badge shows a grade only when the server graded the site", () => {
  assert.equal(Core.badgeFor(null).text, "?");
  const notGraded = { site: "x", summary: { grade: null, grade_note: "Not graded: contractlens does not read French" } };
  assert.equal(Core.badgeFor(notGraded).text, "?");
  assert.match(Core.badgeFor(notGraded).title, /does not read French/);
  assert.equal(Core.badgeFor({ site: "x", summary: { grade: "Z" } }).text, "?");
  assert.equal(Core.badgeFor({ site: "x", summary: { grade: "C" } }).text, "C");
});

test("the notice says never checked, not graded, or the grade with its first driver", () => {
  assert.match(Core.noticeText(null), /never checked/);
  assert.match(Core.noticeText({ summary: { grade: null, grade_note: "Not graded: x" } }), /not graded \(\?\): Not graded: x/);
  assert.equal(Core.noticeText({ summary: { grade: "E", drivers: ["arbitration", "b"] } }),
               "contractlens: the terms you accept here are graded E: arbitration");
});

test("settings: auto-check is off unless set to true; bad ports fall back", () => {
  const s = Core.normaliseSettings({});
  assert.equal(s.autoCheck, false);
  assert.equal(s.port, 8765);
  assert.equal(Core.normaliseSettings({ autoCheck: "yes", port: "http://evil" }).autoCheck, false);
  assert.equal(Core.normaliseSettings({ port: "http://evil" }).port, 8765);
  assert.deepEqual(Core.normaliseSettings({ terms: ["gpc", 3, ""] }).terms, ["gpc"]);
});

function fakeServer(answers) {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push({ url, init });
    const [status, body] = answers.shift();
    return { status, json: async () => body };
  };
  return { calls, fetchFn };
}

test("every call carries the bearer token, to 127.0.0.1 only, without cookies", async () => {
  const { calls, fetchFn } = fakeServer([[404, { error: "never checked" }]]);
  const answer = await Core.siteAnswer({ token: "T0K", port: 9123 }, "127.0.0.1:8000", fetchFn);
  assert.equal(answer, null);
  assert.equal(calls[0].url, "http://127.0.0.1:9123/api/site/127.0.0.1%3A8000");
  assert.equal(calls[0].init.headers.Authorization, "Bearer T0K");
  assert.equal(calls[0].init.credentials, "omit");
  await assert.rejects(Core.siteAnswer({ token: "", port: 1 }, "x", fetchFn), /not paired/);
});

test("checkSite starts a job and polls it to the end, reporting each step", async () => {
  const { calls, fetchFn } = fakeServer([
    [202, { job_id: "j1", state: "running", steps: [] }],
    [200, { job_id: "j1", state: "running", steps: [{ text: "Fetching x" }] }],
    [200, { job_id: "j1", state: "done", steps: [{ text: "Fetching x" }, { text: "Done: x" }], report: "/report/3" }],
  ]);
  const seen = [];
  const job = await Core.checkSite({ token: "t", port: 8765, terms: ["gpc"] }, "example.com",
    { fetchFn, sleep: async () => {}, onStep: (j) => seen.push(j.steps.length) });
  assert.equal(job.report, "/report/3");
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(JSON.parse(calls[0].init.body), { target: "example.com", terms: ["gpc"] });
  assert.equal(calls[1].url, "http://127.0.0.1:8765/api/jobs/j1");
});

test("a failed job is an error with the server's reason", async () => {
  const { fetchFn } = fakeServer([[202, { job_id: "j", state: "failed", error: "could not find a terms page" }]]);
  await assert.rejects(Core.checkSite({ token: "t", port: 8765 }, "x.example", { fetchFn }), /could not find/);
});

test("the manifest: MV3, 127.0.0.1 the only host, auto-check nowhere on by default", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "manifest.json"), "utf8"));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*"]);
  assert.match(manifest.content_security_policy.extension_pages, /connect-src http:\/\/127\.0\.0\.1:\*$/);
  assert.ok(manifest.background.service_worker && manifest.background.scripts, "Chromium and Firefox backgrounds");
  assert.equal(Core.DEFAULTS.autoCheck, false);
});
