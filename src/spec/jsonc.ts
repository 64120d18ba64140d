// jsonc-parser, from its ES module build. Its package "main" is a UMD build whose factory requires './impl/…' at
// run time, which esbuild cannot follow: bundled as is, the extension and the CLI fail with
// "Cannot find module './impl/format'". The ES build bundles cleanly and runs the same under tsx and tsc.
export { createScanner, findNodeAtLocation, format, getLocation, getNodePath, parseTree, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
export type { Node, ParseError } from 'jsonc-parser/lib/esm/main.js';
