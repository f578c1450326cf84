// Model output → sanitized HTML: marked (GFM) renders, DOMPurify strips anything that could run script,
// highlight.js colours code blocks, each of which gets a copy button.
import { Marked } from '/ui/lib/marked/marked.esm.js';
import DOMPurify from '/ui/lib/dompurify/purify.es.mjs';
import { h } from './dom.js';

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Raw HTML in model output is shown as text, as the model wrote it: it never becomes markup (DOMPurify below is
// the second line of defence, the page's Content-Security-Policy the third).
const marked = new Marked({ gfm: true, breaks: false, renderer: { html: ({ text }) => escapeHtml(text) } });

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  if (node.tagName === 'IMG') {
    // Only absolute web or inline images: a relative path from a model points at nothing on this gateway.
    if (!/^(https?:\/\/|data:image\/)/i.test(node.getAttribute('src') || '')) node.removeAttribute('src');
    node.setAttribute('referrerpolicy', 'no-referrer');
    node.setAttribute('loading', 'lazy');
  }
});

const PURIFY = { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'], FORBID_ATTR: ['style'] };

/** HTML that is safe to put into the page, whatever the model wrote. */
export function sanitize(markdown) {
  return DOMPurify.sanitize(marked.parse(markdown || ''), PURIFY);
}

/** Search snippets: the API's escaped text with <mark> around hits; keep only the marks. */
export function sanitizeSnippet(html) {
  return DOMPurify.sanitize(html || '', { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });
}

const highlighted = new Map(); // "lang\ncode" → highlighted HTML, so streaming does not re-highlight settled blocks

function highlight(code, language) {
  const hljs = window.hljs;
  if (!hljs || !language || !hljs.getLanguage(language)) return null;
  const key = `${language}\n${code}`;
  let html = highlighted.get(key);
  if (html === undefined) {
    html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    if (highlighted.size > 500) highlighted.clear();
    highlighted.set(key, html);
  }
  return html;
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', { class: 'sr-only', 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

function decorateCode(root) {
  for (const code of root.querySelectorAll('pre > code')) {
    const pre = code.parentElement;
    if (pre.parentElement?.classList.contains('codeblock')) continue;
    const language = (/language-([\w+#.-]+)/.exec(code.className) || [])[1] || '';
    const text = code.textContent;
    const html = highlight(text, language.toLowerCase());
    if (html !== null) {
      code.innerHTML = html; // highlight.js output of escaped text: spans only
      code.classList.add('hljs');
    }
    const copy = h('button', { type: 'button', class: 'btn btn-icon copy', 'aria-label': 'Copy code' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await copyText(text);
        copy.textContent = 'Copied ✓';
      } catch {
        copy.textContent = 'Copy failed';
      }
      setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
    });
    const block = h('div', { class: 'codeblock' }, h('div', { class: 'codeblock-head' }, h('span', { text: language || 'text' }), copy));
    pre.replaceWith(block);
    block.append(pre);
  }
}

/** Renders {@code markdown} into {@code element}. */
export function renderMarkdown(element, markdown) {
  element.innerHTML = sanitize(markdown);
  decorateCode(element);
}
