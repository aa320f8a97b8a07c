// Escaping for the one-file HTML report. Everything that came from a history
// (node names, messages, commands) is untrusted text: it goes through `esc` in
// markup and through `scriptJson` inside <script> blocks.

export function esc(s: unknown): string {
  return String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON that is safe inside a <script> element (no `</script>`, no HTML comment openers). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** Library source inlined in a <script> element: only `</script` can end it early. */
export function scriptSource(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/** Seconds with at most 3 decimals, for display. */
export function fmtSeconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}
