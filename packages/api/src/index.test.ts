import { describe, expect, it } from 'vitest';
import { API_VERSION } from './index.js';

describe('@clickos/api', () => {
  it('names its API version', () => {
    expect(API_VERSION).toMatch(/^v\d+$/);
  });
});
