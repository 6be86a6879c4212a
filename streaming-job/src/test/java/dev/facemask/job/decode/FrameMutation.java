package dev.facemask.job.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * The ways {@link SafeImageDecoderFuzzTest} damages a valid JPEG or PNG frame. Each mutation is
 * deterministic given the {@link Random} it draws from.
 */
enum FrameMutation {
    /** The valid frame, as a control: it must decode. */
    UNTOUCHED {
        @Override
        byte[] apply(byte[] valid, Random random) {
            return valid.clone();
        }
    },
    /** 1 to 8 single-bit flips anywhere, headers included. */
    BIT_FLIPS {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = valid.clone();
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                int bit = random.nextInt(out.length * 8);
                out[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return out;
        }
    },
    /** Cut at a random point, keeping at least the first byte. */
    TRUNCATED {
        @Override
        byte[] apply(byte[] valid, Random random) {
            return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
        }
    },
    /** A random run of 1 to 64 bytes after the magic overwritten with random bytes. */
    RANDOM_RUN {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = valid.clone();
            int start = MAGIC_BYTES + random.nextInt(out.length - MAGIC_BYTES);
            byte[] run = new byte[Math.min(1 + random.nextInt(64), out.length - start)];
            random.nextBytes(run);
            System.arraycopy(run, 0, out, start, run.length);
            return out;
        }
    },
    /** A random run of 1 to 256 bytes after the magic set to zero. */
    ZEROED_RUN {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = valid.clone();
            int start = MAGIC_BYTES + random.nextInt(out.length - MAGIC_BYTES);
            Arrays.fill(out, start, Math.min(out.length, start + 1 + random.nextInt(256)), (byte) 0);
            return out;
        }
    },
    /** The first byte replaced by one that starts neither a JPEG nor a PNG. */
    WRONG_MAGIC {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = valid.clone();
            int first;
            do {
                first = random.nextInt(256);
            } while (first == 0xFF || first == 0x89);
            out[0] = (byte) first;
            return out;
        }
    },
    /** A PNG body behind a JPEG magic, or a JPEG body behind the PNG signature. */
    SWAPPED_MAGIC {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] magic = ImageFormat.detect(valid) == ImageFormat.JPEG ? PNG_MAGIC : JPEG_MAGIC;
            byte[] out = valid.clone();
            System.arraycopy(magic, 0, out, 0, magic.length);
            return out;
        }
    },
    /**
     * Width and height in the SOF0 or IHDR header set so that their product exceeds the default
     * pixel limit, with the PNG's CRC fixed as an attacker would: the decompression-bomb shape.
     */
    HUGE_DIMENSIONS {
        @Override
        byte[] apply(byte[] valid, Random random) {
            int width = 8_000 + random.nextInt(57_536);
            int minHeight = (int) (ImageLimits.DEFAULT.maxPixels() / width) + 1;
            int height = minHeight + random.nextInt(65_536 - minHeight);
            return withDimensions(valid, width, height);
        }
    },
    /** Width and height set to 2x to 30x the real ones, still under the limit: the data runs out. */
    INFLATED_DIMENSIONS {
        @Override
        byte[] apply(byte[] valid, Random random) {
            return withDimensions(valid, 200 + random.nextInt(1_000), 200 + random.nextInt(1_000));
        }
    },
    /** A PNG chunk length or a JPEG segment length set to a huge or tiny value. */
    WRONG_LENGTH {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = valid.clone();
            int[] lengths = lengthFields(out);
            int at = lengths[random.nextInt(lengths.length)];
            if (ImageFormat.detect(out) == ImageFormat.PNG) {
                int[] choices = {0x7FFFFFFF, 0x7FFFFFF0, 0x40000000, 0x00FFFFFF, -1, 0};
                ByteBuffer.wrap(out).putInt(at, choices[random.nextInt(choices.length)]);
            } else {
                int[] choices = {0xFFFF, 0x8000, 0, 1, 2};
                ByteBuffer.wrap(out).putShort(at, (short) choices[random.nextInt(choices.length)]);
            }
            return out;
        }
    },
    /** As many zero bytes as the frame had. */
    ZERO_BYTES {
        @Override
        byte[] apply(byte[] valid, Random random) {
            return new byte[valid.length];
        }
    },
    /** 1 to 4,096 random bytes. */
    RANDOM_BYTES {
        @Override
        byte[] apply(byte[] valid, Random random) {
            byte[] out = new byte[1 + random.nextInt(4_096)];
            random.nextBytes(out);
            return out;
        }
    },
    /** No bytes at all. */
    EMPTY {
        @Override
        byte[] apply(byte[] valid, Random random) {
            return new byte[0];
        }
    };

    private static final int MAGIC_BYTES = 8;
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** A damaged copy of {@code valid}, a JPEG or PNG as ImageIO writes it. */
    abstract byte[] apply(byte[] valid, Random random);

    /** A copy with the header's width and height replaced (and the IHDR CRC recomputed). */
    static byte[] withDimensions(byte[] valid, int width, int height) {
        byte[] out = valid.clone();
        ByteBuffer buf = ByteBuffer.wrap(out);
        if (ImageFormat.detect(out) == ImageFormat.PNG) {
            // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ..., CRC over type + data.
            buf.putInt(16, width).putInt(20, height);
            CRC32 crc = new CRC32();
            crc.update(out, 12, 4 + 13);
            buf.putInt(29, (int) crc.getValue());
        } else {
            // FF C0, length (2), precision (1), height (2), width (2).
            int sof = markerOffset(out, 0xC0);
            buf.putShort(sof + 5, (short) height).putShort(sof + 7, (short) width);
        }
        return out;
    }

    /** Offsets of every chunk length (PNG, 4 bytes) or segment length before the scan (JPEG, 2 bytes). */
    static int[] lengthFields(byte[] image) {
        ByteBuffer buf = ByteBuffer.wrap(image);
        java.util.List<Integer> at = new java.util.ArrayList<>();
        if (ImageFormat.detect(image) == ImageFormat.PNG) {
            for (int pos = 8; pos + 8 <= image.length; pos += 12 + buf.getInt(pos)) {
                at.add(pos);
            }
        } else {
            for (int pos = 2; pos + 4 <= image.length && (image[pos] & 0xFF) == 0xFF; ) {
                int marker = image[pos + 1] & 0xFF;
                at.add(pos + 2);
                if (marker == 0xDA) {
                    break; // start of scan: entropy-coded data follows
                }
                pos += 2 + (buf.getShort(pos + 2) & 0xFFFF);
            }
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Offset of the segment with {@code marker} (walking the segments, not searching the bytes). */
    private static int markerOffset(byte[] jpeg, int marker) {
        for (int lengthAt : lengthFields(jpeg)) {
            if ((jpeg[lengthAt - 1] & 0xFF) == marker) {
                return lengthAt - 2;
            }
        }
        throw new IllegalStateException("No segment FF" + Integer.toHexString(marker).toUpperCase() + " in the JPEG");
    }
}
