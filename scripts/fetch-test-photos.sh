#!/usr/bin/env bash
# Fetches real photographs that public packages ship, for tests and benchmarks.
# Nothing is committed: files land in .data/fixtures/photos (git-ignored).
# Sources (all offline-reachable registries):
#   npm  @vladmandic/human@0.20.11  assets/sample-me.jpg, sample7.jpg, sample8.jpg
#        (one real person, three photos) and group photos sample1..6.jpg
#   deb  python3-skimage           skimage/data/astronaut.png (Eileen Collins, public domain)
#        plus the other natural photos in that folder (coffee, chelsea, rocket, ...)
#   deb  python-matplotlib-data    mpl-data/sample_data/grace_hopper.jpg (public domain)
#   deb  opencv-doc                examples/data/*.jpg (messi5.jpg, lena.jpg, ...)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.data/fixtures/photos"
stamp="$out/.complete"
[ -f "$stamp" ] && exit 0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"

npm pack --silent @vladmandic/human@0.20.11 >/dev/null
tar -xzf vladmandic-human-0.20.11.tgz
for f in package/assets/*.jpg package/samples/in/*.jpg; do
  [ -f "$f" ] && cp "$f" "$out/human-$(basename "$f")"
done

fetch_deb() { # name, then globs to copy from the unpacked tree
  local name="$1"; shift
  (apt-get download "$name" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get download "$name" >/dev/null; })
  mkdir -p "x-$name"
  dpkg -x "$name"_*.deb "x-$name"
  for g in "$@"; do
    find "x-$name" -path "$g" -type f -print0 | while IFS= read -r -d '' f; do
      cp "$f" "$out/$name-$(basename "$f")"
    done
  done
}
fetch_deb python3-skimage '*/skimage/data/*.png' '*/skimage/data/*.jpg'
fetch_deb python-matplotlib-data '*/sample_data/*.jpg' '*/sample_data/*.png'
fetch_deb opencv-doc '*/examples/data/*.jpg' '*/examples/data/*.png'
touch "$stamp"
echo "test photos in $out: $(ls "$out" | wc -l) files" >&2
