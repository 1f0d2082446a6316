// lectern slide runtime, part 2 of 5: what the audience screens show
// besides the slide: a blank or frozen screen, a playing video and the
// exercise timer. The presenter view sets them; every audience window
// (projector, screen share, devices in the room) shows them.

  // Blank (black or white) and freeze act on the audience screens, from
  // either view: `B`/`.`, `W`/`,` and `Z` toggle them. The presenter view
  // keeps its previews and says what the room sees.
  var screen = '';
  var frozen = null;
  function setScreen(kind) {
    applyScreen(screen === kind ? '' : kind);
    send();
  }
  function applyScreen(kind) {
    if (kind === undefined) return;
    kind = kind === 'black' || kind === 'white' || kind === 'frozen' ? kind : '';
    screen = kind;
    var audience = !presenter;
    document.body.classList.toggle('black', audience && kind === 'black');
    document.body.classList.toggle('white', audience && kind === 'white');
    // Frozen: the room keeps the picture it has while the presenter moves on.
    if (audience && kind === 'frozen' && !frozen) {
      frozen = document.createElement('div');
      frozen.id = 'lectern-frozen';
      frozen.setAttribute('aria-hidden', 'true');
      var copy = deck.cloneNode(true);
      copy.removeAttribute('id');
      Array.prototype.forEach.call(copy.querySelectorAll('[id]'), function (x) { x.removeAttribute('id'); });
      frozen.appendChild(copy);
      stage.appendChild(frozen);
    } else if (kind !== 'frozen' && frozen) {
      frozen.remove();
      frozen = null;
    }
    var status = $('pv-screen');
    if (status) {
      status.textContent = { black: W('screen_black'), white: W('screen_white'), frozen: W('screen_frozen') }[kind] || '';
      status.className = 'pv-screen' + (kind ? ' on ' + kind : '');
    }
  }

  // Click-to-load video: nothing is requested from the video host before
  // a click. Started from the presenter view (or any audience window), it
  // plays on the audience screens, not on the laptop; the presenter view
  // shows that it plays and can stop it. Devices in the room never start it.
  var media = null, ownPlay = null;
  document.addEventListener('click', function (e) {
    var load = e.target.closest && e.target.closest('.video-load');
    var stop = e.target.closest && e.target.closest('.video-stop');
    if (!load && !stop) return;
    e.stopPropagation();
    var page = slides.indexOf((load || stop).closest('.slide'));
    // A participant's own device plays it for that person alone.
    if (api.room) { ownPlay = load ? page : null; showMedia(); return; }
    if (page !== index) go(page, 0);
    media = load ? index : null;
    showMedia();
    send();
  });
  function applyMedia(m) {
    if (m === undefined) return;
    var next = m === null || m !== index ? null : m;
    if (next !== media) { media = next; showMedia(); }
  }
  function showMedia() {
    slides.forEach(function (el, k) {
      var fig = el.querySelector('.video');
      if (!fig) return;
      var playing = api.room ? ownPlay === k : media === k;
      var frame = fig.querySelector('iframe');
      var here = !presenter;
      if (playing && here && !frame) {
        var f = document.createElement('iframe');
        f.src = fig.getAttribute('data-embed');
        f.title = 'Video';
        f.setAttribute('allow', 'autoplay; fullscreen; picture-in-picture');
        f.setAttribute('allowfullscreen', '');
        f.setAttribute('referrerpolicy', 'no-referrer');
        fig.insertBefore(f, fig.firstChild);
      } else if (!playing && frame) frame.remove();
      fig.classList.toggle('playing', playing);
      // The presenter sees that it plays on the audience screens, and a stop.
      var live = fig.querySelector('.video-live');
      if (playing && presenter && !live) {
        live = document.createElement('div');
        live.className = 'video-live';
        live.setAttribute('role', 'status');
        var said = document.createElement('span');
        said.textContent = W('video_playing');
        var stop = document.createElement('button');
        stop.type = 'button';
        stop.className = 'video-stop';
        stop.textContent = '■ ' + W('video_stop');
        live.appendChild(said);
        live.appendChild(stop);
        fig.insertBefore(live, fig.firstChild);
      } else if (!playing && live) live.remove();
    });
  }

  // Pointer: `L` in the presenter view (or on a paired phone that drives)
  // turns the mouse or a finger on the current slide into a dot the room
  // sees on every audience screen.
  var pointer = null, pointing = false, pointerSent = 0;
  var dot = document.createElement('div');
  dot.id = 'lectern-pointer';
  dot.setAttribute('aria-hidden', 'true');
  deck.appendChild(dot);
  function applyPointer(p) {
    if (p === undefined) return;
    pointer = p && p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1 ? { x: +p.x, y: +p.y } : null;
    dot.classList.toggle('on', !!pointer);
    if (pointer) { dot.style.left = (pointer.x * 100) + '%'; dot.style.top = (pointer.y * 100) + '%'; }
  }
  function togglePointer() {
    if (follower()) return;
    pointing = !pointing;
    document.body.classList.toggle('pointing', pointing);
    if (!pointing) { applyPointer(null); send(); }
  }
  // At most 25 moves a second reach the room.
  function pointAt(clientX, clientY) {
    if (!pointing || !slides[index]) return;
    var r = slides[index].getBoundingClientRect();
    var x = (clientX - r.left) / r.width, y = (clientY - r.top) / r.height;
    applyPointer(x >= 0 && x <= 1 && y >= 0 && y <= 1 ? { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 } : null);
    var now = Date.now();
    if (now - pointerSent >= 40) { pointerSent = now; send(); }
  }

  // Exercise timer: `T` in the presenter view starts, pauses and resumes a
  // countdown of the slide's minutes. Every synced screen shows it; it is
  // kept in local storage, so a reload keeps it running. It shows on its
  // own slide only, unless pinned (`Shift+T`), and sits in a corner of the
  // slide where it covers no text.
  var timer = null;
  var timerKey = 'lectern:timer:' + meta.stem;
  timer = stored(timerKey);
  function logical(i) { return slides[i] ? +slides[i].getAttribute('data-slide') : 0; }
  function minutesOf(n) {
    var total = 0;
    slides.forEach(function (el) { if (+el.getAttribute('data-slide') === n) total += +el.getAttribute('data-time') || 0; });
    return total;
  }
  function timeLeft() {
    if (!timer) return 0;
    return Math.max(0, timer.running ? timer.end - Date.now() : timer.left);
  }
  function toggleTimer() {
    if (follower()) return;
    var n = logical(index), mins = minutesOf(n);
    if (timer && timer.slide === n && timeLeft() > 0) {
      if (timer.running) { timer.left = timeLeft(); timer.running = false; }
      else { timer.end = Date.now() + timer.left; timer.running = true; }
    } else if (mins > 0) {
      timer = { slide: n, total: mins * 60000, left: mins * 60000, end: Date.now() + mins * 60000, running: true, pinned: false };
    } else {
      timer = null;
      flash(W('timer_none'));
    }
    store(timerKey, timer);
    showTimer();
    send();
  }
  function pinTimer() {
    if (!timer) return;
    timer.pinned = !timer.pinned;
    store(timerKey, timer);
    showTimer();
    send();
  }
  function timerMessage() {
    return timer ? { slide: timer.slide, total: timer.total, left: Math.round(timeLeft()), running: !!timer.running, pinned: !!timer.pinned } : null;
  }
  function applyTimer(t) {
    if (t === undefined) return;
    if (!t) timer = null;
    else timer = { slide: +t.slide, total: +t.total, left: +t.left, end: Date.now() + (+t.left), running: !!t.running, pinned: !!t.pinned };
    store(timerKey, timer);
    showTimer();
  }
  var timerBox = document.createElement('div');
  timerBox.id = 'lectern-timer';
  timerBox.setAttribute('role', 'timer');
  timerBox.setAttribute('aria-label', W('time_left'));
  deck.appendChild(timerBox);
  function showTimer() {
    // A finished timer goes once the group has moved on to another slide.
    if (timer && !timeLeft() && timer.slide !== logical(index)) { timer = null; store(timerKey, null); }
    var left = timeLeft();
    var onSlide = !!timer && (timer.slide === logical(index) || timer.pinned);
    var m = Math.floor(Math.ceil(left / 1000) / 60), sec = Math.ceil(left / 1000) % 60;
    // Never empty, so the presenter's bar keeps its height when it starts.
    var text = timer ? (left > 0 ? m + ':' + pad(sec) : W('time_up')) : '\u00a0';
    [[timerBox, onSlide], [$('pv-timer'), !!timer]].forEach(function (pair) {
      var el = pair[0];
      if (!el) return;
      var was = el.classList.contains('open');
      el.classList.toggle('open', pair[1]);
      el.classList.toggle('paused', !!timer && !timer.running);
      el.classList.toggle('last-minute', !!timer && left > 0 && left <= 60000);
      el.classList.toggle('done', !!timer && left <= 0);
      el.classList.toggle('pinned', !!timer && !!timer.pinned);
      if (el.textContent !== text) el.textContent = text;
      if (el === timerBox && pair[1] && (!was || el.getAttribute('data-page') !== String(index))) {
        el.setAttribute('data-page', String(index));
        placeTimer();
      }
    });
    var button = $('pv-timer-btn');
    if (button) {
      var mine = timer && timer.slide === logical(index) && left > 0;
      var label = mine ? (timer.running ? W('timer_pause') : W('timer_resume')) : W('timer_start');
      if (button.title !== label) button.title = label;
      button.setAttribute('aria-pressed', mine && timer.running ? 'true' : 'false');
    }
  }
  setInterval(showTimer, 250);
  // Where on the current slide the timer covers no text: the chip is sized
  // from the slide's height and tried in each corner, then just above the
  // footer; put where it meets nothing, made smaller where all are taken.
  function placeTimer() {
    var slide = slides[index];
    if (!slide) return;
    var texts = Array.prototype.filter.call(
      slide.querySelectorAll('h1, h2, h3, p, li, td, th, figure, blockquote, pre, .slide-foot > *'),
      function (el) { return el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'; }
    ).map(function (el) { return el.getBoundingClientRect(); });
    var box = slide.getBoundingClientRect();
    var scale = box.height / (deck.offsetHeight || 1);
    var foot = slide.querySelector('.slide-foot');
    var band = foot ? (box.bottom - foot.getBoundingClientRect().top) / scale : 0;
    var above = Math.round(band) + 10;
    var spots = [['br', 'right', 'bottom', 14], ['tr', 'right', 'top', 14], ['br-foot', 'right', 'bottom', above],
      ['bl-foot', 'left', 'bottom', above], ['bl', 'left', 'bottom', 14], ['tl', 'left', 'top', 14]];
    var found = null;
    function clear() {
      timerBox.style.left = timerBox.style.right = timerBox.style.top = timerBox.style.bottom = timerBox.style.transform = '';
    }
    function free() {
      var r = timerBox.getBoundingClientRect();
      return !texts.some(function (t) { return r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top; });
    }
    [0.075, 0.055].some(function (share) {
      timerBox.style.fontSize = Math.round(deck.offsetHeight * share) + 'px';
      return spots.some(function (spot) {
        clear();
        timerBox.style[spot[1]] = '14px';
        timerBox.style[spot[2]] = spot[3] + 'px';
        if (free()) found = spot[0];
        return !!found;
      });
    });
    // A full slide: in the middle of the footer band, as tall as the room
    // between the text above and the slide's edge allows.
    var lowest = texts.reduce(function (y, t) { return foot && t.top >= foot.getBoundingClientRect().top - 1 ? y : Math.max(y, t.bottom); }, box.top);
    var room = (box.bottom - lowest) / scale - 12;
    if (!found && room > 20) {
      clear();
      timerBox.style.fontSize = Math.round(Math.min(deck.offsetHeight * 0.075, room / 1.5)) + 'px';
      timerBox.style.left = '50%';
      timerBox.style.transform = 'translateX(-50%)';
      timerBox.style.bottom = '4px';
      if (free()) found = 'footer';
    }
    if (!found) {
      clear();
      timerBox.style.right = timerBox.style.bottom = '14px';
    }
    timerBox.setAttribute('data-spot', found || 'none');
  }
  window.addEventListener('resize', function () { if (timerBox.classList.contains('open')) placeTimer(); });
