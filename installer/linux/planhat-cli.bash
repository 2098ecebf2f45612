# SPDX-License-Identifier: MIT
# bash completion for planhat-cli: commands, each command's options, object types (from
# `planhat-cli types`, which works offline) and file names where a command takes a file.

_planhat_cli_types()
{
    planhat-cli types --format table 2>/dev/null | awk 'NR > 2 && NF > 1 { print $1 }'
}

_planhat_cli()
{
    local cur prev words cword
    _init_completion || return

    local commands="types list get create update delete login profiles logout export import
                    undo missing template track metrics"
    local global_options="--base-url --profile --max-rate --tenant-uuid --analytics-url --version
                          --help"

    # The command is the first word that is not an option or an option's value.
    local command="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --base-url | --profile | --max-rate | --tenant-uuid | --analytics-url) ((i++)) ;;
            -*) ;;
            *) command=${words[i]}; break ;;
        esac
    done

    case $prev in
        --base-url | --select | --company | --sort | --limit | --tenant | --json \
            | --delimiter | --encoding | --sheet | --region | --tenant-uuid | --analytics-url \
            | --email | --external-id | --company-external-id | --action | --date | --weight \
            | --count | --info | --dimension | --from | --to)
            return ;;
        --max-rate)
            COMPREPLY=($(compgen -W "200 100 60 0" -- "$cur"))
            return ;;
        --profile)
            return ;;
        --format)
            COMPREPLY=($(compgen -W "json csv table" -- "$cur"))
            return ;;
        --by)
            COMPREPLY=($(compgen -W "externalId sourceId" -- "$cur"))
            return ;;
        --key)
            COMPREPLY=($(compgen -W "_id sourceId externalId" -- "$cur"))
            return ;;
        --mode)
            COMPREPLY=($(compgen -W "upsert create update" -- "$cur"))
            return ;;
        --mapping | --results)
            _filedir
            return ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global_options" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local options=""
    case $command in
        types) options="--format" ;;
        list) options="--select --all-fields --company --sort --limit --format" ;;
        get) options="--by --format" ;;
        create) options="--json --format" ;;
        update) options="--json --by --format" ;;
        delete) options="--yes --by" ;;
        login) options="--profile --region --tenant --tenant-uuid --max-rate" ;;
        profiles) options="--format" ;;
        logout) options="--profile --forget" ;;
        export) options="--select --all-fields" ;;
        import) options="--mapping --key --mode --dry-run --skip-invalid --results --delimiter
                         --encoding --sheet --resume --create-fields --field-type --yes" ;;
        undo) options="--yes" ;;
        missing) options="--key --mapping --delimiter --encoding --sheet" ;;
        template) options="" ;;
        track) options="--email --external-id --company-external-id --action --date --weight
                        --count --info --yes" ;;
        metrics) options="--company --dimension --from --to --limit --format" ;;
    esac
    # import activities|metrics FILE: options of their own.
    local j
    if [[ $command == import ]]; then
        for ((j = i + 1; j < cword; j++)); do
            case ${words[j]} in
                activities | metrics)
                    options="--sheet --delimiter --encoding --dry-run --yes"
                    break ;;
                -*) ;;
                *) break ;;
            esac
        done
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
        return
    fi

    # Positional arguments after the command: a type first for most commands, then files.
    local positional=0
    for ((i = i + 1; i < cword; i++)); do
        case ${words[i]} in
            --select | --company | --sort | --limit | --format | --by | --json | --key | --mode \
                | --mapping | --results | --delimiter | --encoding | --sheet | --region | --tenant \
                | --profile | --base-url | --max-rate | --tenant-uuid | --analytics-url)
                ((i++)) ;;
            -*) ;;
            *) ((positional++)) ;;
        esac
    done
    case $command in
        types | list | get | create | update | delete)
            ((positional == 0)) && COMPREPLY=($(compgen -W "$(_planhat_cli_types)" -- "$cur")) ;;
        export | import | missing | template)
            if ((positional == 0)); then
                local targets=""
                [[ $command == import ]] && targets="activities metrics"
                COMPREPLY=($(compgen -W "$targets $(_planhat_cli_types)" -- "$cur"))
            else
                _filedir
            fi ;;
        undo)
            _filedir ;;
    esac
} &&
    complete -F _planhat_cli planhat-cli
