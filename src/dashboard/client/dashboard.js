// The dashboard page's script (plain ES2020 for the browser, inlined by src/dashboard/render.ts after
// uPlot). The markup is rendered on the server; this draws each card's charts when it scrolls near
// the viewport (a thousand commits × a hundred configs stay responsive because off-screen charts
// are never built), filters cards, and switches the study table. Text from the data goes through
// textContent only.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lpg-data').textContent);
  var started = performance.now();
  var built = new Map(); // card index → its uPlot instances
  var COLORS = {
    line: '#2563eb',
    band: 'rgba(37, 99, 235, 0.14)',
    memory: '#7c3aed',
    memoryBand: 'rgba(124, 58, 237, 0.14)',
    regression: '#dc2626',
    accepted: '#d97706',
    improvement: '#16a34a',
  };
  var HEIGHT = { tok: 150, mem: 120 };
  var VERDICTS = {
    r: 'regression',
    f: 'failed',
    m: 'missing',
    i: 'inconclusive',
    n: 'new',
    p: 'improvement',
    u: 'unchanged',
  };

  function commitUrl(i) {
    var c = data.commits[i];
    return c && c[0] && data.repository ? data.repository + '/commit/' + c[0] : null;
  }

  function fmt(v) {
    if (v === null || v === undefined) return '—';
    var a = Math.abs(v);
    return a >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : a >= 10
        ? v.toFixed(1)
        : a >= 1
          ? v.toFixed(2)
          : v.toPrecision(3);
  }

  /** One series per verdict kind: the value where the commit has that verdict, else null. */
  function marks(card, values, code, accepted) {
    return card.x.map(function (_, i) {
      if (card.verdicts[i] !== code) return null;
      var isAccepted = data.commits[card.commit[i]][2] === 1;
      return accepted === undefined || accepted === isAccepted ? values[i] : null;
    });
  }

  function dots(label, color) {
    return {
      label: label,
      stroke: color,
      paths: function () {
        return null;
      },
      points: { show: true, size: 9, width: 1, stroke: color, fill: color },
    };
  }

  function describe(card, i) {
    var c = data.commits[card.commit[i]];
    var parts = [
      new Date(card.x[i] * 1000).toISOString().slice(0, 16).replace('T', ' '),
      fmt(card.tok[i]) +
        ' tok/s' +
        (card.tokLo[i] !== null ? ' [' + fmt(card.tokLo[i]) + '–' + fmt(card.tokHi[i]) + ']' : ''),
      card.mem[i] !== null ? fmt(card.mem[i]) + ' GB' : null,
      (VERDICTS[card.verdicts[i]] || '') + (card.verdicts[i] === 'r' && c[2] === 1 ? ' (accepted)' : ''),
    ];
    return parts.filter(Boolean).join(' · ');
  }

  function showPoint(el, card, i) {
    var out = el.querySelector('.point');
    out.textContent = '';
    if (i === null || i === undefined) return;
    var url = commitUrl(card.commit[i]);
    var sha = data.commits[card.commit[i]][0];
    var code = document.createElement(url ? 'a' : 'span');
    if (url) code.href = url;
    code.textContent = sha ? sha.slice(0, 7) : 'no commit';
    out.appendChild(code);
    out.appendChild(document.createTextNode(' · ' + describe(card, i)));
  }

  /** Dashed vertical lines where the benchmark's settings changed. */
  function settingsLines(card) {
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#6b7280';
      ctx.setLineDash([4, 4]);
      card.changed.forEach(function (i) {
        var x = Math.round(u.valToPos(card.x[i], 'x', true));
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      });
      ctx.restore();
    };
  }

  function chart(el, card, target, kind) {
    var tok = kind === 'tok';
    var series = [
      {},
      {
        label: tok ? 'throughput' : 'memory',
        stroke: tok ? COLORS.line : COLORS.memory,
        width: 1.5,
        points: { show: false },
      },
      { label: 'interval low', stroke: 'transparent', points: { show: false } },
      { label: 'interval high', stroke: 'transparent', points: { show: false } },
    ];
    var values = tok ? card.tok : card.mem;
    var columns = [card.x, values, tok ? card.tokLo : card.memLo, tok ? card.tokHi : card.memHi];
    if (tok) {
      series.push(
        dots('regression', COLORS.regression),
        dots('accepted regression', COLORS.accepted),
        dots('improvement', COLORS.improvement),
      );
      columns.push(marks(card, values, 'r', false), marks(card, values, 'r', true), marks(card, values, 'p'));
    }
    var u = new uPlot(
      {
        width: Math.max(200, target.clientWidth),
        height: HEIGHT[kind],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{ size: 30 }, { label: tok ? 'tok/s' : 'GB', size: 56, labelSize: 14 }],
        series: series,
        bands: [{ series: [3, 2], fill: tok ? COLORS.band : COLORS.memoryBand }],
        hooks: {
          draw: [settingsLines(card)],
          setCursor: [
            function (u) {
              showPoint(el, card, u.cursor.idx);
            },
          ],
        },
      },
      columns,
      target,
    );
    target.dataset.series = String(u.series.length);
    u.over.addEventListener('click', function () {
      var url = u.cursor.idx === null ? null : commitUrl(card.commit[u.cursor.idx]);
      if (url) window.open(url, '_blank', 'noopener');
    });
    return u;
  }

  function build(el) {
    var index = Number(el.dataset.card);
    if (built.has(index)) return;
    var card = data.cards[index];
    var targets = el.querySelectorAll('.chart');
    built.set(index, [chart(el, card, targets[0], 'tok'), chart(el, card, targets[1], 'mem')]);
  }

  var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
  var firstBatch = true;
  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) build(e.target);
      });
      if (firstBatch) {
        firstBatch = false;
        ready();
      }
    },
    { rootMargin: '400px 0px' },
  );
  cards.forEach(function (el) {
    observer.observe(el);
  });

  function ready() {
    window.__lpg = {
      readyMs: performance.now() - started,
      built: function () {
        return built.size;
      },
    };
    document.documentElement.dataset.ready = '1';
  }
  if (cards.length === 0) ready();

  // Filters: every select must match, the name must contain the search text.
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var search = document.getElementById('f-name');
  var regressed = document.getElementById('f-regressed');
  var count = document.getElementById('f-count');
  function applyFilters() {
    var text = search.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (el) {
      var ok =
        selects.every(function (s) {
          return s.value === '' || el.getAttribute('data-f' + s.dataset.filter) === s.value;
        }) &&
        (text === '' || el.dataset.name.indexOf(text) >= 0) &&
        (!regressed.checked || el.dataset.regressed === '1');
      el.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + cards.length + ' charts';
  }
  selects.concat([search, regressed]).forEach(function (input) {
    input.addEventListener('input', applyFilters);
  });

  // Charts follow the card width.
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      built.forEach(function (plots, index) {
        var targets = cards[index].querySelectorAll('.chart');
        plots.forEach(function (u, j) {
          u.setSize({ width: Math.max(200, targets[j].clientWidth), height: HEIGHT[targets[j].dataset.kind] });
        });
      });
    }, 150);
  });

  var studyRun = document.getElementById('study-run');
  if (studyRun)
    studyRun.addEventListener('change', function () {
      document.querySelectorAll('.study-run').forEach(function (t) {
        t.hidden = t.dataset.run !== studyRun.value;
      });
    });
})();
