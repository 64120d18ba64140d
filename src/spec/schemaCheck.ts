// Schema validation with ajv against schema/rnn.schema.json (the same file VS Code's JSON checker reads),
// each ajv error turned into a beginner's message on the exact range, with a quick fix where one is obvious.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../schema/rnn.schema.json';
import { closest, typoDistance } from './closest';
import { removePropertyFix, replaceFix, setPropertyFix } from './fixes';
import { pathLabel, type DraftProblem, type JsonDocument, type JsonPath } from './jsonDocument';
import { LIMITS, LIMIT_REASONS, SCHEMA_LIMITS } from './limits';
import type { FixSource } from './problems';
import type { ProblemFix } from './types';

type SchemaNode = Record<string, unknown>;

export const SPEC_SCHEMA = schemaJson as unknown as SchemaNode;

// Keep schemas that apply to every item of a list (such as definitions/sequence) free of $ref: ajv inlines only
// ref-free schemas, and the errors of a non-inlined one are concatenated per item, which is quadratic.

/** Above this many JSON values, report only the first schema error: ajv would otherwise build one object per bad
 *  item (150,000 unknown keys took half of a check), and a document this big is near the size limit anyway. */
const ALL_ERRORS_MAX_VALUES = 100_000;

/** Only this many schema errors become messages: nobody reads more, and each costs a lookup in the tree. */
const MAX_MAPPED_ERRORS = 600;

const validators: { all?: ValidateFunction; first?: ValidateFunction } = {};

function validator(allErrors: boolean): ValidateFunction {
  const key = allErrors ? 'all' : 'first';
  let validate = validators[key];
  if (!validate) {
    const ajv = new Ajv({ allErrors, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    // Keywords VS Code's JSON language service understands; ajv only needs to know they are not typos.
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'errorMessage']);
    validate = ajv.compile(SPEC_SCHEMA);
    validators[key] = validate;
  }
  return validate;
}

export function schemaProblems(document: JsonDocument, value: unknown, valueCount: number): DraftProblem[] {
  const validate = validator(valueCount <= ALL_ERRORS_MAX_VALUES);
  if (validate(value)) return [];
  const errors = relevantErrors(validate.errors ?? []);
  const problems: DraftProblem[] = [];
  for (const error of errors.slice(0, MAX_MAPPED_ERRORS)) {
    const problem = toProblem(document, value, error);
    if (problem) problems.push(problem);
  }
  if (errors.length > MAX_MAPPED_ERRORS) {
    const next = toProblem(document, value, errors[MAX_MAPPED_ERRORS]);
    const range = next ?? { offset: 0, length: 0 };
    problems.push(document.problem(range, { message: `…and ${errors.length - MAX_MAPPED_ERRORS} more problems like the ones above, from here on.`, path: next?.path ?? [], code: 'more' }));
  }
  return problems;
}

