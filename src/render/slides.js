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
  var api = window.lectern = { onNavigate: null, presenter: presenter, state: state, receive: receive, replaceDeck: replaceDeck, patchDeck: patchDeck, next: next, prev: prev, go: go };

  // Words come from the page (labels.rs), in the deck's language.
  function W(key) { return (meta.words && meta.words[key]) || key; }
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
    var msg = { lectern: true, stem: meta.stem, index: index, step: step, from: me, seq: clock, timer: timerMessage() };
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
    applyTimer(msg.timer);
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
      case 'r': case 'R': if (!presenter) return; resetTimer(); break;
      case 't': case 'T': if (!presenter) return; toggleTimer(); break;
      case '+': case '=': if (!presenter) return; notesSize(2); break;
      case '-': case '_': if (!presenter) return; notesSize(-2); break;
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

  // Presenter view: notes first, current and next slide, clock, elapsed
  // time and pacing, the exercise timer and the delivery log.
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
  function pad(n) { return String(n).padStart(2, '0'); }
  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + pad(m) : pad(m)) + ':' + pad(sec);
  }
  function $(id) { return document.getElementById(id); }
  function tick() {
    if (!presenter) return;
    var el = (Date.now() - started) / 60000;
    $('pv-elapsed').textContent = mmss(Date.now() - started);
    var d = new Date();
    $('pv-clock').textContent = pad(d.getHours()) + ':' + pad(d.getMinutes());
    var starts = plan();
    var from = starts[index], to = starts[index + 1];
    var pace = $('pv-pace');
    var diff = 0;
    if (el < from) diff = from - el; else if (el > to) diff = to - el;
    var mins = Math.round(Math.abs(diff));
    pace.className = 'pv-pace ' + (mins < 1 ? 'ontime' : diff > 0 ? 'ahead' : 'behind');
    pace.textContent = mins < 1 ? W('on_time') : mins + ' min ' + (diff > 0 ? W('ahead') : W('behind'));
    pace.setAttribute('data-minutes', String(Math.round(diff)));
  }

  // The logical slide a page belongs to, and its planned minutes (`time=`),
  // which fitting shared out over the slide's pages.
  function logical(i) { return slides[i] ? +slides[i].getAttribute('data-slide') : 0; }
  function minutesOf(n) {
    var total = 0;
    slides.forEach(function (el) { if (+el.getAttribute('data-slide') === n) total += +el.getAttribute('data-time') || 0; });
    return total;
  }

  // Exercise timer: `T` in the presenter view starts, pauses and resumes a
  // countdown of the slide's minutes. Every synced screen shows it; it is
  // kept in local storage, so a reload keeps it running.
  var timer = null;
  var timerKey = 'lectern:timer:' + meta.stem;
  try { timer = JSON.parse(localStorage.getItem(timerKey) || 'null'); } catch (e) { timer = null; }
  function timeLeft() {
    if (!timer) return 0;
    return Math.max(0, timer.running ? timer.end - Date.now() : timer.left);
  }
  function saveTimer() {
    try {
      if (timer) localStorage.setItem(timerKey, JSON.stringify(timer)); else localStorage.removeItem(timerKey);
    } catch (e) { /* private mode */ }
  }
  function toggleTimer() {
    var n = logical(index), mins = minutesOf(n);
    if (timer && timer.slide === n && timeLeft() > 0) {
      if (timer.running) { timer.left = timeLeft(); timer.running = false; }
      else { timer.end = Date.now() + timer.left; timer.running = true; }
    } else if (mins > 0) {
      timer = { slide: n, total: mins * 60000, left: mins * 60000, end: Date.now() + mins * 60000, running: true };
    } else {
      timer = null;
      flash(W('timer_none'));
    }
    saveTimer();
    showTimer();
    send();
  }
  function timerMessage() {
    return timer ? { slide: timer.slide, total: timer.total, left: Math.round(timeLeft()), running: !!timer.running } : null;
  }
  function applyTimer(t) {
    if (t === undefined) return;
    if (!t) timer = null;
    else timer = { slide: +t.slide, total: +t.total, left: +t.left, end: Date.now() + (+t.left), running: !!t.running };
    saveTimer();
    showTimer();
  }
  var timerBox = document.createElement('div');
  timerBox.id = 'lectern-timer';
  timerBox.setAttribute('role', 'timer');
  timerBox.setAttribute('aria-label', W('time_left'));
  deck.appendChild(timerBox);
  function showTimer() {
    // A finished timer goes once the group has moved on to another slide.
    if (timer && !timeLeft() && timer.slide !== logical(index)) { timer = null; saveTimer(); }
    var left = timeLeft();
    var box = [timerBox, $('pv-timer')];
    box.forEach(function (el) {
      if (!el) return;
      el.classList.toggle('open', !!timer);
      el.classList.toggle('paused', !!timer && !timer.running);
      el.classList.toggle('last-minute', !!timer && left > 0 && left <= 60000);
      el.classList.toggle('done', !!timer && left <= 0);
      var m = Math.floor(Math.ceil(left / 1000) / 60), sec = Math.ceil(left / 1000) % 60;
      el.textContent = timer ? (left > 0 ? m + ':' + pad(sec) : W('time_up')) : '';
    });
    var button = $('pv-timer-btn');
    if (button) {
      var mine = timer && timer.slide === logical(index) && left > 0;
      button.textContent = mine ? (timer.running ? W('timer_pause') : W('timer_resume')) : W('timer_start');
    }
  }
  setInterval(showTimer, 250);
  var flashBox = null;
  function flash(text) {
    if (!presenter) return;
    flashBox = flashBox || $('pv-flash');
    if (!flashBox) return;
    flashBox.textContent = text;
    setTimeout(function () { flashBox.textContent = ''; }, 3000);
  }

  // Delivery log: when each slide was shown and for how long. Served, the
  // presenter view hands it to the server at every slide change; the log is
  // also kept in local storage and can be downloaded from a file:// page.
  var logKey = 'lectern:delivery:' + meta.stem;
  var log = null, shownAt = Date.now(), shownSlide = 0;
  function startLog() {
    try { log = JSON.parse(localStorage.getItem(logKey) || 'null'); } catch (e) { log = null; }
    // A reload within a quarter of an hour continues the same delivery.
    if (!log || !log.updated || Date.now() - log.updated > 15 * 60000) {
      log = { deck: meta.stem, started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), slides: [] };
    }
    shownAt = Date.now();
    shownSlide = logical(index);
  }
  function recordSlide(force) {
    if (!presenter || !log) return;
    var n = logical(index);
    if (n === shownSlide && !force) return;
    var seconds = Math.round((Date.now() - shownAt) / 1000);
    if (shownSlide && seconds > 0) log.slides.push({ number: shownSlide, seconds: seconds });
    shownSlide = n;
    shownAt = Date.now();
    log.updated = Date.now();
    try { localStorage.setItem(logKey, JSON.stringify(log)); } catch (e) { /* private mode */ }
    if (api.onDelivery) api.onDelivery({ deck: log.deck, started: log.started, slides: log.slides });
  }
  function downloadLog() {
    recordSlide(true);
    var a = document.createElement('a');
    a.href = 'data:application/json;charset=utf-8,' + encodeURIComponent(JSON.stringify({ deck: log.deck, started: log.started, slides: log.slides }, null, 1));
    a.download = meta.stem + '-' + log.started.replace(/:/g, '-') + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // Notes: the largest part of the view, in the size the trainer chose
  // (`+`/`-`, remembered), made a little smaller only to avoid scrolling.
  var notesKey = 'lectern:notes-px';
  var notesPx = +(localStorage.getItem(notesKey) || 0) || 30;
  function notesSize(delta) {
    notesPx = clamp(notesPx + delta, 18, 64);
    try { localStorage.setItem(notesKey, String(notesPx)); } catch (e) { /* private mode */ }
    fitNotes();
  }
  function fitNotes() {
    var box = $('pv-notes');
    if (!box) return;
    var px = notesPx;
    box.style.fontSize = px + 'px';
    while (px > 20 && box.scrollHeight > box.clientHeight + 1) {
      px -= 1;
      box.style.fontSize = px + 'px';
    }
    box.setAttribute('data-px', String(px));
  }
  function button(id, label, text) {
    return '<button type="button" id="' + id + '" aria-label="' + label + '" title="' + label + '">' + text + '</button>';
  }
  function buildPresenter() {
    document.body.classList.add('presenter');
    var pv = document.createElement('div');
    pv.className = 'pv';
    pv.innerHTML =
      '<header class="pv-bar" aria-label="' + W('presenter_bar') + '"><span id="pv-count"></span>' +
      '<span>' + W('elapsed') + ' <strong id="pv-elapsed">00:00</strong></span>' +
      '<span>' + W('clock') + ' <strong id="pv-clock"></strong></span>' +
      '<span id="pv-pace" class="pv-pace"></span>' +
      '<span class="pv-timer" id="pv-timer" role="timer" aria-label="' + W('time_left') + '"></span>' +
      '<span class="pv-flash" id="pv-flash" role="status"></span>' +
      '<span class="pv-buttons">' + button('pv-prev', W('previous'), '◀') + button('pv-next-btn', W('next'), '▶') +
      button('pv-timer-btn', W('timer_start'), W('timer')) +
      button('pv-smaller', W('notes_size'), 'A−') + button('pv-larger', W('notes_size'), 'A+') +
      button('pv-open', W('open_audience'), W('open_audience')) + button('pv-reset', W('reset_timer'), W('reset_timer')) +
      button('pv-log', W('download_log'), W('download_log')) + '</span></header>' +
      '<div class="pv-current"><div class="pv-frame" id="pv-cur"></div></div>' +
      '<section class="pv-next" aria-label="' + W('next_slide') + '"><h2 class="pv-caption" id="pv-next-caption"></h2><div class="pv-frame" id="pv-next"></div></section>' +
      '<section class="pv-notes" id="pv-notes" tabindex="0" aria-label="' + W('notes') + '"></section>';
    document.body.appendChild(pv);
    $('pv-cur').appendChild(deck);
    $('pv-open').onclick = openOther;
    $('pv-reset').onclick = resetTimer;
    $('pv-prev').onclick = prev;
    $('pv-next-btn').onclick = next;
    $('pv-timer-btn').onclick = toggleTimer;
    $('pv-smaller').onclick = function () { notesSize(-2); };
    $('pv-larger').onclick = function () { notesSize(2); };
    $('pv-log').onclick = downloadLog;
    $('pv-cur').addEventListener('click', function (e) { if (!e.target.closest('a, button, iframe')) next(); });
    document.title = '▶ ' + document.title;
    window.addEventListener('resize', fitNotes);
    window.addEventListener('pagehide', function () { recordSlide(true); });
    setInterval(tick, 1000);
  }
  function renderPresenter() {
    $('pv-count').innerHTML = W('slide') + ' <strong>' + (index + 1) + ' / ' + slides.length + '</strong>' +
      (stepsOf(index) ? ' · ' + W('step') + ' ' + step + '/' + stepsOf(index) : '');
    var notes = slides[index].querySelector('.notes');
    var html = notes ? notes.innerHTML.trim() : '';
    $('pv-notes').innerHTML = html;
    document.body.classList.toggle('pv-no-notes', !html);
    var holder = $('pv-next');
    holder.innerHTML = '';
    var caption = $('pv-next-caption');
    var src = null, nstep = 0;
    if (step < stepsOf(index)) { src = slides[index]; nstep = step + 1; caption.textContent = W('next_step'); }
    else if (index + 1 < slides.length) { src = slides[index + 1]; caption.textContent = W('next_slide'); }
    else caption.textContent = W('end');
    if (src) {
      nextDeck = document.createElement('div');
      nextDeck.className = 'deck';
      nextDeck.setAttribute('aria-hidden', 'true');
      var clone = src.cloneNode(true);
      clone.classList.add('current');
      clone.removeAttribute('id');
      applySteps(clone, nstep);
      nextDeck.appendChild(clone);
      holder.appendChild(nextDeck);
    } else nextDeck = null;
    recordSlide(false);
    tick();
    fitNotes();
  }
  function fitNext() {
    var holder = $('pv-next');
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
  // Live reload with the changed slides in the event: [[index, html], ...]
  // for a deck of `count` pages; the others stay as they are.
  function patchDeck(count, changed) {
    var now = slides.slice();
    changed.forEach(function (c) {
      var t = document.createElement('template');
      t.innerHTML = c[1];
      var s = t.content.firstElementChild;
      if (!s) return;
      if (now[c[0]]) now[c[0]].replaceWith(s); else deck.appendChild(s);
    });
    for (var k = count; k < now.length; k++) now[k].remove();
    collect();
    go(index, step, true);
  }
  function stripState(html) { return html.replace(/ class="([^"]*)"/g, function (_, c) { return ' class="' + c.replace(/\b(current|hidden)\b/g, '').trim() + '"'; }); }

  collect();
  if (presenter) { startLog(); buildPresenter(); }
  // A reload stays on the slide in the address (#5 or #5.2).
  if (/^#\d+(\.\d+)?$/.test(location.hash)) fromHash(); else go(0, 0, true);
})();
