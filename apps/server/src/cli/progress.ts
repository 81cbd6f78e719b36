/** A one-line text progress bar for the CLI, redrawn in place on a terminal. */
export function progressBar(
  label: string,
  out: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  let lastDrawn = -1;
  return (done, total) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(ratio * 100);
    if (percent === lastDrawn && done < total) return;
    lastDrawn = percent;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`;
    if (out.isTTY) out.write(`\r${line}`);
    else out.write(`${line}\n`);
    if (done >= total && out.isTTY) out.write('\n');
  };
}
