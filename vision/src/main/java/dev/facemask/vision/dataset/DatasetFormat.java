package dev.facemask.vision.dataset;

/** On-disk layouts {@link Datasets#open} recognises. */
public enum DatasetFormat {
    /** {@code obj/*.jpg} with same-stem {@code *.txt} lines {@code class cx cy w h}, names in {@code obj.names}. */
    YOLO_DARKNET,
    /** {@code annotations/*.xml} with {@code <object><name>} and {@code <bndbox>}, images in {@code images/}. */
    PASCAL_VOC
}
