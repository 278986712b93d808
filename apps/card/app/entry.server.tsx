// React Router's server entry with the CSP nonce (shared by the three apps).
export { default, streamTimeout } from "@dangjian/ui/entry.server";
