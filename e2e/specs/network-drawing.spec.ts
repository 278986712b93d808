// The partnership drawing of the demo region reads (issue 17): in the rendered SVG at 360 px, no two
// organisation discs overlap, no two visible labels intersect, no label covers a disc, and the
// drawing fits the phone's width. Measured from the browser's own boxes, not from the layout maths.
import { expect, test } from "@playwright/test";
import { loginAndExpectHome } from "./support.ts";

interface Box {
  kind: string;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

for (const who of ["county", "city"] as const) {
  test(`联建网络图（${who === "county" ? "县委" : "市委"}）：圆点互不重叠，名称互不相交，360 像素内放得下`, async ({
    page,
  }) => {
    await loginAndExpectHome(page, "branch", who);
    await page.goto("/branch/dashboard");
    const svg = page.locator(".wd-canvas svg");
    await expect(svg).toBeVisible();
    await page.waitForLoadState("networkidle");
    const { boxes, svgBox, viewport } = await page.evaluate(() => {
      const boxOf = (el: Element, kind: string) => {
        const r = el.getBoundingClientRect();
        return { kind, text: el.textContent ?? "", x: r.x, y: r.y, w: r.width, h: r.height };
      };
      const root = document.querySelector(".wd-canvas svg")!;
      const visible = (el: Element) =>
        getComputedStyle(el).visibility !== "hidden" &&
        getComputedStyle(el).display !== "none" &&
        (el.textContent ?? "").trim() !== "";
      return {
        boxes: [
          ...[...root.querySelectorAll("circle[data-disc]")].map((el) => boxOf(el, "disc")),
          ...[...root.querySelectorAll("text[data-label]")].filter(visible).map((el) => boxOf(el, "label")),
        ],
        svgBox: boxOf(root, "svg"),
        viewport: window.innerWidth,
      };
    });
    const discs = boxes.filter((b) => b.kind === "disc");
    const labels = boxes.filter((b) => b.kind === "label");
    expect(discs.length).toBeGreaterThan(10);
    expect(labels.length).toBeGreaterThan(discs.length); // every organisation named, plus the group headings
    const hit = (a: Box, b: Box) =>
      a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (hit(a, b)) overlaps.push(`${a.kind} ${a.text} × ${b.kind} ${b.text}`);
      }
    expect(overlaps).toEqual([]);
    expect(svgBox.x + svgBox.w).toBeLessThanOrEqual(viewport);
    console.log(
      `[network] ${who}: ${discs.length} organisations, ${labels.length} labels, ${Math.round(svgBox.w)}×${Math.round(svgBox.h)} px, 0 overlaps`,
    );
  });
}
