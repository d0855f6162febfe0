/**
 * PNG export of what sigma shows. Sigma 4 draws everything (nodes, edges, labels) on one WebGL canvas
 * without a preserved drawing buffer, so the picture is copied right after a synchronous render, in the
 * same task, onto a white 2D canvas.
 */
/** The part of a sigma renderer an export needs. */
export interface Drawable {
  getDimensions(): { width: number; height: number };
  getContainer(): HTMLElement;
  refresh(): unknown;
}

export function snapshot(renderer: Drawable): HTMLCanvasElement {
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const context = out.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, out.width, out.height);
  renderer.refresh();
  for (const canvas of renderer.getContainer().querySelectorAll('canvas')) {
    context.drawImage(canvas, 0, 0, out.width, out.height);
  }
  return out;
}

export function downloadPng(renderer: Drawable, name = 'clusterlens.png'): void {
  snapshot(renderer).toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, 'image/png');
}
