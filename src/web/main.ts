/**
 * The page's entry: installs the browser platform (through the library), exposes the library as
 * `window.hdfe`, streams the WebAssembly core, wires the controls, and runs the automation contract when
 * the address carries one.
 */
import * as hdfe from '../browser.js';
import { contractQuery, runContract } from './contract.js';
import { mountPage } from './ui.js';
import { warmUp } from './warm.js';

(window as unknown as { hdfe: typeof hdfe }).hdfe = hdfe;
const ready = hdfe.init();
// When the controls are wired and the core is loaded: what bench/web.ts reads as 'interactive'. Then a small
// warm-up fit (warm.ts) in the next turn, so a person's first fit runs in compiled code.
void ready.then(() => {
  performance.mark('hdfe-ready');
  setTimeout(() => { warmUp(); performance.mark('hdfe-warm'); }, 0);
});
mountPage(ready);
const query = contractQuery(location.search);
if (query) void runContract(query, ready);
