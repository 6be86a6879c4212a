#!/usr/bin/python3
"""Sends camera frames to the detector's frames topic, as `./detector produce` does.

Each record: key = the camera id (UTF-8), value = a dev.facemask.schema.Frame in Avro single-object
encoding (facemask_wire), with the camera id, a sequence from 0, the capture time (timestamp-millis,
given to python3-avro as a UTC datetime), the image bytes and their encoding (sniffed from the magic
bytes), and the file name as sourceName. Needs Debian's python3-confluent-kafka and python3-avro;
the webcam source also needs OpenCV (python3-opencv).

    produce_frames.py --bootstrap 127.0.0.1:9092 --source data/synth/obj --limit 50 --camera-id door
    produce_frames.py --webcam 0 --fps 5 --camera-id desk
"""

import argparse
import datetime
import os
import sys
import time

import client_options
import facemask_wire as wire

FRAME = "dev.facemask.schema.Frame"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
MAX_FRAME_BYTES = 16 * 1024 * 1024  # the Java producer's max.request.size


def sniff(image):
    """JPEG (FF D8 FF), PNG (89 'PNG') or UNKNOWN, from the magic bytes, as the Java producer does."""
    if image[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if image[:4] == b"\x89PNG":
        return "PNG"
    return "UNKNOWN"


def image_files(source):
    """A file, or every JPEG/PNG file below a folder, sorted by path."""
    if os.path.isfile(source):
        return [source]
    if not os.path.isdir(source):
        raise SystemExit("Source not found: %s (give an image file or a folder)" % source)
    found = [os.path.join(folder, name) for folder, _, names in os.walk(source)
             for name in names if name.lower().endswith(IMAGE_SUFFIXES)]
    if not found:
        raise SystemExit("No JPEG or PNG files in " + source)
    return sorted(found)


def folder_images(source, loop):
    """Lists the files now (so a wrong path fails before Kafka is contacted) and returns a generator of
    (name, bytes, width, height) per file; the width and height are left to the job, as in Java."""
    return _file_frames(image_files(source), loop)


def _file_frames(files, loop):
    while True:
        for path in files:
            with open(path, "rb") as f:
                yield os.path.basename(path), f.read(), None, None
        if not loop:
            return


def webcam_images(index):
    """Opens an OpenCV camera now (so a missing OpenCV or camera fails before Kafka is contacted) and
    returns a generator of (name, JPEG bytes, width, height) per frame."""
    try:
        import cv2
    except ImportError:
        raise SystemExit("--webcam needs OpenCV, which this Python cannot import: install python3-opencv "
                         "(apt-get install python3-opencv), or send files with --source FOLDER")
    camera = cv2.VideoCapture(index)
    if not camera.isOpened():
        raise SystemExit("OpenCV could not open camera %d" % index)
    return _webcam_frames(cv2, camera, "webcam-%d" % index)


def _webcam_frames(cv2, camera, name):
    try:
        while True:
            ok, pixels = camera.read()  # uint8 array of shape (height, width, 3), BGR
            if not ok:
                return
            ok, jpeg = cv2.imencode(".jpg", pixels)
            if not ok:
                raise SystemExit("OpenCV could not encode a frame as JPEG")
            height, width = pixels.shape[:2]
            yield name, jpeg.tobytes(), width, height
    finally:
        camera.release()


def frame_record(camera_id, sequence, name, image, width, height, captured):
    """A Frame as python3-avro writes it: captureTime is a timezone-aware datetime, not a number."""
    return {"cameraId": camera_id, "sequence": sequence, "captureTime": captured, "image": image,
            "encoding": sniff(image), "width": width, "height": height,
            "groundTruthBoxes": None, "groundTruthLabels": None, "sourceName": name}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Send camera frames to the face-mask detector's frames topic (Avro single-object encoding, "
                    "key = camera id), from a folder of JPEG/PNG files or an OpenCV webcam.",
        epilog="Example: %(prog)s --bootstrap 127.0.0.1:9092 --source frames/ --limit 50 --camera-id door")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("-s", "--source", metavar="PATH", help="an image file, or a folder of JPEG/PNG files (sorted)")
    source.add_argument("--webcam", metavar="INDEX", type=int, help="an OpenCV camera index such as 0 (needs python3-opencv)")
    parser.add_argument("-t", "--topic", default="frames", help="frames topic (default: %(default)s)")
    parser.add_argument("--camera-id", default="camera-1", help="camera id, also the record key (default: %(default)s)")
    parser.add_argument("--fps", type=float, default=0, help="frames per second; 0 sends as fast as possible (default)")
    parser.add_argument("--limit", type=int, default=0, help="stop after N frames; 0 means no limit (default)")
    parser.add_argument("--loop", action="store_true", help="start the folder over at its end, until --limit")
    client_options.add_to(parser, "producer")
    args = parser.parse_args(argv)
    if args.fps < 0 or args.limit < 0:
        parser.error("--fps and --limit must not be negative")
    return args


def producer_config(args):
    # Same guarantees as the Java FramePublisher: idempotent, acks=all, so a frame is written once.
    config = {"acks": "all", "enable.idempotence": True,
              "linger.ms": 5, "message.max.bytes": MAX_FRAME_BYTES}
    return client_options.kafka_config(args, config)


def main(argv=None):
    args = parse_args(argv)
    from confluent_kafka import Producer  # imported here so --help works without the package

    codec = wire.Codec(wire.load_schemas(args.schemas), FRAME)
    images = webcam_images(args.webcam) if args.webcam is not None else folder_images(args.source, args.loop)
    producer = Producer(producer_config(args))
    failures = []

    def delivered(error, _message):
        if error is not None:
            failures.append(error)

    interval = 1.0 / args.fps if args.fps else 0.0
    next_at = time.monotonic()
    sequence = 0
    for name, image, width, height in images:
        if args.limit and sequence >= args.limit:
            break
        if interval:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += interval
        captured = datetime.datetime.now(datetime.timezone.utc)
        value = codec.encode(frame_record(args.camera_id, sequence, name, image, width, height, captured))
        while True:
            try:
                producer.produce(args.topic, key=args.camera_id.encode("utf-8"), value=value, on_delivery=delivered)
                break
            except BufferError:  # librdkafka's local queue is full: let it send, then try again
                producer.poll(0.5)
        producer.poll(0)
        sequence += 1
    left = producer.flush(30)
    if failures or left:
        print("Sending to topic '%s' failed: %s" % (args.topic, failures[0] if failures else "%d not delivered in 30 s" % left),
              file=sys.stderr)
        return 1
    print("Sent %d frames to topic '%s' at %s" % (sequence, args.topic, args.bootstrap))
    return 0


if __name__ == "__main__":
    sys.exit(main())
