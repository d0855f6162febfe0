/**
 * A deterministic first layout, so that the web view has coordinates before it draws (ForceAtlas2
 * then refines them in the browser). Participants are grouped — by their first cluster, else by kind —
 * group centres sit on a circle with room proportional to the group's size, and members fill a
 * sunflower (Vogel 1979) spiral around their centre: no overlaps, no randomness, O(n).
 */
export interface LayoutNode {
  id: string;
  kind: string;
  clusters: string[];
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export function groupLayout(nodes: LayoutNode[], spacing = 1): Map<string, { x: number; y: number }> {
  const groups = new Map<string, string[]>();
  for (const node of nodes) {
    const group = node.clusters.length > 0 ? `cluster:${[...node.clusters].sort()[0]}` : `kind:${node.kind}`;
    const members = groups.get(group);
    if (members) members.push(node.id);
    else groups.set(group, [node.id]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  // A sunflower of n points has radius ≈ spacing·√n; the circle of centres gets their diameters plus a gap.
  const radii = ordered.map(([, members]) => spacing * Math.sqrt(members.length) + spacing);
  const circumference = radii.reduce((sum, r) => sum + 2 * r + spacing * 2, 0);
  const ring = ordered.length > 1 ? circumference / (2 * Math.PI) : 0;
  const positions = new Map<string, { x: number; y: number }>();
  let angle = 0;
  ordered.forEach(([, members], g) => {
    const r = radii[g]!;
    const share = ring > 0 ? (2 * r + spacing * 2) / ring : 0;
    angle += share / 2;
    const cx = ring * Math.cos(angle);
    const cy = ring * Math.sin(angle);
    angle += share / 2;
    [...members].sort().forEach((id, i) => {
      const d = spacing * Math.sqrt(i + 0.5);
      positions.set(id, { x: cx + d * Math.cos(i * GOLDEN_ANGLE), y: cy + d * Math.sin(i * GOLDEN_ANGLE) });
    });
  });
  return positions;
}
