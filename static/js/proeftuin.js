// Moves focus to the main content after an htmx swap of the whole page body, so screen
// reader users hear where they are. No inline scripts anywhere (CSP).
document.addEventListener("htmx:afterSettle", function (event) {
  const target = event.detail.target;
  if (target && target.dataset && target.dataset.focusAfterSwap !== undefined) {
    target.focus();
  }
});
