// Organisation pages: ask before a destructive plain form (removing a member) is sent.
// Without JavaScript the form simply posts; htmx forms use hx-confirm instead.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
