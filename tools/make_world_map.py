"""Make `src/tidings/serve/static/world.json`, the web UI's bundled world map.

Source: Natural Earth 1:110m country outlines (public domain) as packaged in the npm package
`world-atlas` 2.0.2 (`countries-110m.json`, TopoJSON; `npm pack world-atlas@2.0.2`). The
TopoJSON arcs are decoded and written as one SVG path per country in an equirectangular
projection: x = lon + 180, y = 90 - lat, in a 360 x 180 box, to 0.1 degree.

    python tools/make_world_map.py package/countries-110m.json
"""

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/tidings/serve/static/world.json"


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for r in rings:
        # a ring crossing the antimeridian is cut there: what lies on each side of it is a
        # path of its own (Russia's Chukotka tip), the rest joins up again
        pieces: list[list[str]] = [[], []]
        side, last = 0, None
        for lon, lat in r:
            p = (round(lon + 180, 1), round(90 - lat, 1))
            if last is not None and abs(p[0] - last[0]) > 180:
                side = 1 - side
            if p != last:
                pieces[side].append(f"{p[0]:g} {p[1]:g}")
                last = p
        parts.extend("M" + "L".join(c) + "Z" for c in pieces if len(c) > 2)
    return "".join(parts)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = arcs_of(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])],
                    "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        d = path(rings)
        if d:
            countries.append({"id": geometry.get("id"),
                              "name": geometry.get("properties", {}).get("name"), "d": d})
    OUT.write_text(json.dumps({
        "source": "Natural Earth 1:110m countries (public domain), via world-atlas 2.0.2",
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "width": 360, "height": 180, "countries": countries}, separators=(",", ":")))
    print(f"{len(countries)} countries, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
