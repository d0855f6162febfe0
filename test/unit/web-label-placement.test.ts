import { describe, expect, it } from 'vitest';
import { intersects, placeLabels, wrapText, type LabelRequest } from '../../web/src/label-placement.ts';

// A monospaced measure: 7 px a character (the real layer measures with the canvas's font).
const measure = (s: string) => s.length * 7;

describe('wrapText', () => {
  it('breaks at spaces into lines no wider than asked, and ends with an ellipsis what does not fit', () => {
    const name = 'Центр кластерного развития Липецкой области';
    const two = wrapText(name, 200, 2, measure);
    expect(two).toEqual(['Центр кластерного развития', 'Липецкой области']);
    for (const line of two) expect(measure(line)).toBeLessThanOrEqual(200);
    const one = wrapText(name, 200, 1, measure);
    expect(one).toEqual(['Центр кластерного развития…']);
    expect(wrapText(name, 150, 1, measure)).toEqual(['Центр кластерного…']);
    expect(two.join(' ')).toBe(name);
  });
});

describe('placeLabels', () => {
  const bounds = { x: 0, y: 0, width: 800, height: 600 };
  // The demo's two development centres, 210 px apart on one row: drawn right of their nodes on one line
  // each, the left name ran into the right node.
  const centres: LabelRequest[] = [
    { id: 'cdc-lipetsk', x: 300, y: 300, r: 8, text: 'Центр кластерного развития Липецкой области' },
    { id: 'cdc-voronezh', x: 510, y: 300, r: 8, text: 'Центр кластерного развития Воронежской области' },
  ];

  it('places neighbours with long names apart: no two boxes and no box and disc meet', () => {
    const { placed, dropped } = placeLabels(centres, centres, bounds, measure);
    expect(dropped).toEqual([]);
    expect(placed).toHaveLength(2);
    expect(intersects(placed[0]!, placed[1]!)).toBe(false);
    for (const label of placed)
      for (const d of centres)
        if (d.id !== label.id)
          expect(intersects(label, { x: d.x - d.r, y: d.y - d.r, width: 2 * d.r, height: 2 * d.r })).toBe(
            false,
          );
    // Both names whole, on two lines each.
    expect(placed.map((p) => p.lines.join(' '))).toEqual(centres.map((c) => c.text));
  });

  it('keeps labels inside the drawing, and leaves out a name that finds no room', () => {
    const edge: LabelRequest = { id: 'rim', x: 795, y: 300, r: 4, text: 'Министерство промышленности' };
    const { placed } = placeLabels([edge], [], bounds, measure);
    expect(placed[0]!.side).not.toBe('right');
    expect(placed[0]!.x + placed[0]!.width).toBeLessThanOrEqual(800);
    const tiny = { x: 0, y: 0, width: 30, height: 30 };
    const crowded = placeLabels(
      [{ id: 'a', x: 15, y: 15, r: 3, text: 'Долина машиностроения' }],
      [],
      tiny,
      measure,
    );
    expect(crowded.dropped).toEqual(['a']);
  });
});
