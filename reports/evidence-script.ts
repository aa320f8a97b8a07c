// The evidence browser, as plain browser JavaScript inlined in the page. It
// decodes the embedded history once (DecompressionStream), filters by node,
// time window, kind and text over the index, and renders one page of rows.
// Hashes #L123 (one line, in context) and #L12,40 or #L12-L20 (exactly the
// cited lines) scroll to and highlight their rows; the timeline hands it windows.

export const EVIDENCE_SCRIPT = `(function () {
  var dataEl = document.getElementById('ev-data');
  if (!dataEl) return;
  var PAGE = 200;
  function $(id) { return document.getElementById(id); }
  var status = $('ev-status'), rows = $('ev-rows'), banner = $('ev-banner');
  var idx = null, text = '', starts = null, n = 0;
  var filtered = [], page = 0, cited = null, hl = {}, why = '';
  status.textContent = 'Decoding the history…';

  function decode(b64) {
    if (typeof DecompressionStream === 'undefined') return Promise.reject(new Error('this browser has no DecompressionStream (Chrome 80+, Firefox 113+, Safari 16.4+ have it)'));
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }
  function lineText(l) { var a = starts[l - 1], b = l < n ? starts[l] - 1 : text.length; return text.slice(a, b); }
  function kinds() {
    var on = {};
    document.querySelectorAll('input[name=ev-kind]').forEach(function (c) { if (c.checked) on[c.value] = true; });
    return on;
  }
  function refilter() {
    cited = null;
    var node = $('ev-node').value, nodeI = node === '' ? -1 : +node;
    var from = $('ev-from').value === '' ? -Infinity : +$('ev-from').value * 1000;
    var to = $('ev-to').value === '' ? Infinity : +$('ev-to').value * 1000;
    var needle = $('ev-text').value.toLowerCase(), on = kinds(), out = [];
    for (var i = 0; i < n; i++) {
      var t = idx.t[i];
      if (t < from || t > to || !on[idx.k[i]]) continue;
      if (nodeI >= 0 && idx.o[i] !== nodeI && idx.m[i] !== nodeI) {
        var x = idx.x[i + 1];
        if (!x || x.indexOf(nodeI) < 0) continue;
      }
      if (needle && lineText(i + 1).toLowerCase().indexOf(needle) < 0) continue;
      out.push(i + 1);
    }
    filtered = out;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(filtered.length / PAGE));
    page = Math.max(0, Math.min(page, pages - 1));
    var frag = document.createDocumentFragment();
    filtered.slice(page * PAGE, page * PAGE + PAGE).forEach(function (l) {
      var tr = document.createElement('tr');
      tr.id = 'L' + l;
      if (hl[l]) tr.className = 'hl';
      var i = l - 1, o = idx.o[i], m = idx.m[i];
      var who = (o >= 0 ? idx.nodes[o] : '') + (m >= 0 ? ' → ' + idx.nodes[m] : '');
      [['<a href="#L' + l + '">' + l + '</a>', true], [(idx.t[i] / 1000).toFixed(3)], [idx.kinds[idx.k[i]]], [who], [lineText(l)]].forEach(function (c, j) {
        var td = document.createElement('td');
        if (c[1]) td.innerHTML = c[0]; else td.textContent = c[0];
        if (j === 4) td.className = 'json';
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    rows.textContent = '';
    rows.appendChild(frag);
    var first = filtered.length ? page * PAGE + 1 : 0, last = Math.min(filtered.length, page * PAGE + PAGE);
    status.textContent = 'rows ' + first + '–' + last + ' of ' + filtered.length + ' matching lines (' + n + ' in the history), page ' + (page + 1) + ' of ' + pages;
  }
  function showBanner(html) { banner.innerHTML = html; banner.hidden = !html; }
  function parseHash(h) {
    var m = /^#L(\\d+(?:(?:,|-)L?\\d+)*)$/.exec(h || '');
    if (!m) return null;
    var out = [];
    m[1].split(',').forEach(function (part) {
      var r = part.split('-'), a = +r[0].replace('L', ''), b = r.length > 1 ? +r[1].replace('L', '') : a;
      for (var l = a; l <= b && out.length < 5000; l++) out.push(l);
    });
    return out;
  }
  function showLines(lines) {
    hl = {};
    lines.forEach(function (l) { hl[l] = true; });
    var present = lines.filter(function (l) { return l >= 1 && l <= n; });
    var missing = lines.length - present.length;
    if (lines.length === 1 && present.length === 1) {
      var l = present[0];
      refilter();
      if (filtered.indexOf(l) < 0) { clearFilters(); refilter(); }
      page = Math.floor(filtered.indexOf(l) / PAGE);
      showBanner('Line ' + l + ' in context (highlighted). <a href="#evidence" data-ev="all">Clear the highlight</a>');
      render();
      var row = $('L' + l);
      if (row) row.scrollIntoView({ block: 'center' });
      return;
    }
    cited = present; filtered = present; page = 0;
    var cause = why ? '<div class="ev-why"></div>' : '';
    showBanner(cause + 'Showing the ' + present.length + ' cited line' + (present.length === 1 ? '' : 's') + ' (highlighted): ' + present.join(', ')
      + (missing ? ' · ' + missing + ' cited line(s) are beyond the end of the history' : '')
      + (present.length ? ' · <a href="#L' + present[0] + '">show the first in context</a>' : '') + ' · <a href="#evidence" data-ev="all">all lines</a>');
    if (why) banner.querySelector('.ev-why').textContent = why;
    why = '';
    render();
    banner.scrollIntoView({ block: 'start' });
  }
  function clearFilters() {
    $('ev-node').value = ''; $('ev-from').value = ''; $('ev-to').value = ''; $('ev-text').value = '';
    document.querySelectorAll('input[name=ev-kind]').forEach(function (c) { c.checked = true; });
  }
  function onHash() { var lines = parseHash(location.hash); if (lines && idx) showLines(lines); }
  function update() { hl = {}; showBanner(''); refilter(); page = 0; render(); }

  decode(dataEl.textContent.trim()).then(function (all) {
    var nl = all.indexOf('\\n');
    idx = JSON.parse(nl < 0 ? all : all.slice(0, nl));
    text = nl < 0 ? '' : all.slice(nl + 1);
    n = idx.t.length;
    starts = new Float64Array(n);
    for (var i = 0, p = 0; i < n; i++) { starts[i] = p; p = text.indexOf('\\n', p) + 1; }
    $('ev-form').addEventListener('change', update);
    var timer;
    $('ev-text').addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 250); });
    $('ev-clear').addEventListener('click', function () { clearFilters(); update(); });
    $('ev-quiet').addEventListener('click', function () {
      document.querySelectorAll('input[name=ev-kind]').forEach(function (c) {
        var k = idx.kinds[+c.value]; if (k === 'obs stats' || k === 'obs detector') c.checked = false;
      });
      update();
    });
    [['ev-first', function () { page = 0; }], ['ev-prev', function () { page--; }], ['ev-next', function () { page++; }], ['ev-last', function () { page = 1e9; }]]
      .forEach(function (b) { $(b[0]).addEventListener('click', function () { b[1](); render(); }); });
    window.addEventListener('hashchange', onHash);
    document.addEventListener('click', function (ev) {
      var a = ev.target.closest && ev.target.closest('a');
      if (!a) return;
      if (a.getAttribute('data-ev') === 'all') { clearFilters(); update(); return; }
      why = a.getAttribute('data-why') || '';
      if (a.getAttribute('href') === location.hash) onHash();
    });
    window.gossiplabEvidence = {
      showRange: function (a, b) {
        $('ev-from').value = (Math.floor(a) / 1000).toString(); $('ev-to').value = (Math.ceil(b) / 1000).toString();
        update();
        $('evidence').scrollIntoView({ block: 'start' });
      }
    };
    refilter(); render();
    document.body.setAttribute('data-evidence', 'ready');
    onHash();
  }).catch(function (e) {
    status.textContent = 'The history could not be decoded in this browser (' + e.message + '); history.jsonl next to this file has every line.';
  });
})();`;
