"""Options every Python client shares: the Kafka bootstrap servers, extra librdkafka properties, the schemas."""

import os

DEFAULT_SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "src", "main", "avro")


def add_to(parser, role):
    """Adds --bootstrap, -X KEY=VALUE and --schemas to an argparse parser; role names the client, e.g. 'producer'."""
    parser.add_argument("-b", "--bootstrap", default="localhost:9092", help="Kafka bootstrap servers (default: %(default)s)")
    parser.add_argument("-X", dest="properties", action="append", default=[], metavar="KEY=VALUE",
                        help="an extra librdkafka %s property, such as security.protocol=SSL; repeatable" % role)
    parser.add_argument("--schemas", default=DEFAULT_SCHEMAS, metavar="DIR",
                        help="folder of .avsc files: the repository's schemas/src/main/avro (default) "
                             "or the output of `./detector schema --write-avsc DIR`")


def kafka_config(args, config):
    """The client's own settings, then --bootstrap and every -X KEY=VALUE over them."""
    config = dict(config, **{"bootstrap.servers": args.bootstrap})
    for item in args.properties:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit("-X takes KEY=VALUE, not " + item)
        config[key] = value
    return config
