import { textMayHoldSecretShapes } from '../diff/secret-shapes.js';
import { noteShapeFree } from '../diff/secrets.js';

/**
 * The loaded documents whose file text cannot hold a secret shape (src/diff/secret-shapes.ts), noted as such once
 * the project is loaded, so the output scrubber and the comparisons skip their walks over them (issue 19: most of
 * a project's 5,000 files have neither an '=', nor `SecureString`, nor `headers`).
 *
 * A secret env value enters a document by substitution (the file then holds a placeholder and is not noted) or is
 * written in it as it stands: a document string is a piece of the text as written unless an escape ('\\', which
 * the shapes already count), a doubled quote or folded white space made it, so a value with neither quote nor white
 * space is found in the text of any file that holds it. The values are known only at the end of the load (each
 * substitution adds one), so the texts are checked then; with any other value nothing is noted.
 */
export interface ShapeFreeNotes {
  /** The documents read from one file's text (`placeholders`: the loader's mayHoldPlaceholders of it). */
  add(text: string, placeholders: boolean, properties: object[]): void;
  /** Note every document added whose text holds no secret env value (`env`: the project's, final). */
  note(env: Map<string, string> | undefined): void;
}

export function shapeFreeNotes(): ShapeFreeNotes {
  const candidates: { text: string; properties: object[] }[] = [];
  return {
    add(text, placeholders, properties) {
      if (properties.length === 0 || placeholders || textMayHoldSecretShapes(text)) return;
      candidates.push({ text, properties });
    },
    note(env) {
      const values = [...(env?.values() ?? [])].filter((v) => v.length > 0);
      if (values.some((v) => /[\s'"]/.test(v))) return;
      for (const { text, properties } of candidates) {
        if (values.some((v) => text.includes(v))) continue;
        for (const p of properties) noteShapeFree(p, env);
      }
      candidates.length = 0;
    },
  };
}
