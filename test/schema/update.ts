/**
 * `npm run schema`: write schema/simulation.schema.json from src/scenario/simulation-schema.ts.
 * The schema test fails until the file is rewritten after a change of the definitions.
 */
import { writeFileSync } from "node:fs";
import { SCHEMA_FILE, simulationSchemaText } from "../../src/scenario/simulation-schema.js";

writeFileSync(SCHEMA_FILE, simulationSchemaText());
process.stdout.write(`schema: wrote ${SCHEMA_FILE}\n`);
