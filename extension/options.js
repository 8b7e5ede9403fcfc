/* contractlens options: pair with the local server (token, port), your terms, auto-check (off by default). */
(function () {
  "use strict";
  const Core = globalThis.ContractlensCore;
  const $ = function (id) { return document.getElementById(id); };

  async function load() {
    const s = Core.normaliseSettings(await chrome.storage.local.get(Object.keys(Core.DEFAULTS)));
    $("token").value = s.token;
    $("port").value = s.port;
    $("terms").value = s.terms.join(", ");
    $("autoCheck").checked = s.autoCheck;
  }

  async function save() {
    const port = Core.validPort($("port").value);
    if (port === null) { $("status").textContent = "The port must be a number from 1 to 65535."; return; }
    const settings = Core.normaliseSettings({
      token: $("token").value, port: port, autoCheck: $("autoCheck").checked,
      terms: $("terms").value.split(",").map(function (t) { return t.trim(); }),
    });
    await chrome.storage.local.set(settings);
    try {
      const r = await Core.call(settings, "/api/history");
      $("status").textContent = r.status === 200 ? "Saved; paired with the server." : "Saved, but the server said: " + (r.data.error || r.status);
      $("status").dataset.paired = String(r.status === 200);
    } catch (error) {
      $("status").textContent = "Saved, but the server did not answer: " + error.message;
      $("status").dataset.paired = "false";
    }
  }

  $("save").addEventListener("click", save);
  load();
})();
