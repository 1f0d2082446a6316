// lectern slide runtime, part 1 of 5: the deck (position, steps, sync
// between windows, keys, clicks). The parts share one function scope;
// src/render/runtime/mod.rs joins them. Runs from file:// with no network;
// `lectern serve` adds live reload and server-relayed sync through the
// `window.lectern` hooks below.
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
  var api = window.lectern = {
    onNavigate: null, presenter: presenter, room: false, state: state, receive: receive,
    replaceDeck: replaceDeck, patchDeck: patchDeck, next: next, prev: prev, go: go
  };

  // Words come from the page (labels.rs), in the deck's language.
  function W(key) { return (meta.words && meta.words[key]) || key; }
  function $(id) { return document.getElementById(id); }
  function collect() { slides = Array.prototype.slice.call(deck.querySelectorAll(':scope > .slide')); }
  function stepsOf(i) { return slides[i] ? (+slides[i].getAttribute('data-steps') || 0) : 0; }
  function pad(n) { return String(n).padStart(2, '0'); }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  function state() {
    return { index: index, step: step, total: slides.length, screen: screen, media: media, overview: overviewOpen() };
  }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }

  function go(i, s, remote) {
    if (!slides.length) return;
    index = clamp(i | 0, 0, slides.length - 1);
    step = clamp(s | 0, 0, stepsOf(index));
    slides.forEach(function (el, k) { el.classList.toggle('current', k === index); });
    applySteps(slides[index], step);
    // A video stops when its slide is left, on every screen.
    if (media !== null && media !== index) { media = null; showMedia(); }
    var hash = '#' + (index + 1) + (step ? '.' + step : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (!remote) send();
    if (presenter) renderPresenter();
    fit();
    guard(slides[index]);
    showTimer();
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
  // A paired phone that does not drive follows: its keys and buttons do
  // not move the slides.
  function follower() { return !!api.device && !api.driving; }
  function next() {
    if (follower()) return;
    if (step < stepsOf(index)) go(index, step + 1);
    else if (index < slides.length - 1) go(index + 1, 0);
  }
  function prev() {
    if (follower()) return;
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
  // A move carries what the audience screens show: the position, the
  // screen (blank or frozen), a playing video and the exercise timer.
  var clock = 0, last = { seq: 0, from: '' };
  function newer(seq, from) { return seq > last.seq || (seq === last.seq && from > last.from); }
  function send() {
    clock += 1;
    var msg = {
      lectern: true, stem: meta.stem, index: index, step: step, from: me, seq: clock,
      timer: timerMessage(), screen: screen, media: media, pointer: pointer
    };
    post(msg);
    if (api.onNavigate) api.onNavigate(msg);
  }
  function post(msg) {
    if (channel) channel.postMessage(msg);
    var target = peer && !peer.closed ? peer : window.opener;
    if (target) { try { target.postMessage(msg, '*'); } catch (e) { /* closed */ } }
  }
  // `viaServer`: the message came from the server, so it is not relayed back.
  function receive(msg, viaServer) {
    if (!msg || !msg.lectern || msg.stem !== meta.stem || msg.from === me) return;
    if (msg.presence) { presenterSeen = Date.now(); return; }
    var seq = +msg.seq || 0;
    // A clock no presenter reaches would freeze this window: ignore it.
    if (!(seq >= 0 && seq <= 2147483648 && seq === Math.floor(seq))) return;
    if (!newer(seq, String(msg.from))) return;
    last = { seq: seq, from: String(msg.from) };
    clock = Math.max(clock, seq);
    if (msg.index !== index || msg.step !== step) go(msg.index, msg.step, true);
    applyTimer(msg.timer);
    applyScreen(msg.screen);
    applyMedia(msg.media);
    applyPointer(msg.pointer);
    // A clicker drives the focused audience window: the presenter passes
    // those moves on to the other devices in the room.
    if (presenter && !viaServer && api.onNavigate) api.onNavigate(msg);
  }
  if (channel) channel.onmessage = function (e) { receive(e.data); };
  window.addEventListener('message', function (e) { receive(e.data); });
  // The presenter view says it is open, so audience windows keep build
  // problems off the projector (live.js asks `lectern.quiet()`).
  var presenterSeen = 0;
  api.quiet = function () {
    return !presenter && (Date.now() - presenterSeen < 5000 || !!document.fullscreenElement ||
      /^lectern-audience-/.test(window.name));
  };

  function fit() {
    var w = deck.offsetWidth, h = deck.offsetHeight;
    var box = presenter ? $('pv-cur') : stage;
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

  // Keyboard, including what presentation clickers send. Dialogs (overview,
  // key help, jump box) take the keys while open.
  var gotoBuf = null;
  var gotoBox = document.createElement('div');
  gotoBox.id = 'lectern-goto';
  gotoBox.setAttribute('role', 'status');
  document.body.appendChild(gotoBox);
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    if (gotoBuf !== null) { gotoKey(e.key); e.preventDefault(); return; }
    if (overviewOpen()) { if (overviewKey(e.key)) e.preventDefault(); return; }
    if (helpOpen() && e.key !== '?') { if (e.key === 'Escape') toggleHelp(); e.preventDefault(); return; }
    if (presenter && presenterKey(e)) { e.preventDefault(); return; }
    if (deckKey(e.key, t)) e.preventDefault();
  });
  function deckKey(k, t) {
    if (follower() && !/^[oOfF?]$/.test(k)) return false;
    switch (k) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': case ' ': case 'Enter': case 'n': case 'N':
        if (k === 'Enter' && t && t.tagName === 'BUTTON') return false;
        next(); break;
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace':
        prev(); break;
      case 'Home': go(0, 0); break;
      case 'End': go(slides.length - 1, stepsOf(slides.length - 1)); break;
      case 'b': case 'B': case '.': setScreen('black'); break;
      case 'w': case 'W': case ',': setScreen('white'); break;
      case 'z': case 'Z': setScreen('frozen'); break;
      case 'f': case 'F': toggleFullscreen(); break;
      case 'o': case 'O': toggleOverview(); break;
      case '?': toggleHelp(); break;
      case 'g': case 'G': gotoBuf = ''; gotoBox.textContent = '→ '; gotoBox.classList.add('open'); break;
      case 'p': case 'P': openOther(); break;
      default: return false;
    }
    return true;
  }
  function gotoKey(k) {
    if (/^\d$/.test(k)) { gotoBuf += k; gotoBox.textContent = '→ ' + gotoBuf; }
    else if (k === 'Enter') { if (gotoBuf) go(+gotoBuf - 1, 0); closeGoto(); }
    else if (k === 'Backspace') { gotoBuf = gotoBuf.slice(0, -1); gotoBox.textContent = '→ ' + gotoBuf; }
    else closeGoto();
  }
  function closeGoto() { gotoBuf = null; gotoBox.classList.remove('open'); }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  document.addEventListener('fullscreenchange', function () {
    document.documentElement.classList.toggle('fullscreen', !!document.fullscreenElement);
    fit();
  });

  // Click or tap advances; links, buttons and players keep their own clicks.
  stage.addEventListener('click', function (e) {
    if (e.target.closest('a, button, iframe')) return;
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

  // The other window: the presenter opens the audience view, the audience opens the presenter view.
  function openOther() {
    var path = location.pathname, url;
    if (presenter) url = (/\/presenter\/?$/.test(path) ? path.replace(/presenter\/?$/, '') : path) + location.hash;
    else url = (/\/$/.test(path) ? path + 'presenter' : path + '?view=presenter') + location.hash;
    peer = window.open(url, 'lectern-' + (presenter ? 'audience-' : 'presenter-') + meta.stem);
  }

  // Live reload (lectern serve): swap in changed slides and stay on the
  // same slide, found by what it is (kind, title, page, and which of the
  // slides of that name), so a page added before it moves every screen
  // along rather than leaving them on a number that is now another slide.
  function keys() {
    var seen = {};
    return slides.map(function (el) {
      var label = (el.getAttribute('aria-label') || '').replace(/^\d+ \/ \d+: /, '');
      var kind = (/\bkind-[\w-]+/.exec(el.className) || [''])[0];
      var k = kind + '|' + label + '|' + el.getAttribute('data-part');
      seen[k] = (seen[k] || 0) + 1;
      return k + '|' + seen[k];
    });
  }
  function relocate(update) {
    var before = keys()[index];
    update();
    collect();
    var at = before ? keys().indexOf(before) : -1;
    if (at >= 0 && at !== index) {
      index = at;
      shownMoved();
      go(at, step, !presenter);
    } else go(index, step, true);
  }
  function replaceDeck(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.getElementById('deck');
    if (!fresh) return;
    var m = doc.getElementById('lectern-meta');
    if (m) meta = JSON.parse(m.textContent);
    var style = doc.querySelector('style'), mine = document.querySelector('style');
    if (style && mine && style.textContent !== mine.textContent) mine.textContent = style.textContent;
    var incoming = Array.prototype.slice.call(fresh.querySelectorAll(':scope > .slide'));
    relocate(function () {
      incoming.forEach(function (s, k) {
        var old = slides[k];
        if (!old) { deck.appendChild(document.importNode(s, true)); return; }
        old.classList.remove('current');
        s.classList.remove('current');
        if (stripState(old.outerHTML) !== stripState(s.outerHTML)) old.replaceWith(document.importNode(s, true));
      });
      for (var k = incoming.length; k < slides.length; k++) slides[k].remove();
    });
  }
  // Live reload with the changed slides in the event: [[index, html], ...]
  // for a deck of `count` pages; the others stay as they are.
  function patchDeck(count, changed) {
    var now = slides.slice();
    relocate(function () {
      changed.forEach(function (c) {
        var t = document.createElement('template');
        t.innerHTML = c[1];
        var s = t.content.firstElementChild;
        if (!s) return;
        if (now[c[0]]) now[c[0]].replaceWith(s); else deck.appendChild(s);
      });
      for (var k = count; k < now.length; k++) now[k].remove();
    });
  }
  function stripState(html) { return html.replace(/ class="([^"]*)"/g, function (_, c) { return ' class="' + c.replace(/\b(current|hidden)\b/g, '').trim() + '"'; }); }
