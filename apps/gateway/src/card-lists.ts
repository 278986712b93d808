// The e-party card's public lists: the trust list (issuer public keys of every region) and each
// region's W3C Bitstring Status List. Public, cacheable for their TTL, readable cross-origin.
import express, { type Router } from "express";
import { isUuid } from "@dangjian/core";
import { STATUS_LIST_TTL_MS } from "@dangjian/core/card";
import type { Services } from "@dangjian/services";

export function cardListRoutes(services: Services): Router {
  const router = express.Router();
  const headers = (res: express.Response) =>
    res.set({
      "Cache-Control": `public, max-age=${Math.round(STATUS_LIST_TTL_MS / 1000)}`,
      "Access-Control-Allow-Origin": "*",
    });

  router.get("/trust.json", async (_req, res, next) => {
    try {
      headers(res).json(await services.card.trustList());
    } catch (error) {
      next(error);
    }
  });

  router.get("/status/:file", async (req, res, next) => {
    const regionId = req.params.file.replace(/\.json$/, "");
    if (!isUuid(regionId)) {
      res.status(404).set("Cache-Control", "no-store").json({ error: "not found" });
      return;
    }
    try {
      const origin = `${req.protocol}://${req.get("host") ?? "localhost"}`;
      headers(res).json(await services.card.statusList(regionId, origin));
    } catch (error) {
      if ((error as { code?: string }).code === "NOT_FOUND") {
        res.status(404).set("Cache-Control", "no-store").json({ error: "not found" });
        return;
      }
      next(error);
    }
  });
  return router;
}
