export { default } from "@dangjian/config/eslint";
