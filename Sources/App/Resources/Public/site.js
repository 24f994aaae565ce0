/* NBNE Booking: small enhancements over pages that work without this script.
   - a form is sent once (a double tap cannot book twice), and can be sent again when the page
     comes back from the browser's cache (Back);
   - an error summary takes focus, so it is read out first;
   - the day list becomes a month calendar (a grid: one Tab stop, arrow keys move between days),
     and choosing a day swaps in its times without reloading, scrolls them into view, moves focus to
     their heading and announces them ("12 times available on Thursday 3 December"). */
(function () {
  'use strict';

  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = '1';
      form.setAttribute('aria-busy', 'true');
    });
  });

  // A page restored from the back-forward cache keeps its script state: unmark sent forms.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    document.querySelectorAll('form[data-once]').forEach(function (form) {
      delete form.dataset.sent;
      form.removeAttribute('aria-busy');
    });
  });

  var summary = document.getElementById('error-summary') || document.getElementById('taken') || document.getElementById('email-suggestion');
  if (summary) summary.focus();

  var picker = document.querySelector('[data-picker]');
  if (!picker || !window.fetch || !window.DOMParser || !window.Intl) return;

  var zone = picker.dataset.zone;
  var today = picker.dataset.today;
  var last = picker.dataset.last;
  var selected = picker.dataset.selected || '';
  var closed = (picker.dataset.closed || '').split(',').filter(Boolean).map(Number);
  var weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var localDate = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

  // One live region for the whole picker, made once: a region rebuilt on each change may not be read.
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
  function shift(date, days) {
    var p = parts(date), t = new Date(Date.UTC(p[0], p[1] - 1, p[2] + days));
    return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }

  var start = parts(selected || today);
  var view = { year: start[0], month: start[1] };
  var counts = {};
  var focusDate = null;

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
      // The times are what comes next: bring them into view and start the keyboard there.
      var title = document.getElementById('times-heading');
      if (title) {
        var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        fresh.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
        title.focus({ preventScroll: true });
      }
    }).catch(function () { window.location.href = url + '#times'; });
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

  /** The day that holds the grid's one Tab stop: the chosen day, else the first with times, else the 1st. */
  function tabStop(y, m) {
    var first = iso(y, m, 1);
    if (focusDate && focusDate.slice(0, 7) === first.slice(0, 7)) return focusDate;
    if (selected && selected.slice(0, 7) === first.slice(0, 7) && counts[selected]) return selected;
    for (var d = 1; d <= daysIn(y, m); d++) if (counts[iso(y, m, d)]) return iso(y, m, d);
    return first;
  }

  function draw() {
    var y = view.year, m = view.month;
    var first = weekday(y, m, 1);
    var stop = tabStop(y, m);
    var html = '<div class="head"><button type="button" class="secondary nav" data-step="-1" aria-label="Previous month">‹</button>' +
      '<h3 id="calendar-month">' + months[m - 1] + ' ' + y + '</h3>' +
      '<button type="button" class="secondary nav" data-step="1" aria-label="Next month">›</button></div>' +
      '<table role="grid" aria-labelledby="calendar-month"><thead><tr>' + ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map(function (d, i) {
        return '<th scope="col"><abbr title="' + weekdays[i] + '">' + d + '</abbr></th>';
      }).join('') + '</tr></thead><tbody><tr>';
    for (var i = 0; i < first; i++) html += '<td></td>';
    for (var d = 1; d <= daysIn(y, m); d++) {
      var date = iso(y, m, d);
      var n = counts[date] || 0;
      var tab = date === stop ? '0' : '-1';
      if (n > 0) {
        html += '<td><button type="button" tabindex="' + tab + '" data-date="' + date + '" aria-pressed="' + (date === selected) +
          '" aria-label="' + label(date) + ', ' + n + (n === 1 ? ' free time' : ' free times') + '">' + d + '</button></td>';
      } else {
        var why = date < today || date > last ? 'not bookable online' : closed.indexOf(weekday(y, m, d) + 1) >= 0 ? 'closed' : 'no free times';
        html += '<td><button type="button" tabindex="' + tab + '" data-date="' + date + '" aria-disabled="true" aria-label="' +
          label(date) + ', ' + why + '">' + d + '</button></td>';
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

  function showMonth(y, m) {
    view.year = y; view.month = m;
    live.textContent = months[m - 1] + ' ' + y;
    return load();
  }

  /** Moves the grid's focus to `date`, loading its month first when it is another one. */
  function moveTo(date) {
    var p = parts(date);
    var t = parts(today), l = parts(last);
    if (p[0] * 12 + p[1] < t[0] * 12 + t[1] || p[0] * 12 + p[1] > l[0] * 12 + l[1]) return;
    focusDate = date;
    var done = p[0] === view.year && p[1] === view.month ? Promise.resolve(draw()) : showMonth(p[0], p[1]);
    done.then(function () {
      var cell = calendar.querySelector('[data-date="' + date + '"]');
      if (cell) cell.focus();
    });
  }

  calendar.addEventListener('click', function (event) {
    var target = event.target.closest('button');
    if (!target) return;
    if (target.dataset.step) {
      var step = Number(target.dataset.step);
      var m = view.month + step, y = view.year;
      if (m === 0) { m = 12; y -= 1; }
      if (m === 13) { m = 1; y += 1; }
      focusDate = null;
      showMonth(y, m).then(function () {
        var again = calendar.querySelector('[data-step="' + step + '"]');
        if (again && !again.disabled) again.focus(); else calendar.querySelector('[data-step]').focus();
      });
    } else if (target.dataset.date && target.getAttribute('aria-disabled') !== 'true') {
      focusDate = target.dataset.date;
      showDay(target.dataset.date, true);
    }
  });

  calendar.addEventListener('keydown', function (event) {
    var date = event.target.dataset && event.target.dataset.date;
    if (!date) return;
    var p = parts(date);
    var moves = {
      ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7,
      Home: -weekday(p[0], p[1], p[2]), End: 6 - weekday(p[0], p[1], p[2])
    };
    var to = null;
    if (event.key in moves) to = shift(date, moves[event.key]);
    if (event.key === 'PageUp' || event.key === 'PageDown') {
      var m = p[1] + (event.key === 'PageUp' ? -1 : 1), y = p[0];
      if (m === 0) { m = 12; y -= 1; }
      if (m === 13) { m = 1; y += 1; }
      to = iso(y, m, Math.min(p[2], daysIn(y, m)));
    }
    if (!to) return;
    event.preventDefault();
    moveTo(to);
  });

  window.addEventListener('popstate', function (event) {
    if (event.state && event.state.date) showDay(event.state.date, false);
  });

  load().then(function () {
    picker.classList.add('has-calendar');
  }).catch(function () { calendar.remove(); });
})();
