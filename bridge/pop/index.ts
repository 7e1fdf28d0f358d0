export { StorePopAssembler, type StorePopAssemblerOptions } from './store-pop-assembler.js';
export { popFlags } from './pop-flags.js';
