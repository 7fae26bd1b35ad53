// Progressive enhancement of the online forms: a field that applies only for some answer of another
// field (data-show-if / data-show-in) is hidden until that answer is chosen. Without JavaScript every
// field shows, with a note saying when to fill it, and the server ignores the ones that do not apply.
(function () {
  'use strict';
  var dependents = document.querySelectorAll('[data-show-if]');
  if (!dependents.length) return;
  function valueOf(form, name) {
    var controls = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if (c.type === 'radio' || c.type === 'checkbox') { if (c.checked) return c.value; } else return c.value;
    }
    return '';
  }
  function update() {
    for (var i = 0; i < dependents.length; i++) {
      var el = dependents[i];
      var form = el.closest('form');
      if (!form) continue;
      var wanted = el.getAttribute('data-show-in').split('|');
      el.hidden = wanted.indexOf(valueOf(form, el.getAttribute('data-show-if'))) === -1;
    }
  }
  document.addEventListener('change', update);
  update();
})();
// A page that comes back with errors: the summary takes the focus, so it is read first.
(function () {
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
