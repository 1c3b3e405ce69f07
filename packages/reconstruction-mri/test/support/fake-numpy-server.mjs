// A stand-in for `numpy_ifft2.py --serve` (no python, no numpy): answers `info`, echoes `time`
// requests with fixed figures, answers an error for `fail`, and exits on `exit`.
import readline from 'node:readline';

if (process.argv[2] !== '--serve') process.exit(2);
for await (const line of readline.createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  if (req.op === 'exit') {
    process.stderr.write('fake server: asked to exit\n');
    process.exit(3);
  }
  const reply =
    req.op === 'info'
      ? { numpy: '0.0-fake', routes: ['a', 'b'] }
      : req.op === 'time'
        ? { numpy: '0.0-fake', n: req.n, best_route: (req.routes ?? ['a'])[0], median_ms: 1.5, min_ms: 1, samples_ms: [1, 1.5, 2], routes: { a: 1.5 } }
        : { error: `ValueError: unknown op '${req.op}'` };
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
