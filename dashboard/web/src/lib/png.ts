// A chart exported as a PNG a leader can forward on its own: title, legend, data date and (for sample data) the
// sample mark around the chart's SVG, drawn at twice its size on white.
export interface PngFrame {
  title: string;
  legend: { label: string; color: string }[];
  /** "数据日期：2026-07-13 10:00" */
  footer: string;
  /** The sample mark, drawn in red at the top right; null for real data. */
  sampleMark: string | null;
  fontFamily: string;
}

const PAD = 16;
const TITLE_H = 28;
const LEGEND_H = 22;
const FOOTER_H = 24;

async function svgImage(svg: SVGSVGElement, width: number, height: number, fontFamily: string): Promise<HTMLImageElement> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  // Text takes the page's font only through CSS, which an image does not see.
  clone.setAttribute("style", `font-family: ${fontFamily}; font-size: 12px`);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  await image.decode();
  return image;
}

/** Legend entries laid out in rows within `width`: each a colour square and its label. */
function legendRows(context: CanvasRenderingContext2D, legend: PngFrame["legend"], width: number): { label: string; color: string; x: number; row: number }[] {
  const out: { label: string; color: string; x: number; row: number }[] = [];
  let x = PAD;
  let row = 0;
  for (const item of legend) {
    const w = 18 + context.measureText(item.label).width + 16;
    if (x + w > width - PAD && x > PAD) {
      row++;
      x = PAD;
    }
    out.push({ ...item, x, row });
    x += w;
  }
  return out;
}

export async function chartToPng(svg: SVGSVGElement, frame: PngFrame, scale = 2): Promise<Blob> {
  const { width: chartW, height: chartH } = svg.getBoundingClientRect();
  const width = Math.max(Math.ceil(chartW) + PAD * 2, 480);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  const font = (size: number, weight = "normal") => `${weight} ${size}px ${frame.fontFamily}`;
  context.font = font(13);
  const legend = legendRows(context, frame.legend, width);
  const legendH = legend.length === 0 ? 0 : (Math.max(...legend.map((l) => l.row)) + 1) * LEGEND_H;
  const height = PAD + TITLE_H + legendH + Math.ceil(chartH) + FOOTER_H + PAD;
  canvas.width = width * scale;
  canvas.height = height * scale;
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.textBaseline = "middle";

  context.fillStyle = "#1b1b1b";
  context.font = font(16, "bold");
  context.fillText(frame.title, PAD, PAD + TITLE_H / 2);
  if (frame.sampleMark) {
    context.font = font(13, "bold");
    const w = context.measureText(frame.sampleMark).width + 16;
    context.strokeStyle = "#b3261e";
    context.lineWidth = 1.5;
    context.strokeRect(width - PAD - w, PAD + 3, w, TITLE_H - 6);
    context.fillStyle = "#b3261e";
    context.fillText(frame.sampleMark, width - PAD - w + 8, PAD + TITLE_H / 2);
  }
  context.font = font(13);
  for (const item of legend) {
    const y = PAD + TITLE_H + item.row * LEGEND_H + LEGEND_H / 2;
    context.fillStyle = item.color;
    context.fillRect(item.x, y - 6, 12, 12);
    context.fillStyle = "#1b1b1b";
    context.fillText(item.label, item.x + 18, y);
  }
  const image = await svgImage(svg, chartW, chartH, frame.fontFamily);
  context.drawImage(image, PAD, PAD + TITLE_H + legendH, chartW, chartH);
  context.fillStyle = "#4a4a4a";
  context.font = font(12);
  context.fillText(frame.footer, PAD, height - PAD - FOOTER_H / 2);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"));
}
