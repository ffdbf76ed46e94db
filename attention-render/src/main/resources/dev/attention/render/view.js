(function () {
  'use strict';
  // The run's numbers arrive as the strings it printed; they are shown as they are and parsed only
  // to pick colours, line widths and plot positions.
  var data = JSON.parse(document.getElementById('view-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  // Viridis, nine evenly spaced stops (the same ramp as the PNG/SVG heatmaps).
  var STOPS = [0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xadd43a, 0xfde725];
  var tooltip = document.getElementById('tooltip');

  function ramp(t) {
    var x = Math.max(0, Math.min(1, isNaN(t) ? 0 : t)) * (STOPS.length - 1);
    var k = Math.min(Math.floor(x), STOPS.length - 2);
    var f = x - k;
    var a = STOPS[k], b = STOPS[k + 1];
    function mix(s) { return Math.round(((a >> s) & 255) + (((b >> s) & 255) - ((a >> s) & 255)) * f); }
    return 'rgb(' + mix(16) + ',' + mix(8) + ',' + mix(0) + ')';
  }
  function colour(v) { return ramp((v - data.low) / (data.high - data.low)); }

  function el(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    setAll(e, attrs);
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function sv(tag, attrs, parent, text) {
    var e = document.createElementNS(SVGNS, tag);
    setAll(e, attrs);
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function setAll(e, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  }

  // The tooltip: a label line and the exact value (id tooltip-value) as printed by the run.
  function showTip(label, value, evt, target) {
    tooltip.textContent = '';
    el('span', {id: 'tooltip-label'}, tooltip, label);
    if (value !== null) {
      tooltip.appendChild(document.createTextNode('\n'));
      el('span', {id: 'tooltip-value'}, tooltip, value);
    }
    tooltip.hidden = false;
    var x, y;
    if (evt && evt.clientX !== undefined && evt.type.indexOf('mouse') === 0) {
      x = evt.clientX; y = evt.clientY;
    } else {
      var r = target.getBoundingClientRect();
      x = r.right; y = r.bottom;
    }
    tooltip.style.left = Math.min(x + 12, window.innerWidth - 220) + 'px';
    tooltip.style.top = (y + 12) + 'px';
  }
  function hideTip() { tooltip.hidden = true; }

  function maxLen(labels) {
    var n = 0;
    labels.forEach(function (s) { n = Math.max(n, String(s).length); });
    return n;
  }

  // A heatmap as SVG: cells with ids <prefix>cell-i-j, labels from `labels:`, marks and centres.
  // hooks.row(i, evt, target) is called on hover of a cell of row i, hooks.pin(i) on click.
  function heatmap(p, cells, parent, prefix, hooks, describe) {
    var n = cells.length, m = n ? cells[0].length : 0;
    var cs = Math.max(4, Math.min(44, Math.floor(480 / Math.max(n, m, 1))));
    var step = cs >= 10 ? 1 : Math.ceil(10 / cs);
    var left = Math.min(140, 7 * maxLen(p.rows) + 12);
    var top = Math.min(140, 7 * maxLen(p.cols) + 12);
    var svg = sv('svg', {width: left + m * cs + 8, height: top + n * cs + 8, role: 'img',
      'aria-label': (p.caption || 'weights') + ': ' + n + ' queries × ' + m + ' keys', 'class': 'heatmap'}, parent);
    var i, j;
    for (i = 0; i < n; i += step) {
      sv('text', {x: left - 4, y: top + i * cs + cs / 2 + 4, 'text-anchor': 'end'}, svg, p.rows[i]);
    }
    for (j = 0; j < m; j += step) {
      var cx = left + j * cs + cs / 2 + 4;
      sv('text', {x: cx, y: top - 4, transform: 'rotate(-90 ' + cx + ' ' + (top - 4) + ')'}, svg, p.cols[j]);
    }
    var g = sv('g', null, svg);
    for (i = 0; i < n; i++) {
      for (j = 0; j < m; j++) {
        sv('rect', {id: prefix + 'cell-' + i + '-' + j, 'class': 'cell', 'data-i': i, 'data-j': j,
          x: left + j * cs, y: top + i * cs, width: cs, height: cs, fill: colour(parseFloat(cells[i][j]))}, g);
      }
    }
    (p.marks || []).forEach(function (ij) {
      sv('circle', {'class': 'mark', cx: left + ij[1] * cs + cs / 2, cy: top + ij[0] * cs + cs / 2,
        r: Math.max(1.5, cs / 2 - 2)}, svg);
    });
    (p.centres || []).forEach(function (c, r) {
      if (c === null) { return; }
      var x = left + (c + 0.5) * cs, y = top + r * cs + cs / 2, d = Math.max(2, cs / 4);
      sv('path', {'class': 'centre', d: 'M' + x + ' ' + (y - d) + 'L' + (x + d) + ' ' + y + 'L' + x + ' ' + (y + d)
        + 'L' + (x - d) + ' ' + y + 'Z'}, svg);
    });
    var band = sv('rect', {'class': 'row-highlight', x: left, y: top, width: m * cs, height: cs,
      visibility: 'hidden'}, svg);
    function cellOf(evt) {
      var t = evt.target;
      return t && t.classList && t.classList.contains('cell') ? t : null;
    }
    g.addEventListener('mouseover', function (evt) {
      var c = cellOf(evt);
      if (!c) { return; }
      var ci = +c.getAttribute('data-i'), cj = +c.getAttribute('data-j');
      band.setAttribute('y', top + ci * cs);
      band.setAttribute('visibility', 'visible');
      showTip(describe(ci, cj), cells[ci][cj], evt, c);
      if (hooks) { hooks.row(ci); }
      if (hooks && hooks.cell) { hooks.cell(ci, cj); }
    });
    g.addEventListener('click', function (evt) {
      var c = cellOf(evt);
      if (c && hooks) { hooks.pin(+c.getAttribute('data-i')); }
    });
    svg.addEventListener('mouseleave', function () {
      hideTip();
      var keep = hooks ? hooks.leave() : null;
      if (keep === null) {
        band.setAttribute('visibility', 'hidden');
      } else {
        band.setAttribute('y', top + keep * cs);
      }
    });
    return svg;
  }

  // The head view: queries left, keys right, a line from the active query to each key, thickness by weight.
  function headView(p, parent, onQuery) {
    var n = p.n, m = p.m;
    var gap = Math.max(12, Math.min(22, Math.floor(480 / Math.max(n, m, 1))));
    var lw = Math.max(60, Math.min(140, 7 * maxLen(p.rows) + 10)), rw = Math.max(40, Math.min(140, 7 * maxLen(p.cols) + 10));
    var width = lw + 160 + rw, height = Math.max(n, m) * gap + 24;
    var svg = sv('svg', {width: width, height: height, 'class': 'head-view', role: 'group',
      'aria-label': 'head view: focus a query to see its weights'}, parent);
    sv('text', {x: lw - 6, y: 12, 'text-anchor': 'end'}, svg, 'queries');
    sv('text', {x: lw + 166, y: 12}, svg, 'keys');
    var lines = sv('g', null, svg);
    var q = [], k = [];
    var i, j;
    for (i = 0; i < n; i++) {
      var t = sv('text', {x: lw - 6, y: 24 + i * gap + gap / 2, 'text-anchor': 'end', 'class': 'qlabel',
        id: 'q-label-' + i, tabindex: 0, 'data-i': i}, svg, p.rows[i]);
      q.push(t);
      (function (ii, tt) {
        tt.addEventListener('mouseover', function (evt) { onQuery(ii, evt, tt); });
        tt.addEventListener('focus', function (evt) { onQuery(ii, evt, tt); });
        tt.addEventListener('click', function () { onQuery(ii, null, tt, true); });
        tt.addEventListener('keydown', function (evt) {
          if (evt.key === 'Enter' || evt.key === ' ') { evt.preventDefault(); onQuery(ii, null, tt, true); }
          if (evt.key === 'ArrowDown' && ii + 1 < n) { evt.preventDefault(); q[ii + 1].focus(); }
          if (evt.key === 'ArrowUp' && ii > 0) { evt.preventDefault(); q[ii - 1].focus(); }
        });
        tt.addEventListener('blur', hideTip);
        tt.addEventListener('mouseleave', hideTip);
      })(i, t);
    }
    for (j = 0; j < m; j++) {
      k.push(sv('text', {x: lw + 166, y: 24 + j * gap + gap / 2, 'class': 'klabel', id: 'k-label-' + j}, svg,
        p.cols[j]));
    }
    return {
      draw: function (row) {
        while (lines.firstChild) { lines.removeChild(lines.firstChild); }
        q.forEach(function (t, ii) { t.classList.toggle('active', ii === row); });
        if (row === null) { k.forEach(function (t) { t.classList.remove('active'); }); return; }
        var ws = p.w[row].map(parseFloat);
        var top = Math.max.apply(null, ws.map(Math.abs)) || 1;
        ws.forEach(function (w, jj) {
          k[jj].classList.toggle('active', w > 0);
          if (w === 0) { return; }
          sv('line', {'class': 'link', x1: lw, y1: 20 + row * gap + gap / 2, x2: lw + 160, y2: 20 + jj * gap + gap / 2,
            'stroke-width': (0.5 + 7 * Math.abs(w) / top).toFixed(2), 'stroke-opacity': (0.25 + 0.75 * Math.abs(w) / top).toFixed(2),
            'data-j': jj}, lines);
        });
      }
    };
  }

  function describer(p) {
    return function (i, j) { return 'query ' + p.rows[i] + ' → key ' + p.cols[j]; };
  }

  // Links (multilevel's sentence → words, co-attention's two directions): hovering column j of panel k
  // (or any cell, for column −1) marks the linked panels' thumbnails and side panel with class 'linked'.
  function markLinks(k, j) {
    var on = {};
    (data.links || []).forEach(function (l) {
      if (l[0] === k && (l[1] === -1 || l[1] === j)) { on[l[2]] = true; }
    });
    document.querySelectorAll('.thumb, .partner').forEach(function (t) {
      t.classList.toggle('linked', j !== null && on[+t.getAttribute('data-panel')] === true);
    });
  }

  function partnerOf(k) {
    var found = null;
    (data.links || []).forEach(function (l) { if (found === null && l[0] === k && l[1] === -1) { found = l[2]; } });
    return found;
  }

  function fullPanel(p, parent, k) {
    var row = el('div', {'class': 'panel-row'}, parent);
    var pinned = null;
    var hv;
    var hooks = {
      cell: function (i, j) { markLinks(k, j); },
      row: function (i) { if (hv) { hv.draw(i); } },
      pin: function (i) { pinned = pinned === i ? null : i; if (hv) { hv.draw(pinned === null ? i : pinned); } },
      leave: function () { markLinks(k, null); if (hv) { hv.draw(pinned); } return pinned; }
    };
    heatmap(p, p.w, row, '', hooks, describer(p));
    var other = partnerOf(k);
    if (other !== null) {
      // co-attention: the other direction beside it; hovering it marks this one
      var q = data.panels[other];
      var box = el('div', {'class': 'partner', id: 'partner-panel', 'data-panel': other}, row);
      el('h3', null, box, q.caption);
      heatmap(q, q.w, box, 'partner-', {
        cell: function () { markLinks(other, -1); },
        row: function () {}, pin: function () {}, leave: function () { markLinks(other, null); return null; }
      }, describer(q));
    }
    if (p.n <= 300 && p.m <= 300) {
      hv = headView(p, row, function (i, evt, target, pin) {
        if (pin) { hooks.pin(i); return; }
        hv.draw(i);
        var parts = p.w[i].map(function (w, j) { return p.cols[j] + ': ' + w; });
        showTip('query ' + p.rows[i] + ' → ' + parts.slice(0, 12).join(', ') + (parts.length > 12 ? ', …' : ''),
          null, evt, target);
      });
    } else {
      el('p', null, row, 'The head view is left out above 300 queries or keys; hover the heatmap instead.');
    }
  }

  function summaryPanel(p, parent) {
    var s = p.summary;
    el('p', {'class': 'summary-note', role: 'note'}, parent,
      'This panel has ' + p.n + ' × ' + p.m + ' = ' + (p.n * p.m) + ' weights, more than the page holds whole ('
      + data.limit + ', the --view-max-cells option). It shows a heatmap downsampled to '
      + s.down.length + ' × ' + (s.down.length ? s.down[0].length : 0) + ' cells (each the mean of '
      + s.rowsPerCell + ' × ' + s.colsPerCell + ' weights), and for ' + s.listed + ' of ' + p.n
      + ' queries the top ' + (s.topKeys.length ? s.topKeys[0].length : 0)
      + ' keys and the row entropy. Every weight is in the weights file.');
    var rows = s.down.map(function (r, a) { return 'rows ' + a * s.rowsPerCell + '…'; });
    var cols = s.down.length ? s.down[0].map(function (c, b) { return String(b * s.colsPerCell); }) : [];
    var pseudo = {caption: p.caption, rows: rows, cols: cols};
    heatmap(pseudo, s.down, parent, 'down-', null, function (a, b) {
      return 'mean of queries ' + a * s.rowsPerCell + '–' + (Math.min(p.n, (a + 1) * s.rowsPerCell) - 1)
        + ', keys ' + b * s.colsPerCell + '–' + (Math.min(p.m, (b + 1) * s.colsPerCell) - 1);
    });
    var t = el('table', {'class': 'summary'}, parent);
    var h = el('tr', null, el('thead', null, t));
    ['query', 'entropy (nats)', 'top keys (weight)'].forEach(function (c) { el('th', null, h, c); });
    var body = el('tbody', null, t);
    s.topKeys.forEach(function (keys, i) {
      var r = el('tr', null, body);
      el('td', null, r, p.rows[i]);
      el('td', null, r, s.entropy[i]);
      el('td', null, r, keys.map(function (j, x) { return p.cols[j] + ' (' + s.topWeights[i][x] + ')'; }).join(', '));
    });
  }

  function thumb(p, k, grid, select) {
    var b = el('button', {'class': 'thumb', type: 'button', 'data-panel': k, id: 'thumb-' + k,
      'aria-label': 'show ' + (p.caption || 'panel ' + k)}, grid);
    var cells = p.summary ? p.summary.down : p.w;
    var n = cells.length, m = n ? cells[0].length : 0;
    var s = Math.max(1, Math.floor(120 / Math.max(n, m, 1)));
    var c = el('canvas', {width: m * s, height: n * s}, b);
    var ctx = c.getContext('2d');
    for (var i = 0; i < n; i++) {
      for (var j = 0; j < m; j++) {
        ctx.fillStyle = colour(parseFloat(cells[i][j]));
        ctx.fillRect(j * s, i * s, s, s);
      }
    }
    el('span', null, b, p.caption || 'panel ' + k);
    b.addEventListener('click', function () { select(k); });
  }

  function weightsSection(content) {
    el('h2', null, content, 'Weights');
    var panels = data.panels;
    var main = el('div', {id: 'main-panel'});
    var select = null;
    function show(k) {
      main.textContent = '';
      main.setAttribute('data-panel', k);
      var p = panels[k];
      el('h3', {id: 'panel-caption'}, main, p.caption || 'weights');
      if (p.summary) { summaryPanel(p, main); } else { fullPanel(p, main, k); }
      if (select) { select.value = String(k); }
      document.querySelectorAll('.thumb').forEach(function (t) {
        t.classList.toggle('selected', t.getAttribute('data-panel') === String(k));
      });
    }
    if (panels.length > 1) {
      var controls = el('div', {'class': 'controls'}, content);
      el('label', {'for': 'head-select'}, controls, 'Panel (batch element, head): ');
      select = el('select', {id: 'head-select'}, controls);
      panels.forEach(function (p, k) { el('option', {value: k}, select, p.caption || 'panel ' + k); });
      // 'input' fires on every keyboard step too; 'change' for older browsers.
      select.addEventListener('input', function () { show(+select.value); });
      select.addEventListener('change', function () { show(+select.value); });
    }
    content.appendChild(main);
    if (panels.length > 1) {
      el('h2', null, content, 'All panels');
      var grid = el('div', {id: 'grid'}, content);
      grid.style.gridTemplateColumns = 'repeat(' + Math.min(data.grid, panels.length) + ', max-content)';
      panels.forEach(function (p, k) { thumb(p, k, grid, show); });
    }
    show(0);
  }

  function curvesSection(content) {
    var c = data.curves;
    el('h2', null, content, 'Loss per epoch');
    var W = 520, H = 260, L = 70, B = 30, T = 10, R = 20;
    var all = c.train.concat(c.heldOut).filter(function (v) { return v !== null; }).map(parseFloat);
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (!(hi > lo)) { hi = lo + 1; }
    var e0 = c.epochs[0], e1 = c.epochs[c.epochs.length - 1];
    function x(e) { return L + (e1 > e0 ? (e - e0) / (e1 - e0) : 0.5) * (W - L - R); }
    function y(v) { return T + (1 - (v - lo) / (hi - lo)) * (H - T - B); }
    var svg = sv('svg', {width: W, height: H, id: 'loss-curves', role: 'img', 'aria-label': 'loss per epoch'}, content);
    sv('line', {'class': 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B}, svg);
    sv('line', {'class': 'axis', x1: L, y1: T, x2: L, y2: H - B}, svg);
    sv('text', {x: L - 4, y: T + 8, 'text-anchor': 'end'}, svg, hi.toPrecision(4));
    sv('text', {x: L - 4, y: H - B, 'text-anchor': 'end'}, svg, lo.toPrecision(4));
    sv('text', {x: L, y: H - 8}, svg, 'epoch ' + e0);
    sv('text', {x: W - R, y: H - 8, 'text-anchor': 'end'}, svg, 'epoch ' + e1);
    function curve(values, cls, pt, name) {
      var pts = [];
      values.forEach(function (v, k) {
        if (v === null) { return; }
        pts.push(x(c.epochs[k]) + ',' + y(parseFloat(v)));
      });
      sv('polyline', {'class': cls, points: pts.join(' ')}, svg);
      values.forEach(function (v, k) {
        if (v === null) { return; }
        var d = sv('circle', {'class': pt, cx: x(c.epochs[k]), cy: y(parseFloat(v)), r: 3.5, 'data-epoch': c.epochs[k]}, svg);
        d.addEventListener('mouseover', function (evt) { showTip('epoch ' + c.epochs[k] + ', ' + name + ' loss', v, evt, d); });
        d.addEventListener('mouseleave', hideTip);
      });
    }
    curve(c.train, 'curve-train', 'pt-train', 'train');
    var legend = el('p', null, content, 'solid: training loss');
    if (c.heldOut.some(function (v) { return v !== null; })) {
      curve(c.heldOut, 'curve-held', 'pt-held', 'held-out');
      legend.textContent += '; dashed: held-out loss';
    }
  }

  function beforeAfterSection(content) {
    el('h2', null, content, 'One example before and after training');
    var row = el('div', {'class': 'panel-row'}, content);
    [['before', data.before], ['after', data.after]].forEach(function (pair) {
      var box = el('div', {id: pair[0] + '-panel'}, row);
      var p = pair[1];
      el('h3', null, box, pair[0] + ' training' + (p.caption ? ': ' + p.caption : ''));
      if (p.summary) { summaryPanel(p, box); } else { heatmap(p, p.w, box, pair[0] + '-', null, describer(p)); }
    });
  }

  function isNumber(s) { return s !== null && s !== '' && !isNaN(Number(s)); }

  function boardSection(content) {
    var t = data.leaderboard;
    el('h2', null, content, 'Leaderboard');
    var table = el('table', {'class': 'board', id: 'leaderboard'}, content);
    var head = el('tr', null, el('thead', null, table));
    var body = el('tbody', null, table);
    var order = t.rows.map(function (r, k) { return k; });
    var sortCol = -1, asc = true;
    function fill() {
      body.textContent = '';
      order.forEach(function (k) {
        var r = el('tr', null, body);
        t.rows[k].forEach(function (v) { el('td', v.length > 30 ? {title: v} : null, r, v); });
      });
    }
    t.columns.forEach(function (name, c) {
      var th = el('th', {scope: 'col', 'aria-sort': 'none'}, head);
      var b = el('button', {type: 'button', 'data-column': name}, th, name);
      b.addEventListener('click', function () {
        asc = sortCol === c ? !asc : true;
        sortCol = c;
        var numeric = t.rows.every(function (r) { return r[c] === '' || isNumber(r[c]); });
        order.sort(function (a, z) {
          var x = t.rows[a][c], y = t.rows[z][c];
          if (x === '' || y === '') { return x === y ? a - z : (x === '' ? 1 : -1); }
          var d = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
          return (asc ? d : -d) || a - z;
        });
        head.querySelectorAll('th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        fill();
      });
    });
    fill();
    var names = [];
    t.parameters.forEach(function (ps) {
      Object.keys(ps).forEach(function (n) { if (names.indexOf(n) < 0) { names.push(n); } });
    });
    if (!names.length) { return; }
    el('h2', null, content, t.score + ' against a searched parameter');
    var controls = el('div', {'class': 'controls'}, content);
    el('label', {'for': 'param-select'}, controls, 'Parameter: ');
    var select = el('select', {id: 'param-select'}, controls);
    names.forEach(function (n) { el('option', {value: n}, select, n); });
    var plot = el('div', {id: 'score-plot'}, content);
    var sc = t.columns.indexOf(t.score);
    function draw() {
      plot.textContent = '';
      var name = select.value;
      var pts = [];
      t.rows.forEach(function (r, k) {
        var v = t.parameters[k][name];
        if (v !== undefined && isNumber(r[sc])) { pts.push({x: v, y: r[sc], row: k}); }
      });
      var numeric = pts.every(function (p) { return isNumber(p.x); });
      var cats = [];
      pts.forEach(function (p) { if (cats.indexOf(p.x) < 0) { cats.push(p.x); } });
      var xs = pts.map(function (p) { return numeric ? Number(p.x) : cats.indexOf(p.x); });
      var ys = pts.map(function (p) { return Number(p.y); });
      var W = 520, H = 260, L = 70, B = 40, T = 10, R = 20;
      var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
      var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
      if (!(x1 > x0)) { x1 = x0 + 1; x0 -= 1; }
      if (!(y1 > y0)) { y1 = y0 + 1; y0 -= 1; }
      var svg = sv('svg', {width: W, height: H, role: 'img', 'aria-label': t.score + ' against ' + name}, plot);
      sv('line', {'class': 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B}, svg);
      sv('line', {'class': 'axis', x1: L, y1: T, x2: L, y2: H - B}, svg);
      sv('text', {x: L - 4, y: T + 8, 'text-anchor': 'end'}, svg, String(+y1.toPrecision(4)));
      sv('text', {x: L - 4, y: H - B, 'text-anchor': 'end'}, svg, String(+y0.toPrecision(4)));
      sv('text', {x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle'}, svg, name);
      if (!numeric) {
        cats.forEach(function (cat, k) {
          sv('text', {x: L + (k - x0) / (x1 - x0) * (W - L - R), y: H - B + 14, 'text-anchor': 'middle'}, svg, cat);
        });
      }
      pts.forEach(function (p, k) {
        var d = sv('circle', {'class': 'pt-train', r: 4, cx: L + (xs[k] - x0) / (x1 - x0) * (W - L - R),
          cy: T + (1 - (ys[k] - y0) / (y1 - y0)) * (H - T - B)}, svg);
        d.addEventListener('mouseover', function (evt) { showTip(name + ' = ' + p.x + ', ' + t.score, p.y, evt, d); });
        d.addEventListener('mouseleave', hideTip);
      });
    }
    select.addEventListener('change', draw);
    draw();
  }

  document.getElementById('title').textContent = data.title;
  document.getElementById('subtitle').textContent = data.subtitle;
  var notes = document.getElementById('notes');
  data.notes.forEach(function (n) { el('li', null, notes, n); });
  if (data.explain) {
    document.getElementById('explain').textContent = data.explain;
    document.getElementById('explain-panel').hidden = false;
  }
  var content = document.getElementById('content');
  if (data.panels.length) { weightsSection(content); }
  if (data.curves) { curvesSection(content); }
  if (data.before && data.after) { beforeAfterSection(content); }
  if (data.leaderboard) { boardSection(content); }
})();
