import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../context.js';
import { evaluate } from '../evaluate.js';

// The shapes of the reference's xpath() examples (a produce list, a namespaced file), in our own data.
const produce = (names: [string, string]): string =>
  `<?xml version="1.0"?>
<produce>
  <item>
    ${names[0]}
    <type>apple</type>
    <count>20</count>
  </item>
  <item>
    ${names[1]}
    <type>apple</type>
    <count>10</count>
  </item>
</produce>`;

const ctx: EvaluationContext = {
  parameters: {
    items: produce(['<name>Gala</name>', '<name>Honeycrisp</name>']),
    flagged: produce([
      "<name expired='true' price='12'>Gala</name>",
      "<name expired='false' price='40'>Honeycrisp</name>",
    ]),
    one: produce(["<name expired='true'>Gala</name>", '<name>Honeycrisp</name>']),
    file: '<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>',
  },
};
const run = (text: string): unknown => evaluate(text, ctx);

describe('xpath()', () => {
  it.each([
    [
      "@xpath(xml(pipeline().parameters.items), '/produce/item/name')",
      ['<name>Gala</name>', '<name>Honeycrisp</name>'],
    ],
    ["@xpath(xml(pipeline().parameters.items), '/produce/item[1]/name')", '<name>Gala</name>'],
    ["@xpath(xml(pipeline().parameters.items), '/produce/item[last()]/name')", '<name>Honeycrisp</name>'],
    ["@xpath(xml(pipeline().parameters.items), 'string(/produce/item[last()]/name)')", 'Honeycrisp'],
    [
      "@xpath(xml(pipeline().parameters.flagged), '//name[@expired]')",
      ['<name expired="true" price="12">Gala</name>', '<name expired="false" price="40">Honeycrisp</name>'],
    ],
    ["@xpath(xml(pipeline().parameters.one), '//name[@expired = ''true'']')", '<name expired="true">Gala</name>'],
    [
      "@xpath(xml(pipeline().parameters.flagged), '//name[@price > 35]')",
      '<name expired="false" price="40">Honeycrisp</name>',
    ],
    ["@xpath(xml(pipeline().parameters.flagged), '//name/@price')", ['12', '40']],
    ["@xpath(xml(pipeline().parameters.items), '//item/name/text()')", ['Gala', 'Honeycrisp']],
    // Numeric results are numbers.
    ["@xpath(xml(pipeline().parameters.items), 'sum(/produce/item/count)')", 30],
    ["@add(xpath(xml(pipeline().parameters.items), 'count(//item)'), 1)", 3],
    ["@xpath(xml(pipeline().parameters.items), 'count(//item) > 1')", true],
    ["@xpath(xml(pipeline().parameters.items), '//nothing')", []],
    // A default namespace: match by name() or local-name() and namespace-uri(); the node keeps its xmlns.
    [
      '@xpath(xml(pipeline().parameters.file), \'/*[name()="file"]/*[name()="location"]\')',
      '<location xmlns="https://contoso.com">Paris</location>',
    ],
    [
      '@xpath(xml(pipeline().parameters.file), \'/*[local-name()="file" and namespace-uri()="https://contoso.com"]/*[local-name()="location"]\')',
      '<location xmlns="https://contoso.com">Paris</location>',
    ],
    ['@xpath(xml(pipeline().parameters.file), \'string(/*[name()="file"]/*[name()="location"])\')', 'Paris'],
  ])('%s', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });
});

describe('json(<xml>) and xml(<json>)', () => {
  it("json(xml(...)): the declaration as '?xml', attributes as '@name', one child as an object", () => {
    const text =
      "@json(xml('<?xml version=\"1.0\"?> <root> <person id=''1''> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> </root>'))";
    // Json.NET's SerializeXmlNode (which the runtime uses) gives an object for a single <person>;
    // the reference's listing shows it inside an array.
    expect(run(text)).toEqual({
      '?xml': { '@version': '1.0' },
      root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } },
    });
  });

  it('repeated elements become an array; text beside attributes is #text; an empty element is null', () => {
    expect(run('@json(\'<r><p>a</p><p>b</p><q id="7">x</q><e/></r>\')')).toEqual({
      r: { p: ['a', 'b'], q: { '@id': '7', '#text': 'x' }, e: null },
    });
  });

  it('xml(json(...)) as in the reference', () => {
    expect(run('@xml(json(\'{ "name": "Sophia Owen" }\'))')).toBe('<name>Sophia Owen</name>');
    expect(run('@xml(json(\'{"person": {"name": "Sophia Owen", "city": "Seattle"}}\'))')).toBe(
      '<person><name>Sophia Owen</name><city>Seattle</city></person>',
    );
    expect(run("@xml('<name>Sophia Owen</name>')")).toBe('<name>Sophia Owen</name>');
  });

  it('round-trips attributes and text', () => {
    expect(run('@json(xml(json(\'{"a": {"@x": "1", "#text": "t"}}\')))')).toEqual({ a: { '@x': '1', '#text': 't' } });
  });
});
