import { countChat } from './src/core/tokens';
import { countTokens } from './src/core/tokens/counter';
import { countingRuleFor } from './src/core/tokens/families';
type P = any;
function fmtType(p: P, indent: number): string {
  switch (p.type) {
    case 'string': return p.enum ? p.enum.map((v: any) => `"${v}"`).join(' | ') : 'string';
    case 'number': case 'integer': return p.enum ? p.enum.map((v: any) => `${v}`).join(' | ') : 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'object': return ['{', fmtProps(p, indent + 2), '}'].join('\n');
    case 'array': return p.items ? `${fmtType(p.items, indent)}[]` : 'any[]';
  }
  return 'any';
}
function fmtProps(o: P, indent: number): string {
  const lines: string[] = [];
  for (const [k, p] of Object.entries<any>(o.properties ?? {})) {
    if (p.description) lines.push(`// ${p.description}`);
    lines.push(`${k}${o.required?.includes(k) ? '' : '?'}: ${fmtType(p, indent)},`);
  }
  return lines.map(l => ' '.repeat(indent) + l).join('\n');
}
function render(fns: P[]) {
  const lines = ['namespace functions {', ''];
  for (const f of fns) {
    if (f.description) lines.push(`// ${f.description}`);
    if (Object.keys(f.parameters?.properties ?? {}).length) { lines.push(`type ${f.name} = (_: {`); lines.push(fmtProps(f.parameters, 0)); lines.push('}) => any;'); }
    else lines.push(`type ${f.name} = () => any;`);
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}
function count(model: string, messages: any[], tools: any[]) {
  const enc = countingRuleFor(model).encoding as any;
  let padded = false;
  const ms = messages.map(m => { if (m.role === 'system' && !padded) { padded = true; return { ...m, content: m.content + '\n' }; } return m; });
  let n = countChat(model, ms).inputTokens;
  n += countTokens(enc, render(tools.map(t => t.function))) + 9;
  if (messages.some(m => m.role === 'system')) n -= 4;
  return n;
}
const t = (name: string, description: string|undefined, properties: any, required?: string[]) => ({ type: 'function', function: { name, description, parameters: { type: 'object', properties, required } } });
const W = t('get_current_weather','Get the current weather in a given location',{location:{type:'string',description:'The city and state, e.g. San Francisco, CA'},unit:{type:'string',description:'The unit of temperature to return',enum:['celsius','fahrenheit']}},['location']);
const cook = [{ role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },{ role: 'user', content: "What's the weather like in San Francisco?" }];
const cases: [string, any[], any[], string, number][] = [
 ['cookbook', cook, [W], 'gpt-4o', 101], ['cookbook', cook, [W], 'gpt-4o-mini', 101], ['cookbook', cook, [W], 'gpt-4', 105], ['cookbook', cook, [W], 'gpt-3.5-turbo', 105],
 ['two empty', [{role:'system',content:'Hello:'},{role:'system',content:'Hello'},{role:'user',content:'Hi there'}], [t('do_stuff',undefined,{}), t('do_other_stuff',undefined,{})], 'gpt-3.5-turbo', 49],
 ['foo', [{role:'user',content:'hello'}], [t('foo',undefined,{})], 'gpt-3.5-turbo',31],
 ['foo desc', [{role:'user',content:'hello'}], [t('foo','Do a foo',{})], 'gpt-3.5-turbo',36],
 ['bing2', [{role:'user',content:'hello'}], [t('bing_bong','Do a bing bong',{foo:{type:'string'},bar:{type:'number',description:'A number'}})], 'gpt-3.5-turbo',57],
 ['weather+bing', [{role:'user',content:'hello'}], [t('get_current_weather','Get the current weather in a given location',{location:{type:'string',description:'The city and state, e.g. San Francisco, CA'},unit:{type:'string',enum:['celsius','fahrenheit']}},['location']), t('bing_bong','Do a bing bong',{foo:{type:'string'},bar:{type:'number',description:'A number'}})], 'gpt-3.5-turbo',108],
 ['joke+weather', [{role:'system',content:'I want you to act as useful assistant.'},{role:'user',content:'Tell me a joke about programmers and at the same time find out what is the weather in Prague'}], [t('generate_theme_joke','Generate a joke based on a given theme',{theme:{type:'string',description:"The theme for the joke, e.g. 'animals', 'space', 'sports', etc."}},['theme']), t('get_weather','Get the current weather in a given location in Celsius degrees',{unit:{enum:['celsius','fahrenheit'],type:'string',default:'celsius'},location:{type:'string',description:'The city and state, e.g. San Francisco, CA'}},['location'])], 'gpt-3.5-turbo',159],
];
for (const [n, m, tools, model, exp] of cases) console.log(n, model, count(model, m, tools), 'api', exp);
