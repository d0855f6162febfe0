/**
 * Participant search with autocomplete (a WAI-ARIA combobox): typing asks the API, ↑/↓ move through the
 * suggestions, Enter chooses, Escape closes, and "/" anywhere on the page focuses the field. Short names
 * find their participant too: an abbreviation of the full name's words ("ЛГТУ" for «Липецкий
 * государственный технический университет») matches among the drawn participants, listed first.
 */
import type { Api, ParticipantSummary } from './api.ts';
import { clear, h } from './dom.ts';

/**
 * The abbreviations a name is known by: the initials of its words, up to a dedication («им. …») or a
 * quoted name; letters only, upper case.
 */
export function abbreviations(name: string): string[] {
  const head = name.split(/\s+им\.|«|"/)[0]!;
  const words = head.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length < 2) return [];
  const initials = words.map((w) => w[0]!.toUpperCase()).join('');
  return [initials];
}

/** Drawn participants whose abbreviation the query is (or begins, from three letters on). */
export function matchAbbreviation(query: string, candidates: ParticipantSummary[]): ParticipantSummary[] {
  const q = query.replace(/[\s.]/g, '').toUpperCase();
  if (q.length < 2 || !/^\p{L}+$/u.test(q)) return [];
  return candidates.filter((c) =>
    abbreviations(c.name).some((a) => a === q || (q.length >= 3 && a.startsWith(q))),
  );
}

export function setupSearch(
  input: HTMLInputElement,
  list: HTMLUListElement,
  api: Api,
  choose: (item: ParticipantSummary) => void,
  local: () => ParticipantSummary[] = () => [],
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
      const short = matchAbbreviation(q, local());
      const result = await api.searchParticipants(q, 12, controller.signal);
      if (input.value.trim() !== q) return;
      const seen = new Set(short.map((i) => i.id));
      const found = [...short, ...result.items.filter((i) => !seen.has(i.id))].slice(0, 12);
      show(found, found.length ? undefined : 'No participant matches.');
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
