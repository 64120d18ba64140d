// How far two pictures of the same size are apart, measured in the page (no image library needed): the share of
// pixels whose colour differs by more than a glyph's antialiasing does, and the mean difference per channel.

export interface ImageDiff {
  width: number;
  height: number;
  /** share of pixels with a channel more than 64 apart (0–1) */
  different: number;
  /** mean absolute difference per channel, 0–255 */
  mean: number;
}

/** A script for page.evaluate comparing two PNG data: URLs over their top-left width × height. */
export function imageDiffScript(a: string, b: string, width: number, height: number): string {
  return `(async () => {
    const load = async (url) => { const image = new Image(); image.src = url; await image.decode(); return image; };
    const pixels = async (url) => {
      const canvas = document.createElement('canvas');
      canvas.width = ${width};
      canvas.height = ${height};
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, ${width}, ${height});
      context.drawImage(await load(url), 0, 0);
      return context.getImageData(0, 0, ${width}, ${height}).data;
    };
    const [p, q] = await Promise.all([pixels(${JSON.stringify(a)}), pixels(${JSON.stringify(b)})]);
    let different = 0;
    let sum = 0;
    for (let i = 0; i < p.length; i += 4) {
      let worst = 0;
      for (let c = 0; c < 3; c++) { const d = Math.abs(p[i + c] - q[i + c]); sum += d; worst = Math.max(worst, d); }
      if (worst > 64) different++;
    }
    const count = p.length / 4;
    return { width: ${width}, height: ${height}, different: different / count, mean: sum / (count * 3) };
  })()`;
}
