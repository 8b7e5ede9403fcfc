/* contractlens extension, in the page: at a sign-up or checkout form, show the grade of the linked terms. */
(function () {
  "use strict";
  const consent = globalThis.ContractlensConsent;
  const spots = consent.findConsent(document);
  spots.forEach(function (spot) {
    chrome.runtime.sendMessage({ type: "consent", links: spot.links }).then(function (reply) {
      if (!reply) return;
      const notice = consent.placeNotice(spot.control, reply.text, reply.grade);
      if (reply.report) {
        notice.title = "Open the full report (contractlens, on this computer)";
        notice.addEventListener("click", function (event) {
          event.preventDefault();
          chrome.runtime.sendMessage({ type: "open-report", report: reply.report });
        });
      }
    }).catch(function () { /* the extension was reloaded: nothing to show */ });
  });
})();
