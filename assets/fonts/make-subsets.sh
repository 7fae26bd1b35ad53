#!/usr/bin/env bash
# Rebuilds the three Noto Sans subsets in this folder from Debian's fonts-noto-core (run once, by hand;
# the files it writes are committed and nothing runs this at build or run time).
#   apt-get install -y fonts-noto-core fonttools      # Debian 12: fonts-noto-core 20201225-1, fonttools 4.38.0
#   assets/fonts/make-subsets.sh
set -euo pipefail
cd "$(dirname "$0")"
SRC=/usr/share/fonts/truetype/noto
# Basic Latin + Latin-1, Latin Extended-A/B, combining accents, Latin Extended Additional (Vietnamese
# precomposed ạ…ỹ), dashes/quotes/bullet/ellipsis, per mille, đồng and euro signs, numero, minus.
UNICODES='U+0000-00FF,U+0100-024F,U+0300-0323,U+1EA0-1EF9,U+2010-2022,U+2026,U+2030,U+20AB,U+20AC,U+2116,U+2212'
# A fixed timestamp in the head table, so that the same inputs give the same bytes.
export SOURCE_DATE_EPOCH=1609459200
for style in Regular Bold Italic; do
  pyftsubset "$SRC/NotoSans-$style.ttf" \
    --unicodes="$UNICODES" \
    --layout-features='' --drop-tables+=GSUB,GPOS,GDEF \
    --no-hinting --name-IDs='*' \
    --output-file="NotoSans-$style-VN.ttf"
done
sha256sum NotoSans-*-VN.ttf
