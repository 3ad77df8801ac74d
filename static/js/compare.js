// The live comparison: as the person changes any answer, the comparison
// below the form follows (static/js/live.js does the work; the server
// renders it). The Compare button still submits the form as a page.
(() => {
  'use strict';

  if (!window.liveForm) {
    return;
  }
  window.liveForm({
    form: 'form.compare-form',
    region: 'comparison',
    path: '/compare',
    debounceMs: 300,
    dropEmpty: true,
  });
})();
