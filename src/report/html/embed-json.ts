/**
 * JSON that can sit inside an HTML `<script>` element whatever strings it holds: `<`, `>` and
 * `&` are written as \u escapes (so no `</script>` or `<!--` can end or bend the element), and so
 * are U+2028 and U+2029 (line terminators in older JavaScript). JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Text safe between HTML tags or inside a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
