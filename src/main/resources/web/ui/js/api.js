// REST client for /api/v1: JSON in and out, the API key on every call, the key prompt on 401.
import { auth, askForKey } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(body) {
  const h = {};
  if (auth.key) h.Authorization = `Bearer ${auth.key}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return h;
}

/** Calls the API; returns parsed JSON (or the Response with {raw: true}). Waits for a key when it answers 401. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  for (;;) {
    let response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method, headers: headers(body), body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'gateway_unreachable', 'The gateway is not reachable.');
    }
    if (response.status === 401) {
      await askForKey(auth.key ? 'That key was not accepted. Enter the gateway\'s API key.' : 'This gateway needs its API key.');
      continue;
    }
    if (!response.ok) {
      let error = {};
      try { error = (await response.json()).error || {}; } catch { /* not JSON */ }
      throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || response.statusText);
    }
    return raw ? response : response.json();
  }
}

const enc = encodeURIComponent;

export const sessionsApi = {
  list: (page, limit) => api(`/sessions?page=${page}&limit=${limit}`),
  get: (id) => api(`/sessions/${enc(id)}`),
  create: (body) => api('/sessions', { method: 'POST', body }),
  patch: (id, body) => api(`/sessions/${enc(id)}`, { method: 'PATCH', body }),
  remove: (id) => api(`/sessions/${enc(id)}`, { method: 'DELETE' }),
  messages: (id, page, limit) => api(`/sessions/${enc(id)}/messages?page=${page}&limit=${limit}`),
  exportFile: (id, format) => api(`/sessions/${enc(id)}/export?format=${enc(format)}`, { raw: true }),
  search: (q, limit = 30) => api(`/sessions/search?q=${enc(q)}&limit=${limit}`),
};

export const systemApi = {
  health: () => api('/health'),
  stats: (days) => api(`/stats?days=${days}`),
  models: () => api('/models'),
  toolGroups: () => api('/tools/groups'),
  defaults: () => api('/defaults'),
  patchDefaults: (body) => api('/defaults', { method: 'PATCH', body }),
  resetDefaults: () => api('/defaults', { method: 'DELETE' }),
};

/** Every message of a session, oldest first (the API pages them). */
export async function allMessages(id) {
  const limit = 500;
  const out = [];
  for (let page = 1; ; page++) {
    const body = await sessionsApi.messages(id, page, limit);
    out.push(...body.messages);
    if (body.messages.length < limit || out.length >= body.total) return out;
  }
}
