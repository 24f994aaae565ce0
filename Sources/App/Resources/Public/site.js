/* NBNE Booking: small enhancements over pages that work without this script.
   - a form is sent once (a double tap cannot book twice);
   - an error summary takes focus, so it is read out first;
   - the day list becomes a month calendar, and choosing a day swaps in its times without
     reloading, announced in a live region ("12 times available on Thursday 3 December"). */
(function () {
  'use strict';

  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = '1';
      form.setAttribute('aria-busy', 'true');
    });
  });

  var summary = document.getElementById('error-summary') || document.getElementById('taken');
  if (summary) summary.focus();

  var picker = document.querySelector('[data-picker]');
  if (!picker || !window.fetch || !window.DOMParser || !window.Intl) return;

  var zone = picker.dataset.zone;
  var today = picker.dataset.today;
  var last = picker.dataset.last;
  var selected = picker.dataset.selected || '';
  var weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var localDate = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

  var live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  picker.appendChild(live);

  function parts(iso) { return iso.split('-').map(Number); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function iso(y, m, d) { return y + '-' + pad(m) + '-' + pad(d); }
  function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function weekday(y, m, d) { return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; }
  function label(date) { var p = parts(date); return weekdays[weekday(p[0], p[1], p[2])] + ' ' + p[2] + ' ' + months[p[1] - 1]; }

  var start = parts(selected || today);
  var view = { year: start[0], month: start[1] };
  var counts = {};

  var calendar = document.createElement('div');
  calendar.className = 'calendar';
  var list = picker.querySelector('.days');
  var heading = picker.querySelector('#days-heading');
  (list || heading).parentNode.insertBefore(calendar, list || heading.nextSibling);

  function showDay(date, push) {
    var url = picker.dataset.dayLink + '&date=' + date;
    return fetch(url, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error('status ' + res.status);
      return res.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var fresh = doc.getElementById('times');
      var old = document.getElementById('times');
      if (!fresh || !old) throw new Error('no times');
      old.replaceWith(fresh);
      selected = date;
      if (push) history.pushState({ date: date }, '', url);
      var said = doc.getElementById('times-announcement');
      live.textContent = said ? said.textContent : '';
      draw();
    }).catch(function () { window.location.href = url; });
  }

  function load() {
    var from = iso(view.year, view.month, 1);
    var to = iso(view.year, view.month, daysIn(view.year, view.month));
    if (from < today) from = today;
    if (to > last) to = last;
    counts = {};
    if (from > to) { draw(); return Promise.resolve(); }
    return fetch(picker.dataset.slots + '&from=' + from + '&to=' + to, { credentials: 'same-origin' })
      .then(function (res) { if (!res.ok) throw new Error('status ' + res.status); return res.json(); })
      .then(function (body) {
        body.slots.forEach(function (slot) {
          var day = localDate.format(new Date(slot.start));
          counts[day] = (counts[day] || 0) + 1;
        });
        draw();
      });
  }

  function draw() {
    var y = view.year, m = view.month;
    var first = weekday(y, m, 1);
    var html = '<div class="head"><button type="button" class="secondary nav" data-step="-1" aria-label="Previous month">‹</button>' +
      '<h3 aria-live="polite">' + months[m - 1] + ' ' + y + '</h3>' +
      '<button type="button" class="secondary nav" data-step="1" aria-label="Next month">›</button></div>' +
      '<table><thead><tr>' + ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map(function (d, i) {
        return '<th scope="col"><abbr title="' + weekdays[i] + '">' + d + '</abbr></th>';
      }).join('') + '</tr></thead><tbody><tr>';
    for (var i = 0; i < first; i++) html += '<td></td>';
    for (var d = 1; d <= daysIn(y, m); d++) {
      var date = iso(y, m, d);
      var n = counts[date] || 0;
      if (n > 0) {
        html += '<td><button type="button" data-date="' + date + '" aria-pressed="' + (date === selected) + '" aria-label="' +
          label(date) + ', ' + n + (n === 1 ? ' time' : ' times') + '">' + d + '</button></td>';
      } else {
        html += '<td><span>' + d + '<span class="visually-hidden">, no free times</span></span></td>';
      }
      if ((first + d) % 7 === 0 && d < daysIn(y, m)) html += '</tr><tr>';
    }
    html += '</tr></tbody></table>';
    calendar.innerHTML = html;
    var prev = calendar.querySelector('[data-step="-1"]');
    var next = calendar.querySelector('[data-step="1"]');
    var t = parts(today), l = parts(last);
    prev.disabled = y < t[0] || (y === t[0] && m <= t[1]);
    next.disabled = y > l[0] || (y === l[0] && m >= l[1]);
  }

  calendar.addEventListener('click', function (event) {
    var target = event.target.closest('button');
    if (!target) return;
    if (target.dataset.step) {
      var step = Number(target.dataset.step);
      view.month += step;
      if (view.month === 0) { view.month = 12; view.year -= 1; }
      if (view.month === 13) { view.month = 1; view.year += 1; }
      load().then(function () {
        var again = calendar.querySelector('[data-step="' + step + '"]');
        if (again && !again.disabled) again.focus(); else calendar.querySelector('[data-step]').focus();
      });
    } else if (target.dataset.date) {
      showDay(target.dataset.date, true);
    }
  });

  window.addEventListener('popstate', function (event) {
    if (event.state && event.state.date) showDay(event.state.date, false);
  });

  load().then(function () {
    if (list) list.hidden = true;
    picker.querySelectorAll('[data-later]').forEach(function (el) { el.hidden = true; });
  }).catch(function () { calendar.remove(); });
})();
