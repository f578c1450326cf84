// The transcript: history from the API, then live frames from the chat socket. Deltas only mark a message
// dirty; the Markdown is rendered at most once per animation frame, so long answers stay smooth.
import { h, duration, compact } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { ToolCard } from './tool-card.js';

const STOP_NOTES = {
  length: 'cut off: the answer reached the length limit',
  max_turns: 'stopped: reached the max turns for one message',
  cancelled: 'stopped',
  error: 'failed',
  // the gateway stopped or died while writing it: the text is what was saved; /retry (or Retry) answers again
  interrupted: 'interrupted — retry to answer again',
  // still being written by a run that this page did not start (e.g. after a reload): the text so far
  streaming: 'still answering…',
};

const PILL_CLASS = { error: 'pill-error', streaming: 'pill-run' };

/** The stored status of an assistant message as the stop note it shows (null: complete, no note). */
function storedStatus(status) {
  if (status === 'failed') return 'error';
  return status === 'cancelled' || status === 'interrupted' || status === 'streaming' ? status : null;
}

class AssistantBlock {
  constructor(messageId) {
    this.messageId = messageId;
    this.text = '';
    this.reasoning = '';
    this.reasoningText = h('div', { class: 'reasoning-text' });
    this.reasoningBox = h('details', { class: 'reasoning', hidden: true },
      h('summary', { text: 'Reasoning' }), this.reasoningText);
    this.content = h('div', { class: 'md' });
    this.tools = h('div', { class: 'tools' });
    this.footer = h('div', { class: 'msg-footer', hidden: true });
    this.element = h('article', { class: 'msg msg-assistant', dataset: { messageId: messageId || '' } },
      h('div', { class: 'msg-role', text: 'HinksBot' }),
      this.reasoningBox, h('div', { class: 'msg-body' }, this.content), this.tools, this.footer);
  }

  render() {
    renderMarkdown(this.content, this.text);
    this.content.hidden = !this.text && !this.streaming;
    if (this.reasoning) {
      this.reasoningBox.hidden = false;
      this.reasoningText.textContent = this.reasoning;
    }
  }

  set streaming(on) {
    this._streaming = on;
    this.content.classList.toggle('cursor', on);
  }

  get streaming() {
    return this._streaming;
  }

  note(parts) {
    this.footer.replaceChildren(...parts.filter(Boolean));
    this.footer.hidden = this.footer.childElementCount === 0;
  }
}

function usageNote(usage) {
  if (!usage) return [];
  const tokens = usage.completion_tokens || usage.total_tokens;
  return [
    usage.turns > 1 ? h('span', { text: `${usage.turns} turns` }) : null,
    tokens ? h('span', { text: `${compact(tokens)} tokens` }) : null,
    usage.duration_ms ? h('span', { text: duration(usage.duration_ms) }) : null,
  ];
}

function stopPill(reason) {
  const note = STOP_NOTES[reason];
  if (!note) return null;
  return h('span', { class: `pill ${PILL_CLASS[reason] || 'pill-warn'}`, dataset: { status: reason }, text: note });
}

