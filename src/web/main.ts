/**
 * The page's entry: installs the browser platform (through the library), exposes the library as
 * `window.hdfe`, streams the WebAssembly core, wires the controls, and runs the automation contract when
 * the address carries one.
 */
import * as hdfe from '../browser.js';
import { contractQuery, runContract } from './contract.js';
import { mountPage } from './ui.js';

(window as unknown as { hdfe: typeof hdfe }).hdfe = hdfe;
const ready = hdfe.init();
mountPage(ready);
const query = contractQuery(location.search);
if (query) void runContract(query, ready);
