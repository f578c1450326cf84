// The gateway's API key (gateway.api.key): asked for once, kept in localStorage, sent as Bearer / ?token=.
import { $ } from './dom.js';

const STORAGE_KEY = 'hinksbot.apiKey';
let pending = null;

export const auth = {
  get key() { return localStorage.getItem(STORAGE_KEY) || ''; },
  save(key) { localStorage.setItem(STORAGE_KEY, key); },
};

/** Shows the key prompt (once, however many callers wait) and resolves when a key was entered. */
export function askForKey(reason) {
  if (pending) return pending;
  const dialog = $('#auth-dialog');
  const input = $('#auth-key', dialog);
  $('#auth-note', dialog).textContent = reason;
  input.value = '';
  pending = new Promise((resolve) => {
    const form = $('#auth-form', dialog);
    const submit = (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      auth.save(key);
      form.removeEventListener('submit', submit);
      dialog.removeEventListener('cancel', keepOpen);
      dialog.close();
      pending = null;
      resolve(key);
    };
    // Without a key nothing works: Esc does not dismiss the prompt.
    const keepOpen = (event) => event.preventDefault();
    form.addEventListener('submit', submit);
    dialog.addEventListener('cancel', keepOpen);
  });
  dialog.showModal();
  input.focus();
  return pending;
}
