package dev.facemask.vision.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one cartoon face inside the head ellipse centred at (cx, cy) with half-axes (a, b), pixels.
 * A masked face gets a large, distinctly coloured mask from just under the eyes to the chin, covering
 * nose and mouth, with ear loops; an unmasked face shows nose and mouth; a mask worn below the nose
 * starts under the nose's base (0.25 b below the centre), so the nose shows above the mask and the
 * mouth is hidden. Everything except the ear loops' ends stays inside the ellipse, so the ellipse's
 * bounding box is the tight label box.
 *
 * <p>Where the classes differ, in units of the half-axes from the centre: at (-0.5 a, +0.15 b) a
 * {@code MASK} face shows mask, the other two skin; at (-0.5 a, +0.6 b) {@code NO_MASK} shows skin,
 * the other two mask. {@code FacePainterTest} checks exactly these two probes.
 */
final class FacePainter {

    /** From light to dark; none close to a mask colour. */
    private static final List<Color> SKIN = List.of(new Color(255, 224, 196), new Color(241, 194, 167),
            new Color(224, 172, 138), new Color(198, 134, 102), new Color(160, 105, 75), new Color(125, 84, 58),
            new Color(105, 70, 48));

    /**
     * Surgical blue, white, light grey, pink, mint, yellow, teal: light, solid colours that stand out
     * from every skin tone even at 96 px (dark masks on dark skin were not learnable by the tiny model).
     */
    private static final List<Color> MASK = List.of(new Color(110, 175, 230), new Color(242, 244, 248),
            new Color(190, 195, 205), new Color(238, 140, 185), new Color(120, 205, 160), new Color(240, 215, 60),
            new Color(80, 190, 200));

    private static final List<Color> HAIR = List.of(new Color(20, 15, 10), new Color(70, 45, 25),
            new Color(150, 110, 60), new Color(220, 190, 120), new Color(120, 120, 120), new Color(160, 50, 20));

    /** Colours a face was painted with; {@code mask} is null for {@link FaceWear#NO_MASK}. */
    record Colors(Color skin, Color mask) {}

    private FacePainter() {}

    /** The single-face generator's call: its random draws, and so its bytes, are those of the first version. */
    static void paint(Graphics2D g, double cx, double cy, double a, double b, boolean masked, SplittableRandom rng) {
        paint(g, cx, cy, a, b, masked ? FaceWear.MASK : FaceWear.NO_MASK, rng);
    }

    static Colors paint(Graphics2D g, double cx, double cy, double a, double b, FaceWear wear, SplittableRandom rng) {
        Shape head = new Ellipse2D.Double(cx - a, cy - b, 2 * a, 2 * b);
        Color skin = jitter(SKIN.get(rng.nextInt(SKIN.size())), 12, rng);
        g.setColor(skin);
        g.fill(head);
        Shape savedClip = g.getClip();
        g.clip(head);
        hair(g, cx, cy, a, b, rng);
        eyes(g, cx, cy, a, b, rng);
        Color mask = null;
        switch (wear) {
            case MASK -> mask = mask(g, cx, cy, a, b, false, rng);
            case NO_MASK -> noseAndMouth(g, cx, cy, a, b, skin, rng);
            case MASK_BELOW_NOSE -> {
                noseAndMouth(g, cx, cy, a, b, skin, rng);
                mask = mask(g, cx, cy, a, b, true, rng);
            }
        }
        g.setClip(savedClip);
        return new Colors(skin, mask);
    }

    private static void hair(Graphics2D g, double cx, double cy, double a, double b, SplittableRandom rng) {
        if (rng.nextInt(4) == 0) {
            return; // bald or shaved
        }
        g.setColor(jitter(HAIR.get(rng.nextInt(HAIR.size())), 10, rng));
        double line = cy - b * (0.45 + 0.2 * rng.nextDouble());
        g.fill(new Ellipse2D.Double(cx - a * 1.1, cy - b * 1.3, 2.2 * a, (line - (cy - b * 1.3)) * 1.2));
    }

    private static void eyes(Graphics2D g, double cx, double cy, double a, double b, SplittableRandom rng) {
        double ey = cy - b * (0.12 + 0.06 * rng.nextDouble());
        double dx = a * (0.36 + 0.08 * rng.nextDouble());
        double ew = a * 0.30;
        double eh = b * (0.10 + 0.05 * rng.nextDouble());
        Color iris = new Color(rng.nextInt(90), 40 + rng.nextInt(80), rng.nextInt(90));
        g.setStroke(new BasicStroke((float) Math.max(1, b * (0.03 + 0.03 * rng.nextDouble())), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + side * dx;
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(ex - ew / 2, ey - eh / 2, ew, eh));
            g.setColor(iris);
            g.fill(new Ellipse2D.Double(ex - eh / 2, ey - eh / 2, eh, eh));
            g.setColor(new Color(40, 30, 25));
            double by = ey - eh * (1.2 + rng.nextDouble());
            g.draw(new Line2D.Double(ex - ew * 0.6, by + side * eh * 0.2 * rng.nextDouble(), ex + ew * 0.6, by));
        }
    }

