// Tests that start processes or workers pass explicit, generous limits of their own; this default covers any
// other test on a slow, busy machine (vitest's own default is 5 s).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, setupFiles: ['tests/setup.ts'] } });
