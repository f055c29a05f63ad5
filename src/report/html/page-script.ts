// The report's only script, inline and allowed by its hash in the page's CSP. The table is
// already on the page; this adds sorting, filtering and expanding, and copies a finding's path
// picture out of its <template> the first time the finding is opened (pictures are shared by
// the findings with the same path, so each is in the file once).
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var table = document.getElementById('findings');
  if (table === null) return;
  var bodies = Array.prototype.filter.call(table.tBodies, function (b) { return b.classList.contains('finding'); });
  var texts = bodies.map(function (b) { return b.textContent.toLowerCase(); });
  var count = document.getElementById('shown-count');
  var search = document.getElementById('filter-text');
  var reach = document.getElementById('filter-reach');
  var rule = document.getElementById('filter-rule');
  var severities = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));

  function applyFilters() {
    var wanted = {};
    severities.forEach(function (box) { wanted[box.value] = box.checked; });
    var words = search.value.toLowerCase().split(/\\s+/).filter(function (w) { return w !== ''; });
    var shown = 0;
    bodies.forEach(function (body, i) {
      var visible = wanted[body.dataset.severity] === true &&
        (reach.value === '' || body.dataset.reach === reach.value) &&
        (rule.value === '' || body.dataset.rule === rule.value) &&
        words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      body.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = shown + ' of ' + bodies.length + ' findings shown';
  }
  [search, reach, rule].concat(severities).forEach(function (input) {
    input.addEventListener('input', applyFilters);
    input.addEventListener('change', applyFilters);
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
      var order = bodies.slice().sort(function (a, b) {
        return direction * compareValues(sortValue(a, column), sortValue(b, column)) || Number(a.dataset.index) - Number(b.dataset.index);
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (body) { fragment.appendChild(body); });
      table.appendChild(fragment);
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
      if (picture !== null) figure.appendChild(picture.content.cloneNode(true));
    }
  }
  table.addEventListener('click', function (event) {
    var row = event.target.closest('tr.summary');
    if (row === null || String(window.getSelection()) !== '') return;
    toggle(row.parentElement);
  });
  applyFilters();
})();
`;
