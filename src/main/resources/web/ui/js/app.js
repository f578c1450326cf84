// HinksBot web UI: wires the sidebar, the chat view, settings, stats and the health banner together.
// Routes: #/chat/{sessionId} opens a chat, #/chat/{sessionId}/m/{messageId} jumps to a message; no hash = new chat.
import { $, toast } from './dom.js';
import { auth, askForKey } from './auth.js';
import { ApiError, allMessages, sessionsApi, systemApi } from './api.js';
import { ChatSocket } from './chat-socket.js';
import { ChatView } from './chat-view.js';
import { Sidebar } from './sidebar.js';
import { SettingsPanel } from './settings-panel.js';
import { StatsDashboard } from './stats-dashboard.js';
import { HealthBanner } from './health-banner.js';

const el = {
  app: $('#app'),
  prompt: $('#prompt'),
  composer: $('#composer'),
  send: $('#send'),
  stop: $('#stop'),
  retry: $('#retry'),
  hint: $('#composer-hint'),
  title: $('#chat-title'),
  model: $('#model-badge'),
  rename: $('#rename-chat'),
  exportToggle: $('#export-toggle'),
  exportMenu: $('#export-menu'),
  sidebarToggle: $('#toggle-sidebar'),
  scrim: $('#scrim'),
};

const state = { sessionId: null, session: null, socket: null, healthModel: null, opening: 0 };

const chat = new ChatView($('#transcript'), {
  onRunState: (running) => {
    el.send.hidden = running;
    el.stop.hidden = !running;
    updateRetry();
  },
  onRunEnd: () => {
    sidebar.refresh().catch(() => {});
    updateRetry();
  },
  onModelError: (code) => {
    if (code.startsWith('model_')) health.check();
  },
  onApproval: (frame, approved) => state.socket?.send({
    type: 'approval', request_id: frame.request_id, tool_call_id: frame.tool_call_id, approved }),
});

const sidebar = new Sidebar({ list: $('#session-list'), search: $('#search') }, {
  onOpen: (id, messageId) => {
    closeSidebar();
    location.hash = messageId ? `#/chat/${encodeURIComponent(id)}/m/${encodeURIComponent(messageId)}` : `#/chat/${encodeURIComponent(id)}`;
  },
  onDeleted: (id) => {
    if (id === state.sessionId) location.hash = '';
  },
  onRenamed: (session) => {
    if (session.id === state.sessionId) showSession(session);
  },
});

const settings = new SettingsPanel($('#settings-dialog'), {
  onSaved: (scope, result) => {
    if (scope === 'session') showSession(result);
    else health.check();
  },
});
const stats = new StatsDashboard($('#stats-dialog'), $('#stats-body'), $('#stats-days'));
const health = new HealthBanner($('#health-banner'), {
  onModel: (model) => {
    state.healthModel = model;
    showModel();
  },
});

// ---------- chats ----------

function showModel() {
  const model = state.session?.model || state.healthModel || '';
  el.model.textContent = model.split('/').pop(); // llama-server may name its model by file path
  el.model.title = model ? `Model: ${model}` : '';
}

function showSession(session) {
  state.session = session;
  el.title.textContent = session ? session.title : 'New chat';
  document.title = session ? `${session.title} · HinksBot` : 'HinksBot';
  el.rename.disabled = !session;
  el.exportToggle.disabled = !session;
  showModel();
}

function closeSocket() {
  state.socket?.close();
  state.socket = null;
}

function openSocket(id) {
  state.socket = new ChatSocket(id, {
    onFrame: (frame) => chat.handleFrame(frame),
    onState: (s) => { el.hint.textContent = s === 'reconnecting' ? 'Connection lost, reconnecting…' : ''; },
  });
}

function updateRetry() {
  el.retry.hidden = chat.running || !state.sessionId || !chat.hasAnswer();
}

function newChat() {
  state.opening++;
  closeSocket();
  state.sessionId = null;
  showSession(null);
  sidebar.setActive(null);
  chat.reset();
  chat.showWelcome((text) => {
    el.prompt.value = text;
    send();
  });
  updateRetry();
  el.prompt.focus();
}

async function openSession(id, messageId) {
  const ticket = ++state.opening;
  closeSocket();
  state.sessionId = id;
  sidebar.setActive(id);
  chat.reset();
  let session;
  let messages;
  try {
    [session, messages] = await Promise.all([sessionsApi.get(id), allMessages(id)]);
  } catch (e) {
    if (ticket !== state.opening) return;
    toast(e instanceof ApiError && e.status === 404 ? 'That chat does not exist (any more).' : e.message, 'error');
    location.hash = '';
    return;
  }
  if (ticket !== state.opening) return; // another chat was opened meanwhile
  showSession(session);
  chat.renderHistory(messages);
  openSocket(id);
  if (session.active_run_id) followRunElsewhere(id, ticket);
  if (messageId && !chat.scrollToMessage(messageId)) toast('That message is no longer in this chat.');
  updateRetry();
}

/** The chat has an answer running that this page is not streaming (started before a reload): poll until done. */
async function followRunElsewhere(id, ticket) {
  el.hint.textContent = 'An answer is still being written… it appears when done.';
  chat.setRunning(true);
  while (ticket === state.opening) {
    await new Promise((r) => setTimeout(r, 1500));
    if (ticket !== state.opening) return;
    let session;
    try { session = await sessionsApi.get(id); } catch { return; }
    if (!session.active_run_id) {
      chat.renderHistory(await allMessages(id));
      el.hint.textContent = '';
      chat.setRunning(false);
      return;
    }
  }
}

