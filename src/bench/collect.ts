// Reads what a bench script printed on stdout: each JSON line with a name, a
// value and a unit is a figure; any other line is kept as text, so a script that
// prints a table of its own still shows up in bench/results.json.

export interface CollectedFigure { name: string; value: number | null; unit: string; note?: string }

export function parseBenchOutput(stdout: string): { figures: CollectedFigure[]; text: string[] } {
  const figures: CollectedFigure[] = [];
  const text: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const f = asFigure(line);
    if (f) figures.push(f);
    else text.push(line);
  }
  return { figures, text };
}

function asFigure(line: string): CollectedFigure | undefined {
  if (!line.startsWith('{')) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object') return undefined;
  const { name, value, unit, note } = o as Record<string, unknown>;
  if (typeof name !== 'string' || typeof unit !== 'string' || !(typeof value === 'number' || value === null)) return undefined;
  return { name, value, unit, ...(typeof note === 'string' ? { note } : {}) };
}
