// ACH matrix: a rating is saved as soon as its select changes (the form works without this).
"use strict";
(function () {
  const form = document.getElementById("matrix-form");
  if (!form) return;
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.name.startsWith("r:")) {
      target.closest("td").classList.add("saving");
      form.requestSubmit();
    }
  });
})();
