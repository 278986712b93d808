import { describe, expect, it } from "vitest";
import { t } from "@dangjian/core/messages";
import { UploadTransferError, percentOf, uploadFailureText } from "./upload.tsx";

describe("upload helpers", () => {
  it("a broken transfer says why in Chinese: the network, or the store's status", () => {
    expect(new UploadTransferError(null).message).toBe(t("upload.networkLost"));
    expect(new UploadTransferError(403).message).toBe(t("upload.storageRefused", { status: 403 }));
    expect(t("upload.storageRefused", { status: 403 })).toContain("403");
  });

  it("shows a server's Chinese refusal as it is and nothing technical", () => {
    expect(uploadFailureText(new Error("文件太大，不能超过 20 MB"), t("upload.failed"))).toBe(
      "文件太大，不能超过 20 MB",
    );
    expect(uploadFailureText(new Error("Failed to fetch"), t("upload.failed"))).toBe(t("upload.failed"));
    expect(uploadFailureText("boom", t("upload.failed"))).toBe(t("upload.failed"));
  });

  it("percent stays within 0..100 and does not divide by an unknown total", () => {
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(300, 200)).toBe(100);
    expect(percentOf(10, 0)).toBe(0);
  });
});
