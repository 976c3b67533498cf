// depeche: progressive enhancements. Every feature works without this file;
// with it, the contrast toggle applies without a reload and the menu closes
// with its "Fermer" button or the Escape key.
(function () {
  "use strict";

  function initContrast() {
    var form = document.querySelector(".contrast-form");
    var button = document.getElementById("contrast-toggle");
    if (!form || !button || !window.fetch) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var next = form.elements.contrast.value;
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {
        method: "POST",
        body: body,
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { form.submit(); return; }
        var high = next === "high";
        document.documentElement.classList.toggle("contrast-high", high);
        button.setAttribute("aria-pressed", high ? "true" : "false");
        form.elements.contrast.value = high ? "normal" : "high";
      }).catch(function () { form.submit(); });
    });
  }

  function initMenu() {
    var menu = document.querySelector(".site-menu");
    if (!menu) return;
    var summary = menu.querySelector("summary");
    var close = menu.querySelector(".menu-close");
    function shut() {
      if (!menu.open) return;
      menu.open = false;
      summary.focus();
    }
    if (close) close.addEventListener("click", shut);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") shut();
    });
  }

  initContrast();
  initMenu();
})();
