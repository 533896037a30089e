/**
 * Entry of one side of the soak row in a fresh process (row 11): runs it, sends the result to the
 * bench over IPC and exits. Started by rows/soak.ts (`runSoak`).
 */
import { answerParent } from './child.js';
import { measureSoak } from './rows/soak.js';

answerParent(measureSoak);
