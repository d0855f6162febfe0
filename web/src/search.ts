/**
 * Participant search with autocomplete (a WAI-ARIA combobox): typing asks the API, ↑/↓ move through the
 * suggestions, Enter chooses, Escape closes, and "/" anywhere on the page focuses the field.
 */
import type { Api, ParticipantSummary } from './api.ts';
import { clear, h } from './dom.ts';

export function setupSearch(
  input: HTMLInputElement,
  list: HTMLUListElement,
  api: Api,
  choose: (item: ParticipantSummary) => void,
): void {
  let items: ParticipantSummary[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = () => {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `search-option-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    }
  };
  const pick = (i: number) => {
    const item = items[i];
    if (!item) return;
    input.value = item.name;
    close();
    choose(item);
  };
  const show = (found: ParticipantSummary[], note?: string) => {
    items = found;
    active = found.length ? 0 : -1;
    clear(
      list,
      found.map((item, i) =>
        h(
          'li',
          {
            id: `search-option-${i}`,
            role: 'option',
            'data-id': item.id,
            onmousedown: ((e: Event) => (e.preventDefault(), pick(i))) as EventListener,
          },
          item.name,
          h('small', {}, item.kind.replace(/_/g, ' ')),
        ),
      ),
      note ? h('li', { class: 'muted', role: 'presentation' }, note) : null,
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    mark();
  };
  const lookUp = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const result = await api.searchParticipants(q, 12, controller.signal);
      if (input.value.trim() !== q) return;
      show(result.items, result.items.length ? undefined : 'No participant matches.');
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      show([], `Search failed: ${(error as Error).message}`);
    }
  };

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (timer) clearTimeout(timer);
    if (q.length < 2) return close();
    timer = setTimeout(() => void lookUp(q), 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && items.length) {
      active = (active + 1) % items.length;
      mark();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && items.length) {
      active = (active - 1 + items.length) % items.length;
      mark();
      event.preventDefault();
    } else if (event.key === 'Enter') {
      if (!list.hidden && active >= 0) pick(active);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      close();
      input.blur();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}
