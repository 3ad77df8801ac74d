// The live comparison: as the person changes any answer, the page asks the
// server for the same address the form would submit (GET /compare?…) and
// swaps in the comparison and the field messages it renders, so what the
// script shows is exactly what the server renders for that address. The
// address bar follows with history.replaceState.
//
// Without this script (or without fetch) the form is an ordinary GET form.
(() => {
  'use strict';

  const form = document.querySelector('form.compare-form');
  const section = document.getElementById('comparison');
  if (!form || !section || !window.fetch || !window.AbortController || !window.DOMParser) {
    return;
  }
  const DEBOUNCE_MS = 300;
  let timer = 0;
  let controller = null;
  let shownQuery = new URLSearchParams(new FormData(form)).toString();

  function currentQuery() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  // Copies what the server marks on each field (message, aria attributes,
  // error class) and its error summary, leaving the person's typing alone.
  function takeFieldMarks(served) {
    for (const field of form.querySelectorAll('.field')) {
      const control = field.querySelector('[id^="field-"]');
      const twin = control && served.getElementById(control.id);
      const twinField = twin && twin.closest('.field');
      if (!twinField) {
        continue;
      }
      field.classList.toggle('has-error', twinField.classList.contains('has-error'));
      for (const name of ['aria-invalid', 'aria-describedby']) {
        const value = twin.getAttribute(name);
        if (value === null) {
          control.removeAttribute(name);
        } else {
          control.setAttribute(name, value);
        }
      }
      const message = field.querySelector(':scope > .field-error');
      const twinMessage = twinField.querySelector(':scope > .field-error');
      if (message && !twinMessage) {
        message.remove();
      } else if (twinMessage && !(message && message.isEqualNode(twinMessage))) {
        const fresh = document.importNode(twinMessage, true);
        if (message) {
          message.replaceWith(fresh);
        } else {
          control.before(fresh);
        }
      }
    }
    const summary = form.querySelector(':scope > .error-summary');
    const twinSummary = served.querySelector('form.compare-form > .error-summary');
    if (summary && !twinSummary) {
      summary.remove();
    } else if (twinSummary && !(summary && summary.isEqualNode(twinSummary))) {
      const fresh = document.importNode(twinSummary, true);
      if (summary) {
        summary.replaceWith(fresh);
      } else {
        form.prepend(fresh);
      }
    }
  }

  async function update() {
    const query = currentQuery();
    if (query === shownQuery) {
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    section.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch('/compare?' + query, {
        signal: controller.signal,
        headers: { Accept: 'text/html' },
      });
      if (!response.ok && response.status !== 422) {
        return;
      }
      const served = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = served.getElementById('comparison');
      if (!fresh) {
        return;
      }
      section.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
      takeFieldMarks(served);
      document.title = served.title;
      history.replaceState(history.state, '', '/compare?' + query);
      shownQuery = query;
    } catch (error) {
      // A stale request was aborted, or the network failed: the page stays
      // as it was, and the form still submits normally.
    } finally {
      section.removeAttribute('aria-busy');
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DEBOUNCE_MS);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
