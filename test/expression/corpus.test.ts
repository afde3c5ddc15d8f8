import path from 'node:path';
import { expect, it } from 'vitest';
import {
  checkExpressions,
  ExpressionSyntaxError,
  findExpressions,
  parseExpression,
} from '../../src/expression/index.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { loadCorpusFactory } from './corpus-project.js';

/**
 * Corpus files that are really wrong, each verified by reading the file: the diagnostics expected for
 * them. Anything else reported on the corpus is a false positive and fails the test.
 */
const KNOWN_PROBLEMS: Array<{ factory: string; resource: string; code: string; about: string; reason: string }> = [
  {
    factory: 'OmriAvissar-SpartaBI__yesg__DataFactory-Polli',
    resource: 'Pipeline/Pipeline_Main',
    code: 'ref.missing-parameter',
    about: 'Optional_PreRunSp_Name',
    reason:
      'its ExecutePipeline passes 4 of the 6 parameters of Pipeline_CopyViewToTable; Optional_PreRunSp_Name has no defaultValue',
  },
  ...['Source_ViewName', 'Taget_TableName', 'Optional_PreRunSp_Name'].map((about) => ({
    factory: 'OmriAvissar-SpartaBI__yesg__DataFactory-Polli',
    resource: 'Trigger/trigger2',
    code: 'ref.missing-parameter',
    about,
    reason:
      'the (stopped) schedule trigger starts Pipeline_CopyViewToTable without any parameters; three of them have no defaultValue',
  })),
  ...[
    [
      'PL_Generic_Ingest_Executor_V1',
      [
        'PL_GENERIC_INGEST_WATERMARK',
        'PL_GENERIC_SQL_CDC_INGEST',
        'PL_Generic_Full_Load',
        'PL_Generic_SQL_CHANGETRACKING',
      ],
    ],
    [
      'PL_Generic_Ingest_Executor_V11',
      [
        'PL_GENERIC_INGEST_WATERMARK1',
        'PL_GENERIC_SQL_CDC_INGEST1',
        'PL_Generic_Full_Load1',
        'PL_Generic_SQL_CHANGETRACKING1',
      ],
    ],
  ].flatMap(([caller, callees]) =>
    (callees as string[]).map((callee) => ({
      factory: 'mahes-a__Mappingdataflowsynapse__Mappingdataflowsynapse',
      resource: `Pipeline/${caller as string}`,
      code: 'ref.missing-parameter',
      about: 'ADLSDirectoryName',
      reason: `its ExecutePipeline of ${callee} passes no ADLSDirectoryName, which has no defaultValue: the child run fails when it reads it, the factory deploys`,
    })),
  ),
  {
    factory: 'ikanwal__ikwal.github.io__irkanwal',
    resource: 'Pipeline/pipeline5',
    code: 'expr.unknown-global-parameter',
    about: 'container',
    reason:
      'uses pipeline().globalParameters.container, but neither factory/*.json of this folder declares global parameters',
  },
  {
    factory: 'ikanwal__ikwal.github.io__irkanwal',
    resource: 'Pipeline/pipeline5',
    code: 'ref.unknown-parameter',
    about: 'containerName',
    reason: 'passes containerName to dataset DelimitedText5, which declares no parameters',
  },
  {
    factory: 'ikanwal__ikwal.github.io__irkanwal',
    resource: 'Pipeline/pipeline60',
    code: 'ref.missing-parameter',
    about: 'filenametesting',
    reason:
      'its ExecutePipeline "Benarzipipeline" passes no parameters; Benarzipipeline requires filenametesting (no defaultValue)',
  },
  {
    factory: 'ikanwal__ikwal.github.io__irkanwal',
    resource: 'Trigger/trigger13',
    code: 'ref.missing-parameter',
    about: 'filenametesting',
    reason: 'the (stopped) blob events trigger starts Benarzipipeline without parameters',
  },
];

describeShared('expressions of the ../shared corpus', () => {
  const factories = corpusFactories();
  const loaded = factories.map((f) => ({ factory: f, ...loadCorpusFactory(path.join(CORPUS, f)) }));
  const expressions = loaded.flatMap(({ factory, project }) =>
    project.resources.flatMap((r) =>
      findExpressions(r.properties).map((e) => ({ factory, resource: `${r.kind}/${r.name}`, ...e })),
    ),
  );

  it(`finds and parses every expression (${expressions.length} in ${factories.length} factories)`, () => {
    // 1,060 when this test was written: a floor guards against the finder silently missing expressions.
    expect(expressions.length).toBeGreaterThanOrEqual(1000);
    const failures = expressions
      .map((e) => ({
        e,
        r: e.unterminated ? new ExpressionSyntaxError(0, 'unterminated @{') : parseExpression(e.text),
      }))
      .filter(({ r }) => r instanceof ExpressionSyntaxError)
      .map(
        ({ e, r }) =>
          `${e.factory} ${e.resource} ${e.path.join('.')}: ${(r as ExpressionSyntaxError).message} in ${e.text}`,
      );
    expect(failures).toEqual([]);
  });

  it('reports no static-check problem beyond the known, verified ones', () => {
    const found = loaded.flatMap(({ factory, project }) =>
      checkExpressions(project).map((d) => {
        const known = KNOWN_PROBLEMS.find(
          (k) =>
            k.factory === factory &&
            k.resource === d.resource &&
            k.code === d.code &&
            d.message.includes(`'${k.about}'`),
        );
        return known
          ? `known: ${factory} ${d.resource} ${d.code} ${known.about}`
          : `UNEXPECTED: ${factory} ${d.resource} ${d.code} ${d.message}`;
      }),
    );
    expect(found.sort()).toEqual(
      KNOWN_PROBLEMS.map((k) => `known: ${k.factory} ${k.resource} ${k.code} ${k.about}`).sort(),
    );
  });

  it('reports the known problems as warnings only: the service accepts these deployed factories', () => {
    const errors = loaded.flatMap(({ factory, project }) =>
      checkExpressions(project)
        .filter((d) => d.severity === 'error')
        .map((d) => `${factory} ${d.resource} ${d.code}`),
    );
    expect(errors).toEqual([]);
  });
});
