#!/bin/sh
# Makes reproducible "scans" of real PDFs: each page rendered to grey pixels (pdftoppm), turned by
# a small angle (or upside down), given scanner noise, saved as JPEG and wrapped as an image-only
# PDF (img2pdf). Same inputs and tool versions give the same bytes (fixed noise seed, no dates).
#
# Tools (for making fixtures only; the tests do not need them):
#   apt-get install poppler-utils imagemagick img2pdf
#
# Usage:
#   scripts/make-scans.sh                      regenerate the committed fixtures in tests/fixtures/scan/
#   scripts/make-scans.sh --all OUTDIR         scan every PDF in corpus/ (all pages) to OUTDIR/<name>.scan.pdf
#   scripts/make-scans.sh PDF PAGES OUT.pdf [DPI] [ANGLE] [NOISE] [QUALITY]
#                                              one scan: PAGES like "12" or "5-7"; ANGLE in degrees
#                                              clockwise (default 0.7; 180.4 = upside down)
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
FIXTURES="$ROOT/tests/fixtures/scan"

# ImageMagick 6 ("convert") or 7 ("magick"); some images put a stand-in "convert" first on PATH.
IM=""
for c in magick /usr/bin/convert convert; do
  if command -v "$c" >/dev/null 2>&1 && "$c" -version 2>/dev/null | grep -q ImageMagick; then IM=$c; break; fi
done
for t in pdftoppm pdfinfo img2pdf; do
  command -v "$t" >/dev/null 2>&1 || { echo "make-scans: $t is missing (apt-get install poppler-utils img2pdf)" >&2; exit 1; }
done
[ -n "$IM" ] || { echo "make-scans: ImageMagick is missing (apt-get install imagemagick)" >&2; exit 1; }

# scan_pages PDF FIRST LAST OUT DPI ANGLE NOISE QUALITY
# ANGLE may be "auto": a small angle per page in [-0.8, 0.8] derived from the page number.
scan_pages() {
  pdf=$1; first=$2; last=$3; out=$4; dpi=$5; angle=$6; noise=$7; quality=$8
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pdftoppm -r "$dpi" -f "$first" -l "$last" -gray -png "$pdf" "$tmp/p"
  for png in "$tmp"/p-*.png; do
    n=$(basename "$png" .png | sed 's/^p-0*//')
    a=$angle
    if [ "$angle" = auto ]; then a=$(awk -v n="$n" 'BEGIN { printf "%.2f", ((n * 37) % 17 - 8) / 10 }'); fi
    size=$("$IM" "$png" -format '%wx%h' info:)
    # A quarter turn (sideways page) swaps the page's width and height.
    size=$(awk -v a="$a" -v s="$size" 'BEGIN { split(s, d, "x"); r = atan2(0, -1) * a / 180; c = cos(r); if (c < 0) c = -c
      if (c < 0.5) print d[2] "x" d[1]; else print s }')
    # Turn about the centre, keep the page size, add grey Gaussian noise (fixed seed), JPEG.
    "$IM" "$png" -seed "$n" -background white -rotate "$a" -gravity center -extent "$size" \
      -attenuate "$noise" +noise Gaussian -colorspace Gray -depth 8 \
      -strip -quality "$quality" -density "$dpi" -units PixelsPerInch "$tmp/$(basename "$png" .png).jpg"
  done
  img2pdf --engine internal --nodate --imgsize "${dpi}dpi" -o "$out" "$tmp"/p-*.jpg
  rm -rf "$tmp"
  trap - EXIT
  echo "make-scans: $out ($(wc -c <"$out") bytes)"
}

if [ $# -eq 0 ]; then
  mkdir -p "$FIXTURES"
  # FA05 一般公共预算财政拨款支出决算表 (page 12): 200 dpi, turned 0.7° clockwise.
  scan_pages "$ROOT/corpus/putuo-social-work-2024-final.pdf" 12 12 "$FIXTURES/putuo-social-work-p12-fa05.pdf" 200 0.7 0.5 55
  # FA01 收入支出决算总表 (page 5): 150 dpi, upside down and 0.4° off.
  scan_pages "$ROOT/corpus/putuo-social-work-2024-final.pdf" 5 5 "$FIXTURES/putuo-social-work-p5-fa01-upside-down.pdf" 150 180.4 0.5 55
  exit 0
fi

if [ "$1" = --all ]; then
  [ $# -eq 2 ] || { echo "usage: $0 --all OUTDIR" >&2; exit 2; }
  mkdir -p "$2"
  for pdf in "$ROOT"/corpus/*.pdf; do
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    scan_pages "$pdf" 1 "$pages" "$2/$(basename "$pdf" .pdf).scan.pdf" 200 auto 0.5 60
  done
  exit 0
fi

[ $# -ge 3 ] || { echo "usage: $0 [--all OUTDIR | PDF PAGES OUT.pdf [DPI] [ANGLE] [NOISE] [QUALITY]]" >&2; exit 2; }
first=${2%-*}; last=${2#*-}
scan_pages "$1" "$first" "$last" "$3" "${4:-200}" "${5:-0.7}" "${6:-0.5}" "${7:-55}"
