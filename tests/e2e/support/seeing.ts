import type { Page } from 'playwright-core';

/**
 * What "seeing better" promises, measured in the page from computed styles and boxes: WCAG's
 * contrast ratio of every text against what is really behind it, font sizes, boxes that hold their
 * content, controls that do not overlap, and everything either on screen or reachable by scrolling.
 */

export interface TextSample {
  /** Where the element sits in the page, the same in every display mode. */
  path: string;
  text: string;
  fontPx: number;
  contrast: number;
}

export interface SeeingReport {
  texts: TextSample[];
  /** Content wider or taller than its box, controls on top of each other, things nobody can reach. */
  problems: string[];
  /** The highest point of any control once scrolled into its container's view, as a share of the screen's height. */
  highestControl: number;
}

/** Reads the page as it is drawn now. Runs entirely in the browser. */
export function measureSeeing(page: Page): Promise<SeeingReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m?.[1]) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = (c: Rgba) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
      return (x + 0.05) / (y + 0.05);
    };
    /** What is painted behind `el`: its own and its ancestors' backgrounds, then the page's, then white. */
    const backdrop = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      // A dialog's overlay lies over the page; the dialog's own background is opaque, so stopping
      // at the first opaque layer of the element's own ancestry is what the eye sees.
      let colour: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const opacity = (el: Element) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const pathOf = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const parent: Element | null = e.parentElement;
        const index = parent ? Array.from(parent.children).indexOf(e) : 0;
        parts.unshift(`${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}:${index}`);
      }
      return parts.join('>');
    };
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 1 && r.height > 1;
    };
    const scroller = (el: Element): Element | null => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const oy = getComputedStyle(e).overflowY;
        if (oy === 'auto' || oy === 'scroll') return e;
      }
      return null;
    };
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const problems: string[] = [];
    const texts: TextSample[] = [];
    const label = (el: Element) => (el.getAttribute('data-testid') ?? el.textContent ?? el.tagName).trim().replace(/\s+/g, ' ').slice(0, 40);
    const live = (el: Element) => !el.closest('[inert]');

    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!shown(el) || !live(el)) continue;
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      const s = getComputedStyle(el);
      if (own) {
        const fg = parse(s.color);
        const bg = backdrop(el);
        const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
        texts.push({ path: pathOf(el), text: own.slice(0, 40), fontPx: parseFloat(s.fontSize), contrast: ratio(seen, bg) });
      }
      // Content that does not fit its box (a scroll container is allowed to hold more).
      const scrolls = s.overflowY === 'auto' || s.overflowY === 'scroll';
      const block = s.display !== 'inline' && el.clientWidth > 0;
      if (block && !scrolls && el.tagName !== 'HTML' && el.tagName !== 'BODY') {
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${label(el)}" holds content ${el.scrollWidth}px wide in ${el.clientWidth}px`);
        if (el.scrollHeight > el.clientHeight + 1 && s.overflowY !== 'visible') problems.push(`"${label(el)}" cuts its content: ${el.scrollHeight}px in ${el.clientHeight}px`);
      }
      // On screen, or inside a container that scrolls to it (not above or left of its start).
      const r = el.getBoundingClientRect();
      const box = scroller(el);
      if (box) {
        const b = box.getBoundingClientRect();
        const top = r.top - b.top + box.scrollTop;
        const left = r.left - b.left + box.scrollLeft;
        if (top < -1 || left < -1) problems.push(`"${label(el)}" sits above or left of where its container can scroll`);
        if (b.bottom > vh + 1 || b.right > vw + 1 || b.top < -1) problems.push(`scroll container of "${label(el)}" is off screen`);
        if (r.right > b.right + 1 && getComputedStyle(box).overflowX !== 'auto') problems.push(`"${label(el)}" is cut off on the right`);
      } else if (r.bottom > vh + 1 || r.right > vw + 1 || r.top < -1 || r.left < -1) {
        problems.push(`"${label(el)}" is off screen and nothing scrolls to it (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)})`);
      }
    }

    // Controls: big enough, never on top of each other (boxes clipped to their scroll container).
    const controls = Array.from(document.querySelectorAll('button, a[href], input, select, textarea, [role=button]')).filter((c) => shown(c) && live(c));
    const clipped = controls.map((c) => {
      const r = c.getBoundingClientRect();
      const box = scroller(c);
      const b = box ? box.getBoundingClientRect() : { top: 0, left: 0, right: vw, bottom: vh };
      return { c, top: Math.max(r.top, b.top), left: Math.max(r.left, b.left), right: Math.min(r.right, b.right), bottom: Math.min(r.bottom, b.bottom), full: r, boxTop: b.top };
    });
    let highest = 1;
    for (const [i, a] of clipped.entries()) {
      if (a.full.width < 48 || a.full.height < 48) problems.push(`control "${label(a.c)}" is ${Math.round(a.full.width)}×${Math.round(a.full.height)} px`);
      // Scrolled into view, a control inside a scroll container can come no higher than the container's top.
      highest = Math.min(highest, Math.max(a.full.top, a.boxTop) / vh);
      for (const b of clipped.slice(i + 1)) {
        if (a.c.contains(b.c) || b.c.contains(a.c)) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) problems.push(`controls "${label(a.c)}" and "${label(b.c)}" overlap`);
      }
    }
    return { texts, problems, highestControl: highest };
  });
}
