import { describe, expect, it } from "vitest";
import { captionText } from "./vtt.ts";

describe("WebVTT captions to text", () => {
  it("keeps the words said, drops timings, ids, notes, styles and tags", () => {
    const vtt = [
      "\uFEFFWEBVTT - 第一讲",
      "Kind: captions",
      "",
      "NOTE 这段注释不算字幕",
      "",
      "STYLE",
      "::cue { color: yellow }",
      "",
      "cue-1",
      "00:00:01.000 --> 00:00:04.000 align:start",
      "<v 讲师>同志们好，今天学习<b>三会一课</b>制度。</v>",
      "",
      "00:04.000 --> 00:07.500",
      "支部党员大会&amp;支委会",
      "要按期召开。",
      "",
      "00:07.500 --> 00:09.000",
      "要按期召开。",
      "",
      "01:00:09.000 --> 01:00:10.000",
      "<c.highlight>谢谢</c> &lt;完&gt; &#x1F60A;",
    ].join("\r\n");
    expect(captionText(vtt)).toBe(
      "同志们好，今天学习三会一课制度。\n支部党员大会&支委会 要按期召开。\n要按期召开。\n谢谢 <完> 😊",
    );
    expect(captionText(vtt)).not.toMatch(/-->|注释|color|cue-1|讲师/);
  });
  it("is bounded and never throws on junk", () => {
    expect(captionText("WEBVTT\n\n" + "00:00.000 --> 00:01.000\n字\n\n".repeat(10), 5).length).toBeLessThanOrEqual(5);
    expect(captionText("WEBVTT\n\nno cue here\n\n&#99999999; <<<")).toBe("");
    expect(captionText("")).toBe("");
  });
});
