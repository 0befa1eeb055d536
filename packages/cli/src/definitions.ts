// Click's command-line definitions, NAME=VALUE, given with -D or after the file like Click's drivers.
import { UsageError } from '@clickos/core';
import { type Command, InvalidArgumentError } from 'commander';

const DEFINITION = /^([^=]+)=(.*)$/s;

function collect(value: string, previous: string[]): string[] {
  if (!DEFINITION.test(value)) throw new InvalidArgumentError('definitions are written NAME=VALUE.');
  return [...previous, value];
}

/** Adds `-D NAME=VALUE` (repeatable) and the trailing `[NAME=VALUE...]` arguments. */
export function addDefinitionOptions(command: Command): Command {
  return command
    .argument('[definitions...]', 'NAME=VALUE definitions, as with -D')
    .option('-D, --define <NAME=VALUE>', 'give $NAME the value VALUE (repeatable)', collect, []);
}

/** The definitions of `-D` options then trailing arguments; a later one wins. */
export function definitionsFrom(options: string[] = [], trailing: string[] = []): Record<string, string> {
  const definitions: Record<string, string> = {};
  for (const text of [...options, ...trailing]) {
    const match = DEFINITION.exec(text);
    if (!match?.[1]) {
      throw new UsageError(`unexpected argument '${text}': definitions are written NAME=VALUE`);
    }
    definitions[match[1]] = match[2] ?? '';
  }
  return definitions;
}
