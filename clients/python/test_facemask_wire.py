"""Checks the Python single-object encoding against the Java side: the README's fingerprints and its
byte-for-byte Frame example (both guarded on the Java side by SchemaCommandTest and SchemaCatalogTest).

Run: python3 -m unittest discover -s clients/python   (needs Debian's python3-avro)
"""

import datetime
import os
import re
import unittest

import facemask_wire as wire

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
README_FRAME = bytes.fromhex("C3 01 34 09 BE 9F B1 3F AC 80 06 63 61 6D 02 80 90 AC F3 DA 66 08 FF D8 FF D9 00 00 00 00 00 00")


class FacemaskWireTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.registry = wire.load_schemas(os.path.join(ROOT, "schemas", "src", "main", "avro"))
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            cls.readme = f.read()

    def test_should_give_the_canonical_form_without_docs_defaults_or_logical_types(self):
        self.assertEqual(wire.canonical_form(self.registry, "dev.facemask.schema.Box"),
                         '{"name":"dev.facemask.schema.Box","type":"record","fields":[{"name":"xMin","type":"float"},'
                         '{"name":"yMin","type":"float"},{"name":"xMax","type":"float"},{"name":"yMax","type":"float"}]}')
        frame = wire.canonical_form(self.registry, "dev.facemask.schema.Frame")
        self.assertIn('{"name":"captureTime","type":"long"}', frame)
        self.assertNotIn("logicalType", frame)

    def test_should_match_every_fingerprint_and_header_in_the_readme(self):
        rows = re.findall(r"\| `(dev\.facemask\.schema\.\w+)` \| `([0-9a-f]{16})` \| `([0-9A-F ]{29})` \|", self.readme)
        self.assertEqual(len(rows), 6)
        for name, fingerprint, header in rows:
            self.assertEqual("%016x" % wire.fingerprint(self.registry, name), fingerprint, name)
            self.assertEqual(wire.header(self.registry, name), bytes.fromhex(header), name)

    def test_should_decode_and_reencode_the_readmes_frame_example_byte_for_byte(self):
        frames = wire.Codec(self.registry, "dev.facemask.schema.Frame")

        frame = frames.decode(README_FRAME)

        self.assertEqual(frame["cameraId"], "cam")
        self.assertEqual(frame["sequence"], 1)
        self.assertEqual(frame["captureTime"], datetime.datetime(2025, 12, 1, tzinfo=datetime.timezone.utc))
        self.assertEqual(frame["image"], b"\xff\xd8\xff\xd9")
        self.assertEqual(frame["encoding"], "JPEG")
        self.assertIsNone(frame["sourceName"])
        self.assertEqual(frames.encode(frame), README_FRAME)

    def test_should_refuse_a_value_of_another_schema_naming_its_fingerprint(self):
        detections = wire.Codec(self.registry, "dev.facemask.schema.Detection")
        with self.assertRaisesRegex(ValueError, "another schema than this reader's dev.facemask.schema.Detection:"
                                                " fingerprint 80ac3fb19fbe0934"):
            detections.decode(README_FRAME)
        with self.assertRaisesRegex(ValueError, "not Avro single-object encoding"):
            detections.decode(b"\x00\x00\x00\x00\x01")


if __name__ == "__main__":
    unittest.main()
