package org.apache.spark.archfixture;

/**
 * Stands in for a Spark class in the architecture test's fixtures: Spark is not on this module's
 * class path (the enforcer bans it), so the rule is shown to catch a dependency on its package
 * through this class. Test fixture only.
 */
public final class SparkStandIn {
    private SparkStandIn() {
    }
}
