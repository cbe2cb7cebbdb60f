// Lifeboat's dashboard: plain JavaScript against the REST API, no dependency, nothing fetched from elsewhere.
// The page logs in with a form (an HTTP-only cookie), follows the cluster through /api/v1/events (server-sent events)
// and shows what the caller's roles allow; the API checks the roles again on every request.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { session: null, status: null, events: null, journalPage: 0, lastActionKey: null, ruleCode: null,
  cluster: null };
const OPERATOR = 'operator';
const POLICY_ADMIN = 'policy-admin';
const HOST_STATES = ['UP', 'SUSPECT', 'FENCING', 'FENCED', 'DOWN', 'MAINTENANCE'];

/** An element with attributes and children; strings become text (never HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function can(role) {
  return state.session !== null && state.session.roles.includes(role);
}

// What belongs to one cluster: under /api/v1/clusters/{cluster}/ when the deployment has several.
const PER_CLUSTER = ['cluster', 'hosts', 'vms', 'failover-domains', 'status', 'events', 'violations', 'explain',
  'journal'];

/** The path of the chosen cluster's resource, when a cluster is chosen (the deployment has several). */
function scoped(path) {
  const first = path.split('/')[3];
  if (state.cluster === null || !path.startsWith('/api/v1/') || !PER_CLUSTER.includes(first.split('?')[0])) return path;
  return '/api/v1/clusters/' + encodeURIComponent(state.cluster) + path.slice('/api/v1'.length);
}

/** Calls the API; a refusal becomes an Error carrying the API's code and field. */
async function api(method, unscoped, body, contentType = 'application/json', headers = {}) {
  const path = scoped(unscoped);
  const init = { method, headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...headers },
    credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    showLogin('Your login has ended; log in again.');
    throw Object.assign(new Error('not logged in'), { status: 401 });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (notJson) {
    data = { message: text };
  }
  if (!response.ok) {
    const error = new Error(data && data.message ? data.message : 'HTTP ' + response.status);
    Object.assign(error, { status: response.status, code: data && data.code, field: data && data.field, data });
    throw error;
  }
  return { data, etag: response.headers.get('ETag') };
}

// ---------------------------------------------------------------- login
function showLogin(message) {
  if (state.events) state.events.close();
  state.session = null;
  $('login').hidden = false;
  $('tabs').hidden = true;
  $('views').hidden = true;
  $('logout').hidden = true;
  $('whoami').textContent = '';
  $('login-error').textContent = message || '';
  // Nothing the previous user saw stays in the page.
  for (const id of ['map', 'not-running', 'findings', 'journal-rows', 'timeline', 'whatif-result', 'rules', 'reloads',
    'edit-form', 'document', 'explain-body', 'drl-errors']) {
    $(id).replaceChildren();
  }
  $('summary').textContent = '';
  $('explain').hidden = true;
  state.status = null;
  $('login-user').focus();
}

