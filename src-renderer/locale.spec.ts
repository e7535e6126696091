// naive-ui's stand-in placeholders ("Please Input", "Please Select") never reach the operator (scripts/renderer-placeholders.spec.ts checks each field names its own).
import { describe, expect, it } from 'vitest';
import { consoleLocale } from './locale.ts';

describe('the console locale', () => {
  it("blanks naive-ui's stand-in placeholders", () => {
    const placeholders = [consoleLocale.Input.placeholder, consoleLocale.InputNumber.placeholder, consoleLocale.Select.placeholder, consoleLocale.Cascader.placeholder];
    expect(placeholders).toEqual(['', '', '', '']);
  });
});
