// Long work started by a form or a link marked data-busy-label: once started, its button says
// so and takes no second click, so the page never looks idle while the server works. Without
// JavaScript the form and the link work as they are; the server refuses a second identical job
// all the same.
(function () {
  "use strict";

  function markBusy(control, label) {
    control.setAttribute("aria-disabled", "true");
    control.setAttribute("data-idle-label", control.textContent);
    control.textContent = label;
    control.classList.add("busy");
  }

  function markIdle(control) {
    control.removeAttribute("aria-disabled");
    control.textContent = control.getAttribute("data-idle-label") || control.textContent;
    control.classList.remove("busy");
  }

  document.querySelectorAll("form[data-busy-label]").forEach(function (form) {
    var buttons = form.querySelectorAll("button[type=submit]");
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("aria-busy", "true");
      buttons.forEach(function (button) {
        markBusy(button, form.getAttribute("data-busy-label"));
        // Disabled once this submission is under way: a button disabled during the submit
        // event would leave the form without its submitter.
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  // A link that downloads a file made while the reader waits: the page stays, so the link
  // comes back after a while (the browser shows the download meanwhile).
  document.querySelectorAll("a[data-busy-label]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (link.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        return;
      }
      markBusy(link, link.getAttribute("data-busy-label"));
      window.setTimeout(function () { markIdle(link); }, 15000);
    });
  });

  // Back to a page kept by the browser's cache: its controls work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy-label]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
        markIdle(button);
      });
    });
    document.querySelectorAll("a[data-busy-label]").forEach(markIdle);
  });
})();
