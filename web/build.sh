#!/usr/bin/env bash
# Rebuild sitreps/web/static/vendor/ from the npm packages pinned in web/package-lock.json (build time only:
# running sitreps needs no npm). See docs/ui.md.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../sitreps/web/static/vendor
rm -rf "$out"
mkdir -p "$out"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$out/"
cp node_modules/world-atlas/countries-110m.json "$out/"
cp node_modules/leaflet/LICENSE "$out/LICENSE.leaflet"
cp node_modules/topojson-client/LICENSE "$out/LICENSE.topojson-client"
cp node_modules/world-atlas/LICENSE "$out/LICENSE.world-atlas"
# Leaflet's stylesheet names marker and layer-control images the page never uses: drop the references so
# no request is made for a file that is not shipped.
sed -i 's#url(images/[^)]*)#none#g' "$out/leaflet.css"
for p in leaflet topojson-client world-atlas; do
  node -e "const p=require('./node_modules/$p/package.json'); console.log(p.name + ' ' + p.version)"
done > "$out/VERSIONS"
cat "$out/VERSIONS"
