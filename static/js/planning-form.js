/* The activity form: show the fields of the chosen recurrence preset, help pick
 * supporting units (filter, whole groups, count). The date preview is htmx. */
(function () {
  "use strict";
  const form = document.getElementById("activity-form");
  if (!form) return;

  // The date preview (htmx) refreshes while typing, after a pause, and at once
  // when a choice changes. Text boxes do not refresh again on blur: a late
  // refresh would move the Save button under the pointer and lose the click.
  const preview = document.getElementById("recurrence-preview");
  let timer = null;
  function refreshPreview(delay) {
    if (!preview) return;
    clearTimeout(timer);
    timer = setTimeout(() => preview.dispatchEvent(new Event("preview-refresh")), delay);
  }
  const typed = (target) => target.matches("input[type=text], textarea, input[type=search]");
  form.addEventListener("input", (event) => {
    if (typed(event.target)) refreshPreview(500);
  });
  form.addEventListener("change", (event) => {
    if (!typed(event.target)) refreshPreview(100);
  });

  // "Start from today" in the preview: set the start date and preview again.
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-start-from]");
    if (!button) return;
    const start = form.querySelector("[name=start_date]");
    if (!start) return;
    start.value = button.dataset.startFrom;
    start.dispatchEvent(new Event("change", { bubbles: true }));
    refreshPreview(0);
  });

  const preset = form.querySelector("[name=recurrence_preset]");
  function showPreset() {
    const value = preset ? preset.value : "once";
    form.querySelectorAll(".js-preset").forEach((wrapper) => {
      wrapper.classList.toggle("d-none", !wrapper.classList.contains("js-preset-" + value));
    });
  }
  if (preset) {
    preset.addEventListener("change", showPreset);
    showPreset();
  }

  const kindsTag = document.getElementById("unit-kinds");
  const kinds = kindsTag ? JSON.parse(kindsTag.textContent) : {};
  const boxes = () => Array.from(form.querySelectorAll("input[name=supporting_units]"));
  const lead = form.querySelector("[name=lead_unit]");
  const counter = document.getElementById("unit-count");

  function refresh() {
    const leadValue = lead ? lead.value : "";
    boxes().forEach((box) => {
      const isLead = box.value === leadValue;
      box.disabled = isLead;
      if (isLead) box.checked = false;
    });
    if (counter) {
      const chosen = boxes().filter((box) => box.checked).length;
      counter.textContent = counter.dataset.template
        ? counter.dataset.template.replace("%s", chosen)
        : "+" + chosen;
    }
  }

  const filter = document.getElementById("unit-filter");
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  if (filter) {
    filter.addEventListener("input", () => {
      const wanted = fold(filter.value.trim());
      boxes().forEach((box) => {
        const wrapper = box.closest(".form-check");
        const label = wrapper ? wrapper.textContent : "";
        wrapper.classList.toggle("d-none", wanted !== "" && !fold(label).includes(wanted));
      });
    });
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
  document.querySelectorAll("[data-select-kind]").forEach((button) => {
    button.addEventListener("click", () => {
      const wanted = button.dataset.selectKind.split(" ").filter(Boolean);
      boxes().forEach((box) => {
        if (wanted.length === 0) box.checked = false;
        else if (wanted.includes(kinds[box.value])) box.checked = true;
      });
      refresh();
      form.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
  form.addEventListener("change", refresh);
  refresh();
})();
