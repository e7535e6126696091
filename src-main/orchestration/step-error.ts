// A step's own failure that is not a fabric's answer: a local script that failed or ran out of time, or a
// step the runner stopped waiting for. Fabric failures are the port's FabricError (ports/fabric-port.ts).
export class StepError extends Error {
  /** `timeout`: the outcome is unknown (the work may still finish); `failed`: it definitely did not succeed. */
  readonly kind: 'failed' | 'timeout';
  constructor(kind: StepError['kind'], message: string) {
    super(message);
    this.name = 'StepError';
    this.kind = kind;
  }
}
