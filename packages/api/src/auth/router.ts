import { z } from "zod";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ identifier: z.string().trim().max(64), password: z.string().max(256) }))
    .mutation(({ ctx, input }) => ctx.services.auth.login({ ...input, ip: ctx.ip, userAgent: ctx.userAgent })),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.actor);
    return { ok: true as const };
  }),
  changePassword: authedProcedure
    .input(
      z.object({
        currentPassword: z.string().max(256),
        newPassword: z.string().max(256),
        logoutOthers: z.boolean().default(true),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.auth.changePassword(ctx.actor, { ...input, ip: ctx.ip })),
  logoutEverywhere: authedProcedure.mutation(({ ctx }) => ctx.services.auth.logoutEverywhere(ctx.actor, ctx.ip)),
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? ctx.services.auth.describe(ctx.actor) : null)),
});
