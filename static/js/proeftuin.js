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
