/**
 * Entry of a scale measurement in a fresh process (row 3): measures one side, sends the result to
 * the bench over IPC and exits. Started by rows/scale-runner.ts with `--expose-gc`.
 */
import { answerParent } from './child.js';
import { measureScale } from './rows/scale.js';

answerParent(measureScale);
