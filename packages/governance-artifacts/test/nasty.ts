/** Test values that try to break a Markdown table, open code, inject HTML or a link. */
export const NASTY = [
  'a | b || c',
  'trailing backslash \\',
  'backslash before pipe \\| still one cell',
  'tick ` and ```fence```',
  'line one\nline two\r\nline three\rfour\u2028five\u2029six\u0085seven',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//x.example/a.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1)) **bold** _em_ ~~strike~~',
  '&lt;script&gt; already-escaped',
  '\u0000nul\u0007bell\ttab\u001b[31mansi',
  '| --- | --- |',
  '# heading\n- list\n> quote',
] as const;
