// A .wat file, imported: its WebAssembly module as base64 (esbuild.mjs assembles it for the bundles,
// scripts/wat-hook.cjs for code run from sources).
declare module '*.wat' {
  const base64: string;
  export default base64;
}
