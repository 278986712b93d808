import { test } from "@playwright/test";
import {
  acknowledgeCadenceWarning,
  filterByArea,
  openDashboardAsCounty,
  refuseUnsafeThreshold,
  seeStaleBridgeHighlighted,
  seeWeakBranchesFlagged,
  silenceHealthWarning,
} from "./steps/warnings.ts";

test.describe("县委在组织体系仪表盘处理预警", () => {
  test("看到薄弱支部及原因，认领一条、静默一条，并在联建网络上看到冷淡的桥", async ({ page }) => {
    await openDashboardAsCounty(page);
    await seeWeakBranchesFlagged(page);
    await acknowledgeCadenceWarning(page);
    await silenceHealthWarning(page);
    await seeStaleBridgeHighlighted(page);
  });

  test("按地区筛选预警", async ({ page }) => {
    await openDashboardAsCounty(page);
    await filterByArea(page);
  });

  test("阈值设置不安全时给出明确提示，不保存", async ({ page }) => {
    await openDashboardAsCounty(page);
    await refuseUnsafeThreshold(page);
  });
});
