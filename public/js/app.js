// Small progressive enhancements; every page works without them.
(function () {
  'use strict';

  // User form: show the startup or organisation field only for the role that needs it.
  var roleSelect = document.querySelector('[data-role-select]');
  if (roleSelect) {
    var update = function () {
      document.querySelectorAll('[data-for-role]').forEach(function (el) {
        el.hidden = el.getAttribute('data-for-role') !== roleSelect.value;
      });
    };
    roleSelect.addEventListener('change', update);
    update();
  }

  // One-time links: select the whole link on focus so it can be copied at once.
  document.querySelectorAll('[data-select-on-focus]').forEach(function (input) {
    input.addEventListener('focus', function () { input.select(); });
  });
})();
