// Submits a select's form as soon as another option is chosen (the admin's language switcher):
// an inline onchange handler would be refused by the Content Security Policy.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();
