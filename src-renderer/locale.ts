// naive-ui's English locale without its stand-in placeholders ("Please Input", "Please Select"): they tell an
// operator nothing and read as unfinished. A field that needs a hint names its own; the rest stay blank.
import { enUS, type NLocale } from 'naive-ui';

export const consoleLocale: NLocale = {
  ...enUS,
  Input: { ...enUS.Input, placeholder: '' },
  InputNumber: { ...enUS.InputNumber, placeholder: '' },
  Select: { ...enUS.Select, placeholder: '' },
  Cascader: { ...enUS.Cascader, placeholder: '' },
};
