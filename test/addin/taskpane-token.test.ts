// The task pane in headless Chromium, served by the real ledger service (a child process on a real SQLite file)
// as in production: a token entered under Settings and saved is shown as its office and roles, an unscoped one is
// warned of, a refused one says why, and publishing is offered only to a token that may submit (else the reason).
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLegacyToken, makeToken, startService, tempDir, type Service } from "../service/harness.ts";
import { buildForTest } from "./build-for-test.ts";
import { CHROMIUM, openExcelHost } from "./excel-host.ts";
import { saveToken } from "./pane-token.ts";

let browser: Browser;
let service: Service;
const t = {} as Record<"ybClerk" | "jlpReviewer" | "legacy", string>;

beforeAll(async () => {
  const dist = await buildForTest();
  const dbPath = path.join(tempDir("subsidy-addin-token-"), "subsidy.db");
  t.ybClerk = await makeToken(dbPath, "clerk,reviewer", "渝北区经信委 张三", "yubei");
  t.jlpReviewer = await makeToken(dbPath, "reviewer", "九龙坡区 审核", "jiulongpo");
  t.legacy = await makeLegacyToken(dbPath);
  service = await startService({ dbPath, env: { SUBSIDY_ADDIN_DIST: dist } });
  browser = await chromium.launch(CHROMIUM);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

// The pane is what is looked at here, not the custom functions: their association is not waited for.
describe("the token in the task pane", () => {
  it("shows who a saved token is and offers publishing accordingly (zh-CN)", async () => {
    const host = await openExcelHost("", { locale: "zh-CN", browser, serviceUrl: service.url, storage: true, waitForFunctions: false });
    try {
      const { page } = host;
      // No token yet: nothing to show, and publishing says what it needs.
      await page.locator('main[data-session="none"]').waitFor();
      await page.getByRole("tab", { name: "兑现台账" }).click();
      expect(await page.getByTestId("publish-refusal").textContent()).toBe("发布需要令牌：请先在“设置”中填写服务地址和令牌。");

      await saveToken(page, "zh-CN", t.ybClerk, "known");
      expect(await page.getByTestId("token-office").textContent()).toBe("本令牌：渝北区 · 经办、审核（渝北区经信委 张三）");
      expect(await page.getByTestId("publish-refusal").count()).toBe(0);
      expect(await page.getByTestId("token-unscoped").count()).toBe(0);

      await saveToken(page, "zh-CN", t.jlpReviewer, "known");
      expect(await page.getByTestId("token-office").textContent()).toBe("本令牌：九龙坡区 · 审核（九龙坡区 审核）");
      expect(await page.getByTestId("publish-refusal").textContent()).toBe("此令牌（九龙坡区 · 审核）没有「经办」角色，不能提交台账行；发布需要经办令牌。");
      const publish = page.getByRole("button", { name: "发布到服务" });
      expect(await publish.isDisabled()).toBe(true);
      expect(await publish.getAttribute("aria-describedby")).toBe("publish-refusal");

      await saveToken(page, "zh-CN", t.legacy, "known");
      expect(await page.getByTestId("token-office").textContent()).toBe("本令牌：未限定经办单位 · 经办、审核、拨付（旧编辑者令牌）");
      expect(await page.getByTestId("token-unscoped").textContent()).toContain("须重新签发");
      expect(await page.getByTestId("publish-refusal").textContent()).toBe("此令牌未限定经办单位，不能写入，须重新签发后才能发布。");
      await page.screenshot({ path: "test-results/addin-token-unscoped-zh-CN.png", fullPage: true });

      await saveToken(page, "zh-CN", "sbs_mistyped", "refused");
      expect(await page.getByTestId("token-refused").textContent()).toContain("服务不接受此令牌：令牌无效或已撤销");
      expect(await page.getByTestId("token-office").count()).toBe(0);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 90_000);

  it("says the same in English", async () => {
    const host = await openExcelHost("", { locale: "en-US", browser, serviceUrl: service.url, storage: true, waitForFunctions: false });
    try {
      const { page } = host;
      await saveToken(page, "en-US", t.ybClerk, "known");
      expect(await page.getByTestId("token-office").textContent()).toBe("This token: Yubei · clerk, reviewer (渝北区经信委 张三)");
      expect(await page.getByTestId("publish-refusal").count()).toBe(0);
      await saveToken(page, "en-US", t.legacy, "known");
      expect(await page.getByTestId("token-unscoped").textContent()).toContain("must be re-issued");
      expect(await page.getByTestId("publish-refusal").textContent()).toBe("This token is unscoped and cannot write; it must be re-issued before publishing.");
      await page.screenshot({ path: "test-results/addin-token-unscoped-en-US.png", fullPage: true });
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 90_000);
});
