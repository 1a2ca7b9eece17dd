// Every date box of the app (input.js-date, written dd/mm/yyyy) gets the
// vendored flatpickr in Vietnamese: one convention whatever the browser's or
// the operating system's language (a native date input shows mm/dd/yyyy on an
// English-language PC). Typing stays allowed; the server reads what is typed.
(function () {
  "use strict";
  if (!window.flatpickr) return;
  var locale = window.flatpickr.l10ns.vn || "default";
  function attach(root) {
    root.querySelectorAll("input.js-date").forEach(function (input) {
      if (input._flatpickr) return;
      window.flatpickr(input, {
        locale: locale,
        dateFormat: "d/m/Y",
        allowInput: true,
        // The same picker on a phone, not the phone's own in its own language.
        disableMobile: true,
        monthSelectorType: "static",
        ariaDateFormat: "d/m/Y",
      });
    });
  }
  attach(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    attach(event.target);
  });
})();
