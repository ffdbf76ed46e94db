package dev.attention.core.archfixture;

import org.apache.spark.archfixture.SparkStandIn;

/** A core class that breaks the rules on purpose: it uses (a stand-in for) Spark. Test fixture only. */
public final class UsesSpark {
    private UsesSpark() {
    }

    static Class<?> spark() {
        return SparkStandIn.class;
    }
}
