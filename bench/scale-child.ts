/**
 * Entry of a scale measurement in a fresh process (row 3): measures one side, sends the result to
 * the bench over IPC and exits. Started by rows/scale-runner.ts with `--expose-gc`.
 */
import { measureScale, type ScaleOptions } from './rows/scale.js';

process.once('message', (options: ScaleOptions) => {
  measureScale(options).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
