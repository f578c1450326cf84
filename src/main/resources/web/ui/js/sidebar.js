// Chats: newest first, paged; rename in place; delete with confirmation; full-text search whose hits jump to
// the message.
import { h, relativeTime, toast, confirmDialog } from './dom.js';
import { sessionsApi } from './api.js';
import { sanitizeSnippet } from './markdown.js';

const PAGE_SIZE = 30;

export class Sidebar {
  /** hooks: onOpen(id, messageId?), onDeleted(id), onRenamed(session) */
  constructor({ list, search }, hooks) {
    this.list = list;
    this.searchInput = search;
    this.hooks = hooks;
    this.sessions = [];
    this.total = 0;
    this.page = 0;
    this.activeId = null;
    this.query = '';
    let timer;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.search(search.value.trim()), 220);
    });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && search.value) {
        event.stopPropagation();
        search.value = '';
        this.search('');
      }
    });
  }

  setActive(id) {
    this.activeId = id;
    for (const item of this.list.querySelectorAll('.session-item')) {
      item.classList.toggle('active', item.dataset.sessionId === id);
      item.querySelector('.session-open')?.toggleAttribute('aria-current', item.dataset.sessionId === id);
    }
  }

  /** Reloads the first page (after a new chat or an answer moved a chat to the top). */
  async refresh() {
    const pages = Math.max(1, this.page);
    const body = await sessionsApi.list(1, PAGE_SIZE * pages);
    this.sessions = body.sessions;
    this.total = body.total;
    this.page = pages;
    if (!this.query) this.render();
  }

  async loadMore() {
    const body = await sessionsApi.list(this.page + 1, PAGE_SIZE);
    this.page += 1;
    this.total = body.total;
    const known = new Set(this.sessions.map((s) => s.id));
    this.sessions.push(...body.sessions.filter((s) => !known.has(s.id)));
    this.render();
  }

  render() {
    if (this.sessions.length === 0) {
      this.list.replaceChildren(h('p', { class: 'empty-list', text: 'No chats yet. Say hello!' }));
      return;
    }
    const items = this.sessions.map((s) => this.item(s));
    const more = this.sessions.length < this.total
      ? h('button', { type: 'button', class: 'btn btn-ghost load-more', onclick: () => this.loadMore().catch(showError) },
        `Load more (${this.total - this.sessions.length})`)
      : null;
    this.list.replaceChildren(h('div', { class: 'list-label', text: 'Chats' }), ...items, more || '');
    this.setActive(this.activeId);
  }

  item(session) {
    const meta = `${relativeTime(session.updated_at)} · ${session.message_count} msg${session.active_run_id ? ' · answering…' : ''}`;
    return h('div', { class: 'session-item', dataset: { sessionId: session.id } },
      h('button', { type: 'button', class: 'session-open', title: session.title, onclick: () => this.hooks.onOpen(session.id) },
        h('span', { class: 'session-title', text: session.title }),
        h('span', { class: 'session-meta', text: meta })),
      h('div', { class: 'session-actions' },
        h('button', { type: 'button', class: 'btn btn-icon rename', 'aria-label': `Rename ${session.title}`, title: 'Rename',
          onclick: (e) => this.startRename(session, e.currentTarget.closest('.session-item')) }, '✎'),
        h('button', { type: 'button', class: 'btn btn-icon delete', 'aria-label': `Delete ${session.title}`, title: 'Delete',
          onclick: () => this.remove(session) }, '✕')));
  }

  /** Rename in place: Enter saves, Esc or leaving the field cancels. */
  startRename(session, item) {
    if (!item) {
      this.render();
      item = this.list.querySelector(`[data-session-id="${CSS.escape(session.id)}"]`);
      if (!item) return;
    }
    const input = h('input', { class: 'rename-input', 'aria-label': 'New title', maxlength: 200 });
    input.value = session.title;
    let done = false;
    const finish = async (save) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (save && title && title !== session.title) {
        try {
          const updated = await sessionsApi.patch(session.id, { title });
          Object.assign(session, updated);
          this.hooks.onRenamed?.(updated);
        } catch (e) {
          showError(e);
        }
      }
      this.render();
      this.list.querySelector(`[data-session-id="${CSS.escape(session.id)}"] .session-open`)?.focus();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); finish(true); }
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); finish(false); }
    });
    input.addEventListener('blur', () => finish(true));
    item.replaceChildren(input);
    input.focus();
    input.select();
  }

  /** Rename the chat shown in the main view. */
  renameActive() {
    const session = this.sessions.find((s) => s.id === this.activeId);
    if (!session) return;
    this.query = '';
    this.searchInput.value = '';
    this.startRename(session, this.list.querySelector(`[data-session-id="${CSS.escape(session.id)}"]`));
  }

  async remove(session) {
    if (!await confirmDialog(`Delete “${session.title}” and all its messages? This cannot be undone.`)) return;
    try {
      await sessionsApi.remove(session.id);
      this.sessions = this.sessions.filter((s) => s.id !== session.id);
      this.total = Math.max(0, this.total - 1);
      this.render();
      toast('Chat deleted');
      this.hooks.onDeleted(session.id);
    } catch (e) {
      showError(e);
    }
  }

  async search(query) {
    this.query = query;
    if (!query) {
      this.render();
      return;
    }
    let body;
    try {
      body = await sessionsApi.search(query);
    } catch (e) {
      if (this.query === query) this.list.replaceChildren(h('p', { class: 'empty-list', text: e.message }));
      return;
    }
    if (this.query !== query) return; // a newer search is under way
    if (body.results.length === 0) {
      this.list.replaceChildren(h('p', { class: 'empty-list', text: `Nothing found for “${query}”.` }));
      return;
    }
    const hits = body.results.map((hit) => {
      const snippet = h('span', { class: 'hit-snippet' });
      snippet.innerHTML = sanitizeSnippet(hit.snippet); // escaped text with <mark> around the hits
      return h('button', { type: 'button', class: 'search-hit', dataset: { sessionId: hit.session_id, messageId: hit.message_id || '' },
        onclick: () => this.hooks.onOpen(hit.session_id, hit.message_id) },
        h('span', { class: 'hit-title', text: `${hit.session_title}${hit.role ? ` · ${hit.role}` : ' · title'}` }), snippet);
    });
    this.list.replaceChildren(h('div', { class: 'list-label', text: `${body.results.length} result${body.results.length === 1 ? '' : 's'}` }), ...hits);
  }
}

function showError(e) {
  toast(e.message || String(e), 'error');
}
