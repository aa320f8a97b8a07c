// The oracle uses the current module unchanged: this part was not rewritten for streaming.
export * from '../../../checkers/bounds.js';
