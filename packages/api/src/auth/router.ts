import { changePasswordInput, loginInput } from "@dangjian/services";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => ctx.services.auth.login({ ...input, ip: ctx.ip, userAgent: ctx.userAgent })),
  logout: authedProcedure.mutation(({ ctx }) => ctx.services.auth.logout(ctx.actor)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => ctx.services.auth.changePassword(ctx.actor, { ...input, ip: ctx.ip })),
  logoutEverywhere: authedProcedure.mutation(({ ctx }) => ctx.services.auth.logoutEverywhere(ctx.actor, ctx.ip)),
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? ctx.services.auth.describe(ctx.actor) : null)),
});
