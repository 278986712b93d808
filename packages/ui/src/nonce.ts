import { createContext } from "react";

/** The response's CSP nonce on the server (entry.server provides it); undefined in the browser. */
export const NonceContext = createContext<string | undefined>(undefined);
