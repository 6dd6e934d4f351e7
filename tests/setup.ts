// Tests import files under src/ directly rather than the package entry, so they install the Node platform
// the entry point would.
import '../src/platform/node/index.js';
