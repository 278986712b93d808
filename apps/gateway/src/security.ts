// Security headers (helmet, with a per-request CSP nonce), the Origin check on state-changing
// requests, and the proxy setting (ADR 0706).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler } from "express";
import helmet from "helmet";
import { t } from "@dangjian/core";

export interface SecurityOptions {
  /** set when served over HTTPS: HSTS and upgrade-insecure-requests */
  secure: boolean;
  /** origins of the object store that signed URLs point at (photos, files, video segments, uploads) */
  storageOrigins: readonly string[];
}

/** A fresh nonce per response, for React Router's inline scripts (entry.server reads it). */
export const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(18).toString("base64");
  next();
};

export function securityHeaders(options: SecurityOptions): RequestHandler {
  const storage = [...options.storageOrigins];
  const nonce = (_req: IncomingMessage, res: ServerResponse) =>
    `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // React Router's hydration scripts carry the nonce; no other inline script, no eval
        scriptSrc: ["'self'", nonce],
        scriptSrcAttr: ["'none'"],
        // React writes style attributes; the gateway's error page has one inline <style>
        styleSrc: ["'self'", "'unsafe-inline'"],
        // QR codes and thumbnails as data:/blob: images; signed object-store URLs
        imgSrc: ["'self'", "data:", "blob:", ...storage],
        // hls.js plays through MediaSource (blob:) and fetches segments from the object store
        mediaSrc: ["'self'", "blob:", ...storage],
        connectSrc: ["'self'", ...storage],
        workerSrc: ["'self'", "blob:"],
        fontSrc: ["'self'", "data:"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
  return (req, res, next) => {
    // the card's verifier scans with the camera; nothing else needs a device
    res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()");
    headers(req, res, next);
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin this request was addressed to (scheme from the proxy when trusted). */
export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? ""}`;
}

/**
 * Refuses state-changing requests sent from another site (login/logout CSRF and the rest): an
 * `Origin` header must be this site's (or one of `allowedOrigins`). Browsers send `Origin` with
 * every cross-site POST; without it, `Sec-Fetch-Site: cross-site` is refused too. A request with
 * neither (curl, server-to-server) carries no victim's browser, so it passes.
 */
export function originGuard(allowedOrigins: readonly string[] = []): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    const ok = origin !== undefined ? origin === requestOrigin(req) || allowed.has(origin) : fetchSite !== "cross-site";
    if (ok) return next();
    res.status(403).set("Cache-Control", "no-store");
    if (req.path.startsWith("/api/") || req.accepts(["html", "json"]) === "json")
      res.json({ error: t("auth.originRefused") });
    else res.type("text/plain; charset=utf-8").send(t("auth.originRefused"));
  };
}

/**
 * TRUST_PROXY → Express's "trust proxy". Explicit values only: "false" (direct), a hop count
 * ("1" behind one proxy), "loopback"/"uniquelocal"/"linklocal", or a list of addresses/CIDRs.
 * "true" (believe any X-Forwarded-For) is refused: a client could then choose its own address.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "true")
    throw new Error(
      "TRUST_PROXY=true 会相信任何客户端伪造的 X-Forwarded-For：请写代理的层数（如 1）或代理的地址（如 10.0.0.0/8）。",
    );
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const named = new Set(["loopback", "uniquelocal", "linklocal"]);
  for (const part of parts) {
    if (!named.has(part) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part))
      throw new Error(
        `TRUST_PROXY 无法识别：${part}（可用：层数、loopback、uniquelocal、linklocal、IP 或 CIDR，逗号分隔）`,
      );
  }
  return parts;
}
