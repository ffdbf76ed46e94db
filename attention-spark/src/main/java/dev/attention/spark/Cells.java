package dev.attention.spark;

import java.util.List;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Spark hands nested arrays to Java as Scala sequences inside Java lists; this reads either. */
final class Cells {
    private Cells() {
    }

    /** The elements of an array cell, or null for a null cell. */
    static List<?> list(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof List<?> l) {
            return l;
        }
        if (cell instanceof Seq<?> s) {
            return CollectionConverters.asJava(s);
        }
        throw new IllegalArgumentException("not an array cell: " + cell.getClass().getName());
    }
}
