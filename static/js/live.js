// The live update of a form's result, shared by the calculator and the
// compare page. As the person changes any answer, the page asks the server
// for the fragment of the address the form would submit (`/calculator/result?…`
// beside `/calculator?…`, see src/web/fragment.rs) and moves what it renders
// into place: the result after its heading, the messages beside each field
// and above the form, and the title. The address bar follows with
// history.replaceState. Everything shown is rendered by the server's own
// templates; this file holds no markup, so what the page shows live is what
// the server renders for that address, by construction. A result comes
// with the place fields' hints, so a typed place's note and the location it
// chose follow too.
//
// Without this script (or without fetch) each form is an ordinary GET form.
window.liveForm = (options) => {
  'use strict';

  const form = document.querySelector(options.form);
  const region = document.getElementById(options.region);
  const heading = region && region.querySelector(':scope > h2');
  if (!form || !heading || !window.fetch || !window.AbortController || !window.DOMParser) {
    return;
  }

  // With `dropEmpty` (the comparison, whose three scenarios carry many
  // fields), empty answers are left out of the address: the server reads a
  // missing field as an empty one, and a shared link stays short. Elsewhere
  // the address is what the form itself submits without JavaScript, but for
  // one rule: a typed place chooses the location (`data-chooses` names the
  // list; a place field without it, such as where the person lives, has no
  // list to leave out), as the server decides when both are sent, so the
  // address carries the place and leaves the list's answer out. The place,
  // not the location it was found in, because it is what the person said:
  // the link shows it again with where it was found, or with its message
  // when it is unknown.
  function currentQuery() {
    const chosenByPlace = new Set();
    for (const place of form.querySelectorAll('input[data-chooses]')) {
      const list = document.getElementById(place.dataset.chooses);
      if (list && place.value.trim() !== '') {
        chosenByPlace.add(list.name);
      }
    }
    const pairs = Array.from(new FormData(form)).filter(([name]) => !chosenByPlace.has(name));
    const kept = options.dropEmpty ? pairs.filter(([, value]) => value !== '') : pairs;
    return new URLSearchParams(kept).toString();
  }

  // What a field's messages and marks belong to: a group's fieldset, or the
  // `.field` around a single control.
  function box(control) {
    return control.tagName === 'FIELDSET' ? control : control.closest('.field');
  }

  // Copies the marks the server put on each field (its message, the error
  // class, aria-invalid and aria-describedby) and the error summary, leaving
  // the person's answers alone. A result comes without the form: nothing is
  // marked. Unchanged messages stay in place, so nothing is announced twice.
  // Returns the error summary shown, if any.
  function takeMarks(served) {
    for (const control of form.querySelectorAll('[id^="field-"]')) {
      const mine = box(control);
      const twin = served.getElementById(control.id);
      const twinBox = twin && box(twin);
      if (!mine) {
        continue;
      }
      mine.classList.toggle('has-error', Boolean(twinBox && twinBox.classList.contains('has-error')));
      const error = control.id.slice('field-'.length) + '-error';
      const describedBy = (control.getAttribute('aria-describedby') || '')
        .split(/\s+/)
        .filter((id) => id && id !== error)
        .join(' ');
      for (const [name, fallback] of [
        ['aria-invalid', ''],
        ['aria-describedby', describedBy],
      ]) {
        const value = twin ? twin.getAttribute(name) : fallback;
        if (value) {
          control.setAttribute(name, value);
        } else {
          control.removeAttribute(name);
        }
      }
      const message = mine.querySelector(':scope > .field-error');
      const twinMessage = twinBox && twinBox.querySelector(':scope > .field-error');
      if (!twinMessage) {
        if (message) {
          message.remove();
        }
      } else if (!(message && message.isEqualNode(twinMessage))) {
        const fresh = document.importNode(twinMessage, true);
        const before = control === mine ? mine.querySelector(':scope > .choice-list') : control;
        if (message) {
          message.replaceWith(fresh);
        } else if (before) {
          before.before(fresh);
        }
      }
    }
    const summary = form.querySelector(':scope > .error-summary');
    const twinSummary = served.querySelector('form > .error-summary');
    if (!twinSummary) {
      if (summary) {
        summary.remove();
      }
      return null;
    }
    if (summary && summary.isEqualNode(twinSummary)) {
      return summary;
    }
    const fresh = document.importNode(twinSummary, true);
    if (summary) {
      summary.replaceWith(fresh);
    } else {
      form.prepend(fresh);
    }
    return fresh;
  }

  // Puts each place field's hint as served in place (where the place was
  // found, or what to type) and selects, in the list the place chooses (if
  // it chooses one), the location it was found in, as a full render of the
  // same address shows them.
  function takePlaces(served) {
    for (const twin of served.querySelectorAll('[data-chosen]')) {
      const mine = document.getElementById(twin.id);
      if (mine && !mine.isEqualNode(twin)) {
        mine.replaceWith(document.importNode(twin, true));
      }
      // Where the person lives chooses no list: its hint is all there is.
      const list = twin.dataset.chooses && document.getElementById(twin.dataset.chooses);
      if (list && twin.dataset.chosen) {
        list.value = twin.dataset.chosen;
      }
    }
  }

  // Replaces everything after the region's heading in one go; the heading
  // and the live region itself stay, so only the new result is announced.
  function swapResult(fresh) {
    const nodes = [];
    let node = fresh.querySelector(':scope > h2');
    while (node && (node = node.nextSibling)) {
      nodes.push(document.importNode(node, true));
    }
    while (heading.nextSibling) {
      heading.nextSibling.remove();
    }
    heading.after(...nodes);
  }

  // With `quietUntil`, the page goes live once there is something to keep up
  // to date: a result or messages, or any answer after that field has one.
  // Until then a change elsewhere on the empty form does not shout for it.
  let live =
    !options.quietUntil ||
    Boolean(region.querySelector(options.shown) || form.querySelector(':scope > .error-summary'));
  let shownQuery = live ? currentQuery() : null;
  let timer = 0;
  let controller = null;
  let generation = 0;

  async function update(submitted) {
    window.clearTimeout(timer);
    const query = currentQuery();
    const quiet = options.quietUntil && form.elements.namedItem(options.quietUntil);
    if (!submitted && (query === shownQuery || (!live && quiet && quiet.value.trim() === ''))) {
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const mine = ++generation;
    region.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(options.path + '/result?' + query, {
        signal: controller.signal,
        headers: { Accept: 'text/html' },
      });
      if (!response.ok && response.status !== 422) {
        throw new Error('update failed: ' + response.status);
      }
      const served = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = served.getElementById(options.region);
      if (mine !== generation) {
        return;
      }
      if (!fresh) {
        throw new Error('update failed: no #' + options.region);
      }
      const summary = takeMarks(served);
      takePlaces(served);
      swapResult(fresh);
      document.title = served.title;
      history.replaceState(history.state, '', options.path + '?' + query);
      shownQuery = query;
      live = true;
      const focusTarget = response.ok ? heading : summary;
      if (submitted && focusTarget) {
        focusTarget.focus();
      }
    } catch (error) {
      // A stale request was aborted: a newer one is on its way. Any other
      // failure leaves the page as it was; a submit falls back to the server.
      if (error.name !== 'AbortError' && submitted && mine === generation) {
        form.submit();
      }
    } finally {
      if (mine === generation) {
        region.removeAttribute('aria-busy');
      }
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => update(false), options.debounceMs);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  if (options.submitInPlace) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      update(true);
    });
  }
};
