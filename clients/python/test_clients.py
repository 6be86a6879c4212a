"""The producer's records and the consumer's lines and counts, without Kafka; the round trip through a real
broker and the real job is .ci/python-roundtrip.sh.

Run: python3 -m unittest discover -s clients/python   (needs Debian's python3-avro)
"""

import datetime
import os
import tempfile
import unittest

import consume_detections as consume
import facemask_wire as wire
import produce_frames as produce

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 12
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def box(x_min, y_min, x_max, y_max):
    return {"xMin": x_min, "yMin": y_min, "xMax": x_max, "yMax": y_max}


def detection(camera, sequence):
    """A Detection record with two faces, as the job writes one for a dense model."""
    faces = [{"classId": 0, "classLabel": "masked", "score": 0.75, "classScores": {"masked": 0.75, "unmasked": 0.25},
              "box": box(0.25, 0.25, 0.5, 0.5), "boxPixels": box(24, 24, 48, 48), "gradCam": None},
             {"classId": 1, "classLabel": "unmasked", "score": 0.5, "classScores": {"masked": 0.5, "unmasked": 0.5},
              "box": box(0.5, 0.5, 0.75, 0.75), "boxPixels": box(48, 48, 72, 72), "gradCam": None}]
    return {"cameraId": camera, "sequence": sequence, "captureTime": wire.utc_millis(1764547200000),
            "processingTime": wire.utc_millis(1764547200250), "modelName": "tiny", "modelVersion": "1",
            "classId": 0, "classLabel": "masked", "score": 0.75, "classScores": {"masked": 0.75, "unmasked": 0.25},
            "box": box(0.25, 0.25, 0.5, 0.5), "boxPixels": box(24, 24, 48, 48), "inferenceMillis": 12.5,
            "batchSize": 4, "gradCam": None, "sourceName": None, "faces": faces, "faceCount": 2, "maskedCount": 1,
            "unmaskedCount": 1, "incorrectlyMaskedCount": 0}


class ProduceFramesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.registry = wire.load_schemas(os.path.join(ROOT, "schemas", "src", "main", "avro"))

    def test_should_sniff_the_encoding_from_the_magic_bytes_as_java_does(self):
        self.assertEqual(produce.sniff(JPEG), "JPEG")
        self.assertEqual(produce.sniff(PNG), "PNG")
        self.assertEqual(produce.sniff(b"GIF89a"), "UNKNOWN")
        self.assertEqual(produce.sniff(b""), "UNKNOWN")

    def test_should_list_the_images_below_a_folder_sorted_and_skip_other_files(self):
        with tempfile.TemporaryDirectory() as folder:
            os.mkdir(os.path.join(folder, "b"))
            for name in ("b/2.png", "a.JPG", "c.jpeg", "notes.txt"):
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(JPEG)
            files = [os.path.relpath(p, folder) for p in produce.image_files(folder)]
            self.assertEqual(files, ["a.JPG", "b/2.png", "c.jpeg"])
            frames = list(produce.folder_images(folder, loop=False))
            self.assertEqual([name for name, _, _, _ in frames], ["a.JPG", "2.png", "c.jpeg"])

    def test_should_refuse_a_missing_source_before_contacting_kafka(self):
        with self.assertRaisesRegex(SystemExit, "Source not found: /no/such/folder"):
            produce.folder_images("/no/such/folder", loop=False)

    def test_should_write_a_frame_that_decodes_to_the_same_fields_with_millisecond_capture_time(self):
        codec = wire.Codec(self.registry, produce.FRAME)
        captured = datetime.datetime(2026, 12, 1, 15, 0, 0, 123456, tzinfo=datetime.timezone.utc)
        value = codec.encode(produce.frame_record("door", 7, "face.png", PNG, None, None, captured))
        self.assertEqual(value[:10], wire.header(self.registry, produce.FRAME))
        frame = codec.decode(value)
        self.assertEqual((frame["cameraId"], frame["sequence"], frame["encoding"], frame["sourceName"]),
                         ("door", 7, "PNG", "face.png"))
        self.assertEqual(frame["image"], PNG)
        # timestamp-millis keeps milliseconds: the microseconds below them are dropped.
        self.assertEqual(frame["captureTime"], captured.replace(microsecond=123000))

    def test_should_produce_idempotently_with_acks_all_and_extra_properties(self):
        args = produce.parse_args(["--source", ".", "-b", "k:1", "-X", "client.id=door"])
        config = produce.producer_config(args)
        self.assertEqual((config["bootstrap.servers"], config["acks"], config["enable.idempotence"], config["client.id"]),
                         ("k:1", "all", True, "door"))


class ConsumeDetectionsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.codec = wire.Codec(wire.load_schemas(os.path.join(ROOT, "schemas", "src", "main", "avro")),
                               consume.DETECTION)

    def test_should_print_camera_sequence_and_every_face_with_label_score_and_box(self):
        record = self.codec.decode(self.codec.encode(detection("door", 3)))
        self.assertEqual(consume.detection_line(record),
                         "door       #3      masked    75.0%  2 faces  masked 75% [24,24,48,48]"
                         "  unmasked 50% [48,48,72,72]  batch 4  250 ms end-to-end")

    def test_should_match_only_exactly_n_distinct_detections_each_once(self):
        tally = consume.Tally()
        for camera, sequence in (("a", 0), ("a", 1), ("b", 0)):
            tally.detection(detection(camera, sequence))
        self.assertTrue(tally.matches(3, None))
        self.assertFalse(tally.matches(2, None))
        self.assertFalse(tally.matches(3, 1))
        tally.detection(detection("a", 1))
        self.assertEqual(tally.summary(), "3 distinct detections, 1 duplicates, 0 dead letters, 0 unreadable")
        self.assertFalse(tally.matches(3, None))

    def test_should_read_committed_from_the_beginning_in_a_fresh_group(self):
        config = consume.consumer_config(consume.parse_args(["--expect", "5", "--dead-letter-topic", "dl"]))
        self.assertEqual((config["isolation.level"], config["auto.offset.reset"], config["enable.auto.commit"]),
                         ("read_committed", "earliest", False))
        self.assertTrue(config["group.id"].startswith("py-detections-"))
        self.assertEqual(consume.parse_args(["--expect", "5", "--dead-letter-topic", "dl"]).expect_dead_letters, 0)


if __name__ == "__main__":
    unittest.main()