/** Drop errors from inside oneOf branches (the oneOf error says it better) and, where a value has the wrong type, everything else about it. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) return false;
    // "must match then schema" only repeats what the errors inside the branch say, where they are.
    if (error.keyword === 'if') return false;
    // What a property name broke (its pattern, its length) is said once, by the propertyNames error after it.
    if ((error as { propertyName?: string }).propertyName !== undefined) return false;
    if (error.keyword !== 'type' && wrongType.has(error.instancePath) && error.keyword !== 'required') return false;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const key = `${error.instancePath}|${error.keyword}|${params.missingProperty ?? params.additionalProperty ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(document: JsonDocument, root: unknown, error: ErrorObject): DraftProblem | undefined {
  const path = pointerToPath(error.instancePath, root);
  const value = valueAt(root, path);
  const label = pathLabel(path);
  // verbose errors carry the schema object that failed; schemaPath alone is relative to whichever $ref it came through.
  const parentSchema = asNode(error.parentSchema);
  const here = document.valueRange(path);
  const make = (message: string, code = 'schema', fixes?: FixSource, range = here, at = path) => document.problem(range, { message, path: at, code, fixes });

  switch (error.keyword) {
    case 'type': {
      const expected = String((error.params as { type: string | string[] }).type).split(',');
      if (path.length === 0) return make('A spec is a JSON object: { "model": { ... }, "data": { ... } }.');
      const fixes: (ProblemFix | undefined)[] = [];
      let hint = '';
      if (typeof value === 'string') {
        const asNumber = value.trim() === '' ? NaN : Number(value);
        const wantsNumber = expected.includes('number') || expected.includes('integer');
        if (wantsNumber && Number.isFinite(asNumber) && (!expected.includes('integer') || Number.isInteger(asNumber)) && !expected.includes('string')) {
          fixes.push(replaceFix(`Use the number ${asNumber}`, here, String(asNumber)));
          hint = ' Numbers are written without quotes.';
        } else if (/^-?(nan|infinity|inf)$/i.test(value.trim())) {
          hint = ' JSON has no NaN or Infinity: use a finite number.';
        }
      } else if (typeof value === 'number' && expected.length === 1 && expected[0] === 'integer') {
        const low = typeof parentSchema?.minimum === 'number' ? parentSchema.minimum : -Infinity;
        const high = typeof parentSchema?.maximum === 'number' ? parentSchema.maximum : Infinity;
        for (const whole of new Set([Math.floor(value), Math.ceil(value)])) {
          if (whole >= low && whole <= high) fixes.push(replaceFix(`Use ${whole}`, here, String(whole)));
        }
      }
      return make(`${label} must be ${expected.map(typeName).join(' or ')}, but it is ${describe(value)}.${hint}`, 'schema', fixes);
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      if (path.length === 1 && path[0] === 'version' && typeof value === 'number' && value > 1) {
        return make(`This file uses format version ${value}, but this version of Unroll reads version 1. Update Unroll to open it.`, 'version');
      }
      const suggestion = typeof value === 'string' ? closest(value, allowed) : allowed[0];
      const fix = suggestion === undefined ? undefined : replaceFix(`Change to ${JSON.stringify(suggestion)}`, here, JSON.stringify(enumValue(parentSchema, suggestion)));
      const didYouMean = typeof value === 'string' && suggestion !== undefined && closest(value, allowed, typoDistance(value)) ? ` Did you mean ${JSON.stringify(suggestion)}?` : '';
      return make(`${label} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${describe(value)}.${didYouMean}`, 'schema', [fix]);
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const propertySchema = resolve(asNode(asNode(parentSchema?.properties)?.[missing]));
      const about = propertySchema ? firstSentence(String(propertySchema.description ?? '')) : '';
      const fallback = propertySchema?.default;
      const fix = () => (fallback === undefined ? undefined : setPropertyFix(document, `Add "${missing}": ${JSON.stringify(fallback)}`, [...path, missing], fallback));
      // A misspelt key ("outputsize") is the likelier story than a forgotten one: rename it first.
      const known = Object.keys(asNode(parentSchema?.properties) ?? {});
      const given = value && typeof value === 'object' ? Object.keys(value) : [];
      const misspelt = given.find((key) => !known.includes(key) && closest(key, [missing], typoDistance(missing)));
      const rename = misspelt === undefined ? undefined : replaceFix(`Rename "${misspelt}" to "${missing}"`, document.keyRange([...path, misspelt]), JSON.stringify(missing));
      const owner = path.length === 0 ? 'The spec' : label;
      const hint = misspelt === undefined ? '' : ` (is "${misspelt}" meant to be "${missing}"?)`;
      return make(`${owner} is missing "${missing}"${hint}${about ? `: ${lowerFirst(about)}` : '.'}`, 'schema', () => [rename, fix()], document.ownerRange(path), [...path, missing]);
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(asNode(parentSchema?.properties) ?? {});
      const suggestion = closest(extra, known, typoDistance(extra));
      const at = [...path, extra];
      const keyRange = document.keyRange(at);
      const owner = path.length === 0 ? 'A spec' : label;
      if (suggestion && !(value && typeof value === 'object' && Object.hasOwn(value, suggestion))) {
        return make(`${owner} has no property "${extra}". Did you mean "${suggestion}"?`, 'schema', [replaceFix(`Rename to "${suggestion}"`, keyRange, JSON.stringify(suggestion))], keyRange, at);
      }
      return make(`${owner} has no property "${extra}". It can have: ${known.map((k) => `"${k}"`).join(', ')}.`, 'schema', () => [removePropertyFix(document, `Remove "${extra}"`, at)], keyRange, at);
    }
    case 'propertyNames': {
      const name = (error.params as { propertyName: string }).propertyName;
      const keyRange = document.keyRange([...path, name]);
      if (path.join('.') === 'view.inputLabels') {
        return make(`"${name}" is not a number: a key of view.inputLabels is an input value written as text, like "0.5".`, 'schema', [], keyRange, [...path, name]);
      }
      return make(`${label} has a property name that is far too long to be a weight name.`, 'schema', [], keyRange, [...path, name]);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { limit, comparison } = error.params as { limit: number; comparison: string };
      const limitName = schemaLimit(path);
      if (limitName && (error.keyword === 'maximum' || error.keyword === 'exclusiveMaximum')) {
        return make(`${label} is ${describe(value)}, over the limit of ${LIMITS[limitName]}: ${LIMIT_REASONS[limitName]}.`, 'limit', [
          replaceFix(`Use ${limit}`, here, String(limit)),
        ]);
      }
      const inclusive = error.keyword === 'minimum' || error.keyword === 'maximum';
      const fixes = inclusive ? [replaceFix(`Use ${limit}`, here, String(limit))] : [];
      return make(`${label} must be ${comparison.replace('>=', '≥').replace('<=', '≤')} ${limit}, but it is ${describe(value)}.`, 'schema', fixes);
    }
    case 'minItems':
    case 'maxItems': {
      const limit = (error.params as { limit: number }).limit;
      const count = Array.isArray(value) ? value.length : 0;
      const limitName = schemaLimit(path);
      if (error.keyword === 'maxItems' && limitName) {
        return make(`${label} has ${count} items, over the limit of ${limit}: ${LIMIT_REASONS[limitName]}.`, 'limit');
      }
      const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
      return make(`${label} must have ${bound} ${limit} item${limit === 1 ? '' : 's'}, but it has ${count}.`);
    }
    case 'minLength':
    case 'maxLength': {
      const limit = (error.params as { limit: number }).limit;
      const bound = error.keyword === 'minLength' ? 'at least' : 'at most';
      return make(`${label} must be ${bound} ${limit} character${limit === 1 ? '' : 's'} long.`);
    }
    case 'oneOf':
      return dataSourceProblem(document, value, path, label);
    default:
      return make(`${label} ${error.message ?? 'is not valid'}.`);
  }
}

const DATA_SOURCES = ['sequences', 'csv', 'generate'];

/** data's oneOf: exactly one of sequences, csv, generate. */
function dataSourceProblem(document: JsonDocument, value: unknown, path: JsonPath, label: string): DraftProblem {
  const present = value && typeof value === 'object' ? DATA_SOURCES.filter((key) => Object.hasOwn(value, key)) : [];
  if (present.length === 0) {
    const example = [{ inputs: [[0], [1]], target: [1] }];
    return document.problem(document.ownerRange(path), {
      message: `${label} needs a source: "sequences" (written out), "csv" (a file) or "generate" (formulas).`,
      path,
      code: 'schema',
      fixes: () => [setPropertyFix(document, 'Add inline "sequences"', [...path, 'sequences'], example)],
    });
  }
  const [kept, extra] = present;
  const at = [...path, extra];
  return document.problem(document.keyRange(at), {
    message: `${label} already takes its sequences from "${kept}"; remove "${extra}" (a spec has exactly one data source).`,
    path: at,
    code: 'schema',
    fixes: () => [removePropertyFix(document, `Remove "${extra}"`, at)],
  });
}

