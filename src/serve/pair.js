// Added by `lectern serve` to this machine's presenter view: pairing a
// phone ("Telefoon koppelen"), and the list of paired phones with control
// handed to one and taken back, or a phone unpaired.
(function () {
  'use strict';
  var L = window.lectern;
  if (!L || !L.presenter || !window.lecternNavKey) return;
  var meta = JSON.parse(document.getElementById('lectern-meta').textContent);
  function W(key) { return (meta.words && meta.words[key]) || key; }
  var buttons = document.querySelector('.pv-buttons');
  if (!buttons) return;
  var open = document.createElement('button');
  open.type = 'button';
  open.id = 'pv-pair';
  open.title = W('pair_phone');
  open.textContent = W('pair_phone');
  buttons.appendChild(open);
  var box = null;
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Key': window.lecternNavKey },
      body: JSON.stringify(body)
    });
  }
  function close() { if (box) { box.remove(); box = null; } }
  // The devices paired when the code on screen was made: one more means
  // that code is used, so the next phone gets a fresh one.
  var known = null;
  function list(devices) {
    var ul = box && box.querySelector('.pair-devices');
    if (!ul) return;
    var ids = devices.map(function (d) { return d.id; });
    if (known && ids.some(function (id) { return known.indexOf(id) < 0; })) code();
    known = ids;
    ul.innerHTML = '';
    if (!devices.length) {
      var none = document.createElement('li');
      none.textContent = W('no_devices');
      ul.appendChild(none);
    }
    devices.forEach(function (d) {
      var li = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = d.name + ' ' + d.id + (d.driving ? ' · ' + W('drives') : '');
      li.appendChild(name);
      [[d.driving ? 'take' : 'drive', d.driving ? W('take_control') : W('give_control')], ['revoke', W('unpair')]].forEach(function (a) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'pair-' + a[0];
        b.textContent = a[1];
        b.onclick = function () { act({ action: a[0], id: d.id }); };
        li.appendChild(b);
      });
      ul.appendChild(li);
    });
  }
  function act(body) {
    return post('/_lectern/devices', body)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) list(d.devices); });
  }
  function show() {
    if (box) { close(); return; }
    box = document.createElement('div');
    box.id = 'pv-pair-box';
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-label', W('pair_phone'));
    box.innerHTML = '<h2></h2><p class="pair-how"></p><div class="pair-code"></div><h3></h3><ul class="pair-devices"></ul><button type="button" class="pair-close"></button>';
    box.querySelector('h2').textContent = W('pair_phone');
    box.querySelector('.pair-how').textContent = W('pair_how');
    box.querySelector('h3').textContent = W('paired_devices');
    var closeButton = box.querySelector('.pair-close');
    closeButton.textContent = W('close');
    closeButton.onclick = close;
    document.body.appendChild(box);
    known = null;
    code();
    act({ action: 'list' });
  }
  // A one-time code as a QR code and its address.
  function code() {
    post('/_lectern/pair', { stem: meta.stem }).then(function (r) {
      return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); });
    }).then(function (d) {
      if (!box) return;
      var img = document.createElement('img');
      img.alt = W('pair_qr');
      img.src = 'data:image/svg+xml;base64,' + btoa(d.qr);
      var url = document.createElement('code');
      url.textContent = d.url;
      box.querySelector('.pair-code').replaceChildren(img, url);
    }).catch(function (e) {
      if (box) box.querySelector('.pair-code').textContent = e.message;
    });
  }
  open.onclick = show;
  document.addEventListener('keydown', function (e) { if (box && e.key === 'Escape') { close(); e.stopPropagation(); } }, true);
  // The list follows hand-offs made from a phone's page or another window.
  setInterval(function () { if (box) act({ action: 'list' }); }, 3000);
})();
