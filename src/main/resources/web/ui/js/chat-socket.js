// One WebSocket per open chat: /ws/chat/{id}?token=<key>. Frames sent while (re)connecting wait for the socket;
// a dropped connection reconnects with backoff until close() is called.
import { auth } from './auth.js';

export class ChatSocket {
  constructor(sessionId, { onFrame, onState }) {
    this.sessionId = sessionId;
    this.onFrame = onFrame;
    this.onState = onState || (() => {});
    this.queue = [];
    this.closed = false;
    this.attempt = 0;
    this.connect();
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const token = auth.key ? `?token=${encodeURIComponent(auth.key)}` : '';
    return `${scheme}://${location.host}/ws/chat/${encodeURIComponent(this.sessionId)}${token}`;
  }

  connect() {
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.onState('open');
      for (const frame of this.queue.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      this.onFrame(frame);
    });
    ws.addEventListener('close', () => {
      if (this.closed || ws !== this.ws) return;
      this.onState('reconnecting');
      const delay = Math.min(10_000, 500 * 2 ** this.attempt++);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }

  send(frame) {
    const text = JSON.stringify(frame);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
    else this.queue.push(text);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.ws.close(1000, 'chat closed');
  }
}
