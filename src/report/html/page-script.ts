// The report's script, inline and allowed by its hash in the page's CSP. The table is
// already on the page; this adds sorting, filtering and expanding, and draws a finding's path
// picture from its data block (<script type="text/plain">) the first time the finding is opened
// (pictures are shared by the findings with the same path, so each is in the file once).
/** In the head, so that rows are laid out the script's way from the first byte parsed. */
export const EARLY_SCRIPT = "document.documentElement.classList.add('js');";

export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (table === null) return;
  var bodies = Array.prototype.filter.call(table.tBodies, function (b) { return b.classList.contains('finding'); });
  var count = document.getElementById('shown-count');
  var more = document.getElementById('show-more');
  var search = document.getElementById('filter-text');
  var reach = document.getElementById('filter-reach');
  var rule = document.getElementById('filter-rule');
  var severities = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));
  // Thousands of rows in the document make every sort and relayout slow: only the first
  // SHOWN_AT_ONCE matching rows are in the table, the rest kept aside until asked for; filters and
  // sorting always work on all of them.
  var SHOWN_AT_ONCE = 500;
  var limit = SHOWN_AT_ONCE;
  var order = bodies;
  var inTable = bodies;
  var texts = [];
  function textOf(body) {
    var i = Number(body.dataset.index);
    if (texts[i] === undefined) texts[i] = body.textContent.toLowerCase();
    return texts[i];
  }

  function applyFilters() {
    var wanted = {};
    severities.forEach(function (box) { wanted[box.value] = box.checked; });
    var words = search.value.toLowerCase().split(/\s+/).filter(function (w) { return w !== ''; });
    var matching = order.filter(function (body) {
      return wanted[body.dataset.severity] === true &&
        (reach.value === '' || body.dataset.reach === reach.value) &&
        (rule.value === '' || body.dataset.rule === rule.value) &&
        words.every(function (w) { return textOf(body).indexOf(w) !== -1; });
    });
    var matched = matching.length;
    var shown = matching.slice(0, limit);
    var keep = new Set(shown);
    inTable.forEach(function (body) { if (!keep.has(body)) body.remove(); });
    var fragment = document.createDocumentFragment();
    shown.forEach(function (body) { fragment.appendChild(body); });
    table.appendChild(fragment);
    inTable = shown;
    count.textContent = matched <= limit
      ? matched + ' of ' + bodies.length + ' findings shown'
      : 'the first ' + limit + ' of ' + matched + ' matching findings shown (' + bodies.length + ' in all)';
    more.hidden = matched <= limit;
    more.textContent = 'Show all ' + matched;
  }
  [search, reach, rule].concat(severities).forEach(function (input) {
    input.addEventListener('input', applyFilters);
    input.addEventListener('change', applyFilters);
  });
  more.addEventListener('click', function () {
    limit = Infinity;
    applyFilters();
  });

  function sortValue(body, column) {
    var cell = body.rows[0].cells[column];
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }
  function compareValues(a, b) {
    var number = /^-?\\d+(\\.\\d+)?$/;
    if (number.test(a) && number.test(b)) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  Array.prototype.forEach.call(table.querySelectorAll('th button.sort'), function (button) {
    button.addEventListener('click', function () {
      var header = button.parentElement;
      var column = Number(button.dataset.column);
      var direction = header.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(table.querySelectorAll('thead th[aria-sort]'), function (th) { th.setAttribute('aria-sort', 'none'); });
      header.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
      var keys = bodies.map(function (body) { return sortValue(body, column); });
      order = bodies.slice().sort(function (a, b) {
        var i = Number(a.dataset.index);
        var j = Number(b.dataset.index);
        return direction * compareValues(keys[i], keys[j]) || i - j;
      });
      applyFilters();
    });
  });

  function toggle(body) {
    var button = body.querySelector('button.expand');
    var detail = body.rows[1];
    var open = !detail.classList.contains('open');
    detail.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
    var figure = detail.querySelector('figure.path');
    if (open && figure.querySelector('svg') === null) {
      var picture = document.getElementById(figure.dataset.path);
      if (picture !== null && picture.type === 'text/plain') figure.insertAdjacentHTML('beforeend', picture.textContent);
    }
  }
  table.addEventListener('click', function (event) {
    var row = event.target.closest('tr.summary');
    if (row === null || String(window.getSelection()) !== '') return;
    toggle(row.parentElement);
  });
  applyFilters();
  // Only now are rows hidden by the page limit: should the script fail before this, every row stays visible.
  document.documentElement.classList.add('ready');
  var early = document.getElementById('early-rows');
  if (early !== null) early.remove();
})();
`;
