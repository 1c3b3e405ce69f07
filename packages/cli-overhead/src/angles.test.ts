import { describe, expect, it } from 'vitest';
import { parseAngles } from './angles';

describe('parseAngles', () => {
  it('START:STOP:COUNT with STOP excluded, as linspace(..., endpoint=False)', () => {
    expect(Array.from(parseAngles('0:180:4'))).toEqual([0, 45, 90, 135]);
    expect(Array.from(parseAngles('-90:90:3'))).toEqual([-90, -30, 30]);
    expect(Array.from(parseAngles('180:0:2'))).toEqual([180, 90]);
    expect(Array.from(parseAngles('0:360:1'))).toEqual([0]);
  });

  it('rejects malformed text with the expected form', () => {
    for (const bad of ['0:180', '0:180:0', '0:180:2.5', 'a:180:4', '0::4', '10:10:4', '0:180:4:1', '0:180:32768', '0:180:9007199254740991', '-1e308:1e308:2']) {
      expect(() => parseAngles(bad), bad).toThrow(/START:STOP:COUNT/);
    }
  });

  it('bounds COUNT before allocating: the bound is in the message', () => {
    expect(parseAngles('0:180:32767')).toHaveLength(32767);
    expect(() => parseAngles('0:180:1000000000')).toThrow("COUNT must be an integer in 1..32767 (one angle per sinogram row), received '1000000000'");
  });
});