/** Decode an ajv instancePath (JSON pointer) into a path, with array indices as numbers. */
function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const path: JsonPath = [];
  let value = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      path.push(index);
      value = value[index];
    } else {
      path.push(segment);
      value = value && typeof value === 'object' && Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return value;
}

/** The responsiveness limit behind a schema maximum, looked up by '/data/sequences/*\/inputs' for ['data', 'sequences', 3, 'inputs']. */
function schemaLimit(path: JsonPath): keyof typeof LIMITS | undefined {
  const pointer = path.map((segment) => (typeof segment === 'number' ? '/*' : `/${segment}`)).join('');
  return Object.hasOwn(SCHEMA_LIMITS, pointer) ? SCHEMA_LIMITS[pointer] : undefined;
}

/** The schema node at an ajv schemaPath ("#/definitions/model/properties/cell/enum" split on "/"). */
function schemaAt(segments: string[]): SchemaNode | undefined {
  let node: unknown = SPEC_SCHEMA;
  for (const raw of segments.slice(1)) {
    const segment = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return asNode(node);
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/') ? schemaAt(ref.split('/')) : node;
}

function asNode(value: unknown): SchemaNode | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaNode) : undefined;
}

function enumValue(schema: SchemaNode | undefined, text: string): unknown {
  const values = Array.isArray(schema?.enum) ? (schema.enum as unknown[]) : [];
  return values.find((v) => String(v) === text) ?? text;
}

function typeName(type: string): string {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string in double quotes';
    case 'array':
      return 'a list [ ... ]';
    case 'object':
      return 'an object { ... }';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

/** How a found value is named in messages: short, and never the whole of a big value. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return 'missing';
  }
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return (end >= 0 ? text.slice(0, end + 1) : text).trim();
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