    private static void noseAndMouth(Graphics2D g, double cx, double cy, double a, double b, Color skin,
            SplittableRandom rng) {
        Color shade = skin.darker();
        g.setColor(shade);
        Path2D nose = new Path2D.Double();
        nose.moveTo(cx, cy - b * 0.02);
        nose.lineTo(cx - a * 0.13, cy + b * 0.25);
        nose.lineTo(cx + a * 0.13, cy + b * 0.25);
        nose.closePath();
        g.fill(nose);
        Color lips = new Color(150 + rng.nextInt(80), 30 + rng.nextInt(50), 40 + rng.nextInt(50));
        g.setColor(lips);
        double mw = a * (0.5 + 0.3 * rng.nextDouble());
        double my = cy + b * (0.45 + 0.1 * rng.nextDouble());
        double mh = b * (0.08 + 0.12 * rng.nextDouble());
        switch (rng.nextInt(3)) {
            case 0 -> g.fill(new Arc2D.Double(cx - mw / 2, my - mh, mw, 2 * mh, 180, 180, Arc2D.CHORD)); // smile
            case 1 -> g.fill(new Ellipse2D.Double(cx - mw / 2, my - mh / 2, mw, mh)); // open
            default -> g.fill(new RoundRectangle2D.Double(cx - mw / 2, my - mh / 4, mw, mh / 2, mh / 2, mh / 2)); // neutral
        }
    }

    /**
     * @param belowNose the top edge goes 0.30..0.35 b below the centre, under the nose (which ends at
     *     0.25 b) and over the mouth (0.45 b and lower); otherwise 0..0.08 b, over the nose
     * @return the mask's colour
     */
    private static Color mask(Graphics2D g, double cx, double cy, double a, double b, boolean belowNose,
            SplittableRandom rng) {
        Color color = jitter(MASK.get(rng.nextInt(MASK.size())), 10, rng);
        double top = cy + b * ((belowNose ? 0.30 : 0.0) + (belowNose ? 0.05 : 0.08) * rng.nextDouble());
        double bottom = cy + b * (0.85 + 0.15 * rng.nextDouble());
        double half = a * (0.95 + 0.1 * rng.nextDouble());
        // Ear loops first, so the mask body covers their inner ends.
        g.setColor(color.darker());
        g.setStroke(new BasicStroke((float) Math.max(1, a * 0.04)));
        double ear = cy - b * 0.05;
        g.draw(new Line2D.Double(cx - half * 0.9, top + b * 0.08, cx - a, ear));
        g.draw(new Line2D.Double(cx + half * 0.9, top + b * 0.08, cx + a, ear));
        g.draw(new Line2D.Double(cx - half * 0.9, bottom - b * 0.2, cx - a, ear + b * 0.15));
        g.draw(new Line2D.Double(cx + half * 0.9, bottom - b * 0.2, cx + a, ear + b * 0.15));
        g.setColor(color);
        double arc = b * 0.3;
        g.fill(new RoundRectangle2D.Double(cx - half * 0.9, top, half * 1.8, bottom - top, arc, arc));
        g.setColor(shadeOf(color));
        if (rng.nextBoolean()) {
            // Surgical pleats.
            g.setStroke(new BasicStroke((float) Math.max(1, b * 0.025)));
            for (int i = 1; i <= 3; i++) {
                double y = top + (bottom - top) * i / 4.5;
                g.draw(new Line2D.Double(cx - half * 0.8, y, cx + half * 0.8, y));
            }
        } else {
            // Cloth seam down the middle.
            g.setStroke(new BasicStroke((float) Math.max(1, a * 0.03)));
            g.draw(new Line2D.Double(cx, top, cx, bottom));
        }
        return color;
    }

    /** A visible line colour on {@code c}: darker for light colours, lighter for dark ones. */
    private static Color shadeOf(Color c) {
        int lum = (c.getRed() * 299 + c.getGreen() * 587 + c.getBlue() * 114) / 1000;
        return lum > 80 ? c.darker() : new Color(90, 90, 100);
    }

    private static Color jitter(Color c, int spread, SplittableRandom rng) {
        return new Color(clamp(c.getRed() + rng.nextInt(-spread, spread + 1)),
                clamp(c.getGreen() + rng.nextInt(-spread, spread + 1)), clamp(c.getBlue() + rng.nextInt(-spread, spread + 1)));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
