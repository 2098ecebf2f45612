#!/usr/bin/env bash
# check-desktop-files.sh LINUX_DIR APP_ID VERSION: the .desktop file and the AppStream
# metainfo are valid, name each other and the icon, and the metainfo's newest release is
# the project version.
set -euo pipefail
linux_dir=$1 app_id=$2 version=$3
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

desktop=$linux_dir/$app_id.desktop
metainfo=$linux_dir/$app_id.metainfo.xml

desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli rejects $metainfo"

grep -qx "Icon=$app_id" "$desktop" || fail "$desktop: Icon is not $app_id"
grep -qx "Exec=planhat-admin" "$desktop" || fail "$desktop: Exec is not planhat-admin"
grep -q "<id>$app_id</id>" "$metainfo" || fail "$metainfo: id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "$metainfo: launchable is not $app_id.desktop"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
[ "$newest" = "$version" ] \
    || fail "$metainfo: newest release is '$newest', the project version is $version"

svg=$linux_dir/icons/hicolor/scalable/apps/$app_id.svg
[ -f "$svg" ] || fail "no SVG icon $svg"
for size in 16 24 32 48 64 128 256 512; do
    png=$linux_dir/icons/hicolor/${size}x${size}/apps/$app_id.png
    if [ ! -f "$png" ]; then
        fail "no ${size}px icon $png (scripts/render-icons makes it)"
        continue
    fi
    # Bytes 16..23 of a PNG are its width and height (big-endian).
    dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }')
    [ "$dims" = "${size}x${size}" ] || fail "$png is $dims, not ${size}x${size}"
done

bash -n "$linux_dir/planhat-cli.bash" || fail "planhat-cli.bash has a syntax error"

[ "$failures" -eq 0 ] && echo "desktop files OK"
exit "$failures"
