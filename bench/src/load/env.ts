// The load bench's environment, validated once.
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const env = createEnv({
  server: {
    /** the running platform (npm start); default http://localhost:$PORT */
    BASE_URL: z.url().optional(),
    PORT: z.coerce.number().int().default(3000),
    CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
