/* A list whose rows are selected to act on many at once (the activity list's
   batch actions, the review queue's accept): a form with data-select-many and
   the selectors of its parts (data-item, data-all, data-apply, data-count).
   The count and "select all" follow the ticks; the action asks once, with
   data-confirm-one / data-confirm-many ({count}, and {action}: the label of the
   form's chosen action), and the button is disabled while it is sent. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-select-many]").forEach((form) => {
    const all = document.querySelector(form.dataset.all);
    const button = document.querySelector(form.dataset.apply);
    const count = document.querySelector(form.dataset.count);
    const action = form.querySelector("[name=action]");
    const boxes = () => Array.from(form.querySelectorAll(form.dataset.item));
    const chosen = () => boxes().filter((box) => box.checked);

    function refresh() {
      const n = chosen().length;
      count.textContent = String(n);
      button.disabled = n === 0;
      all.checked = n > 0 && n === boxes().length;
      all.indeterminate = n > 0 && n < boxes().length;
    }

    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
      refresh();
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches(form.dataset.item)) refresh();
    });
    form.addEventListener("submit", (event) => {
      const n = chosen().length;
      const text = (n === 1 && form.dataset.confirmOne ? form.dataset.confirmOne : form.dataset.confirmMany)
        .replace("{count}", String(n))
        .replace("{action}", action ? action.options[action.selectedIndex].text : "");
      if (n === 0 || !window.confirm(text)) {
        event.preventDefault();
        return;
      }
      button.disabled = true;
    });
    refresh();
  });
})();
