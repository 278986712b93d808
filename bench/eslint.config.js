import base from "@dangjian/config/eslint";

// Benchmarks are dev tooling: they set up rows through the raw client on purpose.
export default [...base, { files: ["src/**"], rules: { "no-restricted-syntax": "off" } }];
