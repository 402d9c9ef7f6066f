/*
 * OmniHub console: a single page on top of the ops API. Plain JavaScript, no build step, no CDN.
 * Every text from the server is put into the DOM as text nodes or textContent, never parsed as HTML.
 * Views (hash routes): #/overview, #/dead-letters, #/dead-letters?tab=audit, #/trace?q=..., #/problems.
 */
(function () {
  'use strict';

  const STORAGE_KEY = 'omnihub.console.credential';
  const REFRESH_MS = 5000;
  /** The hub's base path: the console is served at <base>/console/. */
  const BASE = window.location.pathname.replace(/\/console(\/.*)?$/, '');
  const ROLES = ['VIEWER', 'OPERATOR', 'ADMIN'];

  const state = {
    credential: null, // {kind: 'basic', user, token} | {kind: 'key', key}
    me: null,         // {name, role}
    refreshTimer: null,
    paused: false,
    previous: null,   // {at: ms, values: {key: count}} of the last overview refresh
    renderSeq: 0,
    selected: null    // {queue, id} of the open dead letter
  };

  // ------------------------------------------------------------------------------------------ DOM helpers

  /** Creates an element; attrs are set as attributes (on* are not allowed), children are nodes or text. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'dataset') Object.entries(v).forEach(([dk, dv]) => { el.dataset[dk] = String(dv); });
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    append(el, children);
    return el;
  }

  /** Appends nodes or text (arrays are flattened; null, undefined and false are skipped). */
  function append(el, ...children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function fmtNum(n) {
    return n === null || n === undefined ? '—' : Number(n).toLocaleString('en');
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const t = Date.parse(iso);
    if (isNaN(t)) return String(iso);
    const s = Math.round((Date.now() - t) / 1000);
    if (s < 0) return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
  }

  function timeCell(iso) {
    return h('td', { class: 'small', title: iso || null, text: fmtTime(iso) });
  }

  function badge(text, level) {
    return h('span', { class: 'badge ' + (level || ''), text: text });
  }

  // ------------------------------------------------------------------------------------------ flash

  function flash(level, text) {
    const f = $('flash');
    f.className = 'message ' + level;
    f.textContent = text;
    f.hidden = false;
  }

  function clearFlash() {
    $('flash').hidden = true;
    $('flash').textContent = '';
  }

  // ------------------------------------------------------------------------------------------ API

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  function authHeaders(headers) {
    const c = state.credential;
    if (c && c.kind === 'basic') headers['Authorization'] = 'Basic ' + c.token;
    if (c && c.kind === 'key') headers['X-API-Key'] = c.key;
    return headers;
  }

  /**
   * Calls the hub. Returns {status, body} for 2xx and the statuses in opts.allow; a 401 ends the session
   * and shows the login form; a 403 names the role; other errors throw ApiError with the problem detail.
   */
  async function api(method, path, opts) {
    const o = opts || {};
    const headers = authHeaders({ 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json, application/problem+json' });
    const init = { method: method, headers: headers, cache: 'no-store' };
    if (o.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    }
    let res;
    try {
      res = await fetch(BASE + path, init);
    } catch (e) {
      throw new ApiError(0, 'The hub is not reachable (' + e.message + ').');
    }
    const text = await res.text();
    let body = null;
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = text; }
    }
    if (res.ok || (o.allow || []).includes(res.status)) {
      return { status: res.status, body: body };
    }
    if (res.status === 401 && !o.noLogout) {
      logout('Your session has ended or the credential was refused. Please sign in again.');
      throw new ApiError(401, 'Not signed in.', body);
    }
    if (res.status === 403) {
      const role = state.me ? state.me.role : 'unknown';
      throw new ApiError(403, 'Your role (' + role + ') may not do this.', body);
    }
    const detail = body && typeof body === 'object' ? (body.detail || body.title || body.error) : null;
    throw new ApiError(res.status, 'HTTP ' + res.status + (detail ? ': ' + detail : ''), body);
  }

  function qs(params) {
    const p = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => { if (v !== null && v !== undefined && String(v).trim() !== '') p.set(k, String(v).trim()); });
    const s = p.toString();
    return s ? '?' + s : '';
  }

  /** A path segment that keeps ':' readable (subjects, message ids) but escapes everything else. */
  function seg(s) {
    return encodeURIComponent(s).replace(/%3A/gi, ':');
  }

  // ------------------------------------------------------------------------------------------ session

  function base64Utf8(s) {
    const bytes = new TextEncoder().encode(s);
    let bin = '';
    bytes.forEach((b) => { bin += String.fromCharCode(b); });
    return btoa(bin);
  }

  function loadCredential() {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function saveCredential(c) {
    if (c) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
    else sessionStorage.removeItem(STORAGE_KEY);
  }

  /** Asks the hub who the credential belongs to; a hub without /api/v1/me treats everyone as ADMIN. */
  async function whoAmI() {
    const r = await api('GET', '/api/v1/me', { allow: [404], noLogout: true });
    if (r.status === 404 || !r.body || typeof r.body !== 'object') {
      const name = state.credential.kind === 'basic' ? state.credential.user : 'api key';
      return { name: name, role: 'ADMIN' };
    }
    const role = String(r.body.role || 'VIEWER').toUpperCase();
    return { name: r.body.name || '?', role: ROLES.includes(role) ? role : 'VIEWER' };
  }

  function canOperate() {
    return state.me && (state.me.role === 'OPERATOR' || state.me.role === 'ADMIN');
  }

  function showLogin(message) {
    stopRefresh();
    $('app-view').hidden = true;
    $('nav').hidden = true;
    $('session').hidden = true;
    $('login-view').hidden = false;
    const m = $('login-message');
    m.hidden = !message;
    m.className = 'message err';
    m.textContent = message || '';
    (state.credential && state.credential.kind === 'key' ? $('login-apikey') : $('login-user')).focus();
  }

  function logout(message) {
    state.credential = null;
    state.me = null;
    saveCredential(null);
    showLogin(message);
  }

  function showApp() {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('nav').hidden = false;
    $('session').hidden = false;
    $('whoami').textContent = state.me.name + ' (' + state.me.role + ')';
    $('whoami').dataset.role = state.me.role;
    if (!window.location.hash || window.location.hash === '#' || window.location.hash === '#/') {
      window.location.hash = '#/overview';
    } else {
      render();
    }
  }

  async function onLogin(ev) {
    ev.preventDefault();
    const kind = $('login-kind-key').checked ? 'key' : 'password';
    let credential;
    if (kind === 'key') {
      const key = $('login-apikey').value.trim();
      if (!key) return showLogin('Enter an API key.');
      credential = { kind: 'key', key: key };
    } else {
      const user = $('login-user').value.trim();
      const password = $('login-password').value;
      if (!user || !password) return showLogin('Enter a user and a password.');
      credential = { kind: 'basic', user: user, token: base64Utf8(user + ':' + password) };
    }
    state.credential = credential;
    $('login-submit').disabled = true;
    try {
      state.me = await whoAmI();
    } catch (e) {
      state.credential = null;
      showLogin(e.status === 401 ? 'Sign-in failed: unknown user, wrong password or invalid API key.' : e.message);
      return;
    } finally {
      $('login-submit').disabled = false;
    }
    saveCredential(credential);
    $('login-password').value = '';
    $('login-apikey').value = '';
    showApp();
  }

  // ------------------------------------------------------------------------------------------ routing

  function route() {
    const hash = window.location.hash.replace(/^#\/?/, '');
    const i = hash.indexOf('?');
    const name = (i < 0 ? hash : hash.slice(0, i)) || 'overview';
    return { name: name, params: new URLSearchParams(i < 0 ? '' : hash.slice(i + 1)) };
  }

  function go(name, params) {
    const target = '#/' + name + qs(params || {});
    if (window.location.hash === target) render();
    else window.location.hash = target;
  }

  const VIEWS = {
    'overview': renderOverview,
    'dead-letters': renderDeadLetters,
    'trace': renderTrace,
    'problems': renderProblems
  };

  function render() {
    if (!state.me) return;
    stopRefresh();
    const r = route();
    const view = VIEWS[r.name] || renderNotFound;
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === r.name));
    clearFlash();
    const seq = ++state.renderSeq;
    const host = clear($('view'));
    Promise.resolve(view(host, r.params, seq)).catch((e) => showError(e));
  }

  function showError(e) {
    if (e && e.status === 401) return;
    flash('err', e && e.message ? e.message : String(e));
  }

  function renderNotFound(host) {
    append(host, h('div', { class: 'card' }, h('p', { class: 'empty', text: 'No such view. ' }, h('a', { href: '#/overview', text: 'Go to the overview' }))));
  }

  // ------------------------------------------------------------------------------------------ overview

  function stopRefresh() {
    if (state.refreshTimer) {
      clearTimeout(state.refreshTimer);
      state.refreshTimer = null;
    }
  }

  function scheduleRefresh(fn) {
    stopRefresh();
    if (!state.paused) state.refreshTimer = setTimeout(fn, REFRESH_MS);
  }

  /** A health component of a connector or destination, nested ({connectors: {components: {id}}}) or flat. */
  function component(health, group, id) {
    if (!health || typeof health !== 'object') return null;
    const comps = health.components || health.details || {};
    const g = comps[group];
    const nested = g && (g.components || g.details);
    if (nested && nested[id] && nested[id].status) return nested[id];
    return comps[group + '.' + id] || null;
  }

  /** Splits "2026-11-22T05:49:04Z message" into time and text. */
  function splitError(lastError) {
    if (!lastError) return null;
    const m = /^(\d{4}-\d\d-\d\dT\S+)\s+([\s\S]*)$/.exec(String(lastError));
    return m ? { at: m[1], text: m[2] } : { at: null, text: String(lastError) };
  }

  /**
   * How an entity stands: 'err' when its health is DOWN/OUT_OF_SERVICE, 'warn' when it has dead
   * letters, a config problem or an error newer than its last success; the reason says why.
   */
  function assess(entity, comp) {
    const reasons = [];
    let level = 'ok';
    const hs = comp && comp.status;
    const details = (comp && comp.details) || {};
    const err = splitError(entity.lastError);
    const errIsCurrent = err && (!entity.lastSuccess || !err.at || Date.parse(err.at) >= Date.parse(entity.lastSuccess));
    if (entity.status === 'DISABLED') {
      return { level: 'off', reason: 'disabled', health: hs || 'DISABLED' };
    }
    if (hs === 'DOWN' || hs === 'OUT_OF_SERVICE') {
      level = 'err';
      reasons.push(details.reason || (err && err.text) || hs);
    } else if (details.reason) {
      reasons.push(details.reason);
    }
    if (errIsCurrent) {
      if (level === 'ok') level = 'warn';
      if (!reasons.includes(err.text)) reasons.push(err.text);
    }
    const dl = Number(entity.deadLetters || 0);
    if (dl > 0) {
      if (level === 'ok') level = 'warn';
      reasons.push(dl + ' dead letter' + (dl === 1 ? '' : 's'));
    }
    if (entity.problems && entity.problems.length) {
      if (level === 'ok') level = 'warn';
      reasons.push('config file has problems (running its last valid version)');
    }
    if (reasons.length === 0 && err && !errIsCurrent) {
      return { level: level, reason: '', health: hs, past: 'last error (recovered since): ' + err.text };
    }
    return { level: level, reason: reasons.join(' · '), health: hs };
  }

  function healthBadge(a, fallback) {
    const s = a.health || fallback || 'UNKNOWN';
    const level = s === 'UP' || s === 'RUNNING' ? (a.level === 'ok' ? 'ok' : a.level) : (s === 'DOWN' || s === 'OUT_OF_SERVICE' ? 'err' : (a.level === 'off' ? '' : 'warn'));
    return badge(s, level);
  }

  function rate(key, value, now) {
    const prev = state.previous;
    if (!prev || prev.values[key] === undefined || value === undefined || value === null) return null;
    const dt = (now - prev.at) / 1000;
    if (dt <= 0) return null;
    return Math.max(0, (value - prev.values[key]) / dt * 60);
  }

  function fmtRate(r) {
    return r === null ? '—' : (r >= 10 ? r.toFixed(0) : r.toFixed(1)) + '/min';
  }

  function sumValues(obj) {
    if (obj === null || obj === undefined) return null;
    if (typeof obj === 'number') return obj;
    return Object.values(obj).reduce((s, v) => s + (Number(v) || 0), 0);
  }

  async function renderOverview(host, params, seq) {
    const head = h('div', { class: 'card-head' },
      h('h1', { text: 'Overview' }),
      h('span', { class: 'spacer' }),
      h('span', { id: 'refreshed-at', class: 'muted small' }),
      h('button', { id: 'refresh-toggle', type: 'button', class: 'btn btn-small', text: state.paused ? 'Resume auto-refresh' : 'Pause auto-refresh' }),
      h('button', { id: 'refresh-now', type: 'button', class: 'btn btn-small', text: 'Refresh' }));
    const body = h('div', { id: 'view-overview', 'data-testid': 'overview' });
    append(host, head, body);

    const refresh = async () => {
      if (seq !== state.renderSeq) return;
      try {
        const [conns, dests, health] = await Promise.all([
          api('GET', '/api/v1/connectors'),
          api('GET', '/api/v1/destinations'),
          api('GET', '/actuator/health', { allow: [503, 404] }).catch(() => ({ status: 0, body: null }))
        ]);
        if (seq !== state.renderSeq) return;
        drawOverview(body, conns.body || [], dests.body || [], health.status === 404 ? null : health.body);
        $('refreshed-at').textContent = 'updated ' + new Date().toLocaleTimeString() + (state.paused ? ' · paused' : ' · every 5 s');
      } catch (e) {
        if (seq === state.renderSeq) showError(e);
      }
      if (seq === state.renderSeq) scheduleRefresh(refresh);
    };
    $('refresh-toggle').addEventListener('click', () => {
      state.paused = !state.paused;
      $('refresh-toggle').textContent = state.paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
      if (state.paused) {
        stopRefresh();
        $('refreshed-at').textContent = $('refreshed-at').textContent.replace(/ · every 5 s$/, ' · paused');
      } else {
        refresh();
      }
    });
    $('refresh-now').addEventListener('click', () => refresh());
    await refresh();
  }

  function drawOverview(host, conns, dests, health) {
    const now = Date.now();
    const values = {};
    let received = 0, published = 0, delivered = 0, deadLetters = 0, failing = 0;

    const connRows = conns.map((c) => {
      const counts = c.counts || {};
      const rec = Number(counts['webhook.accepted'] || 0);
      const pub = Number(counts['published'] || 0);
      received += rec;
      published += pub;
      deadLetters += Number(c.deadLetters || 0);
      values['c:' + c.id + ':received'] = rec;
      values['c:' + c.id + ':published'] = pub;
      const a = assess(c, component(health, 'connectors', c.id));
      if (a.level === 'err' || a.level === 'warn') failing++;
      return h('tr', { class: 'level-' + a.level, 'data-testid': 'connector-row-' + c.id, dataset: { id: c.id, level: a.level } },
        h('td', null, h('strong', { text: c.id }), h('div', { class: 'muted small', text: c.type || '' })),
        h('td', null, healthBadge(a, c.status), c.status && c.status !== 'RUNNING' ? h('div', { class: 'muted small', text: c.status }) : null),
        h('td', { class: 'num', text: fmtNum(rec) }),
        h('td', { class: 'num', text: fmtNum(pub) }),
        h('td', { class: 'num', 'data-testid': 'connector-rate-' + c.id, text: fmtRate(rate('c:' + c.id + ':received', rec, now)) }),
        h('td', { class: 'num', text: fmtNum(sumValues(c.backlog)) }),
        h('td', { class: 'num' }, dlLink('connector', c.id, c.deadLetters)),
        timeCell(c.lastSuccess),
        h('td', { class: 'reason', 'data-testid': 'connector-reason-' + c.id, title: a.past || null, text: a.reason }));
    });

    const destRows = dests.map((d) => {
      const counts = d.counts || {};
      const del = Number(counts['delivered'] || 0);
      delivered += del;
      deadLetters += Number(d.deadLetters || 0);
      values['d:' + d.id + ':delivered'] = del;
      const a = assess(d, component(health, 'destinations', d.id));
      if (a.level === 'err' || a.level === 'warn') failing++;
      return h('tr', { class: 'level-' + a.level, 'data-testid': 'destination-row-' + d.id, dataset: { id: d.id, level: a.level } },
        h('td', null, h('strong', { text: d.id }), h('div', { class: 'muted small ellipsis', title: d.url || null, text: d.url || d.type || '' })),
        h('td', null, healthBadge(a, 'RUNNING')),
        h('td', { class: 'num', text: fmtNum(del) }),
        h('td', { class: 'num', text: fmtNum(counts['retried'] || 0) }),
        h('td', { class: 'num', text: fmtNum(counts['dead-lettered'] || 0) }),
        h('td', { class: 'num', 'data-testid': 'destination-rate-' + d.id, text: fmtRate(rate('d:' + d.id + ':delivered', del, now)) }),
        h('td', { class: 'num', title: d.backlog ? Object.entries(d.backlog).map(([k, v]) => k + ': ' + v).join(', ') : null, text: fmtNum(sumValues(d.backlog)) }),
        h('td', { class: 'num' }, dlLink('destination', d.id, d.deadLetters)),
        timeCell(d.lastSuccess),
        h('td', { class: 'reason', 'data-testid': 'destination-reason-' + d.id, title: a.past || null, text: a.reason }));
    });

    values['t:received'] = received;
    values['t:published'] = published;
    values['t:delivered'] = delivered;
    const overall = health && health.status ? health.status : 'UNKNOWN';
    const tiles = h('div', { class: 'tiles' },
      tile('Hub health', overall, health ? 'actuator/health' : 'health not available', overall === 'UP' ? '' : 'err', 'tile-health'),
      tile('Needs attention', String(failing), failing ? 'connectors and destinations' : 'all channels fine', failing ? 'warn' : '', 'tile-attention'),
      tile('Received', fmtNum(received), fmtRate(rate('t:received', received, now)), '', 'tile-received'),
      tile('Published', fmtNum(published), fmtRate(rate('t:published', published, now)), '', 'tile-published'),
      tile('Delivered', fmtNum(delivered), fmtRate(rate('t:delivered', delivered, now)), '', 'tile-delivered'),
      tile('Dead letters', fmtNum(deadLetters), 'waiting in dead-letter queues', deadLetters ? 'warn' : '', 'tile-dead-letters'));
    state.previous = { at: now, values: values };

    clear(host);
    append(host, tiles,
      h('div', { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', { text: 'Connectors' }), h('span', { class: 'muted small', text: conns.length + ' configured' })),
        conns.length ? h('table', { id: 'connectors-table', 'data-testid': 'connectors-table' },
          h('thead', null, h('tr', null, th('Connector'), th('Health'), th('Received', 'num'), th('Published', 'num'), th('Rate', 'num'),
            th('Backlog', 'num'), th('Dead letters', 'num'), th('Last success'), th('Reason'))),
          h('tbody', null, connRows))
          : h('p', { class: 'empty', text: 'No connectors: add a connector file to the config folder.' })),
      h('div', { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', { text: 'Destinations' }), h('span', { class: 'muted small', text: dests.length + ' configured' })),
        dests.length ? h('table', { id: 'destinations-table', 'data-testid': 'destinations-table' },
          h('thead', null, h('tr', null, th('Destination'), th('Health'), th('Delivered', 'num'), th('Retried', 'num'), th('Dead-lettered', 'num'),
            th('Rate', 'num'), th('Backlog', 'num'), th('Dead letters', 'num'), th('Last success'), th('Reason'))),
          h('tbody', null, destRows))
          : h('p', { class: 'empty', text: 'No destinations: add a destination file to the config folder.' })));
  }

  function th(text, cls) {
    return h('th', { class: cls || null, text: text });
  }

  function tile(label, value, sub, level, testid) {
    return h('div', { class: 'tile' + (level ? ' level-' + level : ''), 'data-testid': testid },
      h('div', { class: 'label', text: label }), h('div', { class: 'value', text: value }), h('div', { class: 'sub', text: sub }));
  }

  function dlLink(kind, id, n) {
    if (n === null || n === undefined) return '—';
    if (!n) return '0';
    return h('a', { href: '#/dead-letters' + qs({ [kind]: id }), 'data-testid': kind + '-dead-letters-' + id, text: fmtNum(n) });
  }

  // ------------------------------------------------------------------------------------------ dead letters

  const FILTERS = [
    ['queue', 'Queue', 'omnihub.dlq.erp'],
    ['destination', 'Destination', 'erp'],
    ['connector', 'Connector', 'shopify-eu'],
    ['type', 'Type', 'io.omnihub.order.*'],
    ['subject', 'Subject', 'shopify-eu:order:*'],
    ['since', 'Failed since', '2026-11-22T08:00:00Z']
  ];

  function tabs(active) {
    return h('div', { class: 'tabs' },
      h('a', { id: 'dl-tab-messages', href: '#/dead-letters', class: active === 'messages' ? 'active' : null, text: 'Messages' }),
      h('a', { id: 'dl-tab-audit', href: '#/dead-letters?tab=audit', class: active === 'audit' ? 'active' : null, text: 'Audit trail' }));
  }

  async function renderDeadLetters(host, params, seq) {
    if (params.get('tab') === 'audit') return renderAudit(host, params, seq);
    const filter = {};
    FILTERS.forEach(([k]) => { if (params.get(k)) filter[k] = params.get(k); });
    const hasFilter = Object.keys(filter).length > 0;

    const form = h('form', { id: 'dl-filters', class: 'filters' },
      FILTERS.map(([k, label, ph]) => h('div', { class: 'field' },
        h('label', { for: 'filter-' + k, text: label }),
        h('input', { id: 'filter-' + k, name: k, placeholder: ph, value: filter[k] || '', spellcheck: 'false' }))),
      h('div', { class: 'actions' },
        h('button', { id: 'dl-apply', type: 'submit', class: 'btn btn-primary', text: 'Apply' }),
        h('button', { id: 'dl-reset', type: 'button', class: 'btn', text: 'Clear' }),
        canOperate() ? h('button', { id: 'dl-replay-all', type: 'button', class: 'btn', disabled: !hasFilter,
          title: hasFilter ? 'Replay every dead letter that matches the filter' : 'Set a filter first: replaying everything is refused', text: 'Replay all matching' }) : null));
    const listCard = h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Dead letters' }),
      h('span', { id: 'dl-count', class: 'muted small' })), h('div', { id: 'dl-list' }, h('p', { class: 'empty', text: 'Loading…' })));
    const detail = h('div', { id: 'dl-detail', class: 'card', 'data-testid': 'dl-detail', hidden: true });
    const split = h('div', { id: 'dl-split', class: 'split' }, listCard, detail);
    append(host, h('h1', { text: 'Dead letters' }), tabs('messages'), h('div', { class: 'card' }, form), split);

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const p = {};
      FILTERS.forEach(([k]) => { p[k] = $('filter-' + k).value; });
      go('dead-letters', p);
    });
    $('dl-reset').addEventListener('click', () => go('dead-letters', {}));
    if ($('dl-replay-all')) {
      $('dl-replay-all').addEventListener('click', () => replayMatching(filter));
    }
    await loadDeadLetters(filter, seq);
  }

  async function loadDeadLetters(filter, seq) {
    const r = await api('GET', '/api/v1/dead-letters' + qs(filter));
    if (seq !== state.renderSeq) return;
    const data = r.body || {};
    const items = data.items || [];
    $('dl-count').textContent = items.length + (data.truncated ? ' shown (more match: narrow the filter)' : ' matching');
    const list = clear($('dl-list'));
    if (!items.length) {
      append(list, h('p', { class: 'empty', id: 'dl-empty', 'data-testid': 'dl-empty', text: 'No dead letters match.' }));
      closeDetail();
      return;
    }
    const rows = items.map((it) => {
      const tr = h('tr', { class: 'clickable', 'data-testid': 'dl-row', dataset: { id: it.id, queue: it.queue, subject: it.subject || '' } },
        timeCell(it.failedAt),
        h('td', null, h('div', { text: it.destination || it.connector || '—' }), h('div', { class: 'muted small', text: it.queue })),
        h('td', { class: 'small col-optional', text: shortType(it.eventType) || it.kind || '' }),
        h('td', { class: 'small mono subject' }, it.subject ? traceLink(it.subject) : '—'),
        h('td', { class: 'reason small col-optional', text: it.errorMessage || it.errorClass || '' }),
        h('td', { class: 'num col-optional', text: it.attempts === undefined || it.attempts === null ? '—' : it.attempts }),
        h('td', { class: 'col-optional' }, it.replayedAt ? badge('replayed before', 'info') : null));
      if (state.selected && state.selected.id === it.id) tr.classList.add('selected');
      tr.addEventListener('click', (ev) => {
        if (ev.target.closest('a')) return;
        document.querySelectorAll('#dl-list tr.selected').forEach((x) => x.classList.remove('selected'));
        tr.classList.add('selected');
        openDetail(it.queue, it.id, false);
      });
      return tr;
    });
    append(list, h('table', { id: 'dl-table', 'data-testid': 'dl-table' },
      h('thead', null, h('tr', null, th('Failed'), th('Where'), th('Type', 'col-optional'), th('Subject'), th('Error', 'col-optional'),
        th('Attempts', 'num col-optional'), th('', 'col-optional'))),
      h('tbody', null, rows)));
    if (state.selected && !items.some((it) => it.id === state.selected.id)) closeDetail();
  }

  function shortType(t) {
    return t ? String(t).replace(/^io\.omnihub\./, '') : '';
  }

  function traceLink(subject) {
    return h('a', { href: '#/trace' + qs({ q: subject }), class: 'trace-link', 'data-testid': 'trace-link', text: subject });
  }

  function closeDetail() {
    state.selected = null;
    const d = $('dl-detail');
    if (d) {
      d.hidden = true;
      clear(d);
    }
    if ($('dl-split')) $('dl-split').classList.remove('with-detail');
  }

  async function openDetail(queue, id, unmasked) {
    state.selected = { queue: queue, id: id };
    const d = $('dl-detail');
    d.hidden = false;
    $('dl-split').classList.add('with-detail');
    clear(d);
    append(d, h('p', { class: 'empty', text: 'Loading…' }));
    let r;
    try {
      r = await api('GET', '/api/v1/dead-letters/' + seg(queue) + '/' + seg(id) + (unmasked ? '?unmasked=true' : ''));
    } catch (e) {
      clear(d);
      append(d, h('p', { class: 'message err', text: e.status === 404 ? 'This dead letter is gone (replayed or discarded meanwhile).' : e.message }));
      return;
    }
    if (!state.selected || state.selected.id !== id) return;
    drawDetail(d, r.body || {}, unmasked);
  }

  function bodyText(v) {
    if (v.body !== undefined && v.body !== null) return typeof v.body === 'string' ? v.body : JSON.stringify(v.body, null, 2);
    if (v.bodyText !== undefined && v.bodyText !== null) {
      try { return JSON.stringify(JSON.parse(v.bodyText), null, 2); } catch (e) { return v.bodyText; }
    }
    if (v.bodyBase64) return '(binary body, base64)\n' + v.bodyBase64;
    return null;
  }

  function drawDetail(d, v, unmasked) {
    clear(d);
    const operate = canOperate();
    const text = bodyText(v);
    const kv = h('dl', { class: 'kv' });
    const row = (k, val, node) => {
      if ((val === null || val === undefined || val === '') && !node) return;
      append(kv, h('dt', { text: k }), h('dd', null, node || String(val)));
    };
    row('Subject', v.subject, v.subject ? traceLink(v.subject) : null);
    row('Message id', v.id, h('span', { class: 'mono small', text: v.id }));
    row('Queue', v.queue);
    row('Kind', v.kind);
    row('Destination', v.destination);
    row('Connector', v.connector);
    row('Event type', v.eventType);
    row('Original queue', v.originalQueue);
    row('Failed at', v.failedAt);
    row('Attempts', v.attempts);
    row('HTTP status', v.errorStatus);
    row('Error', v.errorMessage, h('span', { class: 'reason', style: null, text: v.errorMessage || '' }));
    row('Error class', v.errorClass);
    row('Replayed before', v.replayedAt ? v.replayedAt + ' by ' + (v.replayedBy || '?') : null);
    row('Body', null, h('span', { text: (v.bodyFormat || '?') + ', ' + fmtNum(v.bodySize) + ' bytes' + (v.masked ? ', personal data masked' : '') }));

    const actions = h('div', { class: 'actions' });
    if (operate) {
      append(actions,
        h('button', { id: 'dl-replay', type: 'button', class: 'btn btn-primary', text: 'Replay' }),
        h('button', { id: 'dl-edit', type: 'button', class: 'btn', text: 'Edit and retry' }),
        h('button', { id: 'dl-discard', type: 'button', class: 'btn btn-danger', text: 'Discard' }),
        h('label', { class: 'small', for: 'dl-unmasked' },
          h('input', { id: 'dl-unmasked', type: 'checkbox', checked: unmasked ? true : null }), ' show unmasked (audited)'));
    } else {
      append(actions, h('span', { class: 'muted small', text: 'Your role (' + state.me.role + ') can look but not replay, discard or unmask.' }));
    }
    append(actions, h('span', { class: 'spacer' }), h('button', { id: 'dl-close', type: 'button', class: 'btn btn-small', text: 'Close' }));

    const headers = v.headers && typeof v.headers === 'object' ? v.headers : {};
    const headerRows = Object.keys(headers).sort().map((k) => h('tr', null, h('td', { class: 'mono small', text: k }),
      h('td', { class: 'mono small', text: typeof headers[k] === 'string' ? headers[k] : JSON.stringify(headers[k]) })));

    append(d,
      h('div', { class: 'card-head' }, h('h2', { text: 'Dead letter' }), v.masked === false ? badge('unmasked', 'warn') : badge('masked', 'ok')),
      kv, actions,
      h('div', { id: 'dl-editor', hidden: true },
        h('h3', { text: 'Edit the payload, then send it back to ' + (v.originalQueue || 'its queue') }),
        h('textarea', { id: 'dl-edit-text', spellcheck: 'false' }),
        h('div', { class: 'actions' },
          h('button', { id: 'dl-edit-send', type: 'button', class: 'btn btn-primary', text: 'Send edited payload' }),
          h('button', { id: 'dl-edit-cancel', type: 'button', class: 'btn', text: 'Cancel' }))),
      h('h3', { text: 'Payload' }),
      text !== null
        ? h('pre', { id: 'dl-body', class: 'body', 'data-testid': 'dl-body', text: text })
        : h('p', { id: 'dl-body', class: 'muted', 'data-testid': 'dl-body',
          text: 'Shown as size and hash only (' + fmtNum(v.bodySize) + ' bytes, SHA-256 ' + (v.bodySha256 || '?') + ')' + (operate ? '; tick "show unmasked" for the bytes.' : '.') }),
      headerRows.length ? h('details', null, h('summary', { text: 'Headers and properties (' + headerRows.length + ')' }),
        h('table', { id: 'dl-headers' }, h('tbody', null, headerRows))) : null);

    $('dl-close').addEventListener('click', () => {
      document.querySelectorAll('#dl-list tr.selected').forEach((x) => x.classList.remove('selected'));
      closeDetail();
    });
    if (!operate) return;
    $('dl-unmasked').addEventListener('change', (ev) => openDetail(v.queue, v.id, ev.target.checked));
    $('dl-replay').addEventListener('click', () => replayOne(v));
    $('dl-discard').addEventListener('click', () => discardOne(v));
    $('dl-edit').addEventListener('click', () => startEdit(v, unmasked, text));
    $('dl-edit-cancel').addEventListener('click', () => { $('dl-editor').hidden = true; });
    $('dl-edit-send').addEventListener('click', () => sendEdit(v));
  }

  async function afterChange(level, message) {
    flash(level, message);
    closeDetail();
    const r = route();
    if (r.name === 'dead-letters') {
      const filter = {};
      FILTERS.forEach(([k]) => { if (r.params.get(k)) filter[k] = r.params.get(k); });
      await loadDeadLetters(filter, state.renderSeq).catch(showError);
    }
  }

  async function replayOne(v) {
    $('dl-replay').disabled = true;
    try {
      const r = await api('POST', '/api/v1/dead-letters/' + seg(v.queue) + '/' + seg(v.id) + '/replay');
      const b = r.body || {};
      await afterChange('ok', 'Replayed ' + (v.subject || v.id) + ' to ' + (b.target || 'its original queue')
        + (b.newMessageId ? ' as ' + b.newMessageId : '') + '.');
    } catch (e) {
      if ($('dl-replay')) $('dl-replay').disabled = false;
      flash('err', 'Replay failed: ' + e.message);
    }
  }

  async function discardOne(v) {
    if (!window.confirm('Discard this dead letter for good?\n\n' + (v.subject || '') + '\n' + v.id + '\n\nThis cannot be undone.')) return;
    try {
      await api('DELETE', '/api/v1/dead-letters/' + seg(v.queue) + '/' + seg(v.id));
      await afterChange('ok', 'Discarded ' + (v.subject || v.id) + '.');
    } catch (e) {
      flash('err', 'Discard failed: ' + e.message);
    }
  }

  async function startEdit(v, unmasked, text) {
    let payload = text;
    if (!unmasked) {
      // editing a masked copy would replace personal data with "***": load the real payload (audited)
      try {
        const r = await api('GET', '/api/v1/dead-letters/' + seg(v.queue) + '/' + seg(v.id) + '?unmasked=true');
        payload = bodyText(r.body || {});
      } catch (e) {
        flash('err', 'Could not load the payload to edit: ' + e.message);
        return;
      }
    }
    if (payload === null) {
      flash('warn', 'This dead letter has no payload that can be edited as text.');
      return;
    }
    $('dl-edit-text').value = payload;
    $('dl-editor').hidden = false;
    $('dl-edit-text').focus();
  }

  async function sendEdit(v) {
    const raw = $('dl-edit-text').value;
    try {
      JSON.parse(raw);
    } catch (e) {
      flash('err', 'The edited payload is not valid JSON: ' + e.message);
      return;
    }
    try {
      const r = await api('POST', '/api/v1/dead-letters/' + seg(v.queue) + '/' + seg(v.id) + '/edit', { body: raw, allow: [] });
      const b = r.body || {};
      await afterChange('ok', 'Edited payload sent' + (b.target ? ' to ' + b.target : '') + (b.newMessageId ? ' as ' + b.newMessageId : '') + '.');
    } catch (e) {
      flash('err', 'Edit and retry failed: ' + (e.status === 405 ? 'this hub does not offer edit and retry yet.' : e.message));
    }
  }

  async function replayMatching(filter) {
    const desc = Object.entries(filter).map(([k, val]) => k + '=' + val).join(', ');
    if (!window.confirm('Replay every dead letter matching ' + desc + '?')) return;
    try {
      const r = await api('POST', '/api/v1/dead-letters/replay', { body: filter });
      const b = r.body || {};
      const failed = (b.results || []).filter((x) => x.status === 'FAILED');
      const msg = 'Matched ' + fmtNum(b.matched) + ', replayed ' + fmtNum(b.replayed) + ', failed ' + fmtNum(b.failed)
        + (b.truncated ? ' (more match: run it again)' : '') + '.'
        + (failed.length ? ' First failure: ' + (failed[0].error || failed[0].id) : '');
      await afterChange(b.failed ? 'warn' : 'ok', msg);
    } catch (e) {
      flash('err', 'Bulk replay failed: ' + e.message);
    }
  }

  async function renderAudit(host, params, seq) {
    const action = params.get('action') || '';
    const messageId = params.get('messageId') || '';
    const form = h('form', { id: 'audit-filters', class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'audit-action', text: 'Action' }),
        h('select', { id: 'audit-action' }, ['', 'REPLAY', 'DISCARD', 'EDIT', 'INSPECT_UNMASKED'].map((a) =>
          h('option', { value: a, selected: a === action ? true : null, text: a || 'any' })))),
      h('div', { class: 'field' }, h('label', { for: 'audit-message', text: 'Message id' }),
        h('input', { id: 'audit-message', value: messageId, placeholder: 'ID:…', spellcheck: 'false' })),
      h('button', { type: 'submit', class: 'btn btn-primary', text: 'Apply' }));
    const list = h('div', { id: 'audit-list' }, h('p', { class: 'empty', text: 'Loading…' }));
    append(host, h('h1', { text: 'Dead letters' }), tabs('audit'), h('div', { class: 'card' }, form), h('div', { class: 'card' }, list));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('dead-letters', { tab: 'audit', action: $('audit-action').value, messageId: $('audit-message').value });
    });
    const r = await api('GET', '/api/v1/dead-letters/audit' + qs({ limit: 200, action: action, messageId: messageId }));
    if (seq !== state.renderSeq) return;
    const entries = Array.isArray(r.body) ? r.body : [];
    clear(list);
    if (!entries.length) {
      append(list, h('p', { class: 'empty', text: 'No audited operations yet.' }));
      return;
    }
    append(list, h('table', { id: 'audit-table', 'data-testid': 'audit-table' },
      h('thead', null, h('tr', null, th('When'), th('Actor'), th('Action'), th('Queue'), th('Message'), th('Subject'), th('Detail'))),
      h('tbody', null, entries.map((e) => h('tr', { 'data-testid': 'audit-row' },
        timeCell(e.at),
        h('td', { text: e.actor || '' }),
        h('td', null, badge(e.action || '?', e.action === 'DISCARD' ? 'err' : (e.action === 'INSPECT_UNMASKED' ? 'warn' : 'info'))),
        h('td', { class: 'small', text: e.queue || '' }),
        h('td', { class: 'small mono', text: e.messageId || '' }),
        h('td', { class: 'small mono' }, e.subject ? traceLink(e.subject) : ''),
        h('td', { class: 'small reason', text: e.detail || '' }))))));
  }

  // ------------------------------------------------------------------------------------------ trace

  async function renderTrace(host, params, seq) {
    const q = (params.get('q') || '').trim();
    const form = h('form', { id: 'trace-form', class: 'filters trace-form' },
      h('div', { class: 'field' }, h('label', { for: 'trace-input', text: 'Subject (shopify-eu:order:450789469) or the platform\'s order number' }),
        h('input', { id: 'trace-input', value: q, placeholder: 'shopify-eu:order:450789469 or #1001', spellcheck: 'false' })),
      h('button', { id: 'trace-search', type: 'submit', class: 'btn btn-primary', text: 'Search' }));
    const result = h('div', { id: 'trace-result', 'data-testid': 'trace-result' });
    append(host, h('h1', { text: 'Trace' }), h('div', { class: 'card' }, form), result);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('trace', { q: $('trace-input').value });
    });
    if (!q) {
      append(result, h('p', { class: 'empty', text: 'Every hop of one entity through the hub: received, published, each delivery, dead letters and replays.' }));
      return;
    }
    const path = q.includes(':') ? '/api/v1/trace/' + seg(q) : '/api/v1/trace' + qs({ orderNumber: q });
    const r = await api('GET', path, { allow: [404] });
    if (seq !== state.renderSeq) return;
    const traces = r.status === 404 ? [] : (r.body && Array.isArray(r.body.items) ? r.body.items : (r.body ? [r.body] : []));
    const withHops = traces.filter((t) => t && Array.isArray(t.hops) && t.hops.length);
    if (!withHops.length) {
      append(result, h('div', { class: 'card' }, h('p', { id: 'trace-empty', class: 'empty', 'data-testid': 'trace-empty',
        text: 'No trace for "' + q + '": nothing with this ' + (q.includes(':') ? 'subject' : 'order number') + ' passed through the hub'
          + (r.status === 404 && r.body && r.body.detail ? ' (' + r.body.detail + ')' : '') + '.' })));
      return;
    }
    withHops.forEach((t) => append(result, drawTrace(t)));
  }

  function hopClass(hop) {
    const n = String(hop || '').toUpperCase();
    if (n === 'DEAD_LETTERED' || n.endsWith('_FAILED') || n === 'FAILED' || n === 'DISCARDED') return 'hop-failed';
    if (n === 'REPLAYED' || n === 'EDITED' || n.startsWith('REPLAY')) return 'hop-replayed';
    if (n.endsWith('_RETRIED') || n === 'RETRIED' || n.endsWith('_SKIPPED') || n === 'DUPLICATE') return 'hop-neutral';
    return 'hop-ok';
  }

  function drawTrace(t) {
    const hops = t.hops.slice().sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
    return h('div', { class: 'card trace', 'data-testid': 'trace', dataset: { subject: t.subject || '' } },
      h('div', { class: 'card-head' }, h('h2', { class: 'mono', text: t.subject || '?' }),
        t.orderNumbers && t.orderNumbers.length ? h('span', { class: 'muted', text: 'order ' + t.orderNumbers.join(', ') }) : null,
        h('span', { class: 'spacer' }), h('span', { class: 'muted small', text: hops.length + ' hops' })),
      h('ol', { class: 'timeline', id: 'trace-timeline', 'data-testid': 'trace-timeline' }, hops.map((x) =>
        h('li', { class: hopClass(x.hop), 'data-testid': 'trace-hop', dataset: { hop: x.hop || '' } },
          h('div', { class: 'when', title: x.at || null, text: x.at || '' }),
          h('div', null, h('span', { class: 'hopname', text: x.hop || '?' }),
            h('span', { class: 'meta', text: [x.connector && 'connector ' + x.connector, x.destination && 'destination ' + x.destination,
              shortType(x.eventType)].filter(Boolean).join(' · ') })),
          x.detail ? h('div', { class: 'detail', text: x.detail }) : null,
          x.ref || x.eventId ? h('div', { class: 'meta mono small', text: [x.ref, x.eventId && 'event ' + x.eventId].filter(Boolean).join(' · ') }) : null))));
  }

  // ------------------------------------------------------------------------------------------ config problems

  async function renderProblems(host, params, seq) {
    const body = h('div', { id: 'problems', 'data-testid': 'problems' }, h('p', { class: 'empty', text: 'Loading…' }));
    append(host, h('h1', { text: 'Config problems' }), h('div', { class: 'card' }, body));
    const r = await api('GET', '/api/v1/config/problems');
    if (seq !== state.renderSeq) return;
    const files = r.body && typeof r.body === 'object' ? Object.entries(r.body) : [];
    clear(body);
    if (!files.length) {
      append(body, h('p', { class: 'empty', id: 'problems-none', text: 'No problems: every file in the config folder is valid.' }));
      return;
    }
    append(body, h('p', { class: 'muted', text: 'A file with problems keeps running its last valid version (or is not started if it never had one).' }),
      files.map(([file, msgs]) => h('div', { class: 'problem-file', 'data-testid': 'problem-file', dataset: { file: file } },
        h('strong', { class: 'mono', text: file }),
        h('ul', null, (Array.isArray(msgs) ? msgs : [msgs]).map((m) => h('li', { text: m }))))));
  }

  // ------------------------------------------------------------------------------------------ start

  function start() {
    $('login-form').addEventListener('submit', onLogin);
    const kindChanged = () => {
      const key = $('login-kind-key').checked;
      $('login-key-fields').hidden = !key;
      $('login-password-fields').hidden = key;
    };
    $('login-kind-key').addEventListener('change', kindChanged);
    $('login-kind-password').addEventListener('change', kindChanged);
    $('logout').addEventListener('click', () => logout('Signed out.'));
    window.addEventListener('hashchange', render);
    document.addEventListener('click', (ev) => {
      // a click on a nav link to the view already shown reloads it (and its flash is kept)
      const a = ev.target.closest('a[href^="#/"]');
      if (a && a.getAttribute('href') === window.location.hash) {
        ev.preventDefault();
        render();
      }
    });
    state.credential = loadCredential();
    if (!state.credential) {
      showLogin(null);
      return;
    }
    whoAmI().then((me) => {
      state.me = me;
      showApp();
    }).catch((e) => {
      state.credential = null;
      saveCredential(null);
      showLogin(e.status === 401 ? 'Please sign in again.' : e.message);
    });
  }

  start();
})();
