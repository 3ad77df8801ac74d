// The place fields as comboboxes (the ARIA 1.2 pattern, a text field with a
// listbox popup and list autocomplete): where pay is set on the calculator,
// the comparison and the report form, and where the person lives on the
// first two. Typing asks the server for places that begin as typed
// (`/api/v1/places?q=`, see src/web/place.rs); the arrow keys move through
// them, Enter picks one, Escape closes the list, and a polite live region
// says how many there are. A place picked is put in the field as its value;
// the server resolves it when the form is sent, as it does without this
// script, when the field is an ordinary text field.
(() => {
  'use strict';

  const fields = document.querySelectorAll('input[data-places]');
  if (!fields.length || !window.fetch || !window.AbortController) {
    return;
  }

  // Answers already fetched, by what was typed, for every field on the page.
  const answers = new Map();
  const MAX_KEPT = 100;

  async function placesFor(address, typed) {
    const key = typed.trim().toLowerCase();
    if (answers.has(key)) {
      return answers.get(key);
    }
    const response = await fetch(address + '?q=' + encodeURIComponent(key), {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error('places: ' + response.status);
    }
    const places = (await response.json()).places || [];
    if (answers.size >= MAX_KEPT) {
      answers.delete(answers.keys().next().value);
    }
    answers.set(key, places);
    return places;
  }

  function enhance(input) {
    const label = document.querySelector('label[for="' + input.id + '"]');
    if (label && !label.id) {
      label.id = input.id + '-label';
    }
    const list = document.createElement('ul');
    list.id = input.id + '-list';
    list.className = 'place-list';
    list.setAttribute('role', 'listbox');
    if (label) {
      list.setAttribute('aria-labelledby', label.id);
    }
    list.hidden = true;
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');
    input.after(list, status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    let places = [];
    let active = -1;
    let timer = 0;
    let asked = 0;

    function open() {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
      for (const option of list.children) {
        option.setAttribute('aria-selected', 'false');
      }
    }

    function show(found) {
      // A fresher answer keeps the place the person had marked, if it is there.
      const marked = active >= 0 && places[active] ? places[active].value : null;
      places = found;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.replaceChildren(
        ...found.map((place, i) => {
          const option = document.createElement('li');
          option.id = list.id + '-' + i;
          option.setAttribute('role', 'option');
          option.setAttribute('aria-selected', 'false');
          const name = document.createElement('span');
          name.className = 'place-name';
          name.textContent = place.place;
          const where = document.createElement('span');
          where.className = 'place-where';
          where.textContent = place.description;
          option.append(name, ' ', where);
          option.dataset.index = String(i);
          return option;
        }),
      );
      if (found.length) {
        open();
        const again = found.findIndex((place) => place.value === marked);
        if (again >= 0) {
          move(again);
        }
        status.textContent =
          found.length === 1
            ? '1 place found. Use the down arrow to choose it.'
            : found.length + ' places found. Use the up and down arrows to choose one.';
      } else {
        close();
        status.textContent = input.value.trim().length >= 2 ? 'No places found.' : '';
      }
    }

    async function suggest() {
      const mine = ++asked;
      const typed = input.value;
      let found = [];
      try {
        found = await placesFor(input.dataset.places, typed);
      } catch (error) {
        found = [];
      }
      // A later keystroke has asked again, or the field was left while this
      // was on its way: a list opening under another field would cover it.
      if (mine === asked && input.value === typed && document.activeElement === input) {
        show(found);
      }
    }

    function move(to) {
      if (!places.length) {
        return;
      }
      open();
      const options = list.children;
      if (active >= 0) {
        options[active].setAttribute('aria-selected', 'false');
      }
      active = (to + places.length) % places.length;
      const option = options[active];
      option.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }

    function pick(i) {
      const place = places[i];
      if (!place) {
        return;
      }
      input.value = place.value;
      close();
      status.textContent = place.place + ' chosen.';
      // The live forms update on `change`; typing itself does not ask them.
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }

    // Keystrokes ask for suggestions, not for a new result: the place is
    // resolved when one is picked, the field is left or the form is sent.
    input.addEventListener('input', (event) => {
      event.stopPropagation();
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 120);
    });

    input.addEventListener('keydown', (event) => {
      const expanded = !list.hidden;
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          if (event.altKey) {
            open();
          } else {
            move(expanded ? active + 1 : 0);
          }
          break;
        case 'ArrowUp':
          event.preventDefault();
          move(expanded ? active - 1 : places.length - 1);
          break;
        case 'Enter':
          if (expanded && active >= 0) {
            event.preventDefault();
            pick(active);
          }
          break;
        case 'Escape':
          if (expanded) {
            event.preventDefault();
            close();
          }
          break;
        default:
          break;
      }
    });

    // The place chooses the location when both are sent; a choice made in
    // the list afterwards is the newer answer, so the place gives way. A
    // field without `data-chooses` (where the person lives) has no list.
    const chooses = input.dataset.chooses && document.getElementById(input.dataset.chooses);
    if (chooses) {
      chooses.addEventListener('change', () => {
        if (input.value !== '') {
          input.value = '';
          status.textContent = '';
        }
      });
    }

    // Leaving the field closes the list and drops a suggestion not yet asked.
    input.addEventListener('blur', () => {
      window.clearTimeout(timer);
      close();
    });
    // A click on an option keeps the focus in the field, then picks it.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) {
        pick(Number(option.dataset.index));
      }
    });
  }

  fields.forEach(enhance);
})();
