/** The page's whole style: inline, so the file stands alone. */
export const STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --muted: #6e7781; --line: #d0d7de; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.muted { color: var(--muted); }
table { border-collapse: collapse; } td, th { padding: 3px 8px; text-align: left; vertical-align: top; }
.counts td { font-size: 18px; font-weight: 600; } .counts th { font-weight: normal; color: var(--muted); }
.badge { display: inline-block; min-width: 48px; text-align: center; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; padding: 1px 6px; }
.badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); } .badge.error { background: var(--error); }
.chart { width: 100%; max-width: 640px; height: auto; } .chart .bar { fill: #0969da; }
.chart .axis { stroke: var(--muted); } .chart .mark { stroke: var(--fail); stroke-dasharray: 4 3; }
.chart text { font-size: 10px; fill: currentColor; } .chart .mark-label { fill: var(--fail); }
.filters { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; position: sticky; top: 0; background: Canvas; padding: 6px 0; }
.filters input[type=search] { flex: 1; min-width: 200px; padding: 4px 6px; }
details.sim { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.sim > summary { cursor: pointer; }
.sim .why { color: var(--fail); margin: 2px 0 2px 62px; }
.transcript td.who { font-weight: 600; white-space: nowrap; } .transcript td.text { white-space: pre-wrap; word-break: break-word; }
.transcript tr.failing td.text { background: rgba(207, 34, 46, 0.12); outline: 1px solid var(--fail); }
.transcript td.num { text-align: right; white-space: nowrap; color: var(--muted); }
.chips { margin-top: 4px; white-space: normal; } .chip { display: inline-block; margin: 2px 4px 0 0; padding: 1px 10px; border: 1px solid var(--muted); border-radius: 12px; font-size: 12px; }
.chip.clicked { font-size: 11px; padding: 0 6px; } .attachments code.attachment { display: block; margin-top: 4px; font-size: 11px; color: var(--muted); white-space: pre-wrap; }
.facts { color: var(--muted); font-size: 12px; }
ul.failures { padding-left: 0; list-style: none; } ul.failures .why { margin-left: 62px; color: var(--fail); }
`;

/**
 * Filtering: by verdict and by text (case id, messages, errors). Plain DOM, no library; it only
 * hides and shows what the page already holds.
 */
export const SCRIPT = `
(() => {
  const search = document.getElementById('filter-text');
  const boxes = Array.from(document.querySelectorAll('input[data-verdict]'));
  const sims = Array.from(document.querySelectorAll('details.sim'));
  const shown = document.getElementById('shown-count');
  const apply = () => {
    const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    const verdicts = new Set(boxes.filter((box) => box.checked).map((box) => box.dataset.verdict));
    let count = 0;
    for (const sim of sims) {
      const text = sim.textContent.toLowerCase();
      const visible = verdicts.has(sim.dataset.verdict) && words.every((word) => text.includes(word));
      sim.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = String(count);
  };
  search.addEventListener('input', apply);
  for (const box of boxes) box.addEventListener('change', apply);
  apply();
})();
`;
