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

  // A form shown again after an error keeps the address of its page, not the address it posted to.
  var pageUrl = document.body.getAttribute('data-page-url');
  if (pageUrl && pageUrl.charAt(0) === '/' && pageUrl.charAt(1) !== '/' && window.history && window.history.replaceState) {
    window.history.replaceState(null, '', pageUrl + window.location.hash);
  }

  // Pickers: a search box filters the list of checkboxes it names (every choice stays in the page without script).
  document.querySelectorAll('[data-filter-list]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('data-filter-list'));
    if (!list) return;
    input.addEventListener('input', function () {
      var wanted = input.value.trim().toLowerCase();
      list.querySelectorAll('[data-filter-item]').forEach(function (item) {
        var name = (item.getAttribute('data-filter-item') || '').toLowerCase();
        item.hidden = wanted !== '' && name.indexOf(wanted) === -1 && !item.querySelector('input:checked');
      });
    });
  });

  // One-time links: select the whole link on focus so it can be copied at once.
  document.querySelectorAll('[data-select-on-focus]').forEach(function (input) {
    input.addEventListener('focus', function () { input.select(); });
  });
})();
