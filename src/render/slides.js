// lectern slide runtime: audience view and presenter view of one deck.
// Runs from file:// with no network; `lectern serve` adds live reload and
// server-relayed sync through the `window.lectern` hooks below.
(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('lectern-meta').textContent);
  var deck = document.getElementById('deck');
  var stage = document.getElementById('stage');
  var slides = [];
  var index = 0, step = 0;
  var me = Math.random().toString(36).slice(2);
  var params = new URLSearchParams(location.search);
  var presenter = params.get('view') === 'presenter' || /\/presenter\/?$/.test(location.pathname);
  var peer = null;
  var channel = null;
  try { channel = new BroadcastChannel('lectern:' + meta.stem); } catch (e) { channel = null; }
  var api = window.lectern = { onNavigate: null, presenter: presenter, state: state, receive: receive, replaceDeck: replaceDeck, next: next, prev: prev, go: go };

  function collect() { slides = Array.prototype.slice.call(deck.querySelectorAll(':scope > .slide')); }
  function stepsOf(i) { return slides[i] ? (+slides[i].getAttribute('data-steps') || 0) : 0; }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  function state() { return { index: index, step: step, total: slides.length }; }

  function go(i, s, remote) {
    if (!slides.length) return;
    index = clamp(i | 0, 0, slides.length - 1);
    step = clamp(s | 0, 0, stepsOf(index));
    slides.forEach(function (el, k) { el.classList.toggle('current', k === index); });
    applySteps(slides[index], step);
    var hash = '#' + (index + 1) + (step ? '.' + step : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (!remote) send();
    if (presenter) renderPresenter();
    fit();
    guard(slides[index]);
  }
  // lectern decided each page's size and breaks from the PDF layout, with
  // the same font, so a page fits. Should a browser still set it taller (an
  // old engine without CSS text-box trimming), shrink that page's type a
  // little rather than cut it off, and mark it for the tests.
  function guard(el) {
    if (!el || el.lecternGuarded) return;
    if (document.fonts && document.fonts.status !== 'loaded') return;
    var room = el.querySelector('.room'), content = el.querySelector('.content');
    if (!room || !content || !room.clientHeight) return;
    el.lecternGuarded = true;
    for (var i = 0; i < 10 && content.offsetHeight > room.clientHeight + 1; i++) {
      ['--fit-body', '--fit-small', '--fit-heading'].forEach(function (v) {
        var px = parseFloat(getComputedStyle(el).getPropertyValue(v));
        if (px) el.style.setProperty(v, (px * 0.96).toFixed(2) + 'px');
      });
      el.setAttribute('data-shrunk', i + 1);
    }
  }
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { guard(slides[index]); });
  function applySteps(el, s) {
    Array.prototype.forEach.call(el.querySelectorAll('.step'), function (x) {
      x.classList.toggle('hidden', (+x.getAttribute('data-step')) > s);
    });
  }
  function next() {
    if (step < stepsOf(index)) go(index, step + 1);
    else if (index < slides.length - 1) go(index + 1, 0);
  }
  function prev() {
    if (step > 0) go(index, step - 1);
    else if (index > 0) go(index - 1, stepsOf(index - 1));
  }

  // Sync between the presenter and audience windows: BroadcastChannel,
  // direct window messages (file:// pages), and the server when there is one.
  // Messages reach a window by several paths and can arrive late (a move
  // relayed through the server after a newer one). A logical clock orders
  // them: a window applies a remote move only if it is newer than the last
  // remote move it applied, so a stale echo never pulls it back, while its
  // own browsing (a device in the room) never outranks the presenter.
  var clock = 0, last = { seq: 0, from: '' };
  function newer(seq, from) { return seq > last.seq || (seq === last.seq && from > last.from); }
  function send() {
    clock += 1;
    var msg = { lectern: true, stem: meta.stem, index: index, step: step, from: me, seq: clock };
    if (channel) channel.postMessage(msg);
    var target = peer && !peer.closed ? peer : window.opener;
    if (target) { try { target.postMessage(msg, '*'); } catch (e) { /* closed */ } }
    if (api.onNavigate) api.onNavigate(msg);
  }
  // `viaServer`: the message came from the server, so it is not relayed back.
  function receive(msg, viaServer) {
    if (!msg || !msg.lectern || msg.stem !== meta.stem || msg.from === me) return;
    var seq = +msg.seq || 0;
    // A clock no presenter reaches would freeze this window: ignore it.
    if (!(seq >= 0 && seq <= 2147483648 && seq === Math.floor(seq))) return;
    if (!newer(seq, String(msg.from))) return;
    last = { seq: seq, from: String(msg.from) };
    clock = Math.max(clock, seq);
    if (msg.index !== index || msg.step !== step) go(msg.index, msg.step, true);
    // A clicker drives the focused audience window: the presenter passes
    // those moves on to the other devices in the room.
    if (presenter && !viaServer && api.onNavigate) api.onNavigate(msg);
  }
  if (channel) channel.onmessage = function (e) { receive(e.data); };
  window.addEventListener('message', function (e) { receive(e.data); });

  function fit() {
    if (document.body.classList.contains('overview')) return;
    var w = deck.offsetWidth, h = deck.offsetHeight;
    var box = presenter ? document.getElementById('pv-cur') : stage;
    if (!box) return;
    var s = Math.min(box.clientWidth / w, box.clientHeight / h);
    deck.style.transform = 'scale(' + s + ')';
    if (presenter) fitNext();
  }
  window.addEventListener('resize', fit);

  function fromHash() {
    var m = /^#(\d+)(?:\.(\d+))?$/.exec(location.hash);
    if (m) go(+m[1] - 1, +(m[2] || 0), true);
  }
  window.addEventListener('hashchange', fromHash);

  // Keyboard, including what presentation clickers send.
  var gotoBuf = null;
  var gotoBox = document.createElement('div');
  gotoBox.id = 'lectern-goto';
  gotoBox.setAttribute('role', 'status');
  document.body.appendChild(gotoBox);
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    var k = e.key;
    if (gotoBuf !== null) {
      if (/^\d$/.test(k)) { gotoBuf += k; gotoBox.textContent = '→ ' + gotoBuf; }
      else if (k === 'Enter') { if (gotoBuf) go(+gotoBuf - 1, 0); closeGoto(); }
      else if (k === 'Backspace') { gotoBuf = gotoBuf.slice(0, -1); gotoBox.textContent = '→ ' + gotoBuf; }
      else closeGoto();
      e.preventDefault();
      return;
    }
    switch (k) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': case ' ': case 'Enter': case 'n': case 'N':
        if (k === 'Enter' && t && t.tagName === 'BUTTON') return;
        next(); break;
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace':
        prev(); break;
      case 'Home': go(0, 0); break;
      case 'End': go(slides.length - 1, stepsOf(slides.length - 1)); break;
      case 'b': case 'B': case '.': document.body.classList.toggle('black'); break;
      case 'f': case 'F': toggleFullscreen(); break;
      case 'o': case 'O': toggleOverview(); break;
      case 'Escape': if (document.body.classList.contains('overview')) toggleOverview(); else return; break;
      case 'g': case 'G': gotoBuf = ''; gotoBox.textContent = '→ '; gotoBox.classList.add('open'); break;
      case 'p': case 'P': openOther(); break;
      case 'r': case 'R': resetTimer(); break;
      default: return;
    }
    e.preventDefault();
  });
  function closeGoto() { gotoBuf = null; gotoBox.classList.remove('open'); }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  document.addEventListener('fullscreenchange', function () {
    document.documentElement.classList.toggle('fullscreen', !!document.fullscreenElement);
    fit();
  });

  function toggleOverview() {
    var on = document.body.classList.toggle('overview');
    if (on) { deck.style.transform = ''; slides[index].scrollIntoView({ block: 'center' }); }
    else fit();
  }

  // Click or tap advances; links, buttons and players keep their own clicks.
  stage.addEventListener('click', function (e) {
    var t = e.target;
    if (t.closest('a, button, iframe')) return;
    if (document.body.classList.contains('overview')) {
      var s = t.closest('.slide');
      if (s) { toggleOverview(); go(slides.indexOf(s), 0); }
      return;
    }
    if (e.shiftKey) prev(); else next();
  });
  var touchX = null;
  stage.addEventListener('touchstart', function (e) { touchX = e.touches[0].clientX; }, { passive: true });
  stage.addEventListener('touchend', function (e) {
    if (touchX === null) return;
    var dx = e.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 40) { if (dx < 0) next(); else prev(); }
  });

  // Click-to-load video: nothing is requested from the video host before this.
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.video-load');
    if (!b) return;
    var fig = b.closest('.video');
    var f = document.createElement('iframe');
    f.src = fig.getAttribute('data-embed');
    f.title = 'Video';
    f.setAttribute('allow', 'autoplay; fullscreen; picture-in-picture');
    f.setAttribute('allowfullscreen', '');
    f.setAttribute('referrerpolicy', 'no-referrer');
    b.replaceWith(f);
    e.stopPropagation();
  });

  // The other window: the presenter opens the audience view, the audience opens the presenter view.
  function openOther() {
    var path = location.pathname, url;
    if (presenter) url = (/\/presenter\/?$/.test(path) ? path.replace(/presenter\/?$/, '') : path) + location.hash;
    else url = (/\/$/.test(path) ? path + 'presenter' : path + '?view=presenter') + location.hash;
    peer = window.open(url, 'lectern-' + (presenter ? 'audience-' : 'presenter-') + meta.stem);
  }

  // Presenter view: current and next slide, notes, clock, elapsed time and pacing.
  var started = Date.now();
  var nextDeck = null;
  function resetTimer() { started = Date.now(); tick(); }
  function plan() {
    var times = meta.times || [];
    var fixed = 0, open = 0;
    for (var i = 0; i < slides.length; i++) { if (times[i]) fixed += times[i]; else open++; }
    var rest = open ? Math.max(0, (meta.duration || 0) - fixed) / open : 0;
    var starts = [], at = 0;
    for (var j = 0; j < slides.length; j++) { starts.push(at); at += times[j] || rest; }
    starts.push(at);
    return starts;
  }
  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m).padStart(2, '0')) + ':' + String(sec).padStart(2, '0');
  }
  function tick() {
    if (!presenter) return;
    var el = (Date.now() - started) / 60000;
    document.getElementById('pv-elapsed').textContent = mmss(Date.now() - started);
    var d = new Date();
    document.getElementById('pv-clock').textContent = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
    var starts = plan();
    var from = starts[index], to = starts[index + 1];
    var pace = document.getElementById('pv-pace');
    var nl = (meta.lang || '').indexOf('nl') === 0;
    var diff = 0;
    if (el < from) diff = from - el; else if (el > to) diff = to - el;
    var mins = Math.round(Math.abs(diff));
    pace.className = 'pv-pace ' + (mins < 1 ? 'ontime' : diff > 0 ? 'ahead' : 'behind');
    pace.textContent = mins < 1 ? (nl ? 'Op schema' : 'On time')
      : mins + ' min ' + (diff > 0 ? (nl ? 'voor op schema' : 'ahead') : (nl ? 'achter op schema' : 'behind'));
    pace.setAttribute('data-minutes', String(Math.round(diff)));
  }
  function buildPresenter() {
    document.body.classList.add('presenter');
    var nl = (meta.lang || '').indexOf('nl') === 0;
    var pv = document.createElement('div');
    pv.className = 'pv';
    pv.innerHTML =
      '<div class="pv-bar"><span><span id="pv-count"></span></span>' +
      '<span>' + (nl ? 'Verstreken' : 'Elapsed') + ' <strong id="pv-elapsed">00:00</strong></span>' +
      '<span>' + (nl ? 'Klok' : 'Clock') + ' <strong id="pv-clock"></strong></span>' +
      '<span id="pv-pace" class="pv-pace"></span>' +
      '<button type="button" id="pv-prev">◀</button><button type="button" id="pv-next-btn">▶</button>' +
      '<button type="button" id="pv-open">' + (nl ? 'Publieksvenster openen (P)' : 'Open audience window (P)') + '</button>' +
      '<button type="button" id="pv-reset">' + (nl ? 'Timer opnieuw (R)' : 'Reset timer (R)') + '</button></div>' +
      '<div class="pv-current"><div class="pv-frame" id="pv-cur"></div></div>' +
      '<div class="pv-next"><span class="pv-caption" id="pv-next-caption"></span><div class="pv-frame" id="pv-next"></div></div>' +
      '<div class="pv-notes" id="pv-notes" tabindex="0" aria-label="' + (nl ? 'Notities' : 'Notes') + '"></div>';
    document.body.appendChild(pv);
    document.getElementById('pv-cur').appendChild(deck);
    document.getElementById('pv-open').onclick = openOther;
    document.getElementById('pv-reset').onclick = resetTimer;
    document.getElementById('pv-prev').onclick = prev;
    document.getElementById('pv-next-btn').onclick = next;
    document.getElementById('pv-cur').addEventListener('click', function (e) { if (!e.target.closest('a, button, iframe')) next(); });
    document.title = '▶ ' + document.title;
    setInterval(tick, 1000);
  }
  function renderPresenter() {
    var nl = (meta.lang || '').indexOf('nl') === 0;
    document.getElementById('pv-count').innerHTML = (nl ? 'Dia ' : 'Slide ') + '<strong>' + (index + 1) + ' / ' + slides.length + '</strong>' +
      (stepsOf(index) ? ' · ' + (nl ? 'stap ' : 'step ') + step + '/' + stepsOf(index) : '');
    var notes = slides[index].querySelector('.notes');
    document.getElementById('pv-notes').innerHTML = notes ? notes.innerHTML : '';
    var holder = document.getElementById('pv-next');
    holder.innerHTML = '';
    var caption = document.getElementById('pv-next-caption');
    var src = null, nstep = 0;
    if (step < stepsOf(index)) { src = slides[index]; nstep = step + 1; caption.textContent = nl ? 'Volgende stap' : 'Next step'; }
    else if (index + 1 < slides.length) { src = slides[index + 1]; caption.textContent = nl ? 'Volgende dia' : 'Next slide'; }
    else caption.textContent = nl ? 'Einde' : 'End';
    if (src) {
      nextDeck = document.createElement('div');
      nextDeck.className = 'deck';
      var clone = src.cloneNode(true);
      clone.classList.add('current');
      clone.removeAttribute('id');
      applySteps(clone, nstep);
      nextDeck.appendChild(clone);
      holder.appendChild(nextDeck);
    } else nextDeck = null;
    tick();
  }
  function fitNext() {
    var holder = document.getElementById('pv-next');
    if (!nextDeck || !holder) return;
    var s = Math.min(holder.clientWidth / deck.offsetWidth, holder.clientHeight / deck.offsetHeight);
    nextDeck.style.transform = 'scale(' + s + ')';
  }

  // Live reload (lectern serve): swap in changed slides, keep the position.
  function replaceDeck(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.getElementById('deck');
    if (!fresh) return;
    var m = doc.getElementById('lectern-meta');
    if (m) meta = JSON.parse(m.textContent);
    var style = doc.querySelector('style'), mine = document.querySelector('style');
    if (style && mine && style.textContent !== mine.textContent) mine.textContent = style.textContent;
    var incoming = Array.prototype.slice.call(fresh.querySelectorAll(':scope > .slide'));
    incoming.forEach(function (s, k) {
      var old = slides[k];
      if (!old) { deck.appendChild(document.importNode(s, true)); return; }
      old.classList.remove('current');
      var wasHidden = old.outerHTML;
      s.classList.remove('current');
      if (stripState(wasHidden) !== stripState(s.outerHTML)) old.replaceWith(document.importNode(s, true));
    });
    for (var k = incoming.length; k < slides.length; k++) slides[k].remove();
    collect();
    go(index, step, true);
  }
  function stripState(html) { return html.replace(/ class="([^"]*)"/g, function (_, c) { return ' class="' + c.replace(/\b(current|hidden)\b/g, '').trim() + '"'; }); }

  collect();
  if (presenter) buildPresenter();
  // A reload stays on the slide in the address (#5 or #5.2).
  if (/^#\d+(\.\d+)?$/.test(location.hash)) fromHash(); else go(0, 0, true);
})();
