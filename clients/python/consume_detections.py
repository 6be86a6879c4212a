#!/usr/bin/python3
"""Reads the detector's detections (and optionally dead-letter) topic and prints one line per record.

Reads with isolation.level=read_committed: the job writes in Kafka transactions, and a reader that
does not skip aborted records and transaction markers sees output the job rolled back (Debian's
python3-kafka, kafka-python 2.0.2, cannot; python3-confluent-kafka can). Decodes with facemask_wire.

    consume_detections.py --bootstrap 127.0.0.1:9092 --expect 50 --timeout 120

With --expect N it exits 0 only when exactly N distinct (camera, sequence) detections arrived within
--timeout, none twice (and, with --dead-letter-topic, exactly --expect-dead-letters dead letters).
"""

import argparse
import sys
import time
import uuid

import client_options
import facemask_wire as wire

DETECTION = "dev.facemask.schema.Detection"
DEAD_LETTER = "dev.facemask.schema.DeadLetter"


def detection_line(d):
    """Camera, sequence, the strongest class, then every face with its label, score and box in pixels."""
    latency = (d["processingTime"] - d["captureTime"]).total_seconds() * 1000
    faces = "".join("  %s %.0f%% [%.0f,%.0f,%.0f,%.0f]" % (f["classLabel"], 100 * f["score"], f["boxPixels"]["xMin"],
                                                           f["boxPixels"]["yMin"], f["boxPixels"]["xMax"],
                                                           f["boxPixels"]["yMax"]) for f in d["faces"])
    return "%-10s #%-6d %-8s %5.1f%%  %d faces%s  batch %d  %.0f ms end-to-end" % (
        d["cameraId"], d["sequence"], d["classLabel"], 100 * d["score"], d["faceCount"], faces, d["batchSize"], latency)


def dead_letter_line(letter):
    return "%-10s #%-6s DEAD-LETTER %s at %s: %s (%d bytes)" % (
        letter["cameraId"] or "?", "?" if letter["sequence"] is None else letter["sequence"], letter["kind"],
        letter["stage"], letter["message"], len(letter["payload"]))


class Tally:
    """Counts what arrived: distinct (camera, sequence) detections, repeats, dead letters, unreadable values."""

    def __init__(self):
        self.seen = set()
        self.duplicates = 0
        self.dead_letters = 0
        self.unreadable = 0

    def detection(self, d):
        key = (d["cameraId"], d["sequence"])
        if key in self.seen:
            self.duplicates += 1
        self.seen.add(key)

    def summary(self):
        return "%d distinct detections, %d duplicates, %d dead letters, %d unreadable" % (
            len(self.seen), self.duplicates, self.dead_letters, self.unreadable)

    def matches(self, expect, expect_dead_letters):
        return (len(self.seen) == expect and self.duplicates == 0 and self.unreadable == 0
                and (expect_dead_letters is None or self.dead_letters == expect_dead_letters))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Print the face-mask detector's detections (read_committed), one line per frame.",
        epilog="Example: %(prog)s --bootstrap 127.0.0.1:9092 --expect 50 --timeout 120")
    parser.add_argument("-t", "--topic", default="detections", help="detections topic (default: %(default)s)")
    parser.add_argument("--dead-letter-topic", metavar="TOPIC", help="also read and print this dead-letter topic")
    parser.add_argument("--expect", type=int, metavar="N",
                        help="exit 0 only if exactly N distinct (camera, sequence) detections arrive, none twice")
    parser.add_argument("--expect-dead-letters", type=int, metavar="M",
                        help="with --expect and --dead-letter-topic: exactly M dead letters (default 0)")
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                        help="with --expect: give up after this long (default: %(default)s)")
    parser.add_argument("--idle-timeout", type=float, default=10, metavar="SECONDS",
                        help="stop after this long without records; with --expect, only once N have arrived, "
                             "to catch extra or repeated ones (default: %(default)s)")
    parser.add_argument("--group", help="consumer group id (default: a fresh one, reading from the beginning)")
    client_options.add_to(parser, "consumer")
    args = parser.parse_args(argv)
    if args.expect_dead_letters is not None and (args.expect is None or not args.dead_letter_topic):
        parser.error("--expect-dead-letters needs --expect and --dead-letter-topic")
    if args.expect is not None and args.dead_letter_topic and args.expect_dead_letters is None:
        args.expect_dead_letters = 0
    return args


def consumer_config(args):
    config = {"group.id": args.group or "py-detections-" + uuid.uuid4().hex,
              "isolation.level": "read_committed",  # skip aborted transactions and their markers
              "auto.offset.reset": "earliest", "enable.auto.commit": args.group is not None}
    return client_options.kafka_config(args, config)


def consume(consumer, codecs, args, tally):
    """Polls until --idle-timeout passes without records (with --expect: once N arrived) or --timeout ends."""
    from confluent_kafka import KafkaError

    start = last = time.monotonic()
    while True:
        now = time.monotonic()
        enough = args.expect is None or len(tally.seen) >= args.expect
        if (enough and now - last >= args.idle_timeout) or (args.expect is not None and now - start >= args.timeout):
            return
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            # A topic the job has not created yet is normal at start; anything else is worth a line.
            if message.error().code() not in (KafkaError._PARTITION_EOF, KafkaError.UNKNOWN_TOPIC_OR_PART):
                print("kafka: %s" % message.error(), file=sys.stderr)
            continue
        last = time.monotonic()
        try:
            record = codecs[message.topic()].decode(message.value())
        except (ValueError, EOFError) as e:
            tally.unreadable += 1
            print("%s offset %d: unreadable: %s" % (message.topic(), message.offset(), e))
            continue
        if message.topic() == args.topic:
            tally.detection(record)
            print(detection_line(record), flush=True)
        else:
            tally.dead_letters += 1
            print(dead_letter_line(record), flush=True)


def main(argv=None):
    args = parse_args(argv)
    from confluent_kafka import Consumer  # imported here so --help works without the package

    registry = wire.load_schemas(args.schemas)
    codecs = {args.topic: wire.Codec(registry, DETECTION)}
    if args.dead_letter_topic:
        codecs[args.dead_letter_topic] = wire.Codec(registry, DEAD_LETTER)
    consumer = Consumer(consumer_config(args))
    consumer.subscribe(list(codecs))
    tally = Tally()
    started = time.monotonic()
    try:
        consume(consumer, codecs, args, tally)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    print("Read %s in %.1f s" % (tally.summary(), time.monotonic() - started), file=sys.stderr)
    if args.expect is None or tally.matches(args.expect, args.expect_dead_letters):
        return 0
    print("Expected exactly %d distinct detections%s, each once" % (
        args.expect, "" if args.expect_dead_letters is None else " and %d dead letters" % args.expect_dead_letters),
        file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
