// depeche: progressive enhancements. Every feature works without this file;
// with it, the contrast toggle applies without a reload, the menu closes
// with its "Fermer" button or the Escape key, comments are posted, edited
// and deleted without a reload, and "Signaler le commentaire" opens a
// dialog (closed by "Fermer" or Escape) instead of the report page.
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
    summary.setAttribute("aria-controls", "menu-panel");
    function sync() { summary.setAttribute("aria-expanded", menu.open ? "true" : "false"); }
    function shut() {
      if (!menu.open) return;
      menu.open = false;
      summary.focus();
    }
    sync();
    menu.addEventListener("toggle", function () {
      sync();
      if (menu.open) {
        var first = menu.querySelector(".menu-panel input, .menu-panel a");
        if (first) first.focus();
      }
    });
    if (close) close.addEventListener("click", shut);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") shut();
    });
    // A tap outside the open drawer closes it, as on native menus.
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  // "Copier le lien": shown only where the clipboard can be written.
  function initShare() {
    var button = document.querySelector(".copy-link");
    if (!button || !navigator.clipboard || !window.isSecureContext) return;
    var status = document.querySelector(".share-status");
    button.closest(".share-copy").hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
        if (status) status.textContent = button.getAttribute("data-done");
      });
    });
  }

  // Sends a comment form as the browser would, asking for JSON.
  function send(form, extra) {
    var body = new URLSearchParams(new FormData(form));
    if (extra) Object.keys(extra).forEach(function (k) { body.set(k, extra[k]); });
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  // One live region per comments section says what happened.
  function announce(section, text, isError) {
    var box = section.querySelector(".comment-live");
    if (!box) {
      box = document.createElement("p");
      box.className = "comment-live";
      box.setAttribute("role", "status");
      section.insertBefore(box, section.querySelector("h2").nextSibling);
    }
    box.className = "comment-live" + (isError ? " form-error" : " comment-notice");
    box.textContent = text;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function initComments() {
    var section = document.getElementById("commentaires");
    if (!section || !window.fetch || !window.URLSearchParams) return;

    section.addEventListener("submit", function (event) {
      var form = event.target;
      var isNew = form.classList.contains("comment-form");
      var isDelete = form.classList.contains("comment-delete");
      if (!isNew && !isDelete) return;
      event.preventDefault();
      send(form).then(function (result) {
        if (!result.ok) {
          announce(section, (result.data.error && result.data.error.text) || "", true);
          return;
        }
        var item = form.closest("li.comment");
        var data = result.data;
        if (isDelete) {
          if (item) item.remove();
        } else if (form.action.indexOf("/modifier") !== -1 && item) {
          item.replaceWith(fragment(data.html));
        } else {
          var node = fragment(data.html);
          var parent = form.querySelector("input[name=parent]");
          var host = null;
          if (parent && item) {
            host = item.querySelector("ol.replies");
            if (!host) {
              host = document.createElement("ol");
              host.className = "replies";
              item.appendChild(host);
            }
          } else {
            host = section.querySelector("ol.comment-list");
            if (!host) {
              host = document.createElement("ol");
              host.className = "comment-list";
              section.appendChild(host);
            }
          }
          host.appendChild(node);
          form.reset();
          var details = form.closest("details");
          if (details) details.open = false;
        }
        if (data.count_text) section.querySelector("h2").textContent = data.count_text;
        announce(section, data.notice_text || "", false);
      }).catch(function () { form.submit(); });
    });

    // "Signaler le commentaire" opens the dialog instead of the report page.
    var dialog = section.querySelector("dialog.report-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var reportForm = dialog.querySelector("form");
    var opener = null;
    section.addEventListener("click", function (event) {
      var link = event.target.closest(".report-link");
      if (!link) return;
      event.preventDefault();
      opener = link;
      reportForm.reset();
      reportForm.action = "/commentaires/" + link.getAttribute("data-comment") + "/signalements";
      var old = dialog.querySelector(".form-error");
      if (old) old.remove();
      dialog.showModal();
    });
    dialog.querySelector(".dialog-close").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    reportForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send(reportForm).then(function (result) {
        if (!result.ok) {
          var error = dialog.querySelector(".form-error");
          if (!error) {
            error = document.createElement("p");
            error.className = "form-error";
            error.setAttribute("role", "alert");
            reportForm.insertBefore(error, reportForm.querySelector("fieldset"));
          }
          error.textContent = (result.data.error && result.data.error.text) || "";
          return;
        }
        dialog.close();
        if (opener) {
          var done = document.createElement("span");
          done.className = "report-done";
          done.textContent = result.data.notice_text || "";
          opener.replaceWith(done);
          opener = null;
        }
        announce(section, result.data.notice_text || "", false);
      }).catch(function () { reportForm.submit(); });
    });
  }

  initContrast();
  initMenu();
  initShare();
  initComments();
})();
