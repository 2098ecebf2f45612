#!/usr/bin/env bash
# check-package.sh BUILD_DIR APP_ID VERSION: packs the built tree into a .deb in a temporary
# directory, checks that it holds what an installation needs, unpacks it into a temporary
# root and runs the unpacked programs (their Qt and QtKeychain are the system's).
set -euo pipefail
build_dir=$1 app_id=$2 version=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; echo "FAIL: cpack" >&2; exit 1; }
debs=("$work"/out/planhat-admin_"$version"_*.deb)
[ -f "${debs[0]}" ] || { echo "FAIL: no planhat-admin_${version}_*.deb made" >&2; exit 1; }
deb=${debs[0]}
echo "made $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# Contents.
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
for path in \
    /usr/bin/planhat-admin /usr/bin/planhat-cli /usr/bin/planhat-sandbox \
    "/usr/share/applications/$app_id.desktop" \
    "/usr/share/metainfo/$app_id.metainfo.xml" \
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
    "/usr/share/icons/hicolor/48x48/apps/$app_id.png" \
    "/usr/share/icons/hicolor/256x256/apps/$app_id.png" \
    /usr/share/man/man1/planhat-cli.1.gz \
    /usr/share/bash-completion/completions/planhat-cli \
    /usr/share/doc/planhat-admin/copyright; do
    grep -qx "$path" "$work/contents" || fail "the package has no $path"
done

# Control data: version, and dependencies on the distribution's Qt and QtKeychain.
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libqt6core6 libqt6widgets6 libqt6network6 libqt6keychain1; do
    [[ $depends == *"$library "* ]] || fail "Depends lacks $library: $depends"
done

# Unpacked into a temporary root, the programs run and report the version.
dpkg-deb -x "$deb" "$work/root"
bin=$work/root/usr/bin
for program in planhat-cli planhat-admin planhat-sandbox; do
    output=$("$bin/$program" --version 2>&1) || fail "$program --version exited with $?"
    [[ $output == *"$version"* ]] || fail "$program --version printed '$output'"
    echo "$program --version: $output"
done

man_output=$(MANWIDTH=80 man -l "$work/root/usr/share/man/man1/planhat-cli.1.gz" 2>&1 | head -5) \
    && [[ $man_output == *"planhat-cli - administer a Planhat tenant"* ]] \
    || fail "the man page does not render: $man_output"

# The man page documents every command planhat-cli has.
for command in $("$bin/planhat-cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
    zcat "$work/root/usr/share/man/man1/planhat-cli.1.gz" | grep -q "^\.BR $command " \
        || fail "the man page does not document the command $command"
done

# Bash completion, as bash-completion would run it, with the unpacked planhat-cli on PATH.
if [ -f /usr/share/bash-completion/bash_completion ]; then
    complete_words() {
        PATH="$bin:$PATH" bash -c '
            source /usr/share/bash-completion/bash_completion
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _planhat_cli planhat-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf "%s\n" "${COMPREPLY[@]}"' \
            bash "$work/root/usr/share/bash-completion/completions/planhat-cli" "$@"
    }
    [ "$(complete_words planhat-cli imp)" = "import" ] \
        || fail "completing 'planhat-cli imp' gave '$(complete_words planhat-cli imp)'"
    [ "$(complete_words planhat-cli list end)" = "endusers" ] \
        || fail "completing 'planhat-cli list end' gave '$(complete_words planhat-cli list end)'"
    [ "$(complete_words planhat-cli list companies --form)" = "--format" ] \
        || fail "completing an option of list gave '$(complete_words planhat-cli list companies --form)'"
    # Every command of `planhat-cli --help`, and every option of each command's --help, is
    # completed: a new command or option without completion fails here.
    commands=$("$bin/planhat-cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
    [ -n "$commands" ] || fail "no commands read from planhat-cli --help"
    completed_commands=$(complete_words planhat-cli "" | sort)
    [ "$completed_commands" = "$(sort <<<"$commands")" ] \
        || fail "completed commands '$(echo $completed_commands)' differ from '$(echo $commands)'"
    for command in $commands; do
        # A command may have no options of its own (template): no match is no failure.
        options=$("$bin/planhat-cli" "$command" --help 2>&1 | { grep -oE '^ +--[a-z-]+' || true; } \
            | tr -d ' ' | { grep -vx -- '--help' || true; } | sort -u)
        completed=$(complete_words planhat-cli "$command" --)
        for option in $options; do
            grep -qx -- "$option" <<<"$completed" \
                || fail "'planhat-cli $command --' does not complete $option"
        done
    done
else
    fail "bash-completion is not installed (scripts/deps installs it)"
fi

[ "$failures" -eq 0 ] && echo "package OK"
exit "$failures"
