// The display width of printable ASCII text is its length. yargs lays out every help text (which
// it renders on each command, help asked or not) through string-width, whose copies each build
// an Intl.Segmenter when loaded (ICU's grapheme rules, about a tenth of a small command's time)
// and segment every string. The CLI bundle (scripts/bundle-cli.mjs) gives yargs, cliui and
// wrap-ansi their string-width behind this fast path: text of printable ASCII only is measured
// here, anything else by the real module, loaded the first time it is needed.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `stringWidth` answering printable ASCII itself and the rest through `loadReal()`'s. */
export function withAsciiFastPath(loadReal) {
  let real;
  return (text, options) => {
    if (typeof text === "string" && PRINTABLE_ASCII.test(text)) return text.length;
    real ??= loadReal();
    return real(text, options);
  };
}
