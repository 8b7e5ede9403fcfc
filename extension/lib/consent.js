/* contractlens extension: find the moment of acceptance on a page.
 *
 * A sign-up or checkout form that links to terms or a privacy policy, with an "I agree" /
 * "accept" control (a checkbox with such a label, or such a button). Pure DOM reading: nothing
 * leaves the page except the addresses of the linked documents, sent to the extension itself.
 */
(function (root) {
  "use strict";

  const AGREE = /\b(i agree|i accept|agree|accept|i have read|sign up|create (an |my )?account|register|place (my |your )?order|buy now|subscribe|j'accepte|accepter|ich stimme|akzeptieren|accetto|acepto|akceptuj)/i;
  const LEGAL = /(terms|conditions|privacy|policy|legal|tos\b|agb|datenschutz|nutzungsbedingungen|cgu|cgv|confidentialit|condizioni|termini|regulamin|prywatno|condiciones|privacidad)/i;

  function textOf(el) {
    if (!el) return "";
    if (el.tagName === "INPUT" && el.type !== "checkbox") return el.value || el.getAttribute("aria-label") || "";
    if (el.tagName === "INPUT") {
      const label = (el.id && el.ownerDocument.querySelector('label[for="' + CSS.escape(el.id) + '"]')) || el.closest("label");
      return label ? label.textContent : (el.getAttribute("aria-label") || "");
    }
    return el.textContent || el.getAttribute("aria-label") || "";
  }

  /** [{control, links}] for each form with an agreeing control and links to legal documents. */
  function findConsent(doc) {
    const found = [];
    doc.querySelectorAll("form").forEach(function (form) {
      const links = Array.prototype.filter.call(form.querySelectorAll("a[href]"), function (a) {
        return /^https?:/.test(a.href) && LEGAL.test(a.textContent + " " + a.getAttribute("href"));
      }).map(function (a) { return a.href; });
      if (!links.length) return;
      const controls = form.querySelectorAll("input[type=checkbox], button, input[type=submit], input[type=button]");
      let control = null;
      controls.forEach(function (el) {
        if (!control && el.type === "checkbox" && AGREE.test(textOf(el))) control = el;
      });
      controls.forEach(function (el) {
        if (!control && el.type !== "checkbox" && AGREE.test(textOf(el))) control = el;
      });
      if (control) found.push({ control: control, links: Array.from(new Set(links)) });
    });
    return found;
  }

  /** Put (or update) the notice right after the control (after its label, for a checkbox). */
  function placeNotice(control, text, grade) {
    const doc = control.ownerDocument;
    const anchor = control.type === "checkbox" ? (control.closest("label") || control) : control;
    let notice = anchor.nextElementSibling;
    if (!notice || !notice.classList.contains("contractlens-notice")) {
      notice = doc.createElement("span");
      notice.className = "contractlens-notice";
      notice.setAttribute("role", "note");
      notice.style.cssText = "display:inline-block;margin:0 .5em;padding:.1em .5em;border-radius:4px;" +
        "font:600 13px system-ui,sans-serif;color:#fff;cursor:pointer;background:#6b7280";
      anchor.insertAdjacentElement("afterend", notice);
    }
    notice.textContent = text;
    notice.dataset.grade = grade;
    const colors = (root.ContractlensCore || {}).COLORS || {};
    if (colors[grade]) notice.style.background = colors[grade];
    return notice;
  }

  const api = { AGREE, LEGAL, findConsent, placeNotice };
  root.ContractlensConsent = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
