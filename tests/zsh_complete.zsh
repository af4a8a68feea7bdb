# Drives an interactive zsh (zpty): types $LINE and TAB, then writes the edited line to $OUT.
# BIN is where `chapters` is; PAUSE how long completion may take.
zmodload zsh/zpty
zpty -b z zsh -f -i
zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D; zstyle ':completion:*' matcher-list 'm:{a-z}={A-Z}'"
zpty -w z "path=(${BIN} \$path); eval \"\$(chapters --show-completion zsh)\"; compdef _chapters_completion chapters"
zpty -w z "dump() { print -r -- \"\$BUFFER\" > ${OUT}; }; zle -N dump; bindkey '^X' dump"
zpty -n -w z "${LINE}"$'\t'
sleep ${PAUSE:-2}
zpty -n -w z $'\x18'
for i in {1..50}; do [[ -s $OUT ]] && break; sleep 0.1; done
zpty -d z