async function logIn(event) {
  event.preventDefault();
  const form = new URLSearchParams(new FormData($('login-form')));
  const response = await fetch('/j_security_check', { method: 'POST', body: form, credentials: 'same-origin',
    headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  if (!response.ok) {
    $('login-error').textContent = 'Wrong user or password.';
    return;
  }
  $('login-password').value = '';
  await start();
}

async function logOut() {
  await fetch('/api/v1/session/logout', { method: 'POST', credentials: 'same-origin',
    headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  showLogin('Logged out.');
}

async function start() {
  let session;
  try {
    session = (await api('GET', '/api/v1/session')).data;
  } catch (e) {
    if (e.status !== 401) showLogin('Lifeboat did not answer: ' + e.message);
    return;
  }
  state.session = session;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('views').hidden = false;
  $('logout').hidden = false;
  $('whoami').textContent = session.user + ' (' + session.roles.join(', ') + ')';
  $('editor').hidden = !can(POLICY_ADMIN);
  await pickCluster();
  follow();
  showTab(location.hash.replace('#', '') || 'cluster');
}

/** With several clusters, a picker (the choice kept in the page's address); with one, the unscoped paths. */
async function pickCluster() {
  const names = (await api('GET', '/api/v1/clusters')).data.map((c) => c.name);
  const wanted = new URLSearchParams(location.search).get('cluster');
  state.cluster = names.length > 1 ? (names.includes(wanted) ? wanted : names[0]) : null;
  $('cluster-pick-label').hidden = names.length < 2;
  $('cluster-pick').replaceChildren(...names.map((n) => el('option', { value: n, selected: n === state.cluster }, n)));
}

function clusterPicked() {
  state.cluster = $('cluster-pick').value;
  const search = new URLSearchParams(location.search);
  search.set('cluster', state.cluster);
  history.replaceState(null, '', '?' + search + location.hash);
  state.status = null;
  state.journalPage = 0;
  $('explain').hidden = true;
  follow();
  showTab(location.hash.replace('#', '') || 'cluster');
}

// ---------------------------------------------------------------- live status
function follow() {
  if (state.events) state.events.close();
  const source = new EventSource(scoped('/api/v1/events'));
  state.events = source;
  source.onopen = () => setLive(true);
  source.onmessage = (message) => {
    setLive(true);
    render(JSON.parse(message.data));
  };
  source.onerror = async () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED) {
      // Refused (the login ended) or the server went away: ask who we are, which shows the login if needed.
      setTimeout(() => start(), 2000);
    }
  };
}

function setLive(on) {
  $('live').textContent = on ? 'live' : 'reconnecting…';
  $('live').classList.toggle('on', on);
}

function render(status) {
  state.status = status;
  const replica = status.replica && status.replica.enabled ? ' · replica ' + status.replica.replica
    + (status.replica.leading ? ' (leading, token ' + status.replica.token + ')' : ' (standing by)') : '';
  $('cluster-name').textContent = (status.cluster ? 'cluster ' + status.cluster : 'no cluster managed here') + replica;
  renderMap($('map'), status.hosts, status.vms, { operations: can(OPERATOR) });
  renderNotRunning(status.vms);
  renderFindings(status.violations, status.advice);
  const counts = HOST_STATES.map((s) => [s, status.hosts.filter((h) => h.state === s).length]).filter(([, n]) => n > 0);
  $('summary').textContent = status.hosts.length + ' hosts (' + counts.map(([s, n]) => n + ' ' + s).join(', ') + '), '
    + status.vms.length + ' VMs, ' + status.vms.filter((v) => v.state === 'RUNNING').length + ' running';
  renderWhatIfHosts(status.hosts);
  const newest = status.recentActions.length ? status.recentActions[0].key : null;
  if (newest !== state.lastActionKey) {
    state.lastActionKey = newest;
    if (!$('view-journal').hidden) loadJournal();
  }
}

/** The map: a card per host with its bars and its VMs; {@code moved} marks VMs a what-if moves. */
function renderMap(container, hosts, vms, options = {}) {
  const byHost = new Map(hosts.map((h) => [h.name, []]));
  for (const vm of vms) {
    const where = vm.host || (vm.state === 'BLOCKED' ? vm.lastHost : null); // a blocked VM stays drawn where it ran
    if (where && byHost.has(where) && vm.state !== 'STOPPED') byHost.get(where).push(vm);
  }
  const focus = focusedButton(container);
  container.replaceChildren(...hosts.map((host) => hostCard(host, byHost.get(host.name), options)));
  if (focus) {
    const again = container.querySelectorAll('[data-host="' + CSS.escape(focus.host) + '"] button')[focus.index];
    if (again) again.focus();
  }
}

/** Which button of which host card has the keyboard's focus, so that a live update does not take it away. */
function focusedButton(container) {
  const active = document.activeElement;
  const card = active && container.contains(active) ? active.closest('[data-host]') : null;
  if (!card) return null;
  return { host: card.dataset.host, index: [...card.querySelectorAll('button')].indexOf(active) };
}

function hostCard(host, vms, options) {
  const card = el('article', { class: 'host state-' + host.state, 'data-host': host.name, 'data-state': host.state,
    'aria-label': 'Host ' + host.name + ', ' + host.state },
  el('header', {},
    el('button', { type: 'button', class: 'name', onclick: () => explain('host', host.name),
      'aria-label': 'Why is ' + host.name + ' ' + host.state + '?' }, host.name),
    el('span', { class: 'badge' }, host.state),
    host.reason ? el('span', { class: 'muted' }, host.reason) : null));
  if (host.capacity) {
    const c = host.capacity;
    card.append(meter('Memory', 'MiB', host.memoryUsedMiB, c.memoryInFlightMiB, c.memoryReservedMiB, c.memoryLimitMiB),
      meter('vCPUs', '', host.vcpusUsed, c.vcpusInFlight, c.vcpusReserved, c.vcpuLimit));
  }
  card.append(el('ul', { class: 'vms', 'aria-label': 'VMs on ' + host.name },
    vms.map((vm) => el('li', {}, vmButton(vm, options.moved && options.moved.has(vm.name))))));
  if (options.operations) card.append(hostOperations(host));
  return card;
}

function meter(label, unit, used, inFlight, reserved, limit) {
  const scale = Math.max(limit, used + inFlight + reserved, 1);
  const pct = (x) => (100 * x / scale).toFixed(1) + '%';
  const text = label + ': ' + used + (unit ? ' ' + unit : '') + ' used, ' + inFlight + ' in flight, ' + reserved
    + ' reserved for failover, limit ' + limit;
  return el('div', { class: 'meter' },
    el('div', { class: 'bar', role: 'img', 'aria-label': text },
      el('span', { class: 'used', style: 'left:0;width:' + pct(used) }),
      el('span', { class: 'inflight', style: 'left:' + pct(used) + ';width:' + pct(inFlight) }),
      el('span', { class: 'reserved', style: 'left:' + pct(used + inFlight) + ';width:' + pct(reserved) }),
      el('span', { class: 'limit', style: 'left:calc(' + pct(limit) + ' - 2px)' })),
    el('span', {}, text));
}

function vmButton(vm, moved) {
  const words = [vm.name, vm.state, vm.ha ? 'HA' : null, vm.priority ? 'priority ' + vm.priority : null].filter(Boolean);
  return el('button', { type: 'button', class: 'vm state-' + vm.state + (moved ? ' whatif-moved' : ''),
    'data-vm': vm.name, 'data-state': vm.state, onclick: () => explain('vm', vm.name),
    title: vm.reason ? vm.reason.code + ': ' + vm.reason.message : 'Why is ' + vm.name + ' ' + vm.state + '?' },
  words.join(' · '));
}

function hostOperations(host) {
  const name = host.name;
  const ops = el('div', { class: 'ops', 'aria-label': 'Operations on ' + name });
  if (host.state === 'MAINTENANCE') {
    ops.append(operation('Maintenance off', 'Take ' + name + ' out of maintenance: Lifeboat may place VMs on it again.',
      'DELETE', '/api/v1/hosts/' + enc(name) + '/maintenance'));
  } else {
    ops.append(operation('Maintenance on', 'Put ' + name + ' in maintenance: its VMs are live-migrated away and nothing'
      + ' new is placed on it.', 'POST', '/api/v1/hosts/' + enc(name) + '/maintenance'));
  }
  ops.append(operation('Fence test', 'Ask every fence device of ' + name + ' for its power status. Nothing is powered'
    + ' off.', 'POST', '/api/v1/hosts/' + enc(name) + '/fence/test'));
  if (host.state === 'DOWN') {
    // Only where fencing failed or cannot run: a suspect or fencing host may be partitioned and still running its VMs.
    ops.append(operation('Confirm fenced', 'Confirm that you have powered ' + name + ' off yourself (checked at its'
      + ' console or PDU). Lifeboat then restarts its HA VMs elsewhere: confirming a host that is still on runs its'
      + ' VMs twice. Type the host\'s name to confirm.', 'POST', '/api/v1/hosts/' + enc(name) + '/fence/ack', name));
  }
  return ops;
}

function operation(label, consequence, method, path, typed) {
  return el('button', { type: 'button', onclick: () => confirmThen(consequence, async () => {
    const answer = await api(method, path);
    return answer.data && answer.data.message ? answer.data.message : label + ': done';
  }, typed) }, label);
}

function enc(text) {
  return encodeURIComponent(text);
}

/**
 * Asks before acting (the focus starts on Cancel); with {@code typed}, only once that text is typed. Says what
 * happened, or why it was refused.
 */
function confirmThen(consequence, act, typed) {
  const dialog = $('confirm');
  $('confirm-text').textContent = consequence;
  const field = $('confirm-typed');
  field.value = '';
  field.hidden = !typed;
  $('confirm-typed-label').hidden = !typed;
  $('confirm-ok').disabled = Boolean(typed);
  field.oninput = () => { $('confirm-ok').disabled = field.value !== typed; };
  dialog.returnValue = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok' || (typed && field.value !== typed)) return;
    try {
      flash(await act());
    } catch (e) {
      if (e.status !== 401) flash('Refused: ' + (e.code ? e.code + ': ' : '') + e.message);
    }
  };
  dialog.showModal();
  (typed ? field : $('confirm-cancel')).focus();
}

function flash(message) {
  $('summary').textContent = message;
}

function renderNotRunning(vms) {
  const waiting = vms.filter((vm) => vm.state !== 'RUNNING');
  $('not-running').replaceChildren(...(waiting.length ? waiting.map((vm) => el('li', { 'data-vm': vm.name },
    vmButton(vm, false), ' ', vm.reason ? el('span', {}, vm.reason.code + ': ' + vm.reason.message) : null,
    can(OPERATOR) && vm.state === 'STOPPED' // a blocked VM waits for its host's fence or for room, never a click
      ? el('button', { type: 'button', onclick: () => confirmThen('Start ' + vm.name + ': Lifeboat places it on the best'
        + ' eligible host, unless that would break the failover reserve (then it is refused).',
      async () => (await api('POST', '/api/v1/vms/' + enc(vm.name) + '/start')).data.message) }, 'Start ' + vm.name)
      : null)) : [el('li', {}, 'Every VM runs.')]));
}

function renderFindings(violations, advice) {
  const rows = violations.map((v) => ({ level: v.severity, ...v }))
    .concat(advice.map((a) => ({ level: 'ADVICE', ...a })));
  $('findings').replaceChildren(...(rows.length ? rows.map((f) => el('li', {},
    el('span', { class: 'sev sev-' + f.level }, f.level), ' ',
    el('a', { href: '#policy', onclick: () => { state.ruleCode = f.code; } }, f.code), ' ',
    el('span', { class: 'muted' }, f.subject), ' — ', f.message)) : [el('li', {}, 'No violation, no advice.')]));
}

// ---------------------------------------------------------------- why
async function explain(kind, name) {
  const body = $('explain-body');
  $('explain-title').textContent = 'Why: ' + kind + ' ' + name;
  body.replaceChildren(el('p', {}, 'Loading…'));
  $('explain').hidden = false;
  $('explain-close').focus();
  try {
    const why = (await api('GET', '/api/v1/explain/' + kind + '/' + enc(name))).data;
    body.replaceChildren(
      el('p', {}, el('strong', {}, why.state || ''), why.host ? ' on ' + why.host : ''),
      why.reason ? el('p', { class: 'reason' }, why.reason.code + ': ' + why.reason.message) : null,
      el('h3', {}, 'Rules that fired'),
      el('ol', { class: 'chain' }, (why.chain || []).map((step) => el('li', {},
        el('strong', {}, step.rule), ' ', el('span', { class: 'muted' }, step.ruleName + ' at ' + time(step.at)),
        el('ul', {}, (step.matched || []).map((fact) => el('li', {}, fact)))))),
      el('h3', {}, 'Actions and outcomes'),
      el('ul', {}, (why.actions || []).map((a) => el('li', {}, time(a.recordedAt) + ' ' + a.type + ' ' + a.subject
        + ' — ' + a.status + (a.outcome ? ': ' + a.outcome : '') + (a.rule ? ' [' + a.rule + ']' : '')))));
  } catch (e) {
    body.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

// ---------------------------------------------------------------- journal
async function loadJournal() {
  const params = new URLSearchParams({ page: state.journalPage, size: 25 });
  for (const [key, value] of new FormData($('journal-filter'))) {
    if (value) params.set(key, key === 'from' || key === 'to' ? new Date(value).toISOString() : value);
  }
  try {
    const page = (await api('GET', '/api/v1/journal?' + params)).data;
    $('journal-error').textContent = '';
    $('journal-caption').textContent = page.total + ' entries; page ' + (page.page + 1);
    $('journal-rows').replaceChildren(...page.entries.map((e) => el('tr', {},
      el('td', {}, time(e.recordedAt)), el('td', {}, e.type), el('td', {}, e.subject), el('td', {}, e.actor),
      el('td', {}, e.rule || ''), el('td', {}, e.reason || ''),
      el('td', {}, e.status + (e.outcome ? ': ' + e.outcome : '')))));
    $('journal-prev').disabled = page.page === 0;
    $('journal-next').disabled = (page.page + 1) * page.size >= page.total;
  } catch (e) {
    if (e.status !== 401) $('journal-error').textContent = (e.field ? e.field + ': ' : '') + e.message;
  }
  loadTimeline();
}

/** Each fence and the restarts that followed it, with how long each step took. */
async function loadTimeline() {
  const fences = (await api('GET', '/api/v1/journal?type=FENCE_HOST&size=10')).data.entries
    .filter((f) => f.status === 'SUCCEEDED' && f.completedAt);
  const starts = (await api('GET', '/api/v1/journal?type=START_VM&size=200')).data.entries;
  const seconds = (a, b) => ((new Date(b) - new Date(a)) / 1000).toFixed(1) + ' s';
  $('timeline').replaceChildren(...(fences.length ? fences.map((fence) => {
    const fenced = new Date(fence.completedAt);
    const after = starts.filter((s) => s.completedAt && new Date(s.recordedAt) >= fenced
      && new Date(s.recordedAt) - fenced < 15 * 60 * 1000);
    const last = after.reduce((m, s) => (m && m.completedAt > s.completedAt ? m : s), null);
    return el('li', {}, el('strong', {}, fence.subject), ': fence decided ' + time(fence.recordedAt)
      + ' → fenced after ' + seconds(fence.recordedAt, fence.completedAt)
      + (last ? ' → ' + after.length + ' VMs restarted, the last ' + seconds(fence.completedAt, last.completedAt)
        + ' after the fence' : ' → no restart yet'));
  }) : [el('li', {}, 'No failover yet.')]));
}

// ---------------------------------------------------------------- what-if
function renderWhatIfHosts(hosts) {
  const box = $('whatif-hosts');
  const chosen = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  const names = hosts.map((h) => h.name).join(',');
  if (box.dataset.names === names) return;
  box.dataset.names = names;
  box.replaceChildren(...hosts.map((h) => el('label', {}, el('input', { type: 'checkbox', name: 'host', value: h.name,
    checked: chosen.has(h.name) }), ' ' + h.name)));
}

async function whatIf(event) {
  event.preventDefault();
  const hosts = [...$('whatif-hosts').querySelectorAll('input:checked')].map((i) => i.value);
  if (!hosts.length) {
    $('whatif-error').textContent = 'Choose at least one host.';
    return;
  }
  $('whatif-error').textContent = '';
  $('whatif-result').replaceChildren(el('p', {}, 'Simulating…'));
  try {
    const plan = (await api('POST', '/api/v1/cluster/what-if',
      { events: hosts.map((host) => ({ at: 0, type: 'HOST_DOWN', host })) })).data;
    const before = new Map((state.status ? state.status.vms : []).map((v) => [v.name, v.host]));
    const moved = new Set(plan.vms.filter((v) => v.host && before.get(v.name) !== v.host).map((v) => v.name));
    const map = el('div', { class: 'map', id: 'whatif-map' });
    renderMap(map, plan.hosts.map((h) => ({ ...h, capacity: null })), plan.vms.map((v) => ({ ...v, ha: false })),
      { moved });
    const blocked = plan.vms.filter((v) => v.state !== 'RUNNING');
    $('whatif-result').replaceChildren(
      el('h3', {}, 'If ' + hosts.join(', ') + ' failed (simulated; nothing was touched)'),
      el('p', {}, 'Fenced: ' + (plan.actions.filter((a) => a.type === 'FENCE_HOST').map((a) => a.host + ' ('
        + a.outcome + ')').join(', ') || 'none') + '. Moved VMs are outlined.'),
      map,
      el('h4', {}, 'Would not run'),
      el('ul', { class: 'plain', id: 'whatif-blocked' }, blocked.length ? blocked.map((v) => el('li', {}, v.name + ' '
        + v.state + (v.reason ? ' — ' + v.reason.code + ': ' + v.reason.message : ''))) : el('li', {}, 'none')),
      el('h4', {}, 'Actions'),
      el('ol', {}, plan.actions.map((a) => el('li', {}, a.at + ' s ' + a.type + ' ' + (a.vm || a.host || a.subject || '')
        + (a.host && a.vm ? ' on ' + a.host : '') + ' → ' + (a.outcome || '') + (a.rule ? ' [' + a.rule + ']' : '')))));
  } catch (e) {
    $('whatif-result').replaceChildren();
    if (e.status !== 401) $('whatif-error').textContent = (e.field ? e.field + ': ' : '') + e.message;
  }
}

// ---------------------------------------------------------------- policy
async function loadPolicy() {
  const policy = (await api('GET', '/api/v1/policies')).data;
  const reload = policy.lastReload;
  $('policy-status').textContent = 'Version ' + policy.version + ', ' + policy.rules.length + ' rules, loaded '
    + time(policy.loadedAt) + (reload ? '. Last reload ' + time(reload.at) + ' (' + reload.trigger + '): '
      + (reload.applied ? 'applied' : 'refused, the previous rules stay live') : '');
  const code = state.ruleCode;
  $('rules-filter').textContent = code ? 'Rules that raise ' + code : 'Every rule';
  const rules = policy.rules.filter((r) => !code || (r.metadata && r.metadata.code === code));
  $('rules').replaceChildren(...rules.map((r) => el('tr', { 'data-rule': r.id },
    el('td', {}, el('strong', {}, r.id), el('br'), r.name), el('td', {}, r.file),
    el('td', {}, r.metadata && r.metadata.code ? r.metadata.code + ' ' + (r.metadata.severity || '') : ''),
    el('td', {}, r.description))));
  const reloads = (await api('GET', '/api/v1/journal?type=POLICY_RELOAD&size=10')).data.entries;
  $('reloads').replaceChildren(...(reloads.length ? reloads.map((r) => el('li', {}, time(r.recordedAt) + ' by '
    + r.actor + ': ' + (r.outcome || r.reason || r.status))) : [el('li', {}, 'No reload yet.')]));
}

let validateTimer = null;

function drlChanged() {
  renderLines([]);
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateDrl, 400);
}

async function validateDrl() {
  try {
    const report = (await api('POST', '/api/v1/policies/validate?name=' + enc($('drl-name').value),
      $('drl-text').value, 'text/plain')).data;
    showReport(report);
  } catch (e) {
    if (e.status !== 401) $('drl-verdict').textContent = (e.field ? e.field + ': ' : '') + e.message;
  }
}

function showReport(report) {
  $('drl-verdict').textContent = report.valid ? 'Valid: ' + report.rules + ' rules would be live.'
    : report.errors.length + ' error(s): the live rules would stay as they are.';
  $('drl-errors').replaceChildren(...report.errors.map((e) => el('li', { 'data-line': e.line },
    'line ' + e.line + (e.rule ? ' (rule ' + e.rule + ')' : '') + ': ' + e.message)));
  renderLines(report.errors.map((e) => e.line));
}

function renderLines(bad) {
  const count = $('drl-text').value.split('\n').length;
  const marked = new Set(bad);
  $('drl-lines').replaceChildren(...Array.from({ length: count }, (_, i) => el('span',
    { class: marked.has(i + 1) ? 'bad' : null, style: 'display:block' }, String(i + 1))));
}

async function uploadDrl() {
  const name = $('drl-name').value;
  try {
    const report = (await api('PUT', '/api/v1/policies/files/' + enc(name), $('drl-text').value, 'text/plain')).data;
    $('drl-upload-result').textContent = name + ' is live: version ' + report.version + '.';
    showReport(report.report);
    loadPolicy();
  } catch (e) {
    if (e.status === 401) return;
    $('drl-upload-result').textContent = 'Refused: ' + (e.code ? e.code + ': ' : '') + e.message;
    if (e.data && e.data.report) showReport(e.data.report);
  }
}

// ---------------------------------------------------------------- configuration
async function loadConfig() {
  const answer = await api('GET', '/api/v1/cluster');
  const doc = answer.data;
  state.configVersion = answer.etag;
  $('document').textContent = JSON.stringify(doc, null, 2);
  const select = $('edit-what');
  const current = select.value;
  select.replaceChildren(...(doc.hosts || []).map((h) => el('option', { value: 'hosts/' + h.name }, 'host ' + h.name)),
    ...(doc.vms || []).map((v) => el('option', { value: 'vms/' + v.name }, 'VM ' + v.name)));
  if (current) select.value = current;
  await loadItem();
}

/** A form for one host or VM: a field per property; lists and objects (fence devices among them) as JSON. */
async function loadItem() {
  const what = $('edit-what').value;
  const form = $('edit-form');
  if (!what) {
    form.replaceChildren();
    return;
  }
  const item = (await api('GET', '/api/v1/' + what)).data;
  const editable = can(OPERATOR);
  form.replaceChildren(...Object.entries(item).map(([key, value]) => {
    const id = 'field-' + key;
    const structured = value !== null && typeof value === 'object';
    const input = structured
      ? el('textarea', { id, name: key, rows: 3, 'data-json': true, 'aria-describedby': id + '-error',
        readonly: !editable }, JSON.stringify(value))
      : el('input', { id, name: key, value: value, 'data-kind': typeof value, 'aria-describedby': id + '-error',
        readonly: !editable || key === 'name' });
    return el('div', {}, el('label', { for: id }, key), input,
      el('div', { id: id + '-error', class: 'field-error', role: 'alert' }));
  }), editable ? el('button', { type: 'submit' }, 'Save') : el('p', { class: 'muted' }, 'Operators can edit.'));
  form.onsubmit = (event) => saveItem(event, what);
}

async function saveItem(event, what) {
  event.preventDefault();
  const form = $('edit-form');
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  const body = {};
  try {
    for (const input of form.querySelectorAll('input, textarea')) {
      const text = input.value;
      if (input.dataset.json !== undefined) body[input.name] = JSON.parse(text);
      else if (input.dataset.kind === 'number') body[input.name] = text === '' ? null : Number(text);
      else if (input.dataset.kind === 'boolean') body[input.name] = text === 'true';
      else body[input.name] = text === '' ? null : text;
    }
  } catch (e) {
    $('edit-result').textContent = 'Not valid JSON: ' + e.message;
    return;
  }
  try {
    // Conditional on the version shown: an edit made meanwhile by someone else is not overwritten (412).
    await api('PUT', '/api/v1/' + what, body, 'application/json',
      state.configVersion ? { 'If-Match': state.configVersion } : {});
    $('edit-result').textContent = 'Saved ' + what + '.';
    loadConfig();
  } catch (e) {
    if (e.status === 401) return;
    $('edit-result').textContent = 'Refused: ' + (e.code ? e.code + ': ' : '') + e.message;
    const key = e.field ? e.field.split('/')[1] : null;
    const slot = key ? $('field-' + key + '-error') : null;
    if (slot) {
      slot.textContent = e.message + (e.field ? ' (' + e.field + ')' : '');
      $('field-' + key).focus();
    }
  }
}

// ---------------------------------------------------------------- tabs
function showTab(name) {
  const tabs = ['cluster', 'journal', 'whatif', 'policy', 'config'];
  const tab = tabs.includes(name) ? name : 'cluster';
  for (const t of tabs) {
    $('view-' + t).hidden = t !== tab;
    document.querySelector('[data-tab="' + t + '"]').toggleAttribute('aria-current', t === tab);
    if (t === tab) document.querySelector('[data-tab="' + t + '"]').setAttribute('aria-current', 'page');
  }
  const load = { journal: loadJournal, policy: loadPolicy, config: loadConfig }[tab];
  if (load) load().catch((e) => { if (e.status !== 401) flash(e.message); });
  if (tab !== 'policy') state.ruleCode = null;
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', logIn);
  $('logout').addEventListener('click', logOut);
  $('cluster-pick').addEventListener('change', clusterPicked);
  $('tabs').addEventListener('click', (event) => {
    const tab = event.target.dataset.tab;
    if (tab) location.hash = tab;
  });
  window.addEventListener('hashchange', () => state.session && showTab(location.hash.replace('#', '')));
  $('explain-close').addEventListener('click', () => { $('explain').hidden = true; });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') $('explain').hidden = true; });
  $('journal-filter').addEventListener('submit', (event) => { event.preventDefault(); state.journalPage = 0; loadJournal(); });
  $('journal-prev').addEventListener('click', () => { state.journalPage = Math.max(0, state.journalPage - 1); loadJournal(); });
  $('journal-next').addEventListener('click', () => { state.journalPage += 1; loadJournal(); });
  $('whatif-form').addEventListener('submit', whatIf);
  $('drl-text').addEventListener('input', drlChanged);
  $('drl-name').addEventListener('change', drlChanged);
  $('drl-upload').addEventListener('click', uploadDrl);
  $('edit-what').addEventListener('change', () => loadItem());
  start();
});
