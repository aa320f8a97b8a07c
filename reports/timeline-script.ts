// Zoom and pan for the timeline SVG, as plain browser JavaScript inlined in the
// page. It re-places every element from its data-a/data-b time attributes (see
// timeline-svg.ts) for the visible window, and redraws the ticks; nothing is
// re-rendered or fetched. It can hand the visible window to the evidence browser.

export const TIMELINE_SCRIPT = `(function () {
  var svg = document.getElementById('tl');
  if (!svg) return;
  var controls = document.getElementById('tl-controls');
  if (controls) controls.hidden = false;
  var END = +svg.getAttribute('data-end'), LEFT = +svg.getAttribute('data-left'), PW = +svg.getAttribute('data-width');
  var H = svg.viewBox.baseVal.height, NS = 'http://www.w3.org/2000/svg';
  var els = Array.prototype.map.call(svg.querySelectorAll('[data-k]'), function (el) {
    var b = el.getAttribute('data-b');
    return { el: el, k: el.getAttribute('data-k'), a: +el.getAttribute('data-a'), b: b === 'end' ? END : +b, y: el.getAttribute('data-y') };
  });
  var view = { a: 0, b: END }, pending = false;
  function X(t) { return LEFT + (t - view.a) / (view.b - view.a) * PW; }
  function clampView(a, b) {
    var w = Math.min(END, Math.max(b - a, Math.min(END, 50)));
    a = Math.max(0, Math.min(a, END - w));
    view.a = a; view.b = a + w;
  }
  function fmt(ms) { return (Math.round(ms) / 1000).toString() + ' s'; }
  function ticks() {
    var steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
    var span = Math.max(view.b - view.a, 1), step = Math.ceil(span / 12);
    for (var i = 0; i < steps.length; i++) if (span / (steps[i] * 1000) <= 12) { step = steps[i] * 1000; break; }
    var g = document.getElementById('tl-ticks');
    while (g.firstChild) g.removeChild(g.firstChild);
    for (var t = Math.ceil(view.a / step) * step; t <= view.b; t += step) {
      var line = document.createElementNS(NS, 'line');
      line.setAttribute('class', 'grid'); line.setAttribute('x1', X(t)); line.setAttribute('x2', X(t));
      line.setAttribute('y1', 14); line.setAttribute('y2', H - 20);
      var text = document.createElementNS(NS, 'text');
      text.setAttribute('class', 'tick'); text.setAttribute('x', X(t)); text.setAttribute('y', 11);
      text.setAttribute('text-anchor', 'middle'); text.textContent = (Math.round(t) / 1000) + 's';
      g.appendChild(line); g.appendChild(text);
    }
  }
  function apply() {
    pending = false;
    for (var i = 0; i < els.length; i++) {
      var e = els[i], x = X(e.a);
      switch (e.k) {
        case 'r': e.el.setAttribute('x', x); e.el.setAttribute('width', Math.max(2, X(e.b) - x)); break;
        case 'c': e.el.setAttribute('cx', x); break;
        case 'g': e.el.setAttribute('transform', 'translate(' + x + ',' + e.y + ')'); break;
        case 'l': e.el.setAttribute('x1', x); e.el.setAttribute('x2', x); break;
        case 't': e.el.setAttribute('x', x + 3); break;
      }
    }
    ticks();
    var label = document.getElementById('tl-window');
    if (label) label.textContent = fmt(view.a) + ' – ' + fmt(view.b) + (view.b - view.a < END ? ' (zoomed)' : ' (whole run)');
  }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(apply); } }
  function zoom(f, at) {
    if (at === undefined) at = (view.a + view.b) / 2;
    clampView(at - (at - view.a) * f, at + (view.b - at) * f);
    schedule();
  }
  function svgX(clientX) {
    var p = svg.createSVGPoint(); p.x = clientX; p.y = 0;
    return p.matrixTransform(svg.getScreenCTM().inverse()).x;
  }
  function timeAt(clientX) { return view.a + (svgX(clientX) - LEFT) / PW * (view.b - view.a); }
  if (controls) controls.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) return;
    var z = b.getAttribute('data-zoom'), w = view.b - view.a;
    if (z === 'in') zoom(0.5);
    else if (z === 'out') zoom(2);
    else if (z === 'reset') { clampView(0, END); schedule(); }
    else if (z === 'left') { clampView(view.a - w / 3, view.b - w / 3); schedule(); }
    else if (z === 'right') { clampView(view.a + w / 3, view.b + w / 3); schedule(); }
    else if (b.id === 'tl-to-evidence' && window.gossiplabEvidence) window.gossiplabEvidence.showRange(view.a, view.b);
  });
  svg.addEventListener('dblclick', function (ev) { ev.preventDefault(); zoom(0.5, timeAt(ev.clientX)); });
  svg.addEventListener('wheel', function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, timeAt(ev.clientX));
  }, { passive: false });
  var drag = null, brush = document.getElementById('tl-brush');
  svg.addEventListener('pointerdown', function (ev) {
    if (ev.button !== 0 || ev.target.closest('a')) return;
    drag = { x: svgX(ev.clientX), a: view.a, b: view.b, brush: ev.shiftKey };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    var x = svgX(ev.clientX);
    if (drag.brush) {
      brush.hidden = false;
      brush.setAttribute('x', Math.min(x, drag.x)); brush.setAttribute('width', Math.abs(x - drag.x));
      return;
    }
    var dt = (drag.x - x) / PW * (drag.b - drag.a);
    clampView(drag.a + dt, drag.b + dt);
    schedule();
  });
  svg.addEventListener('pointerup', function (ev) {
    if (drag && drag.brush) {
      brush.hidden = true;
      var t1 = timeAt(ev.clientX), t0 = view.a + (drag.x - LEFT) / PW * (view.b - view.a);
      if (Math.abs(t1 - t0) > 1) { clampView(Math.min(t0, t1), Math.max(t0, t1)); schedule(); }
    }
    drag = null;
  });
  apply();
})();`;
