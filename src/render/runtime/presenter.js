// lectern slide runtime, part 4 of 5: the presenter view. Notes first,
// current and next slide, clock, elapsed and remaining time, pacing, the
// exercise timer, what the room's screens show, and the delivery log.
// Every element keeps its place whatever the slide holds.

  function presenterKey(e) {
    var k = e.key;
    if (follower() && !/^[jJkK+=_-]$/.test(k) && !e.shiftKey) return false;
    if ((k === 'ArrowDown' || k === 'ArrowUp') && e.shiftKey) { scrollNotes(k === 'ArrowDown' ? 1 : -1); return true; }
    switch (k) {
      case 'j': case 'J': scrollNotes(1); return true;
      case 'k': case 'K': scrollNotes(-1); return true;
      case 't': case 'T': if (e.shiftKey) pinTimer(); else toggleTimer(); return true;
      case 'r': case 'R': resetClock(); return true;
      case 'e': case 'E': toggleEndTime(); return true;
      case 'l': case 'L': togglePointer(); return true;
      case '+': case '=': notesSize(2); return true;
      case '-': case '_': notesSize(-2); return true;
      default: return false;
    }
  }

  // Elapsed time: kept in local storage, so a reload (some clickers send F5
  // to "start the show") continues it, as it does the delivery log; after a
  // quarter of an hour away it is a new session.
  var clockKey = 'lectern:clock:' + meta.stem;
  var started = Date.now();
  var endTime = false;
  function startClock() {
    var kept = stored(clockKey);
    if (kept && kept.started && Date.now() - kept.seen < 15 * 60000) started = kept.started;
    endTime = !!(kept && kept.endTime);
    saveClock();
  }
  function saveClock() { store(clockKey, { started: started, seen: Date.now(), endTime: endTime }); }
  function resetClock() {
    started = Date.now();
    log = null;
    startLog();
    saveClock();
    tick();
  }
  function toggleEndTime() { endTime = !endTime; saveClock(); tick(); }
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
    return (h ? h + ':' + pad(m) : pad(m)) + ':' + pad(sec);
  }
  function hhmm(d) { return pad(d.getHours()) + ':' + pad(d.getMinutes()); }
  function tick() {
    if (!presenter) return;
    var ms = Date.now() - started, el = ms / 60000;
    $('pv-elapsed').textContent = mmss(ms);
    $('pv-clock').textContent = hhmm(new Date());
    // The session's countdown from its `duration`, or the time it ends.
    var left = $('pv-left');
    if (meta.duration) {
      var rest = meta.duration * 60000 - ms;
      left.textContent = endTime ? hhmm(new Date(started + meta.duration * 60000)) : (rest < 0 ? '−' : '') + mmss(Math.abs(rest));
      $('pv-left-label').textContent = endTime ? W('ends_at') : W('remaining');
      left.classList.toggle('over', rest < 0);
    }
    var starts = plan();
    var from = starts[index], to = starts[index + 1];
    var pace = $('pv-pace');
    var diff = 0;
    if (el < from) diff = from - el; else if (el > to) diff = to - el;
    var mins = Math.round(Math.abs(diff));
    pace.className = 'pv-pace ' + (mins < 1 ? 'ontime' : diff > 0 ? 'ahead' : 'behind');
    pace.textContent = mins < 1 ? W('on_time') : mins + ' min ' + (diff > 0 ? W('ahead') : W('behind'));
    pace.setAttribute('data-minutes', String(Math.round(diff)));
    saveClock();
  }

  // Who drives, on every presenter view: this laptop, or the paired phone
  // it handed control to (`lectern serve`, live.js).
  api.setDriver = function (id) {
    api.driving = !!api.device && id === api.device;
    var el = $('pv-driver');
    if (!el) return;
    var text = api.device ? (api.driving ? W('you_drive') : W('you_follow')) : (id ? W('phone_drives') + ' ' + id : '');
    el.textContent = text;
    el.classList.toggle('on', !!text);
    document.body.classList.toggle('pv-follower', follower());
  };

  var flashBox = null;
  function flash(text) {
    if (!presenter) return;
    flashBox = flashBox || $('pv-flash');
    if (!flashBox) return;
    flashBox.textContent = text;
    setTimeout(function () { flashBox.textContent = ''; }, 3000);
  }

  // Delivery log: when each slide was shown and for how long. It counts as
  // a delivery once it clearly is one: the presenter got past the first
  // slides or presented for five minutes. Opening the view to look records
  // nothing. Served, the log goes to the server at every slide change from
  // then on; it is also kept in local storage and can be downloaded.
  var logKey = 'lectern:delivery:' + meta.stem;
  var log = null, shownAt = Date.now(), shownSlide = 0;
  var FIRST_SLIDES = 3, REAL_AFTER_MS = 5 * 60000;
  function startLog() {
    log = log || stored(logKey);
    // A reload within a quarter of an hour continues the same delivery.
    if (!log || !log.updated || Date.now() - log.updated > 15 * 60000) {
      var now = new Date();
      log = {
        deck: meta.stem, started: now.toISOString().replace(/\.\d+Z$/, 'Z'),
        utc_offset_minutes: -now.getTimezoneOffset(), slides: [], real: false
      };
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
    if (!log.real && (n > FIRST_SLIDES || Date.now() - started >= REAL_AFTER_MS)) log.real = true;
    store(logKey, log);
    if (log.real && api.onDelivery) api.onDelivery(deliveryOf(log));
  }
  function deliveryOf(l) {
    return { deck: l.deck, started: l.started, utc_offset_minutes: l.utc_offset_minutes || 0, slides: l.slides };
  }
  // The page shown was renumbered by an edit: the time from here on goes
  // to its new number.
  function shownMoved() { if (presenter && log) shownSlide = logical(index); }
  function downloadLog() {
    recordSlide(true);
    var a = document.createElement('a');
    a.href = 'data:application/json;charset=utf-8,' + encodeURIComponent(JSON.stringify(deliveryOf(log), null, 1));
    a.download = meta.stem + '-' + log.started.replace(/:/g, '-') + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // Notes: the largest part of the view, in the size the trainer chose
  // (`+`/`-`, remembered). Where they would need scrolling, the type gets a
  // little smaller and the notes a larger share of the view (the next
  // slide smaller); what still does not fit scrolls with `J`/`K` or
  // Shift+arrows, with a mark saying there is more below.
  var notesKey = 'lectern:notes-px';
  var notesPx = +(localStorage.getItem(notesKey) || 0) || 30;
  var LAYOUTS = ['', 'pv-wide-notes', 'pv-widest-notes'];
  function notesSize(delta) {
    notesPx = clamp(notesPx + delta, 18, 64);
    try { localStorage.setItem(notesKey, String(notesPx)); } catch (e) { /* private mode */ }
    fitNotes();
  }
  function overflowing(box) { return box.scrollHeight > box.clientHeight + 1; }
  function fitNotes() {
    var box = $('pv-notes');
    if (!box) return;
    var px = notesPx, layout = 0;
    var pv = document.querySelector('.pv');
    for (;;) {
      LAYOUTS.forEach(function (c, i) { if (c) pv.classList.toggle(c, i === layout); });
      px = notesPx;
      box.style.fontSize = px + 'px';
      while (px > 20 && overflowing(box)) { px -= 1; box.style.fontSize = px + 'px'; }
      if (!overflowing(box) || layout === LAYOUTS.length - 1) break;
      layout += 1;
    }
    box.setAttribute('data-px', String(px));
    box.setAttribute('data-layout', String(layout));
    fit();
    moreBelow();
  }
  function scrollNotes(dir) {
    var box = $('pv-notes');
    if (!box) return;
    box.scrollBy({ top: dir * box.clientHeight * 0.8 });
    moreBelow();
  }
  function moreBelow() {
    var box = $('pv-notes'), mark = $('pv-more');
    if (!box || !mark) return;
    mark.classList.toggle('open', box.scrollTop + box.clientHeight < box.scrollHeight - 2);
  }
  // A button's name starts with what it shows (A−, ▶), then says what it
  // does, for screen readers and voice control alike.
  function button(id, shows, does) {
    return '<button type="button" id="' + id + '" title="' + does + '"><span aria-hidden="true">' + shows +
      '</span><span class="sr"> ' + does + '</span></button>';
  }
  function buildPresenter() {
    document.body.classList.add('presenter');
    var pv = document.createElement('div');
    pv.className = 'pv';
    pv.innerHTML =
      '<header class="pv-bar" aria-label="' + W('presenter_bar') + '">' +
      '<span class="pv-times"><span id="pv-count"></span>' +
      '<span>' + W('elapsed') + ' <strong id="pv-elapsed">00:00</strong></span>' +
      (meta.duration ? '<button type="button" class="pv-left" id="pv-left-btn" title="' + W('key_end_time') + '"><span id="pv-left-label">' + W('remaining') + '</span> <strong id="pv-left"></strong></button>' : '') +
      '<span>' + W('clock') + ' <strong id="pv-clock"></strong></span>' +
      '<span id="pv-pace" class="pv-pace"></span>' +
      '<span class="pv-timer" id="pv-timer" role="timer" aria-label="' + W('time_left') + '"></span>' +
      '</span>' +
      '<span class="pv-buttons">' + button('pv-prev', '◀', W('previous')) + button('pv-next-btn', '▶', W('next')) +
      button('pv-timer-btn', W('timer'), W('timer_start')) +
      button('pv-black', '■', W('screen_black') + ' (B)') + button('pv-point', '●', W('key_pointer')) +
      button('pv-smaller', 'A−', W('notes_smaller')) + button('pv-larger', 'A+', W('notes_larger')) +
      button('pv-open', W('open_audience'), W('open_audience')) + button('pv-reset', W('reset_timer'), W('reset_timer')) +
      button('pv-log', W('download_log'), W('download_log')) + button('pv-help', '?', W('keys')) + '</span>' +
      '<span class="pv-driver" id="pv-driver" role="status"></span>' +
      '<span class="pv-flash" id="pv-flash" role="status"></span></header>' +
      '<div class="pv-current"><span class="pv-screen" id="pv-screen" role="status"></span><div class="pv-frame" id="pv-cur"></div></div>' +
      '<section class="pv-next" aria-label="' + W('next_slide') + '"><h2 class="pv-caption" id="pv-next-caption"></h2><div class="pv-frame" id="pv-next"></div></section>' +
      '<div class="pv-drive">' + button('pv-drive-prev', '◀', W('previous')) + button('pv-drive-black', '■', W('screen_black')) +
      button('pv-drive-point', '●', W('key_pointer')) + button('pv-drive-next', '▶', W('next')) + '</div>' +
      '<div class="pv-notes-box"><section class="pv-notes" id="pv-notes" tabindex="0" aria-label="' + W('notes') + '"></section>' +
      '<div class="pv-more" id="pv-more" aria-hidden="true">▼ ' + W('more_below') + ' (J)</div></div>';
    document.body.appendChild(pv);
    $('pv-cur').appendChild(deck);
    var clicks = {
      'pv-open': openOther, 'pv-reset': resetClock, 'pv-prev': prev, 'pv-next-btn': next, 'pv-timer-btn': toggleTimer,
      'pv-black': function () { if (!follower()) setScreen('black'); }, 'pv-smaller': function () { notesSize(-2); },
      'pv-larger': function () { notesSize(2); }, 'pv-log': downloadLog, 'pv-help': toggleHelp, 'pv-left-btn': toggleEndTime,
      'pv-point': togglePointer, 'pv-drive-point': togglePointer, 'pv-drive-prev': prev, 'pv-drive-next': next, 'pv-drive-black': function () { if (!follower()) setScreen('black'); }
    };
    Object.keys(clicks).forEach(function (id) { if ($(id)) $(id).onclick = clicks[id]; });
    $('pv-cur').addEventListener('click', function (e) { if (!pointing && !e.target.closest('a, button, iframe')) next(); });
    $('pv-notes').addEventListener('scroll', moreBelow);
    $('pv-cur').addEventListener('mousemove', function (e) { pointAt(e.clientX, e.clientY); });
    $('pv-cur').addEventListener('mouseleave', function () { if (pointing && pointer) { applyPointer(null); send(); } });
    $('pv-cur').addEventListener('touchmove', function (e) {
      if (!pointing) return;
      pointAt(e.touches[0].clientX, e.touches[0].clientY);
      e.preventDefault();
    }, { passive: false });
    document.title = '▶ ' + document.title;
    window.addEventListener('resize', fitNotes);
    window.addEventListener('pagehide', function () { recordSlide(true); });
    setInterval(tick, 1000);
    // Audience windows keep build problems off the room's screens while
    // a presenter view is open.
    setInterval(function () { post({ lectern: true, stem: meta.stem, presence: true, from: me }); }, 2000);
    post({ lectern: true, stem: meta.stem, presence: true, from: me });
  }
  function renderPresenter() {
    $('pv-count').innerHTML = W('slide') + ' <strong>' + (index + 1) + ' / ' + slides.length + '</strong>' +
      (stepsOf(index) ? ' · ' + W('step') + ' ' + step + '/' + stepsOf(index) : '');
    var notes = slides[index].querySelector('.notes');
    var html = notes ? notes.innerHTML.trim() : '';
    var box = $('pv-notes');
    box.innerHTML = html || '<p class="pv-none">' + W('no_notes') + '</p>';
    box.scrollTop = 0;
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
  var nextDeck = null;
  function fitNext() {
    var holder = $('pv-next');
    if (!nextDeck || !holder) return;
    var s = Math.min(holder.clientWidth / deck.offsetWidth, holder.clientHeight / deck.offsetHeight);
    nextDeck.style.transform = 'scale(' + s + ')';
  }
