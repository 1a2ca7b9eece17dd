/* Admin "periodic task" form: show the crontab in words under the crontab field.
   Replaces the inline script of django-celery-beat's template (CSP). */
"use strict";
(function () {
  const script = document.getElementById("periodic-task-overrides");
  const data = document.getElementById("readable-crontabs");
  if (!script || !data) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  const originalHelp = script.dataset.crontabHelp || "";
  const field = document.querySelector(".field-crontab");
  const select = document.getElementById("id_crontab");
  const translation = document.querySelector(".field-crontab_translation");
  if (translation) {
    translation.style.display = "none";
  }
  if (!field || !select) {
    return;
  }
  const help = field.querySelector(".help");
  select.addEventListener("change", function () {
    if (!help) {
      return;
    }
    help.textContent = originalHelp;
    const words = readable[select.value];
    if (words) {
      help.appendChild(document.createElement("br"));
      help.appendChild(document.createTextNode("Translation: " + words));
    }
  });
})();
