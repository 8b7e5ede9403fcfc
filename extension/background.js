/* contractlens extension, background: the toolbar badge of each tab, and the answers for the page's notice.
 * Chromium runs it as a service worker (importScripts below); Firefox as an event page (manifest scripts).
 */
if (typeof importScripts === "function" && !globalThis.ContractlensCore) importScripts("lib/core.js");
const Core = globalThis.ContractlensCore;

async function loadSettings() {
  return Core.normaliseSettings(await chrome.storage.local.get(Object.keys(Core.DEFAULTS)));
}

async function setBadge(tabId, badge) {
  await chrome.action.setBadgeText({ tabId: tabId, text: badge.text });
  await chrome.action.setBadgeBackgroundColor({ tabId: tabId, color: badge.color || "#6b7280" });
  await chrome.action.setTitle({ tabId: tabId, title: badge.title || "contractlens" });
}

/** Look the tab's site up on the local server (checking it first when auto-check is on) and set its badge. */
async function refreshTab(tabId, url) {
  const site = Core.siteOf(url || "");
  if (!site) return setBadge(tabId, { text: "", title: "contractlens" });
  const settings = await loadSettings();
  if (!settings.token) return setBadge(tabId, { text: "?", title: "contractlens: paste the server's token in the options" });
  try {
    let answer = await Core.siteAnswer(settings, site);
    if (!answer && settings.autoCheck && !site.startsWith("127.0.0.1:" + settings.port)) {
      await setBadge(tabId, { text: "…", title: "contractlens: checking " + site });
      await Core.checkSite(settings, site);
      answer = await Core.siteAnswer(settings, site);
    }
    await setBadge(tabId, Core.badgeFor(answer));
  } catch (error) {
    await setBadge(tabId, { text: "?", title: "contractlens: " + error.message });
  }
}

chrome.tabs.onUpdated.addListener(function (tabId, info, tab) {
  if (info.status === "complete" && tab.url) refreshTab(tabId, tab.url);
});
chrome.tabs.onActivated.addListener(function (active) {
  chrome.tabs.get(active.tabId).then(function (tab) { if (tab.url) refreshTab(tab.id, tab.url); });
});

async function consentReply(links) {
  const settings = await loadSettings();
  if (!settings.token || !links.length) return null;
  const site = Core.siteOf(links[0]);
  if (!site) return null;
  const answer = await Core.siteAnswer(settings, site);
  return { text: Core.noticeText(answer), grade: Core.badgeFor(answer).text, report: answer ? answer.report : null };
}

chrome.runtime.onMessage.addListener(function (message, sender, reply) {
  if (message.type === "consent") {
    consentReply(message.links || []).then(reply, function () { reply(null); });
    return true;
  }
  if (message.type === "open-report" && typeof message.report === "string" && message.report.startsWith("/report/")) {
    loadSettings().then(function (settings) { chrome.tabs.create({ url: Core.reportUrl(settings, message.report) }); });
    return false;
  }
  if (message.type === "refresh" && Number.isInteger(message.tabId)) {
    refreshTab(message.tabId, message.url).then(function () { reply(true); });
    return true;
  }
  return false;
});
