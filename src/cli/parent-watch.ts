/** How often the parent is looked for: a stopped agent should free its port within a second or so. */
const CHECK_MS = 500;

/**
 * Resolves when the process that started this one has gone. `npx parley agent &` then `kill $!`
 * kills npm, not the agent: without this, the agent would live on, orphaned, holding its port.
 * An orphan is re-parented (to init or a subreaper), so its parent id changes.
 */
export function parentGone(): { gone: Promise<void>; stop: () => void } {
  const parent = process.ppid;
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (process.ppid !== parent || !alive(parent)) resolve();
    }, CHECK_MS);
    timer.unref();
  });
  return { gone, stop: () => clearInterval(timer) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
