// tenantscan HTML report: the findings filters. Plain script, no dependencies, no network.
// Reads the filter data from the JSON block (never from HTML), builds the <option>s with
// textContent-safe DOM calls, and hides the rows that do not match.
(function () {
  'use strict';
  var dataNode = document.getElementById('tenantscan-data');
  var tenant = document.getElementById('filter-tenant');
  if (!dataNode || !tenant) return; // no findings: no filters
  var data = JSON.parse(dataNode.textContent || '{}');
  var family = document.getElementById('filter-family');
  var severity = document.getElementById('filter-severity');
  var status = document.getElementById('filter-status');
  var count = document.getElementById('filter-count');
  var empty = document.getElementById('filter-empty');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding[data-i]'));

  function fill(select, items) {
    items.forEach(function (item) { select.add(new Option(item.label, item.value)); });
  }
  fill(tenant, data.tenants);
  fill(family, data.families.map(function (f) { return { label: f, value: f }; }));
  fill(severity, data.severities.map(function (s) { return { label: s, value: s }; }));
  if (data.hasBaseline) status.add(new Option('new failures (not in the baseline)', 'new'));

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var f = data.findings[Number(row.getAttribute('data-i'))];
      var match = !!f &&
        (!tenant.value || f.scope === tenant.value) &&
        (!family.value || f.family === family.value) &&
        (!severity.value || f.severity === severity.value) &&
        (!status.value || f.status === status.value || (status.value === 'new' && f.status === 'fail' && f.baseline === 'new'));
      row.hidden = !match;
      if (match) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' finding(s)';
    empty.hidden = shown !== 0;
  }

  [tenant, family, severity, status].forEach(function (select) { select.addEventListener('change', apply); });
  document.getElementById('filters').addEventListener('reset', function () { setTimeout(apply, 0); });

  // A heat-map cell lists the findings of its tenant and family.
  Array.prototype.forEach.call(document.querySelectorAll('td[data-heat-scope]'), function (cell) {
    cell.addEventListener('click', function () {
      if (/heat-(none|na)/.test(cell.className)) return;
      tenant.value = cell.getAttribute('data-heat-scope');
      family.value = cell.getAttribute('data-heat-family');
      severity.value = '';
      status.value = '';
      apply();
      document.getElementById('findings').scrollIntoView();
    });
  });
  apply();
})();
