// tenantscan HTML report: the findings, page by page, and their filters. Plain script, no
// dependencies, no network. Every finding is in the JSON block (never read from HTML); rows are
// built with DOM calls and textContent, so no cluster string is ever parsed as markup. The page
// holds the first page as HTML; this script replaces it with the same rows and pages through the rest.
// The data's shape is FindingsData in reports/html-view.ts.
(function () {
  'use strict';
  var dataNode = document.getElementById('tenantscan-data');
  var tenant = document.getElementById('filter-tenant');
  var tbody = document.getElementById('findings-rows');
  if (!dataNode || !tenant || !tbody) return; // no findings: no filters
  var data = JSON.parse(dataNode.textContent || '{}');
  var findings = data.findings;
  var family = document.getElementById('filter-family');
  var severity = document.getElementById('filter-severity');
  var status = document.getElementById('filter-status');
  var count = document.getElementById('filter-count');
  var empty = document.getElementById('filter-empty');
  var pager = document.getElementById('pager');
  var info = document.getElementById('page-info');
  var first = document.getElementById('page-first');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  var last = document.getElementById('page-last');
  var size = document.getElementById('page-size');
  var staticNote = document.getElementById('pager-static');

  var pageSize = data.pageSize;
  var page = 0;
  var matching = []; // indexes of the findings that pass the filters, in report order

  function fill(select, items) {
    items.forEach(function (item) { select.add(new Option(item.label, item.value)); });
  }
  fill(tenant, data.scopes);
  fill(family, data.families.map(function (f) { return { label: f, value: f }; }));
  fill(severity, data.severities.map(function (s) { return { label: s, value: s }; }));
  fill(size, data.pageSizes.map(function (n) { return { label: String(n), value: String(n) }; }));
  size.value = String(pageSize);
  if (data.hasBaseline) status.add(new Option('new failures (not in the baseline)', 'new'));

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // Text with a <wbr> after each run of punctuation followed by a letter or digit, as
  // reports/word-breaks.ts cuts identifiers and paths for the template.
  function breakable(tag, className, text) {
    var node = el(tag, className);
    text.split(/(?<=[^\p{L}\p{N}\s])(?=[\p{L}\p{N}])/u).forEach(function (part, i) {
      if (i) node.appendChild(document.createElement('wbr'));
      node.appendChild(document.createTextNode(part));
    });
    return node;
  }
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) parent.appendChild(arguments[i]);
    return parent;
  }

  // One row, as reports/html/report.eta writes the first page's.
  function row(i) {
    var f = findings[i];
    var check = data.checks[f.c];
    var tr = el('tr', 'finding ' + (f.w ? 'waived' : 'fail'));
    tr.setAttribute('data-i', String(i));

    append(tr, append(el('td'), el('span', 'sev sev-' + f.s, f.s)));

    var checkCell = el('td');
    var code = el('code', '', check.id);
    if (check.helpUri && /^(https?|file):/i.test(check.helpUri)) {
      var link = el('a');
      link.href = check.helpUri;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      append(checkCell, append(link, code));
    } else {
      append(checkCell, code);
    }
    append(tr, append(checkCell, el('div', 'muted small', check.title)));

    append(tr, el('td', 'tenant-cell', data.scopes[f.t].label));

    var object = append(el('td', 'object'), breakable('code', '', f.o));
    if (f.f !== undefined) append(object, breakable('div', 'muted small mono wrap', data.files[f.f] + ':' + f.l));
    if (f.p) append(object, breakable('div', 'muted small mono wrap', f.p));
    append(tr, object);

    var message = append(el('td', 'message'), el('span', 'text', f.m));
    if (f.w) append(message, el('span', 'tag', 'waived'));
    if (f.b) append(message, el('span', 'tag ' + f.b, f.b));
    if (f.x) append(message, el('div', 'waiver', f.x));
    if (f.r) append(message, el('div', 'muted small', 'related: ' + f.r.join(', ')));
    var fix = el('div');
    check.fix.forEach(function (part) {
      append(fix, part.code ? el('code', '', part.text) : document.createTextNode(part.text));
    });
    append(message, append(el('details', 'fix'), el('summary', '', 'How to fix'), fix));
    return append(tr, message);
  }

  function pages() {
    return Math.max(1, Math.ceil(matching.length / pageSize));
  }

  function show() {
    page = Math.min(Math.max(0, page), pages() - 1);
    var from = page * pageSize;
    var to = Math.min(matching.length, from + pageSize);
    var rows = document.createDocumentFragment();
    for (var k = from; k < to; k++) rows.appendChild(row(matching[k]));
    tbody.textContent = '';
    tbody.appendChild(rows);
    count.textContent = matching.length + ' of ' + findings.length + ' finding(s)';
    empty.hidden = matching.length !== 0;
    pager.hidden = matching.length <= data.pageSizes[0];
    info.textContent = matching.length
      ? 'page ' + (page + 1) + ' of ' + pages() + ' · ' + (from + 1) + '–' + to + ' of ' + matching.length
      : '';
    first.disabled = prev.disabled = page === 0;
    next.disabled = last.disabled = page >= pages() - 1;
  }

  function apply() {
    var scope = -1;
    if (tenant.value) {
      for (var s = 0; s < data.scopes.length; s++) if (data.scopes[s].value === tenant.value) scope = s;
    }
    matching = [];
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i];
      var st = f.w ? 'waived' : 'fail';
      if (
        (!tenant.value || f.t === scope) &&
        (!family.value || data.checks[f.c].family === family.value) &&
        (!severity.value || f.s === severity.value) &&
        (!status.value || st === status.value || (status.value === 'new' && st === 'fail' && f.b === 'new'))
      )
        matching.push(i);
    }
    page = 0;
    show();
  }

  function go(to) {
    return function () {
      page = to();
      show();
      document.getElementById('findings').scrollIntoView();
    };
  }
  first.addEventListener('click', go(function () { return 0; }));
  prev.addEventListener('click', go(function () { return page - 1; }));
  next.addEventListener('click', go(function () { return page + 1; }));
  last.addEventListener('click', go(function () { return pages() - 1; }));
  size.addEventListener('change', function () {
    var top = page * pageSize; // keep the first row shown on the page
    pageSize = Number(size.value);
    page = Math.floor(top / pageSize);
    show();
  });

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
  if (staticNote) staticNote.hidden = true;
  apply();
})();
