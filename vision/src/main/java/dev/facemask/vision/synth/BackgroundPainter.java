package dev.facemask.vision.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Fills an image with one of four backgrounds: gradient, block noise, stripes or random shapes. */
final class BackgroundPainter {

    private BackgroundPainter() {}

    /** @param image a {@code TYPE_INT_RGB} image */
    static void paint(BufferedImage image, Graphics2D g, SplittableRandom rng) {
        int kind = rng.nextInt(4);
        switch (kind) {
            case 0 -> gradient(image, g, rng);
            case 1 -> noise(image, rng);
            case 2 -> stripes(image, g, rng);
            default -> shapes(image, g, rng);
        }
    }

    private static void gradient(BufferedImage image, Graphics2D g, SplittableRandom rng) {
        int w = image.getWidth();
        int h = image.getHeight();
        g.setPaint(new GradientPaint(rng.nextInt(w), 0, randomColor(rng), rng.nextInt(w), h, randomColor(rng)));
        g.fillRect(0, 0, w, h);
    }

    /** Blocks of 2..6 pixels jittered around one colour; written straight into the raster for speed. */
    private static void noise(BufferedImage image, SplittableRandom rng) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Color base = randomColor(rng);
        int block = 2 + rng.nextInt(5);
        int spread = 20 + rng.nextInt(60);
        int range = 2 * spread + 1;
        for (int by = 0; by < h; by += block) {
            for (int bx = 0; bx < w; bx += block) {
                // One random long gives three 21-bit draws: a third of the calls of three nextInt()s.
                long r = rng.nextLong();
                int rgb = channel(base.getRed(), (int) (r & 0x1FFFFF) % range - spread) << 16
                        | channel(base.getGreen(), (int) ((r >>> 21) & 0x1FFFFF) % range - spread) << 8
                        | channel(base.getBlue(), (int) ((r >>> 42) & 0x1FFFFF) % range - spread);
                int yEnd = Math.min(h, by + block);
                int xEnd = Math.min(w, bx + block);
                for (int y = by; y < yEnd; y++) {
                    Arrays.fill(px, y * w + bx, y * w + xEnd, rgb);
                }
            }
        }
    }

    private static void stripes(BufferedImage image, Graphics2D g, SplittableRandom rng) {
        int w = image.getWidth();
        int h = image.getHeight();
        Color a = randomColor(rng);
        Color b = randomColor(rng);
        int width = 4 + rng.nextInt(30);
        AffineTransform saved = g.getTransform();
        g.rotate(rng.nextDouble() * Math.PI, w / 2.0, h / 2.0);
        int reach = w + h;
        for (int x = -reach; x < reach; x += width) {
            g.setColor(((x / width) & 1) == 0 ? a : b);
            g.fill(new Rectangle2D.Double(x, -reach, width, 3.0 * reach));
        }
        g.setTransform(saved);
    }

    private static void shapes(BufferedImage image, Graphics2D g, SplittableRandom rng) {
        int w = image.getWidth();
        int h = image.getHeight();
        g.setColor(randomColor(rng));
        g.fillRect(0, 0, w, h);
        int count = 5 + rng.nextInt(12);
        for (int i = 0; i < count; i++) {
            g.setColor(randomColor(rng));
            double sw = w * (0.05 + 0.4 * rng.nextDouble());
            double sh = h * (0.05 + 0.4 * rng.nextDouble());
            double x = rng.nextDouble() * w - sw / 2;
            double y = rng.nextDouble() * h - sh / 2;
            switch (rng.nextInt(3)) {
                case 0 -> g.fill(new Ellipse2D.Double(x, y, sw, sh));
                case 1 -> g.fill(new Rectangle2D.Double(x, y, sw, sh));
                default -> {
                    g.setStroke(new BasicStroke(2 + rng.nextInt(6)));
                    g.drawLine((int) x, (int) y, (int) (x + sw), (int) (y + sh));
                }
            }
        }
    }

    static Color randomColor(SplittableRandom rng) {
        return new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    }

    private static int channel(int v, int delta) {
        return Math.max(0, Math.min(255, v + delta));
    }
}
