// The live calculator: as the person changes any answer, the result beside
// the form follows (static/js/live.js does the work; the server renders it).
(() => {
  'use strict';

  if (!window.liveForm) {
    return;
  }
  window.liveForm({
    form: 'form.calculator-form',
    region: 'result',
    path: '/calculator',
    debounceMs: 250,
    // Quiet until years of experience, the one required answer, has a value
    // (or the page already shows a result or messages).
    quietUntil: 'years',
    shown: '.median',
    // "Estimate my pay" updates in place too, then moves focus to the result
    // or to the list of answers that need fixing.
    submitInPlace: true,
  });
})();
