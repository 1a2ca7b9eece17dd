/* The planning calendar: FullCalendar (served locally) fed by JSON endpoints.
 * Planners drag an occurrence to reschedule it; the server checks every move. */
(function () {
  "use strict";
  const element = document.getElementById("calendar");
  if (!element || typeof FullCalendar === "undefined") return;
  const config = JSON.parse(document.getElementById("calendar-config").textContent);
  const filters = document.getElementById("calendar-filters");
  const status = document.getElementById("calendar-status");
  const holidays = new Map();
  // Make-up working Saturdays/Sundays (holidays package): not days off.
  const workdays = new Set();

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function notify(text, kind) {
    const alert = document.createElement("div");
    alert.className = "alert alert-" + kind + " shadow-sm mb-2";
    alert.setAttribute("role", kind === "danger" ? "alert" : "status");
    alert.textContent = text;
    status.appendChild(alert);
    setTimeout(() => alert.remove(), kind === "danger" ? 8000 : 4000);
  }

  const ymd = (date) => {
    const pad = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  };
  const dmy = (text) => text.split("-").reverse().join("/");

  function params() {
    const data = new FormData(filters);
    const result = {};
    for (const [key, value] of data.entries()) if (value) result[key] = value;
    return result;
  }

  // A phone (Bootstrap's "sm" and below) gets the month as a list, with the
  // toolbar on two short lines: a grid of seven 50 px columns holds no title.
  const phone = window.matchMedia("(max-width: 575.98px)");
  const toolbars = (small) => small
    ? { headerToolbar: { left: "prev,next", center: "title", right: "today" },
        footerToolbar: { center: "listMonth,dayGridMonth" } }
    : { headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,dayGridWeek,listMonth" },
        footerToolbar: false };

  const calendar = new FullCalendar.Calendar(element, {
    locale: element.dataset.locale === "en" ? "en-gb" : "vi",
    initialView: phone.matches ? "listMonth" : "dayGridMonth",
    ...toolbars(phone.matches),
    initialDate: config.initialDate,
    firstDay: 1,
    height: "auto",
    // The feed sends a day at most this many items, its summary of a busy day
    // included ("+ 350 more"): all of them show, in the server's order (rank).
    dayMaxEvents: config.dayMaxEvents,
    eventOrder: "start,-duration,allDay,rank,title",
    editable: config.canEdit,
    eventStartEditable: config.canEdit,
    eventDurationEditable: false,
    eventSources: [
      { id: "items", url: config.eventsUrl, extraParams: params,
        failure: () => notify(config.messages.failed, "danger") },
      { id: "holidays", url: config.holidaysUrl,
        success: (events) => {
          holidays.clear();
          workdays.clear();
          events.forEach((e) => (e.extendedProps && e.extendedProps.kind === "workday" ? workdays.add(e.start) : holidays.set(e.start, e.title)));
          return events;
        } },
    ],
    eventDidMount: (info) => {
      const props = info.event.extendedProps;
      if (props.kind === "occurrence") {
        const parts = [info.event.title, props.channel, props.units + " " + config.messages.units, props.done + " " + config.messages.done];
        if (props.overdue) parts.push(props.overdue + " " + config.messages.overdue);
        info.el.setAttribute("title", parts.join(" · "));
      } else if (props.kind === "activity") {
        info.el.setAttribute("title", info.event.title + " · " + props.channel);
      } else if (props.kind === "more") {
        info.el.setAttribute("title", info.event.title);
      }
      if (props.activity) {
        info.el.dataset.activity = props.activity;
        if (props.date) info.el.dataset.date = props.date;
      }
    },
    eventDrop: (info) => {
      const props = info.event.extendedProps;
      const target = ymd(info.event.start);
      const day = info.event.start.getDay();
      const weekendOff = (day === 0 || day === 6) && !workdays.has(target);
      if ((weekendOff || holidays.has(target)) &&
          !window.confirm(config.messages.confirmOffDay.replace("%(day)s", dmy(target)))) {
        info.revert();
        return;
      }
      const body = new FormData();
      body.append("kind", props.kind);
      body.append("activity", props.activity);
      body.append("to_date", target);
      if (props.kind === "occurrence") body.append("from_date", props.date);
      if (props.unit) body.append("unit", props.unit);
      fetch(config.moveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      })
        .then((response) => response.json().then((json) => ({ ok: response.ok, json: json })))
        .then(({ ok, json }) => {
          if (!ok || !json.ok) {
            info.revert();
            notify(json.error || config.messages.failed, "danger");
            return;
          }
          notify(json.message + (json.warning ? " " + json.warning : ""), json.warning ? "warning" : "success");
          calendar.getEventSourceById("items").refetch();
        })
        .catch(() => {
          info.revert();
          notify(config.messages.failed, "danger");
        });
    },
  });
  calendar.render();
  phone.addEventListener("change", (event) => {
    const options = toolbars(event.matches);
    calendar.setOption("headerToolbar", options.headerToolbar);
    calendar.setOption("footerToolbar", options.footerToolbar);
    calendar.changeView(event.matches ? "listMonth" : "dayGridMonth");
  });
  element.dataset.ready = "1";
  filters.addEventListener("change", () => calendar.getEventSourceById("items").refetch());
  filters.addEventListener("submit", (event) => event.preventDefault());
})();
