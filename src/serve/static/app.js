// newsfold — keyboard shortcuts and in-place read/star toggles. Everything works without
// this file (plain forms); this only makes it faster. No inline script anywhere: the CSP is
// script-src 'self'.
'use strict';
(function () {
  var items = [];
  var cur = -1;
  var csrf = '';

  function refresh() {
    items = Array.prototype.slice.call(document.querySelectorAll('.item[data-href]'));
  }

  function select(i) {
    if (!items.length) return;
    if (i < 0) i = 0;
    if (i >= items.length) i = items.length - 1;
    if (cur >= 0 && items[cur]) items[cur].classList.remove('current');
    cur = i;
    items[cur].classList.add('current');
    items[cur].scrollIntoView({ block: 'nearest' });
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body)
    }).then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); });
  }

  function setButton(item, action, on) {
    var b = item.querySelector('button[data-action="' + action + '"]');
    if (!b) return;
    if (action === 'read') b.textContent = on ? 'Mark unread' : 'Mark read';
    else b.textContent = on ? '\u2605 Unstar' : '\u2606 Star';
    var v = b.form && b.form.querySelector('input[name="value"]');
    if (v) v.value = on ? '0' : '1';
  }

  function toggle(item, action) {
    if (!item || item.dataset.story) return;
    var id = item.dataset.id;
    var field = action === 'read' ? 'read' : 'starred';
    var b = item.querySelector('button[data-action="' + action + '"]');
    var on;
    if (action === 'read') on = !item.classList.contains('read');
    else on = !(b && b.textContent.indexOf('\u2605') === 0);
    var body = {}; body[field] = on;
    post('/api/v1/articles/' + encodeURIComponent(id), body).then(function (a) {
      if (action === 'read') item.classList.toggle('read', !!a.read);
      setButton(item, 'read', !!a.read);
      setButton(item, 'star', !!a.starred);
    }).catch(function () { /* the plain form still works */ });
  }

  function help(show) {
    var h = document.getElementById('help');
    if (h) h.hidden = !show;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    csrf = m ? m.content : '';
    refresh();
    // In-place toggles for the read/star buttons.
    document.querySelectorAll('button[data-action]').forEach(function (b) {
      b.addEventListener('click', function (e) {
        var item = b.closest('.item');
        if (!item || !csrf) return;
        e.preventDefault();
        toggle(item, b.dataset.action === 'read' ? 'read' : 'star');
      });
    });
  });

  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    // Enter on a focused link or button is that control's own (keyboard users tab to
    // "Feeds" or "Mark read"): it must not open the selected item instead.
    if (e.key === 'Enter' && t && t.closest && t.closest('a, button, summary, [role="button"]')) return;
    var item = items[cur];
    switch (e.key) {
    case 'j': select(cur + 1); break;
    case 'k': select(cur - 1); break;
    case 'o': case 'Enter':
      if (item) window.location.href = item.dataset.href;
      else return;
      break;
    case 'm': toggle(item || document.querySelector('.reader.item'), 'read'); break;
    case 's': toggle(item || document.querySelector('.reader.item'), 'star'); break;
    case '/': var q = document.getElementById('q'); if (q) q.focus(); break;
    case '?': help(true); break;
    case 'Escape': help(false); break;
    default: return;
    }
    e.preventDefault();
  });
})();
