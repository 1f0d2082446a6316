// Added by `lectern serve` to pages on this computer: the author's preview
// (`?view=author`) follows the editor's cursor, and a click on a slide asks
// the editor to show its source. Every other page (the audience screen,
// the presenter view) leaves this alone.
(function () {
  var L = window.lectern;
  if (!L || !window.EventSource || !/[?&]view=author(&|$)/.test(location.search)) return;
  var meta = JSON.parse(document.getElementById('lectern-meta').textContent);
  var key = window.lecternAuthorKey || '';
  function pages() { return Array.prototype.slice.call(document.querySelectorAll('section.slide[data-slide]')); }
  // The first projected page of logical slide n (1-based).
  function show(n) {
    var all = pages();
    for (var k = 0; k < all.length; k++) {
      if (+all[k].getAttribute('data-slide') === n) { L.go(k, 0, true); break; }
    }
    document.documentElement.setAttribute('data-author-slide', String(n));
  }
  var es = new EventSource('/_lectern/events');
  es.addEventListener('author', function (e) {
    var d = JSON.parse(e.data);
    if (d.stem === meta.stem) { show(d.slide); return; }
    // The cursor went to another deck: its preview takes this tab's place.
    location.href = '/' + encodeURIComponent(d.stem) + '/?view=author#' + d.slide;
  });
  // The text as typed in the editor, before it is saved.
  es.addEventListener('author-text', function (e) {
    var d = JSON.parse(e.data);
    if (d.stem !== meta.stem) return;
    fetch('/_lectern/author/page?stem=' + encodeURIComponent(d.stem), { cache: 'no-store', headers: { 'X-Lectern-Author': key } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        L.replaceDeck(html);
        document.documentElement.setAttribute('data-author-text', String(d.seq));
      })
      .catch(function () {});
  });
  document.addEventListener('click', function (e) {
    var el = e.target && e.target.closest ? e.target.closest('section.slide[data-slide]') : null;
    if (!el || (e.target.closest && e.target.closest('a, button, video, iframe'))) return;
    var click = { stem: meta.stem, slide: +el.getAttribute('data-slide'), line: +el.getAttribute('data-line') || 0 };
    fetch('/_lectern/author', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lectern-Author': key }, body: JSON.stringify({ click: click }) })
      .then(function (r) { document.documentElement.setAttribute('data-author-click', r.ok ? 'sent' : 'refused'); })
      .catch(function () {});
  });
  document.documentElement.setAttribute('data-author', 'on');
})();
