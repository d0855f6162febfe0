import { describe, expect, it } from 'vitest';
import {
  defaultViewState,
  networkKey,
  parseViewState,
  serializeViewState,
  type ViewState,
} from '../../web/src/url-state.ts';

describe('web view state in the URL', () => {
  it('leaves the default view out of the URL', () => {
    expect(serializeViewState(defaultViewState())).toBe('');
    expect(parseViewState('')).toEqual(defaultViewState());
  });

  it('round-trips a full view through its query string', () => {
    const state: ViewState = {
      ...defaultViewState(),
      mode: 'metacorporation',
      layers: ['supply', 'rnd'],
      kinds: ['enterprise'],
      clusters: ['valley'],
      platforms: ['agro-machinery'],
      regions: ['lipetsk'],
      since: 2010,
      until: 2016,
      color: 'community',
      size: 'pagerank',
      selected: 'cmp-006',
      suggestion: 'cmp-010',
      panel: 'did',
      didIndicator: 'market_share',
      didGroupBy: 'kind',
      didGroup: 'enterprise',
      limit: 2000,
    };
    const search = serializeViewState(state);
    expect(search).toContain('layers=rnd,supply');
    expect(parseViewState(search)).toEqual({ ...state, layers: ['rnd', 'supply'] });
  });

  it('implies the participant panel from a selection, and drops it without one', () => {
    const selected = { ...defaultViewState(), selected: 'app-001', panel: 'participant' as const };
    expect(serializeViewState(selected)).toBe('?selected=app-001');
    expect(parseViewState('?selected=app-001').panel).toBe('participant');
    expect(parseViewState('?panel=participant').panel).toBeNull();
    expect(parseViewState('?suggestion=x').suggestion).toBeNull();
  });

  it('falls back to defaults on values it does not know, never throws', () => {
    const state = parseViewState(
      '?mode=3d&color=rainbow&size=DROP%20TABLE&panel=admin&limit=-4&since=abc&didBy=x',
    );
    expect(state).toEqual(defaultViewState());
    expect(parseViewState('?limit=999999999').limit).toBe(50_000);
  });

  it('orders a reversed year range and de-duplicates lists', () => {
    const state = parseViewState('?since=2017&until=2005&kinds=startup,enterprise,startup');
    expect([state.since, state.until]).toEqual([2005, 2017]);
    expect(state.kinds).toEqual(['enterprise', 'startup']);
  });

  it('keys the network by what the server filters, not by colouring or selection', () => {
    const a = defaultViewState();
    expect(networkKey({ ...a, color: 'kind', selected: 'x', panel: 'gaps' })).toBe(networkKey(a));
    expect(networkKey({ ...a, layers: ['rnd'] })).not.toBe(networkKey(a));
    expect(networkKey({ ...a, until: 2012 })).not.toBe(networkKey(a));
  });
});
