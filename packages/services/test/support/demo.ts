// The demo region for tests of packages that do not depend on @dangjian/db themselves (the worker).
export { seedDemo } from "@dangjian/seed";
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@dangjian/seed/demo-accounts";
