// Added by `lectern serve`: live reload that keeps the slide, an error
// overlay while a deck has errors, and presenter sync through the server.
(function () {
  'use strict';
  var L = window.lectern;
  if (!L || !window.EventSource) return;
  var meta = JSON.parse(document.getElementById('lectern-meta').textContent);
  // A device in the room (its page has no key) follows; it never plays
  // the room's video or shows build problems.
  L.room = !window.lecternNavKey && !window.lecternDevice;
  // A paired phone: it reads the notes, and drives when handed control.
  L.device = +window.lecternDevice || 0;
  var base = location.pathname.replace(/presenter\/?$/, '').replace(/\.html$/, '/');
  var overlay = document.createElement('div');
  overlay.id = 'lectern-error';
  overlay.setAttribute('role', 'alert');
  document.body.appendChild(overlay);
  // Warnings: a small badge in a corner that opens into the list, never in
  // the way of the slides (and hidden in full screen, on the projector).
  var badge = document.createElement('details');
  badge.id = 'lectern-warnings';
  document.body.appendChild(badge);
  function showWarnings(warnings) {
    var mine = (warnings || []).filter(function (e) { return !e.stem || e.stem === meta.stem; });
    badge.innerHTML = '';
    badge.classList.toggle('open', mine.length > 0);
    if (!mine.length) return;
    var summary = document.createElement('summary');
    summary.textContent = '⚠ ' + mine.length;
    summary.title = W('warnings');
    badge.appendChild(summary);
    mine.forEach(function (e) {
      var pre = document.createElement('pre');
      pre.textContent = e.text;
      badge.appendChild(pre);
    });
  }
  function W(key) { return (meta.words && meta.words[key]) || key; }
  // Build problems are for the presenter view and the author's preview:
  // an audience window (opened from the presenter view, in full screen, or
  // while a presenter view is open) keeps them off the projector and out
  // of a shared screen.
  var shown = { errors: [], warnings: [] }, drawn = '';
  function show(errors, warnings) {
    shown = { errors: errors, warnings: warnings };
    if (L.quiet && L.quiet()) { errors = []; warnings = []; }
    var sig = JSON.stringify([errors, warnings]);
    if (sig === drawn) return;
    drawn = sig;
    showWarnings(warnings);
    var mine = errors.filter(function (e) { return !e.stem || e.stem === meta.stem; });
    if (!mine.length) { overlay.classList.remove('open'); overlay.textContent = ''; return; }
    overlay.innerHTML = '';
    var h = document.createElement('h2');
    h.textContent = mine.length + (mine.length === 1 ? ' error' : ' errors') + ' — showing the last good version';
    overlay.appendChild(h);
    mine.forEach(function (e) {
      var pre = document.createElement('pre');
      pre.textContent = e.text;
      overlay.appendChild(pre);
    });
    overlay.classList.add('open');
  }
  setInterval(function () { show(shown.errors, shown.warnings); }, 1000);
  var es = new EventSource('/_lectern/events');
  // A server started again (the page outlived it): its key and state are
  // new, so the page loads itself again, on the same slide (the hash).
  es.addEventListener('hello', function (e) {
    var run = JSON.parse(e.data).run;
    if (window.lecternRun && run !== window.lecternRun) location.reload();
  });
  es.addEventListener('reload', function (e) {
    var d = JSON.parse(e.data);
    if (d.stem !== meta.stem) return;
    var counted = function () {
      document.documentElement.setAttribute('data-reloads', String(1 + (+document.documentElement.getAttribute('data-reloads') || 0)));
    };
    // The changed slides came with the event: swap them in, no request.
    if (d.slides && L.patchDeck) { L.patchDeck(d.count, d.slides); counted(); return; }
    fetch(base + '?fresh=' + Date.now(), { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        L.replaceDeck(html);
        counted();
      });
  });
  es.addEventListener('problems', function (e) { var d = JSON.parse(e.data); show(d.errors || [], d.warnings); });
  es.addEventListener('nav', function (e) { L.receive(JSON.parse(e.data), true); });
  // Who drives: the laptop, or the paired device it handed control to.
  if (L.setDriver) L.setDriver(+window.lecternDriver || 0);
  es.addEventListener('control', function (e) { if (L.setDriver) L.setDriver(+JSON.parse(e.data).driver || 0); });
  es.addEventListener('revoked', function (e) {
    if (L.device && +JSON.parse(e.data).id === L.device) location.replace('/');
  });
  if (L.device) {
    L.onNavigate = function (msg) {
      if (!L.driving) return;
      fetch('/_lectern/nav', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(msg) }).catch(function () {});
    };
  }
  // A page opened while its deck is broken shows the overlay at once.
  fetch('/_lectern/problems', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (d) { show(d.errors || [], d.warnings); })
    .catch(function () {});
  // Only the presenter drives other screens, so a participant's device cannot move the room's slides.
  if (L.presenter && window.lecternNavKey) {
    // The delivery log goes to the server at every slide change, so a
    // laptop that dies mid-session loses at most the current slide.
    L.onDelivery = function (log) {
      fetch('/_lectern/delivery', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lectern-Key': window.lecternNavKey }, body: JSON.stringify(log) })
        .then(function (r) { document.documentElement.setAttribute('data-delivery', r.ok ? 'saved' : 'refused'); })
        .catch(function () {});
    };
    L.onNavigate = function (msg) {
      fetch('/_lectern/nav', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lectern-Key': window.lecternNavKey || '' }, body: JSON.stringify(msg) }).catch(function () {});
    };
  }
  document.documentElement.setAttribute('data-live', 'connected');
})();
