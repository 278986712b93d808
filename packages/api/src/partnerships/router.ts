import { router } from "../trpc.ts";

export const partnershipsRouter = router({
});
