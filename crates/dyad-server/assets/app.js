// dyad dashboard: hash-routed views over the read-only JSON API.
// Plain ES2020, no dependencies. All text from the API goes through
// textContent or SVG attributes, never innerHTML.
'use strict';

(() => {
  // ---------------------------------------------------------------- helpers
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const QUAD = {
    1: 'Verbal cooperation',
    2: 'Material cooperation',
    3: 'Verbal conflict',
    4: 'Material conflict',
  };
  const QUAD_KEYS = { 1: 'verbal_cooperation', 2: 'material_cooperation', 3: 'verbal_conflict', 4: 'material_conflict' };
  const FILTER_KEYS = ['from', 'to', 'source', 'target', 'root', 'plover', 'country', 'text'];

  /** Builds an HTML element. attrs: class, text, dataset, on{Event}, hidden, other attributes. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  /** Builds an SVG element; attributes are set verbatim (presentation attributes are CSP-safe). */
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.setAttribute('class', v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') { for (const [dk, dv] of Object.entries(v)) if (dv !== undefined && dv !== null) el.dataset[dk] = String(dv); }
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
      else if (k === 'style') throw new Error('inline style attributes are blocked by the CSP');
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  const fmtInt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
  const fmtNum = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(d));
  const fmtSigned = (n, d = 1) => (n === null || n === undefined ? '–' : (n > 0 ? '+' : '') + Number(n).toFixed(d));
  const gsClass = (n) => (n === null || n === undefined ? 'gs' : n > 0 ? 'gs pos' : n < 0 ? 'gs neg' : 'gs');
  function sentenceCase(name) {
    if (!name) return '';
    return name === name.toUpperCase() ? name.charAt(0) + name.slice(1).toLowerCase() : name;
  }
  function safeUrl(u) {
    try {
      const url = new URL(u, location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) { return null; }
  }
  function debounce(fn, ms) {
    let t = 0;
    return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
  }

  // ------------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(msg, status, field) { super(msg); this.status = status; this.field = field; }
  }
  async function api(path, params) {
    let url = path;
    if (params) {
      const q = params instanceof URLSearchParams ? params : new URLSearchParams();
      if (!(params instanceof URLSearchParams)) {
        for (const [k, v] of Object.entries(params)) {
          if (v === undefined || v === null || v === '') continue;
          if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else q.append(k, String(v));
        }
      }
      const qs = q.toString();
      if (qs) url += '?' + qs;
    }
    let res;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new ApiError(`Cannot reach the server (${url}): ${e.message}`, 0, null);
    }
    let body = null;
    const text = await res.text();
    try { body = text ? JSON.parse(text) : null; } catch (_) { body = null; }
    if (!res.ok) {
      const msg = body && body.error ? body.error : `HTTP ${res.status} ${res.statusText}`;
      const field = body && body.field ? body.field : null;
      throw new ApiError(`${url.split('?')[0]}: ${msg}${field ? ` (parameter “${field}”)` : ''}`, res.status, field);
    }
    if (body === null) throw new ApiError(`${url.split('?')[0]}: the answer is not JSON`, res.status, null);
    return body;
  }

  // Catalogs fetched once and shared.
  let cameoPromise = null;
  function cameo() {
    if (!cameoPromise) {
      cameoPromise = api('/api/catalog/cameo').then((j) => {
        const byCode = new Map();
        for (const c of j.codes || []) byCode.set(c.code, c);
        const roots = (j.codes || []).filter((c) => c.code.length === 2).sort((a, b) => a.code.localeCompare(b.code));
        const plover = [...new Set((j.codes || []).map((c) => c.plover_type).filter(Boolean))].sort();
        return { byCode, roots, plover };
      }).catch((e) => { cameoPromise = null; showError(e); return { byCode: new Map(), roots: [], plover: [] }; });
    }
    return cameoPromise;
  }
  let worldPromise = null;
  function world() {
    if (!worldPromise) {
      worldPromise = fetch('/assets/world.json').then((r) => {
        if (!r.ok) throw new Error(`/assets/world.json: HTTP ${r.status}`);
        return r.json();
      }).catch((e) => { worldPromise = null; throw e; });
    }
    return worldPromise;
  }

  // ------------------------------------------------------- error banner, tip
  const banner = document.querySelector('[data-testid="error"]');
  const bannerMsg = banner.querySelector('.banner-msg');
  banner.querySelector('.banner-close').addEventListener('click', () => { banner.hidden = true; });
  function showError(e) {
    const msg = e && e.message ? e.message : String(e);
    bannerMsg.textContent = bannerMsg.textContent && !banner.hidden && !bannerMsg.textContent.includes(msg)
      ? bannerMsg.textContent + '\n' + msg : msg;
    banner.hidden = false;
  }
  function clearError() { banner.hidden = true; bannerMsg.textContent = ''; }

  const tipEl = document.getElementById('tip');
  function showTip(text, ev) {
    tipEl.textContent = text;
    tipEl.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    if (tipEl.hidden) return;
    const pad = 14;
    const w = tipEl.offsetWidth; const hh = tipEl.offsetHeight;
    let x = ev.clientX + pad; let y = ev.clientY + pad;
    if (x + w > window.innerWidth - 4) x = ev.clientX - w - pad;
    if (y + hh > window.innerHeight - 4) y = ev.clientY - hh - pad;
    tipEl.style.left = Math.max(4, x) + 'px';
    tipEl.style.top = Math.max(4, y) + 'px';
  }
  function hideTip() { tipEl.hidden = true; }
  /** Gives el a hover tooltip; text may be a function evaluated on hover. */
  function tip(el, text) {
    el.addEventListener('mouseenter', (ev) => showTip(typeof text === 'function' ? text() : text, ev));
    el.addEventListener('mousemove', moveTip);
    el.addEventListener('mouseleave', hideTip);
    if (!el.getAttribute('aria-label')) el.setAttribute('aria-label', typeof text === 'function' ? text() : text);
  }

  // ------------------------------------------------------------- header
  async function loadStats() {
    const el = document.querySelector('[data-testid="stats"]');
    try {
      const st = await api('/api/stats');
      const c = st.counts || {};
      clear(el);
      const part = (n, label) => [h('b', { text: fmtInt(n) }), ` ${label}`];
      append(el, [
        part(c.documents, 'documents'), ' · ', part(c.events, 'events'), ' · ', part(c.mentions, 'mentions'),
        st.first_event_date ? [' · ', h('b', { text: st.first_event_date }), ' – ', h('b', { text: st.last_event_date || '' })] : '',
      ]);
    } catch (e) {
      el.textContent = 'statistics unavailable';
      showError(e);
    }
  }

  // ------------------------------------------------------------- routing
  const view = document.getElementById('view');
  let renderSeq = 0;
  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const qi = raw.indexOf('?');
    const path = qi < 0 ? raw : raw.slice(0, qi);
    const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
    const parts = path.split('/').filter((p) => p !== '');
    return { route: parts[0] || '', rest: parts.slice(1).map((p) => { try { return decodeURIComponent(p); } catch (_) { return p; } }), params };
  }
  function hashFor(route, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const qs = q.toString();
    return `#/${route}${qs ? '?' + qs : ''}`;
  }
  function go(hash) {
    if (location.hash === hash) render(); else location.hash = hash;
  }
  function docHash(docId, eventKey) {
    return `#/document/${encodeURIComponent(docId)}${eventKey ? '?event=' + encodeURIComponent(eventKey) : ''}`;
  }

  const lastHash = {};
  async function render() {
    const seq = ++renderSeq;
    const live = () => seq === renderSeq;
    clearError();
    hideTip();
    const { route, rest, params } = parseHash();
    // Each nav link returns to the last state of its view.
    if (['relation', 'events', 'map'].includes(route)) lastHash[route] = location.hash;
    for (const a of document.querySelectorAll('.nav a')) {
      a.classList.toggle('active', a.dataset.route === (route || 'relation'));
      a.setAttribute('href', lastHash[a.dataset.route] || `#/${a.dataset.route}`);
    }
    clear(view);
    try {
      if (route === '' || route === 'relation') await relationView(params, live);
      else if (route === 'events') await eventsView(params, live);
      else if (route === 'document') await documentView(rest.join('/'), params, live);
      else if (route === 'map') await mapView(params, live);
      else view.append(h('div', { class: 'empty', text: `Unknown page “${route}”.` }));
    } catch (e) {
      if (!live()) return;
      showError(e);
      if (!view.firstChild) view.append(h('div', { class: 'empty', text: 'This view could not be loaded.' }));
    }
  }

  // ------------------------------------------------------ actor type-ahead
  /** An input with catalog suggestions. The value is whatever is typed; choosing a suggestion sets its code. */
  function actorInput({ testid, value, placeholder, label, onChoose }) {
    const input = h('input', {
      type: 'text', value: value || '', placeholder: placeholder || 'code or name', autocomplete: 'off', spellcheck: 'false',
      'data-testid': testid, 'aria-label': label, role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    });
    const list = h('ul', { class: 'ac-list', role: 'listbox', hidden: true });
    const hint = h('div', { class: 'ac-name-hint' });
    let items = []; let active = -1; let reqSeq = 0;
    const close = () => { list.hidden = true; active = -1; input.setAttribute('aria-expanded', 'false'); };
    const choose = (a) => {
      input.value = a.code;
      hint.textContent = a.name && a.name !== a.code ? a.name : '';
      close();
      if (onChoose) onChoose(a);
    };
    const paint = () => {
      clear(list);
      items.forEach((a, i) => {
        const li = h('li', { role: 'option', class: i === active ? 'active' : null, 'aria-selected': i === active ? 'true' : 'false' },
          h('span', { class: 'ac-name', text: a.name || a.code }), h('span', { class: 'ac-code', text: a.code }),
          h('span', { class: 'ac-kind', text: a.kind || '' }));
        li.addEventListener('mousedown', (ev) => { ev.preventDefault(); choose(a); });
        list.append(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    };
    const lookup = debounce(async () => {
      const q = input.value.trim();
      const my = ++reqSeq;
      if (!q) { items = []; paint(); return; }
      try {
        const j = await api('/api/catalog/actors', { q, limit: 12 });
        if (my !== reqSeq || document.activeElement !== input) return;
        const seen = new Set();
        items = (j.actors || []).filter((a) => { const k = a.code + '\u0000' + a.name; if (seen.has(k)) return false; seen.add(k); return true; });
        active = -1;
        paint();
      } catch (e) { showError(e); }
    }, 140);
    input.addEventListener('input', () => { hint.textContent = ''; lookup(); });
    input.addEventListener('keydown', (ev) => {
      if (list.hidden) return;
      if (ev.key === 'ArrowDown') { active = Math.min(items.length - 1, active + 1); paint(); ev.preventDefault(); }
      else if (ev.key === 'ArrowUp') { active = Math.max(-1, active - 1); paint(); ev.preventDefault(); }
      else if (ev.key === 'Enter' && active >= 0) { choose(items[active]); ev.preventDefault(); }
      else if (ev.key === 'Escape') { close(); }
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
    const wrap = h('div', { class: 'ac' }, input, list);
    return { wrap, input, hint, value: () => input.value.trim().toUpperCase() };
  }

  // --------------------------------------------------------- event table
  const quadOf = (q) => (q >= 1 && q <= 4 ? q : 0);
  function actorCell(name, code) {
    if (!code) return h('span', { class: 'muted', text: '—' });
    return h('span', null, name && name !== code ? [name, ' '] : '', h('span', { class: 'actor-code', text: code }));
  }
  function placeText(e) {
    if (!e.place_name) return '';
    return e.place_country && e.place_kind !== 'country' ? `${e.place_name}, ${e.place_country}` : e.place_name;
  }
  /** A table of events; returns { el, tbody, add(events) }. */
  function eventTable(testid, cat) {
    const tbody = h('tbody', { 'data-testid': testid });
    const table = h('table', { class: 'events' },
      h('thead', null, h('tr', null,
        h('th', { class: 'qc', 'aria-label': 'QuadClass' }), h('th', { text: 'Date' }), h('th', { text: 'Source → target' }),
        h('th', { text: 'CAMEO' }), h('th', { text: 'PLOVER' }), h('th', { text: 'Goldstein' }), h('th', { text: 'Place' }),
        h('th', { class: 'num', text: 'Mentions' }))),
      tbody);
    const add = (events) => {
      for (const e of events) {
        const q = quadOf(e.quad_class);
        const cc = cat.byCode.get(e.code);
        const mentionsBtn = h('button', { type: 'button', class: 'link', title: 'Show the reports of this event', 'aria-expanded': 'false', text: `${fmtInt(e.num_mentions)} ▸` });
        const tr = h('tr', {
          class: 'event-row' + (e.doc_id ? '' : ' nodoc'), 'data-testid': 'event-row', tabindex: e.doc_id ? '0' : null,
          dataset: { eventKey: e.event_key_str, docId: e.doc_id, quadClass: e.quad_class },
        },
        h('td', { class: `qc q${q}`, title: QUAD[q] || 'No QuadClass' }),
        h('td', { class: 'date', text: e.date || 'undated' }),
        h('td', null, actorCell(e.source_name, e.source_code), h('span', { class: 'arrow', text: '→' }), actorCell(e.target_name, e.target_code)),
        h('td', null, h('span', { class: 'cameo-code', text: e.code }), cc ? sentenceCase(cc.name) : ''),
        h('td', null, e.plover_type ? h('span', { class: 'tag', text: e.plover_type + (e.plover_mode ? ' · ' + e.plover_mode : '') }) : ''),
        h('td', { class: gsClass(e.goldstein), text: fmtSigned(e.goldstein) }),
        h('td', { text: placeText(e) }),
        h('td', { class: 'num' }, mentionsBtn));
        if (e.doc_title) tr.title = `Open “${e.doc_title}”`;
        const open = () => { if (e.doc_id) location.hash = docHash(e.doc_id, e.event_key_str); };
        tr.addEventListener('click', open);
        tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.target === tr) open(); });
        let detail = null;
        mentionsBtn.addEventListener('click', async (ev) => {
          ev.stopPropagation();
          if (detail) { detail.remove(); detail = null; mentionsBtn.textContent = `${fmtInt(e.num_mentions)} ▸`; mentionsBtn.setAttribute('aria-expanded', 'false'); return; }
          const cell = h('td', { colspan: '8' }, h('span', { class: 'muted', text: 'Loading reports…' }));
          detail = h('tr', { class: 'mentions-row', 'data-testid': 'mentions' }, cell);
          tr.after(detail);
          mentionsBtn.textContent = `${fmtInt(e.num_mentions)} ▾`;
          mentionsBtn.setAttribute('aria-expanded', 'true');
          try {
            const j = await api(`/api/events/${encodeURIComponent(e.event_key_str)}/mentions`);
            clear(cell);
            for (const m of j.mentions || []) {
              const link = h('a', { href: docHash(m.doc_id, e.event_key_str), text: m.doc_id });
              const ext = m.url && safeUrl(m.url);
              cell.append(h('div', { class: 'mention' },
                h('div', { class: 'sent', text: m.sentence || '' }),
                h('div', { class: 'muted small' }, link, ext ? [' · ', h('a', { href: ext, target: '_blank', rel: 'noopener noreferrer', text: 'source' })] : '',
                  m.pattern ? [' · pattern ', h('code', { text: m.pattern })] : '',
                  m.confidence !== undefined && m.confidence !== null ? ` · confidence ${fmtNum(m.confidence, 2)}` : '')));
            }
            if (!cell.firstChild) cell.append(h('span', { class: 'muted', text: 'No reports stored.' }));
          } catch (err) { clear(cell); cell.append(h('span', { class: 'muted', text: 'Could not load the reports.' })); showError(err); }
        });
        tbody.append(tr);
      }
    };
    return { el: h('div', { class: 'table-wrap' }, table), tbody, add };
  }

  /** Loads events page by page into a table with a "Load more" button. */
  function pagedEvents({ params, testid, cat, pageSize = 100, live, emptyText }) {
    const table = eventTable(testid, cat);
    const count = h('span');
    const more = h('button', { type: 'button', 'data-testid': 'load-more', hidden: true, text: 'Load more' });
    const foot = h('div', { class: 'list-foot' }, count, more);
    const box = h('div', { 'data-testid': `${testid}-box`, dataset: { state: 'loading' } }, table.el, foot);
    let cursor = null; let shown = 0;
    const load = async () => {
      more.disabled = true;
      box.dataset.state = 'loading';
      const p = { ...params, limit: pageSize };
      if (cursor) p.cursor = cursor;
      try {
        const j = await api('/api/events', p);
        if (live && !live()) return;
        table.add(j.events || []);
        shown += (j.events || []).length;
        cursor = j.next_cursor || null;
        more.hidden = !cursor;
        count.textContent = shown === 0 ? (emptyText || 'No events match these filters.') : `${fmtInt(shown)} event${shown === 1 ? '' : 's'} shown${cursor ? ' (more available)' : ''}`;
      } catch (e) { showError(e); count.textContent = 'Could not load events.'; } finally { more.disabled = false; box.dataset.state = 'done'; }
    };
    more.addEventListener('click', load);
    return { el: box, load };
  }

  // --------------------------------------------------------- relation view
  function periodEnd(start, by) {
    const d = new Date(start + 'T00:00:00Z');
    if (by === 'day') return start;
    if (by === 'week') { d.setUTCDate(d.getUTCDate() + 6); return d.toISOString().slice(0, 10); }
    const e = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return e.toISOString().slice(0, 10);
  }
  function isoWeekLabel(d) {
    const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    const day = t.getUTCDay() || 7;
    t.setUTCDate(t.getUTCDate() + 4 - day);
    const y = t.getUTCFullYear();
    const wk = Math.ceil(((t - Date.UTC(y, 0, 1)) / 86400000 + 1) / 7);
    return `${y}-W${String(wk).padStart(2, '0')}`;
  }
  /** Every period from the first row to the last (empty ones as null), or just the rows if that would be too many. */
  function fillPeriods(rows, by) {
    if (rows.length < 1) return [];
    const byStart = new Map(rows.map((r) => [r.start, r]));
    const first = new Date(rows[0].start + 'T00:00:00Z');
    const last = new Date(rows[rows.length - 1].start + 'T00:00:00Z');
    if (Number.isNaN(first.getTime()) || Number.isNaN(last.getTime())) return rows.map((r) => ({ period: r.period, start: r.start, row: r }));
    const step = (d, k) => {
      if (by === 'day') d.setUTCDate(d.getUTCDate() + k);
      else if (by === 'week') d.setUTCDate(d.getUTCDate() + 7 * k);
      else d.setUTCMonth(d.getUTCMonth() + k);
    };
    // With few periods, show some empty ones around them for context.
    let span = 0;
    for (const d = new Date(first); d <= last && span <= 1500; step(d, 1)) span++;
    const pad = Math.max(0, 12 - span);
    const d = new Date(first);
    step(d, -Math.floor(pad / 2));
    const end = new Date(last);
    step(end, Math.ceil(pad / 2));
    const out = [];
    while (d <= end && out.length <= 1500) {
      const start = d.toISOString().slice(0, 10);
      const row = byStart.get(start) || null;
      const period = row ? row.period : by === 'day' ? start : by === 'week' ? isoWeekLabel(d) : start.slice(0, 7);
      out.push({ period, start, row });
      step(d, 1);
    }
    if (out.length > 1500 || out.filter((p) => p.row).length !== rows.length) return rows.map((r) => ({ period: r.period, start: r.start, row: r }));
    return out;
  }
  function niceMax(v) {
    if (v <= 5) return Math.max(1, Math.ceil(v));
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  async function relationView(params, live) {
    let a = (params.get('a') || '').trim().toUpperCase();
    let b = (params.get('b') || '').trim().toUpperCase();
    const by = ['day', 'week', 'month'].includes(params.get('by')) ? params.get('by') : 'month';
    if (!a && !b) {
      view.append(h('p', { class: 'loading', text: 'Finding the most active dyad…' }));
      const j = await api('/api/dyads', { limit: 1 });
      if (!live()) return;
      const top = (j.dyads || [])[0];
      if (top) { location.replace(hashFor('relation', { a: top.source, b: top.target, by })); return; }
      clear(view);
      view.append(h('h1', { text: 'Relation' }), h('div', { class: 'empty', text: 'The store has no events between two actors yet. Ingest some news with `dyad ingest`, then reload.' }));
      return;
    }
    const cat = cameo();
    const ia = actorInput({ testid: 'relation-a', value: a, label: 'Actor A', placeholder: 'Actor A, e.g. CHN' });
    const ib = actorInput({ testid: 'relation-b', value: b, label: 'Actor B', placeholder: 'Actor B, e.g. RUS' });
    const submit = (newBy) => {
      const na = ia.value(); const nb = ib.value();
      if (!na || !nb) { showError(new Error('Choose two actors (a code such as CHN, or pick a name from the list).')); return; }
      go(hashFor('relation', { a: na, b: nb, by: newBy || by }));
    };
    const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Period', 'data-testid': 'relation-by' },
      ['day', 'week', 'month'].map((p) => h('button', { type: 'button', class: p === by ? 'on' : null, 'aria-pressed': p === by ? 'true' : 'false', text: p[0].toUpperCase() + p.slice(1), onclick: () => submit(p) })));
    const swap = h('button', { type: 'button', title: 'Swap actors', 'aria-label': 'Swap actors', text: '⇄', onclick: () => { const t = ia.input.value; ia.input.value = ib.input.value; ib.input.value = t; submit(); } });
    const form = h('form', { class: 'controls relation', onsubmit: (ev) => { ev.preventDefault(); submit(); } },
      h('label', { class: 'field' }, h('span', { text: 'Actor A' }), ia.wrap, ia.hint),
      h('div', { class: 'field' }, h('span', { text: '\u00a0' }), swap, h('div', { class: 'ac-name-hint' })),
      h('label', { class: 'field' }, h('span', { text: 'Actor B' }), ib.wrap, ib.hint),
      h('div', { class: 'field' }, h('span', { text: 'Period' }), seg, h('div', { class: 'ac-name-hint' })),
      h('div', { class: 'field' }, h('span', { text: '\u00a0' }), h('button', { type: 'submit', class: 'primary', text: 'Show' }), h('div', { class: 'ac-name-hint' })));
    const summary = h('div', { class: 'summary', 'data-testid': 'relation-summary', text: 'Loading…' });
    const chartBox = h('div');
    const periodBox = h('div');
    view.append(h('h1', { text: 'Relation' }), form, summary, chartBox, periodBox);

    // Names for the two codes (best effort; the code is always shown).
    for (const [inp, code] of [[ia, a], [ib, b]]) {
      api('/api/catalog/actors', { q: code, limit: 5 }).then((j) => {
        const hit = (j.actors || []).find((x) => x.code === code);
        if (hit && live() && !inp.hint.textContent) inp.hint.textContent = hit.name;
      }).catch(() => {});
    }

    const tl = await api('/api/timeline', { source: a, target: b, by });
    if (!live()) return;
    const rows = tl.rows || [];
    const total = rows.reduce((n, r) => n + (r.events || 0), 0);
    const mentions = rows.reduce((n, r) => n + (r.mentions || 0), 0);
    let gsum = 0; let gn = 0;
    for (const r of rows) if (r.goldstein_mean !== null && r.goldstein_mean !== undefined) { gsum += r.goldstein_mean * r.events; gn += r.events; }
    clear(summary);
    if (total === 0) {
      append(summary, [h('b', { text: '0' }), ` events between ${a} and ${b}`, tl.both_directions === false ? ' (one way)' : ' (both directions)', '.']);
      chartBox.append(h('div', { class: 'empty', 'data-testid': 'relation-empty', text: `No dated events between ${a} and ${b} in the store. Codes match by prefix (CHN also matches CHNGOV); try a shorter code or another pair.` }));
      return;
    }
    append(summary, [
      h('b', { 'data-testid': 'relation-total', text: fmtInt(total) }), ` event${total === 1 ? '' : 's'} between `, h('span', { class: 'actor-code', text: a }), ' and ',
      h('span', { class: 'actor-code', text: b }), tl.both_directions === false ? ' (one way)' : ' (both directions)',
      ` · ${fmtInt(mentions)} mentions · mean Goldstein `, h('b', { class: gsClass(gn ? gsum / gn : null), text: gn ? fmtSigned(gsum / gn, 2) : '–' }),
      ` · ${rows[0].period} to ${rows[rows.length - 1].period}`, ' · ',
      h('a', { href: hashFor('events', { source: a, target: b }), text: `events from ${a} to ${b}` }), ' · ',
      h('a', { href: hashFor('events', { source: b, target: a }), text: `from ${b} to ${a}` }),
    ]);
    const legend = h('div', { class: 'legend' },
      [1, 2, 3, 4].map((q) => h('span', null, h('span', { class: `sw q${q}` }), QUAD[q])),
      h('span', null, h('span', { class: 'sw-line' }), 'Mean Goldstein (right axis, −10…+10)'));
    const showPeriod = async (slot, barEl) => {
      for (const el of chartBox.querySelectorAll('.bar.selected')) el.classList.remove('selected');
      if (barEl) barEl.classList.add('selected');
      const from = slot.start; const to = periodEnd(slot.start, by);
      history.replaceState(null, '', hashFor('relation', { a, b, by, p: slot.period }));
      clear(periodBox);
      const n = slot.row.events;
      const c = await cat;
      if (!live()) return;
      const list = eventTable(null, c);
      const status = h('div', { class: 'list-foot', text: 'Loading…' });
      const wrap = h('div', { 'data-testid': 'period-events', dataset: { period: slot.period, state: 'loading' } }, list.el, status);
      periodBox.append(h('h2', null, `Events in ${slot.period} `, h('span', { class: 'muted', text: `(${fmtInt(n)}; ${from}${to !== from ? ' to ' + to : ''})` })), wrap);
      let cursor = null; let got = 0;
      try {
        do {
          const p = { source: a, target: b, both_directions: 'true', from, to, limit: 500 };
          if (cursor) p.cursor = cursor;
          const j = await api('/api/events', p);
          if (!live() || wrap.parentNode !== periodBox) return;
          list.add(j.events || []);
          got += (j.events || []).length;
          cursor = j.next_cursor;
        } while (cursor && got < 5000);
        status.textContent = got ? `${fmtInt(got)} event${got === 1 ? '' : 's'}${cursor ? ' (first 5,000)' : ''} · click a row to read the report` : 'No events listed for this period.';
      } catch (e) { status.textContent = 'Could not load the events.'; showError(e); }
      wrap.dataset.state = 'done';
    };
    chartBox.append(h('div', { class: 'chart-wrap' }, legend, relationChart(rows, by, showPeriod)));
    const want = params.get('p');
    if (want) {
      const bar = [...chartBox.querySelectorAll('[data-testid="chart-bar"]')].find((g) => g.dataset.period === want);
      const row = rows.find((r) => r.period === want);
      if (bar && row) showPeriod({ period: row.period, start: row.start, row }, bar);
    } else {
      periodBox.append(h('p', { class: 'muted', text: 'Click a bar to list the events of that period.' }));
    }
  }

  function relationChart(rows, by, onPick) {
    const slots = fillPeriods(rows, by);
    const W = Math.max(640, Math.min(1220, view.clientWidth - 22 || 1200));
    const H = 300;
    const m = { l: 46, r: 46, t: 12, b: 44 };
    const iw = W - m.l - m.r; const ih = H - m.t - m.b;
    const maxEv = niceMax(Math.max(...rows.map((r) => r.events || 0), 1));
    const yL = (v) => m.t + ih - (v / maxEv) * ih;
    const yR = (g) => m.t + ih - ((g + 10) / 20) * ih;
    const slotW = iw / slots.length;
    const barW = Math.max(1, Math.min(60, slotW * 0.78));
    const cx = (i) => m.l + slotW * (i + 0.5);
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Events per period by QuadClass, with the mean Goldstein score', 'data-testid': 'relation-chart' });
    // grid + left axis
    const ticks = maxEv <= 5 ? maxEv : 5;
    const gAxis = s('g');
    for (let i = 0; i <= ticks; i++) {
      const v = (maxEv / ticks) * i; const y = yL(v);
      gAxis.append(s('line', { class: 'grid', x1: m.l, x2: m.l + iw, y1: y, y2: y }));
      gAxis.append(s('text', { x: m.l - 6, y: y + 3.5, 'text-anchor': 'end', text: Number.isInteger(v) ? fmtInt(v) : v.toFixed(1) }));
    }
    for (const g of [-10, -5, 0, 5, 10]) {
      gAxis.append(s('text', { x: m.l + iw + 6, y: yR(g) + 3.5, 'text-anchor': 'start', text: g > 0 ? '+' + g : String(g) }));
    }
    gAxis.append(s('line', { class: 'zero', x1: m.l, x2: m.l + iw, y1: yR(0), y2: yR(0) }));
    gAxis.append(s('line', { class: 'axis', x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih }));
    gAxis.append(s('text', { class: 'axis-title', transform: `translate(12 ${m.t + ih / 2}) rotate(-90)`, 'text-anchor': 'middle', text: 'Events' }));
    gAxis.append(s('text', { class: 'axis-title', transform: `translate(${W - 8} ${m.t + ih / 2}) rotate(90)`, 'text-anchor': 'middle', text: 'Goldstein' }));
    svg.append(gAxis);
    // x labels, thinned
    const maxLabels = Math.max(2, Math.floor(iw / 70));
    const step = Math.ceil(slots.length / maxLabels);
    const gx = s('g');
    slots.forEach((sl, i) => {
      if (i % step !== 0) return;
      gx.append(s('line', { class: 'axis', x1: cx(i), x2: cx(i), y1: m.t + ih, y2: m.t + ih + 4 }));
      gx.append(s('text', { x: cx(i), y: m.t + ih + 16, 'text-anchor': 'middle', text: sl.period }));
    });
    gx.append(s('text', { class: 'axis-title', x: m.l + iw / 2, y: H - 6, 'text-anchor': 'middle', text: `Period (${by}); both directions` }));
    svg.append(gx);
    // bars
    const gBars = s('g');
    slots.forEach((sl, i) => {
      const r = sl.row;
      if (!r || !r.events) return;
      const g = s('g', { class: 'bar', 'data-testid': 'chart-bar', 'data-period': r.period, 'data-events': r.events, tabindex: '0', role: 'button' });
      g.append(s('rect', { class: 'hit', x: cx(i) - slotW / 2, y: m.t, width: slotW, height: ih }));
      let acc = 0;
      const parts = [1, 2, 3, 4].map((q) => [q, r[QUAD_KEYS[q]] || 0]);
      const other = r.events - parts.reduce((n, p) => n + p[1], 0);
      if (other > 0) parts.push([0, other]);
      for (const [q, n] of parts) {
        if (!n) continue;
        const y0 = yL(acc); const y1 = yL(acc + n);
        g.append(s('rect', { class: `seg-q${q}`, x: cx(i) - barW / 2, y: y1, width: barW, height: Math.max(0.5, y0 - y1) }));
        acc += n;
      }
      const label = `${r.period} (from ${r.start})\n${fmtInt(r.events)} events, ${fmtInt(r.mentions)} mentions\n`
        + parts.filter((p) => p[1]).map(([q, n]) => `${q ? QUAD[q] : 'Unclassified'}: ${fmtInt(n)}`).join('\n')
        + `\nMean Goldstein: ${fmtSigned(r.goldstein_mean, 2)}\nClick to list the events`;
      tip(g, label);
      const pick = () => onPick(sl, g);
      g.addEventListener('click', pick);
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); } });
      gBars.append(g);
    });
    svg.append(gBars);
    // Goldstein line
    const pts = [];
    slots.forEach((sl, i) => { if (sl.row && sl.row.goldstein_mean !== null && sl.row.goldstein_mean !== undefined) pts.push([cx(i), yR(Math.max(-10, Math.min(10, sl.row.goldstein_mean)))]); });
    const gl = s('g', { 'data-testid': 'goldstein-line' });
    if (pts.length) {
      gl.append(s('path', { class: slotW < 4 ? 'gline dense' : 'gline', d: pts.map((p, i) => `${i ? 'L' : 'M'}${p[0].toFixed(1)} ${p[1].toFixed(1)}`).join(' ') }));
      const r = Math.max(1.2, Math.min(3, slotW / 3)).toFixed(1);
      for (const p of pts) gl.append(s('circle', { class: 'gdot', cx: p[0].toFixed(1), cy: p[1].toFixed(1), r }));
    }
    svg.append(gl);
    return svg;
  }

  // ------------------------------------------------------------- filters
  function filterParams(params) {
    const f = {};
    for (const k of FILTER_KEYS) { const v = (params.get(k) || '').trim(); if (v) f[k] = v; }
    return f;
  }
  /** The API's names for the filter bar's fields. */
  function apiFilters(f) {
    return { from: f.from, to: f.to, source: f.source, target: f.target, root: f.root, plover: f.plover, place_country: f.country, text: f.text };
  }
  async function filterBar(route, f, cat) {
    const inp = (key, cls, ph, label) => h('input', { type: 'text', class: cls, value: f[key] || '', placeholder: ph, 'data-testid': `filter-${key}`, 'aria-label': label, spellcheck: 'false' });
    const from = inp('from', 'w-date', 'YYYY-MM-DD', 'From date (2025, 2025-11 or 2025-11-04; inclusive)');
    const to = inp('to', 'w-date', 'YYYY-MM-DD', 'To date (2025, 2025-11 or 2025-11-04; inclusive)');
    from.title = from.getAttribute('aria-label'); to.title = to.getAttribute('aria-label');
    const src = actorInput({ testid: 'filter-source', value: f.source, label: 'Source actor', placeholder: 'any' });
    const tgt = actorInput({ testid: 'filter-target', value: f.target, label: 'Target actor', placeholder: 'any' });
    const root = h('select', { 'data-testid': 'filter-root', 'aria-label': 'CAMEO root' }, h('option', { value: '', text: 'any' }),
      cat.roots.map((c) => h('option', { value: c.code, text: `${c.code} ${sentenceCase(c.name)}` })));
    if (f.root && !cat.roots.some((c) => c.code === f.root)) root.append(h('option', { value: f.root, text: f.root }));
    root.value = f.root || '';
    const plover = h('select', { 'data-testid': 'filter-plover', 'aria-label': 'PLOVER type' }, h('option', { value: '', text: 'any' }),
      cat.plover.map((p) => h('option', { value: p, text: p })));
    if (f.plover && !cat.plover.includes(f.plover)) plover.append(h('option', { value: f.plover, text: f.plover }));
    plover.value = f.plover || '';
    const country = inp('country', 'w-code', 'ISO3', 'Place country (ISO 3166 alpha-3)');
    const text = inp('text', 'w-text', 'words in the report', 'Free text');
    const collect = () => ({
      from: from.value.trim(), to: to.value.trim(), source: src.value(), target: tgt.value(), root: root.value, plover: plover.value,
      country: country.value.trim().toUpperCase(), text: text.value.trim(),
    });
    const field = (label, el, extra) => h('label', { class: 'field' }, h('span', { text: label }), el, extra || null);
    const form = h('form', { class: 'controls', role: 'search', onsubmit: (ev) => { ev.preventDefault(); go(hashFor(route, collect())); } },
      field('From', from), field('To', to), field('Source', src.wrap), field('Target', tgt.wrap), field('CAMEO root', root), field('PLOVER', plover),
      field('Place country', country), field('Text', text),
      h('div', { class: 'field' }, h('span', { text: '\u00a0' }), h('div', { class: 'seg' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'filter-apply', text: 'Apply' }),
        h('button', { type: 'button', text: 'Reset', onclick: () => go(hashFor(route, {})) }))),
    );
    return form;
  }

  function titleRow(title, aside) {
    return h('div', { class: 'title-row' }, h('h1', { text: title }), h('div', { class: 'aside' }, aside));
  }

  // --------------------------------------------------------------- events
  async function eventsView(params, live) {
    const f = filterParams(params);
    const cat = await cameo();
    if (!live()) return;
    view.append(titleRow('Events', h('a', { href: hashFor('map', f), text: 'Show these events on the map →' })), await filterBar('events', f, cat));
    const paged = pagedEvents({ params: apiFilters(f), testid: 'event-list', cat, pageSize: 100, live });
    view.append(paged.el);
    await paged.load();
  }

  // ------------------------------------------------------------- document
  const KINDS = [
    ['actor', 'Actors'], ['verb', 'Event verbs'], ['quote', 'Quotes'], ['place', 'Places'], ['date', 'Dates'],
  ];
  /** Splits the text into paragraphs and highlights nested/overlapping byte spans as <mark> elements. */
  function renderText(text, spans) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const n = bytes.length;
    const snap = (i) => { i = Math.max(0, Math.min(n, i | 0)); while (i < n && (bytes[i] & 0xc0) === 0x80) i++; return i; };
    const slice = (a, b) => dec.decode(bytes.subarray(a, b));
    const norm = spans
      .map((sp) => ({ ...sp, start: snap(sp.start), end: snap(sp.end) }))
      .filter((sp) => sp.end > sp.start);
    // paragraphs: byte ranges between newlines, skipping blank lines
    const paras = [];
    let ps = 0;
    for (let i = 0; i <= n; i++) {
      if (i === n || bytes[i] === 0x0a) {
        if (slice(ps, i).trim() !== '') paras.push([ps, i]);
        ps = i + 1;
      }
    }
    const order = (x, y) => x.start - y.start || y.end - x.end || x.rank - y.rank;
    const build = (parent, lo, hi, list) => {
      let pos = lo;
      let todo = list.slice().sort(order);
      while (todo.length) {
        const sp = todo.shift();
        if (sp.start > pos) parent.append(slice(pos, sp.start));
        const inner = []; const rest = [];
        for (const t of todo) {
          if (t.start < sp.end) {
            if (t.end <= sp.end) inner.push(t);
            else { inner.push({ ...t, end: sp.end, frag: true }); rest.push({ ...t, start: sp.end, frag: true }); }
          } else rest.push(t);
        }
        const mark = h('mark', {
          class: `hl hl-${sp.kind}${sp.frag ? ' hl-frag' : ''}`,
          dataset: { kind: sp.kind, start: sp.start, end: sp.end, sid: sp.sid },
        });
        build(mark, sp.start, sp.end, inner);
        parent.append(mark);
        todo = rest.sort(order);
        pos = sp.end;
      }
      if (hi > pos) parent.append(slice(pos, hi));
    };
    const frag = document.createDocumentFragment();
    for (const [a, b] of paras) {
      const p = h('p');
      const inside = [];
      for (const sp of norm) {
        if (sp.end <= a || sp.start >= b) continue;
        const cl = { ...sp, start: Math.max(a, sp.start), end: Math.min(b, sp.end) };
        if (cl.start !== sp.start || cl.end !== sp.end) cl.frag = true;
        inside.push(cl);
      }
      build(p, a, b, inside);
      frag.append(p);
    }
    return frag;
  }

  async function documentView(docId, params, live) {
    if (!docId) { view.append(h('div', { class: 'empty', text: 'No document given.' })); return; }
    view.append(h('p', { class: 'loading', text: 'Loading document…' }));
    const [j, cat] = await Promise.all([api(`/api/documents/${encodeURIComponent(docId)}`), cameo()]);
    if (!live()) return;
    clear(view);
    const d = j.document || {};
    const text = d.text || '';
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const slice = (a, b) => (a === null || a === undefined || b === null || b === undefined ? '' : dec.decode(bytes.subarray(Math.max(0, a), Math.min(bytes.length, b))));

    // Spans, deduplicated per kind and range; sid identifies a logical span.
    const spans = []; const info = new Map(); const key = new Map();
    const rank = { quote: 0, date: 1, place: 2, actor: 3, verb: 4 };
    const addSpan = (kind, start, end, describe) => {
      if (start === null || start === undefined || end === null || end === undefined || end <= start) return null;
      const k = `${kind}:${start}:${end}`;
      if (key.has(k)) { const sid = key.get(k); const prev = info.get(sid); const more = describe(); if (!prev.includes(more)) info.set(sid, prev + '\n' + more); return sid; }
      const sid = String(spans.length);
      key.set(k, sid);
      spans.push({ kind, start, end, sid, rank: rank[kind] });
      info.set(sid, describe());
      return sid;
    };
    for (const q of j.quotes || []) {
      addSpan('quote', q.start, q.end, () => (q.kind === 'term' ? 'Term (scare quote)' : 'Quote')
        + (q.speaker_text || q.speaker_code ? `\nSpeaker: ${q.speaker_text || ''}${q.speaker_code ? ' (' + q.speaker_code + ')' : ''}` : '\nSpeaker unknown'));
    }
    for (const t of j.times || []) {
      addSpan('date', t.start, t.end, () => `Date “${t.text || slice(t.start, t.end)}”\n${t.value ? 'Value: ' + t.value : 'Unresolved (no publication date?)'}${t.precision ? ' · precision: ' + t.precision : ''}`);
    }
    const placeDesc = (p) => `Place: ${p.name}${p.kind ? ' (' + p.kind + ')' : ''}${p.country ? ', ' + p.country : ''}`
      + (p.lat !== null && p.lat !== undefined ? `\n${fmtNum(p.lat, 4)}, ${fmtNum(p.lon, 4)}` : '');
    for (const p of j.places || []) addSpan('place', p.start, p.end, () => placeDesc(p));
    for (const a of j.actors || []) addSpan('actor', a.start, a.end, () => `Actor ${a.code}${a.kind ? ' (' + a.kind + ')' : ''}\n“${a.text || slice(a.start, a.end)}”`);
    const evs = (j.events || []).map((e) => ({ ...e, event_key_str: e.event_key_str || (e.event_key !== undefined && e.event_key !== null ? String(e.event_key) : '') }));
    const tone = j.tone !== undefined && j.tone !== null ? j.tone : d.tone;
    const evSids = evs.map((e) => {
      const sids = [];
      const push = (sid) => { if (sid !== null) sids.push(sid); };
      const codeName = e.code_name || (cat.byCode.get(e.code) || {}).name || '';
      if (e.source) push(addSpan('actor', e.source.start, e.source.end, () => `Actor ${e.source.code}\n“${e.source.text || ''}”`));
      if (e.target) push(addSpan('actor', e.target.start, e.target.end, () => `Actor ${e.target.code}\n“${e.target.text || ''}”`));
      if (e.verb) push(addSpan('verb', e.verb.start, e.verb.end, () => `Event verb: ${e.code} ${sentenceCase(codeName)}${e.pattern ? '\nPattern: ' + e.pattern : ''}`));
      if (e.place) push(addSpan('place', e.place.start, e.place.end, () => placeDesc(e.place)));
      if (e.date_span) push(addSpan('date', e.date_span.start, e.date_span.end, () => `Date of event: ${e.date || 'unresolved'}${e.date_precision ? ' (' + e.date_precision + ')' : ''}`));
      for (const qid of Array.isArray(e.quote_ids) ? e.quote_ids : []) {
        const q = (j.quotes || []).find((x) => x.quote_id === qid);
        if (q) { const sid = key.get(`quote:${q.start}:${q.end}`); if (sid) sids.push(sid); }
      }
      return sids;
    });

    // header
    const url = d.url ? safeUrl(d.url) : null;
    view.append(h('div', { class: 'doc-head' },
      h('h1', { 'data-testid': 'doc-title', text: d.title || d.doc_id || docId }),
      h('div', { class: 'meta' },
        h('span', null, 'Source: ', h('b', { text: d.source || 'unknown' })),
        h('span', null, 'Published: ', h('b', { text: d.published || 'unknown' })),
        h('span', null, 'Id: ', h('code', { text: d.doc_id || docId })),
        d.url ? h('span', null, 'URL: ', url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: d.url }) : h('span', { text: d.url })) : null)));

    // text and tools
    const textEl = h('div', { class: 'doc-text', 'data-testid': 'doc-text' });
    textEl.append(renderText(text, spans));
    const counts = {};
    for (const sp of spans) counts[sp.kind] = (counts[sp.kind] || 0) + 1;
    const tools = h('div', { class: 'doc-tools', 'data-testid': 'doc-legend' },
      h('span', { class: 'muted', text: 'Highlight:' }),
      KINDS.map(([k, label]) => {
        const cb = h('input', { type: 'checkbox', checked: true, 'data-testid': `toggle-${k}` });
        cb.addEventListener('change', () => textEl.classList.toggle(`hide-${k}`, !cb.checked));
        return h('label', null, cb, h('span', { class: `sw hl-${k}` }), `${label} (${counts[k] || 0})`);
      }));
    const infoBox = h('div', { class: 'hl-info', 'data-testid': 'hl-info', text: 'Hover or click a highlight to see what it is.' });
    const describe = (mark) => {
      const out = [];
      for (let m = mark; m && m !== textEl; m = m.parentElement) {
        if (m.tagName === 'MARK' && !textEl.classList.contains(`hide-${m.dataset.kind}`)) out.push(info.get(m.dataset.sid));
      }
      return out.join('\n—\n');
    };
    textEl.addEventListener('mouseover', (ev) => {
      const m = ev.target.closest('mark.hl');
      if (!m) { hideTip(); return; }
      const t = describe(m);
      if (t) showTip(t, ev); else hideTip();
    });
    textEl.addEventListener('mousemove', moveTip);
    textEl.addEventListener('mouseleave', hideTip);
    textEl.addEventListener('click', (ev) => {
      const m = ev.target.closest('mark.hl');
      for (const x of textEl.querySelectorAll('mark.picked')) x.classList.remove('picked');
      if (!m) return;
      for (const x of textEl.querySelectorAll(`mark[data-sid="${m.dataset.sid}"]`)) x.classList.add('picked');
      infoBox.textContent = describe(m).replace(/\n/g, ' · ');
    });
    const extra = h('div', { class: 'doc-extra' },
      tone !== null && tone !== undefined ? h('div', null, 'Tone: ', h('b', { class: gsClass(tone), text: fmtSigned(tone, 2) }), h('span', { class: 'muted', text: ' (positive minus negative words, per 100 words)' })) : null,
      (j.themes || []).length ? h('div', null, 'Themes: ', (j.themes || []).map((t) => h('span', { class: 'tag', text: `${t.theme} ${t.count}` }))) : null);

    // events
    const side = h('div', { class: 'doc-side' });
    side.append(h('h2', { text: `Events coded (${evs.length})` }));
    if (!evs.length) side.append(h('div', { class: 'empty', text: 'No events were coded in this document.' }));
    const cards = [];
    const select = (i, scroll) => {
      cards.forEach((c, k) => c.classList.toggle('selected', k === i));
      for (const x of textEl.querySelectorAll('mark.outlined')) x.classList.remove('outlined');
      const marks = [];
      for (const sid of evSids[i]) for (const x of textEl.querySelectorAll(`mark[data-sid="${sid}"]`)) { x.classList.add('outlined'); marks.push(x); }
      if (scroll && marks.length) marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
    };
    evs.forEach((e, i) => {
      const q = quadOf(e.quad_class);
      const codeName = e.code_name || (cat.byCode.get(e.code) || {}).name || '';
      const actor = (x) => (x ? [h('span', { text: x.text ? `${x.text} ` : '' }), h('span', { class: 'actor-code', text: x.code })] : h('span', { class: 'muted', text: '(no target)' }));
      const spanText = (label, x) => (x && x.start !== null && x.start !== undefined ? `${label} “${slice(x.start, x.end)}” [${x.start}–${x.end}]` : null);
      const spanList = [spanText('source', e.source), spanText('target', e.target), spanText('verb', e.verb),
        e.place ? spanText('place', e.place) : null, e.date_span ? spanText('date', e.date_span) : null].filter(Boolean);
      const place = e.place ? `${e.place.name}${e.place.country ? ', ' + e.place.country : ''}${e.place.lat !== null && e.place.lat !== undefined ? ` (${fmtNum(e.place.lat, 2)}, ${fmtNum(e.place.lon, 2)})` : ''}` : '–';
      const card = h('div', { class: `doc-event q${q}`, 'data-testid': 'doc-event', tabindex: '0', dataset: { eventKey: e.event_key_str, coderEventId: e.coder_event_id } },
        h('div', { class: 'ev-head' }, actor(e.source), h('span', { class: 'arrow', text: '→' }), actor(e.target)),
        h('div', null, h('span', { class: 'cameo-code', text: e.code }), sentenceCase(codeName), ' ', h('span', { class: 'muted', text: `· ${QUAD[q] || 'no QuadClass'}` })),
        h('dl', null,
          h('dt', { text: 'PLOVER' }), h('dd', { text: e.plover_type ? e.plover_type + (e.plover_mode ? ' · ' + e.plover_mode : '') : '–' }),
          h('dt', { text: 'Goldstein' }), h('dd', null, h('span', { class: gsClass(e.goldstein), text: fmtSigned(e.goldstein) })),
          h('dt', { text: 'Date' }), h('dd', { text: e.date ? `${e.date}${e.date_precision ? ' (' + e.date_precision + ')' : ''}` : 'undated' }),
          h('dt', { text: 'Place' }), h('dd', { text: place }),
          h('dt', { text: 'Pattern' }), h('dd', null, e.pattern ? h('code', { text: e.pattern }) : '–'),
          e.confidence !== null && e.confidence !== undefined ? [h('dt', { text: 'Confidence' }), h('dd', { text: fmtNum(e.confidence, 2) })] : null,
          h('dt', { text: 'Spans' }), h('dd', { class: 'small', text: spanList.join(' · ') || '–' }),
          e.source && e.target ? [h('dt', { text: 'Relation' }), h('dd', null, h('a', { href: hashFor('relation', { a: e.source.code, b: e.target.code }), text: `${e.source.code} – ${e.target.code} over time`, onclick: (ev) => ev.stopPropagation() }))] : null));
      card.addEventListener('click', () => select(i, true));
      card.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') select(i, true); });
      cards.push(card);
      side.append(card);
    });
    view.append(h('div', { class: 'doc-grid' }, h('div', { class: 'panel' }, tools, infoBox, textEl, extra), side));
    const want = params.get('event');
    if (want) {
      const i = evs.findIndex((e) => e.event_key_str === want);
      if (i >= 0) { select(i, true); cards[i].scrollIntoView({ block: 'nearest' }); }
    }
  }

  // ----------------------------------------------------------------- map
  async function mapView(params, live) {
    const f = filterParams(params);
    const cat = await cameo();
    if (!live()) return;
    view.append(titleRow('Map', h('a', { href: hashFor('events', f), text: 'Show these events as a list →' })), await filterBar('map', f, cat));
    const mapBox = h('div', { class: 'map-wrap' }, h('p', { class: 'loading', text: 'Loading map…' }));
    const listBox = h('div', { class: 'panel' });
    const eventsBox = h('div');
    view.append(h('div', { class: 'map-grid' }, mapBox, listBox), eventsBox);
    const [w, pj] = await Promise.all([
      world().catch((e) => { showError(new Error(`World outline: ${e.message}`)); return { countries: [] }; }),
      api('/api/places', { ...apiFilters(f), limit: 500 }),
    ]);
    if (!live()) return;
    const places = (pj.places || []).filter((p) => p.lat !== null && p.lat !== undefined && p.lon !== null && p.lon !== undefined);
    const svg = s('svg', { class: 'map', viewBox: '0 4 360 150', 'data-testid': 'map', role: 'img', 'aria-label': 'World map of event places' });
    const gc = s('g');
    for (const c of w.countries || []) {
      const p = s('path', { class: 'country', d: c.d, 'data-name': c.name });
      tip(p, c.name);
      gc.append(p);
    }
    svg.append(gc);
    const maxEv = Math.max(1, ...places.map((p) => p.events || 0));
    const radius = (n) => 0.9 + 5.1 * Math.sqrt((n || 0) / maxEv);
    const gp = s('g');
    const placeEls = [];
    const selectPlace = async (p) => {
      for (const el of placeEls) el.classList.toggle('selected', el.__place === p);
      for (const li of listBox.querySelectorAll('li')) li.classList.toggle('selected', li.__place === p);
      clear(eventsBox);
      const paged = pagedEvents({ params: { ...apiFilters(f), place: p.name }, testid: 'place-events', cat, pageSize: 100, live });
      eventsBox.append(h('h2', null, `Events at ${p.name}${p.country ? ', ' + p.country : ''} `, h('span', { class: 'muted', text: `(${fmtInt(p.events)})` })), paged.el);
      await paged.load();
    };
    for (const p of [...places].sort((x, y) => (y.events || 0) - (x.events || 0))) {
      const c = s('circle', { class: 'place', cx: (p.lon + 180).toFixed(2), cy: (90 - p.lat).toFixed(2), r: radius(p.events).toFixed(2), 'data-testid': 'map-place', 'data-name': p.name, 'data-events': p.events, tabindex: '0', role: 'button' });
      c.__place = p;
      tip(c, `${p.name}${p.kind ? ' (' + p.kind + ')' : ''}${p.country ? ', ' + p.country : ''}\n${fmtInt(p.events)} events · ${fmtInt(p.mentions)} mentions\n${fmtNum(p.lat, 2)}, ${fmtNum(p.lon, 2)}`);
      c.addEventListener('click', () => selectPlace(p));
      c.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') selectPlace(p); });
      placeEls.push(c);
      gp.append(c);
    }
    svg.append(gp);
    clear(mapBox).append(svg);
    const total = places.reduce((n, p) => n + (p.events || 0), 0);
    listBox.append(h('h3', { text: `${fmtInt(places.length)} places · ${fmtInt(total)} located events` }));
    if (!places.length) listBox.append(h('p', { class: 'muted', text: 'No located events match these filters.' }));
    const ul = h('ul', { class: 'place-list' });
    for (const p of places) {
      const li = h('li', { tabindex: '0' }, h('span', { class: 'pname', text: `${p.name}${p.country ? ', ' + p.country : ''}` }), h('span', { class: 'num', text: fmtInt(p.events) }));
      li.__place = p;
      li.addEventListener('click', () => selectPlace(p));
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') selectPlace(p); });
      ul.append(li);
    }
    listBox.append(ul);
    eventsBox.append(h('p', { class: 'muted', text: 'Click a place to list its events.' }));
  }

  // ---------------------------------------------------------------- start
  window.addEventListener('hashchange', render);
  window.addEventListener('error', (ev) => showError(new Error(`Script error: ${ev.message}`)));
  window.addEventListener('unhandledrejection', (ev) => showError(ev.reason instanceof Error ? ev.reason : new Error(String(ev.reason))));
  loadStats();
  render();
})();
