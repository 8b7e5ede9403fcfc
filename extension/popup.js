/* contractlens popup: the current site's grade, why, the person's terms it breaks, the first quotes. */
(function () {
  "use strict";
  const Core = globalThis.ContractlensCore;
  const $ = function (id) { return document.getElementById(id); };

  function list(id, items, line) {
    const box = $(id);
    box.textContent = "";
    items.forEach(function (item) {
      const li = document.createElement("li");
      li.textContent = line(item);
      box.appendChild(li);
    });
    $(id + "-box").hidden = items.length === 0;
  }

  function show(settings, site, answer) {
    const badge = Core.badgeFor(answer);
    $("grade").textContent = badge.text;
    $("grade").dataset.grade = badge.text;
    $("site").textContent = site;
    const summary = (answer && answer.summary) || {};
    $("note").textContent = answer ? (summary.grade ? summary.grade_note || "" : summary.grade_note || "not graded")
                                   : "Never checked on this computer.";
    list("drivers", summary.drivers || [], function (d) { return d; });
    list("violated", summary.violated_terms || [], function (t) { return t.statement + " (" + t.profile + ")"; });
    const quotes = $("quotes");
    quotes.textContent = "";
    (summary.flagged || []).forEach(function (f) {
      const q = document.createElement("blockquote");
      q.textContent = "“" + f.quote + "”";
      const cite = document.createElement("div");
      cite.className = "muted";
      cite.textContent = f.labels.join(", ") + " · " + f.level + (f.section ? " · " + f.section : "");
      q.appendChild(cite);
      quotes.appendChild(q);
    });
    $("quotes-box").hidden = !(summary.flagged || []).length;
    $("check").hidden = false;
    $("check").textContent = answer ? "Check again" : "Check this site";
    if (answer) {
      $("report").href = Core.reportUrl(settings, answer.report);
      $("report").hidden = false;
    }
  }

  async function currentTab() {
    const wanted = new URLSearchParams(location.search).get("url");  // popup.html?url=... shows that page
    if (wanted) return { url: wanted, id: null };
    const tabs = await chrome.tabs.query({ active: true, currentWindow: true });
    return tabs[0] || { url: "", id: null };
  }

  async function main() {
    const settings = Core.normaliseSettings(await chrome.storage.local.get(Object.keys(Core.DEFAULTS)));
    const tab = await currentTab();
    const site = Core.siteOf(tab.url);
    if (!site) { $("site").textContent = "This page is not a web site."; return; }
    if (!settings.token) { $("site").textContent = site; $("note").textContent = "Paste the server's token in the options first."; return; }
    try {
      show(settings, site, await Core.siteAnswer(settings, site));
    } catch (error) {
      $("site").textContent = site;
      $("status").textContent = "The local server did not answer: " + error.message + " (is contractlens serve running?)";
    }
    $("check").addEventListener("click", async function () {
      $("check").disabled = true;
      try {
        await Core.checkSite(settings, site, { onStep: function (job) {
          const last = job.steps[job.steps.length - 1];
          if (last) $("status").textContent = last.text;
        } });
        $("status").textContent = "";
        show(settings, site, await Core.siteAnswer(settings, site));
        if (tab.id !== null) chrome.runtime.sendMessage({ type: "refresh", tabId: tab.id, url: tab.url });
      } catch (error) {
        $("status").textContent = "Could not check " + site + ": " + error.message;
      }
      $("check").disabled = false;
    });
  }

  main();
})();
