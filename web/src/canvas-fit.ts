/**
 * Sizes a 2D canvas laid over sigma's drawing to the drawing's size in device pixels, and clears it with a
 * transform that lets callers draw in CSS pixels. Shared by the layers drawn over sigma (the hover overlay,
 * the metacorporation's names), which redraw after every sigma render.
 */
export function fitAndClear(
  canvas: HTMLCanvasElement,
  context: CanvasRenderingContext2D,
  { width, height }: { width: number; height: number },
): void {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
}
