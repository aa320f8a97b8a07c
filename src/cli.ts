// The gossiplab command line. It only parses and validates flags, then calls the
// functions in commands.ts. Errors the user can act on print one line and exit 2.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { campaignCommand, checkCommand, claimsCommand, compareCommand, cleanCommand, doctorCommand, imageCommand, runCommand, serveCommand } from './commands.js';
import { storeRoot } from './paths.js';
import { ConfigError, LabError, describe } from './errors.js';
import { parseDuration, DURATION_PATTERN } from './config/duration.js';

function positiveInt(flag: string) {
  return (v: unknown): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError('command line', flag, 'a whole number of at least 1', describe(v));
    return n;
  };
}

function nonNegativeInt(flag: string) {
  return (v: unknown): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError('command line', flag, 'a whole number of at least 0', describe(v));
    return n;
  };
}

function durationFlag(v: unknown): number {
  const s = String(v);
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (!DURATION_PATTERN.test(s)) throw new ConfigError('command line', '--duration', 'a duration such as 30s or 2m', describe(v));
  return parseDuration(s);
}

async function exit(p: Promise<number>): Promise<never> {
  process.exit(await p);
}

await yargs(hideBin(process.argv))
  .scriptName('gossiplab')
  .command('run [scenario]', 'run a scenario in Docker and write its report', (y) => y
    .positional('scenario', { type: 'string', default: 'default', describe: 'a scenario file, or the name of one in scenarios/' })
    .option('nodes', { type: 'number', describe: 'cluster size (overrides the scenario)', coerce: positiveInt('--nodes') })
    .option('seed', { type: 'number', describe: 'run seed (overrides the scenario)', coerce: nonNegativeInt('--seed') })
    .option('duration', { type: 'string', describe: 'length of the fault phase, e.g. 30s', coerce: durationFlag })
    .option('skip-unsupported', { type: 'boolean', default: false, describe: 'run a scenario whose faults this host cannot all do; the others are marked skipped' })
    .option('runtime', { choices: ['docker', 'sim'] as const, default: 'docker' as const, describe: 'real containers, or the deterministic simulator' }),
  (a) => exit(runCommand(a.scenario, { nodes: a.nodes, seed: a.seed, duration: a.duration as number | undefined, skipUnsupported: a.skipUnsupported, runtime: a.runtime })))
  .command('check <dir>', 're-run the checkers on a stored run', (y) => y
    .positional('dir', { type: 'string', demandOption: true })
    .option('bounds', { type: 'string', describe: 'a YAML file of bound overrides: {checker: {bound: value}}' }),
  (a) => exit(checkCommand(a.dir, a.bounds)))
  .command('compare <a> <b>', 'put two stored runs side by side (e.g. Docker and sim, same scenario and seed)', (y) => y
    .positional('a', { type: 'string', demandOption: true }).positional('b', { type: 'string', demandOption: true }),
  (a) => exit(compareCommand(a.a, a.b)))
  .command('clean', 'remove every container, network, rule and file that carries the lab\'s label', {}, () => exit(cleanCommand()))
  .command('image', 'assemble the node image offline (skipped when nothing changed)', (y) => y
    .option('quiet', { type: 'boolean', default: false }), (a) => exit(imageCommand(a.quiet)))
  .command('campaign <file>', 'run a campaign: a matrix of configurations against scenarios, with a report and JUnit XML', (y) => y
    .positional('file', { type: 'string', demandOption: true })
    .option('resume', { type: 'boolean', default: false, describe: 'continue the newest unfinished campaign with this plan, skipping finished runs' })
    .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' })
    .option('skip-unsupported', { type: 'boolean', default: false, describe: 'run scenarios whose faults this host cannot all do; the others are marked skipped' }),
  (a) => exit(campaignCommand(a.file, { resume: a.resume, json: a.json, skipUnsupported: a.skipUnsupported })))
  .command('claim <file>', 'run a claim file and print holds, refuted or inconclusive', (y) => y
    .positional('file', { type: 'string', demandOption: true }), (a) => exit(claimsCommand([a.file])))
  .command('claims', 'run every claim in scenarios/claims/', {}, () => exit(claimsCommand()))
  .command('doctor', 'say what this host can do', {}, () => exit(doctorCommand()))
  .command('serve [store]', 'browse the store over HTTP on localhost: runs and campaigns, newest first', (y) => y
    .positional('store', { type: 'string', describe: 'the store folder (default: GOSSIPLAB_STORE or ./store)' })
    .option('port', { type: 'number', default: 8080, coerce: nonNegativeInt('--port') }),
  (a) => exit(serveCommand(a.store ?? storeRoot(), a.port)))
  .demandCommand(1, 'name a command: run, campaign, claim, claims, check, clean, image, doctor or serve')
  .strict()
  .fail((msg, e) => {
    const m = e instanceof LabError ? e.message : e ? `${e.name}: ${e.message}` : msg;
    process.stderr.write(`gossiplab: ${m}\n`);
    if (!e) process.stderr.write('run `gossiplab --help` for usage\n');
    process.exit(2);
  })
  .help()
  .parseAsync();
