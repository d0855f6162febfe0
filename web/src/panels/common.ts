/** Pieces every panel uses: the header with a close button, loading and error states. */
import { ApiError } from '../api.ts';
import { h } from '../dom.ts';

export function panelHeader(title: string, subtitle: string | null, onClose: () => void): HTMLElement {
  return h(
    'header',
    {},
    h(
      'h1',
      {},
      title,
      subtitle ? h('div', { class: 'muted', style: 'font-size:12px;font-weight:normal' }, subtitle) : null,
    ),
    h(
      'button',
      { type: 'button', class: 'close', 'aria-label': 'Close panel', onclick: onClose as EventListener },
      '×',
    ),
  );
}

export function loadingBlock(what: string): HTMLElement {
  return h(
    'p',
    { class: 'muted', 'data-loading': '' },
    h('span', { class: 'spinner', style: 'display:inline-block;vertical-align:middle' }),
    ` Loading ${what}…`,
  );
}

export function errorBlock(what: string, error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    if (error.status === 404) return h('p', { class: 'muted' }, `${what}: not found.`);
    if (error.unavailable)
      return h(
        'p',
        { class: 'error' },
        `${what}: the database is not reachable right now (${error.problem.title}).`,
      );
    if (error.status === 0) return h('p', { class: 'error' }, `${what}: the server cannot be reached.`);
    return h(
      'p',
      { class: 'error' },
      `${what}: ${error.problem.title}${error.problem.detail ? ` — ${error.problem.detail}` : ''}`,
    );
  }
  return h('p', { class: 'error' }, `${what}: ${(error as Error)?.message ?? String(error)}`);
}
