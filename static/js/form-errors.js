// A form sent back with errors: focus goes to the first field in error (the
// summary at the top lists them all, each a link to its field). Links of the
// summary focus their field rather than only scrolling to it.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  function fieldFor(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var field = document.getElementById(id);
    if (field) return field;
    var form = summary.closest("form") || document;
    return form.querySelector("[name='" + link.dataset.errorField + "']");
  }
  function focusField(field) {
    if (!field) return false;
    if (field.type === "hidden" || field.offsetParent === null) return false;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
    return true;
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-error-field]");
    if (!link) return;
    if (focusField(fieldFor(link))) event.preventDefault();
  });
  var form = summary.closest("form") || document;
  var first = form.querySelector(".is-invalid:not([type=hidden]), [aria-invalid=true]");
  var links = summary.querySelectorAll("a[data-error-field]");
  if (!focusField(first) && !(links.length && focusField(fieldFor(links[0])))) {
    summary.focus();
  }
})();
