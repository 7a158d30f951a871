export { MissingPathError, TemplateSyntaxError } from './errors.js';
export { parsePath, TEMPLATE_ROOTS } from './path.js';
export { type CompiledTemplate, compileTemplate, isTemplate } from './template.js';
export {
  type CompiledValue,
  compileValue,
  renderValue,
  TemplateAtPathError,
  templatedPaths,
  type ValuePath,
} from './value.js';
