/** The three web apps, each its own React Router build under its own base path. */
export type AppId = "branch" | "school" | "card";
