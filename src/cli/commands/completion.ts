// `smm completion bash|zsh`: shell completion generated from the command tree itself, so it
// never falls behind the commands.

import type { Command } from 'commander';
import type { CliIO } from '../context.js';
import { usageError } from '../errors.js';
import { GET_RESOURCES } from './get.js';

interface Node { path: string[]; subcommands: string[]; flags: string[] }

function walk(cmd: Command, path: string[] = []): Node[] {
  const flags = [...cmd.options.flatMap((o) => [o.short, o.long]), '--help'].filter((f): f is string => !!f);
  const node: Node = { path, subcommands: cmd.commands.map((c) => c.name()), flags };
  return [node, ...cmd.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

/** Value completions for positional arguments, by command path. */
const ARGUMENTS: Record<string, string[]> = { get: GET_RESOURCES, completion: ['bash', 'zsh'] };

export function bashCompletion(program: Command): string {
  const nodes = walk(program);
  const globals = nodes[0]!.flags.join(' ');
  const known = nodes.slice(1).map((n) => `"${n.path.join(' ')}"`).join('|');
  const valueFlags = [...new Set(collectOptions(program).filter((o) => o.required || o.optional).flatMap((o) => [o.short, o.long]).filter((f): f is string => !!f))];
  const cases = nodes.slice(1).map((n) => {
    const words = [...n.subcommands, ...n.flags, ...(ARGUMENTS[n.path.join(' ')] ?? [])].join(' ');
    return `    "${n.path.join(' ')}") words="${words} ${globals}" ;;`;
  }).join('\n');
  return `# bash completion for smm; load with: source <(smm completion bash)
_smm() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w skip="" words
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    if [ -n "$skip" ]; then skip=""; continue; fi
    case "$w" in
      ${valueFlags.join('|')}) skip=1; continue ;;
      -*) continue ;;
    esac
    case "\${path:+$path }$w" in
      ${known}) path="\${path:+$path }$w" ;;
    esac
  done
  case "$path" in
${cases}
    *) words="${nodes[0]!.subcommands.join(' ')} ${globals}" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _smm smm
`;
}

function collectOptions(cmd: Command): Command['options'][number][] {
  return [...cmd.options, ...cmd.commands.flatMap(collectOptions)];
}

export function zshCompletion(program: Command): string {
  return `#compdef smm
# zsh completion for smm; load with: source <(smm completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program)}`;
}

export function registerCompletion(program: Command, io: CliIO): void {
  program.command('completion')
    .description('print a shell completion script (bash or zsh)')
    .argument('<shell>', 'bash | zsh')
    .addHelpText('after', '\nExamples:\n  source <(smm completion bash)\n  smm completion zsh > "${fpath[1]}/_smm"')
    .action((shell: string) => {
      if (shell === 'bash') io.stdout(bashCompletion(program));
      else if (shell === 'zsh') io.stdout(zshCompletion(program));
      else throw usageError(`unsupported shell "${shell}": use bash or zsh`);
    });
}