export class ChatView {
  /**
   * @param root the transcript element
   * @param hooks onRunState(running), onRunEnd(frame), onModelError(code), onApproval(frame, decide)
   */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.dirty = new Set();
    this.frameRequested = false;
    this._running = false;
    this.clear();
  }

  clear() {
    this.blocks = new Map();
    this.cards = new Map();
    this.current = null;
    this.runId = null;
    this.pendingUser = null;
    this.root.replaceChildren();
  }

  /** Empties the transcript and forgets any run. */
  reset() {
    this.clear();
    this.setRunning(false);
  }

  get running() {
    return this._running;
  }

  setRunning(on) {
    this._running = on;
    this.hooks.onRunState?.(on);
  }

  /** The empty state of a new chat, with a few things to try. */
  showWelcome(onPick) {
    const suggestions = ['What can you do?', 'Show the system metrics', 'Find files that mention config', 'Write a haiku about local models'];
    this.root.replaceChildren(h('div', { class: 'welcome' },
      h('h2', {}, h('span', { text: '>_ ' }), 'HinksBot'),
      h('p', { text: 'Your own model, your own hardware. Ask anything.' }),
      h('div', { class: 'suggestions' }, suggestions.map((text) =>
        h('button', { type: 'button', class: 'btn', onclick: () => onPick(text) }, text)))));
  }

  renderHistory(messages) {
    this.reset();
    for (const m of messages) {
      if (m.role === 'user') {
        this.root.append(this.userElement(m.content, m.id));
      } else if (m.role === 'assistant') {
        const block = this.addBlock(m.id);
        block.text = m.content || '';
        block.reasoning = m.reasoning || '';
        for (const call of m.tool_calls || []) this.addCard(block, call.id, call.name, call.arguments);
        block.render();
        block.element.dataset.status = m.status || 'complete';
        block.note([stopPill(storedStatus(m.status)), ...usageNote({ completion_tokens: m.completion_tokens, duration_ms: m.duration_ms })]);
      } else if (m.role === 'tool') {
        const card = this.cards.get(m.tool_call_id) || this.addCard(this.current, m.tool_call_id, m.tool_name, null);
        card.complete({ result: m.content, success: m.tool_success, durationMs: m.duration_ms, error: m.tool_error });
      }
    }
    this.current = null;
    this.scrollToBottom();
  }

  userElement(text, id) {
    return h('article', { class: 'msg msg-user', dataset: { messageId: id || '' } },
      h('div', { class: 'msg-role', text: 'You' }), h('div', { class: 'msg-body', text }));
  }

  addBlock(messageId) {
    const block = new AssistantBlock(messageId);
    if (messageId) this.blocks.set(messageId, block);
    this.root.append(block.element);
    this.current = block;
    return block;
  }

  addCard(block, id, name, args) {
    const card = new ToolCard({ id, name, args });
    (block ? block.tools : this.root).append(card.element);
    if (id) this.cards.set(id, card);
    return card;
  }

  /** The user's message, shown at once; the run's frames follow. */
  beginRun(text) {
    this.root.querySelector('.welcome')?.remove();
    this.pendingUser = this.userElement(text, null);
    this.root.append(this.pendingUser);
    this.setRunning(true);
    this.scrollToBottom();
  }

  /** Retry: the last answer goes (the server replaces it) and a new one streams in its place. */
  beginRetry() {
    const users = this.root.querySelectorAll('.msg-user');
    const last = users[users.length - 1];
    if (!last) return false;
    while (last.nextSibling) last.nextSibling.remove();
    this.current = null;
    this.setRunning(true);
    return true;
  }

  handleFrame(frame) {
    switch (frame.type) {
      case 'stream_start':
        this.runId = frame.run_id;
        if (this.pendingUser) this.pendingUser.dataset.messageId = frame.user_message_id || '';
        this.pendingUser = null;
        if (!this._running) this.setRunning(true);
        break;
      case 'message_start':
        this.finishStreaming();
        this.addBlock(frame.message_id).streaming = true;
        this.markDirty(this.current);
        break;
      case 'content_block_delta': {
        const block = this.blockFor(frame.message_id);
        if (frame.block_type === 'reasoning') block.reasoning += frame.delta;
        else block.text += frame.delta;
        this.markDirty(block);
        break;
      }
      case 'tool_call': {
        const block = this.blockFor(frame.message_id);
        this.addCard(block, frame.tool_call_id, frame.tool, frame.args);
        this.markDirty(block);
        break;
      }
      case 'tool_result':
        this.cards.get(frame.tool_call_id)?.complete({
          result: frame.result, success: frame.success, durationMs: frame.duration_ms, error: frame.error });
        break;
      case 'approval_requested': {
        const card = this.cards.get(frame.tool_call_id);
        card?.requestApproval(frame.prompt, (approved) => this.hooks.onApproval?.(frame, approved));
        break;
      }
      case 'stream_end':
        this.endRun(frame);
        break;
      case 'error':
        this.showError(frame);
        break;
      default:
        break; // pong and frames this UI does not know
    }
  }

  blockFor(messageId) {
    return (messageId && this.blocks.get(messageId)) || this.current || this.addBlock(messageId);
  }

  markDirty(block) {
    this.dirty.add(block);
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frameRequested = false;
    if (this.dirty.size === 0) return;
    const stick = this.nearBottom();
    for (const block of this.dirty) block.render();
    this.dirty.clear();
    if (stick) this.scrollToBottom();
  }

  finishStreaming() {
    for (const block of this.blocks.values()) {
      if (block.streaming) {
        block.streaming = false;
        this.dirty.add(block);
      }
    }
  }

  endRun(frame) {
    this.finishStreaming();
    this.flush();
    for (const card of this.cards.values()) card.abandon();
    const lastId = frame.last_message_id || frame.message_id; // message_id names the answer's first message
    const last = (lastId && this.blocks.get(lastId)) || this.current;
    if (last) last.note([stopPill(frame.stop_reason), ...usageNote(frame.usage)]);
    this.runId = null;
    this.current = null;
    this.pendingUser = null;
    this.setRunning(false);
    this.hooks.onRunEnd?.(frame);
  }

  showError(frame) {
    const code = frame.error || 'error';
    this.root.append(h('div', { class: 'notice', role: 'alert', dataset: { code } },
      h('code', { text: code }), ' ', frame.message || ''));
    // An error before the run started (busy, nothing to retry) leaves no stream_end to wait for.
    if (!this.runId && this._running) {
      this.pendingUser = null;
      this.setRunning(false);
    }
    this.hooks.onModelError?.(code);
    this.scrollToBottom();
  }

  nearBottom() {
    return this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < 120;
  }

  scrollToBottom() {
    this.root.scrollTop = this.root.scrollHeight;
  }

  /** Scrolls to a stored message and makes it flash; false when it is not in this chat. */
  scrollToMessage(id) {
    const el = id && this.root.querySelector(`[data-message-id="${CSS.escape(id)}"]`);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.classList.remove('flash');
    void el.offsetWidth; // restart the animation
    el.classList.add('flash');
    return true;
  }

  hasAnswer() {
    return this.root.querySelector('.msg-user') !== null;
  }
}
