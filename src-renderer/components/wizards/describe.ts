// The sentence lives in the engine so that the CLI's confirmation says the same thing.
export { describeOperation } from '../../../src-main/contract/pure.ts';
