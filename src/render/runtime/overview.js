// lectern slide runtime, part 3 of 5: the overview (`O`) and the key help
// (`?`), dialogs over either view.

  // Overview: every page as a thumbnail large enough to read its title,
  // over the whole window. Arrows choose, Enter or a click jumps (the only
  // thing the room sees), Esc or `O` leaves without moving anyone.
  var overview = null, chosen = 0;
  function overviewOpen() { return !!overview; }
  function toggleOverview() {
    if (overview) { closeOverview(); return; }
    overview = document.createElement('div');
    overview.id = 'lectern-overview';
    overview.setAttribute('role', 'dialog');
    overview.setAttribute('aria-modal', 'true');
    overview.setAttribute('aria-label', W('overview'));
    var grid = document.createElement('ol');
    grid.className = 'ov-grid';
    slides.forEach(function (el, k) {
      var item = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'ov-thumb';
      b.setAttribute('data-index', String(k));
      var label = (el.getAttribute('aria-label') || '').replace(/^\d+ \/ \d+: /, '');
      var mini = document.createElement('div');
      mini.className = 'deck ov-deck';
      mini.setAttribute('aria-hidden', 'true');
      var copy = el.cloneNode(true);
      copy.removeAttribute('id');
      copy.classList.add('current');
      Array.prototype.forEach.call(copy.querySelectorAll('.step'), function (x) { x.classList.remove('hidden'); });
      mini.appendChild(copy);
      var caption = document.createElement('span');
      caption.className = 'ov-caption';
      caption.textContent = (k + 1) + ' · ' + label;
      b.appendChild(mini);
      b.appendChild(caption);
      b.addEventListener('click', function () { jumpTo(k); });
      item.appendChild(b);
      grid.appendChild(item);
    });
    overview.appendChild(grid);
    document.body.appendChild(overview);
    document.body.classList.add('overview');
    scaleThumbs();
    choose(index);
  }
  function scaleThumbs() {
    if (!overview) return;
    Array.prototype.forEach.call(overview.querySelectorAll('.ov-deck'), function (mini) {
      var s = mini.parentNode.clientWidth / deck.offsetWidth;
      mini.style.transform = 'scale(' + s + ')';
      mini.parentNode.style.setProperty('--thumb-h', (deck.offsetHeight * s) + 'px');
    });
  }
  window.addEventListener('resize', scaleThumbs);
  function closeOverview() {
    if (!overview) return;
    overview.remove();
    overview = null;
    document.body.classList.remove('overview');
    fit();
  }
  function jumpTo(k) { closeOverview(); go(k, 0); }
  function thumbs() { return overview ? overview.querySelectorAll('.ov-thumb') : []; }
  function choose(k) {
    var all = thumbs();
    if (!all.length) return;
    chosen = clamp(k, 0, all.length - 1);
    Array.prototype.forEach.call(all, function (b, i) { b.classList.toggle('chosen', i === chosen); b.setAttribute('aria-current', i === index ? 'true' : 'false'); });
    all[chosen].focus({ preventScroll: true });
    all[chosen].scrollIntoView({ block: 'nearest' });
  }
  function columns() {
    var all = thumbs();
    if (all.length < 2) return 1;
    var top = all[0].getBoundingClientRect().top, n = 0;
    while (n < all.length && Math.abs(all[n].getBoundingClientRect().top - top) < 2) n++;
    return Math.max(1, n);
  }
  function overviewKey(k) {
    switch (k) {
      case 'ArrowRight': case 'PageDown': case 'n': case 'N': choose(chosen + 1); break;
      case 'ArrowLeft': case 'PageUp': case 'Backspace': choose(chosen - 1); break;
      case 'ArrowDown': choose(chosen + columns()); break;
      case 'ArrowUp': choose(chosen - columns()); break;
      case 'Home': choose(0); break;
      case 'End': choose(slides.length - 1); break;
      case 'Enter': case ' ': jumpTo(chosen); break;
      case 'Escape': case 'o': case 'O': closeOverview(); break;
      default: return false;
    }
    return true;
  }

  // Key help: the keys of this view, in the course's language.
  var help = null;
  function helpOpen() { return !!help; }
  function toggleHelp() {
    if (help) { help.remove(); help = null; return; }
    help = document.createElement('div');
    help.id = 'lectern-help';
    help.setAttribute('role', 'dialog');
    help.setAttribute('aria-label', W('keys'));
    var rows = [
      ['→ ␣ PgDn', W('key_next')], ['← PgUp', W('key_prev')], ['Home End', W('key_ends')], ['G 12 ↵', W('goto')],
      ['O', W('overview')], ['B .', W('screen_black')], ['W ,', W('screen_white')], ['Z', W('screen_frozen')],
      ['F', W('key_fullscreen')], ['P', W('key_other')]
    ];
    if (presenter) {
      rows = rows.concat([['T', W('timer_start')], ['⇧T', W('key_pin')], ['J K  ⇧↓ ⇧↑', W('key_scroll')],
        ['+ −', W('notes_size')], ['R', W('reset_timer')], ['E', W('key_end_time')], ['L', W('key_pointer')]]);
    }
    rows.push(['?', W('keys')]);
    var h = document.createElement('h2');
    h.textContent = W('keys');
    var list = document.createElement('dl');
    rows.forEach(function (r) {
      var dt = document.createElement('dt'), dd = document.createElement('dd');
      dt.textContent = r[0];
      dd.textContent = r[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    var close = document.createElement('p');
    close.className = 'help-close';
    close.textContent = W('key_close');
    help.appendChild(h);
    help.appendChild(list);
    help.appendChild(close);
    document.body.appendChild(help);
  }
