"""Avro single-object encoding of the face-mask detector's Kafka topics, for Python clients.

Every value on the frames, detections and dead-letter topics is: the two magic bytes C3 01, the
writer schema's CRC-64-AVRO fingerprint (little-endian, 8 bytes), then the Avro binary datum.
The fingerprint is taken over the schema's Parsing Canonical Form. python3-avro 1.11.1 has no
fingerprint function and its canonical form keeps logicalType, so both are computed here from the
schema JSON, as the Avro specification defines them (and as Java's SchemaNormalization does).

    registry = load_schemas("schemas/src/main/avro")          # or the .avsc files of `detector schema --write-avsc`
    frames = Codec(registry, "dev.facemask.schema.Frame")
    value = frames.encode({"cameraId": "door", "sequence": 1, "captureTime": utc_millis(1764547200000), ...})
    record = frames.decode(value)                              # captureTime comes back as a datetime
"""

import datetime
import io
import json
import os

import avro.io
import avro.schema

MAGIC = b"\xc3\x01"
HEADER_LENGTH = 10
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
NAMED = {"record", "error", "enum", "fixed"}

# CRC-64-AVRO: the Rabin fingerprint of the Avro specification, with its empty value and table.
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    """The 64-bit CRC-64-AVRO fingerprint of some bytes, as an unsigned int."""
    fp = _EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


def _full_name(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def _definitions(schema, namespace, out):
    """Collects every named type a schema defines, by full name."""
    if isinstance(schema, list):
        for branch in schema:
            _definitions(branch, namespace, out)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in NAMED:
            name = _full_name(schema["name"], schema.get("namespace", namespace))
            out[name] = schema
            inner = name.rpartition(".")[0]
            for field in schema.get("fields", []):
                _definitions(field["type"], inner, out)
        elif kind == "array":
            _definitions(schema["items"], namespace, out)
        elif kind == "map":
            _definitions(schema["values"], namespace, out)
        elif isinstance(kind, (dict, list)):
            _definitions(kind, namespace, out)


def load_schemas(folder):
    """Every named type defined in the folder's .avsc files, by full name (files may refer to each other)."""
    registry = {}
    for file in sorted(os.listdir(folder)):
        if file.endswith(".avsc"):
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                _definitions(json.load(f), None, registry)
    return registry


def _resolve(schema, namespace, registry, seen, canonical):
    """The schema with each named type defined at its first use; canonical=True keeps only what parsing needs."""
    if isinstance(schema, list):
        return [_resolve(b, namespace, registry, seen, canonical) for b in schema]
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            return schema
        name = _full_name(schema, namespace)
        if name in seen:
            return name
        if name not in registry:
            raise KeyError("unknown named type " + name)
        return _resolve(registry[name], name.rpartition(".")[0], registry, seen, canonical)
    kind = schema["type"]
    if isinstance(kind, (dict, list)) or (kind not in NAMED and kind not in ("array", "map") and kind not in PRIMITIVES):
        return _resolve(kind, namespace, registry, seen, canonical)
    if kind in PRIMITIVES:
        # {"type": "long", "logicalType": "timestamp-millis"}: the canonical form is just "long".
        return kind if canonical else dict(schema)
    if kind == "array":
        out = {"type": "array", "items": _resolve(schema["items"], namespace, registry, seen, canonical)}
    elif kind == "map":
        out = {"type": "map", "values": _resolve(schema["values"], namespace, registry, seen, canonical)}
    else:
        name = _full_name(schema["name"], schema.get("namespace", namespace))
        if name in seen:
            return name
        seen.add(name)
        inner = name.rpartition(".")[0]
        out = {"name": name, "type": kind}
        if "fields" in schema:
            fields = []
            for field in schema["fields"]:
                resolved = {"name": field["name"], "type": _resolve(field["type"], inner, registry, seen, canonical)}
                if not canonical:
                    resolved.update({k: v for k, v in field.items() if k not in ("name", "type")})
                fields.append(resolved)
            out["fields"] = fields
        if "symbols" in schema:
            out["symbols"] = list(schema["symbols"])
        if "size" in schema:
            out["size"] = schema["size"]
    if not canonical:
        out.update({k: v for k, v in schema.items() if k not in out and k != "namespace"})
    return out


def canonical_form(registry, name):
    """The Parsing Canonical Form of a named schema: full names, no doc/default/logicalType, no whitespace."""
    resolved = _resolve(name, None, registry, set(), canonical=True)
    return json.dumps(resolved, separators=(",", ":"), ensure_ascii=False)


def fingerprint(registry, name):
    return crc64_avro(canonical_form(registry, name).encode("utf-8"))


def header(registry, name):
    """The 10 bytes every value written with this schema starts with."""
    return MAGIC + fingerprint(registry, name).to_bytes(8, "little")


def self_contained(registry, name):
    """The schema JSON with every named type it uses defined inline, which avro.schema.parse reads alone."""
    return json.dumps(_resolve(name, None, registry, set(), canonical=False))


def utc_millis(millis):
    """python3-avro writes timestamp-millis from a datetime only."""
    return datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.timezone.utc)


class Codec:
    """Encodes and decodes one record type in single-object encoding."""

    def __init__(self, registry, name):
        self.name = name
        self.schema = avro.schema.parse(self_contained(registry, name))
        self.header = header(registry, name)

    def encode(self, record):
        out = io.BytesIO()
        out.write(self.header)
        avro.io.DatumWriter(self.schema).write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, value):
        if len(value) < HEADER_LENGTH or value[:2] != MAGIC:
            raise ValueError("not Avro single-object encoding (C3 01 + 8-byte fingerprint); starts with "
                             + value[:16].hex(" "))
        if value[:HEADER_LENGTH] != self.header:
            raise ValueError("written with another schema than this reader's %s: fingerprint %s"
                             % (self.name, value[2:HEADER_LENGTH][::-1].hex()))
        return avro.io.DatumReader(self.schema).read(avro.io.BinaryDecoder(io.BytesIO(value[HEADER_LENGTH:])))
