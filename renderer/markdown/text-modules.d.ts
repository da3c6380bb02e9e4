// Markdown files imported by the renderer (the user guide pages in
// resources/guide/): the build's esbuild `text` loader inlines them as strings.
declare module '*.md' {
  const text: string;
  export default text;
}
