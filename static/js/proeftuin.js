// Proeftuin's only script. No inline scripts anywhere (CSP).

// Send the current CSRF token with every htmx request. It is read from the cookie at the
// moment of sending, so a page opened before the person signed in again (which rotates the
// token) can still save.
function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

document.addEventListener("htmx:configRequest", function (event) {
  event.detail.headers["X-CSRFToken"] = csrfToken();
});

// When an autosave answers "signed out", keep the text on the page and retry every 10 s,
// so it is saved as soon as the person has signed in again in another tab.
let retryTimer = null;
document.addEventListener("htmx:afterSettle", function (event) {
  const status = document.getElementById("save-status");
  if (!status) return;
  const form = status.closest("form");
  if (status.hasAttribute("data-signed-out")) {
    if (!retryTimer && form) {
      retryTimer = setInterval(function () { htmx.trigger(form, "change"); }, 10000);
    }
  } else if (retryTimer) {
    clearInterval(retryTimer);
    retryTimer = null;
  }
});

// A draft survives a closed tab: what was typed since the last save is sent with a beacon
// when the page is hidden or left (the form carries its own idempotency token). Every edit
// bumps a counter; a save clears the form's "dirty" mark only if nothing was typed while
// it was on its way.
document.addEventListener("input", function (event) {
  const form = event.target.closest && event.target.closest("form[data-autosave]");
  if (form) form.dataset.edits = String(Number(form.dataset.edits || 0) + 1);
});
document.addEventListener("htmx:beforeRequest", function (event) {
  const form = event.detail.elt;
  if (form && form.matches && form.matches("form[data-autosave]")) {
    form.dataset.sending = form.dataset.edits || "0";
  }
});
document.addEventListener("htmx:afterRequest", function (event) {
  const form = event.detail.elt;
  if (form && form.matches && form.matches("form[data-autosave]") && event.detail.successful) {
    form.dataset.saved = form.dataset.sending || "0";
  }
});
function flushAutosave() {
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    if ((form.dataset.edits || "0") === (form.dataset.saved || "0")) return;
    const data = new FormData(form);
    data.set("csrfmiddlewaretoken", csrfToken());
    if (navigator.sendBeacon(form.action, data)) form.dataset.saved = form.dataset.edits;
  });
}
document.addEventListener("visibilitychange", function () {
  if (document.visibilityState === "hidden") flushAutosave();
});
window.addEventListener("pagehide", flushAutosave);
