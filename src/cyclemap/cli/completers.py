"""What shell completion offers for an argument, in shtab's terms: an argument's `complete`
attribute (set where the parser is built, read only by `cyclemap completion`). Plain data:
building the parser imports nothing for it.

A map is an id of the library or a path to a .toml file (DESIGN.md), so a map argument
completes to both: the ids come from `cyclemap __complete-ids`, which reads the names of the
library's files and nothing else (see shell_commands.complete_ids).
"""

from __future__ import annotations

# The ids, of the library the line being completed names with --data-dir if it does: each
# shell's function reads the words typed before the cursor (bash splits `--data-dir=PATH` at
# the "=", so that form is its three words there).
IDS = "_cyclemap_ids"
_IDS_BASH = """
_cyclemap_ids() {
  local i dd=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      --data-dir)
        if [ "${COMP_WORDS[i+1]}" = "=" ]; then dd=(--data-dir "${COMP_WORDS[i+2]}")
        else dd=(--data-dir "${COMP_WORDS[i+1]}"); fi ;;
      --data-dir=*) dd=("${COMP_WORDS[i]}") ;;
    esac
  done
  command cyclemap "${dd[@]}" __complete-ids 2>/dev/null
}
"""
_IDS_ZSH = """
_cyclemap_ids() {
  local i; local -a line dd
  line=(${(z)LBUFFER})  # the whole line: _arguments gives $words only from the command on
  for (( i = 2; i < ${#line}; i++ )); do
    case ${(Q)line[i]} in
      --data-dir) dd=(--data-dir "${(Q)line[i+1]}") ;;
      --data-dir=*) dd=("${(Q)line[i]}") ;;
    esac
  done
  command cyclemap "${dd[@]}" __complete-ids 2>/dev/null
}
"""
_IDS_FISH = """
function _cyclemap_ids
  set -l words (commandline -opc)
  set -l dd
  for i in (seq 2 (count $words))
    switch $words[$i]
      case --data-dir
        set dd --data-dir $words[(math $i + 1)]
      case '--data-dir=*'
        set dd $words[$i]
    end
  end
  command cyclemap $dd __complete-ids 2>/dev/null
end
"""

# bash: shtab calls the function with the word being completed; folders are offered when no
# id fits the word (`exa` → `examples/`). Its name has "_file" in it so
# that shtab's script marks the answers as file names (a folder gets its "/").
_BASH = (
    _IDS_BASH
    + f"""
_cyclemap_id_or_file() {{
  local ids=""
  case "$1" in
    */*|.*|~*) ;;
    *) ids=$(compgen -W "$({IDS})" -- "$1") ;;
  esac
  [ -n "$ids" ] && printf '%s\n' "$ids"
  compgen -f -X '!*.toml' -- "$1"
  [ -z "$ids" ] && compgen -d -- "$1"
  return 0
}}
"""
)

_ZSH = (
    _IDS_ZSH
    + f"""
_cyclemap_id_or_file() {{
  local -a ids
  ids=(${{(f)"$({IDS})"}})
  _describe -t maps 'map id' ids
  _files -g '*.toml'
}}
"""
)

_FISH = (
    _IDS_FISH
    + f"""
function _cyclemap_id_or_file
  {IDS}
  __fish_complete_suffix .toml
end
"""
)

MAP = {
    "bash": "_cyclemap_id_or_file",
    "zsh": "_cyclemap_id_or_file",
    "fish": "(_cyclemap_id_or_file)",
    "preamble": {"bash": _BASH, "zsh": _ZSH, "fish": _FISH},
}

# A map file to read (import, check): .toml files and the folders on the way to them.
_BASH_TOML = """
_cyclemap_toml_file() {
  compgen -f -X '!*.toml' -- "$1"
  compgen -d -- "$1"
}
"""
TOML_FILE = {
    "bash": "_cyclemap_toml_file",
    "zsh": "_files -g '*.toml'",
    "fish": "(__fish_complete_suffix .toml)",
    "preamble": {"bash": _BASH_TOML},
}

FILE = "file"  # shtab's own: any file
DIRECTORY = "directory"

# A map of the library only, by id (purge). Asked at each tab, never when the script loads.
ID = {
    "bash": "_cyclemap_id",
    "zsh": "_cyclemap_id",
    "fish": f"({IDS})",
    "preamble": {
        "bash": _IDS_BASH + f'\n_cyclemap_id() {{\n  compgen -W "$({IDS})" -- "$1"\n}}\n',
        "fish": _IDS_FISH,
        "zsh": _IDS_ZSH
        + f"""
_cyclemap_id() {{
  local -a ids
  ids=(${{(f)"$({IDS})"}})
  _describe -t maps 'map id' ids
}}
""",
    },
}
