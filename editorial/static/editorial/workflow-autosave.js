// Autosave stops once the editor form is on its way.
//
// Wagtail's workflow buttons ("Approve and publish", "Request changes", ...) add hidden
// inputs to the edit form and submit it. Wagtail's unsaved-changes check sees the new
// inputs as an edit, and autosave posted the form again a moment later: after the
// approval had published the page, that post saved a new draft (LIVE + DRAFT).
// Here an autosave is cancelled (and autosave switched off for the page) when the form
// carries a workflow action or has been submitted. The server refuses such an autosave
// too (editorial/workflow.py).
(() => {
  const submitted = new WeakSet();

  const stop = (form) => {
    if (form.hasAttribute('data-w-autosave-interval-value')) {
      form.setAttribute('data-w-autosave-active-value', 'false');
    }
  };

  document.addEventListener('submit', (event) => {
    // Listened to on the document, after the form's own handlers: a submission that one
    // of them stopped (a confirmation dialog, say) leaves autosave on.
    const form = event.target;
    if (form instanceof HTMLFormElement && !event.defaultPrevented) {
      submitted.add(form);
      stop(form);
    }
  });

  document.addEventListener('w-autosave:save', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const workflowAction = form.querySelector(
      'input[type=hidden][name="action-workflow-action"], input[type=hidden][name="workflow-action-name"]',
    );
    if (workflowAction || submitted.has(form)) {
      event.preventDefault();
      stop(form);
    }
  });
})();