function titleFrom(text) {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

async function send() {
  const text = el.prompt.value.trim();
  if (!text || chat.running) return;
  if (!state.sessionId) {
    let session;
    try {
      session = await sessionsApi.create({ title: titleFrom(text) });
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    state.opening++;
    state.sessionId = session.id;
    showSession(session);
    location.hash = `#/chat/${encodeURIComponent(session.id)}`; // route() sees it is already open
    openSocket(session.id);
    sidebar.refresh().then(() => sidebar.setActive(session.id)).catch(() => {});
  }
  chat.beginRun(text);
  state.socket.send({ type: 'user_message', content: text });
  el.prompt.value = '';
  autosize();
}

function stop() {
  if (chat.running && state.socket) state.socket.send({ type: 'stop' });
}

function retry() {
  if (!chat.running && state.socket && chat.beginRetry()) state.socket.send({ type: 'retry' });
}

async function exportChat(format) {
  el.exportMenu.hidden = true;
  el.exportToggle.setAttribute('aria-expanded', 'false');
  try {
    const response = await sessionsApi.exportFile(state.sessionId, format);
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '')?.[1] || `${state.sessionId}.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(`Exported ${name}`);
  } catch (e) {
    toast(e.message, 'error');
  }
}

function route() {
  const match = /^#\/chat\/([^/]+)(?:\/m\/([^/]+))?$/.exec(location.hash);
  if (!match) {
    if (state.sessionId || !chat.root.querySelector('.welcome')) newChat();
    return;
  }
  const id = decodeURIComponent(match[1]);
  const messageId = match[2] ? decodeURIComponent(match[2]) : null;
  if (id !== state.sessionId) openSession(id, messageId);
  else if (messageId && !chat.scrollToMessage(messageId)) openSession(id, messageId); // the hit may be newer than the view
}

// ---------- layout and keyboard ----------

function autosize() {
  el.prompt.style.height = 'auto';
  el.prompt.style.height = `${Math.min(el.prompt.scrollHeight, window.innerHeight * 0.4)}px`;
}

function closeSidebar() {
  el.app.classList.remove('sidebar-open');
  el.scrim.hidden = true;
  el.sidebarToggle.setAttribute('aria-expanded', 'false');
}

function toggleSidebar() {
  const open = !el.app.classList.contains('sidebar-open');
  el.app.classList.toggle('sidebar-open', open);
  el.scrim.hidden = !open;
  el.sidebarToggle.setAttribute('aria-expanded', String(open));
  if (open) $('#search').focus();
}

el.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
el.prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
el.prompt.addEventListener('input', autosize);
el.stop.addEventListener('click', stop);
el.retry.addEventListener('click', retry);
$('#new-chat').addEventListener('click', () => {
  closeSidebar();
  if (location.hash) location.hash = ''; else newChat();
});
el.rename.addEventListener('click', () => {
  if (el.app.classList.contains('sidebar-open') === false && window.matchMedia('(max-width: 760px)').matches) toggleSidebar();
  sidebar.renameActive();
});
el.exportToggle.addEventListener('click', () => {
  const open = el.exportMenu.hidden;
  el.exportMenu.hidden = !open;
  el.exportToggle.setAttribute('aria-expanded', String(open));
  if (open) el.exportMenu.querySelector('button').focus();
});
for (const item of el.exportMenu.querySelectorAll('button')) item.addEventListener('click', () => exportChat(item.dataset.format));
document.addEventListener('click', (event) => {
  if (!event.target.closest('.menu')) el.exportMenu.hidden = true;
});
$('#open-settings').addEventListener('click', () => settings.open('session', state.sessionId));
$('#open-defaults').addEventListener('click', () => { closeSidebar(); settings.open('defaults', state.sessionId); });
$('#open-stats').addEventListener('click', () => { closeSidebar(); stats.open(); });
$('#stats-close').addEventListener('click', () => $('#stats-dialog').close());
el.sidebarToggle.addEventListener('click', toggleSidebar);
el.scrim.addEventListener('click', closeSidebar);

document.addEventListener('keydown', (event) => {
  const dialogOpen = document.querySelector('dialog[open]');
  if (event.key === 'Escape' && !dialogOpen) {
    if (!el.exportMenu.hidden) {
      el.exportMenu.hidden = true;
      el.exportToggle.focus();
    } else if (chat.running) {
      event.preventDefault();
      stop();
    } else if (el.app.classList.contains('sidebar-open')) {
      closeSidebar();
    }
  } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    if (window.matchMedia('(max-width: 760px)').matches && !el.app.classList.contains('sidebar-open')) toggleSidebar();
    $('#search').focus();
  } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'o') {
    event.preventDefault();
    $('#new-chat').click();
  }
});

// ---------- start ----------

async function boot() {
  try {
    const status = await systemApi.health();
    if (status.auth_required && !auth.key) await askForKey('This gateway needs its API key.');
  } catch {
    // the banner below says the gateway is unreachable
  }
  health.start();
  window.addEventListener('hashchange', route);
  route();
  try {
    await sidebar.refresh();
  } catch (e) {
    toast(e.message, 'error');
  }
  document.documentElement.dataset.ready = 'true';
}

boot();
